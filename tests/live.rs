//! The cluster side against a real Kubernetes API server (1.37, from
//! `tests/apiserver/`): one control plane for this test binary, each test in
//! namespaces of its own. What it has: real RBAC, ServiceAccount tokens, TLS,
//! the controllers (Deployments make ReplicaSets make Pods, Jobs make Pods,
//! EndpointSlices), an audit log. What it has not: a scheduler and a kubelet,
//! so Pods stay `Pending`; where a scenario needs what only they write, the
//! test writes it as they would (the Pod `status` subresource, events).
//!
//! The student is the ServiceAccount `kubecours-live:etudiant`, bound in each
//! namespace to the README's read-only Role, with a token from `kubectl
//! create token`; kubecours runs as a separate process, as the student would.

#[path = "support/control_plane.rs"]
mod control_plane;

use control_plane::{ControlPlane, STUDENT_USER, bounded, get, readme_role, root};
use kubecours::exercise::Catalog;
use kubecours::exercise::checks::Check;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

/// `kubecours ARGS` as the student, with a clean environment (no colour,
/// French, HOME in `home`, no in-cluster variables), 60 s at most.
fn kubecours(home: &Path, kubeconfig: Option<&Path>, args: &[&str]) -> Run {
    let mut c = bounded(
        Duration::from_secs(60),
        Path::new(env!("CARGO_BIN_EXE_kubecours")),
    );
    c.current_dir(home)
        .args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env_remove("KUBERNETES_SERVICE_PORT")
        .env_remove("KUBECOURS_EXERCISES");
    match kubeconfig {
        Some(k) => c.env("KUBECONFIG", k),
        None => c.env_remove("KUBECONFIG"),
    };
    Run::of(c.output().unwrap())
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "missing «{n}» in:\n{text}");
    }
}

/// Exit 2, one line of French that says what to do, no library noise.
fn assert_fault(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("erreur: "), "{}", r.stderr);
    assert!(r.stderr.contains("Que faire"), "{}", r.stderr);
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
    for noise in [
        "panicked",
        "HyperError",
        "ServiceError",
        "kube::",
        "Error {",
    ] {
        assert!(!r.stderr.contains(noise), "«{noise}»: {}", r.stderr);
    }
    assert_has(&r.stderr, needles);
}

/// Writes files into a new folder.
fn folder(tmp: &Path, name: &str, files: &[(String, Vec<u8>)]) -> PathBuf {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (n, bytes) in files {
        std::fs::write(dir.join(n), bytes).unwrap();
    }
    dir
}

/// `kubectl apply -f` of each file (a file the server refuses is left out,
/// as for a student; the others are applied).
fn apply_each(cp: &ControlPlane, ns: &str, dir: &Path, files: &[(String, Vec<u8>)]) {
    for (n, _) in files {
        let _ = cp.admin(&["-n", ns, "apply", "-f", dir.join(n).to_str().unwrap()]);
    }
}

fn catalog() -> Catalog {
    Catalog::from_dir(&root().join("exercises")).unwrap()
}

fn student_kubeconfig(cp: &ControlPlane, tmp: &Path, ns: &str) -> PathBuf {
    cp.student_kubeconfig(tmp, ns, &cp.token, &cp.ca)
}

fn check(cp: &ControlPlane, tmp: &Path, ns: &str, n: u32, dir: &Path, extra: &[&str]) -> Run {
    let kc = student_kubeconfig(cp, tmp, ns);
    let n = n.to_string();
    let mut args = vec!["check", n.as_str(), "--dir", dir.to_str().unwrap()];
    args.extend(extra);
    kubecours(tmp, Some(&kc), &args)
}

// ---------------------------------------------------------------- oracle

/// The object `kind/name` of `ns` as the server has it (admin), if any.
fn live(cp: &ControlPlane, ns: &str, resource: &str, name: &str) -> Option<Value> {
    let out = cp.admin(&["-n", ns, "get", resource, name, "-o", "json"]);
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).unwrap())
}

