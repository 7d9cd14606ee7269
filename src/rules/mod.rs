//! The rules: one file each, listed once in [`ALL`].
//!
//! A rule is a static [`Rule`]: its registry entry ([`Code`]: id, severity,
//! chapter, documentation in French and English, its `bad.yaml` and
//! `good.yaml` fixtures as examples) and the checker that runs it
//! ([`Check`]), after ruff's checker kinds: on the raw file before parsing,
//! on the YAML reader's problems, on documents that are not objects, inside
//! the schema walk, on one object at a time, or on a whole input set.
//! Detection and messages live in the rule's file; the engine only calls it.

use crate::diag::{Code, Finding};
use crate::manifest::{DocProblem, Object};
use crate::source::SourceFile;
use crate::yaml::YamlIssue;

pub mod ctx;
pub mod pod;
pub mod schema_pass;
pub mod values;

/// What every rule file imports.
pub mod prelude {
    pub use crate::diag::{Arg, Basis, Code, Family, Finding, Msg, ObjectRef, Severity, join};
    pub use crate::i18n::Text;
    pub use crate::manifest::{DocProblem, Object};
    pub use crate::msg;
    pub use crate::rules::{Check, Ctx, Emit, ObjCx, PodTemplate, Rule};
    pub use crate::source::{FileProblem, SourceFile};
    pub use crate::yaml::YamlIssue;
    pub use crate::yaml::{Node, Pos, Span, Value};
}

pub use ctx::{Ctx, PodTemplate, labels_match, pod_spec_path, pod_template};

pub mod api_version;
pub mod configmap_credentials;
pub mod configmap_ref;
pub mod cronjob_schedule;
pub mod custom_resource;
pub mod data_size;
pub mod duplicate_name;
pub mod duplicate_object;
pub mod env_duplicate;
pub mod env_spec;
pub mod field_type;
pub mod file_encoding;
pub mod file_too_large;
pub mod helm_template;
pub mod host_port;
pub mod hpa_spec;
pub mod https_plain_port;
pub mod image_pull_never;
pub mod image_tag;
pub mod ingress_backend;
pub mod ingress_no_host;
pub mod ingress_spec;
pub mod invalid_enum;
pub mod invalid_key;
pub mod invalid_label;
pub mod invalid_name;
pub mod invalid_quantity;
pub mod job_policy;
pub mod job_spec;
pub mod loadbalancer_platform;
pub mod metadata_spec;
pub mod missing_identity;
pub mod namespace_unset;
pub mod network_policy_spec;
pub mod no_objects;
pub mod nodeport_conflict;
pub mod nodeport_range;
pub mod not_a_manifest;
pub mod out_of_range;
pub mod pdb_spec;
pub mod pitfall_util;
pub mod pod_spec;
pub mod priority_class_spec;
pub mod privileged;
pub mod probe_port;
pub mod probe_spec;
pub mod probes_missing;
pub mod pvc_ref;
pub mod pvc_spec;
pub mod quota_spec;
pub mod rbac_spec;
mod refs;
pub mod replicas;
pub mod required_field;
pub mod resource_limits;
pub mod resources_missing;
pub mod restart_policy;
pub mod scheduling_spec;
pub mod secret_base64;
pub mod secret_committed;
pub mod secret_ref;
pub mod secret_trailing_newline;
pub mod secret_type;
pub mod service_address;
pub mod service_selector;
pub mod service_spec;
pub mod service_target_port;
pub mod storage_spec;
pub mod unknown_field;
pub mod unknown_kind;
pub mod volume_mount;
pub mod volume_spec;
pub mod workload_selector;
pub mod workload_spec;
pub mod yaml_alias_limit;
pub mod yaml_depth_limit;
pub mod yaml_duplicate_key;
pub mod yaml_flattened;
pub mod yaml_implicit_type;
pub mod yaml_syntax;
pub mod yaml_tabs;

