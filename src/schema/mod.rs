//! Strict schema validation: known kinds and apiVersions, every unknown field
//! (with "did you mean"), every wrong type, every missing required field.
//!
//! Schemas come from k8s-openapi's `schemars` support: each kind's JSON
//! schema is compiled once, on first use, into a small arena that the walker
//! follows alongside the YAML tree, so every error keeps its exact position.

use crate::finding::Finding;
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::rules::{self, Ctx};
use crate::suggest::closest;
use crate::tr;
use crate::yaml::{Node, Span, Style, Value};
use k8s_openapi::api;
use schemars::JsonSchema;
use serde_json::Value as J;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A compiled schema node.
#[derive(Debug)]
enum Ty {
    Any,
    Object {
        /// Sorted by name.
        props: Vec<(Box<str>, u32)>,
        required: Vec<Box<str>>,
        additional: Option<u32>,
    },
    Array(u32),
    String,
    Integer,
    Number,
    Boolean,
    IntOrString,
    Quantity,
}

/// The compiled schema of one kind.
pub struct KindSchema {
    nodes: Vec<Ty>,
    root: u32,
}

struct KindInfo {
    api_version: &'static str,
    kind: &'static str,
    namespaced: bool,
    schema: fn() -> J,
    cell: OnceLock<KindSchema>,
}

fn gen_schema<T: JsonSchema>() -> J {
    let mut g = schemars::SchemaGenerator::default();
    serde_json::to_value(g.root_schema_for::<T>()).unwrap_or(J::Null)
}

macro_rules! kinds {
    ($( $api:literal, $kind:literal, $ns:literal, $ty:ty; )*) => {
        fn kind_table() -> &'static [KindInfo] {
            static TABLE: OnceLock<Vec<KindInfo>> = OnceLock::new();
            TABLE.get_or_init(|| vec![
                $( KindInfo { api_version: $api, kind: $kind, namespaced: $ns, schema: gen_schema::<$ty>, cell: OnceLock::new() }, )*
            ])
        }
        /// Every kind the checker knows, with its apiVersion.
        pub const KNOWN_KINDS: &[(&str, &str)] = &[ $( ($api, $kind), )* ];
    };
}

kinds! {
    "v1", "Pod", true, api::core::v1::Pod;
    "v1", "Service", true, api::core::v1::Service;
    "v1", "ConfigMap", true, api::core::v1::ConfigMap;
    "v1", "Secret", true, api::core::v1::Secret;
    "v1", "Namespace", false, api::core::v1::Namespace;
    "v1", "PersistentVolumeClaim", true, api::core::v1::PersistentVolumeClaim;
    "v1", "PersistentVolume", false, api::core::v1::PersistentVolume;
    "v1", "ServiceAccount", true, api::core::v1::ServiceAccount;
    "v1", "Endpoints", true, api::core::v1::Endpoints;
    "v1", "Event", true, api::core::v1::Event;
    "v1", "LimitRange", true, api::core::v1::LimitRange;
    "v1", "ResourceQuota", true, api::core::v1::ResourceQuota;
    "v1", "ReplicationController", true, api::core::v1::ReplicationController;
    "v1", "Node", false, api::core::v1::Node;
    "apps/v1", "Deployment", true, api::apps::v1::Deployment;
    "apps/v1", "ReplicaSet", true, api::apps::v1::ReplicaSet;
    "apps/v1", "StatefulSet", true, api::apps::v1::StatefulSet;
    "apps/v1", "DaemonSet", true, api::apps::v1::DaemonSet;
    "batch/v1", "Job", true, api::batch::v1::Job;
    "batch/v1", "CronJob", true, api::batch::v1::CronJob;
    "networking.k8s.io/v1", "Ingress", true, api::networking::v1::Ingress;
    "networking.k8s.io/v1", "IngressClass", false, api::networking::v1::IngressClass;
    "networking.k8s.io/v1", "NetworkPolicy", true, api::networking::v1::NetworkPolicy;
    "discovery.k8s.io/v1", "EndpointSlice", true, api::discovery::v1::EndpointSlice;
    "autoscaling/v2", "HorizontalPodAutoscaler", true, api::autoscaling::v2::HorizontalPodAutoscaler;
    "policy/v1", "PodDisruptionBudget", true, api::policy::v1::PodDisruptionBudget;
    "rbac.authorization.k8s.io/v1", "Role", true, api::rbac::v1::Role;
    "rbac.authorization.k8s.io/v1", "RoleBinding", true, api::rbac::v1::RoleBinding;
    "rbac.authorization.k8s.io/v1", "ClusterRole", false, api::rbac::v1::ClusterRole;
    "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false, api::rbac::v1::ClusterRoleBinding;
    "storage.k8s.io/v1", "StorageClass", false, api::storage::v1::StorageClass;
    "events.k8s.io/v1", "Event", true, api::events::v1::Event;
}

