//! What a check reports: a finding, with its severity and its exact place.

use crate::yaml::Pos;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The object a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// Index in the run's file table.
    #[serde(skip)]
    pub file: usize,
    #[serde(skip)]
    pub pos: Pos,
    /// Number of characters to underline (at least 1).
    #[serde(skip)]
    pub len: u32,
    /// Path of the field in its object (`spec.ports[1].targetPort`), when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<ObjectRef>,
    /// Secondary places (e.g. the first of two duplicate keys).
    #[serde(skip)]
    pub related: Vec<(usize, Pos, String)>,
}
