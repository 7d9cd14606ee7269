//! `helm-template`: A Helm/Go template (`{{ .Values… }}`) instead of a manifest.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "helm-template",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#helm-template",
    summary: Text {
        fr: "Un gabarit Helm/Go (`{{ .Values… }}`) à la place d'un manifeste",
        en: "A Helm/Go template (`{{ .Values… }}`) instead of a manifest",
    },
    what: Text {
        fr: "Repère `{{` en dehors d'un commentaire : c'est la syntaxe des gabarits Helm et Go, pas du YAML Kubernetes.",
        en: "Spots `{{` outside a comment: the syntax of Helm and Go templates, not Kubernetes YAML.",
    },
    why: Text {
        fr: "Un gabarit n'est pas encore un manifeste : Helm doit d'abord le remplir avec des valeurs. Le donner à `kubectl` ou au vérificateur produit des erreurs sans rapport avec le vrai problème. Il faut vérifier le rendu de `helm template`.",
        en: "A template is not a manifest yet: Helm must first fill it with values. Giving it to `kubectl` or to the checker produces errors unrelated to the real problem. Check the output of `helm template` instead.",
    },
    bad: r##"apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-configuration
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
