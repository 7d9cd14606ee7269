//! `custom-resource`: A custom resource (CRD): not checked.
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "custom-resource",
    severity: Severity::Info,
    category: Category::Schema,
    chapter: "regles.md#custom-resource",
    summary: Text {
        fr: "Une ressource personnalisée (CRD) : non vérifiée",
        en: "A custom resource (CRD): not checked",
    },
    what: Text {
        fr: "Un `kind` d'un groupe d'API qui n'appartient pas à Kubernetes (`cert-manager.io`, `monitoring.coreos.com`…) vient d'une CustomResourceDefinition. Ses champs ne sont pas vérifiés ; la règle le dit pour qu'on ne croie pas le fichier validé.",
        en: "A `kind` from an API group that is not part of Kubernetes (`cert-manager.io`, `monitoring.coreos.com`…) comes from a CustomResourceDefinition. Its fields are not checked; the rule says so, so that nobody believes the file was validated.",
    },
    why: Text {
        fr: "Ces types n'existent que si la CRD est installée sur le cluster (`kubectl get crd`) ; leur schéma n'est connu que du cluster.",
        en: "These kinds exist only if the CRD is installed on the cluster (`kubectl get crd`); only the cluster knows their schema.",
    },
    bad: r##"apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: mon-certificat
spec:
  secretName: mon-certificat-tls
  dnsNames:
    - mon-app.kub.sspcloud.fr
  issuerRef:
    name: letsencrypt
"##,
    good: r##"apiVersion: v1
kind: Secret
metadata:
  name: mon-certificat-tls
type: kubernetes.io/tls
stringData:
  tls.crt: "à remplir par cert-manager"
  tls.key: "à remplir par cert-manager"
"##,
    check: None,
};
