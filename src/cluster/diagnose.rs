//! Why something does not work on the cluster: each diagnosis names the
//! object, says the cause and the fix, in French (English on request), and
//! points at the line of the student's file when the cause is in a manifest.
//!
//! Read from the snapshot only: container states, conditions, events, and the
//! last log lines of failing containers.

use super::snapshot::{Logs, MAX_LOGS, Snapshot};
use crate::diag::{Finding, Msg, Note, ObjectRef, Severity};
use crate::engine::Run;
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::source::SourceFile;
use crate::tr;
use crate::yaml::path;
use crate::yaml::{Node, Pos};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where, in the student's files, the cause of a diagnosis is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct At {
    /// Index in the run's file table.
    pub file: usize,
    pub pos: Pos,
    pub len: u32,
}

/// One thing that is wrong on the cluster.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnosis {
    /// `image-pull`, `crash-loop`, `drift`… (stable).
    pub id: &'static str,
    pub severity: Severity,
    /// What is wrong and why.
    pub message: String,
    /// How to fix it.
    pub help: String,
    pub object: ObjectRef,
    /// The student's file, line and column (1-based) where the cause is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// What the cluster itself says (a container state's or an event's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_message: Option<String>,
    /// Last log lines of the container, when it fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<Logs>,
    pub url: String,
    #[serde(skip)]
    pub at: Option<At>,
}

const CH: &str = "diagnostiquer.md";

impl Diagnosis {
    pub fn new(
        id: &'static str,
        severity: Severity,
        object: ObjectRef,
        message: String,
        help: String,
        anchor: &str,
    ) -> Diagnosis {
        let chapter = if anchor.contains(".md") {
            anchor.to_string()
        } else {
            format!("{CH}#{anchor}")
        };
        Diagnosis {
            id,
            severity,
            message,
            help,
            object,
            file: None,
            line: None,
            column: None,
            cluster_message: None,
            logs: None,
            url: crate::diag::course_url(&chapter),
            at: None,
        }
    }

    pub fn at(mut self, at: Option<At>, files: &[SourceFile]) -> Diagnosis {
        if let Some(a) = at {
            self.file = files.get(a.file).map(|f| f.name.clone());
            self.line = Some(a.pos.line);
            self.column = Some(a.pos.col);
            self.at = Some(a);
        }
        self
    }

    /// The same diagnosis as a finding: `self` is its French wording, `en` its English one.
    pub fn into_finding(self, en: Diagnosis) -> Finding {
        let code = super::registry::by_id(self.id).unwrap_or(&super::registry::DRIFT);
        let mut f = Finding::about(
            code,
            self.object,
            Msg::owned(self.message, en.message),
            Msg::owned(self.help, en.help),
        )
        .with_severity(self.severity);
        if let Some(at) = self.at {
            f = f.at(at.file, at.pos, at.len);
        }
        if let Some(m) = self.cluster_message {
            f.notes.push(Note::Cluster { text: m });
        }
        if let Some(l) = self.logs {
            f.notes.push(Note::Log {
                container: l.container,
                previous: l.previous,
                lines: l.text.lines().map(str::to_string).collect(),
            });
        }
        f
    }

    fn said(mut self, m: Option<String>) -> Diagnosis {
        self.cluster_message = m.filter(|m| !m.trim().is_empty());
        self
    }
}

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

fn i(n: &Node, path: &str) -> Option<i64> {
    n.at(path).and_then(Node::as_i64)
}

fn items<'a>(n: &'a Node, path: &str) -> &'a [Node] {
    n.at(path).map(Node::items).unwrap_or(&[])
}

/// Container statuses, init containers first.
fn statuses(pod: &Object) -> impl Iterator<Item = &Node> {
    items(&pod.root, "status.initContainerStatuses")
        .iter()
        .chain(items(&pod.root, "status.containerStatuses"))
}

/// The name of what owns a pod: its Deployment (through the ReplicaSet), else its direct owner.
pub fn owner_of(snap: &Snapshot, pod: &Object) -> Option<(String, String)> {
    let ns = pod.namespace.as_deref().unwrap_or(&snap.namespace);
    let owner = items(&pod.root, "metadata.ownerReferences")
        .iter()
        .find(|o| o.get("controller").and_then(Node::as_bool) != Some(false))?;
    let kind = s(owner, "kind")?;
    let name = s(owner, "name")?;
    if kind == "ReplicaSet" {
        if let Some(rs) = snap.find("ReplicaSet", ns, name)
            && let Some(d) = items(&rs.root, "metadata.ownerReferences")
                .iter()
                .find(|o| s(o, "kind") == Some("Deployment"))
            && let Some(dn) = s(d, "name")
        {
            return Some(("Deployment".into(), dn.into()));
        }
        // Without the ReplicaSet, its name is the Deployment's plus a hash.
        if let Some(hash) = s(&pod.root, "metadata.labels.pod-template-hash")
            && let Some(dn) = name.strip_suffix(&format!("-{hash}"))
        {
            return Some(("Deployment".into(), dn.into()));
        }
    }
    Some((kind.into(), name.into()))
}

