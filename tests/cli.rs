//! The command line end to end: exit codes, formats, languages, snapshots.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn kubecours() -> Command {
    let mut c = Command::cargo_bin("kubecours").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env_remove("KUBECOURS_COURSE_URL");
    c
}

fn stdout_of(args: &[&str]) -> (String, i32) {
    let out = kubecours().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn acceptance_service_target_port_points_at_the_target_port() {
    let (out, code) = stdout_of(&[
        "lint",
        "--format",
        "json",
        "tests/fixtures/cli/projet-preprod.yaml",
    ]);
    // A port that no container declares is very likely wrong, but
    // `containerPort` is informational and the API server accepts it: a
    // warning, so the exit code stays 0.
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "service-target-port")
        .expect("service-target-port raised");
    assert_eq!(f["line"], 49);
    assert_eq!(f["column"], 19);
    assert_eq!(f["path"], "spec.ports[0].targetPort");
    assert_eq!(f["object"]["kind"], "Service");
    assert_eq!(f["object"]["name"], "flask");
    assert_eq!(f["object"]["namespace"], "preprod");
    assert_eq!(f["severity"], "warning");
    let msg = f["message"].as_str().unwrap();
    for part in ["`https`", "`flask`", "8080", "Deployment `flask`", "5000"] {
        assert!(msg.contains(part), "{part} missing from {msg}");
    }
    assert!(f["help"].as_str().unwrap().contains("targetPort: 5000"));
    assert!(
        f["url"]
            .as_str()
            .unwrap()
            .ends_with("service.html#les-ports")
    );
}

#[test]
fn human_output_snapshot_french() {
    let (out, code) = stdout_of(&[
        "lint",
        "tests/fixtures/cli/projet-preprod.yaml",
        "tests/fixtures/cli/mixte.yaml",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_fr", out);
}

#[test]
fn human_output_snapshot_english() {
    let (out, _) = stdout_of(&["lint", "--lang", "en", "tests/fixtures/cli/mixte.yaml"]);
    insta::assert_snapshot!("human_en", out);
}

#[test]
fn lang_follows_the_environment() {
    let out = kubecours()
        .env("LANG", "en_US.UTF-8")
        .args(["lint", "tests/fixtures/cli/mixte.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[unknown-kind]"), "{text}");
    let out = kubecours()
        .env("LANG", "fr_FR.UTF-8")
        .args(["lint", "tests/fixtures/cli/mixte.yaml"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("erreur[unknown-kind]")
    );
}

#[test]
fn exit_0_when_clean() {
    kubecours()
        .args(["lint", "tests/fixtures/cli/propre.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "✓ aucun problème : 1 fichier, 1 ressource",
        ));
}

#[test]
fn exit_1_on_errors() {
    kubecours()
        .args(["lint", "tests/fixtures/cli/mixte.yaml"])
        .assert()
        .code(1);
}

#[test]
fn exit_2_on_unreadable_input() {
    kubecours()
        .args(["lint", "tests/fixtures/cli/nexiste-pas.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("impossible de lire `tests/fixtures/cli/nexiste-pas.yaml` : ce fichier ou dossier n'existe pas"));
}

#[test]
fn exit_2_on_bad_flags() {
    kubecours()
        .args(["lint", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("erreur : la ligne de commande n'est pas valide")
                .and(predicate::str::contains("xml")),
        );
    kubecours()
        .args(["--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("lint"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    kubecours()
        .args(["lint", "-"])
        .write_stdin("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Mauvais_Nom\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:4:9"));
}

#[test]
fn directories_are_walked() {
    let (out, _) = stdout_of(&["lint", "--format", "json", "tests/fixtures/cli"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["files"], 3);
    assert_eq!(v["summary"]["resources"], 5);
}

#[test]
fn json_output_has_the_documented_shape() {
    let (out, _) = stdout_of(&["lint", "--format", "json", "tests/fixtures/cli/mixte.yaml"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    for f in v["findings"].as_array().unwrap() {
        for key in [
            "id", "severity", "message", "help", "file", "line", "column", "url",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
    }
    for key in ["errors", "warnings", "infos", "files", "resources"] {
        assert!(v["summary"][key].is_u64(), "{key}");
    }
}

#[test]
fn rules_json_lists_every_rule() {
    let (out, code) = stdout_of(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(rules.len() >= 35, "{}", rules.len());
    for r in rules {
        assert!(!r["summary"]["fr"].as_str().unwrap().is_empty());
        assert!(!r["summary"]["en"].as_str().unwrap().is_empty());
    }
}

#[test]
fn explain_prints_the_doc_and_rejects_unknown_ids() {
    kubecours()
        .args(["explain", "service-target-port"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Ce que la règle vérifie")
                .and(predicate::str::contains("À éviter"))
                .and(predicate::str::contains("À la place")),
        );
    kubecours()
        .args(["explain", "service-target-prot"])
        .assert()
        // The tool could not do its job: exit code 2, as the README says.
        .code(2)
        .stderr(predicate::str::contains(
            "vouliez-vous dire `service-target-port`",
        ));
}

#[test]
fn color_always_uses_ansi_codes_and_no_color_disables_them() {
    let out = kubecours()
        .args(["--color", "always", "lint", "tests/fixtures/cli/mixte.yaml"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\x1b[1;31m")
    );
    let out = kubecours()
        .args(["lint", "tests/fixtures/cli/mixte.yaml"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}
