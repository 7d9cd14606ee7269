//! A snapshot of one or more namespaces: one LIST per kind per namespace, sent
//! concurrently and filtered client-side, then the last log lines of the
//! failing containers only. Secrets keep their names and keys: every value is
//! replaced by an empty string right after reading, before anything else sees
//! it. Also reads a `kubecours snapshot` file or a `kubectl get -o yaml` export.

use super::{Conn, Failure, Request, diagnose, failure_error, yamlout};
use crate::error::Error;
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::tr;
use crate::yaml::{Limits, Node, parse_stream};
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{
    ConfigMap, Event, Namespace, PersistentVolumeClaim, Pod, Secret, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::Ingress;
use kube::Api;
use kube::api::{ListParams, LogParams};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// The kinds a snapshot reads, in the order they are shown: kind, resource, API group.
pub const KINDS: &[(&str, &str, &str)] = &[
    ("Deployment", "deployments", "apps"),
    ("ReplicaSet", "replicasets", "apps"),
    ("Pod", "pods", ""),
    ("Service", "services", ""),
    ("EndpointSlice", "endpointslices", "discovery.k8s.io"),
    ("Ingress", "ingresses", "networking.k8s.io"),
    ("ConfigMap", "configmaps", ""),
    ("Secret", "secrets", ""),
    ("PersistentVolumeClaim", "persistentvolumeclaims", ""),
    ("Event", "events", ""),
];

/// Last log lines of one container.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Logs {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// Logs of the previous (crashed) run of the container.
    pub previous: bool,
    pub text: String,
}

/// Lines of log kept per container.
pub const LOG_LINES: i64 = 20;
/// At most this many containers' logs per snapshot.
pub const MAX_LOGS: usize = 8;

/// Objects of a namespace (or several) as the cluster has them, with `status`.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The namespace asked for.
    pub namespace: String,
    /// Every namespace read (the one asked for and those named by expectations).
    pub namespaces: Vec<String>,
    /// Namespaces the server says do not exist.
    pub missing_namespaces: BTreeSet<String>,
    pub objects: Vec<Object>,
    pub logs: Vec<Logs>,
    /// `cluster `ctx` (https://…)` or `export `etat.yaml``.
    pub source: String,
    /// What could not be read (logs), said to the user.
    pub notes: Vec<String>,
}

/// The file index of objects read from a cluster (they have no file).
pub const NO_FILE: usize = usize::MAX;

impl Snapshot {
    /// Objects of a kind in a namespace.
    pub fn of_kind<'a>(
        &'a self,
        kind: &'a str,
        ns: &'a str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects.iter().filter(move |o| {
            o.kind == kind && o.namespace.as_deref().unwrap_or(&self.namespace) == ns
        })
    }

    pub fn find(&self, kind: &str, ns: &str, name: &str) -> Option<&Object> {
        self.objects.iter().find(|o| {
            o.kind == kind
                && o.name == name
                && o.namespace.as_deref().unwrap_or(&self.namespace) == ns
        })
    }

    pub fn logs_of(&self, ns: &str, pod: &str, container: &str) -> Option<&Logs> {
        self.logs
            .iter()
            .find(|l| l.namespace == ns && l.pod == pod && l.container == container)
    }

    /// Was this namespace read (or is it in the export)?
    pub fn covers(&self, ns: &str) -> bool {
        self.namespaces.iter().any(|n| n == ns)
    }

    /// The `kubecours snapshot` file: a `kind: List` that `--dump` reads back,
    /// with the namespace and the logs as extra top-level keys.
    pub fn to_yaml(&self) -> String {
        let mut items: Vec<&Object> = self.objects.iter().collect();
        let rank = |k: &str| {
            KINDS
                .iter()
                .position(|(kind, _, _)| *kind == k)
                .unwrap_or(KINDS.len())
        };
        items.sort_by(|a, b| {
            (a.namespace.as_deref(), rank(&a.kind), &a.name).cmp(&(
                b.namespace.as_deref(),
                rank(&b.kind),
                &b.name,
            ))
        });
        let logs: Vec<Value> = self
            .logs
            .iter()
            .map(|l| json!({"namespace": l.namespace, "pod": l.pod, "container": l.container, "previous": l.previous, "text": l.text}))
            .collect();
        let doc = json!({
            "apiVersion": "v1",
            "kind": "List",
            "metadata": {"resourceVersion": ""},
            "namespace": self.namespace,
            "namespaces": self.namespaces,
            "logs": logs,
            "items": items.iter().map(|o| o.root.to_json()).collect::<Vec<_>>(),
        });
        let mut out = String::new();
        out.push_str(&format!(
            "# kubecours snapshot — {} — namespace `{}`\n",
            self.source, self.namespace
        ));
        out.push_str("# Relire avec : kubecours check N --dump FICHIER (les valeurs des Secrets ne sont jamais écrites)\n");
        out.push_str(&yamlout::to_yaml(&doc));
        out
    }
}

