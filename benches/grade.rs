//! Grading a class of 2,000 students on every exercise (`kubecours::corpus::
//! write_submissions`: each exercise handed in as its solution, its starter or
//! one of its mistakes), with the real `kubecours grade` command in its own
//! process: wall time and peak RSS.
//!
//! Run: `cargo bench --bench grade` (add `-- 500` for another class size).
//! Targets (issues "grading" and 15): < 5 s and < 300 MB on the 2-core machine.

use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let students: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = kubecours::exercise::Catalog::from_dir(&root.join("exercises")).unwrap();
    let dir = std::env::temp_dir().join(format!("kubecours-bench-grade-{students}"));
    let _ = std::fs::remove_dir_all(&dir);
    let files = kubecours::corpus::write_submissions(&dir, students, &catalog).unwrap();
    let out = dir.with_extension("csv");
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_kubecours"))
        .args(["grade", "--format", "csv", "-o"])
        .arg(&out)
        .arg(&dir)
        .env("CI", "1")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let wall = t.elapsed().as_secs_f64();
    // SAFETY: getrusage only fills the struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let rows = std::fs::read_to_string(&out)
        .map(|s| s.lines().count() - 1)
        .unwrap_or(0);
    println!(
        "grade: {students} students × {} exercises ({files} files, {rows} gradebook rows, exit {}): {:.2} s wall, peak RSS {:.1} MB (targets < 5 s, < 300 MB)",
        catalog.exercises.len(),
        status.code().unwrap_or(-1),
        wall,
        usage.ru_maxrss as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&out);
}
