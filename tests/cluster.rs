//! The cluster side end to end: `kubecours check N` and `kubecours snapshot`
//! against a fake API server on 127.0.0.1 (tests/support), through a
//! kubeconfig written to a temporary `KUBECONFIG`.

mod common;
use common::root;

mod support;

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
    assert!(r.stderr.starts_with("erreur: "), "{}", r.stderr);
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
    gets_only(&api);
}

#[test]
fn every_cluster_check_is_evaluated_on_the_snapshot() {
    // 3: deployment-available; 5: service-endpoints + matches-file; 7: ingress-routes;
    // 8: env-from-configmap; 1: pods-ready + matches-file (no Pod `premier-pod`: fails).
    for n in [3u32, 5, 7, 8] {
        let mut sc = Scenario::load("sain");
        sc.exercise = Some(n);
        let (r, _) = check_scenario(sc, &[]);
        assert_eq!(r.code, 0, "exercise {n}:\n{}\n{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("(cluster)") && !r.stdout.contains("non évaluée"),
            "{}",
            r.stdout
        );
    }
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
    // image-running (exercise 4): the Pods run `latest`, 1.1.0 is expected.
    let mut sc = Scenario::load("sain");
    sc.exercise = Some(4);
    let (r, _) = check_scenario(sc, &[]);
    assert_has(
        &r.stdout,
        &[
            "2 Pod(s) prêt(s) sur 2 du Deployment `backend` tournent avec une autre image",
            "kubectl rollout status deployment/backend",
        ],
    );
}

// ---------------------------------------------------------------- diagnoses

#[test]
fn err_image_pull_wrong_tag() {
    let (r, _) = check("image-introuvable");
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "erreur[image-pull]",
            "Pod `backend-6d4b9c7f5-aaaaa` (du Deployment `backend`)",
            "ImagePullBackOff",
            "`ragatzino/backend-demo-conception-logicielle:1.1.O`",
            "cette image ou ce tag n'existe pas sur le registre",
            "--> deployment.yaml:18:18",
            "onglet « Tags »",
            "`kubectl apply -f deployment.yaml`",
            "le Deployment `backend` a 0 réplica(s) disponible(s) sur 2 attendu(s)",
        ],
    );
}

#[test]
fn err_image_pull_private_registry() {
    let (r, _) = check("image-privee");
    assert_has(
        &r.stdout,
        &[
            "erreur[image-pull]",
            "ErrImagePull",
            "image privée",
            "imagePullSecrets",
            "kubectl create secret docker-registry",
            "--> deployment.yaml:18:18",
        ],
    );
}

#[test]
fn err_image_never_pull() {
    let (r, _) = check("image-never-pull");
    assert_has(
        &r.stdout,
        &[
            "erreur[image-never-pull]",
            "ErrImageNeverPull",
            "`imagePullPolicy: Never` interdit de télécharger",
            "--> deployment.yaml:19:28",
            "`IfNotPresent`",
        ],
    );
}

#[test]
fn invalid_image_name() {
    let (r, _) = check("image-invalide");
    assert_has(
        &r.stdout,
        &[
            "erreur[invalid-image-name]",
            "InvalidImageName",
            "`Ragatzino/Backend:1.0.0` n'est pas un nom d'image valide : il contient des majuscules",
            "--> deployment.yaml:18:18",
            "en minuscules",
        ],
    );
}

