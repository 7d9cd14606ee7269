//! Distribution: the release workflow and the GitHub CI templates through
//! actionlint, the pinned versions.

mod common;

use common::root;
use std::path::PathBuf;
use std::process::Command;

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_ci_templates_pin_this_version() {
    for entry in std::fs::read_dir(root().join("book/src/ci")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let pins: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("KUBECOURS_VERSION:"))
            .map(|v| v.trim().trim_matches('"'))
            .collect();
        assert_eq!(pins, [VERSION], "{}", path.display());
    }
}

/// actionlint: on PATH or where `go install` puts it. Required under CI
/// (`.ci/run` installs it and sets `KUBECOURS_CI`).
fn actionlint() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Ok(out) = Command::new("go").args(["env", "GOPATH"]).output() {
        dirs.push(PathBuf::from(text(&out.stdout).trim()).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join("go/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join("actionlint"))
        .find(|p| p.is_file())
}

fn under_ci() -> bool {
    ["CI", "KUBECOURS_CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|s| !s.is_empty() && s != "false" && s != "0"))
}

#[test]
fn the_release_workflow_and_the_github_templates_pass_actionlint() {
    let Some(lint) = actionlint() else {
        assert!(
            !under_ci(),
            "actionlint is required under CI: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
        );
        eprintln!("actionlint not installed: skipped");
        return;
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for (dir, pick) in [
        (
            ".github/workflows",
            (|n: &str| n.ends_with(".yml")) as fn(&str) -> bool,
        ),
        ("book/src/ci", |n: &str| {
            n.contains("github") && n.ends_with(".yml")
        }),
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if pick(&p.file_name().unwrap().to_string_lossy()) {
                files.push(p);
            }
        }
    }
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"release.yml".to_string()), "{names:?}");
    assert!(
        names.contains(&"etudiant-github.yml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"enseignant-github.yml".to_string()),
        "{names:?}"
    );
    let out = Command::new(&lint)
        .arg("-no-color")
        .args(&files)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    // And it does catch a mistake (an unknown context, a shell bug when shellcheck is there).
    let bad = tempfile::Builder::new().suffix(".yml").tempfile().unwrap();
    std::fs::write(
        bad.path(),
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new(&lint).arg(bad.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
}