/// apiVersions that existed and were removed, with the Kubernetes version that
/// removed them and what to write instead.
const REMOVED: &[(&str, &str, &str, &str)] = &[
    (
        "extensions/v1beta1",
        "Ingress",
        "1.22",
        "networking.k8s.io/v1",
    ),
    (
        "networking.k8s.io/v1beta1",
        "Ingress",
        "1.22",
        "networking.k8s.io/v1",
    ),
    (
        "networking.k8s.io/v1beta1",
        "IngressClass",
        "1.22",
        "networking.k8s.io/v1",
    ),
    ("extensions/v1beta1", "Deployment", "1.16", "apps/v1"),
    ("extensions/v1beta1", "DaemonSet", "1.16", "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet", "1.16", "apps/v1"),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        "1.16",
        "networking.k8s.io/v1",
    ),
    ("apps/v1beta1", "Deployment", "1.16", "apps/v1"),
    ("apps/v1beta1", "StatefulSet", "1.16", "apps/v1"),
    ("apps/v1beta2", "Deployment", "1.16", "apps/v1"),
    ("apps/v1beta2", "StatefulSet", "1.16", "apps/v1"),
    ("apps/v1beta2", "DaemonSet", "1.16", "apps/v1"),
    ("apps/v1beta2", "ReplicaSet", "1.16", "apps/v1"),
    ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
    ("batch/v2alpha1", "CronJob", "1.21", "batch/v1"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
    (
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        "1.25",
        "autoscaling/v2",
    ),
    (
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        "1.26",
        "autoscaling/v2",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        "1.22",
        "storage.k8s.io/v1",
    ),
    (
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        "1.25",
        "discovery.k8s.io/v1",
    ),
];

/// Fields the OpenAPI schema leaves optional (for controllers that default
/// them) but that the API server requires in what a student writes.
const REQUIRED_IN_PRACTICE: &[(&str, &str)] = &[("core.v1.Container", "image")];

/// API groups served by Kubernetes itself: an unknown kind there is an error;
/// elsewhere it is a custom resource.
const BUILTIN_GROUPS: &[&str] = &[
    "",
    "apps",
    "batch",
    "networking.k8s.io",
    "policy",
    "autoscaling",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "extensions",
    "discovery.k8s.io",
    "events.k8s.io",
    "apiextensions.k8s.io",
    "admissionregistration.k8s.io",
    "coordination.k8s.io",
    "scheduling.k8s.io",
    "node.k8s.io",
    "certificates.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "resource.k8s.io",
    "apiregistration.k8s.io",
];

const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "IngressClass",
    "CustomResourceDefinition",
    "PriorityClass",
    "RuntimeClass",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "CertificateSigningRequest",
];

/// Does this kind live in a namespace?
pub fn is_namespaced(kind: &str) -> bool {
    match kind_table().iter().find(|k| k.kind == kind) {
        Some(k) => k.namespaced,
        None => !CLUSTER_SCOPED.contains(&kind),
    }
}

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

impl KindInfo {
    fn compiled(&self) -> &KindSchema {
        self.cell.get_or_init(|| compile((self.schema)()))
    }
}

