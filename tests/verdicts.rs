//! One test per class of wrong verdict found when kubecours was tried on
//! manifests nobody here wrote (issue "Agree with the Kubernetes API
//! server"): each would fail on the first release.

use kubecours::diag::{Finding, Severity};
use kubecours::engine::{self, Options};
use kubecours::i18n::Lang;
use kubecours::source::SourceFile;

fn lint(name: &str, text: &str) -> Vec<Finding> {
    engine::lint_sources(vec![SourceFile::from_text(name, text)], &Options::default()).findings
}

fn errors(name: &str, text: &str) -> Vec<String> {
    lint(name, text)
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.id(), f.message(Lang::En)))
        .collect()
}

fn ids(text: &str) -> Vec<&'static str> {
    lint("t.yaml", text).iter().map(|f| f.id()).collect()
}

#[test]
fn built_in_kinds_served_by_1_37_are_known() {
    let kinds = [
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
        ("apiregistration.k8s.io/v1", "APIService"),
        (
            "admissionregistration.k8s.io/v1",
            "ValidatingWebhookConfiguration",
        ),
        (
            "admissionregistration.k8s.io/v1",
            "MutatingWebhookConfiguration",
        ),
        (
            "admissionregistration.k8s.io/v1",
            "ValidatingAdmissionPolicy",
        ),
        (
            "admissionregistration.k8s.io/v1",
            "ValidatingAdmissionPolicyBinding",
        ),
        ("coordination.k8s.io/v1", "Lease"),
        ("scheduling.k8s.io/v1", "PriorityClass"),
        ("node.k8s.io/v1", "RuntimeClass"),
        ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"),
        (
            "flowcontrol.apiserver.k8s.io/v1",
            "PriorityLevelConfiguration",
        ),
        ("storage.k8s.io/v1", "CSIDriver"),
        ("storage.k8s.io/v1", "CSINode"),
        ("storage.k8s.io/v1", "CSIStorageCapacity"),
        ("storage.k8s.io/v1", "VolumeAttachment"),
        ("storage.k8s.io/v1", "VolumeAttributesClass"),
        ("certificates.k8s.io/v1", "CertificateSigningRequest"),
        ("apps/v1", "ControllerRevision"),
        ("v1", "PodTemplate"),
        ("v1", "Binding"),
        ("networking.k8s.io/v1", "IPAddress"),
        ("networking.k8s.io/v1", "ServiceCIDR"),
        ("resource.k8s.io/v1", "DeviceClass"),
        ("autoscaling/v1", "HorizontalPodAutoscaler"),
    ];
    for (api, kind) in kinds {
        let yaml = format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n");
        let f = ids(&yaml);
        assert!(
            !f.contains(&"unknown-kind")
                && !f.contains(&"api-version")
                && !f.contains(&"custom-resource"),
            "{api} {kind}: {f:?}"
        );
    }
}

#[test]
fn removed_versions_say_when_and_what_replaces_them() {
    let f = lint(
        "t.yaml",
        "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\nspec: {}\n",
    );
    let m = f
        .iter()
        .find(|f| f.id() == "api-version")
        .expect("api-version");
    assert!(
        m.message(Lang::En).contains("removed in Kubernetes 1.25"),
        "{}",
        m.message(Lang::En)
    );
    assert!(
        m.help(Lang::En).contains("Pod Security admission"),
        "{}",
        m.help(Lang::En)
    );
    let f = lint(
        "t.yaml",
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\nspec: {}\n",
    );
    assert!(
        f.iter()
            .any(|f| f.id() == "api-version" && f.help(Lang::En).contains("networking.k8s.io/v1"))
    );
}

#[test]
fn names_follow_each_kinds_rule() {
    assert!(errors("t.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:metrics-reader\nrules: []\n").is_empty());
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - name: http-metrics-endpoint\n    port: 80\n";
    assert!(
        errors("t.yaml", svc).is_empty(),
        "{:?}",
        errors("t.yaml", svc)
    );
}

#[test]
fn templates_inside_quoted_strings_are_data() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grafana\ndata:\n  legend: \"{{ pod }} sur {{ node }}\"\n";
    assert!(!ids(cm).contains(&"helm-template"));
    assert!(
        ids("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n")
            .contains(&"helm-template")
    );
}