/// Removes what must never be kept: the values of a Secret (keys stay, each
/// value becomes an empty string), its `last-applied-configuration` (which
/// holds them), and every object's `managedFields` (noise).
pub fn sanitize(v: &mut Value) {
    let is_secret = v.get("kind").and_then(Value::as_str) == Some("Secret");
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
        if is_secret && let Some(ann) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
            ann.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
    if is_secret && let Some(obj) = v.as_object_mut() {
        for field in ["data", "stringData"] {
            if let Some(Value::Object(m)) = obj.get_mut(field) {
                for val in m.values_mut() {
                    *val = Value::String(String::new());
                }
            } else if obj.get(field).is_some_and(|d| !d.is_null()) {
                obj.insert(field.to_string(), json!({}));
            }
        }
    }
}

fn object_of(mut v: Value) -> Option<Object> {
    sanitize(&mut v);
    Object::from_node(NO_FILE, Node::from_json(&v))
}

type ListResult = Result<Vec<Value>, kube::Error>;

async fn list<K>(client: kube::Client, ns: String) -> ListResult
where
    K: kube::Resource<Scope = NamespaceResourceScope>
        + Clone
        + DeserializeOwned
        + Serialize
        + std::fmt::Debug,
    <K as kube::Resource>::DynamicType: Default,
{
    let api: Api<K> = Api::namespaced(client, &ns);
    let items = api.list(&ListParams::default()).await?.items;
    Ok(items
        .into_iter()
        .filter_map(|o| serde_json::to_value(&o).ok())
        .collect())
}