fn items(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// `kubectl diff` (server-side dry run, the admin's): the objects of `file`
/// that would change, as `Kind.namespace.name`.
fn diff_objects(cp: &ControlPlane, ns: &str, file: &Path) -> Option<Vec<String>> {
    let out = cp.admin(&["-n", ns, "diff", "-f", file.to_str().unwrap()]);
    match out.status.code() {
        Some(0) => Some(Vec::new()),
        Some(1) => Some(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.strip_prefix("diff -u -N "))
                .filter_map(|l| l.split_whitespace().next())
                .filter_map(|p| p.rsplit('/').next())
                .map(str::to_string)
                .collect(),
        ),
        // The file could not be read or applied at all.
        _ => None,
    }
}

/// What each cluster expectation must give on this server, read as the
/// admin from the objects the server stores (not through kubecours), or
/// `None` where the truth moved while the check ran (a CronJob's schedule).
fn expected(
    cp: &ControlPlane,
    ns: &str,
    c: &Check,
    dir: &Path,
    files: &[(String, Vec<u8>)],
    cronjobs_before: &Value,
) -> Option<bool> {
    Some(match c {
        // Without a kubelet, no Pod is ever ready, no Job ever completes.
        Check::DeploymentAvailable(_)
        | Check::PodsReady(_)
        | Check::ServiceEndpoints(_)
        | Check::ImageRunning(_)
        | Check::JobComplete(_) => false,
        Check::DeploymentRevision(d) => live(cp, ns, "deployment", &d.name).is_some_and(|o| {
            o["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                .as_str()
                .and_then(|r| r.parse::<i64>().ok())
                .is_some_and(|r| r >= d.min)
        }),
        Check::CronJobScheduled(cj) => {
            let scheduled = |o: Option<&Value>| {
                o.is_some_and(|o| {
                    o["spec"]["suspend"] != true && !o["status"]["lastScheduleTime"].is_null()
                })
            };
            let before = items(&cronjobs_before["items"])
                .iter()
                .find(|o| o["metadata"]["name"] == cj.name.as_str());
            let after = live(cp, ns, "cronjob", &cj.name);
            // A schedule that came due while the check ran proves nothing.
            let (b, a) = (scheduled(before), scheduled(after.as_ref()));
            return (b == a).then_some(a);
        }
        Check::EnvFromConfigMap(e) => {
            let has_key = live(cp, ns, "configmap", &e.configmap).is_some_and(|cm| {
                !cm["data"][&e.key].is_null() || !cm["binaryData"][&e.key].is_null()
            });
            let reads = live(cp, ns, "deployment", &e.deployment).is_some_and(|d| {
                items(&d["spec"]["template"]["spec"]["containers"])
                    .iter()
                    .any(|ct| {
                        items(&ct["envFrom"])
                            .iter()
                            .any(|f| f["configMapRef"]["name"] == e.configmap.as_str())
                            || items(&ct["env"]).iter().any(|v| {
                                let r = &v["valueFrom"]["configMapKeyRef"];
                                r["name"] == e.configmap.as_str() && r["key"] == e.key.as_str()
                            })
                    })
            });
            has_key && reads
        }
        Check::IngressRoutes(r) => {
            use kubecours::exercise::checks::ingress_routes::Port;
            let service_exists = live(cp, ns, "service", &r.service).is_some();
            let list = cp.json(&["-n", ns, "get", "ingresses"]);
            service_exists
                && items(&list["items"])
                    .iter()
                    .filter(|i| {
                        r.name
                            .as_ref()
                            .is_none_or(|n| i["metadata"]["name"] == n.as_str())
                    })
                    .flat_map(|i| items(&i["spec"]["rules"]).iter())
                    .filter(|rule| {
                        r.host.as_ref().is_none_or(|(_, re)| {
                            rule["host"].as_str().is_some_and(|h| re.is_match(h))
                        })
                    })
                    .flat_map(|rule| items(&rule["http"]["paths"]).iter())
                    .any(|p| {
                        let b = &p["backend"]["service"];
                        p["path"].as_str().unwrap_or("/") == r.path
                            && b["name"] == r.service.as_str()
                            && match &r.port {
                                Port::Number(n) => b["port"]["number"] == *n,
                                Port::Name(n) => b["port"]["name"] == n.as_str(),
                            }
                    })
        }
        Check::MatchesFile(m) => {
            let resource = m.kind.to_lowercase();
            if live(cp, ns, &resource, &m.name).is_none() {
                return Some(false);
            }
            // The file of the object, by its `kind:` and `name:` lines.
            let Some((file, _)) = files.iter().find(|(_, b)| {
                let t = String::from_utf8_lossy(b);
                t.contains(&format!("kind: {}", m.kind)) && t.contains(&format!("name: {}", m.name))
            }) else {
                return Some(false);
            };
            let changed = diff_objects(cp, ns, &dir.join(file))?;
            !changed
                .iter()
                .any(|o| o.ends_with(&format!(".{}.{ns}.{}", m.kind, m.name)))
        }
    })
}

/// Applies a variant of an exercise in a fresh namespace, checks it as the
/// student, and compares every cluster outcome with what the server holds.
fn variant(
    cp: &ControlPlane,
    ex: &kubecours::exercise::Exercise,
    label: &str,
    files: &[(String, Vec<u8>)],
) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let n = ex.spec.id;
    let ns = cp.namespace(&format!("ex{n:02}-{label}"));
    let dir = folder(tmp.path(), "fichiers", files);
    apply_each(cp, &ns, &dir, files);
    cp.settle(&ns);
    let cronjobs_before = cp.json(&["-n", &ns, "get", "cronjobs"]);
    let pods_before = cp.pods(&ns);
    let r = check(cp, tmp.path(), &ns, n, &dir, &["--format", "json"]);
    let what = format!("exercise {n} {label} (namespace {ns})");
    assert!(
        r.code == 0 || r.code == 1,
        "{what}: {}\n{}",
        r.stdout,
        r.stderr
    );
    let v = r.json();
    assert_eq!(r.code, if v["passed"] == true { 0 } else { 1 }, "{what}");
    assert_eq!(v["cluster"]["namespace"], ns.as_str(), "{what}");
    let outcomes: Vec<&Value> = items(&v["expectations"])
        .iter()
        .filter(|o| o["cluster"] == true)
        .collect();
    assert_eq!(outcomes.len(), ex.spec.cluster.len(), "{what}");
    let mut report = Vec::new();
    for c in &ex.spec.cluster {
        let o = outcomes.iter().find(|o| o["id"] == c.id.as_str()).unwrap();
        assert!(
            !o["passed"].is_null(),
            "{what}: `{}` not evaluated: {o}",
            c.id
        );
        let got = o["passed"].as_bool().unwrap();
        if let Some(want) = expected(cp, &ns, &c.check, &dir, files, &cronjobs_before) {
            assert_eq!(
                got,
                want,
                "{what}: `{}` ({}): kubecours says {got}, the server's objects say {want}: {o}",
                c.id,
                c.check.kind()
            );
        }
        report.push(format!("{}={got}", c.id));
    }
    let ids: Vec<&str> = items(&v["findings"])
        .iter()
        .filter(|f| f["kind"] == "diagnosis")
        .filter_map(|f| f["id"].as_str())
        .collect();
    let pods = cp.pods(&ns);
    if label == "solution" {
        // Everything applied matches its file (the real server's defaults
        // and canonical quantities are not differences).
        assert!(
            !ids.contains(&"drift") && !ids.contains(&"not-applied"),
            "{what}: {}",
            serde_json::to_string_pretty(&v["findings"]).unwrap()
        );
        // The Pods the controllers made stay Pending: said, with the reason
        // (unless a CronJob made one while the check ran).
        if pods == pods_before {
            assert_eq!(
                !pods.is_empty(),
                ids.contains(&"pending-unschedulable"),
                "{what}: pods {pods:?}, diagnoses {ids:?}"
            );
        }
    }
    format!("{what}: {}", report.join(" "))
}

