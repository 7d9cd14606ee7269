//! Every hint and help gives a value that is itself valid: no invalid
//! quantity copied from the file (`128MB`), no placeholder (`app: TODO`)
//! suggested as the value to write.

use kubecours::rules::invalid_quantity::is_quantity;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn lint_json(path: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_kubecours"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("KUBECOURS_LANG")
        .env_remove("LANG")
        .args(["lint", "--format", "json", path])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

/// The `cpu: X` and `memory: X` values a help suggests.
fn suggested_quantities(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["cpu: ", "memory: "] {
        let mut rest = help;
        while let Some(i) = rest.find(key) {
            rest = &rest[i + key.len()..];
            let v: String = rest
                .chars()
                .take_while(|c| !matches!(c, ',' | '}' | '`' | ' ' | ')'))
                .collect();
            out.push(v);
        }
    }
    out
}

#[test]
fn resources_help_never_copies_an_invalid_quantity() {
    let findings = lint_json("tests/fixtures/hints/resources-128MB.yaml");
    // The same run flags the invalid values…
    let invalid: Vec<&Value> = findings
        .iter()
        .filter(|f| f["id"] == "invalid-quantity")
        .collect();
    assert_eq!(invalid.len(), 2, "{findings:#?}");
    // …and the help of the missing limits suggests only valid ones.
    let help = findings
        .iter()
        .find(|f| f["id"] == "resources-missing")
        .expect("resources-missing raised")["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!help.contains("128MB") && !help.contains("cores"), "{help}");
    assert!(help.contains("memory: 128M"), "{help}");
    let values = suggested_quantities(&help);
    assert_eq!(values.len(), 2, "{help}");
    for v in &values {
        assert!(is_quantity(v), "`{v}` suggested in {help}");
    }
}

#[test]
fn every_resources_help_of_the_fixtures_suggests_valid_quantities() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["tests/fixtures/rules", "tests/fixtures/hints"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let p = e.path();
            let files: Vec<_> = if p.is_dir() {
                std::fs::read_dir(&p)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path())
                    .collect()
            } else {
                vec![p]
            };
            for f in files {
                if f.extension().is_none_or(|x| x != "yaml") {
                    continue;
                }
                let rel = f.strip_prefix(root).unwrap().to_str().unwrap().to_string();
                for finding in lint_json(&rel) {
                    let help = finding["help"].as_str().unwrap_or_default();
                    if finding["id"] == "resources-missing" {
                        seen += 1;
                        for v in suggested_quantities(help) {
                            assert!(is_quantity(&v), "{rel}: `{v}` suggested in {help}");
                        }
                    }
                }
            }
        }
    }
    assert!(seen >= 2, "only {seen} resources-missing helps seen");
}

#[test]
fn a_placeholder_selector_value_is_never_suggested() {
    let findings = lint_json("tests/fixtures/hints/selector-todo.yaml");
    for id in ["workload-selector", "service-selector"] {
        let f = findings
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id} raised: {findings:#?}"));
        let help = f["help"].as_str().unwrap();
        assert!(
            help.contains("`app: frontend` dans le sélecteur"),
            "{id}: {help}"
        );
        assert!(help.contains("une valeur à compléter"), "{id}: {help}");
        for bad in ["`app: TODO`", "`app: CHANGEME`", "donnez", "des deux côtés"] {
            assert!(!help.contains(bad), "{id}: `{bad}` in {help}");
        }
    }
}

#[test]
fn exercise_3_help_does_not_suggest_app_todo() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |dir: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kubecours"))
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("HOME", dir)
            .env_remove("KUBECONFIG")
            .env_remove("KUBECOURS_LANG")
            .env_remove("LANG")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(tmp.path(), &["init"]).status.success());
    let ws = tmp.path().join("kubecours-exercices");
    for n in ["3", "5"] {
        let out = run(&ws, &["check", n, "--offline"]);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains("TODO"), "the starter has `app: TODO`: {text}");
        for line in text.lines().filter(|l| l.contains("aide :")) {
            assert!(!line.contains("`app: TODO`"), "exercise {n}: {line}");
        }
    }
}
