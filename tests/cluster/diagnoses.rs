//! Each diagnosis on a scenario of the fake API server: the cause, the fix,
//! the line of the student's file, the cluster's own words.

use super::*;

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
