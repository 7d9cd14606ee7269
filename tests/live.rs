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

#[path = "live/accounts.rs"]
mod accounts;
#[path = "live/kubelet.rs"]
mod kubelet;

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

/// `check`'s lines as one line each: a long check text wraps onto indented
/// lines so that its points stay in their column; here the points go and the
/// text is whole again (`✓ Le Job … (cluster)`).
fn unwrapped(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let is_points = |w: &str| {
            w.split_once('/').is_some_and(|(a, b)| {
                (a == "–" || a.bytes().all(|c| c.is_ascii_digit()))
                    && !b.is_empty()
                    && b.bytes().all(|c| c.is_ascii_digit())
            })
        };
        let mut line = line.to_string();
        if let Some((head, last)) = line.trim_end().rsplit_once("  ")
            && is_points(last.trim())
            && (head.trim_start().starts_with(['✓', '✗', '○']))
        {
            line = head.trim_end().to_string();
        }
        let continues = line.starts_with("    ")
            && !line.trim_start().starts_with('→')
            && out
                .last()
                .is_some_and(|l| l.trim_start().starts_with(['✓', '✗', '○']));
        if continues {
            let prev = out.last_mut().unwrap();
            prev.push(' ');
            prev.push_str(line.trim());
        } else {
            out.push(line);
        }
    }
    out.join("\n")
}

fn assert_has(text: &str, needles: &[&str]) {
    let whole = unwrapped(text);
    for n in needles {
        assert!(
            text.contains(n) || whole.contains(n),
            "missing «{n}» in:\n{text}"
        );
    }
}

/// Exit 2, one line of French that says what to do, no library noise.
fn assert_fault(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("erreur : "), "{}", r.stderr);
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

/// An exercise, a label (`solution`, `starter`, a mistake) and its files.
type Variant<'a> = (
    &'a kubecours::exercise::Exercise,
    String,
    Vec<(String, Vec<u8>)>,
);

/// Every cluster check of every exercise, on what the real server holds
/// after `kubectl apply` of the solution, of the starter and of each mistake.
#[test]
fn every_check_of_every_exercise_on_the_real_server() {
    let cp = get();
    let catalog = catalog();
    let mut jobs: Vec<Variant> = Vec::new();
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