/// Secrets: values are dropped here, on the typed object, before anything else.
async fn list_secrets(client: kube::Client, ns: String) -> ListResult {
    let api: Api<Secret> = Api::namespaced(client, &ns);
    let mut items = api.list(&ListParams::default()).await?.items;
    for s in &mut items {
        if let Some(d) = s.data.as_mut() {
            for v in d.values_mut() {
                v.0.clear();
            }
        }
        if let Some(d) = s.string_data.as_mut() {
            for v in d.values_mut() {
                v.clear();
            }
        }
        if let Some(a) = s.metadata.annotations.as_mut() {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
    Ok(items
        .into_iter()
        .filter_map(|o| serde_json::to_value(&o).ok())
        .collect())
}

/// `GET /api/v1/namespaces/{ns}`: does the namespace exist? `None` when we
/// may not know (403: students often cannot read namespaces).
async fn namespace_exists(client: kube::Client, ns: String) -> Result<Option<bool>, kube::Error> {
    let api: Api<Namespace> = Api::all(client);
    match api.get(&ns).await {
        Ok(_) => Ok(Some(true)),
        Err(kube::Error::Api(s)) if s.code == 404 => Ok(Some(false)),
        Err(kube::Error::Api(s)) if s.code == 403 => Ok(None),
        Err(e) => Err(e),
    }
}

fn request(kind_index: usize, ns: &str) -> Request {
    let (_, resource, group) = KINDS[kind_index];
    Request {
        verb: "list",
        resource,
        group,
        namespace: ns.to_string(),
    }
}

/// Reads the namespaces from a live cluster, within `timeout` for the whole.
pub async fn read_live(
    conn: &Conn,
    namespace: &str,
    extra: &[String],
    timeout: Duration,
    lang: Lang,
) -> Result<Snapshot, Error> {
    let mut namespaces = vec![namespace.to_string()];
    for n in extra {
        if !namespaces.contains(n) {
            namespaces.push(n.clone());
        }
    }
    let work = read_all(conn, namespace, &namespaces, lang);
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => {
            r.map_err(|failures| failure_error(&failures, &conn.server, &conn.origin, timeout))
        }
        Err(_) => Err(failure_error(
            &[(request(2, namespace), Failure::Timeout)],
            &conn.server,
            &conn.origin,
            timeout,
        )),
    }
}

async fn read_all(
    conn: &Conn,
    namespace: &str,
    namespaces: &[String],
    lang: Lang,
) -> Result<Snapshot, Vec<(Request, Failure)>> {
    use tokio::task::JoinSet;
    enum Answer {
        List(usize, String, ListResult),
        Ns(String, Result<Option<bool>, kube::Error>),
    }
    let mut set = JoinSet::new();
    for ns in namespaces {
        let c = conn.client.clone();
        let n = ns.clone();
        set.spawn(async move { Answer::Ns(n.clone(), namespace_exists(c, n).await) });
        for (i, (kind, _, _)) in KINDS.iter().enumerate() {
            let c = conn.client.clone();
            let n = ns.clone();
            let n2 = ns.clone();
            macro_rules! go {
                ($t:ty) => {
                    set.spawn(async move { Answer::List(i, n2, list::<$t>(c, n).await) })
                };
            }
            match *kind {
                "Deployment" => go!(Deployment),
                "ReplicaSet" => go!(ReplicaSet),
                "Pod" => go!(Pod),
                "Service" => go!(Service),
                "EndpointSlice" => go!(EndpointSlice),
                "Ingress" => go!(Ingress),
                "ConfigMap" => go!(ConfigMap),
                "Secret" => set.spawn(async move { Answer::List(i, n2, list_secrets(c, n).await) }),
                "PersistentVolumeClaim" => go!(PersistentVolumeClaim),
                _ => go!(Event),
            };
        }
    }
    let mut failures = Vec::new();
    let mut lists: BTreeMap<(String, usize), Vec<Value>> = BTreeMap::new();
    let mut missing = BTreeSet::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Answer::List(i, ns, Ok(items))) => {
                lists.insert((ns, i), items);
            }
            Ok(Answer::List(i, ns, Err(e))) => {
                let f = match Failure::classify(&e) {
                    Failure::NotFound {
                        namespace_missing: true,
                        ..
                    } => {
                        missing.insert(ns.clone());
                        continue;
                    }
                    Failure::NotFound { message, .. } => Failure::Server(404, message),
                    f => f,
                };
                failures.push((request(i, &ns), f));
            }
            Ok(Answer::Ns(ns, Ok(Some(false)))) => {
                missing.insert(ns);
            }
            Ok(Answer::Ns(_, Ok(_))) => {}
            Ok(Answer::Ns(ns, Err(e))) => {
                let f = Failure::classify(&e);
                // A namespace GET is optional: only transport-level failures count.
                if !matches!(
                    f,
                    Failure::Forbidden(_) | Failure::Server(..) | Failure::NotFound { .. }
                ) {
                    failures.push((
                        Request {
                            verb: "get",
                            resource: "namespaces",
                            group: "",
                            namespace: ns,
                        },
                        f,
                    ));
                }
            }
            Err(e) => failures.push((request(0, namespace), Failure::Other(e.to_string()))),
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    if missing.contains(namespace) {
        return Err(vec![(
            request(2, namespace),
            Failure::NotFound {
                namespace_missing: true,
                message: String::new(),
            },
        )]);
    }
    let mut objects = Vec::new();
    for ((ns, i), items) in lists {
        let (kind, _, _) = KINDS[i];
        let api_version = match KINDS[i].2 {
            "" => "v1".to_string(),
            g => format!("{g}/v1"),
        };
        for mut v in items {
            // Typed lists drop nothing, but keep identity explicit.
            if let Some(o) = v.as_object_mut() {
                o.entry("apiVersion")
                    .or_insert_with(|| Value::String(api_version.clone()));
                o.entry("kind")
                    .or_insert_with(|| Value::String(kind.to_string()));
                if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
                    m.entry("namespace")
                        .or_insert_with(|| Value::String(ns.clone()));
                }
            }
            if let Some(obj) = object_of(v) {
                objects.push(obj);
            }
        }
    }
    let mut snap = Snapshot {
        namespace: namespace.to_string(),
        namespaces: namespaces.to_vec(),
        missing_namespaces: missing,
        objects,
        logs: Vec::new(),
        source: conn.describe(lang),
        notes: Vec::new(),
    };
    read_logs(conn, &mut snap, lang).await;
    Ok(snap)
}

