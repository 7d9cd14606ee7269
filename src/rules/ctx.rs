//! Everything a cross-object check sees: the objects of one input set (the
//! files that `kubectl apply` would apply together) and indexes over them.
//!
//! Indexes are built once per input set, so that every lookup a rule makes
//! is a hash lookup: objects by kind, by (kind, namespace, name), pod
//! templates by namespace, and by label (`(namespace, key, value)` → the
//! templates whose labels hold that pair). A selector is matched by taking
//! the shortest posting list of its pairs and filtering it: O(k) per
//! selector in the number k of templates that carry its rarest pair.

use crate::diag::{Finding, Msg};
use crate::manifest::Object;
use crate::yaml::{Node, Span};
use std::collections::HashMap;

/// A pod template found in an object: a Pod's spec, or a workload's template.
pub struct PodTemplate<'a> {
    pub obj: &'a Object,
    /// The pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment…).
    pub spec: &'a Node,
    /// Path of the pod spec in the object (`spec.template.spec`).
    pub spec_path: &'static str,
    /// The pod labels (`metadata.labels` of a Pod, `spec.template.metadata.labels`).
    pub labels: Option<&'a Node>,
}

impl<'a> PodTemplate<'a> {
    /// Containers and init containers, with their path.
    pub fn containers(&self) -> impl Iterator<Item = (String, &'a Node)> + '_ {
        ["containers", "initContainers"]
            .into_iter()
            .flat_map(move |key| {
                self.spec
                    .get(key)
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                    .map(move |(i, c)| {
                        (
                            format!("{}{}.{key}[{i}]", self.obj.prefix, self.spec_path),
                            c,
                        )
                    })
            })
    }

    /// Only the main containers (not init containers), with their path.
    pub fn main_containers(&self) -> impl Iterator<Item = (String, &'a Node)> + '_ {
        self.containers()
            .filter(|(p, _)| !p.contains("initContainers"))
    }

    /// Does this template's label set contain every `key: value` of `selector`?
    pub fn matches(&self, selector: &Node) -> bool {
        labels_match(selector, self.labels)
    }
}

/// `selector` (a mapping of label → value) is contained in `labels`.
/// An empty selector matches nothing here (a Service without selector selects no pod).
pub fn labels_match(selector: &Node, labels: Option<&Node>) -> bool {
    let sel = selector.entries();
    !sel.is_empty()
        && sel.iter().all(|e| {
            labels
                .and_then(|l| l.get(&e.key))
                .is_some_and(|v| same_scalar(v, &e.value))
        })
}

/// Two scalars with the same text, without allocating for strings.
fn same_scalar(a: &Node, b: &Node) -> bool {
    use crate::yaml::Value;
    match (&a.value, &b.value) {
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => a.scalar_text() == b.scalar_text(),
    }
}

/// Where the pod template sits in each kind: (pod spec, pod labels).
pub fn pod_spec_path(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "Pod" => ("spec", "metadata.labels"),
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "ReplicationController"
        | "PodTemplate" => ("spec.template.spec", "spec.template.metadata.labels"),
        "CronJob" => (
            "spec.jobTemplate.spec.template.spec",
            "spec.jobTemplate.spec.template.metadata.labels",
        ),
        _ => return None,
    })
}

/// The pod template of an object, if its kind has one.
pub fn pod_template(o: &Object) -> Option<PodTemplate<'_>> {
    let (spec_path, labels_path) = pod_spec_path(&o.kind)?;
    let spec_path = if o.kind == "PodTemplate" {
        "template.spec"
    } else {
        spec_path
    };
    let labels_path = if o.kind == "PodTemplate" {
        "template.metadata.labels"
    } else {
        labels_path
    };
    Some(PodTemplate {
        obj: o,
        spec: o.root.at(spec_path)?,
        spec_path,
        labels: o.root.at(labels_path),
    })
}

pub struct Ctx<'a> {
    pub objects: &'a [&'a Object],
    pub default_namespace: &'a str,
    by_kind: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<(&'a str, &'a str, &'a str), usize>,
    templates: Vec<PodTemplate<'a>>,
    templates_by_ns: HashMap<&'a str, Vec<usize>>,
    by_label: HashMap<(&'a str, &'a str, String), Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(objects: &'a [&'a Object], default_namespace: &'a str) -> Ctx<'a> {
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_name = HashMap::with_capacity(objects.len());
        let mut templates = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            by_kind.entry(o.kind.as_str()).or_default().push(i);
            let ns = o.namespace.as_deref().unwrap_or(default_namespace);
            by_name
                .entry((o.kind.as_str(), ns, o.name.as_str()))
                .or_insert(i);
            if let Some(t) = pod_template(o) {
                templates.push(t);
            }
        }
        let mut templates_by_ns: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_label: HashMap<(&str, &str, String), Vec<usize>> = HashMap::new();
        for (i, t) in templates.iter().enumerate() {
            let ns = t.obj.namespace.as_deref().unwrap_or(default_namespace);
            templates_by_ns.entry(ns).or_default().push(i);
            if let Some(labels) = t.labels {
                for e in labels.entries() {
                    by_label
                        .entry((ns, &e.key, e.value.scalar_text()))
                        .or_default()
                        .push(i);
                }
            }
        }
        Ctx {
            objects,
            default_namespace,
            by_kind,
            by_name,
            templates,
            templates_by_ns,
            by_label,
        }
    }

    /// Objects of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Object> + '_ {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| self.objects[i])
    }

    /// The effective namespace of an object.
    pub fn ns(&self, o: &'a Object) -> &'a str {
        o.namespace.as_deref().unwrap_or(self.default_namespace)
    }

    /// An object by kind, namespace and name.
    pub fn find(&self, kind: &str, ns: &str, name: &str) -> Option<&'a Object> {
        self.by_name
            .get(&(kind, ns, name))
            .map(|&i| self.objects[i])
    }

    /// Every pod template of the input (Pods and workloads).
    pub fn pod_templates(&self) -> &[PodTemplate<'a>] {
        &self.templates
    }

    /// Pod templates in a namespace.
    pub fn templates_in(&self, ns: &str) -> impl Iterator<Item = &PodTemplate<'a>> + '_ {
        self.templates_by_ns
            .get(ns)
            .into_iter()
            .flatten()
            .map(|&i| &self.templates[i])
    }

    /// Pod templates in a namespace whose labels contain `selector`, through
    /// the label index (the rarest pair of the selector, then a filter).
    pub fn selected_by<'s>(
        &'s self,
        ns: &'s str,
        selector: &'s Node,
    ) -> impl Iterator<Item = &'s PodTemplate<'a>> + 's {
        let entries = selector.entries();
        let shortest: &[usize] = if entries.is_empty() {
            &[]
        } else {
            entries
                .iter()
                .map(|e| {
                    self.by_label
                        .get(&(ns, &*e.key, e.value.scalar_text()))
                        .map_or(&[][..], Vec::as_slice)
                })
                .min_by_key(|l| l.len())
                .unwrap_or(&[])
        };
        shortest
            .iter()
            .map(|&i| &self.templates[i])
            .filter(move |t| t.matches(selector))
    }

    /// A finding about an object, at a span of it.
    pub fn finding(
        &self,
        rule: &'static super::Rule,
        obj: &Object,
        span: Span,
        message: Msg,
        help: Msg,
    ) -> Finding {
        Finding::new(&rule.code, obj.file, span, message, help)
            .with_object(obj.reference(self.default_namespace))
    }
}
