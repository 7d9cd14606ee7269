//! What every diagnosis uses: the registry entry's constructor, where in
//! the student's files a cause is ([`At`]), what the exercise is about
//! ([`Subject`], [`Scope`]), the context of one diagnosis run ([`Cx`]: the
//! snapshot, the files, the events), and the pieces of their wording
//! (`kubectl apply` advice, `le`/`la` of a kind).

use crate::cluster::snapshot::{NO_FILE, Snapshot};
use crate::diag::{Area, Basis, Code, Family, Finding, Msg, Note, ObjectRef, Severity};
use crate::engine::Run;
use crate::i18n::Text;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::{Node, Pos, path};
use std::collections::{BTreeMap, BTreeSet};

/// A registry entry of a cluster diagnosis (each file declares its own).
#[allow(clippy::too_many_arguments)]
pub const fn code(
    id: &'static str,
    area: Area,
    severity: Severity,
    chapter: &'static str,
    summary: Text,
    what: Text,
    why: Text,
    fix: Text,
) -> Code {
    Code {
        id,
        family: Family::Cluster(area),
        severity,
        basis: Basis::Judgement,
        chapter,
        summary,
        what,
        why,
        fix,
        bad: "",
        good: "",
    }
}

/// `Text { fr, en }`, shorter.
pub const fn text(fr: &'static str, en: &'static str) -> Text {
    Text { fr, en }
}

/// Where, in the student's files, the cause of a diagnosis is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct At {
    /// Index in the run's file table.
    pub file: usize,
    pub pos: Pos,
    pub len: u32,
    /// The object there writes its `metadata.namespace`.
    pub namespaced: bool,
}

/// What an expectation is about: an object by kind and name, or the pods a
/// selector picks.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    Named { kind: String, name: String },
    Selector(BTreeMap<String, String>),
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

/// `la ConfigMap`, `l'Ingress`, `le Deployment` (French), `ConfigMap` (English).
pub fn the(kind: &str) -> Msg {
    match kind {
        "ConfigMap" => msg!("la {kind}", "{kind}", kind),
        "Ingress" | "EndpointSlice" => msg!("l'{kind}", "{kind}", kind),
        _ => msg!("le {kind}", "{kind}", kind),
    }
}

/// `créez-le` / `créez-la` (a ConfigMap), `create it`.
pub fn create_it(kind: &str) -> Msg {
    match kind {
        "ConfigMap" | "EndpointSlice" => msg!("créez-la", "create it"),
        _ => msg!("créez-le", "create it"),
    }
}

/// The object of the files that is `kind/name` in namespace `ns` (its own
/// `metadata.namespace`, or the run's default).
pub fn file_object<'a>(
    run: &'a Run,
    kind: &str,
    ns: &str,
    name: &str,
    default_ns: &str,
) -> Option<&'a Object> {
    run.objects.iter().find(|o| {
        o.kind == kind && o.name == name && o.namespace.as_deref().unwrap_or(default_ns) == ns
    })
}

/// `kubectl apply -f FILE`, with `-n NS` when the object does not write its
/// namespace and `NS` is not the one kubectl uses by default.
fn apply_text(file: Option<&str>, namespaced: bool, ns: &str, snap: &Snapshot) -> Msg {
    let needs_n = !namespaced && ns != snap.context_namespace;
    match (file, needs_n) {
        (Some(file), false) => msg!(
            "`kubectl apply -f {file}`",
            "`kubectl apply -f {file}`",
            file
        ),
        (Some(file), true) => msg!(
            "`kubectl apply -f {file} -n {ns}`",
            "`kubectl apply -f {file} -n {ns}`",
            file,
            ns
        ),
        (None, false) => msg!(
            "`kubectl apply -f VOTRE-FICHIER.yaml`",
            "`kubectl apply -f YOUR-FILE.yaml`"
        ),
        (None, true) => msg!(
            "`kubectl apply -f VOTRE-FICHIER.yaml -n {ns}`",
            "`kubectl apply -f YOUR-FILE.yaml -n {ns}`",
            ns
        ),
    }
}

