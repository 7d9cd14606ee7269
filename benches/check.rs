//! `kubecours check N --offline` on a solution, wall-clock including process
//! start, as a student feels it. Runs every exercise's solution 20 times and
//! prints the median and the worst run per exercise.
//!
//! Run: `cargo bench --bench check`. Target (issue 15): < 20 ms median.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_kubecours");
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("exercises"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("exercise.toml").is_file())
        .collect();
    dirs.sort();
    let mut worst_median: f64 = 0.0;
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let id = name
            .split('-')
            .next()
            .unwrap()
            .trim_start_matches('0')
            .to_string();
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let status = Command::new(bin)
                .args(["check", &id, "--offline", "--dir"])
                .arg(dir.join("solution"))
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .status()
                .unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(status.success(), "{name}: the solution must pass");
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        worst_median = worst_median.max(median);
        println!(
            "{name:<28} median {median:6.1} ms   worst {:6.1} ms",
            times[times.len() - 1]
        );
    }
    println!("slowest exercise, median: {worst_median:.1} ms (target < 20 ms)");
}