// ---------------------------------------------------------------- tests

/// Every cluster check of every exercise, on what the real server holds
/// after `kubectl apply` of the solution, of the starter and of each mistake.
#[test]
fn every_check_of_every_exercise_on_the_real_server() {
    let cp = get();
    let catalog = catalog();
    let mut jobs: Vec<(
        &kubecours::exercise::Exercise,
        String,
        Vec<(String, Vec<u8>)>,
    )> = Vec::new();
    for ex in catalog
        .exercises
        .iter()
        .filter(|e| !e.spec.cluster.is_empty())
    {
        jobs.push((ex, "solution".into(), ex.solution.clone()));
        jobs.push((ex, "starter".into(), ex.starter.clone()));
        for m in &ex.mistakes {
            jobs.push((ex, m.case.clone(), ex.mistake_files(m)));
        }
    }
    let total = jobs.len();
    let queue = std::sync::Mutex::new(jobs);
    let lines = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let Some((ex, label, files)) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    let line = variant(cp, ex, &label, &files);
                    lines.lock().unwrap().push(line);
                }
            });
        }
    });
    let lines = lines.into_inner().unwrap();
    assert_eq!(lines.len(), total);
    assert!(total >= 48, "{total} variants");
    eprintln!("{}", lines.join("\n"));
    // The student's account only read.
    let audit = cp.audit(STUDENT_USER);
    assert!(audit.len() >= total * 13, "{} audit entries", audit.len());
    for e in &audit {
        assert!(matches!(e["verb"].as_str(), Some("get" | "list")), "{e}");
        assert!(
            e["userAgent"]
                .as_str()
                .is_some_and(|u| u.starts_with("kubecours/")),
            "{e}"
        );
    }
}