/// `kubectl apply` of the file that holds an object of the files.
pub fn apply(run: &Run, obj: Option<&Object>, ns: &str, snap: &Snapshot) -> Msg {
    let file = obj
        .and_then(|o| run.files.get(o.file))
        .map(|f| f.name.as_str());
    apply_text(file, obj.is_some_and(|o| o.namespace.is_some()), ns, snap)
}

/// The position of the first path found in an object of the files.
pub fn at_first(obj: &Object, paths: &[&str]) -> Option<At> {
    if obj.file == NO_FILE {
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
            return Some(At {
                file: obj.file,
                pos: n.span.start,
                len: n.span.caret_len(),
                namespaced: obj.namespace.is_some(),
            });
        }
    }
    None
}

/// A finding of a diagnosis, pointed at the student's file when the cause is there.
pub fn finding(
    code: &'static Code,
    object: ObjectRef,
    message: Msg,
    help: Msg,
    at: Option<At>,
) -> Finding {
    let f = Finding::about(code, object, message, help);
    match at {
        Some(a) => f.at(a.file, a.pos, a.len),
        None => f,
    }
}

/// Adds what the cluster itself says, when it says something.
pub fn said(f: Finding, text: Option<String>) -> Finding {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(text) => f.with_note(Note::Cluster { text }),
        None => f,
    }
}

pub fn obj_ref(kind: &str, name: &str, ns: &str) -> ObjectRef {
    ObjectRef {
        kind: kind.into(),
        name: name.into(),
        namespace: Some(ns.to_string()),
    }
}

/// Which objects the exercise is about: those of the student's files and of
/// the expectations, and the pods they own or select. Everything when none.
pub struct Scope {
    all: bool,
    names: BTreeSet<(String, String)>,
    selectors: Vec<BTreeMap<String, String>>,
}

fn pairs(n: &Node) -> BTreeMap<String, String> {
    n.entries()
        .iter()
        .map(|e| (e.key.to_string(), e.value.scalar_text()))
        .collect()
}

impl Scope {
    pub fn new(run: &Run, subjects: &[Subject]) -> Scope {
        let mut names = BTreeSet::new();
        let mut selectors = Vec::new();
        for o in &run.objects {
            names.insert((o.kind.clone(), o.name.clone()));
            let sel = match o.kind.as_str() {
                "Service" => o.root.at("spec.selector"),
                _ => o.root.at("spec.selector.matchLabels"),
            };
            selectors.extend(sel.map(pairs));
        }
        for sub in subjects {
            match sub {
                Subject::Named { kind, name } => {
                    names.insert((kind.clone(), name.clone()));
                }
                Subject::Selector(sel) => selectors.push(sel.clone()),
            }
        }
        Scope {
            all: names.is_empty() && selectors.is_empty(),
            names,
            selectors,
        }
    }

    pub fn has(&self, kind: &str, name: &str) -> bool {
        self.all || self.names.contains(&(kind.to_string(), name.to_string()))
    }

    pub fn has_pod(&self, snap: &Snapshot, pod: &Object) -> bool {
        if self.has("Pod", &pod.name) {
            return true;
        }
        if let Some((k, n)) = snap.owner_of(pod)
            && self.has(&k, &n)
        {
            return true;
        }
        let labels = pod.labels().map(pairs).unwrap_or_default();
        self.selectors
            .iter()
            .any(|sel| !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
    }
}

/// Everything a diagnosis looks at.
pub struct Cx<'a> {
    pub snap: &'a Snapshot,
    pub run: &'a Run,
    pub default_ns: &'a str,
    pub scope: Scope,
    /// Events by (namespace, kind, name) of the object they are about, oldest first.
    events: BTreeMap<(String, String, String), Vec<&'a Node>>,
}

