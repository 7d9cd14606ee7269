//! `kubecours check N` against a fake API server that answers every request
//! after 100 ms: the snapshot's requests go out concurrently (one LIST per
//! kind, then the logs of failing containers), so the whole check stays far
//! below 1 s. Wall-clock including process start, median of 10 runs per
//! scenario; not a timed test, the figure is printed.
//!
//! Run: `cargo bench --bench cluster`. Target: < 1 s.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use support::{FakeApi, Scenario};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_kubecours");
    let mut worst: f64 = 0.0;
    // A healthy namespace (lists only) and a crashing one (lists, then logs).
    for (name, exercise) in [("sain", 5u32), ("crashloop", 8)] {
        let mut sc = Scenario::load(name);
        sc.delay_ms = 100;
        let api = FakeApi::start(sc);
        let tmp = tempfile::tempdir().unwrap();
        let kc = api.kubeconfig(tmp.path(), Some("tp"));
        let dir = std::fs::read_dir(root.join("exercises"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{exercise:02}-"))
            })
            .unwrap()
            .join("solution");
        let mut times = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            let status = Command::new(bin)
                .args(["check", &exercise.to_string(), "--dir"])
                .arg(&dir)
                .env("KUBECONFIG", &kc)
                .env("HOME", tmp.path())
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            times.push(t.elapsed().as_secs_f64());
            assert!(
                matches!(status.code(), Some(0 | 1)),
                "{name}: exit code {status}"
            );
        }
        let requests_per_check = api.requests().len() / times.len();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        worst = worst.max(times[times.len() - 1]);
        println!(
            "{name:<10} check {exercise}: median {:6.0} ms   worst {:6.0} ms   ({requests_per_check} requests, 100 ms each)",
            median * 1e3,
            times[times.len() - 1] * 1e3
        );
    }
    println!("slowest run: {:.0} ms (target < 1000 ms)", worst * 1e3);
}
