//! Grading real hand-ins: flat files, provided files, missing or unreadable
//! files, forgiving layouts (LMS names, Gradescope), documents extracted and
//! re-indented, SARIF for any student name.

mod common;
use common::{node_tools, root};

use assert_cmd::Command;
use kubecours::exercise::Catalog;
use kubecours::grade;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// `kubecours grade` run from the class's parent folder (where recovered
/// files are kept); returns the report and the standard error.
fn grade_cmd(class: &Path, args: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .current_dir(class.parent().unwrap())
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .env_remove("KUBECOURS_EXERCISES")
        .arg("grade")
        .args(args)
        .arg(class)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn grade_json(class: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&grade_cmd(class, &all).0).unwrap()
}

/// A student's exercise in a grade JSON report.
fn exercise<'a>(v: &'a Value, student: &str, id: u64) -> &'a Value {
    let s = v["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student"] == student)
        .unwrap_or_else(|| panic!("no student {student} in {}", v["students"]));
    s["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exercise"]["id"] == id)
        .unwrap()
}

fn student<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["student"] == name)
        .unwrap_or_else(|| panic!("no student {name}"))
}

fn solution(ex: &str) -> PathBuf {
    root().join("exercises").join(ex).join("solution")
}

#[test]
fn a_flat_file_counts_for_one_exercise_at_most() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    // A single deployment.yaml (exercise 3's) laid flat: seven exercises have this file.
    std::fs::create_dir_all(c.join("seul")).unwrap();
    std::fs::copy(
        solution("03-deployment").join("deployment.yaml"),
        c.join("seul/deployment.yaml"),
    )
    .unwrap();
    // A file only exercise 6 has.
    std::fs::create_dir_all(c.join("unique")).unwrap();
    std::fs::copy(
        solution("06-nodeport").join("service-nodeport.yaml"),
        c.join("unique/service-nodeport.yaml"),
    )
    .unwrap();
    let v = grade_json(&c, &[]);
    assert_eq!(student(&v, "seul")["points"], 0, "{}", student(&v, "seul"));
    let ex3 = exercise(&v, "seul", 3);
    assert_eq!(ex3["status"], "rejected");
    assert!(
        ex3["remarks"][0]
            .as_str()
            .unwrap()
            .contains("plusieurs exercices"),
        "{ex3}"
    );
    let unique = student(&v, "unique");
    let six = exercise(&v, "unique", 6);
    assert_eq!(six["status"], "passed", "{six}");
    assert_eq!(unique["points"], six["points"], "only exercise 6 scores");
}

#[test]
fn provided_files_alone_earn_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let d = c.join("fournis/05-service-clusterip");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::copy(
        solution("05-service-clusterip").join("deployment.yaml"),
        d.join("deployment.yaml"),
    )
    .unwrap();
    let v = grade_json(&c, &["-e", "5"]);
    let e = exercise(&v, "fournis", 5);
    assert_eq!(
        (e["points"].as_u64(), e["status"].as_str()),
        (Some(0), Some("rejected"))
    );
    assert!(
        e["reason"]
            .as_str()
            .unwrap()
            .contains("seuls les fichiers fournis"),
        "{e}"
    );
    assert!(
        e["expectations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["passed"] != true),
        "no check passes"
    );
    // The maximum is still the exercise's static total.
    let ex = Catalog::embedded().unwrap();
    assert_eq!(e["max"], ex.find("5").unwrap().max_static());
}

