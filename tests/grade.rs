//! Grading a class: every report format against its structure, hostile
//! submissions, a cluster state per student. Hand-ins and layouts:
//! `grade_handins.rs`; the CI templates: `ci_templates.rs`.

mod common;
use common::root;

use assert_cmd::Command;
use kubecours::engine::Options;
use kubecours::exercise::Catalog;
use kubecours::grade::{self, Request};
use kubecours::i18n::Lang;
use kubecours::report;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A small class: a student who passes 5, one who hands in the starter,
/// one with a known mistake, one who hands in nothing.
fn class() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let ex = root().join("exercises/05-service-clusterip");
    common::copy_dir(&ex.join("solution"), &c.join("alice/05-service-clusterip"));
    common::copy_dir(&ex.join("starter"), &c.join("bob/05-service-clusterip"));
    common::copy_dir(&ex.join("solution"), &c.join("chloe"));
    std::fs::copy(
        ex.join("mistakes/target-port-80/service.yaml"),
        c.join("chloe/service.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(c.join("david")).unwrap();
    (tmp, c)
}

fn report(class: &Path, format: &str) -> String {
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .current_dir(class.parent().unwrap())
        .env("NO_COLOR", "1")
        .env("CI", "1")
        .env_remove("KUBECOURS_EXERCISES")
        .args(["grade", "--exercise", "5", "--format", format])
        .arg(class)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("4 étudiants notés"), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn csv_gradebook() {
    let (_t, c) = class();
    let csv = report(&c, "csv");
    let rows: Vec<Vec<String>> = csv.lines().map(parse_csv_line).collect();
    assert_eq!(
        rows[0],
        [
            "student",
            "exercise",
            "slug",
            "points",
            "max",
            "status",
            "first_failing"
        ]
    );
    // A line per student and exercise, then a total line per student.
    assert_eq!(rows.len(), 9);
    assert!(rows.iter().all(|r| r.len() == 7), "{csv}");
    assert_eq!(rows.iter().filter(|r| r[1] == "total").count(), 4, "{csv}");
    let by = |s: &str| rows.iter().find(|r| r[0] == s).unwrap().clone();
    assert_eq!(by("alice")[5], "passed");
    assert_eq!(by("bob")[5], "failed");
    assert!(!by("bob")[6].is_empty());
    assert_eq!(
        by("chloe")[5],
        "failed",
        "files directly in the student folder are graded"
    );
    assert_eq!(by("david")[5], "rejected");
    assert_eq!(by("david")[3], "0");
    assert!(by("david")[6].contains("aucun fichier"));
    assert!(by("alice")[3].parse::<u32>().unwrap() > by("bob")[3].parse::<u32>().unwrap());
}

/// RFC 4180 line (no embedded newlines in our reports).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn json_report() {
    let (_t, c) = class();
    let v: Value = serde_json::from_str(&report(&c, "json")).unwrap();
    let students = v["students"].as_array().unwrap();
    assert_eq!(students.len(), 4);
    let alice = &students[0];
    assert_eq!(alice["student"], "alice");
    let ex = &alice["exercises"][0];
    assert_eq!(ex["status"], "passed");
    assert!(ex["expectations"].as_array().unwrap().len() >= 5);
    assert_eq!(students[3]["exercises"][0]["status"], "rejected");
}

#[test]
fn junit_report_is_valid_xml_with_one_testcase_per_expectation() {
    let (_t, c) = class();
    let xml = report(&c, "junit");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let count = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
    let mut total = 0;
    for suite in suites.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(count(suite, "tests"), cases.len());
        let failures = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        assert_eq!(count(suite, "failures"), failures);
        let skipped = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("skipped")))
            .count();
        assert_eq!(count(suite, "skipped"), skipped);
        for case in &cases {
            assert!(case.attribute("classname").is_some() && case.attribute("name").is_some());
            assert!(
                case.attribute("time").unwrap().parse::<f64>().is_ok(),
                "every case has a time"
            );
        }
        assert!(suite.attribute("time").unwrap().parse::<f64>().is_ok());
        total += cases.len();
    }
    assert_eq!(count(suites, "tests"), total);
    let exercise = Catalog::embedded().unwrap();
    let n = exercise.find("5").unwrap().spec.expect.len()
        + exercise.find("5").unwrap().spec.cluster.len();
    let alice = suites
        .children()
        .find(|s| s.attribute("name") == Some("alice/05-service-clusterip"))
        .unwrap();
    assert_eq!(count(alice, "tests"), n, "one testcase per expectation");
    let david = suites
        .children()
        .find(|s| s.attribute("name") == Some("david/05-service-clusterip"))
        .unwrap();
    assert_eq!(count(david, "errors"), 1);
}