/// Logs of failing containers only (one per owner, at most [`MAX_LOGS`]).
/// Best effort: a log that cannot be read becomes a note, not a failure.
async fn read_logs(conn: &Conn, snap: &mut Snapshot, lang: Lang) {
    let wanted = diagnose::failing_containers(snap);
    let mut set = tokio::task::JoinSet::new();
    for w in wanted {
        let api: Api<Pod> = Api::namespaced(conn.client.clone(), &w.namespace);
        set.spawn(async move {
            let lp = LogParams {
                container: Some(w.container.clone()),
                tail_lines: Some(LOG_LINES),
                previous: w.previous,
                ..LogParams::default()
            };
            let r = api.logs(&w.pod, &lp).await;
            (w, r)
        });
    }
    let mut logs = Vec::new();
    while let Some(Ok((w, r))) = set.join_next().await {
        match r {
            Ok(text) => logs.push(Logs {
                namespace: w.namespace,
                pod: w.pod,
                container: w.container,
                previous: w.previous,
                text: clip_log(&text),
            }),
            Err(e) => {
                let why = match Failure::classify(&e) {
                    Failure::Forbidden(_) => tr!(
                        lang,
                        "droit `get` sur `pods/log` manquant",
                        "missing `get` permission on `pods/log`"
                    ),
                    Failure::Timeout => tr!(lang, "pas de réponse à temps", "no answer in time"),
                    Failure::Server(c, m) => tr!(lang, "erreur {c} : {m}", "error {c}: {m}"),
                    Failure::NotFound { message, .. } => {
                        tr!(lang, "introuvable : {message}", "not found: {message}")
                    }
                    Failure::Refused(d)
                    | Failure::Dns(d)
                    | Failure::Tls(d)
                    | Failure::Dropped(d)
                    | Failure::Unauthorized(d)
                    | Failure::Unreadable(d)
                    | Failure::Other(d) => d,
                };
                snap.notes.push(tr!(
                    lang,
                    "journaux de `{}/{}` non lus ({why}) : `kubectl logs {} -c {}{}`",
                    "logs of `{}/{}` not read ({why}): `kubectl logs {} -c {}{}`",
                    w.pod,
                    w.container,
                    w.pod,
                    w.container,
                    if w.previous { " --previous" } else { "" }
                ));
            }
        }
    }
    logs.sort_by(|a, b| (&a.pod, &a.container).cmp(&(&b.pod, &b.container)));
    snap.logs = logs;
}

/// Keeps the last [`LOG_LINES`] lines, each cut at 300 characters.
pub fn clip_log(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(LOG_LINES as usize);
    let mut out = String::new();
    for l in &lines[start..] {
        let l: String = l.chars().take(300).collect();
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Reads a `kubecours snapshot` file or a `kubectl get … -o yaml` export
/// (`kind: List`, several documents, or JSON). `-` is standard input.
pub fn read_dump(path: &Path, namespace: Option<&str>, lang: Lang) -> Result<Snapshot, Error> {
    let shown = crate::error::display_path(path);
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::io(path, e))?;
        s
    } else {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        String::from_utf8(bytes).map_err(|_| {
            Error::other(
                format!("l'export `{shown}` n'est pas en UTF-8 : produisez-le avec `kubecours snapshot > {shown}` ou `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`"),
                format!("the export `{shown}` is not UTF-8: produce it with `kubecours snapshot > {shown}` or `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`"),
            )
        })?
    };
    parse_dump(&text, &shown, namespace, lang)
}