/// The acceptance: `check 3` by the student account after applying the
/// solution, with no node: exit 1, a French diagnosis of the Pending Pods,
/// only `get` and `list` in the audit log. Then the verdict the scheduler
/// writes when no node exists, stored by the real server.
#[test]
fn check_3_by_the_student_with_no_node() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let ex = catalog();
    let ex = ex.find("3").unwrap();
    let ns = cp.namespace("acceptation");
    let dir = folder(tmp.path(), "03-deployment", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let pods = cp.pods(&ns);
    assert_eq!(pods.len(), 2, "the controllers made the two Pods");
    let before = cp.audit(STUDENT_USER).len();
    let r = check(cp, tmp.path(), &ns, 3, &dir, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            &format!("namespace `{ns}`"),
            "✗ Le Deployment `frontend` a au moins 2 réplicas disponibles (cluster)",
            "le Deployment `frontend` a 0 réplica(s) disponible(s) sur 2 attendu(s)",
            "erreur[pending-unschedulable]",
            "(du Deployment `frontend`) reste en attente (Pending)",
            "2 Pods sur 2 du Deployment `frontend` sont dans ce cas",
            "`kubectl get nodes`",
        ],
    );
    let audit = cp.audit(STUDENT_USER);
    let mine: Vec<&Value> = audit[before..]
        .iter()
        .filter(|e| e["objectRef"]["namespace"] == ns.as_str())
        .collect();
    assert!(mine.len() >= 13, "{mine:?}");
    for e in &mine {
        assert!(matches!(e["verb"].as_str(), Some("get" | "list")), "{e}");
    }
    // What kube-scheduler 1.37 writes when no node is registered.
    for p in &pods {
        cp.pod_status(
            &ns,
            p,
            json!({"conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "no nodes available to schedule pods"}]}),
        );
        cp.pod_event(
            &ns,
            p,
            "FailedScheduling",
            "no nodes available to schedule pods",
            "default-scheduler",
        );
    }
    let r = check(cp, tmp.path(), &ns, 3, &dir, &[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "reste en attente (Pending, FailedScheduling) : le cluster n'a aucun nœud capable d'exécuter ce Pod",
            "le cluster dit : no nodes available to schedule pods",
            "quota du namespace",
        ],
    );
    let r = check(cp, tmp.path(), &ns, 3, &dir, &["--lang", "en"]);
    assert_has(&r.stdout, &["the cluster has no node able to run this Pod"]);
}

/// States only a kubelet sets, written through the Pod `status` subresource
/// (and the kubelet's events), stored by the real server, then diagnosed.
#[test]
fn kubelet_states_written_through_the_status_subresource() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("10").unwrap();
    let running = json!({"running": {"startedAt": "2026-01-06T09:00:00Z"}});
    let cases: Vec<(&str, Option<(&str, &str)>, Value, Vec<&str>)> = vec![
        (
            "never-pull",
            Some(("imagePullPolicy: Always", "imagePullPolicy: Never")),
            json!({"phase": "Pending", "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 0, "image": "ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": false, "state": {"waiting": {"reason": "ErrImageNeverPull", "message": "Container image \"ragatzino/backend-demo-conception-logicielle:latest\" is not present with pull policy of Never"}}}]}),
            vec![
                "erreur[image-never-pull]",
                "--> deployment.yaml:21:28",
                "supprimez la ligne `imagePullPolicy: Never`",
                "is not present with pull policy of Never",
            ],
        ),
        (
            "crashloop",
            None,
            json!({"phase": "Running", "podIP": "10.42.0.7", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 5, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=backend"}}, "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-01-06T09:05:00Z", "finishedAt": "2026-01-06T09:05:02Z"}}}]}),
            vec![
                "erreur[crash-loop]",
                "CrashLoopBackOff, 5 redémarrage(s), dernier code de sortie 1",
                // No node: the server gives an empty log, and the help says so.
                "son journal est vide",
            ],
        ),
        (
            "readiness",
            None,
            json!({"phase": "Running", "podIP": "10.42.0.8", "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 0, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": true, "state": {"running": running["running"]}}]}),
            vec![
                "erreur[readiness-failing]",
                "sa sonde `readinessProbe` (`/health` sur le port 8000) échoue",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
            ],
        ),
        (
            "oomkilled",
            None,
            json!({"phase": "Running", "podIP": "10.42.0.9", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 3, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=backend"}}, "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2026-01-06T09:05:00Z", "finishedAt": "2026-01-06T09:05:09Z"}}}]}),
            vec![
                "erreur[oom-killed]",
                "il a dépassé sa limite de mémoire (200Mi) et a été tué (OOMKilled, code 137)",
                "--> deployment.yaml:30:23",
            ],
        ),
    ];
    for (name, edit, status, needles) in cases {
        let ns = cp.namespace(&format!("kubelet-{name}"));
        let mut files = ex.solution.clone();
        if let Some((from, to)) = edit {
            for (_, b) in &mut files {
                *b = String::from_utf8_lossy(b)
                    .replacen(from, to, 1)
                    .into_bytes();
            }
        }
        let dir = folder(tmp.path(), name, &files);
        apply_each(cp, &ns, &dir, &files);
        cp.settle(&ns);
        let pods = cp.pods(&ns);
        assert_eq!(pods.len(), 1, "{name}");
        cp.pod_status(&ns, &pods[0], status);
        if name == "readiness" {
            cp.pod_event(
                &ns,
                &pods[0],
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
                "kubelet",
            );
        }
        let stored = live(cp, &ns, "pod", &pods[0]).unwrap();
        assert!(
            !stored["status"]["containerStatuses"][0]["name"].is_null(),
            "the server stored the status: {stored}"
        );
        let r = check(cp, tmp.path(), &ns, 10, &dir, &[]);
        assert_eq!(r.code, 1, "{name}: {}\n{}", r.stdout, r.stderr);
        assert_has(&r.stdout, &needles);
        assert!(!r.stdout.contains("ci-dessous :"), "{name}: {}", r.stdout);
    }
}

