//! What only a kubelet writes, written through the Pod `status` subresource;
//! the real controllers reacting to it; a snapshot of the real server.

use super::*;

/// States only a kubelet sets, written through the Pod `status` subresource
/// (and the kubelet's events), stored by the real server, then diagnosed.
#[test]
fn kubelet_states_written_through_the_status_subresource() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("10").unwrap();
    let running = json!({"running": {"startedAt": "2026-01-06T09:00:00Z"}});
    // (name, an edit of the solution, the status written, what must be said)
    type Case<'a> = (&'a str, Option<(&'a str, &'a str)>, Value, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "never-pull",
            Some(("imagePullPolicy: Always", "imagePullPolicy: Never")),
            json!({"phase": "Pending", "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 0, "image": "ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": false, "state": {"waiting": {"reason": "ErrImageNeverPull",
                "message": "Container image \"ragatzino/backend-demo-conception-logicielle:latest\" is not present with pull policy of Never"}}}]}),
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
            json!({"phase": "Running", "podIP": "10.42.0.7", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 5, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "",
                "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=backend"}}, "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-01-06T09:05:00Z", "finishedAt": "2026-01-06T09:05:02Z"}}}]}),
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
            json!({"phase": "Running", "podIP": "10.42.0.8", "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 0,
                "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "", "started": true, "state": {"running": running["running"]}}]}),
            vec![
                "erreur[readiness-failing]",
                "sa sonde `readinessProbe` (`/health` sur le port 8000) échoue",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
            ],
        ),
        (
            "oomkilled",
            None,
            json!({"phase": "Running", "podIP": "10.42.0.9", "conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 3, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "",
                "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=backend"}}, "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2026-01-06T09:05:00Z", "finishedAt": "2026-01-06T09:05:09Z"}}}]}),
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

/// Real controllers: a Job makes its Pod; when that Pod ends well (as a
/// kubelet would report), the Job controller marks the Job `Complete`, and
/// `job-complete` passes; a Deployment's Pod bound to a Node object and
/// reported ready makes the real EndpointSlice controller count it:
/// `service-endpoints` passes.
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
        json!({"phase": "Succeeded", "conditions": [{"type": "Ready", "status": "False", "reason": "PodCompleted"}], "containerStatuses": [{"name": "pi", "ready": false, "restartCount": 0, "image": "docker.io/library/perl:5.40", "imageID": "", "started": false,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2026-01-06T09:00:00Z", "finishedAt": "2026-01-06T09:00:30Z"}}}]}),
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
        json!({"phase": "Running", "podIP": "10.42.3.4", "podIPs": [{"ip": "10.42.3.4"}], "hostIP": "192.0.2.1", "startTime": "2026-01-06T09:00:00Z", "conditions": [{"type": "PodScheduled", "status": "True"}, {"type": "Initialized", "status": "True"}, {"type": "ContainersReady",
            "status": "True"}, {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-06T09:00:05Z"}], "containerStatuses": [{"name": "backend", "ready": true, "restartCount": 0, "image": "docker.io/ragatzino/backend-demo-conception-logicielle:latest", "imageID": "",
            "started": true, "state": {"running": {"startedAt": "2026-01-06T09:00:01Z"}}}]}),
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
