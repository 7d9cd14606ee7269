//! Exercises as data: every exercise self-checks, an exercise is added without
//! code, and the student's flow works end to end (init, check, hint, list, watch).

mod common;
use common::root;

use assert_cmd::Command;
use kubecours::exercise::Catalog;
use kubecours::exercise::devcheck;
use kubecours::i18n::Lang;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn kubecours(cwd: &Path) -> Command {
    let mut c = Command::cargo_bin("kubecours").unwrap();
    c.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("KUBECOURS_EXERCISES");
    c
}

#[test]
fn every_exercise_passes_its_self_check() {
    let catalog = Catalog::from_dir(&root().join("exercises")).unwrap();
    assert!(
        catalog.exercises.len() >= 13,
        "{} exercises",
        catalog.exercises.len()
    );
    let problems = devcheck::check(&catalog, Some(&root().join("book/src")), Lang::Fr);
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.exercise, p.message))
        .collect();
    assert!(problems.is_empty(), "\n{}", text.join("\n"));
}

#[test]
fn the_embedded_exercises_are_the_repository_ones() {
    let embedded = Catalog::embedded().unwrap();
    let on_disk = Catalog::from_dir(&root().join("exercises")).unwrap();
    let ids = |c: &Catalog| {
        c.exercises
            .iter()
            .map(|e| (e.spec.id, e.spec.slug.clone(), e.solution.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&embedded), ids(&on_disk));
}

#[test]
fn dev_check_self_check_catches_a_broken_exercise() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = tmp.path().join("exercises");
    common::copy_dir(&root().join("exercises"), &ex);
    // A starter that already passes is a broken exercise.
    let dir = ex.join("05-service-clusterip");
    std::fs::copy(
        dir.join("solution/service.yaml"),
        dir.join("starter/service.yaml"),
    )
    .unwrap();
    kubecours(root())
        .args(["--exercises"])
        .arg(&ex)
        .args(["dev", "check"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("05-service-clusterip").and(predicate::str::contains(
                "le starter satisfait toutes les attentes",
            )),
        );
}

const NEW_EXERCISE: &str = r#"format = 1
id = 17
slug = "configmap-simple"
title = "Une ConfigMap toute simple"
chapter = "configmap.md"
files = ["configmap.yaml"]
success = "Bravo !"
hints = ["Une ConfigMap a une section `data`.", "Écrivez `APP_TITLE: \"Mon titre\"` sous `data:`."]

[[expect]]
id = "configmap"
text = "Une ConfigMap `configuration` avec `APP_TITLE`"
points = 6
kind = "ConfigMap"
name = "configuration"
  [[expect.fields]]
  path = "data.APP_TITLE"
  regex = ".+"

[[expect]]
id = "sans-erreur"
text = "Aucune erreur"
points = 4
no_errors = true
"#;

#[test]
fn an_exercise_is_added_by_writing_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = tmp.path().join("exercises");
    common::copy_dir(&root().join("exercises"), &ex);
    let new = ex.join("17-configmap-simple");
    for sub in [
        "starter",
        "solution",
        "mistakes/sans-data",
        "mistakes/mauvais-nom",
    ] {
        std::fs::create_dir_all(new.join(sub)).unwrap();
    }
    std::fs::write(new.join("exercise.toml"), NEW_EXERCISE).unwrap();
    std::fs::write(
        new.join("enonce.md"),
        "### Ce qu'il faut faire\n\nÉcrivez une ConfigMap.\n",
    )
    .unwrap();
    let cm = |name: &str, data: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n{data}")
    };
    std::fs::write(
        new.join("starter/configmap.yaml"),
        cm("configuration", "# TODO : ajoutez data\n"),
    )
    .unwrap();
    std::fs::write(
        new.join("solution/configmap.yaml"),
        cm("configuration", "data:\n  APP_TITLE: \"Mon titre\"\n"),
    )
    .unwrap();
    std::fs::write(
        new.join("mistakes/sans-data/configmap.yaml"),
        cm("configuration", ""),
    )
    .unwrap();
    std::fs::write(
        new.join("mistakes/sans-data/mistake.toml"),
        "failed = [\"configmap\"]\n",
    )
    .unwrap();
    std::fs::write(
        new.join("mistakes/mauvais-nom/configmap.yaml"),
        cm("Configuration", "data:\n  APP_TITLE: \"x\"\n"),
    )
    .unwrap();
    std::fs::write(
        new.join("mistakes/mauvais-nom/mistake.toml"),
        "findings = [\"invalid-name\"]\nfailed = [\"configmap\", \"sans-erreur\"]\n",
    )
    .unwrap();

    kubecours(root())
        .arg("--exercises")
        .arg(&ex)
        .args(["dev", "check"])
        .assert()
        .code(0);
    kubecours(root())
        .arg("--exercises")
        .arg(&ex)
        .args(["check", "17", "--offline", "--dir"])
        .arg(new.join("solution"))
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Exercice 17 — Une ConfigMap toute simple")
                .and(predicate::str::contains("✓ Score : 10/10")),
        );
    kubecours(root())
        .arg("--exercises")
        .arg(&ex)
        .args(["check", "configmap-simple", "--offline", "--dir"])
        .arg(new.join("starter"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("✗ Une ConfigMap `configuration` avec `APP_TITLE`")
                .and(predicate::str::contains("`data.APP_TITLE` est absent")),
        );
}