#[test]
fn missing_or_unreadable_files_fail_every_check_on_them() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let sol = solution("08-configmap-envfrom");
    let manque = c.join("manque/08-configmap-envfrom");
    std::fs::create_dir_all(&manque).unwrap();
    std::fs::copy(sol.join("deployment.yaml"), manque.join("deployment.yaml")).unwrap();
    let casse = c.join("casse/08-configmap-envfrom");
    common::copy_dir(&sol, &casse);
    std::fs::write(
        casse.join("configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n",
    )
    .unwrap();
    let v = grade_json(&c, &["-e", "8"]);
    let catalog = Catalog::embedded().unwrap();
    let ex = catalog.find("8").unwrap();
    let checks = grade::honest::FileChecks::of(ex);
    for (who, why) in [
        (
            "manque",
            "`configmap.yaml` introuvable (attendu : `manque/08-configmap-envfrom/configmap.yaml`)",
        ),
        ("casse", "`configmap.yaml` illisible (ligne"),
    ] {
        let e = exercise(&v, who, 8);
        let outcomes: Vec<&Value> = e["expectations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["cluster"] == false)
            .collect();
        let mut some_passed = false;
        for (o, on) in outcomes.iter().zip(&checks.on) {
            if on.contains("configmap.yaml") {
                assert_eq!(o["passed"], false, "{who}: {o}");
                assert!(o["detail"].as_str().unwrap().contains(why), "{who}: {o}");
            } else {
                some_passed |= o["passed"] == true;
            }
        }
        assert!(
            some_passed,
            "{who}: the checks on deployment.yaml alone still count"
        );
        assert_eq!(e["status"], "failed");
    }
}

#[test]
fn the_offline_maximum_is_the_same_in_check_and_grade() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let catalog = Catalog::embedded().unwrap();
    for ex in &catalog.exercises {
        common::copy_dir(
            &solution(&ex.dir_name),
            &c.join("parfait").join(&ex.dir_name),
        );
    }
    let v = grade_json(&c, &[]);
    let parfait = student(&v, "parfait");
    let total_static: u32 = catalog.exercises.iter().map(|e| e.max_static()).sum();
    assert_eq!(
        parfait["points"], total_static,
        "a full-marks class gets every static point"
    );
    assert_eq!(
        parfait["max"], total_static,
        "cluster points are reported apart"
    );
    let total_cluster: u32 = catalog.exercises.iter().map(|e| e.max_cluster()).sum();
    assert_eq!(parfait["not_evaluated"], total_cluster);
    for ex in &catalog.exercises {
        let id = ex.spec.id;
        let out = Command::cargo_bin("kubecours")
            .unwrap()
            .args([
                "check",
                &id.to_string(),
                "--offline",
                "--format",
                "json",
                "--dir",
            ])
            .arg(solution(&ex.dir_name))
            .output()
            .unwrap();
        let check: Value = serde_json::from_slice(&out.stdout).unwrap();
        let graded = exercise(&v, "parfait", id as u64);
        assert_eq!(check["max"], graded["max"], "exercise {id}");
        assert_eq!(check["points"], graded["points"], "exercise {id}");
        assert_eq!(check["max_total"], graded["max_total"], "exercise {id}");
    }
    // And the CSV's total line says the same.
    let (csv, _) = grade_cmd(&c, &["--format", "csv"]);
    let total = csv
        .lines()
        .find(|l| l.starts_with("parfait,total,"))
        .unwrap();
    assert_eq!(
        total,
        format!("parfait,total,,{total_static},{total_static},passed,")
    );
}