fn compile(root: J) -> KindSchema {
    struct C<'a> {
        defs: &'a serde_json::Map<String, J>,
        nodes: Vec<Ty>,
        by_ref: HashMap<String, u32>,
    }
    impl C<'_> {
        fn node(&mut self, s: &J) -> u32 {
            if let Some(r) = s.get("$ref").and_then(J::as_str) {
                let name = r.rsplit('/').next().unwrap_or(r).to_string();
                if let Some(&i) = self.by_ref.get(&name) {
                    return i;
                }
                let i = self.nodes.len() as u32;
                self.nodes.push(Ty::Any);
                self.by_ref.insert(name.clone(), i);
                let ty = if name.ends_with("api.resource.Quantity") {
                    Ty::Quantity
                } else {
                    let mut ty = match self.defs.get(&name).cloned() {
                        Some(def) => self.ty(&def),
                        None => Ty::Any,
                    };
                    if let Ty::Object { required, .. } = &mut ty {
                        for (def, field) in REQUIRED_IN_PRACTICE {
                            if name.ends_with(def) && !required.iter().any(|r| &**r == *field) {
                                required.push((*field).into());
                            }
                        }
                    }
                    ty
                };
                self.nodes[i as usize] = ty;
                return i;
            }
            let ty = self.ty(s);
            self.nodes.push(ty);
            self.nodes.len() as u32 - 1
        }
        fn any(&mut self) -> u32 {
            self.nodes.push(Ty::Any);
            self.nodes.len() as u32 - 1
        }
        fn ty(&mut self, s: &J) -> Ty {
            if s.get("x-kubernetes-int-or-string").is_some() {
                return Ty::IntOrString;
            }
            let ty = match s.get("type") {
                Some(J::String(t)) => t.as_str(),
                Some(J::Array(ts)) => ts
                    .iter()
                    .filter_map(J::as_str)
                    .find(|t| *t != "null")
                    .unwrap_or(""),
                _ => {
                    if s.get("properties").is_some() {
                        "object"
                    } else {
                        ""
                    }
                }
            };
            match ty {
                "object" => {
                    let mut props: Vec<(Box<str>, u32)> = Vec::new();
                    if let Some(J::Object(p)) = s.get("properties") {
                        for (k, v) in p {
                            let i = self.node(v);
                            props.push((k.as_str().into(), i));
                        }
                    }
                    props.sort_by(|a, b| a.0.cmp(&b.0));
                    let additional = match s.get("additionalProperties") {
                        Some(v @ J::Object(_)) => Some(self.node(v)),
                        Some(J::Bool(false)) => None,
                        Some(J::Bool(true)) => Some(self.any()),
                        _ if props.is_empty() => Some(self.any()),
                        _ => None,
                    };
                    let required = s
                        .get("required")
                        .and_then(J::as_array)
                        .map(|r| r.iter().filter_map(J::as_str).map(Into::into).collect())
                        .unwrap_or_default();
                    Ty::Object {
                        props,
                        required,
                        additional,
                    }
                }
                "array" => {
                    let item = match s.get("items") {
                        Some(i) => self.node(i),
                        None => {
                            self.nodes.push(Ty::Any);
                            self.nodes.len() as u32 - 1
                        }
                    };
                    Ty::Array(item)
                }
                "string" => Ty::String,
                "integer" => Ty::Integer,
                "number" => Ty::Number,
                "boolean" => Ty::Boolean,
                _ => Ty::Any,
            }
        }
    }
    let empty = serde_json::Map::new();
    let defs = root.get("$defs").and_then(J::as_object).unwrap_or(&empty);
    let mut c = C {
        defs,
        nodes: Vec::new(),
        by_ref: HashMap::new(),
    };
    let root_idx = c.node(&root);
    KindSchema {
        nodes: c.nodes,
        root: root_idx,
    }
}

/// Checks kind and apiVersion, then every field; appends findings.
pub fn validate(ctx: &Ctx, obj: &Object, out: &mut Vec<Finding>) {
    let table = kind_table();
    let api = obj.api_version.as_str();
    let kind = obj.kind.as_str();
    let Some(info) = table
        .iter()
        .find(|k| k.kind == kind && k.api_version == api)
    else {
        return check_kind(ctx, obj, out);
    };
    let schema = info.compiled();
    let mut w = Walker {
        ctx,
        obj,
        schema,
        out,
        path: obj.prefix.clone(),
    };
    w.walk(schema.root, &obj.root, None, obj.root.span, None);
}

