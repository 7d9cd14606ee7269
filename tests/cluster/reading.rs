//! Snapshots and exports, read-only requests and Secrets, grading a class,
//! namespaces, the client shared by a `Session`, strict `[[cluster]]` keys.

use super::*;

// ---------------------------------------------------------------- snapshot and dump

#[test]
fn snapshot_then_check_dump_reads_it_back() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::start(Scenario::load("crashloop"));
    let kc = api.kubeconfig(tmp.path(), Some("tp"));
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["snapshot", "-n", "tp"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert_has(
        &yaml,
        &[
            "kind: List",
            "namespace: tp",
            "kind: Deployment",
            "kind: Secret",
            "KeyError: 'DATABASE_URL'",
        ],
    );
    let dump = tmp.path().join("etat.yaml");
    std::fs::write(&dump, &yaml).unwrap();
    drop(api);
    // Read back without any cluster: same diagnosis, with the logs.
    let dir = workdir(tmp.path(), &Scenario::load("crashloop"));
    let out = kubecours(tmp.path(), None)
        .args(["check", "8", "--dir"])
        .arg(&dir)
        .arg("--dump")
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_has(
        &stdout,
        &[
            "Cluster : export `",
            "etat.yaml`, namespace `tp`",
            "erreur[crash-loop]",
            "KeyError: 'DATABASE_URL'",
        ],
    );
}