#[test]
fn typed_lists_are_expanded() {
    let l = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {name: rb}\n  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n  subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]\n";
    assert!(errors("t.yaml", l).is_empty(), "{:?}", errors("t.yaml", l));
}

#[test]
fn tabs_between_json_tokens_are_white_space() {
    let json = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"ConfigMap\",\n\t\"metadata\": {\"name\": \"a\"}\n}\n";
    assert!(lint("c.json", json).is_empty());
}

#[test]
fn a_dotted_key_keeps_its_path() {
    let d = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/name: \"a b\"\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n";
    let f = lint("t.yaml", d);
    let l = f
        .iter()
        .find(|f| f.id() == "invalid-label")
        .expect("invalid-label");
    assert_eq!(l.path, "metadata.labels[\"app.kubernetes.io/name\"]");
    assert!(
        l.message(Lang::En).contains("`app.kubernetes.io/name`"),
        "{}",
        l.message(Lang::En)
    );
}

#[test]
fn an_undeclared_port_is_a_warning_that_says_so() {
    let d = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n    ports:\n    - containerPort: 80\n    readinessProbe:\n      httpGet: {path: /, port: 8080}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: p\nspec:\n  selector: {app: p}\n  ports:\n  - port: 80\n    targetPort: 8080\n";
    let f = lint("t.yaml", d);
    for id in ["probe-port", "service-target-port"] {
        let x = f
            .iter()
            .find(|f| f.id() == id)
            .unwrap_or_else(|| panic!("{id}: {f:?}"));
        assert_eq!(x.severity, Severity::Warning, "{id}");
        assert!(
            x.message(Lang::En).contains("does not declare")
                || x.message(Lang::En).contains("declares"),
            "{}",
            x.message(Lang::En)
        );
    }
}

#[test]
fn a_kustomization_is_not_a_manifest() {
    let k = lint(
        "overlays/prod/kustomization.yaml",
        "resources:\n- ../../base\nnameSuffix: -prod\n",
    );
    assert_eq!(k.len(), 1, "{k:?}");
    assert_eq!(
        (k[0].id(), k[0].severity),
        ("not-a-manifest", Severity::Info)
    );
}

