//! `yaml-duplicate-key`: The same key appears twice in one block.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-duplicate-key",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#yaml-duplicate-key",
    summary: Text {
        fr: "La même clé apparaît deux fois dans un bloc",
        en: "The same key appears twice in one block",
    },
    what: Text {
        fr: "Dans un même dictionnaire, chaque clé ne peut apparaître qu'une fois. La règle montre la seconde occurrence et rappelle la ligne de la première.",
        en: "In one mapping, each key may appear only once. The rule shows the second occurrence and points back to the first.",
    },
    why: Text {
        fr: "`kubectl` refuse ces fichiers (« mapping key already defined »). D'autres outils gardent silencieusement la dernière valeur : on croit avoir écrit deux labels, il n'en reste qu'un.",
        en: "`kubectl` rejects such files (\"mapping key already defined\"). Other tools silently keep the last value: you think you wrote two labels, only one is left.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: "Mon application"
  APP_TITLE: "Autre titre"
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
