//! Reading namespaces from a live cluster: one LIST per kind per namespace,
//! sent concurrently and filtered client-side, then the last log lines of
//! the failing containers only. Secrets lose their values on the typed
//! object, before anything else sees them. GET only.

use super::connect::Conn;
use super::failure::{Failure, Request, Server, failure_error};
use super::snapshot::{KINDS, LOG_LINES, Logs, Snapshot, api_of, clip_log, object_of};
use crate::error::Error;
use crate::msg;
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Event, Namespace, PersistentVolumeClaim, Pod, Secret, Service,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::networking::v1::Ingress;
use kube::Api;
use kube::api::{ListParams, LogParams};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

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

const POD_INDEX: usize = 2;

/// Reads the namespace (and `extra` ones), within the connection's total limit.
pub async fn read(conn: &Conn, namespace: &str, extra: &[String]) -> Result<Snapshot, Error> {
    let mut namespaces = vec![namespace.to_string()];
    for n in extra {
        if !namespaces.contains(n) {
            namespaces.push(n.clone());
        }
    }
    let server = Server {
        url: &conn.server,
        origin: &conn.origin,
        limits: conn.limits,
    };
    match tokio::time::timeout(conn.limits.total, read_all(conn, namespace, &namespaces)).await {
        Ok(r) => r.map_err(|failures| failure_error(&failures, &server)),
        Err(_) => Err(failure_error(
            &[(request(POD_INDEX, namespace), Failure::Deadline)],
            &server,
        )),
    }
}

async fn read_all(
    conn: &Conn,
    namespace: &str,
    namespaces: &[String],
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
                "Job" => go!(Job),
                "CronJob" => go!(CronJob),
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
    let mut unavailable = BTreeMap::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Answer::List(i, ns, Ok(items))) => {
                lists.insert((ns, i), items);
            }
            Ok(Answer::List(i, ns, Err(e))) => match Failure::classify(&e) {
                Failure::NotFound {
                    namespace_missing: true,
                    ..
                } => {
                    missing.insert(ns);
                }
                // The cluster does not serve this API group: only the
                // expectations that need this kind are not evaluated.
                Failure::NotFound { .. } => {
                    let (kind, _, group) = KINDS[i];
                    unavailable.insert(kind.to_string(), api_of(group));
                }
                f => failures.push((request(i, &ns), f)),
            },
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
            request(POD_INDEX, namespace),
            Failure::NotFound {
                namespace_missing: true,
                message: String::new(),
            },
        )]);
    }
    let mut objects = Vec::new();
    for ((ns, i), items) in lists {
        let (kind, _, group) = KINDS[i];
        let api_version = api_of(group);
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
    let mut snap = Snapshot::new(namespace, conn.describe());
    snap.context_namespace = conn.default_namespace.clone();
    snap.namespaces = namespaces.to_vec();
    snap.missing_namespaces = missing;
    snap.unavailable = unavailable;
    snap.objects = objects;
    read_logs(conn, &mut snap).await;
    Ok(snap)
}

/// Logs of failing containers only (one per owner, at most
/// [`super::snapshot::MAX_LOGS`]). Best effort: a log that cannot be read
/// becomes a note, not a failure.
async fn read_logs(conn: &Conn, snap: &mut Snapshot) {
    let wanted = snap.failing_containers();
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
                    Failure::Forbidden(_) => msg!(
                        "droit `get` sur `pods/log` manquant",
                        "missing `get` permission on `pods/log`"
                    ),
                    Failure::Timeout | Failure::Deadline => {
                        msg!("pas de réponse à temps", "no answer in time")
                    }
                    Failure::Server(code, m) => {
                        msg!("erreur {code} : {m}", "error {code}: {m}", code, m)
                    }
                    Failure::NotFound { message, .. } => {
                        msg!("introuvable : {message}", "not found: {message}", message)
                    }
                    Failure::Refused(d)
                    | Failure::Dns(d)
                    | Failure::Tls(d)
                    | Failure::Dropped(d)
                    | Failure::Unauthorized(d)
                    | Failure::Unreadable(d)
                    | Failure::Other(d) => msg!("{d}", "{d}", d),
                };
                let (pod, container) = (&w.pod, &w.container);
                let previous = if w.previous { " --previous" } else { "" };
                snap.notes.push(msg!(
                    "journaux de `{pod}/{container}` non lus ({why}) : `kubectl logs {pod} -c {container}{previous}`",
                    "logs of `{pod}/{container}` not read ({why}): `kubectl logs {pod} -c {container}{previous}`",
                    pod,
                    container,
                    why,
                    previous
                ));
            }
        }
    }
    logs.sort_by(|a, b| (&a.pod, &a.container).cmp(&(&b.pod, &b.container)));
    snap.logs = logs;
}