/// The 30 probes the API server refuses: each must give an error.
#[test]
fn what_the_api_server_rejects_is_an_error() {
    let pod = |c: &str, s: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{s}  containers:\n  - name: app\n    image: nginx:1.27.0\n{c}"
        )
    };
    let dep = |t: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n{t}  selector:\n    matchLabels: {{app: d}}\n  template:\n    metadata:\n      labels: {{app: d}}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27.0\n"
        )
    };
    let cases = vec![
        ("imagePullPolicy: always", pod("    imagePullPolicy: always\n", "")),
        ("type: Nodeport", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Nodeport\n  ports:\n  - port: 80\n".to_string()),
        ("protocol: tcp", pod("    ports:\n    - containerPort: 80\n      protocol: tcp\n", "")),
        ("strategy: Rolling", dep("  strategy:\n    type: Rolling\n")),
        ("accessModes: ReadWriteOnly", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: d\nspec:\n  accessModes: [ReadWriteOnly]\n  resources:\n    requests:\n      storage: 1Gi\n".to_string()),
        ("operator: Equals", pod("", "  tolerations:\n  - key: k\n    operator: Equals\n    value: v\n")),
        ("containerPort: 123456", pod("    ports:\n    - containerPort: 123456\n", "")),
        ("replicas: -1", dep("  replicas: -1\n")),
        ("maxSkew: 0", pod("", "  topologySpreadConstraints:\n  - maxSkew: 0\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule\n")),
        ("two containers app", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n  - name: app\n    image: nginx:1.27.0\n".to_string()),
        ("duplicate port names", pod("    ports:\n    - name: http\n      containerPort: 80\n    - name: http\n      containerPort: 81\n", "")),
        ("duplicate volumes", pod("", "  volumes:\n  - name: v\n    emptyDir: {}\n  - name: v\n    emptyDir: {}\n")),
        ("volumeMount naming no volume", pod("    volumeMounts:\n    - name: data\n      mountPath: /data\n", "")),
        ("requests above limits", pod("    resources:\n      requests: {cpu: \"2\"}\n      limits: {cpu: 500m}\n", "")),
        ("probe with two handlers", pod("    readinessProbe:\n      httpGet: {path: /, port: 80}\n      tcpSocket: {port: 80}\n", "")),
        ("restartPolicy: Never in a Deployment", dep("").replace("      containers:", "      restartPolicy: Never\n      containers:")),
        ("Job restartPolicy Always", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n      - name: c\n        image: busybox:1.36\n".to_string()),
        ("CronJob schedule", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"tous les jours\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox:1.36\n".to_string()),
        ("HPA min above max", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  minReplicas: 5\n  maxReplicas: 2\n".to_string()),
        ("PVC without storage", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: d\nspec:\n  accessModes: [ReadWriteOnce]\n".to_string()),
        ("clusterIP None on NodePort", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  clusterIP: None\n  ports:\n  - port: 80\n".to_string()),
        ("ConfigMap key with a space", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  \"my key\": v\n".to_string()),
        ("two ports, one unnamed", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - name: http\n    port: 80\n  - port: 81\n".to_string()),
        ("pathType: prefix", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: prefix\n        backend:\n          service: {name: s, port: {number: 80}}\n".to_string()),
        ("port: 70000", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 70000\n".to_string()),
    ];
    let mut missed = Vec::new();
    for (what, yaml) in cases {
        if errors("t.yaml", &yaml).is_empty() {
            missed.push(format!("{what}: no error; got {:?}", ids(&yaml)));
        }
    }
    assert!(missed.is_empty(), "\n{}", missed.join("\n"));
}

#[test]
fn each_message_names_the_right_cause() {
    let deep = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {}1{}\n",
        "[".repeat(250),
        "]".repeat(250)
    );
    let f = ids(&deep);
    assert!(
        f.contains(&"yaml-depth-limit") && !f.contains(&"yaml-alias-limit"),
        "{f:?}"
    );
    let port = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n    ports:\n    - containerPort: 123456\n";
    let f = ids(port);
    assert!(
        f.contains(&"out-of-range") && !f.contains(&"field-type"),
        "{f:?}"
    );
}

#[test]
fn the_file_size_limit_is_the_tools_and_high() {
    // 50,000 ConfigMaps in one 4.4 MB file are read, not refused.
    let mut big = String::new();
    for i in 0..50_000 {
        big.push_str(&format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  APP_TITLE: \"ok\"\n"));
    }
    assert!(big.len() > 4_000_000);
    let opts = Options::default();
    let run = engine::lint_sources(
        vec![SourceFile::from_bytes(
            "big.yaml",
            big.into_bytes(),
            opts.max_file_size,
        )],
        &opts,
    );
    assert_eq!(run.objects.len(), 50_000);
    assert!(!run.findings.iter().any(|f| f.id() == "file-too-large"));
}

#[test]
fn cross_object_rules_are_scoped_like_kubectl_apply() {
    let d = tempfile::tempdir().unwrap();
    // Two students, the same Service name in each folder: no duplicate.
    for s in ["alice", "bob"] {
        std::fs::create_dir_all(d.path().join(s)).unwrap();
        std::fs::write(d.path().join(s).join("svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n").unwrap();
    }
    let run = engine::lint_paths(&[d.path().to_path_buf()], &Options::default()).unwrap();
    assert!(
        !run.findings.iter().any(|f| f.id() == "duplicate-object"),
        "{:?}",
        run.findings
    );
    // With -R, the tree is one set: kubectl apply -R would apply both.
    let opts = Options {
        recursive: true,
        ..Options::default()
    };
    let run = engine::lint_paths(&[d.path().to_path_buf()], &opts).unwrap();
    assert!(run.findings.iter().any(|f| f.id() == "duplicate-object"));
}

#[test]
fn every_suggested_value_is_itself_valid() {
    // An emoji container name gets a valid name, not "for instance ``".
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: \"😀\"\n    image: nginx:1.27.0\n    ports:\n    - containerPort: 123456\n";
    for f in lint("t.yaml", pod) {
        let help = f.help(Lang::En);
        assert!(!help.contains("``"), "{}: {help}", f.id());
        assert!(
            !help.contains("123456") || f.id() == "out-of-range",
            "{}: {help}",
            f.id()
        );
    }
}