#[test]
fn crash_loop_back_off_with_exit_code_and_logs() {
    let (r, api) = check("crashloop");
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            "CrashLoopBackOff, 6 redémarrage(s), dernier code de sortie 1",
            "2 Pods sur 2 du Deployment `backend` sont dans ce cas",
            "journaux de `backend` (exécution précédente",
            "KeyError: 'DATABASE_URL'",
            "kubectl logs backend-6d4b9c7f5-aaaaa --previous",
        ],
    );
    // Logs of one failing container per owner, the previous run, the last lines only.
    let logs: Vec<_> = api
        .requests()
        .into_iter()
        .filter(|q| q.path.ends_with("/log"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert!(
        logs[0].query.contains("previous=true")
            && logs[0].query.contains("tailLines=20")
            && logs[0].query.contains("container=backend"),
        "{:?}",
        logs[0]
    );
}

#[test]
fn oom_killed_points_at_the_memory_limit() {
    let (r, _) = check("oomkilled");
    assert_has(
        &r.stdout,
        &[
            "erreur[oom-killed]",
            "OOMKilled",
            "(200Mi)",
            "--> deployment.yaml:27:23",
            "augmentez `resources.limits.memory`",
            "Chargement du modèle en mémoire",
        ],
    );
}

#[test]
fn create_container_config_error_missing_configmap() {
    let (r, _) = check("configmap-manquante");
    assert_has(
        &r.stdout,
        &[
            "erreur[config-error]",
            "CreateContainerConfigError",
            "la ConfigMap `configuration-backend` n'existe pas dans le namespace `tp`",
            "--> deployment.yaml:22:23",
            "créez la ConfigMap `configuration-backend`",
            "avertissement[not-applied]",
            "`kubectl apply -f configmap.yaml`",
        ],
    );
}

#[test]
fn create_container_config_error_missing_key() {
    let (r, _) = check("cle-manquante");
    assert_has(
        &r.stdout,
        &[
            "erreur[config-error]",
            "la clé `APP_TITEL` n'existe pas dans la ConfigMap `configuration-backend` (clés présentes : `APP_TITLE`, `LOG_LEVEL`)",
            "--> deployment.yaml:25:24",
            "la casse compte",
        ],
    );
}

#[test]
fn pending_insufficient_cpu() {
    let (r, _) = check("pending-ressources");
    assert_has(
        &r.stdout,
        &[
            "erreur[pending-unschedulable]",
            "reste en attente (Pending, FailedScheduling)",
            "aucun nœud n'a assez de processeur libre",
            "`resources.requests.cpu` : 8",
            "--> deployment.yaml:23:20",
            "Insufficient cpu",
            "réduisez `resources.requests.cpu`",
        ],
    );
}

#[test]
fn resource_quota_exceeded_read_from_the_replicaset() {
    let (r, _) = check("quota-depasse");
    assert_has(
        &r.stdout,
        &[
            "erreur[quota-exceeded]",
            "le Deployment `backend` n'arrive pas à créer ses Pods (1 sur 2, ReplicaSet `backend-6d4b9c7f5`)",
            "ResourceQuota",
            "`limits.memory`",
            "--> deployment.yaml:27:23",
            "kubectl describe resourcequota",
        ],
    );
}

#[test]
fn rollout_stuck_progress_deadline_exceeded() {
    let (r, _) = check("rollout-bloque");
    assert_has(
        &r.stdout,
        &[
            "erreur[rollout-stuck]",
            "la mise à jour du Deployment `backend` est bloquée (ProgressDeadlineExceeded)",
            "les anciens Pods continuent de servir",
            "kubectl rollout undo deployment/backend",
            "erreur[image-pull]",
            "Pod `backend-7c5d8b9f4-ccccc`",
        ],
    );
}

#[test]
fn service_without_endpoints_shows_selector_and_pod_labels() {
    let (r, _) = check("service-sans-endpoints");
    assert_has(
        &r.stdout,
        &[
            "erreur[service-no-endpoints]",
            "le Service `backend` n'a aucun endpoint : son sélecteur `app=backend-api`",
            "les Pods ont les labels `app=backend` (Pod `backend-6d4b9c7f5-aaaaa`)",
            "--> service.yaml:9:10",
            "`spec.selector`",
        ],
    );
}

#[test]
fn endpoints_not_ready_readiness_probe_failing() {
    let (r, _) = check("sonde-readiness");
    assert_has(
        &r.stdout,
        &[
            "erreur[endpoints-not-ready]",
            "le Service `backend` n'a aucun endpoint prêt",
            "erreur[readiness-failing]",
            "sa sonde `readinessProbe` (`/sante` sur le port 8000) échoue",
            "Readiness probe failed: HTTP probe failed with statuscode: 404",
            "--> deployment.yaml:31:21",
        ],
    );
}

#[test]
fn ingress_backend_service_missing() {
    let (r, _) = check("ingress-sans-service");
    assert_has(
        &r.stdout,
        &[
            "erreur[ingress-backend-missing]",
            "l'Ingress `backend` envoie le trafic au Service `backend-svc`, qui n'existe pas dans le namespace `tp`",
            "503",
            "vouliez-vous dire `backend` ?",
            "--> ingress.yaml:15:23",
        ],
    );
}

#[test]
fn loadbalancer_external_ip_pending() {
    let (r, _) = check("loadbalancer-en-attente");
    assert_has(
        &r.stdout,
        &[
            "avertissement[loadbalancer-pending]",
            "son IP externe reste en attente (`<pending>`)",
            "--> service.yaml:7:9",
            "utilisez un Ingress",
        ],
    );
}

#[test]
fn drift_says_the_changes_are_not_applied() {
    let (r, _) = check("derive");
    assert_has(
        &r.stdout,
        &[
            "avertissement[drift]",
            "le Deployment `backend` du cluster ne correspond pas à votre fichier : `spec.replicas` vaut `3` dans `deployment.yaml` mais `2` sur le cluster",
            "--> deployment.yaml:7:13",
            "vos changements ne sont pas appliqués : `kubectl apply -f deployment.yaml`",
        ],
    );
}

#[test]
fn matches_file_fails_on_drift() {
    let mut sc = Scenario::load("sain");
    sc.edits.push((
        "service.yaml".into(),
        "targetPort: 8000".into(),
        "targetPort: 8080".into(),
    ));
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "`spec.ports[0].targetPort` vaut `8080` dans `service.yaml` mais `8000` sur le cluster : vos changements ne sont pas appliqués : `kubectl apply -f service.yaml`",
        ],
    );
}

