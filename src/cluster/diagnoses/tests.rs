use super::cx::{apply, file_object};
use super::*;
use crate::engine::{Options, lint_sources};
use crate::i18n::Lang;
use crate::source::SourceFile;

fn snap(yaml: &str) -> Snapshot {
    crate::cluster::dump::parse(yaml, "t", Some("tp"), None).unwrap()
}

fn run(name: &str, text: &str) -> Run {
    lint_sources(
        vec![SourceFile::from_text(name, text)],
        &Options {
            default_namespace: "tp".into(),
            ..Options::default()
        },
    )
}

#[test]
fn image_pull_points_at_the_image_line() {
    let run = run(
        "deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.2.3.4\n",
    );
    let s = snap(
        "kind: List\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: web-1-a, namespace: tp, labels: {app: web, pod-template-hash: '1'}, ownerReferences: [{kind: ReplicaSet, name: web-1, controller: true}]}\n  spec: {containers: [{name: app, image: \
            nginx:1.2.3.4}]}\n  status:\n    phase: Pending\n    containerStatuses:\n    - name: app\n      ready: false\n      image: nginx:1.2.3.4\n      state: {waiting: {reason: ErrImagePull,
            message: 'rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.2.3.4\": not found'}}\n",
    );
    let d: Vec<Finding> = diagnose(&s, &run, "tp", &[])
        .into_iter()
        .filter(|f| f.id() != "not-applied")
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].id(), "image-pull");
    assert_eq!((d[0].file, d[0].pos.line), (Some(0), 14));
    let m = d[0].message(Lang::Fr);
    assert!(m.contains("n'existe pas"), "{m}");
    assert!(d[0].message.unresolved().is_empty() && d[0].help.unresolved().is_empty());
    // The same data, worded in English when asked.
    assert!(
        d[0].message(Lang::En)
            .contains("does not exist on the registry"),
        "{}",
        d[0].message(Lang::En)
    );
}

#[test]
fn drift_points_at_the_differing_line() {
    let run = run(
        "deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          limits: {cpu: \"0.5\"}\n",
    );
    let s = snap(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, namespace: tp}\n  spec:\n    replicas: 2\n    template:\n      spec:\n        containers:\n        - name: app\n          image: nginx:1.27\n          imagePullPolicy: \
            IfNotPresent\n          resources: {limits: {cpu: 500m}}\n",
    );
    let d = files::detect(&run, &s, "tp");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].pos.line, 6);
    let m = d[0].message(Lang::Fr);
    assert!(
        m.contains("`spec.replicas` vaut `3` dans `deployment.yaml` mais `2` sur le cluster"),
        "{m}"
    );
    assert_eq!(
        d[0].help(Lang::Fr),
        "vos changements ne sont pas appliqués : `kubectl apply -f deployment.yaml`"
    );
}

#[test]
fn quantities_compare_by_value() {
    use files::drift::quantity;
    assert_eq!(quantity("500m"), Some(0.5));
    assert_eq!(quantity("1Gi"), Some(1073741824.0));
    assert_eq!(quantity("1e3"), Some(1000.0));
    assert_eq!(quantity("12MB"), None);
}

/// Apply advice names the file of the namespace evaluated, and `-n` when
/// kubectl would not land there by itself.
#[test]
fn apply_advice_names_the_right_file_and_namespace() {
    let files = vec![
        SourceFile::from_text(
            "preprod.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: preprod\ndata: {a: b}\n",
        ),
        SourceFile::from_text(
            "prod.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: prod\ndata: {a: b}\n",
        ),
        SourceFile::from_text(
            "sans-namespace.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: autre\ndata: {a: b}\n",
        ),
    ];
    let run = lint_sources(
        files,
        &Options {
            default_namespace: "prod".into(),
            ..Options::default()
        },
    );
    let mut s = snap(
        "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: web, namespace: preprod}, data: {a: b}}\n",
    );
    s.namespaces = vec!["prod".into(), "preprod".into()];
    s.context_namespace = "tp".into();
    let prod = file_object(&run, "ConfigMap", "prod", "web", "prod");
    assert_eq!(
        apply(&run, prod, "prod", &s).render(Lang::Fr),
        "`kubectl apply -f prod.yaml`"
    );
    let other = file_object(&run, "ConfigMap", "prod", "autre", "prod");
    assert_eq!(
        apply(&run, other, "prod", &s).render(Lang::Fr),
        "`kubectl apply -f sans-namespace.yaml -n prod`"
    );
    let not_applied: Vec<String> = files::detect(&run, &s, "prod")
        .iter()
        .filter(|f| f.id() == "not-applied")
        .map(|f| f.help(Lang::Fr))
        .collect();
    assert_eq!(
        not_applied,
        [
            "créez-la dans le namespace `prod` : `kubectl apply -f prod.yaml`",
            "créez-la dans le namespace `prod` : `kubectl apply -f sans-namespace.yaml -n prod`"
        ]
    );
}