/// A kind or apiVersion the tables do not validate: reports it (an error, or
/// `custom-resource` for a CRD); the fields are not checked.
fn check_kind(ctx: &Ctx, obj: &Object, out: &mut Vec<Finding>) {
    let lang = ctx.lang;
    let api = obj.api_version.as_str();
    let kind = obj.kind.as_str();
    let table = kind_table();
    let api_span = obj.root.get("apiVersion").map_or(obj.root.span, |n| n.span);
    if let Some(&(_, _, removed_in, instead)) = REMOVED.iter().find(|r| r.0 == api && r.1 == kind) {
        let mut help = tr!(
            lang,
            "écrivez `apiVersion: {instead}`",
            "write `apiVersion: {instead}`"
        );
        if kind == "Ingress" {
            help += &tr!(
                lang,
                " ; attention, le format a changé : `backend.serviceName`/`servicePort` deviennent `backend.service.name` et `backend.service.port.number`, et chaque chemin demande un `pathType` (par exemple `Prefix`)",
                "; beware, the format changed: `backend.serviceName`/`servicePort` become `backend.service.name` and `backend.service.port.number`, and each path needs a `pathType` (e.g. `Prefix`)"
            );
        }
        out.push(ctx.finding(
            &rules::api_version::RULE, obj, api_span,
            tr!(lang, "`{api}` n'existe plus pour `{kind}` : cette version a été supprimée dans Kubernetes {removed_in}", "`{api}` no longer exists for `{kind}`: this version was removed in Kubernetes {removed_in}"),
            help,
        ).with_path(format!("{}apiVersion", obj.prefix)));
        return;
    }
    if let Some(info) = table.iter().find(|k| k.kind == kind) {
        let right = info.api_version;
        out.push(
            ctx.finding(
                &rules::api_version::RULE,
                obj,
                api_span,
                tr!(
                    lang,
                    "`{kind}` ne se déclare pas avec `apiVersion: {api}`",
                    "`{kind}` is not declared with `apiVersion: {api}`"
                ),
                tr!(
                    lang,
                    "écrivez `apiVersion: {right}`",
                    "write `apiVersion: {right}`"
                ),
            )
            .with_path(format!("{}apiVersion", obj.prefix)),
        );
        return;
    }
    let kind_span = obj.kind_span();
    let suggestion = closest(kind, KNOWN_KINDS.iter().map(|k| k.1));
    let builtin = BUILTIN_GROUPS.contains(&group_of(api));
    match suggestion {
        Some(s)
            if builtin
                || s.eq_ignore_ascii_case(kind)
                || strsim::damerau_levenshtein(s, kind) <= 2 =>
        {
            let right_api = KNOWN_KINDS.iter().find(|k| k.1 == s).map_or("", |k| k.0);
            out.push(
                ctx.finding(
                    &rules::unknown_kind::RULE,
                    obj,
                    kind_span,
                    tr!(
                        lang,
                        "le type `{kind}` n'existe pas ; vouliez-vous dire `{s}` ?",
                        "kind `{kind}` does not exist; did you mean `{s}`?"
                    ),
                    tr!(
                        lang,
                        "écrivez `kind: {s}` (avec `apiVersion: {right_api}`) ; la casse compte",
                        "write `kind: {s}` (with `apiVersion: {right_api}`); case matters"
                    ),
                )
                .with_path(format!("{}kind", obj.prefix)),
            );
        }
        _ if builtin => {
            out.push(ctx.finding(
                &rules::unknown_kind::RULE, obj, kind_span,
                tr!(lang, "le type `{kind}` n'existe pas dans `{api}`", "kind `{kind}` does not exist in `{api}`"),
                tr!(lang, "les types du cours : Pod, Deployment, Service, Ingress, ConfigMap, Secret, Namespace, PersistentVolumeClaim", "the course's kinds: Pod, Deployment, Service, Ingress, ConfigMap, Secret, Namespace, PersistentVolumeClaim"),
            ).with_path(format!("{}kind", obj.prefix)));
        }
        _ => {
            out.push(ctx.finding(
                &rules::custom_resource::RULE, obj, kind_span,
                tr!(lang, "`{kind}` (`{api}`) est une ressource personnalisée (CRD) : ses champs ne sont pas vérifiés", "`{kind}` (`{api}`) is a custom resource (CRD): its fields are not checked"),
                tr!(lang, "vérifiez que la CRD est installée sur le cluster : `kubectl get crd`", "check the CRD is installed on the cluster: `kubectl get crd`"),
            ).with_path(format!("{}kind", obj.prefix)));
        }
    }
}

struct Walker<'a, 'b> {
    ctx: &'a Ctx<'b>,
    obj: &'a Object,
    schema: &'a KindSchema,
    out: &'a mut Vec<Finding>,
    path: String,
}

