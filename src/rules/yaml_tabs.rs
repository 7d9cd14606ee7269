//! `yaml-tabs`: A tab is used for indentation.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-tabs",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#yaml-tabs",
    summary: Text {
        fr: "Une tabulation sert d'indentation",
        en: "A tab is used for indentation",
    },
    what: Text {
        fr: "Chaque ligne indentée doit l'être avec des espaces. Une tabulation dans l'indentation est signalée à sa ligne et sa colonne (jusqu'à cinq par fichier).",
        en: "Every indented line must be indented with spaces. A tab in the indentation is reported at its line and column (up to five per file).",
    },
    why: Text {
        fr: "La spécification YAML interdit les tabulations pour indenter : `kubectl` refuse le fichier avec un message peu parlant (« found character that cannot start any token »). Les éditeurs les insèrent parfois sans qu'on les voie.",
        en: "The YAML specification forbids tabs for indentation: `kubectl` rejects the file with an obscure message (\"found character that cannot start any token\"). Editors sometimes insert them invisibly.",
    },
    bad: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: configuration-backend\n",
    good: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: "Mon application"
"##,
    check: None,
};