#[test]
fn gradescope_on_its_own_layout_writes_one_results_json() {
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("autograder/submission");
    common::copy_dir(&solution("03-deployment"), &sub.join("03-deployment"));
    common::copy_dir(
        &solution("05-service-clusterip"),
        &sub.join("05-service-clusterip"),
    );
    common::copy_dir(
        &root().join("exercises/08-configmap-envfrom/starter"),
        &sub.join("08-configmap-envfrom"),
    );
    let results = tmp.path().join("autograder/results/results.json");
    std::fs::create_dir_all(results.parent().unwrap()).unwrap();
    let (_, stderr) = grade_cmd(
        &sub,
        &["--format", "gradescope", "-o", results.to_str().unwrap()],
    );
    assert!(
        stderr.contains("1 étudiants notés"),
        "one submission, not one per exercise: {stderr}"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    assert!(v["score"].is_number(), "a top-level score: {v}");
    let catalog = Catalog::embedded().unwrap();
    let expected =
        catalog.find("3").unwrap().max_static() + catalog.find("5").unwrap().max_static();
    assert!(
        v["score"].as_u64().unwrap() >= expected as u64,
        "{}",
        v["score"]
    );
    let tests = v["tests"].as_array().unwrap();
    let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    assert_eq!(sum, v["score"].as_f64().unwrap());
    let cluster: Vec<&Value> = tests
        .iter()
        .filter(|t| t["name"].as_str().unwrap().contains("non évaluée"))
        .collect();
    assert!(!cluster.is_empty());
    for t in cluster {
        assert!(
            t.get("status").is_none(),
            "never-evaluated is neither passed nor failed: {t}"
        );
        assert_eq!(t["visibility"], "hidden");
        assert_eq!(t["max_score"], 0);
    }
}

/// Microsoft's SARIF validator (`@microsoft/sarif-multitool validate`); its output.
fn sarif_validate(file: &Path) -> (bool, String) {
    let node = node_tools();
    let bin = node.join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    // Its postinstall (chmod u+x) does not run when npm skips install scripts.
    if let Ok(m) = std::fs::metadata(&bin) {
        use std::os::unix::fs::PermissionsExt;
        let mut p = m.permissions();
        p.set_mode(p.mode() | 0o755);
        let _ = std::fs::set_permissions(&bin, p);
    }
    let out = std::process::Command::new(&bin)
        .arg("validate")
        .arg(file)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("the SARIF validator runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn sarif_for_a_student_named_dupont_jean_passes_microsofts_validator() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
    let c = tmp.path().join("classe");
    let d = c.join("Dupont, Jean_12345_assignsubmission_file_/05-service-clusterip");
    common::copy_dir(&solution("05-service-clusterip"), &d);
    std::fs::copy(
        root().join("exercises/05-service-clusterip/mistakes/target-port-80/service.yaml"),
        d.join("service.yaml"),
    )
    .unwrap();
    let e = c.join("élève/05-service-clusterip");
    common::copy_dir(&solution("05-service-clusterip"), &e);
    std::fs::write(e.join("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: backend\nspec:\n  selector:\n    app: backend\n  ports:\n    - port: 80\n      targetPort: 9999\n      contanierPort: 1\n").unwrap();
    let sarif = tmp.path().join("kubecours.sarif");
    grade_cmd(
        &c,
        &[
            "-e",
            "5",
            "--format",
            "sarif",
            "-o",
            sarif.to_str().unwrap(),
        ],
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 3);
    let uris: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"classe/Dupont%2C%20Jean_12345_assignsubmission_file_/05-service-clusterip/service.yaml"),
        "percent-encoded, from the repository root: {uris:?}"
    );
    assert!(
        uris.iter()
            .any(|u| u.starts_with("classe/%C3%A9l%C3%A8ve/")),
        "{uris:?}"
    );
    assert!(
        results
            .iter()
            .any(|r| r["properties"]["student"] == "Dupont, Jean")
    );
    let (ok, output) = sarif_validate(&sarif);
    assert!(ok, "{output}");
    assert!(!output.contains(": error "), "{output}");
    assert!(!output.contains("SARIF1002"), "{output}");
    assert!(!output.contains(": warning "), "{output}");
    // --root: the paths start from there; a class outside it is refused.
    let (text, _) = grade_cmd(
        &c,
        &[
            "-e",
            "5",
            "--format",
            "sarif",
            "--root",
            c.to_str().unwrap(),
        ],
    );
    assert!(text.contains("\"uri\": \"Dupont%2C%20Jean_12345_assignsubmission_file_/05-service-clusterip/service.yaml\""));
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .current_dir(tmp.path())
        .args(["grade", "-e", "5", "--format", "sarif", "--root"])
        .arg(c.join("élève"))
        .arg(&c)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("n'est pas dans `--root"));
}