/// Failing containers whose logs help: crashing or exited in error. One per
/// owner and container (the pods of a Deployment fail alike), at most [`MAX_LOGS`].
pub fn failing_containers(snap: &Snapshot) -> Vec<LogWant> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for pod in snap.objects.iter().filter(|o| o.kind == "Pod") {
        let ns = pod
            .namespace
            .clone()
            .unwrap_or_else(|| snap.namespace.clone());
        let owner = owner_of(snap, pod)
            .map_or_else(|| format!("Pod/{}", pod.name), |(k, n)| format!("{k}/{n}"));
        for st in statuses(pod) {
            let Some(name) = s(st, "name") else { continue };
            let waiting = s(st, "state.waiting.reason").unwrap_or("");
            let last_code = i(st, "lastState.terminated.exitCode");
            let now_code = i(st, "state.terminated.exitCode");
            let restarts = i(st, "restartCount").unwrap_or(0);
            let ready = st.get("ready").and_then(Node::as_bool).unwrap_or(false);
            let (failing, previous) = if matches!(waiting, "CrashLoopBackOff" | "RunContainerError")
            {
                (true, last_code.is_some() || restarts > 0)
            } else if let Some(c) = now_code {
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

/// Everything a diagnosis looks at.
struct Cx<'a> {
    snap: &'a Snapshot,
    run: &'a Run,
    default_ns: &'a str,
    lang: Lang,
    /// Events by (kind, name) of the object they are about.
    events: BTreeMap<(String, String, String), Vec<&'a Node>>,
}

impl<'a> Cx<'a> {
    fn new(snap: &'a Snapshot, run: &'a Run, default_ns: &'a str, lang: Lang) -> Cx<'a> {
        let mut events: BTreeMap<(String, String, String), Vec<&Node>> = BTreeMap::new();
        for e in snap.objects.iter().filter(|o| o.kind == "Event") {
            let (Some(k), Some(n)) = (
                s(&e.root, "involvedObject.kind").or(s(&e.root, "regarding.kind")),
                s(&e.root, "involvedObject.name").or(s(&e.root, "regarding.name")),
            ) else {
                continue;
            };
            let ns = e.namespace.clone().unwrap_or_default();
            events
                .entry((ns, k.to_string(), n.to_string()))
                .or_default()
                .push(&e.root);
        }
        for list in events.values_mut() {
            list.sort_by(|a, b| event_time(a).cmp(event_time(b)));
        }
        Cx {
            snap,
            run,
            default_ns,
            lang,
            events,
        }
    }

    fn events_of(&self, ns: &str, kind: &str, name: &str) -> &[&'a Node] {
        self.events
            .get(&(ns.to_string(), kind.to_string(), name.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// The latest event message of an object whose reason is `reason` and whose
    /// message starts with one of `prefixes` (any when empty).
    fn event(
        &self,
        ns: &str,
        kind: &str,
        name: &str,
        reason: &str,
        prefixes: &[&str],
    ) -> Option<String> {
        self.events_of(ns, kind, name)
            .iter()
            .rev()
            .filter(|e| s(e, "reason") == Some(reason))
            .filter_map(|e| s(e, "message").or(s(e, "note")))
            .find(|m| prefixes.is_empty() || prefixes.iter().any(|p| m.starts_with(p)))
            .map(str::to_string)
    }

    fn file_obj(&self, kind: &str, ns: &str, name: &str) -> Option<&'a Object> {
        self.run.objects.iter().find(|o| {
            o.kind == kind
                && o.name == name
                && o.namespace.as_deref().unwrap_or(self.default_ns) == ns
        })
    }

    /// The object of the student's files that describes a live pod (its
    /// Deployment, ReplicaSet or the Pod itself), and where its pod spec is.
    fn pod_source(&self, pod: &Object) -> Option<(&'a Object, &'static str)> {
        let ns = pod.namespace.as_deref().unwrap_or(&self.snap.namespace);
        if let Some(o) = self.file_obj("Pod", ns, &pod.name) {
            return Some((o, "spec"));
        }
        if let Some((kind, name)) = owner_of(self.snap, pod)
            && let Some(o) = self.file_obj(&kind, ns, &name)
            && let Some((spec, _)) = crate::rules::pod_spec_path(&kind)
        {
            return Some((o, spec));
        }
        // A workload of the files whose selector picks this pod.
        self.run
            .objects
            .iter()
            .filter(|o| o.namespace.as_deref().unwrap_or(self.default_ns) == ns)
            .find_map(|o| {
                let (spec, _) = crate::rules::pod_spec_path(&o.kind)?;
                let sel = o.root.at("spec.selector.matchLabels")?;
                crate::rules::labels_match(sel, pod.labels()).then_some((o, spec))
            })
    }

    /// The first of `paths` (relative to a container of the pod's source) found in the student's file.
    fn at_container(&self, pod: &Object, container: &str, paths: &[&str]) -> Option<At> {
        let (obj, spec) = self.pod_source(pod)?;
        let list = if items(&pod.root, "spec.initContainers")
            .iter()
            .any(|c| s(c, "name") == Some(container))
        {
            "initContainers"
        } else {
            "containers"
        };
        let base = format!("{spec}.{list}[name={container}]");
        let mut all: Vec<String> = paths
            .iter()
            .map(|p| {
                if p.is_empty() {
                    base.clone()
                } else {
                    format!("{base}.{p}")
                }
            })
            .collect();
        all.push(format!("{base}.name"));
        at_first(obj, &all.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// The first of `paths` (relative to the pod spec) found in the student's file.
    fn at_pod(&self, pod: &Object, paths: &[&str]) -> Option<At> {
        let (obj, spec) = self.pod_source(pod)?;
        let all: Vec<String> = paths
            .iter()
            .map(|p| format!("{spec}.{p}"))
            .chain(std::iter::once("metadata.name".to_string()))
            .collect();
        at_first(obj, &all.iter().map(String::as_str).collect::<Vec<_>>())
    }

    fn files(&self) -> &'a [SourceFile] {
        &self.run.files
    }

    fn file_name(&self, at: Option<At>) -> Option<String> {
        at.and_then(|a| self.run.files.get(a.file))
            .map(|f| f.name.clone())
    }

    /// `kubectl apply -f FILE`, or a generic one.
    fn apply(&self, at: Option<At>) -> String {
        match self.file_name(at) {
            Some(f) => format!("`kubectl apply -f {f}`"),
            None => tr!(
                self.lang,
                "`kubectl apply -f VOTRE-FICHIER.yaml`",
                "`kubectl apply -f YOUR-FILE.yaml`"
            ),
        }
    }
}

fn event_time(e: &Node) -> &str {
    s(e, "lastTimestamp")
        .or(s(e, "eventTime"))
        .or(s(e, "metadata.creationTimestamp"))
        .unwrap_or("")
}

/// The position of the first path found in a file object.
pub fn at_first(obj: &Object, paths: &[&str]) -> Option<At> {
    if obj.file == super::snapshot::NO_FILE {
        return None;
    }
    for p in paths {
        let Ok(segments) = path::parse(p) else {
            continue;
        };
        if let Some(n) = path::select(&obj.root, &segments)
            .into_iter()
            .find(|n| n.span.start.is_known())
        {
            let len = n.span.caret_len();
            return Some(At {
                file: obj.file,
                pos: n.span.start,
                len,
            });
        }
    }
    None
}

/// `la ConfigMap`, `l'Ingress`, `le Deployment` (French), `ConfigMap` (English).
pub fn the(kind: &str, lang: Lang) -> String {
    match lang {
        Lang::En => kind.to_string(),
        Lang::Fr => match kind {
            "ConfigMap" => "la ConfigMap".into(),
            "Ingress" | "EndpointSlice" => format!("l'{kind}"),
            _ => format!("le {kind}"),
        },
    }
}

fn pod_ref(pod: &Object, ns: &str) -> ObjectRef {
    ObjectRef {
        kind: "Pod".into(),
        name: pod.name.clone(),
        namespace: Some(ns.to_string()),
    }
}

fn obj_ref(kind: &str, name: &str, ns: &str) -> ObjectRef {
    ObjectRef {
        kind: kind.into(),
        name: name.into(),
        namespace: Some(ns.to_string()),
    }
}

/// Which objects the exercise is about: those of the student's files and of
/// the expectations, and the pods they own or select. Everything when none.
struct Scope {
    all: bool,
    names: BTreeSet<(String, String)>,
    selectors: Vec<BTreeMap<String, String>>,
}

impl Scope {
    fn new(run: &Run, expectations: &[crate::exercise::model::ClusterExpect]) -> Scope {
        let mut names = BTreeSet::new();
        let mut selectors = Vec::new();
        for o in &run.objects {
            names.insert((o.kind.clone(), o.name.clone()));
            let sel = match o.kind.as_str() {
                "Service" => o.root.at("spec.selector"),
                _ => o.root.at("spec.selector.matchLabels"),
            };
            if let Some(sel) = sel {
                selectors.push(
                    sel.entries()
                        .iter()
                        .map(|e| (e.key.to_string(), e.value.scalar_text()))
                        .collect(),
                );
            }
        }
        for c in expectations {
            let n = |k: &str, v: &Option<String>| v.as_ref().map(|v| (k.to_string(), v.clone()));
            match c.check.as_str() {
                "deployment-available" => names.extend(n("Deployment", &c.name)),
                "service-endpoints" => names.extend(n("Service", &c.name)),
                "ingress-routes" => {
                    names.extend(n("Ingress", &c.name));
                    names.extend(n("Service", &c.service));
                }
                "env-from-configmap" | "image-running" => {
                    names.extend(n("Deployment", &c.deployment))
                }
                "matches-file" => names.extend(c.kind.clone().zip(c.name.clone())),
                _ => {}
            }
            if let Some(sel) = &c.selector {
                selectors.push(sel.clone());
            }
        }
        Scope {
            all: names.is_empty() && selectors.is_empty(),
            names,
            selectors,
        }
    }

    fn has(&self, kind: &str, name: &str) -> bool {
        self.all || self.names.contains(&(kind.to_string(), name.to_string()))
    }

    fn has_pod(&self, snap: &Snapshot, pod: &Object) -> bool {
        if self.has("Pod", &pod.name) {
            return true;
        }
        if let Some((k, n)) = owner_of(snap, pod)
            && self.has(&k, &n)
        {
            return true;
        }
        let labels: BTreeMap<String, String> = pod
            .labels()
            .map(|l| {
                l.entries()
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.scalar_text()))
                    .collect()
            })
            .unwrap_or_default();
        self.selectors
            .iter()
            .any(|sel| !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
    }
}

/// Every diagnosis for the namespaces of the snapshot, about the objects the
/// exercise is about.
pub fn diagnose(
    snap: &Snapshot,
    run: &Run,
    default_ns: &str,
    expectations: &[crate::exercise::model::ClusterExpect],
    lang: Lang,
) -> Vec<Diagnosis> {
    let cx = Cx::new(snap, run, default_ns, lang);
    let scope = Scope::new(run, expectations);
    let mut out = Vec::new();
    for ns in &snap.namespaces {
        pods(&cx, &scope, ns, &mut out);
        replicasets(&cx, &scope, ns, &mut out);
        deployments(&cx, &scope, ns, &mut out);
        services(&cx, &scope, ns, &mut out);
        ingresses(&cx, &scope, ns, &mut out);
        pvcs(&cx, &scope, ns, &mut out);
    }
    out
}

/// Problems of one pod, before grouping pods of the same owner.
struct PodProblem<'a> {
    pod: &'a Object,
    key: String,
    diag: Diagnosis,
}

fn pods(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let mut problems: Vec<PodProblem> = Vec::new();
    let pods: Vec<&Object> = cx
        .snap
        .of_kind("Pod", ns)
        .filter(|p| scope.has_pod(cx.snap, p))
        .collect();
    for pod in &pods {
        // A pod being deleted is not a problem.
        if pod.root.at("metadata.deletionTimestamp").is_some() {
            continue;
        }
        let owner = owner_of(cx.snap, pod)
            .map_or_else(|| format!("Pod/{}", pod.name), |(k, n)| format!("{k}/{n}"));
        if let Some(d) = unschedulable(cx, pod, ns) {
            problems.push(PodProblem {
                pod,
                key: format!("{owner}|{}", d.id),
                diag: d,
            });
            continue;
        }
        for st in statuses(pod) {
            let Some(container) = s(st, "name") else {
                continue;
            };
            if let Some(d) = container_problem(cx, pod, ns, st, container) {
                problems.push(PodProblem {
                    pod,
                    key: format!("{owner}|{container}|{}", d.id),
                    diag: d,
                });
            }
        }
    }
    // One diagnosis per owner and problem: "2 Pods sur 3".
    let mut groups: BTreeMap<String, Vec<PodProblem>> = BTreeMap::new();
    let mut order = Vec::new();
    for p in problems {
        if !groups.contains_key(&p.key) {
            order.push(p.key.clone());
        }
        groups.entry(p.key.clone()).or_default().push(p);
    }
    for key in order {
        let mut group = groups.remove(&key).unwrap_or_default();
        let n = group.len();
        let first = group.remove(0);
        let mut d = first.diag;
        if n > 1 {
            let owner = owner_of(cx.snap, first.pod)
                .map(|(k, name)| format!("{k} `{name}`"))
                .unwrap_or_default();
            let total = pods
                .iter()
                .filter(|p| owner_of(cx.snap, p) == owner_of(cx.snap, first.pod))
                .count();
            d.message += &tr!(
                cx.lang,
                " ({n} Pods sur {total} du {owner} sont dans ce cas)",
                " ({n} of the {total} Pods of {owner} are affected)"
            );
        }
        out.push(d);
    }
}

fn owner_text(cx: &Cx, pod: &Object) -> String {
    match owner_of(cx.snap, pod) {
        Some((k, n)) => tr!(cx.lang, " (du {k} `{n}`)", " (of {k} `{n}`)"),
        None => String::new(),
    }
}

fn container_problem(
    cx: &Cx,
    pod: &Object,
    ns: &str,
    st: &Node,
    container: &str,
) -> Option<Diagnosis> {
    let lang = cx.lang;
    let waiting = s(st, "state.waiting.reason").unwrap_or("");
    let waiting_msg = s(st, "state.waiting.message").map(str::to_string);
    let image = s(st, "image").map(str::to_string).or_else(|| {
        items(&pod.root, "spec.containers")
            .iter()
            .chain(items(&pod.root, "spec.initContainers"))
            .find(|c| s(c, "name") == Some(container))
            .and_then(|c| s(c, "image"))
            .map(str::to_string)
    });
    let image = image.unwrap_or_default();
    let pname = &pod.name;
    let owner = owner_text(cx, pod);
    let obj = pod_ref(pod, ns);
    match waiting {
        "ErrImagePull" | "ImagePullBackOff" => {
            let event = cx
                .event(
                    ns,
                    "Pod",
                    pname,
                    "Failed",
                    &["Failed to pull image", "Error: "],
                )
                .filter(|m| m.starts_with("Failed to pull"));
            let said = event.clone().or(waiting_msg.clone());
            let text = format!(
                "{} {}",
                waiting_msg.as_deref().unwrap_or(""),
                event.as_deref().unwrap_or("")
            )
            .to_lowercase();
            let at = cx.at_container(pod, container, &["image"]);
            let apply = cx.apply(at);
            let tag = image
                .rsplit_once(':')
                .filter(|(_, t)| !t.contains('/'))
                .map_or("latest", |(_, t)| t);
            let (cause, help) = if [
                "unauthorized",
                "authentication required",
                "401",
                "403 forbidden",
                "insufficient_scope",
            ]
            .iter()
            .any(|k| text.contains(k))
                && !text.contains(": not found")
            {
                (
                    tr!(
                        lang,
                        "l'accès au dépôt est refusé : image privée, ou dépôt qui n'existe pas (le registre répond de la même façon)",
                        "access to the repository is denied: a private image, or a repository that does not exist (the registry answers the same)"
                    ),
                    tr!(
                        lang,
                        "vérifiez l'orthographe du nom `{image}` ; si l'image est privée, créez un Secret `kubectl create secret docker-registry …` et ajoutez `imagePullSecrets` au pod, ou publiez l'image ; puis {apply}",
                        "check the spelling of `{image}`; if the image is private, create a Secret with `kubectl create secret docker-registry …` and add `imagePullSecrets` to the pod, or make the image public; then {apply}"
                    ),
                )
            } else if [
                "no such host",
                "i/o timeout",
                "connection refused",
                "dial tcp",
                "tls:",
            ]
            .iter()
            .any(|k| text.contains(k))
            {
                (
                    tr!(
                        lang,
                        "le registre de l'image est injoignable depuis le nœud (adresse du registre fausse, ou réseau)",
                        "the image's registry cannot be reached from the node (wrong registry address, or network)"
                    ),
                    tr!(
                        lang,
                        "vérifiez le nom du registre au début de `{image}` (par défaut `docker.io`) ; puis {apply}",
                        "check the registry name at the start of `{image}` (`docker.io` by default); then {apply}"
                    ),
                )
            } else if text.contains("not found")
                || text.contains("manifest unknown")
                || text.contains("does not exist")
                || text.contains("pull access denied")
            {
                (
                    tr!(
                        lang,
                        "cette image ou ce tag n'existe pas sur le registre (faute de frappe dans le nom, ou tag `{tag}` jamais publié)",
                        "this image or tag does not exist on the registry (a typo in the name, or tag `{tag}` never published)"
                    ),
                    tr!(
                        lang,
                        "vérifiez le nom et le tag exacts (page de l'image sur son registre, onglet « Tags » ; `docker pull {image}` doit fonctionner), corrigez `image:` puis {apply}",
                        "check the exact name and tag (the image's page on its registry, \"Tags\" tab; `docker pull {image}` must work), fix `image:` then {apply}"
                    ),
                )
            } else {
                (
                    tr!(
                        lang,
                        "le nœud n'arrive pas à télécharger l'image (nom ou tag faux, image privée, ou registre injoignable)",
                        "the node cannot download the image (wrong name or tag, private image, or unreachable registry)"
                    ),
                    tr!(
                        lang,
                        "vérifiez que `docker pull {image}` fonctionne avec exactement ce nom, corrigez `image:` puis {apply}",
                        "check that `docker pull {image}` works with exactly this name, fix `image:` then {apply}"
                    ),
                )
            };
            Some(
                Diagnosis::new("image-pull", Severity::Error, obj, tr!(lang, "le conteneur `{container}` du Pod `{pname}`{owner} ne démarre pas ({waiting}) : l'image `{image}` ne peut pas être téléchargée : {cause}", "container `{container}` of Pod `{pname}`{owner} does not start ({waiting}): image `{image}` cannot be downloaded: {cause}"), help, "errimagepull-et-imagepullbackoff")
                    .at(at, cx.files())
                    .said(said),
            )
        }
        "ErrImageNeverPull" => {
            let at = cx.at_container(pod, container, &["imagePullPolicy", "image"]);
            let apply = cx.apply(at);
            Some(
                Diagnosis::new("image-never-pull", Severity::Error, obj, tr!(lang, "le conteneur `{container}` du Pod `{pname}`{owner} ne démarre pas (ErrImageNeverPull) : `imagePullPolicy: Never` interdit de télécharger l'image `{image}`, et elle n'est pas sur le nœud", "container `{container}` of Pod `{pname}`{owner} does not start (ErrImageNeverPull): `imagePullPolicy: Never` forbids downloading image `{image}`, and the node does not have it"), tr!(lang, "supprimez la ligne `imagePullPolicy: Never` (ou mettez `IfNotPresent`) : `Never` ne sert que sur un cluster local où l'on charge les images à la main ; puis {apply}", "remove the `imagePullPolicy: Never` line (or use `IfNotPresent`): `Never` is only for a local cluster where images are loaded by hand; then {apply}"), "errimageneverpull")
                    .at(at, cx.files())
                    .said(waiting_msg),
            )
        }
        "InvalidImageName" => {
            let at = cx.at_container(pod, container, &["image"]);
            let apply = cx.apply(at);
            let why = if image.chars().any(|c| c.is_ascii_uppercase()) {
                tr!(
                    lang,
                    " : il contient des majuscules",
                    ": it has upper-case letters"
                )
            } else if image.contains(' ') {
                tr!(lang, " : il contient un espace", ": it has a space")
            } else if image.contains("://") {
                tr!(
                    lang,
                    " : une image ne commence pas par `http://` ou `https://`",
                    ": an image does not start with `http://` or `https://`"
                )
            } else {
                String::new()
            };
            Some(
                Diagnosis::new("invalid-image-name", Severity::Error, obj, tr!(lang, "le conteneur `{container}` du Pod `{pname}`{owner} ne démarre pas (InvalidImageName) : `{image}` n'est pas un nom d'image valide{why}", "container `{container}` of Pod `{pname}`{owner} does not start (InvalidImageName): `{image}` is not a valid image name{why}"), tr!(lang, "une image s'écrit `registre/dépôt:tag`, en minuscules, sans espace ni `https://` (par exemple `nginx:1.27` ou `ragatzino/backend:1.0.0`) ; corrigez `image:` puis {apply}", "an image is written `registry/repository:tag`, lower-case, with no space nor `https://` (e.g. `nginx:1.27` or `ragatzino/backend:1.0.0`); fix `image:` then {apply}"), "invalidimagename")
                    .at(at, cx.files())
                    .said(waiting_msg),
            )
        }
        "CreateContainerConfigError" | "CreateContainerError" => Some(config_error(
            cx,
            pod,
            ns,
            container,
            waiting,
            waiting_msg.unwrap_or_default(),
        )),
        "ContainerCreating" => {
            // Volumes that cannot be mounted keep the pod here.
            let m = cx.event(ns, "Pod", pname, "FailedMount", &[])?;
            if m.contains("not found") {
                Some(config_error(cx, pod, ns, container, "ContainerCreating", m))
            } else {
                None
            }
        }
        _ => {
            let crash = waiting == "CrashLoopBackOff" || waiting == "RunContainerError";
            let now_code = i(st, "state.terminated.exitCode");
            if crash || now_code.is_some_and(|c| c != 0) {
                return Some(crash_loop(cx, pod, ns, st, container, waiting));
            }
            let running = st.at("state.running").is_some();
            let ready = st.get("ready").and_then(Node::as_bool).unwrap_or(false);
            if running && !ready {
                return readiness(cx, pod, ns, container);
            }
            None
        }
    }
}

/// `configmap "x" not found`, `couldn't find key K in ConfigMap ns/x`…
fn config_error(
    cx: &Cx,
    pod: &Object,
    ns: &str,
    container: &str,
    reason: &str,
    msg: String,
) -> Diagnosis {
    let lang = cx.lang;
    let pname = &pod.name;
    let owner = owner_text(cx, pod);
    let obj = pod_ref(pod, ns);
    let low = msg.to_lowercase();
    let quoted = |after: &str| -> Option<String> {
        let rest = &msg[low.find(after)? + after.len()..];
        let rest = rest.trim_start().strip_prefix('"')?;
        rest.split_once('"').map(|(n, _)| n.to_string())
    };
    // (kind, name, key)
    let what: Option<(&str, String, Option<String>)> = if let Some(n) = quoted("configmap") {
        Some(("ConfigMap", n, None))
    } else if let Some(n) = quoted("secret") {
        Some(("Secret", n, None))
    } else if let Some(rest) = low
        .find("couldn't find key ")
        .map(|p| &msg[p + "couldn't find key ".len()..])
    {
        // `couldn't find key K in ConfigMap ns/name`
        let (key, tail) = rest.split_once(" in ").unwrap_or((rest, ""));
        let mut parts = tail.split_whitespace();
        let kind = if parts
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case("secret"))
        {
            "Secret"
        } else {
            "ConfigMap"
        };
        let name = parts
            .next()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        Some((kind, name, Some(key.trim().to_string())))
    } else {
        None
    };
    let Some((kind, name, key)) = what else {
        let at = cx.at_container(pod, container, &[]);
        return Diagnosis::new("config-error", Severity::Error, obj, tr!(lang, "le conteneur `{container}` du Pod `{pname}`{owner} ne peut pas être créé ({reason})", "container `{container}` of Pod `{pname}`{owner} cannot be created ({reason})"), tr!(lang, "lisez le message du cluster ci-dessous : il nomme ce qui manque ; corrigez le manifeste puis {}", "read the cluster's message below: it names what is missing; fix the manifest then {}", cx.apply(at)), "createcontainerconfigerror")
            .at(at, cx.files())
            .said(Some(msg));
    };
    // Where the student's file refers to it.
    let (ref_paths, key_field): (&[&str], &str) = if kind == "ConfigMap" {
        (
            &[
                "env[*].valueFrom.configMapKeyRef",
                "envFrom[*].configMapRef",
            ],
            "configMapKeyRef",
        )
    } else {
        (
            &["env[*].valueFrom.secretKeyRef", "envFrom[*].secretRef"],
            "secretKeyRef",
        )
    };
    let at = locate_ref(cx, pod, container, ref_paths, &name, key.as_deref()).or_else(|| {
        let vol = if kind == "ConfigMap" {
            "volumes[*].configMap.name"
        } else {
            "volumes[*].secret.secretName"
        };
        cx.at_pod(pod, &[vol])
    });
    let apply = cx.apply(at);
    let live = cx.snap.find(kind, ns, &name);
    let (message, help) = match (&key, live) {
        (Some(k), Some(obj_live)) => {
            let keys: Vec<String> = obj_live
                .root
                .get("data")
                .map(|d| d.entries().iter().map(|e| format!("`{}`", e.key)).collect())
                .unwrap_or_default();
            let keys = if keys.is_empty() {
                tr!(lang, "aucune", "none")
            } else {
                keys.join(", ")
            };
            let the_kind = the(kind, lang);
            (
                tr!(
                    lang,
                    "le conteneur `{container}` du Pod `{pname}`{owner} ne peut pas être créé ({reason}) : la clé `{k}` n'existe pas dans {the_kind} `{name}` (clés présentes : {keys})",
                    "container `{container}` of Pod `{pname}`{owner} cannot be created ({reason}): key `{k}` does not exist in {the_kind} `{name}` (keys present: {keys})"
                ),
                tr!(
                    lang,
                    "corrigez `key:` dans `{key_field}` (la casse compte), ou ajoutez la clé `{k}` à {the_kind} `{name}` et appliquez le fichier ; puis {apply}",
                    "fix `key:` in `{key_field}` (case matters), or add key `{k}` to {the_kind} `{name}` and apply its file; then {apply}"
                ),
            )
        }
        (_, None) => {
            let others: Vec<&str> = cx.snap.of_kind(kind, ns).map(|o| o.name.as_str()).collect();
            let near = crate::suggest::closest(&name, others.iter().copied())
                .map(|n| {
                    tr!(
                        lang,
                        " ; vouliez-vous dire `{n}` ?",
                        "; did you mean `{n}`?"
                    )
                })
                .unwrap_or_default();
            let the_kind = the(kind, lang);
            (
                tr!(
                    lang,
                    "le conteneur `{container}` du Pod `{pname}`{owner} ne peut pas être créé ({reason}) : {the_kind} `{name}` n'existe pas dans le namespace `{ns}`{near}",
                    "container `{container}` of Pod `{pname}`{owner} cannot be created ({reason}): {the_kind} `{name}` does not exist in namespace `{ns}`{near}"
                ),
                tr!(
                    lang,
                    "créez {the_kind} `{name}` dans le namespace `{ns}` (`kubectl apply -f` de son fichier), ou corrigez le nom auquel le Deployment fait référence ; le Pod redémarre tout seul ensuite",
                    "create {the_kind} `{name}` in namespace `{ns}` (`kubectl apply -f` its file), or fix the name the Deployment refers to; the Pod then restarts by itself"
                ),
            )
        }
        (None, Some(_)) => (
            tr!(
                lang,
                "le conteneur `{container}` du Pod `{pname}`{owner} ne peut pas être créé ({reason}) à cause de {} `{name}`",
                "container `{container}` of Pod `{pname}`{owner} cannot be created ({reason}) because of {} `{name}`",
                the(kind, lang)
            ),
            tr!(
                lang,
                "lisez le message du cluster ci-dessous ; corrigez puis {apply}",
                "read the cluster's message below; fix then {apply}"
            ),
        ),
    };
    Diagnosis::new(
        "config-error",
        Severity::Error,
        obj,
        message,
        help,
        "createcontainerconfigerror",
    )
    .at(at, cx.files())
    .said(Some(msg))
}

/// The `name:` (or `key:`) of a reference to `name` in a container of the student's file.
fn locate_ref(
    cx: &Cx,
    pod: &Object,
    container: &str,
    ref_paths: &[&str],
    name: &str,
    key: Option<&str>,
) -> Option<At> {
    let (obj, spec) = cx.pod_source(pod)?;
    for list in ["containers", "initContainers"] {
        for rp in ref_paths {
            let base = format!("{spec}.{list}[name={container}].{rp}");
            let Ok(segs) = path::parse(&base) else {
                continue;
            };
            for r in path::select(&obj.root, &segs) {
                if r.get("name").and_then(Node::as_str) != Some(name) {
                    continue;
                }
                let target = match key {
                    Some(k) if r.get("key").and_then(Node::as_str) == Some(k) => r.get("key"),
                    Some(_) => continue,
                    None => r.get("name"),
                };
                if let Some(n) = target.filter(|n| n.span.start.is_known()) {
                    let len = n.span.caret_len();
                    return Some(At {
                        file: obj.file,
                        pos: n.span.start,
                        len,
                    });
                }
            }
        }
    }
    None
}

fn exit_explained(lang: Lang, code: i64, reason: &str) -> (String, String) {
    match (code, reason) {
        (_, "OOMKilled") => oom_explained(lang),
        (0, _) => (
            tr!(
                lang,
                "le programme s'est terminé normalement (code 0) : un conteneur de Deployment doit tourner en continu",
                "the program ended normally (code 0): a Deployment's container must keep running"
            ),
            tr!(
                lang,
                "la commande du conteneur (`command`/`args`, ou celle de l'image) doit lancer un serveur qui reste au premier plan, pas une commande qui se termine",
                "the container's command (`command`/`args`, or the image's) must start a server that stays in the foreground, not a command that ends"
            ),
        ),
        (126, _) => (
            tr!(
                lang,
                "la commande de démarrage n'est pas exécutable (code 126)",
                "the start command is not executable (code 126)"
            ),
            tr!(
                lang,
                "vérifiez `command`/`args` (un fichier sans droit d'exécution, ou un dossier)",
                "check `command`/`args` (a file without execute permission, or a folder)"
            ),
        ),
        (127, _) => (
            tr!(
                lang,
                "la commande de démarrage est introuvable dans l'image (code 127)",
                "the start command does not exist in the image (code 127)"
            ),
            tr!(
                lang,
                "vérifiez `command`/`args` : le programme doit exister dans l'image (faute de frappe ? chemin ?)",
                "check `command`/`args`: the program must exist in the image (typo? path?)"
            ),
        ),
        (137, _) => (
            tr!(
                lang,
                "le conteneur a été tué (SIGKILL, code 137) : le plus souvent sa sonde `livenessProbe` échouait, ou il manquait de mémoire",
                "the container was killed (SIGKILL, code 137): most often its `livenessProbe` was failing, or it ran out of memory"
            ),
            tr!(
                lang,
                "regardez les événements du Pod (`kubectl describe pod`) ; vérifiez la sonde `livenessProbe` (chemin, port, `initialDelaySeconds`) et `resources.limits.memory`",
                "look at the Pod's events (`kubectl describe pod`); check the `livenessProbe` (path, port, `initialDelaySeconds`) and `resources.limits.memory`"
            ),
        ),
        (139, _) => (
            tr!(
                lang,
                "le programme a planté (erreur de segmentation, code 139)",
                "the program crashed (segmentation fault, code 139)"
            ),
            tr!(
                lang,
                "lisez les journaux ; l'image est peut-être faite pour une autre architecture (arm64/amd64)",
                "read the logs; the image may be built for another architecture (arm64/amd64)"
            ),
        ),
        (143, _) => (
            tr!(
                lang,
                "le conteneur a été arrêté (SIGTERM, code 143) : souvent parce que sa sonde `livenessProbe` échouait",
                "the container was stopped (SIGTERM, code 143): often because its `livenessProbe` was failing"
            ),
            tr!(
                lang,
                "vérifiez la sonde `livenessProbe` (chemin, port, `initialDelaySeconds`)",
                "check the `livenessProbe` (path, port, `initialDelaySeconds`)"
            ),
        ),
        (c, _) => (
            tr!(
                lang,
                "l'application s'est arrêtée sur une erreur (code {c})",
                "the application stopped on an error (code {c})"
            ),
            tr!(
                lang,
                "lisez les journaux ci-dessous (`kubectl logs POD --previous`) : le plus souvent une variable d'environnement ou un fichier de configuration manquant, ou une dépendance injoignable au démarrage",
                "read the logs below (`kubectl logs POD --previous`): most often a missing environment variable or configuration file, or a dependency unreachable at start"
            ),
        ),
    }
}

fn oom_explained(lang: Lang) -> (String, String) {
    (
        tr!(
            lang,
            "il a dépassé sa limite de mémoire et a été tué (OOMKilled, code 137)",
            "it went over its memory limit and was killed (OOMKilled, code 137)"
        ),
        tr!(
            lang,
            "augmentez `resources.limits.memory` (après avoir vérifié que l'application ne consomme pas de mémoire sans limite), ou réduisez sa consommation",
            "raise `resources.limits.memory` (after checking the application does not use memory without bound), or reduce its consumption"
        ),
    )
}

fn crash_loop(
    cx: &Cx,
    pod: &Object,
    ns: &str,
    st: &Node,
    container: &str,
    waiting: &str,
) -> Diagnosis {
    let lang = cx.lang;
    let pname = &pod.name;
    let owner = owner_text(cx, pod);
    let term = st.at("lastState.terminated").or(st.at("state.terminated"));
    let code = term.and_then(|t| i(t, "exitCode")).unwrap_or(-1);
    let reason = term.and_then(|t| s(t, "reason")).unwrap_or("");
    let restarts = i(st, "restartCount").unwrap_or(0);
    let liveness = cx.event(
        ns,
        "Pod",
        pname,
        "Unhealthy",
        &["Liveness probe failed", "Liveness probe errored"],
    );
    let (cause, fix, at, id, anchor) = if reason == "OOMKilled" {
        let limit = container_of(pod, container)
            .and_then(|c| s(c, "resources.limits.memory"))
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let (c, f) = oom_explained(lang);
        (
            format!("{c}{limit}"),
            f,
            cx.at_container(
                pod,
                container,
                &["resources.limits.memory", "resources.limits", "resources"],
            ),
            "oom-killed",
            "oomkilled",
        )
    } else if let Some(l) = &liveness {
        (
            tr!(
                lang,
                "sa sonde `livenessProbe` échoue, et Kubernetes le redémarre (« {l} »)",
                "its `livenessProbe` fails, and Kubernetes restarts it (\"{l}\")"
            ),
            tr!(
                lang,
                "vérifiez le `path` et le `port` de la sonde (l'application y répond-elle ?), et donnez-lui le temps de démarrer (`initialDelaySeconds`)",
                "check the probe's `path` and `port` (does the application answer there?), and give it time to start (`initialDelaySeconds`)"
            ),
            cx.at_container(pod, container, &["livenessProbe"]),
            "crash-loop",
            "crashloopbackoff",
        )
    } else {
        let (c, f) = exit_explained(lang, code, reason);
        let paths: &[&str] = if matches!(code, 0 | 126 | 127) {
            &["command", "args", "image"]
        } else {
            &["image"]
        };
        (
            c,
            f,
            cx.at_container(pod, container, paths),
            "crash-loop",
            "crashloopbackoff",
        )
    };
    let state = if waiting.is_empty() {
        tr!(lang, "terminé en erreur", "terminated in error")
    } else {
        waiting.to_string()
    };
    let reason_txt = if reason.is_empty() || reason == "OOMKilled" {
        String::new()
    } else {
        tr!(lang, ", raison `{reason}`", ", reason `{reason}`")
    };
    let message = tr!(
        lang,
        "le conteneur `{container}` du Pod `{pname}`{owner} s'arrête sans cesse ({state}, {restarts} redémarrage(s), dernier code de sortie {code}{reason_txt}) : {cause}",
        "container `{container}` of Pod `{pname}`{owner} keeps stopping ({state}, {restarts} restart(s), last exit code {code}{reason_txt}): {cause}"
    );
    let help = format!(
        "{} ; {}",
        fix.replace("POD", pname),
        tr!(lang, "puis {}", "then {}", cx.apply(at))
    );
    let mut d = Diagnosis::new(id, Severity::Error, pod_ref(pod, ns), message, help, anchor)
        .at(at, cx.files())
        .said(
            term.and_then(|t| s(t, "message"))
                .map(str::to_string)
                .or(liveness),
        );
    d.logs = cx.snap.logs_of(ns, pname, container).cloned().or_else(|| {
        // Same owner, another pod whose logs were read.
        let mine = owner_of(cx.snap, pod);
        cx.snap
            .logs
            .iter()
            .find(|l| {
                l.namespace == ns
                    && l.container == container
                    && cx
                        .snap
                        .find("Pod", ns, &l.pod)
                        .is_some_and(|p| owner_of(cx.snap, p) == mine && mine.is_some())
            })
            .cloned()
    });
    d
}

fn container_of<'a>(pod: &'a Object, container: &str) -> Option<&'a Node> {
    items(&pod.root, "spec.containers")
        .iter()
        .chain(items(&pod.root, "spec.initContainers"))
        .find(|c| s(c, "name") == Some(container))
}

fn readiness(cx: &Cx, pod: &Object, ns: &str, container: &str) -> Option<Diagnosis> {
    let lang = cx.lang;
    let probe = container_of(pod, container)?.get("readinessProbe")?;
    let pname = &pod.name;
    let owner = owner_text(cx, pod);
    let said = cx.event(
        ns,
        "Pod",
        pname,
        "Unhealthy",
        &["Readiness probe failed", "Readiness probe errored"],
    );
    let what = match (
        probe.at("httpGet.path").map(Node::scalar_text),
        probe
            .at("httpGet.port")
            .or(probe.at("tcpSocket.port"))
            .map(Node::scalar_text),
    ) {
        (Some(p), Some(port)) => tr!(
            lang,
            " (`{p}` sur le port {port})",
            " (`{p}` on port {port})"
        ),
        (None, Some(port)) => tr!(lang, " (port {port})", " (port {port})"),
        _ => String::new(),
    };
    let at = cx.at_container(
        pod,
        container,
        &[
            "readinessProbe.httpGet.path",
            "readinessProbe.httpGet.port",
            "readinessProbe.tcpSocket.port",
            "readinessProbe",
        ],
    );
    let apply = cx.apply(at);
    Some(
        Diagnosis::new("readiness-failing", Severity::Error, pod_ref(pod, ns), tr!(lang, "le conteneur `{container}` du Pod `{pname}`{owner} tourne mais n'est pas prêt : sa sonde `readinessProbe`{what} échoue, donc aucun Service ne lui envoie de trafic", "container `{container}` of Pod `{pname}`{owner} runs but is not ready: its `readinessProbe`{what} fails, so no Service sends it traffic"), tr!(lang, "vérifiez que l'application répond bien à ce chemin et sur ce port (`kubectl port-forward pod/{pname} 8080:PORT` puis `curl localhost:8080/CHEMIN`), corrigez la sonde puis {apply}", "check the application answers on that path and port (`kubectl port-forward pod/{pname} 8080:PORT` then `curl localhost:8080/PATH`), fix the probe then {apply}"), "une-sonde-de-disponibilité-qui-échoue")
            .at(at, cx.files())
            .said(said),
    )
}

fn unschedulable(cx: &Cx, pod: &Object, ns: &str) -> Option<Diagnosis> {
    let lang = cx.lang;
    if s(&pod.root, "status.phase") != Some("Pending") {
        return None;
    }
    let cond = items(&pod.root, "status.conditions")
        .iter()
        .find(|c| s(c, "type") == Some("PodScheduled") && s(c, "status") == Some("False"));
    let msg = cond
        .and_then(|c| s(c, "message"))
        .map(str::to_string)
        .or_else(|| cx.event(ns, "Pod", &pod.name, "FailedScheduling", &[]))?;
    let pname = &pod.name;
    let owner = owner_text(cx, pod);
    let low = msg.to_lowercase();
    let first_with = |res: &str| -> String {
        items(&pod.root, "spec.containers")
            .iter()
            .find(|c| {
                c.at(&format!("resources.requests.{res}")).is_some()
                    || c.at(&format!("resources.limits.{res}")).is_some()
            })
            .and_then(|c| s(c, "name"))
            .unwrap_or_else(|| {
                items(&pod.root, "spec.containers")
                    .first()
                    .and_then(|c| s(c, "name"))
                    .unwrap_or("")
            })
            .to_string()
    };
    let (cause, help, at) = if low.contains("insufficient cpu")
        || low.contains("insufficient memory")
    {
        let res = if low.contains("insufficient cpu") {
            "cpu"
        } else {
            "memory"
        };
        let c = first_with(res);
        let asked = container_of(pod, &c)
            .and_then(|n| {
                n.at(&format!("resources.requests.{res}"))
                    .or(n.at(&format!("resources.limits.{res}")))
            })
            .map(Node::scalar_text)
            .unwrap_or_else(|| "?".into());
        let what = if res == "cpu" {
            tr!(lang, "de processeur", "CPU")
        } else {
            tr!(lang, "de mémoire", "memory")
        };
        let at = cx.at_container(
            pod,
            &c,
            &[
                &format!("resources.requests.{res}"),
                &format!("resources.limits.{res}"),
                "resources",
            ],
        );
        (
            tr!(
                lang,
                "aucun nœud n'a assez {what} libre pour ce qu'il demande (`resources.requests.{res}` : {asked})",
                "no node has enough free {what} for what it requests (`resources.requests.{res}`: {asked})"
            ),
            tr!(
                lang,
                "réduisez `resources.requests.{res}` (c'est une réservation : demandez ce dont l'application a besoin, pas plus), ou le nombre de `replicas` ; puis {}",
                "lower `resources.requests.{res}` (it is a reservation: request what the application needs, no more), or the number of `replicas`; then {}",
                cx.apply(at)
            ),
            at,
        )
    } else if low.contains("persistentvolumeclaim") {
        let at = cx.at_pod(
            pod,
            &["volumes[*].persistentVolumeClaim.claimName", "volumes"],
        );
        (
            tr!(
                lang,
                "son volume persistant (PersistentVolumeClaim) n'est pas prêt : absent, ou pas encore lié à un volume",
                "its persistent volume (PersistentVolumeClaim) is not ready: missing, or not bound to a volume yet"
            ),
            tr!(
                lang,
                "vérifiez que le PVC nommé dans `claimName` existe dans ce namespace et qu'il est `Bound` (`kubectl get pvc`)",
                "check that the PVC named in `claimName` exists in this namespace and is `Bound` (`kubectl get pvc`)"
            ),
            at,
        )
    } else if low.contains("node affinity")
        || low.contains("node selector")
        || low.contains("nodeselector")
    {
        let at = cx.at_pod(pod, &["nodeSelector", "affinity"]);
        (
            tr!(
                lang,
                "aucun nœud n'a les labels demandés par `nodeSelector` ou `affinity`",
                "no node has the labels asked by `nodeSelector` or `affinity`"
            ),
            tr!(
                lang,
                "supprimez ou corrigez `nodeSelector` (les labels des nœuds : `kubectl get nodes --show-labels`)",
                "remove or fix `nodeSelector` (the nodes' labels: `kubectl get nodes --show-labels`)"
            ),
            at,
        )
    } else {
        (
            tr!(
                lang,
                "le scheduler ne trouve aucun nœud qui convienne",
                "the scheduler finds no suitable node"
            ),
            tr!(
                lang,
                "lisez le message du cluster ci-dessous (ressources, taints, affinités) ; `kubectl describe pod {pname}`",
                "read the cluster's message below (resources, taints, affinities); `kubectl describe pod {pname}`"
            ),
            None,
        )
    };
    Some(
        Diagnosis::new(
            "pending-unschedulable",
            Severity::Error,
            pod_ref(pod, ns),
            tr!(
                lang,
                "le Pod `{pname}`{owner} reste en attente (Pending, FailedScheduling) : {cause}",
                "Pod `{pname}`{owner} stays pending (Pending, FailedScheduling): {cause}"
            ),
            help,
            "pending-et-failedscheduling",
        )
        .at(at, cx.files())
        .said(Some(msg)),
    )
}

/// ReplicaSets that cannot create their pods: a ResourceQuota most often.
fn replicasets(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let lang = cx.lang;
    for rs in cx.snap.of_kind("ReplicaSet", ns) {
        let deploy = items(&rs.root, "metadata.ownerReferences")
            .iter()
            .find(|o| s(o, "kind") == Some("Deployment"))
            .and_then(|o| s(o, "name"))
            .map(str::to_string);
        let relevant = scope.has("ReplicaSet", &rs.name)
            || deploy
                .as_deref()
                .is_some_and(|d| scope.has("Deployment", d));
        let wanted = i(&rs.root, "spec.replicas").unwrap_or(0);
        let have = i(&rs.root, "status.replicas").unwrap_or(0);
        if !relevant || wanted == 0 {
            continue;
        }
        let cond = items(&rs.root, "status.conditions")
            .iter()
            .find(|c| s(c, "type") == Some("ReplicaFailure") && s(c, "status") == Some("True"))
            .and_then(|c| s(c, "message"))
            .map(str::to_string);
        let msg = cond.or_else(|| {
            if have < wanted {
                cx.event(ns, "ReplicaSet", &rs.name, "FailedCreate", &[])
            } else {
                None
            }
        });
        let Some(msg) = msg else { continue };
        let low = msg.to_lowercase();
        let (kind, name) = match &deploy {
            Some(d) => ("Deployment", d.clone()),
            None => ("ReplicaSet", rs.name.clone()),
        };
        let file = cx.file_obj(kind, ns, &name);
        let spec = crate::rules::pod_spec_path(kind).map_or("spec.template.spec", |(s, _)| s);
        let res_path = |p: &str| format!("{spec}.containers[*].{p}");
        if low.contains("quota") {
            let must_specify = low.contains("must specify");
            // `requested: limits.memory=200Mi` → `resources.limits.memory`.
            let exceeded = low
                .split_once("requested: ")
                .or_else(|| low.split_once("must specify "))
                .map(|(_, r)| r.split(['=', ',', ' ']).next().unwrap_or("").to_string())
                .unwrap_or_default();
            let field = match exceeded.split_once('.') {
                Some((scope @ ("limits" | "requests"), res)) => format!("resources.{scope}.{res}"),
                _ if exceeded == "cpu" || exceeded == "memory" => {
                    format!("resources.requests.{exceeded}")
                }
                _ => "resources".to_string(),
            };
            let at = file.and_then(|f| {
                at_first(
                    f,
                    &[
                        &res_path(&field),
                        &res_path("resources.limits"),
                        &res_path("resources"),
                        &format!("{spec}.containers[*].name"),
                    ],
                )
            });
            let apply = cx.apply(at);
            let (cause, help) = if must_specify {
                (
                    tr!(
                        lang,
                        "le namespace a un ResourceQuota qui exige des `resources` (requests et limits) sur chaque conteneur, et ce Pod n'en déclare pas",
                        "the namespace has a ResourceQuota that requires `resources` (requests and limits) on every container, and this Pod declares none"
                    ),
                    tr!(
                        lang,
                        "ajoutez `resources.requests` et `resources.limits` (cpu et mémoire) à chaque conteneur, puis {apply}",
                        "add `resources.requests` and `resources.limits` (cpu and memory) to every container, then {apply}"
                    ),
                )
            } else {
                (
                    tr!(
                        lang,
                        "le ResourceQuota du namespace est dépassé : ces Pods demanderaient plus que ce qui reste",
                        "the namespace's ResourceQuota is exceeded: these Pods would ask for more than what is left"
                    ),
                    tr!(
                        lang,
                        "réduisez `resources` (requests/limits) ou `replicas`, ou supprimez ce qui ne sert plus dans le namespace (`kubectl describe resourcequota` montre l'utilisé et la limite) ; puis {apply}",
                        "lower `resources` (requests/limits) or `replicas`, or delete what is no longer used in the namespace (`kubectl describe resourcequota` shows used and hard); then {apply}"
                    ),
                )
            };
            out.push(
                Diagnosis::new("quota-exceeded", Severity::Error, obj_ref(kind, &name, ns), tr!(lang, "le {kind} `{name}` n'arrive pas à créer ses Pods ({have} sur {wanted}, ReplicaSet `{}`) : {cause} (`{exceeded}`)", "{kind} `{name}` cannot create its Pods ({have} of {wanted}, ReplicaSet `{}`): {cause} (`{exceeded}`)", rs.name), help, "quota-de-ressources-dépassé")
                    .at(at, cx.files())
                    .said(Some(msg)),
            );
        } else {
            let at = file.and_then(|f| {
                at_first(
                    f,
                    &[
                        &format!("{spec}.serviceAccountName"),
                        &format!("{spec}.containers[*].name"),
                    ],
                )
            });
            out.push(
                Diagnosis::new("replica-failure", Severity::Error, obj_ref(kind, &name, ns), tr!(lang, "le {kind} `{name}` n'arrive pas à créer ses Pods ({have} sur {wanted}, ReplicaSet `{}`) : le cluster les refuse", "{kind} `{name}` cannot create its Pods ({have} of {wanted}, ReplicaSet `{}`): the cluster refuses them", rs.name), tr!(lang, "lisez le message du cluster ci-dessous : il dit quelle règle refuse le Pod ; corrigez puis {}", "read the cluster's message below: it says which rule refuses the Pod; fix then {}", cx.apply(at)), "deployment.md")
                    .at(at, cx.files())
                    .said(Some(msg)),
            );
        }
    }
}

fn deployments(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let lang = cx.lang;
    for d in cx
        .snap
        .of_kind("Deployment", ns)
        .filter(|d| scope.has("Deployment", &d.name))
    {
        let Some(c) = items(&d.root, "status.conditions").iter().find(|c| {
            s(c, "type") == Some("Progressing")
                && s(c, "reason") == Some("ProgressDeadlineExceeded")
        }) else {
            continue;
        };
        let name = &d.name;
        let deadline = i(&d.root, "spec.progressDeadlineSeconds").unwrap_or(600);
        let at = cx.file_obj("Deployment", ns, name).and_then(|f| {
            at_first(
                f,
                &["spec.template.spec.containers[*].image", "metadata.name"],
            )
        });
        let updated = i(&d.root, "status.updatedReplicas").unwrap_or(0);
        let wanted = i(&d.root, "spec.replicas").unwrap_or(1);
        out.push(
            Diagnosis::new("rollout-stuck", Severity::Error, obj_ref("Deployment", name, ns), tr!(lang, "la mise à jour du Deployment `{name}` est bloquée (ProgressDeadlineExceeded) : ses nouveaux Pods ne sont pas devenus prêts en {deadline} s ({updated} sur {wanted} à jour) ; les anciens Pods continuent de servir", "the rollout of Deployment `{name}` is stuck (ProgressDeadlineExceeded): its new Pods did not become ready within {deadline} s ({updated} of {wanted} updated); the old Pods keep serving"), tr!(lang, "la cause est sur les nouveaux Pods (voir leurs diagnostics : image, plantage, sonde…) ; corrigez puis {}, ou revenez à la version précédente : `kubectl rollout undo deployment/{name}`", "the cause is on the new Pods (see their diagnoses: image, crash, probe…); fix then {}, or go back to the previous version: `kubectl rollout undo deployment/{name}`", cx.apply(at)), "progressdeadlineexceeded")
                .at(at, cx.files())
                .said(s(c, "message").map(str::to_string)),
        );
    }
}

fn labels_text(n: Option<&Node>) -> String {
    let v: Vec<String> = n
        .map(|l| {
            l.entries()
                .iter()
                .filter(|e| &*e.key != "pod-template-hash")
                .map(|e| format!("{}={}", e.key, e.value.scalar_text()))
                .collect()
        })
        .unwrap_or_default();
    if v.is_empty() {
        "∅".into()
    } else {
        v.join(", ")
    }
}

fn services(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let lang = cx.lang;
    for svc in cx
        .snap
        .of_kind("Service", ns)
        .filter(|s| scope.has("Service", &s.name))
    {
        let name = &svc.name;
        let file = cx.file_obj("Service", ns, name);
        if s(&svc.root, "spec.type") == Some("LoadBalancer")
            && items(&svc.root, "status.loadBalancer.ingress").is_empty()
        {
            let at = file.and_then(|f| at_first(f, &["spec.type"]));
            out.push(
                Diagnosis::new("loadbalancer-pending", Severity::Warning, obj_ref("Service", name, ns), tr!(lang, "le Service `{name}` est de type LoadBalancer mais son IP externe reste en attente (`<pending>`) : ce cluster ne fournit sans doute pas d'équilibreur de charge externe", "Service `{name}` is of type LoadBalancer but its external IP stays pending (`<pending>`): this cluster most likely provides no external load balancer"), tr!(lang, "pour exposer l'application, utilisez un Ingress devant un Service `ClusterIP` (chapitre Ingress), ou `type: NodePort` ; puis {}", "to expose the application, use an Ingress in front of a `ClusterIP` Service (Ingress chapter), or `type: NodePort`; then {}", cx.apply(at)), "un-loadbalancer-en-attente")
                    .at(at, cx.files()),
            );
        }
        let Some(selector) = svc
            .root
            .at("spec.selector")
            .filter(|s| !s.entries().is_empty())
        else {
            continue;
        };
        let (ready, total) = endpoint_counts(cx.snap, ns, name);
        if ready > 0 {
            continue;
        }
        let pods: Vec<&Object> = cx
            .snap
            .of_kind("Pod", ns)
            .filter(|p| p.root.at("metadata.deletionTimestamp").is_none())
            .collect();
        let selected: Vec<&&Object> = pods
            .iter()
            .filter(|p| crate::rules::labels_match(selector, p.labels()))
            .collect();
        let sel_text = labels_text(Some(selector));
        if selected.is_empty() {
            // Show the labels the pods really have (those of the exercise first).
            let mut shown: Vec<String> = Vec::new();
            let mut ordered: Vec<&&Object> =
                pods.iter().filter(|p| scope.has_pod(cx.snap, p)).collect();
            ordered.extend(pods.iter().filter(|p| !scope.has_pod(cx.snap, p)));
            for p in ordered {
                let l = format!("`{}` (Pod `{}`)", labels_text(p.labels()), p.name);
                if shown.len() < 3
                    && !shown
                        .iter()
                        .any(|x| x.starts_with(&format!("`{}`", labels_text(p.labels()))))
                {
                    shown.push(l);
                }
            }
            let labels = if shown.is_empty() {
                tr!(
                    lang,
                    "il n'y a aucun Pod dans le namespace `{ns}`",
                    "there is no Pod in namespace `{ns}`"
                )
            } else {
                tr!(
                    lang,
                    "les Pods ont les labels {}",
                    "the Pods have labels {}",
                    shown.join(" ; ")
                )
            };
            let first_key = selector
                .entries()
                .first()
                .map(|e| e.key.to_string())
                .unwrap_or_default();
            let at = file.and_then(|f| {
                at_first(
                    f,
                    &[&format!("spec.selector.\"{first_key}\""), "spec.selector"],
                )
            });
            let apply = cx.apply(at);
            out.push(
                Diagnosis::new("service-no-endpoints", Severity::Error, obj_ref("Service", name, ns), tr!(lang, "le Service `{name}` n'a aucun endpoint : son sélecteur `{sel_text}` ne correspond aux labels d'aucun Pod ; {labels}", "Service `{name}` has no endpoints: its selector `{sel_text}` matches the labels of no Pod; {labels}"), tr!(lang, "mettez dans `spec.selector` du Service exactement des labels de `spec.template.metadata.labels` du Deployment (ou créez les Pods s'ils manquent), puis {apply}", "put in the Service's `spec.selector` exactly labels of the Deployment's `spec.template.metadata.labels` (or create the Pods if they are missing), then {apply}"), "un-service-sans-endpoints")
                    .at(at, cx.files()),
            );
            continue;
        }
        // Pods are selected but none is ready.
        let n = selected.len();
        let probing: Vec<&&&Object> = selected
            .iter()
            .filter(|p| {
                statuses(p).any(|st| {
                    st.at("state.running").is_some()
                        && st.get("ready").and_then(Node::as_bool) == Some(false)
                })
            })
            .collect();
        let (why, help, at, said, anchor) = if let Some(p) = probing.first() {
            let c = statuses(p)
                .find(|st| {
                    st.at("state.running").is_some()
                        && st.get("ready").and_then(Node::as_bool) == Some(false)
                })
                .and_then(|st| s(st, "name"))
                .unwrap_or("")
                .to_string();
            let at = cx.at_container(
                p,
                &c,
                &[
                    "readinessProbe.httpGet.path",
                    "readinessProbe.httpGet.port",
                    "readinessProbe.tcpSocket.port",
                    "readinessProbe",
                ],
            );
            let said = cx.event(
                ns,
                "Pod",
                &p.name,
                "Unhealthy",
                &["Readiness probe failed", "Readiness probe errored"],
            );
            (
                tr!(
                    lang,
                    "ils tournent mais leur sonde `readinessProbe` échoue",
                    "they run but their `readinessProbe` fails"
                ),
                tr!(
                    lang,
                    "vérifiez le `path` et le `port` de la sonde `readinessProbe` (l'application y répond-elle ?), corrigez puis {}",
                    "check the `readinessProbe`'s `path` and `port` (does the application answer there?), fix then {}",
                    cx.apply(at)
                ),
                at,
                said,
                "une-sonde-de-disponibilité-qui-échoue",
            )
        } else {
            (
                tr!(
                    lang,
                    "ils ne démarrent pas (voir les diagnostics de ces Pods)",
                    "they do not start (see these Pods' diagnoses)"
                ),
                tr!(
                    lang,
                    "corrigez d'abord la cause qui empêche les Pods de démarrer",
                    "fix first what keeps the Pods from starting"
                ),
                None,
                None,
                "un-service-sans-endpoints",
            )
        };
        let endpoints = if total > 0 {
            tr!(
                lang,
                " ({total} endpoint(s) non prêt(s))",
                " ({total} endpoint(s) not ready)"
            )
        } else {
            String::new()
        };
        out.push(
            Diagnosis::new("endpoints-not-ready", Severity::Error, obj_ref("Service", name, ns), tr!(lang, "le Service `{name}` n'a aucun endpoint prêt{endpoints} : il sélectionne {n} Pod(s) (`{sel_text}`), mais aucun n'est prêt : {why}", "Service `{name}` has no ready endpoint{endpoints}: it selects {n} Pod(s) (`{sel_text}`), but none is ready: {why}"), help, anchor)
                .at(at, cx.files())
                .said(said),
        );
    }
}

/// Ready and total addresses behind a Service (EndpointSlices, else Endpoints).
pub fn endpoint_counts(snap: &Snapshot, ns: &str, service: &str) -> (usize, usize) {
    let mut ready = BTreeSet::new();
    let mut all = BTreeSet::new();
    let slices: Vec<&Object> = snap
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
    if let Some(ep) = snap.find("Endpoints", ns, service) {
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

fn ingresses(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let lang = cx.lang;
    for ing in cx
        .snap
        .of_kind("Ingress", ns)
        .filter(|i| scope.has("Ingress", &i.name))
    {
        let name = &ing.name;
        let file = cx.file_obj("Ingress", ns, name);
        let mut backends: Vec<&Node> = Vec::new();
        if let Some(b) = ing.root.at("spec.defaultBackend.service") {
            backends.push(b);
        }
        for r in items(&ing.root, "spec.rules") {
            for p in items(r, "http.paths") {
                if let Some(b) = p.at("backend.service") {
                    backends.push(b);
                }
            }
        }
        let mut seen = BTreeSet::new();
        for b in backends {
            let Some(svc) = s(b, "name") else { continue };
            let port = b
                .at("port.number")
                .or(b.at("port.name"))
                .map(Node::scalar_text)
                .unwrap_or_default();
            if !seen.insert((svc.to_string(), port.clone())) {
                continue;
            }
            let locate = |field: &str, value: &str| -> Option<At> {
                let f = file?;
                for p in [
                    "spec.rules[*].http.paths[*].backend.service",
                    "spec.defaultBackend.service",
                ] {
                    let segs = path::parse(p).ok()?;
                    for n in path::select(&f.root, &segs) {
                        if n.get("name").and_then(Node::as_str) == Some(svc)
                            && let Some(t) = n
                                .at(field)
                                .filter(|t| t.scalar_text() == value && t.span.start.is_known())
                        {
                            let len = t.span.caret_len();
                            return Some(At {
                                file: f.file,
                                pos: t.span.start,
                                len,
                            });
                        }
                    }
                }
                None
            };
            match cx.snap.find("Service", ns, svc) {
                None => {
                    let others: Vec<&str> = cx
                        .snap
                        .of_kind("Service", ns)
                        .map(|o| o.name.as_str())
                        .collect();
                    let near = crate::suggest::closest(svc, others.iter().copied())
                        .map(|n| {
                            tr!(
                                lang,
                                " ; vouliez-vous dire `{n}` ?",
                                "; did you mean `{n}`?"
                            )
                        })
                        .unwrap_or_default();
                    let list = if others.is_empty() {
                        tr!(lang, "aucun", "none")
                    } else {
                        others
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let at = locate("name", svc);
                    out.push(
                        Diagnosis::new("ingress-backend-missing", Severity::Error, obj_ref("Ingress", name, ns), tr!(lang, "l'Ingress `{name}` envoie le trafic au Service `{svc}`, qui n'existe pas dans le namespace `{ns}` : le contrôleur Ingress répond 503 (Services présents : {list}{near})", "Ingress `{name}` sends traffic to Service `{svc}`, which does not exist in namespace `{ns}`: the Ingress controller answers 503 (Services present: {list}{near})"), tr!(lang, "corrigez `backend.service.name` pour nommer le Service de l'application, ou créez ce Service (`kubectl apply -f service.yaml`) ; puis {}", "fix `backend.service.name` to name the application's Service, or create that Service (`kubectl apply -f service.yaml`); then {}", cx.apply(at)), "un-ingress-dont-le-backend-nexiste-pas")
                            .at(at, cx.files()),
                    );
                }
                Some(service) if !port.is_empty() => {
                    let ports = items(&service.root, "spec.ports");
                    let ok = ports.iter().any(|p| {
                        p.get("port").map(Node::scalar_text).as_deref() == Some(port.as_str())
                            || p.get("name").map(Node::scalar_text).as_deref()
                                == Some(port.as_str())
                    });
                    if !ok {
                        let list = ports
                            .iter()
                            .map(|p| {
                                format!(
                                    "`{}`",
                                    p.get("port").map(Node::scalar_text).unwrap_or_default()
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        let at =
                            locate("port.number", &port).or_else(|| locate("port.name", &port));
                        out.push(
                            Diagnosis::new("ingress-backend-port", Severity::Error, obj_ref("Ingress", name, ns), tr!(lang, "l'Ingress `{name}` envoie le trafic au port `{port}` du Service `{svc}`, qui n'a pas ce port (ports : {list}) : le contrôleur Ingress répond 503", "Ingress `{name}` sends traffic to port `{port}` of Service `{svc}`, which has no such port (ports: {list}): the Ingress controller answers 503"), tr!(lang, "mettez dans `backend.service.port.number` le `port` du Service (pas le `targetPort`), puis {}", "put the Service's `port` (not its `targetPort`) in `backend.service.port.number`, then {}", cx.apply(at)), "un-ingress-dont-le-backend-nexiste-pas")
                                .at(at, cx.files()),
                        );
                    }
                }
                Some(_) => {}
            }
        }
    }
}

fn pvcs(cx: &Cx, scope: &Scope, ns: &str, out: &mut Vec<Diagnosis>) {
    let lang = cx.lang;
    for pvc in cx
        .snap
        .of_kind("PersistentVolumeClaim", ns)
        .filter(|p| scope.has("PersistentVolumeClaim", &p.name))
    {
        if s(&pvc.root, "status.phase") != Some("Pending") {
            continue;
        }
        let name = &pvc.name;
        let said = cx
            .event(ns, "PersistentVolumeClaim", name, "ProvisioningFailed", &[])
            .or_else(|| cx.event(ns, "PersistentVolumeClaim", name, "FailedBinding", &[]));
        // `WaitForFirstConsumer`: pending until a pod uses it, which is normal.
        if said.is_none()
            && cx
                .event(
                    ns,
                    "PersistentVolumeClaim",
                    name,
                    "WaitForFirstConsumer",
                    &[],
                )
                .is_some()
        {
            continue;
        }
        let Some(said) = said else { continue };
        let at = cx
            .file_obj("PersistentVolumeClaim", ns, name)
            .and_then(|f| {
                at_first(
                    f,
                    &[
                        "spec.storageClassName",
                        "spec.resources.requests.storage",
                        "metadata.name",
                    ],
                )
            });
        out.push(
            Diagnosis::new("pvc-pending", Severity::Error, obj_ref("PersistentVolumeClaim", name, ns), tr!(lang, "le PersistentVolumeClaim `{name}` reste en attente (Pending) : aucun volume ne peut lui être fourni", "PersistentVolumeClaim `{name}` stays pending (Pending): no volume can be provided for it"), tr!(lang, "vérifiez `storageClassName` (les classes du cluster : `kubectl get storageclass` ; sans cette ligne, la classe par défaut est utilisée) et la taille demandée ; puis {}", "check `storageClassName` (the cluster's classes: `kubectl get storageclass`; without this line, the default class is used) and the requested size; then {}", cx.apply(at)), "namespace-stockage.md")
                .at(at, cx.files())
                .said(Some(said)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, lint_sources};

    fn snap(yaml: &str) -> Snapshot {
        super::super::snapshot::parse_dump(yaml, "t", Some("tp"), Lang::Fr).unwrap()
    }

    #[test]
    fn image_pull_points_at_the_image_line() {
        let files = vec![SourceFile::from_text(
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.2.3.4\n",
        )];
        let run = lint_sources(
            files,
            &Options {
                default_namespace: "tp".into(),
                ..Options::default()
            },
        );
        let s = snap(
            "kind: List\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: web-1-a, namespace: tp, labels: {app: web, pod-template-hash: '1'}, ownerReferences: [{kind: ReplicaSet, name: web-1, controller: true}]}\n  spec: {containers: [{name: app, image: nginx:1.2.3.4}]}\n  status:\n    phase: Pending\n    containerStatuses:\n    - name: app\n      ready: false\n      image: nginx:1.2.3.4\n      state: {waiting: {reason: ErrImagePull, message: 'rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.2.3.4\": not found'}}\n",
        );
        let d = diagnose(&s, &run, "tp", &[], Lang::Fr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].id, "image-pull");
        assert_eq!(
            (d[0].file.as_deref(), d[0].line),
            (Some("deployment.yaml"), Some(14))
        );
        assert!(d[0].message.contains("n'existe pas"), "{}", d[0].message);
    }

    #[test]
    fn logs_are_wanted_once_per_owner() {
        let pod = |n: &str| {
            format!(
                "- apiVersion: v1\n  kind: Pod\n  metadata: {{name: {n}, namespace: tp, labels: {{pod-template-hash: h}}, ownerReferences: [{{kind: ReplicaSet, name: web-h}}]}}\n  status:\n    containerStatuses:\n    - name: app\n      restartCount: 3\n      state: {{waiting: {{reason: CrashLoopBackOff}}}}\n      lastState: {{terminated: {{exitCode: 1}}}}\n"
            )
        };
        let s = snap(&format!(
            "kind: List\napiVersion: v1\nitems:\n{}{}",
            pod("web-h-a"),
            pod("web-h-b")
        ));
        let w = failing_containers(&s);
        assert_eq!(w.len(), 1);
        assert!(w[0].previous);
    }
}