#[test]
fn sarif_report_follows_2_1_0() {
    let (_t, c) = class();
    let v: Value = serde_json::from_str(&report(&c, "sarif")).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kubecours");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert!(
            rules.contains(&r["ruleId"].as_str().unwrap()),
            "every result's rule is described"
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(c.join(uri).is_file(), "{uri} is a path from the class root");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "service-target-port" && r["level"] == "warning"),
        "chloe's mistake is reported (a warning: the API server accepts an undeclared port)"
    );
}

#[test]
fn github_workflow_commands() {
    let (_t, c) = class();
    let text = report(&c, "github");
    let line_re = regex::Regex::new(r"^::(error|warning|notice)( (file|line|col|title)=[^,:\n]*(,(file|line|col|title)=[^,:\n]*)*)?::[^\n]+$").unwrap();
    for line in text.lines() {
        assert!(line_re.is_match(line), "not a workflow command: {line}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("::warning file=chloe/service.yaml,line=")
                && l.contains("title=kubecours service-target-port")),
        "{text}"
    );
    assert!(text.contains("::notice title=kubecours alice/05-service-clusterip::"));
}

#[test]
fn gradescope_results() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("classe");
    common::copy_dir(
        &root().join("exercises/05-service-clusterip/starter"),
        &one.join("bob"),
    );
    let v: Value = serde_json::from_str(
        &String::from_utf8(
            Command::cargo_bin("kubecours")
                .unwrap()
                .env("CI", "1")
                .args(["grade", "-e", "5", "--format", "gradescope"])
                .arg(&one)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    )
    .unwrap();
    assert!(v["score"].is_number());
    let tests = v["tests"].as_array().unwrap();
    assert!(!tests.is_empty());
    for t in tests {
        assert!(t["name"].is_string() && t["score"].is_number() && t["max_score"].is_number());
        // An expectation that was not evaluated is neither passed nor failed.
        match t["status"].as_str() {
            Some(status) => assert!(["passed", "failed"].contains(&status)),
            None => assert!(
                t["max_score"] == 0 && t["output"].as_str().unwrap().contains("non évaluée")
            ),
        }
    }
    let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    assert_eq!(sum, v["score"].as_f64().unwrap());
}

#[test]
fn check_uses_the_same_writers() {
    let dir = root().join("exercises/05-service-clusterip/mistakes/target-port-80");
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        &root().join("exercises/05-service-clusterip/solution"),
        tmp.path(),
    );
    std::fs::copy(dir.join("service.yaml"), tmp.path().join("service.yaml")).unwrap();
    for (format, needle) in [
        ("junit", "<testsuites"),
        ("sarif", "\"version\": \"2.1.0\""),
        ("github", "::warning file="),
    ] {
        let out = Command::cargo_bin("kubecours")
            .unwrap()
            .args(["check", "5", "--offline", "--format", format, "--dir"])
            .arg(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(needle),
            "{format}"
        );
    }
}

