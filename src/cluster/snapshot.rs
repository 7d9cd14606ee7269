//! A snapshot of one or more namespaces, as the cluster has them (with
//! `status`): the objects of every kind kubecours reads, the last log lines
//! of failing containers, and what could not be read. Secrets keep their
//! names and keys only (see [`sanitize`]). Read from a live cluster
//! (`cluster::live`) or from an export (`cluster::dump`).

use super::yamlout;
use crate::diag::Msg;
use crate::manifest::Object;
use crate::yaml::Node;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The kinds a snapshot reads, in the order they are shown: kind, resource, API group.
pub const KINDS: &[(&str, &str, &str)] = &[
    ("Deployment", "deployments", "apps"),
    ("ReplicaSet", "replicasets", "apps"),
    ("Pod", "pods", ""),
    ("Job", "jobs", "batch"),
    ("CronJob", "cronjobs", "batch"),
    ("Service", "services", ""),
    ("EndpointSlice", "endpointslices", "discovery.k8s.io"),
    ("Ingress", "ingresses", "networking.k8s.io"),
    ("ConfigMap", "configmaps", ""),
    ("Secret", "secrets", ""),
    ("PersistentVolumeClaim", "persistentvolumeclaims", ""),
    ("Event", "events", ""),
];

/// `apps/v1`, `v1`: the API of a kind of [`KINDS`].
pub fn api_of(group: &str) -> String {
    if group.is_empty() {
        "v1".into()
    } else {
        format!("{group}/v1")
    }
}

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
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The namespace asked for (`-n`, else the context's or the pod's).
    pub namespace: String,
    /// The namespace `kubectl` uses without `-n` (the context's or the pod's):
    /// an object of a file without `metadata.namespace` lands there.
    pub context_namespace: String,
    /// Every namespace read (live), or held (an export).
    pub namespaces: Vec<String>,
    /// Namespaces the server says do not exist.
    pub missing_namespaces: BTreeSet<String>,
    /// Kinds whose API the cluster does not serve (a 404 on its group): kind → `group/v1`.
    pub unavailable: BTreeMap<String, String>,
    pub objects: Vec<Object>,
    pub logs: Vec<Logs>,
    /// `cluster `ctx` (https://…)` or `export `etat.yaml``.
    pub source: Msg,
    /// What could not be read (logs), said to the user.
    pub notes: Vec<Msg>,
}

/// The file index of objects read from a cluster (they have no file).
pub const NO_FILE: usize = usize::MAX;

/// A container whose logs are worth reading.
#[derive(Clone, Debug, PartialEq)]
pub struct LogWant {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub previous: bool,
}

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

fn items<'a>(n: &'a Node, path: &str) -> &'a [Node] {
    n.at(path).map(Node::items).unwrap_or(&[])
}

/// Container statuses of a pod, init containers first.
pub fn statuses(pod: &Object) -> impl Iterator<Item = &Node> {
    items(&pod.root, "status.initContainerStatuses")
        .iter()
        .chain(items(&pod.root, "status.containerStatuses"))
}

impl Snapshot {
    /// An empty snapshot of `namespace`, read from `source`.
    pub fn new(namespace: &str, source: Msg) -> Snapshot {
        Snapshot {
            namespace: namespace.to_string(),
            context_namespace: namespace.to_string(),
            namespaces: vec![namespace.to_string()],
            missing_namespaces: BTreeSet::new(),
            unavailable: BTreeMap::new(),
            objects: Vec::new(),
            logs: Vec::new(),
            source,
            notes: Vec::new(),
        }
    }

    fn ns_of<'a>(&'a self, o: &'a Object) -> &'a str {
        o.namespace.as_deref().unwrap_or(&self.namespace)
    }