#[test]
fn forgiving_layouts_and_precise_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let sol = solution("05-service-clusterip");
    let put = |dir: &str, service_as: &str| {
        let d = c.join(dir);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(sol.join("deployment.yaml"), d.join("deployment.yaml")).unwrap();
        std::fs::copy(sol.join("service.yaml"), d.join(service_as)).unwrap();
    };
    put("yml/05-service-clusterip", "service.yml");
    put("casse/05-Service-ClusterIP", "Service.YAML");
    put(
        "init/kubecours-exercices/05-service-clusterip",
        "service.yaml",
    );
    put(
        "archive/tp-kubernetes/kubecours-exercices/05-service-clusterip",
        "service.yaml",
    );
    put(
        "Dupont, Jean_12345_assignsubmission_file_/05-service-clusterip",
        "service.yaml",
    );
    put("mauvais-dossier/5-service", "service.yaml");
    put("mauvais-nom/05-service-clusterip", "services.yaml");
    // Junk: a node_modules of 6,000 entries, .git, __MACOSX, a stray folder 12 levels deep.
    put("encombre/05-service-clusterip", "service.yaml");
    let nm = c.join("encombre/node_modules/paquet");
    std::fs::create_dir_all(&nm).unwrap();
    for i in 0..6000 {
        std::fs::write(nm.join(format!("f{i}.js")), b"x").unwrap();
    }
    std::fs::create_dir_all(c.join("encombre/.git/objects")).unwrap();
    std::fs::create_dir_all(c.join("encombre/__MACOSX/05-service-clusterip")).unwrap();
    std::fs::write(c.join("encombre/.DS_Store"), b"\0\0").unwrap();
    let mut deep = c.join("encombre/perdu");
    for i in 0..12 {
        deep = deep.join(format!("n{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    let v = grade_json(&c, &["-e", "5"]);
    for who in [
        "yml",
        "casse",
        "init",
        "archive",
        "Dupont, Jean",
        "encombre",
    ] {
        let e = exercise(&v, who, 5);
        assert_eq!(e["status"], "passed", "{who}: {e}");
    }
    assert!(
        exercise(&v, "yml", 5)["remarks"][0]
            .as_str()
            .unwrap()
            .contains("`service.yml` lu pour `service.yaml`")
    );
    let wrong_dir = exercise(&v, "mauvais-dossier", 5);
    assert_eq!(wrong_dir["status"], "rejected");
    let why = wrong_dir["reason"].as_str().unwrap();
    assert!(
        why.contains("attendu : `mauvais-dossier/05-service-clusterip/`")
            && why.contains("il y a `5-service/`")
            && why.contains("`mv 5-service 05-service-clusterip`"),
        "{why}"
    );
    let wrong_name = exercise(&v, "mauvais-nom", 5);
    let why = wrong_name["reason"].as_str().unwrap();
    assert!(
        why.contains("`mauvais-nom/05-service-clusterip/service.yaml`")
            && why.contains("il y a `services.yaml`")
            && why.contains("`mv services.yaml service.yaml`"),
        "{why}"
    );
    // `check` reads the same way and names the near miss.
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["check", "5", "--offline", "--dir"])
        .arg(c.join("mauvais-nom/05-service-clusterip"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("il y a `services.yaml` : renommez-le (`mv services.yaml service.yaml`)"),
        "{text}"
    );
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["check", "5", "--offline", "--dir"])
        .arg(c.join("yml/05-service-clusterip"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn github_annotations_are_summarised_over_the_per_step_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    for i in 0..12 {
        let d = c.join(format!("e{i:02}"));
        common::copy_dir(&solution("05-service-clusterip"), &d);
        std::fs::copy(
            root().join("exercises/05-service-clusterip/mistakes/target-port-80/service.yaml"),
            d.join("service.yaml"),
        )
        .unwrap();
    }
    let (text, _) = grade_cmd(&c, &["-e", "5", "--format", "github"]);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(errors.len(), kubecours::report::github::PER_STEP);
    assert!(
        errors.last().unwrap().contains("autres"),
        "{}",
        errors.last().unwrap()
    );
    assert!(
        text.lines().any(|l| l.starts_with("error: ")),
        "the rest is in the log"
    );
}

#[test]
fn hand_in_documents_are_extracted_reindented_and_graded() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    // The original hand-in, in a student's folder, for the final project.
    std::fs::create_dir_all(c.join("antonio")).unwrap();
    std::fs::copy(
        root().join("../shared/reference/000_9198eebcd9aad814.txt"),
        c.join("antonio/rendu.txt"),
    )
    .unwrap();
    // A Markdown document as the class entry itself, for exercise 16 too.
    let md = "# Rendu de Jeanne\n\n## Production\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\nname: prod\n```\n";
    std::fs::write(c.join("Jeanne Martin.md"), md).unwrap();
    let out = tmp.path().join("notes/notes.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (_, stderr) = grade_cmd(
        &c,
        &["-e", "16", "--format", "json", "-o", out.to_str().unwrap()],
    );
    assert!(stderr.contains("gardé(s) dans"), "{stderr}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let a = exercise(&v, "antonio", 16);
    assert_eq!(a["summary"]["resources"], 14, "{a}");
    assert_ne!(a["status"], "rejected");
    let remarks = a["remarks"].as_array().unwrap();
    assert!(
        remarks
            .iter()
            .any(|r| r.as_str().unwrap().contains("indentation reconstruite")),
        "{remarks:?}"
    );
    let ids: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"yaml-reindented") && !ids.contains(&"unknown-field"),
        "{ids:?}"
    );
    let kept = tmp
        .path()
        .join("notes/kubecours-recupere/antonio/16-projet-final/prod.yaml");
    assert!(
        kept.is_file(),
        "the recovered files are kept next to the report"
    );
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("name: flask-service")
    );
    let j = exercise(&v, "Jeanne Martin", 16);
    assert_eq!(j["summary"]["resources"], 1);
}
