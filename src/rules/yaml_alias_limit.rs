//! `yaml-alias-limit`: Anchors and aliases that blow up the document's size.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-alias-limit",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#yaml-alias-limit",
    summary: Text {
        fr: "Des ancres et alias qui font exploser la taille du document",
        en: "Anchors and aliases that blow up the document's size",
    },
    what: Text {
        fr: "YAML permet de réutiliser un bloc (`&ancre`, `*alias`). Le vérificateur compte les nœuds une fois les alias développés et s'arrête au-delà de 200 000, ou au-delà de 200 niveaux d'imbrication.",
        en: "YAML lets you reuse a block (`&anchor`, `*alias`). The checker counts nodes once aliases are expanded and stops beyond 200,000, or beyond 200 nesting levels.",
    },
    why: Text {
        fr: "Quelques lignes d'alias imbriqués peuvent représenter des milliards de valeurs (« billion laughs ») : de quoi bloquer un outil ou un serveur. Un manifeste n'en a jamais besoin.",
        en: "A few lines of nested aliases can stand for billions of values (\"billion laughs\"): enough to hang a tool or a server. A manifest never needs that.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: bombe
data:
  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
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