/// Names in French and English of what a schema type expects.
fn expected(ty: &Ty, lang: Lang) -> &'static str {
    match ty {
        Ty::Object { .. } => lang.pick(
            "un dictionnaire (des clés indentées en dessous)",
            "a mapping (keys indented below)",
        ),
        Ty::Array(_) => lang.pick(
            "une liste (des éléments commençant par `- `)",
            "a list (items starting with `- `)",
        ),
        Ty::String => lang.pick("un texte", "a string"),
        Ty::Integer => lang.pick("un nombre entier", "an integer"),
        Ty::Number => lang.pick("un nombre", "a number"),
        Ty::Boolean => lang.pick(
            "un booléen (`true` ou `false`)",
            "a boolean (`true` or `false`)",
        ),
        Ty::IntOrString => lang.pick("un nombre ou un nom", "a number or a name"),
        Ty::Quantity => lang.pick(
            "une quantité (`500m`, `256Mi`)",
            "a quantity (`500m`, `256Mi`)",
        ),
        Ty::Any => "",
    }
}

fn found(node: &Node, lang: Lang) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => tr!(lang, "le booléen `{b}`", "the boolean `{b}`"),
        Value::Int(i) => tr!(lang, "le nombre `{i}`", "the number `{i}`"),
        Value::Float(f) => tr!(lang, "le nombre `{f}`", "the number `{f}`"),
        Value::Str(s) => tr!(lang, "le texte \"{s}\"", "the string \"{s}\""),
        Value::Seq(_) => lang.pick("une liste", "a list").into(),
        Value::Map(_) => lang.pick("un dictionnaire", "a mapping").into(),
    }
}

impl Walker<'_, '_> {
    fn field_name(&self) -> &str {
        let p = self.path.rsplit('.').next().unwrap_or(&self.path);
        p.split('[').next().unwrap_or(p)
    }

