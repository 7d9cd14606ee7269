//! `missing-identity`: A document without `apiVersion`, `kind` or `metadata.name`.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "missing-identity",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#missing-identity",
    summary: Text {
        fr: "Un document sans `apiVersion`, `kind` ou `metadata.name`",
        en: "A document without `apiVersion`, `kind` or `metadata.name`",
    },
    what: Text {
        fr: "Chaque document YAML d'un manifeste doit être un dictionnaire avec `apiVersion`, `kind` et `metadata.name` (ou `metadata.generateName`). Les documents vides (`---` en trop) sont ignorés.",
        en: "Every YAML document of a manifest must be a mapping with `apiVersion`, `kind` and `metadata.name` (or `metadata.generateName`). Empty documents (an extra `---`) are skipped.",
    },
    why: Text {
        fr: "Ces trois champs disent à l'API quel objet créer et sous quel nom ; sans eux `kubectl apply` s'arrête. Un oubli typique : `name` écrit au même niveau que `metadata` au lieu d'être indenté dessous.",
        en: "These three fields tell the API which object to create and under which name; without them `kubectl apply` stops. A typical slip: `name` written at the same level as `metadata` instead of indented below it.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
data:
  APP_TITLE: "Mon application"
"##,
    good: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: "Mon application"
"##,
    check: None,
};
