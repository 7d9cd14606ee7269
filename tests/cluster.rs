//! The cluster side end to end: `kubecours check N` and `kubecours snapshot`
//! against a fake API server on 127.0.0.1 (tests/support), through a
//! kubeconfig written to a temporary `KUBECONFIG`.

mod common;
use common::root;

mod support;

#[path = "cluster/diagnoses.rs"]
mod diagnoses;
#[path = "cluster/faults.rs"]
mod faults;
#[path = "cluster/reading.rs"]
mod reading;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use support::{FakeApi, Fault, Scenario};

/// A student's folder: the solution of exercise `n`, edited, with the scenario's files on top.
fn workdir(tmp: &Path, sc: &Scenario) -> PathBuf {
    let n = sc.exercise.expect("scenario without `exercise`");
    let dir = tmp.join("exercice");
    std::fs::create_dir_all(&dir).unwrap();
    let ex = std::fs::read_dir(root().join("exercises"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{n:02}-"))
        })
        .unwrap();
    for e in std::fs::read_dir(ex.join("solution")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    for (file, from, to) in &sc.edits {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains(from.as_str()), "edit: `{from}` not in {file}");
        std::fs::write(dir.join(file), text.replacen(from.as_str(), to, 1)).unwrap();
    }
    for (name, text) in &sc.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// `kubecours` with a clean environment: no colour, French, HOME in the temp dir.
fn kubecours(tmp: &Path, kubeconfig: Option<&Path>) -> Command {
    let mut c = Command::cargo_bin("kubecours").unwrap();
    c.current_dir(tmp)
        .env("NO_COLOR", "1")
        .env("HOME", tmp)
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env_remove("KUBECOURS_EXERCISES")
        .timeout(std::time::Duration::from_secs(60));
    match kubeconfig {
        Some(k) => c.env("KUBECONFIG", k),
        None => c.env_remove("KUBECONFIG"),
    };
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `check N --dir …` of the scenario's exercise against a fake server.
fn check_scenario(sc: Scenario, extra: &[&str]) -> (Run, FakeApi) {
    let tmp = tempfile::tempdir().unwrap();
    let n = sc.exercise.expect("scenario without `exercise`");
    let dir = workdir(tmp.path(), &sc);
    let api = FakeApi::start(sc);
    let kc = api.kubeconfig(tmp.path(), Some("tp"));
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", &n.to_string(), "--dir"])
        .arg(&dir)
        .args(extra)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    (run, api)
}

fn check(name: &str) -> (Run, FakeApi) {
    check_scenario(Scenario::load(name), &[])
}

/// Every needle is in the text (the test fails with the whole text otherwise).
fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "missing «{n}» in:\n{text}");
    }
}

/// The exit code is 2, the message is French, says what to do, and is not a library dump.
fn assert_fault(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("erreur : "), "{}", r.stderr);
    assert_has(&r.stderr, needles);
    assert!(r.stderr.contains("Que faire"), "{}", r.stderr);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "one message, not a stack: {}",
        r.stderr
    );
    for noise in [
        "panicked",
        "RUST_BACKTRACE",
        "HyperError",
        "ServiceError",
        "Error {",
        "kube::",
    ] {
        assert!(
            !r.stderr.contains(noise),
            "library noise «{noise}»: {}",
            r.stderr
        );
    }
}

/// A fault on the requests whose path contains `path` (`*`: all).
fn fault(path: &str, status: Option<u16>, delay_ms: u64, drop: bool) -> Fault {
    Fault {
        path: path.into(),
        status,
        delay_ms,
        drop,
    }
}

fn gets_only(api: &FakeApi) {
    let reqs = api.requests();
    assert!(!reqs.is_empty());
    for q in &reqs {
        assert_eq!(q.method, "GET", "{q:?}");
    }
}

// ---------------------------------------------------------------- healthy

#[test]
fn a_healthy_namespace_passes_every_cluster_expectation() {
    let (r, api) = check("sain");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "Cluster : cluster `faux`",
            "namespace `tp`",
            "(cluster)",
            "✓ Score : 16/16",
        ],
    );
    assert!(!r.stdout.contains("non évaluée"), "{}", r.stdout);
    assert!(!r.stdout.contains("erreur["), "{}", r.stdout);
    // Nothing drifts: the objects are those of the solution's files.
    assert!(!r.stdout.contains("[drift]"), "{}", r.stdout);
    assert!(!r.stdout.contains("[not-applied]"), "{}", r.stdout);
    gets_only(&api);
}