#[test]
fn an_unknown_key_in_exercise_toml_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = tmp.path().join("exercises");
    common::copy_dir(
        &root().join("exercises/01-premier-pod"),
        &ex.join("01-premier-pod"),
    );
    let toml = ex.join("01-premier-pod/exercise.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("title =", "titel = \"x\"\ntitle =", 1)).unwrap();
    kubecours(root())
        .arg("--exercises")
        .arg(&ex)
        .args(["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("exercice `01-premier-pod`, exercise.toml")
                .and(predicate::str::contains("titel")),
        );
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    kubecours(tmp.path())
        .args(["init", "tp"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("espace de travail `tp`"));
    let ws = tmp.path().join("tp");
    (tmp, ws)
}

#[test]
fn init_check_edit_check_list() {
    let (_tmp, ws) = workspace();
    assert!(ws.join("kubecours.toml").is_file() && ws.join("README.md").is_file());
    assert!(ws.join("03-deployment/deployment.yaml").is_file());

    kubecours(&ws)
        .args(["check", "3", "--offline"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("✗ Score"));

    common::copy_dir(
        &root().join("exercises/03-deployment/solution"),
        &ws.join("03-deployment"),
    );
    kubecours(&ws.join("03-deployment"))
        .args(["check", "exercice", "3", "--offline"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Exercice réussi !").and(predicate::str::contains(
                "non évaluée : mode hors ligne (--offline)",
            )),
        );

    let out = kubecours(&ws)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ex3 = &v["exercises"][2];
    assert_eq!(ex3["status"], "passed");
    assert!(ex3["points"].as_u64().unwrap() > 0);
    kubecours(&ws)
        .args(["list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1/16 exercices réussis"));
}

#[test]
fn init_never_overwrites_a_student_file() {
    let (tmp, ws) = workspace();
    let f = ws.join("01-premier-pod/pod.yaml");
    std::fs::write(&f, "# mon travail\n").unwrap();
    kubecours(tmp.path())
        .args(["init", "tp"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("gardé"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "# mon travail\n");
}

#[test]
fn hints_come_one_at_a_time() {
    let (_tmp, ws) = workspace();
    let toml = std::fs::read_to_string(root().join("exercises/05-service-clusterip/exercise.toml"))
        .unwrap();
    let spec: toml::Value = toml::from_str(&toml).unwrap();
    let hints: Vec<String> = spec["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect();
    for (i, h) in hints.iter().enumerate() {
        kubecours(&ws).args(["hint", "5"]).assert().code(0).stdout(
            predicate::str::contains(format!("Indice {}/{}", i + 1, hints.len()))
                .and(predicate::str::contains(h.as_str())),
        );
    }
    // Past the last one, the last one again.
    kubecours(&ws)
        .args(["hint", "5"])
        .assert()
        .stdout(predicate::str::contains(format!(
            "Indice {0}/{0}",
            hints.len()
        )));
    kubecours(&ws)
        .args(["check", "5", "--offline"])
        .assert()
        .stdout(predicate::str::contains(format!(
            "indices vus : {0}/{0}",
            hints.len()
        )));
}

#[test]
fn check_without_workspace_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    kubecours(tmp.path())
        .args(["check", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lancez `kubecours init`"));
    kubecours(tmp.path())
        .args(["check", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("aucun exercice `99`"));
}

#[test]
fn watch_rechecks_when_a_file_is_saved() {
    let (_tmp, ws) = workspace();
    let bin = assert_cmd::cargo::cargo_bin("kubecours");
    let mut child = std::process::Command::new(bin)
        .current_dir(&ws)
        .env("NO_COLOR", "1")
        .env_remove("KUBECOURS_EXERCISES")
        .args(["watch", "3", "--until-pass"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first (failing) check, then save the solution.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while !seen.contains("En attente d'un enregistrement") {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("watch printed its first check");
        seen.push_str(&line);
        seen.push('\n');
    }
    assert!(seen.contains("✗ Score"), "{seen}");
    let solution = root().join("exercises/03-deployment/solution/deployment.yaml");
    std::fs::copy(solution, ws.join("03-deployment/deployment.yaml")).unwrap();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("watch did not re-check after the save:\n{seen}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(500)) {
        seen.push_str(&l);
        seen.push('\n');
    }
    assert!(status.success(), "{seen}");
    assert!(seen.contains("Exercice réussi !"), "{seen}");
}

#[test]
fn hint_init_and_dev_check_speak_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = kubecours(tmp.path())
        .args(["init", "tp", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["workspace"], "tp");
    assert!(
        v["created"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().ends_with("kubecours.toml"))
    );
    let ws = tmp.path().join("tp");
    let out = kubecours(&ws)
        .args(["hint", "2", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["exercise"].as_u64(),
            v["hint"].as_u64(),
            v["progress_kept"].as_bool()
        ),
        (Some(2), Some(1), Some(true))
    );
    assert!(!v["text"].as_str().unwrap().is_empty());
    let out = kubecours(root())
        .args(["dev", "check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["exercises"].as_u64().unwrap() >= 13 && v["book_checked"] == true);
}

/// The human `check N --offline` of every reference solution, copied into an
/// `init` workspace, shows no warning and no remark: only the expectations,
/// the collapsed lines ("remarques", "conseils pour plus tard") and the score.
#[test]
fn every_solution_passes_with_no_warning_shown() {
    let catalog = Catalog::from_dir(&root().join("exercises")).unwrap();
    let (_tmp, ws) = workspace();
    let mut shown = Vec::new();
    let mut collapsed = 0;
    for ex in &catalog.exercises {
        let dir = ws.join(&ex.dir_name);
        assert!(dir.is_dir(), "{} not made by init", ex.dir_name);
        common::copy_dir(
            &root().join("exercises").join(&ex.dir_name).join("solution"),
            &dir,
        );
        let id = ex.spec.id.to_string();
        let out = kubecours(&ws)
            .args(["check", &id, "--offline"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "exercise {id}:\n{text}");
        assert!(text.contains("Exercice réussi !"), "exercise {id}:\n{text}");
        for line in text.lines() {
            if ["erreur[", "avertissement[", "warning[", "info[", "error["]
                .iter()
                .any(|p| line.starts_with(p))
            {
                shown.push(format!("exercise {id}: {line}"));
            }
        }
        // What is collapsed is still there with `--tous`.
        if text.contains("remarque") || text.contains("pour plus tard") {
            collapsed += 1;
            let all = kubecours(&ws)
                .args(["check", &id, "--offline", "--tous"])
                .output()
                .unwrap();
            let all = String::from_utf8_lossy(&all.stdout);
            assert!(
                all.lines()
                    .any(|l| l.starts_with("info[") || l.starts_with("avertissement[")),
                "exercise {id}: `--tous` shows nothing:\n{all}"
            );
        }
    }
    assert!(shown.is_empty(), "\n{}", shown.join("\n"));
    assert!(collapsed > 0, "nothing collapsed: the test checks nothing");
}