/// Parses the text of an export (see [`read_dump`]).
pub fn parse_dump(
    text: &str,
    shown: &str,
    namespace: Option<&str>,
    lang: Lang,
) -> Result<Snapshot, Error> {
    let stream = parse_stream(text, Limits::default());
    if let Some(crate::yaml::YamlIssue::Syntax { pos, message }) = stream
        .issues
        .iter()
        .find(|i| matches!(i, crate::yaml::YamlIssue::Syntax { .. }))
    {
        return Err(Error::other(
            format!(
                "l'export `{shown}` n'est pas du YAML valide (ligne {} : {message}) : produisez-le avec `kubecours snapshot > {shown}` ou `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`",
                pos.line
            ),
            format!(
                "the export `{shown}` is not valid YAML (line {}: {message}): produce it with `kubecours snapshot > {shown}` or `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`",
                pos.line
            ),
        ));
    }
    let mut objects = Vec::new();
    let mut logs = Vec::new();
    let mut declared_ns = None;
    let mut declared_all: Vec<String> = Vec::new();
    for doc in stream.documents {
        let v = doc.root.to_json();
        collect(
            v,
            &mut objects,
            &mut logs,
            &mut declared_ns,
            &mut declared_all,
        );
    }
    if objects.is_empty() && logs.is_empty() {
        return Err(Error::other(
            format!(
                "l'export `{shown}` ne contient aucun objet Kubernetes : produisez-le avec `kubecours snapshot > {shown}` ou `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`"
            ),
            format!(
                "the export `{shown}` holds no Kubernetes object: produce it with `kubecours snapshot > {shown}` or `kubectl get deploy,rs,pods,svc,endpointslices,ingress,cm,pvc,events -o yaml > {shown}`"
            ),
        ));
    }
    // The namespace: `-n`, else the one the snapshot declares, else the most common.
    let ns = match namespace.map(str::to_string).or(declared_ns) {
        Some(n) => n,
        None => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for o in &objects {
                if let Some(n) = o.namespace.as_deref() {
                    *counts.entry(n).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .max_by_key(|(_, c)| *c)
                .map_or_else(|| "default".to_string(), |(n, _)| n.to_string())
        }
    };
    // Objects without a namespace belong to the one asked for.
    for o in &mut objects {
        if o.namespace.is_none() {
            o.namespace = Some(ns.clone());
        }
    }
    let mut namespaces = vec![ns.clone()];
    for n in declared_all
        .into_iter()
        .chain(objects.iter().filter_map(|o| o.namespace.clone()))
    {
        if !namespaces.contains(&n) {
            namespaces.push(n);
        }
    }
    Ok(Snapshot {
        namespace: ns,
        namespaces,
        missing_namespaces: BTreeSet::new(),
        objects,
        logs,
        source: tr!(lang, "export `{shown}`", "export `{shown}`"),
        notes: Vec::new(),
    })
}

fn collect(
    v: Value,
    objects: &mut Vec<Object>,
    logs: &mut Vec<Logs>,
    declared_ns: &mut Option<String>,
    declared_all: &mut Vec<String>,
) {
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind == "List" || (kind.ends_with("List") && v.get("items").is_some_and(Value::is_array)) {
        if let Some(n) = v.get("namespace").and_then(Value::as_str) {
            declared_ns.get_or_insert_with(|| n.to_string());
        }
        if let Some(all) = v.get("namespaces").and_then(Value::as_array) {
            declared_all.extend(all.iter().filter_map(Value::as_str).map(str::to_string));
        }
        for l in v
            .get("logs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            logs.push(Logs {
                namespace: s("namespace"),
                pod: s("pod"),
                container: s("container"),
                previous: l.get("previous").and_then(Value::as_bool).unwrap_or(false),
                text: s("text"),
            });
        }
        // `kubectl get pods -o yaml` items of a typed list may lack their kind.
        let item_kind = kind
            .strip_suffix("List")
            .filter(|k| !k.is_empty())
            .map(str::to_string);
        let api = v.get("apiVersion").cloned();
        if let Some(Value::Array(items)) = v.get("items").cloned() {
            for mut item in items {
                if let (Some(k), Some(o)) = (&item_kind, item.as_object_mut()) {
                    o.entry("kind").or_insert_with(|| Value::String(k.clone()));
                    if let Some(a) = &api {
                        o.entry("apiVersion").or_insert_with(|| a.clone());
                    }
                }
                collect(item, objects, logs, declared_ns, declared_all);
            }
        }
        return;
    }
    if let Some(o) = object_of(v) {
        objects.push(o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_dropped_keys_kept() {
        let mut v = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"p\":\"c2VjcmV0\"}}", "a": "b"}, "managedFields": [{}]},
            "data": {"password": "c2VjcmV0"}, "stringData": {"token": "abc"}});
        sanitize(&mut v);
        assert_eq!(v["data"], json!({"password": ""}));
        assert_eq!(v["stringData"], json!({"token": ""}));
        assert_eq!(
            v["metadata"],
            json!({"name": "s", "annotations": {"a": "b"}})
        );
    }

    #[test]
    fn snapshot_file_reads_back() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: tp}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  data: {k: c2VjcmV0}\n";
        let snap = parse_dump(text, "etat.yaml", None, Lang::Fr).unwrap();
        assert_eq!(snap.namespace, "tp");
        assert_eq!(snap.objects.len(), 2);
        assert_eq!(snap.objects[1].namespace.as_deref(), Some("tp"));
        assert_eq!(
            snap.objects[1].root.at("data.k").and_then(Node::as_str),
            Some("")
        );
        let again = parse_dump(&snap.to_yaml(), "x", None, Lang::Fr).unwrap();
        assert_eq!(again.objects.len(), 2);
        assert_eq!(again.namespace, "tp");
    }

    #[test]
    fn typed_list_items_get_their_kind() {
        let text = "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a, namespace: tp}\n";
        let snap = parse_dump(text, "x", None, Lang::Fr).unwrap();
        assert_eq!(snap.objects[0].kind, "Pod");
    }
}