    /// `idx`: schema of `node`; `parent`: schema of the mapping holding it (for
    /// "this key belongs one level up"); `owner`: span to point at for missing
    /// fields; `key`: the key that holds this node.
    fn walk(&mut self, idx: u32, node: &Node, parent: Option<u32>, owner: Span, key: Option<&str>) {
        let lang = self.ctx.lang;
        let ty = &self.schema.nodes[idx as usize];
        if node.is_null() {
            return;
        }
        match (ty, &node.value) {
            (Ty::Any, _) => {}
            (
                Ty::Object {
                    props,
                    required,
                    additional,
                },
                Value::Map(entries),
            ) => {
                for e in entries {
                    let child = props
                        .binary_search_by(|p| (*p.0).cmp(&e.key))
                        .ok()
                        .map(|i| props[i].1)
                        .or(*additional);
                    let len = self.path.len();
                    if !self.path.is_empty() && !self.path.ends_with('.') {
                        self.path.push('.');
                    }
                    self.path.push_str(&e.key);
                    match child {
                        Some(c) => self.walk(c, &e.value, Some(idx), e.key_span, Some(&e.key)),
                        None => self.unknown_field(idx, parent, e, key),
                    }
                    self.path.truncate(len);
                }
                for r in required {
                    let present = entries.iter().any(|e| e.key == *r && !e.value.is_null());
                    // A misspelt `contanierPort` already says what is missing.
                    let misspelt = entries.iter().any(|e| {
                        props.binary_search_by(|p| (*p.0).cmp(&e.key)).is_err()
                            && closest(&e.key, [&**r]).is_some()
                    });
                    let root_identity = self.path == self.obj.prefix
                        && matches!(&**r, "metadata" | "apiVersion" | "kind");
                    if !present && !root_identity && !misspelt {
                        self.missing(r, owner);
                    }
                }
            }
            (Ty::Array(item), Value::Seq(items)) => {
                for (i, it) in items.iter().enumerate() {
                    let len = self.path.len();
                    self.path.push_str(&format!("[{i}]"));
                    let owner = if it.span.start.is_known() {
                        it.span
                    } else {
                        owner
                    };
                    self.walk(*item, it, parent, owner, key);
                    self.path.truncate(len);
                }
            }
            (Ty::String, Value::Str(_))
            | (Ty::Integer, Value::Int(_))
            | (Ty::Number, Value::Int(_) | Value::Float(_))
            | (Ty::Boolean, Value::Bool(_))
            | (Ty::IntOrString, Value::Int(_) | Value::Str(_)) => {}
            (Ty::Quantity, Value::Str(s)) => {
                if !is_quantity(s) {
                    self.bad_quantity(node, s);
                }
            }
            (Ty::Quantity, Value::Int(_)) => {}
            (Ty::Quantity, Value::Float(f)) => {
                if *f < 0.0 || !f.is_finite() {
                    self.bad_quantity(node, &f.to_string());
                }
            }
            _ => {
                let field = self.field_name().to_string();
                let exp = expected(ty, lang);
                let got = found(node, lang);
                let help = match (ty, &node.value) {
                    (Ty::String, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
                        if node.style == Style::Yaml11 {
                            tr!(
                                lang,
                                "mettez la valeur entre guillemets : sans guillemets, YAML lit `yes`, `no`, `on`, `off` et `0755` autrement",
                                "quote the value: unquoted, YAML reads `yes`, `no`, `on`, `off` and `0755` differently"
                            )
                        } else {
                            let t = node.scalar_text();
                            tr!(
                                lang,
                                "mettez la valeur entre guillemets : `{field}: \"{t}\"`",
                                "quote the value: `{field}: \"{t}\"`"
                            )
                        }
                    }
                    (Ty::Integer | Ty::Number | Ty::IntOrString, Value::Str(s))
                        if s.trim().parse::<f64>().is_ok() =>
                    {
                        tr!(
                            lang,
                            "enlevez les guillemets : `{field}: {}`",
                            "remove the quotes: `{field}: {}`",
                            s.trim()
                        )
                    }
                    (Ty::Boolean, Value::Str(s)) if matches!(s.as_ref(), "true" | "false") => {
                        tr!(
                            lang,
                            "enlevez les guillemets : `{field}: {s}`",
                            "remove the quotes: `{field}: {s}`"
                        )
                    }
                    (Ty::Array(_), Value::Map(_)) => tr!(
                        lang,
                        "chaque élément de `{field}` commence par un tiret : `- name: …`",
                        "each item of `{field}` starts with a dash: `- name: …`"
                    ),
                    (Ty::Object { .. }, Value::Seq(_)) => tr!(
                        lang,
                        "enlevez le tiret `- ` : `{field}` n'est pas une liste",
                        "remove the `- ` dash: `{field}` is not a list"
                    ),
                    (Ty::Object { .. }, Value::Str(_) | Value::Int(_)) => tr!(
                        lang,
                        "passez à la ligne après `{field}:` et indentez ses clés de 2 espaces",
                        "break the line after `{field}:` and indent its keys by 2 spaces"
                    ),
                    _ => tr!(lang, "`{field}` attend {exp}", "`{field}` expects {exp}"),
                };
                self.out.push(
                    self.ctx
                        .finding(
                            &rules::field_type::RULE,
                            self.obj,
                            node.span,
                            tr!(
                                lang,
                                "`{field}` doit être {exp}, pas {got}",
                                "`{field}` must be {exp}, not {got}"
                            ),
                            help,
                        )
                        .with_path(self.path.clone()),
                );
            }
        }
    }

    fn bad_quantity(&mut self, node: &Node, s: &str) {
        let lang = self.ctx.lang;
        let field = self.field_name().to_string();
        let hint = quantity_hint(s);
        let help = match hint {
            Some(h) => tr!(
                lang,
                "écrivez `{h}` ; les unités : `m` (millième de CPU), `Ki`, `Mi`, `Gi` (puissances de 1024), `k`, `M`, `G`",
                "write `{h}`; units: `m` (thousandth of a CPU), `Ki`, `Mi`, `Gi` (powers of 1024), `k`, `M`, `G`"
            ),
            None => tr!(
                lang,
                "les unités : `m` (millième de CPU, `500m`), `Ki`, `Mi`, `Gi` (`256Mi`), `k`, `M`, `G`",
                "units: `m` (thousandth of a CPU, `500m`), `Ki`, `Mi`, `Gi` (`256Mi`), `k`, `M`, `G`"
            ),
        };
        self.out.push(
            self.ctx
                .finding(
                    &rules::invalid_quantity::RULE,
                    self.obj,
                    node.span,
                    tr!(
                        lang,
                        "`{field}: {s}` n'est pas une quantité que Kubernetes sait lire",
                        "`{field}: {s}` is not a quantity Kubernetes can read"
                    ),
                    help,
                )
                .with_path(self.path.clone()),
        );
    }