#[test]
fn diagnoses_in_english_and_json() {
    let (r, _) = check_scenario(Scenario::load("image-introuvable"), &["--lang", "en"]);
    assert_has(
        &r.stdout,
        &[
            "error[image-pull]",
            "this image or tag does not exist on the registry",
            "then `kubectl apply -f deployment.yaml`",
        ],
    );
    let (r, _) = check_scenario(Scenario::load("crashloop"), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &v["cluster"]["diagnoses"][0];
    assert_eq!(d["id"], "crash-loop");
    assert_eq!(d["file"], "deployment.yaml");
    assert_eq!(d["line"], 18);
    assert_eq!(d["object"]["kind"], "Pod");
    assert!(d["logs"]["text"].as_str().unwrap().contains("KeyError"));
    assert_eq!(v["cluster"]["namespace"], "tp");
    let cluster: Vec<_> = v["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["cluster"] == true)
        .collect();
    assert_eq!(cluster[0]["passed"], false);
}

// ---------------------------------------------------------------- faults

fn fault(path: &str, status: Option<u16>, delay_ms: u64, drop: bool) -> Fault {
    Fault {
        path: path.into(),
        status,
        delay_ms,
        drop,
    }
}

#[test]
fn fault_401_unauthorized() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("*", Some(401), 0, false)),
        &[],
    );
    assert_fault(
        &r,
        &["401 Unauthorized", "retéléchargez le kubeconfig", "`faux`"],
    );
}

#[test]
fn fault_403_names_verb_resource_and_the_role_needed() {
    let sc = Scenario::load("sain")
        .with_fault(fault("/secrets", Some(403), 0, false))
        .with_fault(fault("/events", Some(403), 0, false));
    let (r, _) = check_scenario(sc, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            "`system:serviceaccount:tp:default`",
            "`list secrets`",
            "`list events`",
            "dans le namespace `tp`",
            "Role",
            "`get` sur `pods/log`",
            "kubectl auth can-i list",
            "README",
        ],
    );
}

#[test]
fn fault_404_namespace() {
    let (r, _) = check_scenario(Scenario::load("sain"), &["-n", "inexistant"]);
    assert_fault(
        &r,
        &[
            "le namespace `inexistant` n'existe pas sur ce cluster (404",
            "kubectl get namespaces",
            "kubectl create namespace inexistant",
        ],
    );
}

#[test]
fn fault_404_namespace_of_the_context() {
    // Context `autre` has no namespace: `default`, which this cluster does not have.
    let (r, _) = check_scenario(Scenario::load("sain"), &["--context", "autre"]);
    assert_fault(
        &r,
        &["le namespace `default` n'existe pas", "contexte `autre`"],
    );
}

#[test]
fn fault_500() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", Some(500), 0, false)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "erreur 500",
            "etcdserver",
            "`list pods`",
            "réessayez",
            "--offline",
        ],
    );
}

