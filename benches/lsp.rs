//! `kubecours lsp`: time from a `didChange` to the `publishDiagnostics` of
//! that version, on a folder of 50 manifests (the open file is checked with
//! the 49 others of its folder, every keystroke). Median and p95 over 200
//! keystrokes, each its own check (the next one is typed after the answer),
//! with the default quiet period (debounce) and with none (the check alone).
//!
//! Run: `cargo bench --bench lsp`. Target (issue "the checker in the
//! editor"): p95 < 50 ms.

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use serde_json::json;
use std::time::{Duration, Instant};

const KEYSTROKES: usize = 200;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn measure(dir: &std::path::Path, open: &str, debounce_ms: Option<u64>) -> (f64, f64, f64) {
    let bin = env!("CARGO_BIN_EXE_kubecours");
    let mut c = lsp_client::Client::start(bin, &[]);
    let options = match debounce_ms {
        Some(ms) => json!({"debounceMs": ms}),
        None => json!({}),
    };
    c.initialize(dir, "fr", options);
    let path = dir.join(open);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = c.open(&path, &text);
    let first = c.diagnostics(&uri, Some(1));
    assert!(
        first.iter().any(|d| d["code"] == "service-target-port"),
        "the open file has its cross-object finding: {first:?}"
    );
    let line = text
        .lines()
        .position(|l| l.contains("targetPort:"))
        .expect("a targetPort line") as u32;
    let col = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("targetPort:")
        .unwrap() as u32
        + 12;
    let mut times = Vec::with_capacity(KEYSTROKES);
    for i in 0..KEYSTROKES {
        let version = 2 + i as i64;
        // Type one digit over the last digit of the port (and back).
        let digit = if i % 2 == 0 { "9" } else { "1" };
        let t = Instant::now();
        c.change(&uri, version, [line, col + 3, line, col + 4], digit);
        c.diagnostics(&uri, Some(version));
        times.push(t.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(c.shutdown().success());
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    (percentile(&times, 0.5), percentile(&times, 0.95), mean)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    let mut resources = 0;
    'outer: for s in 0.. {
        for f in kubecours::corpus::student(s) {
            let name = f.path.replace('/', "-");
            resources +=
                f.text.matches("\nkind:").count() + usize::from(f.text.starts_with("kind:"));
            std::fs::write(dir.path().join(&name), f.text).unwrap();
            written += 1;
            if written == 50 {
                break 'outer;
            }
        }
    }
    let lines: usize = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap().lines().count())
        .sum();
    // Student 1 makes the `targetPort` mistake.
    let open = "etudiant-0001-service.yaml";
    println!(
        "folder: {written} manifests, {resources} resources, {lines} lines; open file: {open}; {KEYSTROKES} keystrokes"
    );
    let (median, p95, mean) = measure(dir.path(), open, None);
    println!(
        "didChange → publishDiagnostics, default debounce ({} ms): median {median:.1} ms, p95 {p95:.1} ms, mean {mean:.1} ms (target: p95 < 50 ms)",
        kubecours::lsp::DEFAULT_DEBOUNCE.as_millis()
    );
    let (median, p95, mean) = measure(dir.path(), open, Some(0));
    println!(
        "didChange → publishDiagnostics, no debounce (the check itself): median {median:.1} ms, p95 {p95:.1} ms, mean {mean:.1} ms"
    );
}
