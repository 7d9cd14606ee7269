//! `yaml-flattened`: The file lost its indentation.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-flattened",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#yaml-flattened",
    summary: Text {
        fr: "L'indentation du fichier a été perdue",
        en: "The file lost its indentation",
    },
    what: Text {
        fr: "Repère un fichier dont aucune ligne n'est indentée alors qu'une clé qui ouvre toujours un bloc (`metadata:`, `spec:`, `template:`, `labels:`…) est suivie directement d'une autre clé au même niveau.",
        en: "Spots a file where no line is indented although a key that always opens a block (`metadata:`, `spec:`, `template:`, `labels:`…) is directly followed by another key at the same level.",
    },
    why: Text {
        fr: "C'est ce qui arrive quand on copie un exemple depuis un PDF ou une messagerie. Le YAML reste parfois lisible mais ne veut plus rien dire : `name` n'est plus dans `metadata`, les conteneurs ne sont plus dans `spec`. Mieux vaut le dire tout de suite que d'afficher vingt erreurs de schéma.",
        en: "This is what happens when an example is copied from a PDF or a chat. The YAML sometimes still parses but means nothing: `name` is no longer in `metadata`, containers are no longer in `spec`. Better to say so at once than to show twenty schema errors.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
name: configuration-backend
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
