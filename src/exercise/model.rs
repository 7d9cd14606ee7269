//! `exercise.toml` and `mistake.toml`, read strictly (see `exercises/FORMAT.md`).

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseSpec {
    pub format: u32,
    pub id: u32,
    pub slug: String,
    pub title: String,
    pub chapter: String,
    pub files: Vec<String>,
    #[serde(default)]
    pub provided: Vec<String>,
    pub success: String,
    pub hints: Vec<String>,
    pub expect: Vec<Expect>,
    #[serde(default)]
    pub cluster: Vec<ClusterExpect>,
}

/// A static expectation: exactly one of the forms "object" (`kind`),
/// `no_errors`, `clean`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldConstraint>,
    pub selects: Option<Vec<String>>,
    pub no_errors: Option<bool>,
    pub clean: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConstraint {
    pub path: String,
    pub equals: Option<toml::Value>,
    pub not_equals: Option<toml::Value>,
    pub one_of: Option<Vec<toml::Value>>,
    pub regex: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub present: Option<bool>,
}

/// A cluster expectation. Which keys are allowed depends on `check`
/// (validated by [`crate::exercise::Exercise::validate`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterExpect {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub check: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub selector: Option<BTreeMap<String, String>>,
    pub host: Option<String>,
    pub path: Option<String>,
    pub service: Option<String>,
    pub port: Option<toml::Value>,
    pub deployment: Option<String>,
    pub configmap: Option<String>,
    pub key: Option<String>,
    pub image: Option<String>,
    pub kind: Option<String>,
}

/// The kinds of cluster checks and the keys each takes (besides the common
/// `id`, `text`, `points`, `check`, `namespace`): (key, required).
pub const CLUSTER_CHECKS: &[(&str, &[(&str, bool)])] = &[
    ("deployment-available", &[("name", true), ("min", false)]),
    ("pods-ready", &[("selector", true), ("min", false)]),
    (
        "service-endpoints",
        &[("name", true), ("min", false), ("max", false)],
    ),
    (
        "ingress-routes",
        &[
            ("name", false),
            ("host", false),
            ("path", true),
            ("service", true),
            ("port", true),
        ],
    ),
    (
        "env-from-configmap",
        &[("deployment", true), ("configmap", true), ("key", true)],
    ),
    ("image-running", &[("deployment", true), ("image", true)]),
    ("matches-file", &[("kind", true), ("name", true)]),
];

impl ClusterExpect {
    /// The optional keys that are set, by name.
    pub fn keys_set(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        macro_rules! set {
            ($($f:ident),*) => { $( if self.$f.is_some() { k.push(stringify!($f)); } )* };
        }
        set!(
            name, min, max, selector, host, path, service, port, deployment, configmap, key, image,
            kind
        );
        k
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MistakeSpec {
    pub description: Option<String>,
    #[serde(default)]
    pub findings: Vec<String>,
    #[serde(default)]
    pub failed: Vec<String>,
}