#[test]
fn fault_slow_answer_hits_the_total_timeout() {
    let started = std::time::Instant::now();
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 8000, false)),
        &["--timeout", "1"],
    );
    assert_fault(
        &r,
        &[
            "n'a pas répondu à temps (limite : 1 s",
            "--timeout SECONDES",
        ],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn fault_dropped_connection() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/services", None, 0, true)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "a coupé la connexion avant de répondre",
            "`list services`",
            "réessayez",
        ],
    );
}

#[test]
fn fault_unreachable_server() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:{port}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u, namespace: tp}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{token: t}}\n")).unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(3),
            ..Scenario::default()
        },
    );
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", "3", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(
        &r,
        &[
            "est injoignable : connexion refusée",
            "kubectl config current-context",
            "--offline",
        ],
    );
}

#[test]
fn fault_tls_failure() {
    let api = FakeApi::start(Scenario::load("sain"));
    let tmp = tempfile::tempdir().unwrap();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://{}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u, namespace: tp}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{token: t}}\n", api.addr)).unwrap();
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["snapshot"])
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["échec TLS", "retéléchargez-le"]);
}

#[test]
fn fault_unknown_context_and_broken_kubeconfig() {
    let (r, _) = check_scenario(Scenario::load("sain"), &["--context", "inconnu"]);
    assert_fault(
        &r,
        &[
            "le contexte `inconnu` n'existe pas",
            "`faux`, `autre`",
            "kubectl config get-contexts",
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, "apiVersion: v1\nkind: Config\nclusters: [\n").unwrap();
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["snapshot"])
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["kubeconfig", "retéléchargez-le"]);
}

// ---------------------------------------------------------------- no cluster

#[test]
fn without_any_configuration_check_keeps_the_static_result() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(5),
            ..Scenario::default()
        },
    );
    let out = kubecours(tmp.path(), None)
        .args(["check", "5", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_has(
        &stdout,
        &[
            "non évaluée : aucun cluster configuré (ni kubeconfig ni ServiceAccount) ; `--offline` pour ne pas essayer",
            "(+5 points sur le cluster, non évalués)",
        ],
    );
    // `snapshot` needs a cluster: exit 2 and what to do.
    let out = kubecours(tmp.path(), None)
        .arg("snapshot")
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["aucun cluster configuré", "~/.kube/config"]);
}

#[test]
fn offline_sends_no_request() {
    let (r, api) = check_scenario(Scenario::load("sain"), &["--offline"]);
    assert_eq!(r.code, 0);
    assert_has(&r.stdout, &["non évaluée : mode hors ligne (--offline)"]);
    assert!(api.requests().is_empty());
}

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
        .args(["check", "3", "--dir"])
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
            exercise: Some(3),
            ..Scenario::default()
        },
    );
    let dump = support::fixtures().join("kubectl-get.yaml");
    let out = kubecours(tmp.path(), None)
        .args(["check", "3", "--dir"])
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
        .args(["check", "3", "--dir"])
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
        .args(["check", "3", "--dir"])
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
    // 10 kinds, the namespace, and the log.
    assert_eq!(reqs.len(), 12, "{:#?}", per_path.keys());
}

// ---------------------------------------------------------------- real cluster

/// With a real cluster in the current kubeconfig (CI with kind): the snapshot
/// of the current namespace reads, and writes no Secret value.
#[test]
#[ignore = "nécessite un cluster"]
fn real_cluster_snapshot() {
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["snapshot"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8_lossy(&out.stdout);
    assert!(yaml.contains("kind: List"));
}

/// With a real cluster: `check` of exercise 3 after `kubectl apply` of its solution.
#[test]
#[ignore = "nécessite un cluster"]
fn real_cluster_check_after_apply() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(3),
            ..Scenario::default()
        },
    );
    let applied = std::process::Command::new("kubectl")
        .arg("apply")
        .arg("-f")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(applied.success());
    let _ = std::process::Command::new("kubectl")
        .args(["rollout", "status", "deployment/backend", "--timeout=180s"])
        .status();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["check", "3", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("(cluster)") && !stdout.contains("non évaluée"),
        "{stdout}"
    );
}

/// With a real cluster: a namespace that does not exist is exit code 2.
#[test]
#[ignore = "nécessite un cluster"]
fn real_cluster_missing_namespace() {
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["snapshot", "-n", "kubecours-inexistant-7f3a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kubecours-inexistant-7f3a"));
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