/// Every rule, in the order of the catalogue (and, for the input rules, the
/// order in which the reader applies them).
pub static ALL: &[&Rule] = &[
    // Input and YAML
    &file_too_large::RULE,
    &file_encoding::RULE,
    &helm_template::RULE,
    &yaml_tabs::RULE,
    &yaml_flattened::RULE,
    &yaml_syntax::RULE,
    &yaml_duplicate_key::RULE,
    &yaml_implicit_type::RULE,
    &yaml_alias_limit::RULE,
    &yaml_depth_limit::RULE,
    &missing_identity::RULE,
    &not_a_manifest::RULE,
    &no_objects::RULE,
    // Schema
    &unknown_kind::RULE,
    &api_version::RULE,
    &unknown_field::RULE,
    &field_type::RULE,
    &required_field::RULE,
    &invalid_name::RULE,
    &invalid_label::RULE,
    &invalid_quantity::RULE,
    &invalid_enum::RULE,
    &out_of_range::RULE,
    &duplicate_name::RULE,
    &volume_mount::RULE,
    &env_spec::RULE,
    &probe_spec::RULE,
    &resource_limits::RULE,
    &volume_spec::RULE,
    &pod_spec::RULE,
    &scheduling_spec::RULE,
    &metadata_spec::RULE,
    // Values of controllers, Services, storage and policies (api-validation §4-12)
    &workload_spec::RULE,
    &restart_policy::RULE,
    &cronjob_schedule::RULE,
    &job_spec::RULE,
    &job_policy::RULE,
    &service_spec::RULE,
    &service_address::RULE,
    &ingress_spec::RULE,
    &invalid_key::RULE,
    &data_size::RULE,
    &secret_type::RULE,
    &pvc_spec::RULE,
    &storage_spec::RULE,
    &rbac_spec::RULE,
    &hpa_spec::RULE,
    &pdb_spec::RULE,
    &network_policy_spec::RULE,
    &priority_class_spec::RULE,
    &quota_spec::RULE,
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

/// How the engine runs a rule.
#[derive(Debug)]
pub enum Check {
    /// On the raw file, before parsing; returns `true` to stop reading the file.
    Source(fn(usize, &SourceFile, &mut Vec<Finding>) -> bool),
    /// On each problem the YAML reader reports.
    Yaml(fn(usize, &SourceFile, &YamlIssue, &mut Vec<Finding>)),
    /// On each document that is not a Kubernetes object.
    Document(fn(usize, &DocProblem, &mut Vec<Finding>)),
    /// Raised inside the schema walk ([`schema_pass`]).
    Schema,
    /// On one object at a time (objects are checked in parallel).
    Object(ObjectCheck),
    /// On the whole input set (cross-object rules).
    Set(fn(&Ctx, &mut Vec<Finding>)),
}

/// A rule that looks at one object at a time.
pub type ObjectCheck = fn(&ObjCx, &Object, &mut Vec<Finding>);

#[derive(Debug)]
pub struct Rule {
    pub code: Code,
    pub check: Check,
}

impl Rule {
    pub fn id(&self) -> &'static str {
        self.code.id
    }
}

/// The findings of one rule about one object, each about a field.
pub struct Emit<'a, 'b> {
    pub rule: &'static Rule,
    pub cx: &'a ObjCx<'b>,
    pub obj: &'a Object,
    pub out: &'a mut Vec<Finding>,
}

impl Emit<'_, '_> {
    /// A finding at `span` about the field at `path` (from the object's
    /// root: the object's prefix in a `List` is added).
    pub fn err(
        &mut self,
        span: crate::yaml::Span,
        path: &str,
        message: crate::diag::Msg,
        help: crate::diag::Msg,
    ) {
        self.push(span, path, message, help);
    }

    /// [`Emit::err`], giving the finding back (to add a fix or a note).
    pub fn push(
        &mut self,
        span: crate::yaml::Span,
        path: &str,
        message: crate::diag::Msg,
        help: crate::diag::Msg,
    ) -> &mut Finding {
        let p = &self.obj.prefix;
        self.out.push(
            self.cx
                .finding(self.rule, self.obj, span, message, help)
                .with_path(format!("{p}{path}")),
        );
        self.out.last_mut().expect("just pushed")
    }
}

/// What a per-object check sees besides the object.
pub struct ObjCx<'a> {
    pub default_namespace: &'a str,
}

impl ObjCx<'_> {
    /// A finding about an object, at a span of it.
    pub fn finding(
        &self,
        rule: &'static Rule,
        obj: &Object,
        span: crate::yaml::Span,
        message: crate::diag::Msg,
        help: crate::diag::Msg,
    ) -> Finding {
        Finding::new(&rule.code, obj.file, span, message, help)
            .with_object(crate::schema::reference(obj, self.default_namespace))
    }
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code.id == id)
}

/// The closest rule id, for "did you mean".
pub fn closest_id(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, ALL.iter().map(|r| r.code.id))
}

/// Test support: the findings of one rule on a YAML text (default options).
#[cfg(test)]
pub(crate) fn findings_of(id: &str, yaml: &str) -> Vec<Finding> {
    let run = crate::engine::lint_sources(
        vec![crate::source::SourceFile::from_text("t.yaml", yaml)],
        &crate::engine::Options::default(),
    );
    run.findings.into_iter().filter(|f| f.id() == id).collect()
}