/// The VSCode pod's way: no kubeconfig, the ServiceAccount's token, CA and
/// namespace files in `/var/run/secrets/kubernetes.io/serviceaccount/`,
/// `KUBERNETES_SERVICE_HOST`/`PORT`. kube reads those fixed paths, so the
/// test runs kubecours in a private mount namespace (`unshare -rm`) where a
/// tmpfs hides `/run` and a folder of the test is bound over that path.
#[test]
fn in_cluster_service_account() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("5").unwrap();
    let ns = cp.namespace("dans-le-pod");
    let dir = folder(tmp.path(), "05-service-clusterip", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let sa = tmp.path().join("serviceaccount");
    std::fs::create_dir_all(&sa).unwrap();
    std::fs::write(sa.join("token"), &cp.token).unwrap();
    std::fs::copy(&cp.ca, sa.join("ca.crt")).unwrap();
    std::fs::write(sa.join("namespace"), &ns).unwrap();
    let script = format!(
        "set -e; mount -t tmpfs tmpfs /run; mkdir -p /run/secrets/kubernetes.io/serviceaccount; mount --bind {sa} /run/secrets/kubernetes.io/serviceaccount; exec {bin} check 5 --dir {dir} \"$@\"",
        sa = sa.display(),
        bin = env!("CARGO_BIN_EXE_kubecours"),
        dir = dir.display()
    );
    let run = || {
        let mut c = bounded(Duration::from_secs(60), Path::new("unshare"));
        c.args(["-rm", "sh", "-c", &script, "sh"])
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .env("HOME", tmp.path())
            .env_remove("KUBECONFIG")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env("KUBERNETES_SERVICE_HOST", "127.0.0.1")
            .env("KUBERNETES_SERVICE_PORT", cp.port.to_string());
        Run::of(c.output().unwrap())
    };
    let r = run();
    assert!(
        !r.stderr.contains("unshare:"),
        "unshare -rm is needed for this test: {}",
        r.stderr
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            &format!(
                "Cluster : cluster du pod (https://127.0.0.1:{}), namespace `{ns}`",
                cp.port
            ),
            "✓ Le Service du cluster correspond à votre fichier `service.yaml` (cluster)",
            "✗ Le Service `backend` a un Pod prêt derrière lui (cluster)",
        ],
    );
    // A token the server no longer accepts, in the pod: what to do there.
    std::fs::write(sa.join("token"), "jeton-revoque").unwrap();
    let r = run();
    assert_fault(
        &r,
        &[
            "refuse le jeton du ServiceAccount du pod (401 Unauthorized)",
            "redémarrez le pod VSCode",
        ],
    );
    std::fs::write(sa.join("token"), &cp.token).unwrap();
    // The wrong port's CA: TLS fails, in the pod's words.
    let other = tmp.path().join("autre-ca");
    std::process::Command::new(control_plane_kcp(cp))
        .args(["certs", other.to_str().unwrap(), "--server", &cp.server])
        .output()
        .unwrap();
    std::fs::copy(other.join("ca.crt"), sa.join("ca.crt")).unwrap();
    let r = run();
    assert_fault(&r, &["échec TLS", "`ca.crt` du ServiceAccount"]);
}