    fn missing(&mut self, field: &str, owner: Span) {
        let lang = self.ctx.lang;
        let here = self.path.trim_end_matches('.').to_string();
        let full = if here.is_empty() {
            field.to_string()
        } else {
            format!("{here}.{field}")
        };
        let (msg, help) = match field {
            "image" => (
                tr!(
                    lang,
                    "ce conteneur n'a pas d'`image` : Kubernetes ne sait pas quoi lancer",
                    "this container has no `image`: Kubernetes does not know what to run"
                ),
                tr!(
                    lang,
                    "ajoutez `image: NOM:VERSION`, par exemple `image: nginx:1.27`",
                    "add `image: NAME:TAG`, e.g. `image: nginx:1.27`"
                ),
            ),
            "name"
                if here.contains("containers")
                    && !here.contains("ports")
                    && !here.contains("env") =>
            {
                (
                    tr!(
                        lang,
                        "ce conteneur n'a pas de `name`",
                        "this container has no `name`"
                    ),
                    tr!(
                        lang,
                        "ajoutez `- name: mon-conteneur` (chaque conteneur d'un pod a un nom unique)",
                        "add `- name: my-container` (each container of a pod has a unique name)"
                    ),
                )
            }
            "containerPort" => (
                tr!(
                    lang,
                    "cet élément de `ports` n'a pas de `containerPort`",
                    "this `ports` item has no `containerPort`"
                ),
                tr!(
                    lang,
                    "écrivez `- containerPort: 8000` (le port sur lequel l'application écoute)",
                    "write `- containerPort: 8000` (the port the application listens on)"
                ),
            ),
            "selector" => (
                tr!(
                    lang,
                    "il manque `selector` : le contrôleur ne saurait pas quels pods sont les siens",
                    "`selector` is missing: the controller would not know which pods are its own"
                ),
                tr!(
                    lang,
                    "ajoutez `selector: {{matchLabels: {{app: …}}}}` avec les mêmes labels que `template.metadata.labels`",
                    "add `selector: {{matchLabels: {{app: …}}}}` with the same labels as `template.metadata.labels`"
                ),
            ),
            "template" => (
                tr!(
                    lang,
                    "il manque `template` : le modèle des pods à créer",
                    "`template` is missing: the model of the pods to create"
                ),
                tr!(
                    lang,
                    "ajoutez `template:` avec `metadata.labels` et `spec.containers`",
                    "add `template:` with `metadata.labels` and `spec.containers`"
                ),
            ),
            "containers" => (
                tr!(
                    lang,
                    "il manque `containers` : un pod sans conteneur ne lance rien",
                    "`containers` is missing: a pod without containers runs nothing"
                ),
                tr!(
                    lang,
                    "ajoutez `containers:` avec au moins un `- name: … image: …`",
                    "add `containers:` with at least one `- name: … image: …`"
                ),
            ),
            _ => (
                tr!(
                    lang,
                    "champ obligatoire manquant : `{field}`",
                    "required field missing: `{field}`"
                ),
                tr!(
                    lang,
                    "ajoutez `{field}:` ici (`{full}`)",
                    "add `{field}:` here (`{full}`)"
                ),
            ),
        };
        self.out.push(
            self.ctx
                .finding(&rules::required_field::RULE, self.obj, owner, msg, help)
                .with_path(full),
        );
    }