fn event_time(e: &Node) -> &str {
    s(e, "lastTimestamp")
        .or(s(e, "eventTime"))
        .or(s(e, "metadata.creationTimestamp"))
        .unwrap_or("")
}

impl<'a> Cx<'a> {
    pub fn new(snap: &'a Snapshot, run: &'a Run, default_ns: &'a str, scope: Scope) -> Cx<'a> {
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
            scope,
            events,
        }
    }

    /// The latest event message of an object whose reason is `reason` and whose
    /// message starts with one of `prefixes` (any when empty).
    pub fn event(
        &self,
        ns: &str,
        kind: &str,
        name: &str,
        reason: &str,
        prefixes: &[&str],
    ) -> Option<String> {
        self.events
            .get(&(ns.to_string(), kind.to_string(), name.to_string()))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .rev()
            .filter(|e| s(e, "reason") == Some(reason))
            .filter_map(|e| s(e, "message").or(s(e, "note")))
            .find(|m| prefixes.is_empty() || prefixes.iter().any(|p| m.starts_with(p)))
            .map(str::to_string)
    }

    pub fn file_obj(&self, kind: &str, ns: &str, name: &str) -> Option<&'a Object> {
        file_object(self.run, kind, ns, name, self.default_ns)
    }

    /// The object of the student's files that describes a live pod (its
    /// Deployment, ReplicaSet, Job, CronJob or the Pod itself), and where its pod spec is.
    pub fn pod_source(&self, pod: &Object) -> Option<(&'a Object, &'static str)> {
        let ns = pod.namespace.as_deref().unwrap_or(&self.snap.namespace);
        if let Some(o) = self.file_obj("Pod", ns, &pod.name) {
            return Some((o, "spec"));
        }
        if let Some((kind, name)) = self.snap.owner_of(pod)
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

    /// The container `container` of the pod, as the student's file writes it.
    pub fn file_container(&self, pod: &Object, container: &str) -> Option<&'a Node> {
        let (obj, spec) = self.pod_source(pod)?;
        ["containers", "initContainers"].iter().find_map(|list| {
            items(&obj.root, &format!("{spec}.{list}"))
                .iter()
                .find(|c| s(c, "name") == Some(container))
        })
    }

    /// The first of `paths` (relative to a container of the pod's source) found in the student's file.
    pub fn at_container(&self, pod: &Object, container: &str, paths: &[&str]) -> Option<At> {
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
    pub fn at_pod(&self, pod: &Object, paths: &[&str]) -> Option<At> {
        let (obj, spec) = self.pod_source(pod)?;
        let all: Vec<String> = paths
            .iter()
            .map(|p| format!("{spec}.{p}"))
            .chain(std::iter::once("metadata.name".to_string()))
            .collect();
        at_first(obj, &all.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// `kubectl apply -f FILE` of the file at `at` (with `-n` when needed), or a generic one.
    pub fn apply(&self, at: Option<At>, ns: &str) -> Msg {
        let file = at
            .and_then(|a| self.run.files.get(a.file))
            .map(|f| f.name.as_str());
        apply_text(file, at.is_some_and(|a| a.namespaced), ns, self.snap)
    }

    /// ` (du Deployment `x`)`, or nothing for a pod of its own.
    pub fn owner_text(&self, pod: &Object) -> Msg {
        match self.snap.owner_of(pod) {
            Some((kind, name)) => {
                msg!(" (du {kind} `{name}`)", " (of {kind} `{name}`)", kind, name)
            }
            None => Msg::EMPTY,
        }
    }
}

pub fn pod_ref(pod: &Object, ns: &str) -> ObjectRef {
    obj_ref("Pod", &pod.name, ns)
}

/// Numbers of a node, 0 when absent.
pub fn count(n: &Node, path: &str) -> i64 {
    i(n, path).unwrap_or(0)
}
