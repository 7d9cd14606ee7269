//! `yaml-implicit-type`: An unquoted value YAML reads differently (`yes`, `on`, `0755`).
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "yaml-implicit-type",
    severity: Severity::Warning,
    category: Category::Input,
    chapter: "regles.md#yaml-implicit-type",
    summary: Text {
        fr: "Une valeur sans guillemets que YAML lit autrement (`yes`, `on`, `0755`)",
        en: "An unquoted value YAML reads differently (`yes`, `on`, `0755`)",
    },
    what: Text {
        fr: "Kubernetes lit le YAML à la manière de YAML 1.1 : sans guillemets, `yes`, `no`, `on`, `off`, `y` et `n` deviennent des booléens, et un nombre commençant par `0` (`0755`) est lu en octal. La règle signale chacune de ces valeurs.",
        en: "Kubernetes reads YAML the YAML 1.1 way: unquoted, `yes`, `no`, `on`, `off`, `y` and `n` become booleans, and a number starting with `0` (`0755`) is read as octal. The rule reports each such value.",
    },
    why: Text {
        fr: "Dans une ConfigMap ou une variable d'environnement, `DEBUG: on` n'est pas le texte « on » : c'est le booléen `true`, que l'API refuse ou transforme. Un code postal `01000` devient le nombre 512.",
        en: "In a ConfigMap or an environment variable, `DEBUG: on` is not the text \"on\": it is the boolean `true`, which the API rejects or transforms. A postcode `01000` becomes the number 512.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  DEBUG: "false"
  CACHE: on
"##,
    good: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  DEBUG: "false"
  CACHE: "on"
"##,
    check: None,
};