fn control_plane_kcp(cp: &ControlPlane) -> PathBuf {
    let env = std::fs::read_to_string(cp.dir.join("cluster.env")).unwrap();
    PathBuf::from(
        env.lines()
            .find_map(|l| l.strip_prefix("KCP_BIN="))
            .unwrap(),
    )
}

/// Real RBAC refusals and credentials the server rejects: exit 2 (or the
/// documented note for logs) and a French message that says what to do.
#[test]
fn rbac_faults_tls_and_expired_tokens() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("8").unwrap();
    let dir = folder(tmp.path(), "08", &ex.solution);
    let role = readme_role();

    // A Role without `list` on `pods`.
    let no_pods = role.replacen(
        "resources: [pods, pods/log, services",
        "resources: [pods/log, services",
        1,
    );
    assert_ne!(no_pods, role);
    let ns = cp.namespace_with("sans-list-pods", &no_pods, true);
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            &format!("`{STUDENT_USER}` n'a pas le droit `list pods` dans le namespace `{ns}`"),
            &format!("kubectl auth can-i list pods -n {ns}"),
            "`jobs`, `cronjobs` (groupe `batch`)",
        ],
    );

    // No RoleBinding at all: every list is refused, each is named.
    let ns = cp.namespace_with("sans-rolebinding", &role, false);
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            "`list pods`",
            "`list deployments` (apps)",
            "`list jobs` (batch)",
            "`list ingresses` (networking.k8s.io)",
            "RoleBinding",
        ],
    );

    // A Role without `get` on `pods/log`: the check goes on (exit 1), the
    // missing logs are said, with the command to read them.
    let no_logs = role.replacen("[pods, pods/log, services", "[pods, services", 1);
    let ns = cp.namespace_with("sans-journaux", &no_logs, true);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let pod = cp.pods(&ns).remove(0);
    cp.pod_status(
        &ns,
        &pod,
        json!({"phase": "Running", "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 2, "image": "x", "imageID": "", "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
    );
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            &format!(
                "journaux de `{pod}/backend` non lus (droit `get` sur `pods/log` manquant) : `kubectl logs {pod} -c backend --previous`"
            ),
            &format!("lisez le journal : `kubectl logs {pod} --previous`"),
        ],
    );

    // An expired token: the student's own token, re-signed by the
    // cluster's key with `exp` in the past (`kubectl create token` refuses
    // durations under 10 minutes). The same claims with a future `exp` are
    // accepted: only the expiry differs.
    let ns = cp.namespace("jeton-expire");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let expired = resign(cp, now - 7200, now - 3600);
    let fresh = resign(cp, now - 60, now + 3600);
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &fresh, &cp.ca);
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "the re-signed token is accepted: {}", r.stderr);
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &expired, &cp.ca);
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_fault(
        &r,
        &[
            "refuse vos identifiants (401 Unauthorized)",
            "a expiré",
            "retéléchargez le kubeconfig",
        ],
    );
    let log = std::fs::read_to_string(cp.dir.join("kube-apiserver.log")).unwrap();
    assert!(
        log.contains("service account token has expired"),
        "the server saw an expired token"
    );

    // TLS with a CA that did not sign the server's certificate.
    let other = tmp.path().join("autre-ca");
    let out = std::process::Command::new(control_plane_kcp(cp))
        .args(["certs", other.to_str().unwrap(), "--server", &cp.server])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &cp.token, &other.join("ca.crt"));
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_fault(
        &r,
        &[
            "échec TLS",
            "certificate-authority-data",
            "retéléchargez-le",
        ],
    );
}

