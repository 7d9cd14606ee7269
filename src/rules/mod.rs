//! The rules: one file each, listed once in [`ALL`].
//!
//! A rule is a static [`Rule`]: its id, severity, course chapter, a one-line
//! summary and its documentation in French and English (what it checks, why,
//! a bad and a good example), and a check function over the whole run
//! ([`Ctx`]). Rules raised while reading the input (YAML, schema) have no
//! check function: the loader and the schema pass raise them.

use crate::finding::{Finding, ObjectRef, Severity};
use crate::i18n::{Lang, Text};
use crate::manifest::Object;
use crate::yaml::{Node, Span};
use std::collections::HashMap;

pub mod api_version;
pub mod configmap_credentials;
pub mod configmap_ref;
pub mod custom_resource;
pub mod duplicate_object;
pub mod env_duplicate;
pub mod field_type;
pub mod file_encoding;
pub mod file_too_large;
pub mod helm_template;
pub mod host_port;
pub mod https_plain_port;
pub mod image_pull_never;
pub mod image_tag;
pub mod ingress_backend;
pub mod ingress_no_host;
pub mod invalid_label;
pub mod invalid_name;
pub mod invalid_quantity;
pub mod loadbalancer_platform;
pub mod missing_identity;
pub mod namespace_unset;
pub mod nodeport_conflict;
pub mod nodeport_range;
pub mod pitfall_util;
pub mod privileged;
pub mod probe_port;
pub mod probes_missing;
pub mod pvc_ref;
mod refs;
pub mod replicas;
pub mod required_field;
pub mod resources_missing;
pub mod secret_base64;
pub mod secret_committed;
pub mod secret_ref;
pub mod secret_trailing_newline;
pub mod service_selector;
pub mod service_target_port;
pub mod unknown_field;
pub mod unknown_kind;
pub mod workload_selector;
pub mod yaml_alias_limit;
pub mod yaml_duplicate_key;
pub mod yaml_flattened;
pub mod yaml_implicit_type;
pub mod yaml_syntax;
pub mod yaml_tabs;

/// Every rule, in the order of the catalogue.
pub static ALL: &[&Rule] = &[
    // Input and YAML
    &yaml_syntax::RULE,
    &yaml_tabs::RULE,
    &yaml_flattened::RULE,
    &yaml_duplicate_key::RULE,
    &yaml_implicit_type::RULE,
    &yaml_alias_limit::RULE,
    &file_encoding::RULE,
    &file_too_large::RULE,
    &helm_template::RULE,
    &missing_identity::RULE,
    // Schema
    &unknown_kind::RULE,
    &api_version::RULE,
    &unknown_field::RULE,
    &field_type::RULE,
    &required_field::RULE,
    &invalid_name::RULE,
    &invalid_label::RULE,
    &invalid_quantity::RULE,
    &custom_resource::RULE,
    // Cross-object
    &workload_selector::RULE,
    &service_selector::RULE,
    &service_target_port::RULE,
    &ingress_backend::RULE,
    &configmap_ref::RULE,
    &secret_ref::RULE,
    &pvc_ref::RULE,
    &nodeport_range::RULE,
    &nodeport_conflict::RULE,
    &duplicate_object::RULE,
    &probe_port::RULE,
    &namespace_unset::RULE,
    // Beginner pitfalls
    &image_pull_never::RULE,
    &image_tag::RULE,
    &resources_missing::RULE,
    &probes_missing::RULE,
    &replicas::RULE,
    &loadbalancer_platform::RULE,
    &host_port::RULE,
    &privileged::RULE,
    &configmap_credentials::RULE,
    &secret_committed::RULE,
    &secret_base64::RULE,
    &secret_trailing_newline::RULE,
    &ingress_no_host::RULE,
    &https_plain_port::RULE,
    &env_duplicate::RULE,
];

/// What a rule is about, for the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Input,
    Schema,
    CrossObject,
    Pitfall,
}

pub type CheckFn = fn(&Ctx, &mut Vec<Finding>);

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// Book page and anchor, e.g. `service.md#les-ports`.
    pub chapter: &'static str,
    /// One line.
    pub summary: Text,
    /// "Ce que la règle vérifie".
    pub what: Text,
    /// "Pourquoi".
    pub why: Text,
    /// A manifest that raises the rule.
    pub bad: &'static str,
    /// The same, corrected.
    pub good: &'static str,
    /// None for rules raised while reading the input.
    pub check: Option<CheckFn>,
}

/// Default address of the course site; `KUBECOURS_COURSE_URL` overrides it.
pub const DEFAULT_COURSE_URL: &str = "https://kubecours.kub.sspcloud.fr";