#[test]
fn dump_accepts_kubectl_get_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(8),
            ..Scenario::default()
        },
    );
    let dump = support::fixtures().join("kubectl-get.yaml");
    let out = kubecours(tmp.path(), None)
        .args(["check", "8", "--dir"])
        .arg(&dir)
        .arg("--dump")
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_has(
        &stdout,
        &[
            "namespace `jdupont`",
            "erreur[image-pull]",
            "Pod `backend-59d8f7c6b4-k2x7q`",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // From standard input too.
    let out = kubecours(tmp.path(), None)
        .args(["check", "8", "--dir"])
        .arg(&dir)
        .args(["--dump", "-"])
        .write_stdin(std::fs::read(&dump).unwrap())
        .output()
        .unwrap();
    assert_has(
        &String::from_utf8_lossy(&out.stdout),
        &["erreur[image-pull]"],
    );
    // A file that is not an export: exit 2.
    let bad = tmp.path().join("pas-un-export.yaml");
    std::fs::write(&bad, "bonjour: [\n").unwrap();
    let out = kubecours(tmp.path(), None)
        .args(["check", "8", "--dir"])
        .arg(&dir)
        .arg("--dump")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_has(
        &String::from_utf8_lossy(&out.stderr),
        &["n'est pas du YAML valide", "kubecours snapshot >"],
    );
}

// ---------------------------------------------------------------- read-only, secrets, request count

const SECRET_VALUES: &[&str] = &[
    "MotDePasse-Tres-Secret-42",
    "TW90RGVQYXNzZS1UcmVzLVNlY3JldC00Mg==",
    "jeton-ultra-confidentiel-7",
    "amV0b24tdWx0cmEtY29uZmlkZW50aWVsLTc=",
];

#[test]
fn only_get_requests_and_no_secret_value_in_any_output() {
    let mut outputs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(support::fixtures())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .filter(|n| n != "kubectl-get")
        .collect();
    names.sort();
    assert!(names.len() >= 17, "{names:?}");
    for name in &names {
        for format in ["human", "json"] {
            let (r, api) = check_scenario(Scenario::load(name), &["--format", format]);
            assert!(
                r.code == 0 || r.code == 1,
                "{name}: {}\n{}",
                r.stdout,
                r.stderr
            );
            gets_only(&api);
            outputs.push((format!("{name} {format}"), r.stdout + &r.stderr));
        }
        let tmp = tempfile::tempdir().unwrap();
        let api = FakeApi::start(Scenario::load(name));
        let kc = api.kubeconfig(tmp.path(), Some("tp"));
        let out = kubecours(tmp.path(), Some(&kc))
            .arg("snapshot")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        gets_only(&api);
        outputs.push((
            format!("{name} snapshot"),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        ));
    }
    // Faults too.
    for f in [
        fault("*", Some(401), 0, false),
        fault("/secrets", Some(403), 0, false),
        fault("/pods", Some(500), 0, false),
    ] {
        let (r, api) = check_scenario(Scenario::load("sain").with_fault(f), &[]);
        gets_only(&api);
        outputs.push(("fault".into(), r.stdout + &r.stderr));
    }
    for (what, text) in &outputs {
        for v in SECRET_VALUES {
            assert!(!text.contains(v), "secret value «{v}» printed by {what}");
        }
    }
    // The Secrets are there, with their keys.
    let snap = &outputs
        .iter()
        .find(|(w, _)| w == "sain snapshot")
        .unwrap()
        .1;
    assert_has(
        snap,
        &["name: identifiants-db", "password: \"\"", "token: \"\""],
    );
}

#[test]
fn fifty_pods_one_request_per_kind_plus_logs_of_failing_containers() {
    let mut sc = Scenario::load("sain");
    let template = sc
        .objects
        .iter()
        .find(|o| o["kind"] == "Pod")
        .unwrap()
        .clone();
    sc.objects.retain(|o| o["kind"] != "Pod");
    for i in 0..50 {
        let mut p = template.clone();
        p["metadata"]["name"] = serde_json::json!(format!("backend-6d4b9c7f5-p{i:02}"));
        if i >= 47 {
            // Three failing Pods of the same Deployment: one log request.
            support::merge(
                &mut p,
                &serde_json::json!({"status": {"conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"exitCode": 2}}}]}}),
            );
        }
        sc.objects.push(p);
    }
    let (r, api) = check_scenario(sc, &[]);
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            "3 Pods sur 50 du Deployment `backend`",
        ],
    );
    let reqs = api.requests();
    let mut per_path = std::collections::BTreeMap::new();
    for q in &reqs {
        *per_path.entry(q.path.clone()).or_insert(0) += 1;
    }
    for (path, n) in &per_path {
        assert_eq!(*n, 1, "{path} requested {n} times");
    }
    let logs = reqs.iter().filter(|q| q.path.ends_with("/log")).count();
    assert_eq!(logs, 1);
    // 12 kinds, the namespace, and the log.
    assert_eq!(reqs.len(), 14, "{:#?}", per_path.keys());
}

// ---------------------------------------------------------------- grading

/// `kubecours grade --namespace-pattern`: each student's live namespace is
/// read (GET only); a student whose namespace does not exist gets the reason,
/// and the class goes on.
#[test]
fn grade_reads_each_students_namespace() {
    let tmp = tempfile::tempdir().unwrap();
    let api = FakeApi::start(Scenario::load("sain"));
    let kubeconfig = api.kubeconfig(tmp.path(), Some("tp"));
    let class = tmp.path().join("classe");
    let solution = root().join("exercises/05-service-clusterip/solution");
    for student in ["tp", "absent"] {
        let dir = class.join(student).join("05-service-clusterip");
        common::copy_dir(&solution, &dir);
    }
    let out = kubecours(tmp.path(), Some(&kubeconfig))
        .env("CI", "1")
        .args([
            "grade",
            "-e",
            "5",
            "--format",
            "json",
            "--namespace-pattern",
            "{etudiant}",
        ])
        .arg(&class)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cluster = |i: usize| common::cluster_outcomes(&v, i);
    // Students are sorted: `absent` first, then `tp`.
    assert_eq!(v["students"][1]["student"], "tp");
    let tp = cluster(1);
    assert!(
        !tp.is_empty() && tp.iter().all(|o| o["passed"] == true),
        "{tp:?}"
    );
    let absent = cluster(0);
    assert!(
        absent
            .iter()
            .all(|o| o["passed"].is_null() && o["detail"].as_str().unwrap().contains("absent")),
        "{absent:?}"
    );
    gets_only(&api);
}

// ---------------------------------------------------------------- namespaces, client

/// The scenario moved to another namespace.
fn moved(mut sc: Scenario, ns: &str) -> Scenario {
    sc.namespace = ns.to_string();
    for o in &mut sc.objects {
        o["metadata"]["namespace"] = serde_json::json!(ns);
        if o.get("involvedObject").is_some() {
            o["involvedObject"]["namespace"] = serde_json::json!(ns);
        }
    }
    sc
}

/// `-n` another namespace than the context's: the advice names the file
/// and `-n`, since the files do not write their namespace.
#[test]
fn apply_advice_names_the_file_and_the_namespace() {
    let (r, _) = check_scenario(
        moved(Scenario::load("image-introuvable"), "tp2"),
        &["-n", "tp2"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "namespace `tp2`",
            "erreur[image-pull]",
            "puis `kubectl apply -f deployment.yaml -n tp2`",
        ],
    );
    // The context's own namespace needs no `-n`.
    let (r, _) = check("image-introuvable");
    assert!(!r.stdout.contains(" -n tp"), "{}", r.stdout);
}

/// An export of several namespaces (`kubectl get … -A -o yaml`) is read in
/// the context's namespace (or `-n`), not in the one holding the most
/// objects; a namespace it does not hold is "non évaluée", not failed.
#[test]
fn a_dump_of_several_namespaces_is_read_in_the_contexts() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = Scenario::load("sain");
    let mut objects: Vec<serde_json::Value> = mine.objects.clone();
    // Another student's namespace, with more objects than ours.
    let mut others = moved(Scenario::load("crashloop"), "voisin").objects;
    others.extend(moved(Scenario::load("rolling-update"), "voisin").objects);
    objects.extend(others);
    let dump = tmp.path().join("tout.yaml");
    std::fs::write(
        &dump,
        serde_json::json!({"apiVersion": "v1", "kind": "List", "items": objects}).to_string(),
    )
    .unwrap();
    let kc = FakeApi::start(Scenario::default()).kubeconfig(tmp.path(), Some("tp"));
    let dir = workdir(tmp.path(), &Scenario::load("sain"));
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", "5", "--dir"])
        .arg(&dir)
        .arg("--dump")
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_has(&stdout, &["tout.yaml`, namespace `tp`", "✓ Score : 16/16"]);
    // `-n` a namespace the export does not hold: not evaluated, the static
    // result stands.
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", "5", "--dir"])
        .arg(&dir)
        .arg("--dump")
        .arg(&dump)
        .args(["-n", "absent"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_has(
        &stdout,
        &[
            "non évaluée : export `",
            "ne contient pas le namespace `absent`",
        ],
    );
    assert!(!stdout.contains("✗"), "{stdout}");
}

#[test]
fn every_request_carries_the_user_agent() {
    let (_, api) = check("crashloop");
    let reqs = api.requests();
    let want = format!("kubecours/{}", env!("CARGO_PKG_VERSION"));
    assert!(reqs.iter().all(|q| q.user_agent == want), "{reqs:#?}");
}

/// One [`kubecours::cluster::Session`] for a class: one client, whose
/// connections the following reads reuse, shared between threads.
#[test]
fn a_session_reads_many_namespaces_with_one_client() {
    use kubecours::cluster::{Session, Target};
    let tmp = tempfile::tempdir().unwrap();
    let mut sc = Scenario::load("sain");
    let second = moved(Scenario::load("sain"), "tp2");
    sc.objects.extend(second.objects);
    let api = FakeApi::start(sc);
    let target = Target {
        context: None,
        kubeconfig: Some(api.kubeconfig(tmp.path(), Some("tp"))),
    };
    let session = Session::connect(&target, std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(session.default_namespace(), "tp");
    assert!(api.requests().is_empty(), "connecting sends nothing");
    let first = session.read(None, &[]).unwrap();
    let after_first = api.connections();
    assert_eq!(first.namespace, "tp");
    std::thread::scope(|s| {
        let a = s.spawn(|| session.read(Some("tp"), &[]).unwrap());
        let b = s.spawn(|| session.read(Some("tp2"), &[]).unwrap());
        assert_eq!(a.join().unwrap().objects.len(), first.objects.len());
        assert_eq!(b.join().unwrap().namespace, "tp2");
    });
    let added = api.connections() - after_first;
    assert!(
        added < after_first,
        "three reads: {after_first} connections for the first, {added} more for two others"
    );
    // A missing namespace is an error of that read only.
    let err = session.read(Some("inexistant"), &[]).err().unwrap();
    assert!(
        err.message(kubecours::i18n::Lang::Fr)
            .contains("`inexistant`")
    );
    assert!(session.read(Some("tp"), &[]).is_ok());
    gets_only(&api);
}

/// `[[cluster]]` tables are read strictly: a key of another kind of check
/// is refused when the exercises are read, with the sentence of `dev check`.
#[test]
fn a_cluster_key_of_another_check_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = tmp.path().join("exercises");
    common::copy_dir(
        &root().join("exercises/03-deployment"),
        &ex.join("03-deployment"),
    );
    let toml = ex.join("03-deployment/exercise.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replacen(
            "check = \"deployment-available\"",
            "check = \"deployment-available\"\nselector = { app = \"frontend\" }",
            1,
        ),
    )
    .unwrap();
    for (lang, needle) in [
        (
            "fr",
            "attente cluster `deux-pods-disponibles` : la clé `selector` n'existe pas pour `deployment-available`",
        ),
        (
            "en",
            "cluster expectation `deux-pods-disponibles`: key `selector` does not exist for `deployment-available`",
        ),
    ] {
        let out = kubecours(tmp.path(), None)
            .arg("--exercises")
            .arg(&ex)
            .args(["--lang", lang, "dev", "check"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_has(&stderr, &["03-deployment", "exercise.toml", needle]);
        assert!(!stderr.contains('\u{1f}'), "{stderr:?}");
    }
}