/// The student's token with new times, signed with the cluster's
/// ServiceAccount key (`openssl dgst -sha256 -sign`).
fn resign(cp: &ControlPlane, iat: i64, exp: i64) -> String {
    use control_plane::{b64url, b64url_decode};
    let mut parts = cp.token.split('.');
    let header = parts.next().unwrap();
    let mut claims: Value = serde_json::from_slice(&b64url_decode(parts.next().unwrap())).unwrap();
    claims["iat"] = json!(iat);
    claims["nbf"] = json!(iat);
    claims["exp"] = json!(exp);
    let signed = format!("{header}.{}", b64url(claims.to_string().as_bytes()));
    let mut child = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-binary", "-sign"])
        .arg(cp.dir.join("sa.key"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl is needed to sign the expired token");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(signed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    format!("{signed}.{}", b64url(&out.stdout))
}

/// Real controllers: a Job makes its Pod; when that Pod ends well (as a
/// kubelet would report), the Job controller marks the Job `Complete`, and
/// `job-complete` passes; the Pods of a Deployment made ready on a Node
/// object make the real EndpointSlice and Deployment controllers count
/// them: `service-endpoints` and `deployment-available` pass.
#[test]
fn real_controllers_complete_a_job_and_count_ready_pods() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    // Job.
    let ex = catalog.find("15").unwrap();
    let ns = cp.namespace("job");
    let dir = folder(tmp.path(), "15", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let pods = cp.pods(&ns);
    assert_eq!(pods.len(), 1, "the Job controller made its Pod: {pods:?}");
    cp.pod_status(
        &ns,
        &pods[0],
        json!({"phase": "Succeeded", "conditions": [{"type": "Ready", "status": "False", "reason": "PodCompleted"}], "containerStatuses": [{"name": "pi", "ready": false, "restartCount": 0, "image": "docker.io/library/perl:5.40", "imageID": "", "started": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2026-01-06T09:00:00Z", "finishedAt": "2026-01-06T09:00:30Z"}}}]}),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while live(cp, &ns, "job", "calcul-pi").is_none_or(|j| {
        !items(&j["status"]["conditions"])
            .iter()
            .any(|c| c["type"] == "Complete" && c["status"] == "True")
    }) {
        assert!(
            std::time::Instant::now() < deadline,
            "the Job never completed"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let r = check(cp, tmp.path(), &ns, 15, &dir, &[]);
    assert_has(
        &r.stdout,
        &[
            "✓ Le Job `calcul-pi` s'est terminé avec succès (condition `Complete`) (cluster)",
            "✗ Le CronJob `horloge` est actif et a déjà lancé au moins une exécution (cluster)",
        ],
    );

    // A Deployment's Pod, bound to a Node object and reported ready.
    let ex = catalog.find("5").unwrap();
    let ns = cp.namespace("pret");
    let dir = folder(tmp.path(), "05", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let node = format!("noeud-{ns}");
    cp.admin_apply(
        "default",
        &format!("apiVersion: v1\nkind: Node\nmetadata:\n  name: {node}\n  labels: {{kubernetes.io/hostname: {node}}}\n"),
    )
    .unwrap();
    let pod = cp.pods(&ns).remove(0);
    let binding = json!({"apiVersion": "v1", "kind": "Binding", "metadata": {"name": pod}, "target": {"apiVersion": "v1", "kind": "Node", "name": node}});
    let file = tmp.path().join("binding.json");
    std::fs::write(&file, binding.to_string()).unwrap();
    cp.admin_ok(&[
        "create",
        "--raw",
        &format!("/api/v1/namespaces/{ns}/pods/{pod}/binding"),
        "-f",
        file.to_str().unwrap(),
    ])
    .unwrap();
    cp.pod_status(
        &ns,
        &pod,
        json!({"phase": "Running", "podIP": "10.42.3.4", "podIPs": [{"ip": "10.42.3.4"}], "hostIP": "192.0.2.1", "startTime": "2026-01-06T09:00:00Z", "conditions": [{"type": "PodScheduled", "status": "True"}, {"type": "Initialized", "status": "True"}, {"type": "ContainersReady", "status": "True"}, {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-06T09:00:05Z"}], "containerStatuses": [{"name": "backend", "ready": true, "restartCount": 0, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": true, "state": {"running": {"startedAt": "2026-01-06T09:00:01Z"}}}]}),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let slices = cp.json(&[
            "-n",
            &ns,
            "get",
            "endpointslices",
            "-l",
            "kubernetes.io/service-name=backend",
        ]);
        let ready = items(&slices["items"])
            .iter()
            .flat_map(|s| items(&s["endpoints"]).iter())
            .any(|e| e["conditions"]["ready"] == true);
        if ready {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the EndpointSlice controller never counted the Pod: {slices}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let r = check(cp, tmp.path(), &ns, 5, &dir, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "✓ Le Service `backend` a un Pod prêt derrière lui (cluster)",
            "✓ Score : 16/16",
        ],
    );
    assert!(!r.stdout.contains("erreur["), "{}", r.stdout);
}

/// A snapshot made by the student on the real server reads back with
/// `--dump` to the same outcomes, and holds no Secret value.
#[test]
fn snapshot_of_the_real_server_reads_back() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("9").unwrap();
    let ns = cp.namespace("instantane");
    let dir = folder(tmp.path(), "09", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let secret_values: Vec<String> = cp.json(&["-n", &ns, "get", "secrets"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["data"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, v)| v.as_str().unwrap_or("").to_string())
        })
        .filter(|v| v.len() >= 4)
        .collect();
    assert!(!secret_values.is_empty(), "exercise 9 applies a Secret");
    let kc = student_kubeconfig(cp, tmp.path(), &ns);
    let snap = kubecours(tmp.path(), Some(&kc), &["snapshot"]);
    assert_eq!(snap.code, 0, "{}", snap.stderr);
    for v in &secret_values {
        assert!(
            !snap.stdout.contains(v.as_str()),
            "a Secret value in the snapshot"
        );
    }
    let dump = tmp.path().join("etat.yaml");
    std::fs::write(&dump, &snap.stdout).unwrap();
    let live_run = check(cp, tmp.path(), &ns, 9, &dir, &["--format", "json"]);
    let dumped = kubecours(
        tmp.path(),
        None,
        &[
            "check",
            "9",
            "--dir",
            dir.to_str().unwrap(),
            "--dump",
            dump.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let outcomes = |r: &Run| -> Vec<(String, Value)> {
        items(&r.json()["expectations"])
            .iter()
            .map(|o| (o["id"].as_str().unwrap().to_string(), o["passed"].clone()))
            .collect()
    };
    assert_eq!(outcomes(&live_run), outcomes(&dumped));
    assert_eq!(live_run.code, dumped.code);
}