#[test]
fn hostile_submissions_get_zero_with_a_reason_and_never_stop_the_class() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path();
    let sol = root().join("exercises/05-service-clusterip/solution");
    // A good student, so that we see the class went on.
    common::copy_dir(&sol, &c.join("alice"));
    // A symbolic link to /etc/passwd in place of the manifest.
    common::copy_dir(&sol, &c.join("lien"));
    std::fs::remove_file(c.join("lien/service.yaml")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", c.join("lien/service.yaml")).unwrap();
    // A huge sparse file.
    common::copy_dir(&sol, &c.join("enorme"));
    std::fs::File::create(c.join("enorme/service.yaml"))
        .unwrap()
        .set_len(16 << 30)
        .unwrap();
    // 100,000 tiny files.
    let many = c.join("nombreux");
    common::copy_dir(&sol, &many);
    for i in 0..100_000 {
        let d = many.join(format!("d{}", i % 100));
        if i < 100 {
            std::fs::create_dir(&d).unwrap();
        }
        std::fs::write(d.join(format!("f{i}")), b"x").unwrap();
    }
    // Invalid UTF-8.
    common::copy_dir(&sol, &c.join("latin1"));
    std::fs::write(
        c.join("latin1/service.yaml"),
        b"apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    // The student folder itself a link outside.
    std::os::unix::fs::symlink("/etc", c.join("dossier-lien")).unwrap();

    let catalog = Catalog::embedded().unwrap();
    let mut req = Request::new(c, &catalog).unwrap();
    req.exercise = Some(catalog.find("5").unwrap());
    let book = grade::grade(&catalog, &req, &Options::default(), Lang::Fr, &|_| {});
    let get = |name: &str| {
        book.students
            .iter()
            .find(|s| s.student == name)
            .unwrap_or_else(|| panic!("{name} graded"))
            .exercises[0]
            .clone_summary()
    };
    let alice = get("alice");
    assert_eq!(alice.0, "passed");
    let (status, points, reason) = get("lien");
    assert!(status != "passed" && points < alice.1, "{status} {points}");
    assert!(
        reason.contains("lien symbolique vers l'extérieur"),
        "{reason}"
    );
    let (_, _, reason) = get("enorme");
    assert!(reason.contains("17179869184 octets"), "{reason}");
    // 100,000 stray files no longer reject a correct submission.
    let (status, points, _) = get("nombreux");
    assert_eq!((status.as_str(), points), ("passed", alice.1));
    let (status, points, _) = get("latin1");
    // Read as kubectl reads it (Latin-1, with a `file-encoding` warning): the
    // Service named `café` without ports fails, and earns less than Alice.
    assert_eq!(status, "failed", "invalid UTF-8 is a finding, not a crash");
    assert!(points < alice.1, "{points}");
    let latin = book
        .students
        .iter()
        .find(|s| s.student == "latin1")
        .unwrap();
    assert!(
        latin.exercises[0]
            .evaluation
            .run
            .findings
            .iter()
            .any(|f| f.id() == "file-encoding")
    );
    let (status, points, reason) = get("dossier-lien");
    assert_eq!((status.as_str(), points), ("rejected", 0));
    assert!(reason.contains("lien symbolique"), "{reason}");
    // Every report renders.
    for f in [
        "csv",
        "json",
        "junit",
        "sarif",
        "github",
        "gradescope",
        "gitlab",
        "human",
    ] {
        assert!(
            !report::write(
                report::by_name(f).unwrap(),
                &book.report(),
                Lang::Fr,
                kubecours::color::Paint::plain()
            )
            .is_empty()
        );
    }
}

trait Summary {
    fn clone_summary(&self) -> (String, u32, String);
}
impl Summary for kubecours::grade::ExerciseGrade {
    fn clone_summary(&self) -> (String, u32, String) {
        (
            self.status().to_string(),
            self.points,
            self.reason.clone().unwrap_or_default(),
        )
    }
}

#[test]
fn dump_pattern_evaluates_each_students_cluster_state() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("classe");
    let sol = root().join("exercises/03-deployment/solution");
    common::copy_dir(&sol, &c.join("alice/03-deployment"));
    common::copy_dir(&sol, &c.join("bob/03-deployment"));
    let dumps = tmp.path().join("etats");
    std::fs::create_dir_all(&dumps).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/cluster/kubectl-get.yaml"),
        dumps.join("alice.yaml"),
    )
    .unwrap();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .env("CI", "1")
        .args(["grade", "-e", "3", "--format", "json", "--dump-pattern"])
        .arg(dumps.join("{etudiant}.yaml"))
        .arg(&c)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cluster_outcomes = |i: usize| common::cluster_outcomes(&v, i);
    let alice = cluster_outcomes(0);
    assert!(!alice.is_empty());
    assert!(
        alice.iter().all(|o| o["passed"].is_boolean()),
        "alice's cluster expectations are evaluated: {alice:?}"
    );
    let bob = cluster_outcomes(1);
    assert!(bob.iter().all(|o| o["passed"].is_null() && o["detail"].as_str().unwrap().contains("introuvable")), "{bob:?}");
}

#[test]
fn the_report_file_is_checked_before_grading() {
    let (_t, c) = class();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .env("CI", "1")
        .args(["grade", "-o", "/dossier/qui/n-existe/pas/carnet.csv"])
        .arg(&c)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("impossible d'écrire `/dossier/qui/n-existe/pas/carnet.csv`"),
        "{err}"
    );
    assert!(!err.contains("notation"), "nothing was graded: {err}");
}
