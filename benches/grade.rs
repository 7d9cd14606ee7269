//! Grading a class of 2,000 students on every exercise (`kubecours::corpus::
//! write_submissions`: each exercise handed in as its solution, its starter or
//! one of its mistakes), with the real `kubecours grade` command in its own
//! process: median wall time of 3 runs and peak RSS.
//!
//! Run: `cargo bench --bench grade` (add `-- 500` for another class size).
//! Targets (issues "grading" and 15): < 5 s and < 300 MB on the 2-core machine.

use std::process::{Command, Stdio};
use std::time::Instant;

// The children are reaped by `wait4`, which also gives each one's peak RSS.
#[allow(clippy::zombie_processes)]
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
    // Let the freshly written class reach the disk, so that writeback does
    // not compete with the runs. SAFETY: sync() has no preconditions.
    unsafe { libc::sync() };
    std::thread::sleep(std::time::Duration::from_secs(2));
    // Three runs: the median wall time, the highest peak RSS (wait4 reports
    // each child's own).
    let mut walls = Vec::new();
    let mut peak = 0.0f64;
    let mut code = -1;
    for _ in 0..3 {
        let t = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_kubecours"))
            .args(["grade", "--format", "csv", "-o"])
            .arg(&out)
            .arg(&dir)
            .env("CI", "1")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut status = 0;
        // SAFETY: wait4 on our own child fills the status and the struct we own.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        walls.push(t.elapsed().as_secs_f64());
        peak = peak.max(usage.ru_maxrss as f64 / 1024.0);
        code = libc::WEXITSTATUS(status);
    }
    walls.sort_by(f64::total_cmp);
    let rows = std::fs::read_to_string(&out)
        .map(|s| s.lines().count() - 1)
        .unwrap_or(0);
    println!(
        "grade: {students} students × {} exercises ({files} files, {rows} gradebook rows, exit {code}): median of 3 runs {:.2} s wall (min {:.2}, max {:.2}), peak RSS {peak:.1} MB (targets < 5 s, < 300 MB)",
        catalog.exercises.len(),
        walls[1],
        walls[0],
        walls[2],
    );
    // `KUBECOURS_BENCH_KEEP=1` keeps the class, to run the command by hand.
    if std::env::var_os("KUBECOURS_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_file(&out);
}