    /// Objects of a kind in a namespace.
    pub fn of_kind<'a>(
        &'a self,
        kind: &'a str,
        ns: &'a str,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .iter()
            .filter(move |o| o.kind == kind && self.ns_of(o) == ns)
    }

    pub fn find(&self, kind: &str, ns: &str, name: &str) -> Option<&Object> {
        self.objects
            .iter()
            .find(|o| o.kind == kind && o.name == name && self.ns_of(o) == ns)
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

    /// Is a pod `Ready`?
    pub fn pod_ready(&self, pod: &Object) -> bool {
        items(&pod.root, "status.conditions")
            .iter()
            .any(|c| s(c, "type") == Some("Ready") && s(c, "status") == Some("True"))
    }

    /// What owns a pod, as the student wrote it: its Deployment (through the
    /// ReplicaSet), its CronJob (through the Job), else its direct owner.
    pub fn owner_of(&self, pod: &Object) -> Option<(String, String)> {
        let ns = self.ns_of(pod);
        let owner = items(&pod.root, "metadata.ownerReferences")
            .iter()
            .find(|o| o.get("controller").and_then(Node::as_bool) != Some(false))?;
        let kind = s(owner, "kind")?;
        let name = s(owner, "name")?;
        let above = match kind {
            "ReplicaSet" => "Deployment",
            "Job" => "CronJob",
            _ => return Some((kind.into(), name.into())),
        };
        if let Some(parent) = self.find(kind, ns, name)
            && let Some(d) = items(&parent.root, "metadata.ownerReferences")
                .iter()
                .find(|o| s(o, "kind") == Some(above))
            && let Some(dn) = s(d, "name")
        {
            return Some((above.into(), dn.into()));
        }
        // Without the ReplicaSet, its name is the Deployment's plus a hash.
        if kind == "ReplicaSet"
            && let Some(hash) = s(&pod.root, "metadata.labels.pod-template-hash")
            && let Some(dn) = name.strip_suffix(&format!("-{hash}"))
        {
            return Some(("Deployment".into(), dn.into()));
        }
        Some((kind.into(), name.into()))
    }

    /// Ready and total addresses behind a Service (EndpointSlices, else Endpoints).
    pub fn endpoint_counts(&self, ns: &str, service: &str) -> (usize, usize) {
        let mut ready = BTreeSet::new();
        let mut all = BTreeSet::new();
        let slices: Vec<&Object> = self
            .of_kind("EndpointSlice", ns)
            .filter(|e| {
                e.labels()
                    .and_then(|l| l.get("kubernetes.io/service-name"))
                    .and_then(Node::as_str)
                    == Some(service)
            })
            .collect();
        if !slices.is_empty() {
            for sl in slices {
                for ep in items(&sl.root, "endpoints") {
                    let is_ready = ep.at("conditions.ready").and_then(Node::as_bool) != Some(false);
                    for a in ep.get("addresses").map(Node::items).unwrap_or(&[]) {
                        let a = a.scalar_text();
                        all.insert(a.clone());
                        if is_ready {
                            ready.insert(a);
                        }
                    }
                }
            }
            return (ready.len(), all.len());
        }
        if let Some(ep) = self.find("Endpoints", ns, service) {
            for sub in items(&ep.root, "subsets") {
                for a in items(sub, "addresses") {
                    let ip = s(a, "ip").unwrap_or("").to_string();
                    all.insert(ip.clone());
                    ready.insert(ip);
                }
                for a in items(sub, "notReadyAddresses") {
                    all.insert(s(a, "ip").unwrap_or("").to_string());
                }
            }
        }
        (ready.len(), all.len())
    }

    /// Failing containers whose logs help: crashing or exited in error. One
    /// per owner and container (the pods of a Deployment fail alike), at most
    /// [`MAX_LOGS`].
    pub fn failing_containers(&self) -> Vec<LogWant> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for pod in self.objects.iter().filter(|o| o.kind == "Pod") {
            let ns = self.ns_of(pod).to_string();
            let owner = self
                .owner_of(pod)
                .map_or_else(|| format!("Pod/{}", pod.name), |(k, n)| format!("{k}/{n}"));
            for st in statuses(pod) {
                let Some(name) = s(st, "name") else { continue };
                let waiting = s(st, "state.waiting.reason").unwrap_or("");
                let int = |p: &str| st.at(p).and_then(Node::as_i64);
                let last_code = int("lastState.terminated.exitCode");
                let restarts = int("restartCount").unwrap_or(0);
                let ready = st.get("ready").and_then(Node::as_bool).unwrap_or(false);
                let (failing, previous) =
                    if matches!(waiting, "CrashLoopBackOff" | "RunContainerError") {
                        (true, last_code.is_some() || restarts > 0)
                    } else if let Some(c) = int("state.terminated.exitCode") {
                        (c != 0, false)
                    } else {
                        (
                            restarts > 0 && !ready && last_code.is_some_and(|c| c != 0),
                            true,
                        )
                    };
                if failing
                    && seen.insert((ns.clone(), owner.clone(), name.to_string()))
                    && out.len() < MAX_LOGS
                {
                    out.push(LogWant {
                        namespace: ns.clone(),
                        pod: pod.name.clone(),
                        container: name.to_string(),
                        previous,
                    });
                }
            }
        }
        out
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

/// A JSON object of the cluster, sanitized, as an [`Object`].
pub fn object_of(mut v: Value) -> Option<Object> {
    sanitize(&mut v);
    Object::from_node(NO_FILE, Node::from_json(&v))
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
    fn logs_are_wanted_once_per_owner() {
        let pod = |n: &str| {
            object_of(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": n, "namespace": "tp", "labels": {"pod-template-hash": "h"}, "ownerReferences": [{"kind": "ReplicaSet", "name": "web-h"}]},
                "status": {"containerStatuses": [{"name": "app", "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"exitCode": 1}}}]}}))
            .unwrap()
        };
        let mut snap = Snapshot::new("tp", Msg::EMPTY);
        snap.objects = vec![pod("web-h-a"), pod("web-h-b")];
        let w = snap.failing_containers();
        assert_eq!(w.len(), 1);
        assert!(w[0].previous);
        assert_eq!(
            snap.owner_of(&snap.objects[0]),
            Some(("Deployment".into(), "web".into()))
        );
    }

    #[test]
    fn a_cronjob_owns_the_pods_of_its_jobs() {
        let mut snap = Snapshot::new("tp", Msg::EMPTY);
        snap.objects = vec![
            object_of(json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "horloge-29000000", "namespace": "tp", "ownerReferences": [{"kind": "CronJob", "name": "horloge", "controller": true}]}})).unwrap(),
            object_of(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "horloge-29000000-abcde", "namespace": "tp", "ownerReferences": [{"kind": "Job", "name": "horloge-29000000", "controller": true}]}})).unwrap(),
        ];
        assert_eq!(
            snap.owner_of(&snap.objects[1]),
            Some(("CronJob".into(), "horloge".into()))
        );
    }
}