    fn unknown_field(
        &mut self,
        idx: u32,
        parent: Option<u32>,
        e: &crate::yaml::Entry,
        holder: Option<&str>,
    ) {
        let lang = self.ctx.lang;
        let key = &*e.key;
        let Ty::Object { props, .. } = &self.schema.nodes[idx as usize] else {
            return;
        };
        let names = || props.iter().map(|p| &*p.0);
        let here = self
            .path
            .rsplit_once('.')
            .map_or("", |(a, _)| a)
            .to_string();
        let where_ = if here.is_empty() || here == self.obj.prefix.trim_end_matches('.') {
            self.obj.kind.clone()
        } else {
            format!("`{here}`")
        };
        let help = if holder == Some(key) {
            tr!(
                lang,
                "`{key}:` est répété à l'intérieur de `{key}:` : supprimez le second et remontez son contenu d'un niveau",
                "`{key}:` is repeated inside `{key}:`: remove the inner one and move its content up one level"
            )
        } else if let Some(s) = closest(key, names()) {
            tr!(lang, "vouliez-vous dire `{s}` ?", "did you mean `{s}`?")
        } else if let Some(p) = parent.and_then(|p| self.has_prop(p, key).then_some(p)) {
            let _ = p;
            tr!(
                lang,
                "`{key}` existe un niveau au-dessus : vérifiez l'indentation de cette ligne",
                "`{key}` exists one level up: check this line's indentation"
            )
        } else if let Some(child) = self.child_having(props, key) {
            tr!(
                lang,
                "`{key}` se place à l'intérieur de `{child}` : indentez-le sous `{child}:`",
                "`{key}` belongs inside `{child}`: indent it under `{child}:`"
            )
        } else {
            let mut list: Vec<&str> = names().filter(|n| *n != "status").collect();
            let more = list.len() > 12;
            list.truncate(12);
            let list = list
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if more { ", …" } else { "" };
            tr!(
                lang,
                "les champs possibles ici : {list}{more}",
                "the fields allowed here: {list}{more}"
            )
        };
        self.out.push(
            self.ctx
                .finding(
                    &rules::unknown_field::RULE,
                    self.obj,
                    e.key_span,
                    tr!(
                        lang,
                        "champ inconnu `{key}` dans {where_}",
                        "unknown field `{key}` in {where_}"
                    ),
                    help,
                )
                .with_path(self.path.clone()),
        );
    }

    fn has_prop(&self, idx: u32, key: &str) -> bool {
        matches!(&self.schema.nodes[idx as usize], Ty::Object { props, .. } if props.iter().any(|p| &*p.0 == key))
    }

    /// A property of this object (or of its list items) that has `key`.
    fn child_having(&self, props: &[(Box<str>, u32)], key: &str) -> Option<String> {
        for (name, idx) in props {
            let mut i = *idx;
            if let Ty::Array(item) = &self.schema.nodes[i as usize] {
                i = *item;
            }
            if self.has_prop(i, key) {
                return Some(name.to_string());
            }
        }
        None
    }
}

/// A Kubernetes quantity: `<number><suffix>` with suffix in
/// `Ki Mi Gi Ti Pi Ei`, `n u m k M G T P E`, or `e<exp>`/`E<exp>`.
pub fn is_quantity(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return false;
    }
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        _ => {
            let exp = suffix.strip_prefix(['e', 'E']);
            exp.is_some_and(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
            })
        }
    }
}

/// What the student probably meant (`512MB` → `512M`, `1 Gi` → `1Gi`).
fn quantity_hint(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if is_quantity(&compact) {
        return Some(compact);
    }
    for (bad, good) in [
        ("KB", "k"),
        ("kB", "k"),
        ("MB", "M"),
        ("GB", "G"),
        ("TB", "T"),
        ("KiB", "Ki"),
        ("MiB", "Mi"),
        ("GiB", "Gi"),
        ("mb", "M"),
        ("gb", "G"),
        ("Mo", "M"),
        ("Go", "G"),
        ("mi", "Mi"),
        ("gi", "Gi"),
        ("ki", "Ki"),
        ("K", "k"),
    ] {
        if let Some(n) = compact.strip_suffix(bad) {
            let candidate = format!("{n}{good}");
            if is_quantity(&candidate) {
                return Some(candidate);
            }
        }
    }
    for unit in ["cpu", "cpus", "core", "cores"] {
        if let Some(n) = compact.to_lowercase().strip_suffix(unit)
            && is_quantity(n)
        {
            return Some(n.to_string());
        }
    }
    None
}

/// The apiVersion for a known kind.
pub fn api_version_of(kind: &str) -> Option<&'static str> {
    KNOWN_KINDS.iter().find(|k| k.1 == kind).map(|k| k.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        for ok in ["500m", "1", "0.5", "256Mi", "1Gi", "2e3", "1.5G", "100k"] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in ["512MB", "1 Gi", "0.5cpu", "Mi", "1..2", "abc"] {
            assert!(!is_quantity(bad), "{bad}");
        }
        assert_eq!(quantity_hint("512MB").as_deref(), Some("512M"));
        assert_eq!(quantity_hint("0.5 cpu").as_deref(), Some("0.5"));
    }

    #[test]
    fn every_known_kind_compiles() {
        for k in kind_table() {
            let s = k.compiled();
            assert!(
                matches!(s.nodes[s.root as usize], Ty::Object { .. }),
                "{}",
                k.kind
            );
        }
    }
}