impl Rule {
    /// A finding of this rule at a place of a file.
    pub fn finding(
        &'static self,
        file: usize,
        span: Span,
        message: String,
        help: String,
    ) -> Finding {
        let len = span.caret_len();
        Finding {
            id: self.id,
            severity: self.severity,
            message,
            help,
            file,
            pos: span.start,
            len,
            path: String::new(),
            object: None,
            related: Vec::new(),
        }
    }

    /// The course page of this rule (`https://…/service.html#les-ports`).
    pub fn url(&self) -> String {
        course_url(self.chapter)
    }
}

/// A course chapter (`service.md#x`) as an address on the course site.
pub fn course_url(chapter: &str) -> String {
    // Read once: every finding of a run links to the course.
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let base = BASE.get_or_init(|| {
        std::env::var("KUBECOURS_COURSE_URL").unwrap_or_else(|_| DEFAULT_COURSE_URL.to_string())
    });
    let (page, anchor) = chapter.split_once('#').unwrap_or((chapter, ""));
    let page = page.strip_suffix(".md").unwrap_or(page);
    let mut url = format!("{}/{page}.html", base.trim_end_matches('/'));
    if !anchor.is_empty() {
        url.push('#');
        url.push_str(anchor);
    }
    url
}

impl Finding {
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// The rule that raised this finding.
    pub fn rule(&self) -> &'static Rule {
        by_id(self.id).expect("every finding comes from a registered rule")
    }
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// The closest rule id, for "did you mean".
pub fn closest_id(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, ALL.iter().map(|r| r.id))
}

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
                .is_some_and(|v| v.scalar_text() == e.value.scalar_text())
        })
}

/// Where the pod template sits in each kind.
pub fn pod_spec_path(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "Pod" => ("spec", "metadata.labels"),
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "Job"
        | "ReplicationController" => ("spec.template.spec", "spec.template.metadata.labels"),
        "CronJob" => (
            "spec.jobTemplate.spec.template.spec",
            "spec.jobTemplate.spec.template.metadata.labels",
        ),
        _ => return None,
    })
}

/// Everything a check sees: all objects of the run, and indexes over them.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub objects: &'a [Object],
    pub default_namespace: &'a str,
    by_kind: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<(&'a str, &'a str, &'a str), usize>,
    templates: Vec<PodTemplate<'a>>,
    templates_by_ns: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(objects: &'a [Object], default_namespace: &'a str, lang: Lang) -> Ctx<'a> {
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_name = HashMap::new();
        let mut templates = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            by_kind.entry(o.kind.as_str()).or_default().push(i);
            let ns = o.namespace.as_deref().unwrap_or(default_namespace);
            by_name
                .entry((o.kind.as_str(), ns, o.name.as_str()))
                .or_insert(i);
            if let Some((spec_path, labels_path)) = pod_spec_path(&o.kind)
                && let Some(spec) = o.root.at(spec_path)
            {
                templates.push(PodTemplate {
                    obj: o,
                    spec,
                    spec_path,
                    labels: o.root.at(labels_path),
                });
            }
        }
        let mut templates_by_ns: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, t) in templates.iter().enumerate() {
            templates_by_ns
                .entry(t.obj.namespace.as_deref().unwrap_or(default_namespace))
                .or_default()
                .push(i);
        }
        Ctx {
            lang,
            objects,
            default_namespace,
            by_kind,
            by_name,
            templates,
            templates_by_ns,
        }
    }

    /// Objects of one kind, in input order.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Object> + '_ {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| &self.objects[i])
    }

    /// The effective namespace of an object.
    pub fn ns(&self, o: &'a Object) -> &'a str {
        o.namespace.as_deref().unwrap_or(self.default_namespace)
    }

    /// An object by kind, namespace and name.
    pub fn find(&self, kind: &str, ns: &str, name: &str) -> Option<&'a Object> {
        self.by_name
            .get(&(kind, ns, name))
            .map(|&i| &self.objects[i])
    }

    /// Every pod template of the run (Pods and workloads).
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

    /// Pod templates in a namespace whose labels contain `selector`.
    pub fn selected_by<'s>(
        &'s self,
        ns: &str,
        selector: &'s Node,
    ) -> impl Iterator<Item = &'s PodTemplate<'a>> + 's {
        self.templates_in(ns).filter(move |t| t.matches(selector))
    }

    /// A finding about an object, at a span of it.
    pub fn finding(
        &self,
        rule: &'static Rule,
        obj: &Object,
        span: Span,
        message: String,
        help: String,
    ) -> Finding {
        rule.finding(obj.file, span, message, help)
            .with_object(obj.reference(self.default_namespace))
    }
}

/// Test support: the findings of one rule on a YAML text (default options).
#[cfg(test)]
pub(crate) fn findings_of(id: &str, yaml: &str) -> Vec<Finding> {
    let run = crate::lint::lint_sources(
        vec![crate::source::SourceFile::from_text("t.yaml", yaml)],
        &crate::lint::Options::default(),
    );
    run.findings.into_iter().filter(|f| f.id == id).collect()
}
