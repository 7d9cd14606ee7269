//! `exercise.toml` and `mistake.toml`, read strictly (see `exercises/FORMAT.md`).

use serde::Deserialize;

/// A cluster expectation: typed, one kind of check per file (`exercise::checks`).
pub use super::checks::ClusterExpect;

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MistakeSpec {
    pub description: Option<String>,
    #[serde(default)]
    pub findings: Vec<String>,
    #[serde(default)]
    pub failed: Vec<String>,
}