#[test]
fn every_cluster_check_is_evaluated_on_the_snapshot() {
    // 5: service-endpoints + matches-file; 7: ingress-routes;
    // 8: env-from-configmap + deployment-available; 4: image-running +
    // deployment-available; 14: deployment-revision + image-running;
    // 15: job-complete + cronjob-scheduled.
    for (scenario, n) in [
        ("sain", 5u32),
        ("sain", 7),
        ("sain", 8),
        ("retour-arriere", 14),
        ("job-cronjob", 15),
    ] {
        let mut sc = Scenario::load(scenario);
        sc.exercise = Some(n);
        let (r, _) = check_scenario(sc, &[]);
        assert_eq!(r.code, 0, "exercise {n}:\n{}\n{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("(cluster)") && !r.stdout.contains("non évaluée"),
            "{}",
            r.stdout
        );
    }
    // 1: pods-ready + matches-file (no Pod `premier-pod`: both fail).
    let mut sc = Scenario::load("sain");
    sc.exercise = Some(1);
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "aucun Pod n'a les labels `app=premier-pod` dans le namespace `tp`",
            "le Pod `premier-pod` n'existe pas dans le namespace `tp`",
            "`kubectl apply -f pod.yaml`",
        ],
    );
    // image-running (exercise 4): the Pods run 1.27.0, 1.27.1 is expected.
    let (r, _) = check("rolling-update");
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "3 Pod(s) prêt(s) sur 3 du Deployment `web` tournent avec une autre image (Pod `web-5b9f7c6d8-aaaaa` : `nginx:1.27.0`, attendu : `nginx:1\\.27\\.1`)",
            "kubectl rollout status deployment/web",
            "avertissement[drift]",
            "`spec.template.spec.containers[0].image` vaut `nginx:1.27.1` dans `deployment.yaml` mais `nginx:1.27.0` sur le cluster",
        ],
    );
}

/// The three kinds of check the new exercises use, failing.
#[test]
fn job_cronjob_and_revision_checks_say_why_they_fail() {
    let mut sc = Scenario::load("job-cronjob");
    for (kind, name, merge) in [
        (
            "Job",
            "calcul-pi",
            serde_json::json!({"status": {"succeeded": 0, "failed": 5, "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}]}}),
        ),
        (
            "CronJob",
            "horloge",
            serde_json::json!({"status": {"lastScheduleTime": null, "lastSuccessfulTime": null}}),
        ),
    ] {
        let o = sc
            .objects
            .iter_mut()
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
            .unwrap();
        support::merge(o, &merge);
    }
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_has(
        &r.stdout,
        &[
            "le Job `calcul-pi` a échoué (`BackoffLimitExceeded` : Job has reached the specified backoff limit)",
            "`kubectl delete job calcul-pi` puis `kubectl apply -f job.yaml`",
            "le CronJob `horloge` n'a encore lancé aucune exécution (horaire `*/5 * * * *`)",
        ],
    );
    // Suspended.
    let mut sc = Scenario::load("job-cronjob");
    let cj = sc
        .objects
        .iter_mut()
        .find(|o| o["kind"] == "CronJob")
        .unwrap();
    support::merge(cj, &serde_json::json!({"spec": {"suspend": true}}));
    let (r, _) = check_scenario(sc, &[]);
    assert_has(
        &r.stdout,
        &["le CronJob `horloge` est suspendu (`spec.suspend: true`)"],
    );
    // Revision 1: no update, no rollback yet.
    let mut sc = Scenario::load("retour-arriere");
    let d = sc
        .objects
        .iter_mut()
        .find(|o| o["kind"] == "Deployment")
        .unwrap();
    support::merge(
        d,
        &serde_json::json!({"metadata": {"annotations": {"deployment.kubernetes.io/revision": "1"}}}),
    );
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "le Deployment `vitrine` en est à la révision 1, il en faut au moins 3",
            "kubectl rollout history deployment/vitrine",
        ],
    );
}

// ---------------------------------------------------------------- pinned outputs

/// The human output of every scenario, in French and in English, pinned
/// (`tests/snapshots/cluster__*.snap`; read them when they change).
#[test]
fn human_output_of_every_scenario() {
    let mut names: Vec<String> = std::fs::read_dir(support::fixtures())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .filter(|n| n != "kubectl-get")
        .collect();
    names.sort();
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    for name in &names {
        for lang in ["fr", "en"] {
            let (r, _) = check_scenario(Scenario::load(name), &["--lang", lang]);
            let text = port
                .replace_all(&(r.stdout + &r.stderr), "127.0.0.1:PORT")
                .into_owned();
            insta::assert_snapshot!(format!("{name}_{lang}"), text);
        }
    }
}
