//! `yaml-syntax`: Unreadable YAML: the file cannot be parsed.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-syntax",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#yaml-syntax",
    summary: Text {
        fr: "YAML illisible : le fichier ne peut pas être analysé",
        en: "Unreadable YAML: the file cannot be parsed",
    },
    what: Text {
        fr: "Le fichier doit être du YAML valide : indentation cohérente, `:` suivi d'une espace, listes `[ ]` et guillemets refermés. La position donnée est celle où l'analyseur s'est arrêté ; l'erreur est souvent sur cette ligne ou juste au-dessus.",
        en: "The file must be valid YAML: consistent indentation, `:` followed by a space, closed `[ ]` lists and quotes. The position is where the parser stopped; the mistake is often on that line or just above.",
    },
    why: Text {
        fr: "`kubectl apply` refuse un fichier YAML invalide en entier : aucun objet n'est créé, pas même ceux qui étaient corrects.",
        en: "`kubectl apply` rejects an invalid YAML file as a whole: no object is created, not even the correct ones.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: [Mon application
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
