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
            "--> deployment.yaml:20:18",
            "onglet « Tags »",
            "`kubectl apply -f deployment.yaml`",
            "le Deployment `backend` a 0 réplica(s) disponible(s) sur 1 attendu(s)",
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
            "--> deployment.yaml:20:18",
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
            "--> deployment.yaml:21:28",
            "supprimez la ligne `imagePullPolicy: Never` (ou mettez `IfNotPresent`)",
        ],
    );
}

/// The help matches the file: when it no longer has `imagePullPolicy:
/// Never`, there is no line to delete; it is to be applied.
#[test]
fn err_image_never_pull_with_the_file_already_fixed() {
    let mut sc = Scenario::load("image-never-pull");
    sc.edits.clear();
    let (r, _) = check_scenario(sc, &[]);
    assert_has(
        &r.stdout,
        &[
            "erreur[image-never-pull]",
            "votre fichier a déjà `imagePullPolicy: Always` : le cluster fait encore tourner l'ancienne version ; appliquez-le avec `kubectl apply -f deployment.yaml`",
        ],
    );
    assert!(!r.stdout.contains("supprimez la ligne"), "{}", r.stdout);
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
            "--> deployment.yaml:20:18",
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
            "journal du conteneur `backend` (avant son redémarrage)",
            "KeyError: 'DATABASE_URL'",
            "lisez le journal ci-dessous",
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

/// The help matches what was seen: no log could be read (no `get
/// pods/log`), so it does not point at logs "below", it gives the command.
#[test]
fn crash_loop_without_logs_gives_the_command_to_read_them() {
    let sc = Scenario::load("crashloop").with_fault(fault("/log", Some(403), 0, false));
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            "lisez le journal : `kubectl logs backend-6d4b9c7f5-aaaaa --previous`",
            "journaux de `backend-6d4b9c7f5-aaaaa/backend` non lus (droit `get` sur `pods/log` manquant)",
        ],
    );
    assert!(!r.stdout.contains("ci-dessous :"), "{}", r.stdout);
    assert!(!r.stdout.contains("journal du conteneur"), "{}", r.stdout);
}

/// An empty log (the application wrote nothing; a real API server also
/// answers so for a Pod no node runs) is said, not shown as lines "below".
#[test]
fn crash_loop_with_an_empty_log() {
    let mut sc = Scenario::load("crashloop");
    sc.logs.clear();
    let (r, api) = check_scenario(sc, &[]);
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            "son journal est vide (l'application n'a rien écrit, ou aucun nœud ne fait tourner le Pod) : `kubectl describe pod backend-6d4b9c7f5-aaaaa` montre ses événements",
        ],
    );
    assert!(!r.stdout.contains("journal du conteneur"), "{}", r.stdout);
    assert_eq!(
        api.requests()
            .iter()
            .filter(|q| q.path.ends_with("/log"))
            .count(),
        1
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
            "--> deployment.yaml:33:23",
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
            "--> deployment.yaml:24:23",
            "créez la ConfigMap `configuration-backend` dans le namespace `tp` (`kubectl apply -f configmap.yaml`)",
            "avertissement[not-applied]",
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
            "--> deployment.yaml:27:24",
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
            "--> deployment.yaml:29:20",
            "Insufficient cpu",
            "réduisez `resources.requests.cpu`",
        ],
    );
}

#[test]
fn pending_with_no_node_at_all() {
    let (r, _) = check("pending-sans-noeud");
    assert_eq!(r.code, 1);
    assert_has(
        &r.stdout,
        &[
            "erreur[pending-unschedulable]",
            "le Pod `backend-6d4b9c7f5-aaaaa` (du Deployment `backend`) reste en attente (Pending, FailedScheduling) : le cluster n'a aucun nœud capable d'exécuter ce Pod",
            "le cluster dit : no nodes available to schedule pods",
            "quota du namespace",
            "`resources.requests`",
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
            "--> deployment.yaml:33:23",
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
            "--> deployment.yaml:33:21",
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
            "--> ingress.yaml:17:23",
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
            "le Deployment `backend` du cluster ne correspond pas à votre fichier : `spec.replicas` vaut `2` dans `deployment.yaml` mais `1` sur le cluster",
            "--> deployment.yaml:9:13",
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
    let d = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "diagnosis")
        .unwrap();
    assert_eq!(d["id"], "crash-loop");
    assert_eq!(d["file"], "exercice/deployment.yaml");
    assert_eq!(d["line"], 20);
    assert_eq!(d["object"]["kind"], "Pod");
    let log = d["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["type"] == "log")
        .unwrap();
    assert!(
        log["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("KeyError"))
    );
    assert_eq!(v["cluster"]["namespace"], "tp");
    let cluster: Vec<_> = v["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["cluster"] == true)
        .collect();
    assert_eq!(cluster[1]["passed"], false);
}

/// A cluster that does not serve an API group (here `networking.k8s.io`)
/// answers 404: only the expectations that read that kind are not
/// evaluated; the check goes on.
#[test]
fn a_missing_api_group_only_skips_the_checks_that_need_it() {
    let (r, api) = check("api-absente");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "non évaluée : ce cluster ne sert pas l'API `networking.k8s.io/v1` (Ingress) ; les autres attentes sont évaluées",
        ],
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    // Exercise 8 reads no Ingress: everything is evaluated.
    let mut sc = Scenario::load("api-absente");
    sc.exercise = Some(8);
    let (r, _) = check_scenario(sc, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("non évaluée"), "{}", r.stdout);
    gets_only(&api);
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
            "n'a pas fini en 1 s (limite : `--timeout 1`)",
            "--timeout SECONDES",
        ],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

/// One answer slower than the per-response limit (10 s with the default
/// `--timeout 20`): the message names that limit, not the total.
#[test]
fn fault_slow_answer_names_the_per_response_limit() {
    let started = std::time::Instant::now();
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 12_000, false)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "n'a pas répondu à temps à `list pods` dans `tp` (limite : 10 s par réponse)",
            "`--timeout SECONDES` allonge aussi cette limite",
        ],
    );
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_secs(9) && took < std::time::Duration::from_secs(15),
        "{took:?}"
    );
}

/// `--timeout 30` raises the per-response limit too (to 15 s): a 12 s
/// answer is waited for.
#[test]
fn a_longer_timeout_raises_the_per_response_limit() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 12_000, false)),
        &["--timeout", "30"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_has(&r.stdout, &["✓ Score : 16/16"]);
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
            exercise: Some(8),
            ..Scenario::default()
        },
    );
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", "8", "--dir"])
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
