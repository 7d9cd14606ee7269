//! `invalid-quantity`: An unreadable resource quantity (`512MB`, `0.5 cpu`).
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "invalid-quantity",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#invalid-quantity",
    summary: Text {
        fr: "Une quantité de ressource illisible (`512MB`, `0.5 cpu`)",
        en: "An unreadable resource quantity (`512MB`, `0.5 cpu`)",
    },
    what: Text {
        fr: "Les quantités (CPU, mémoire, stockage) s'écrivent un nombre suivi d'un suffixe : `m` pour les millièmes (`500m` de CPU), `Ki`, `Mi`, `Gi` (puissances de 1024), `k`, `M`, `G` (puissances de 1000). La règle propose la bonne écriture (`512MB` → `512M`, `1 Gi` → `1Gi`).",
        en: "Quantities (CPU, memory, storage) are a number followed by a suffix: `m` for thousandths (`500m` of CPU), `Ki`, `Mi`, `Gi` (powers of 1024), `k`, `M`, `G` (powers of 1000). The rule suggests the right spelling (`512MB` → `512M`, `1 Gi` → `1Gi`).",
    },
    why: Text {
        fr: "L'API refuse l'objet (« quantities must match the regular expression… »). Attention aussi à `m` contre `M` : `512m` de mémoire, c'est la moitié d'un octet.",
        en: "The API rejects the object (\"quantities must match the regular expression…\"). Mind `m` versus `M` too: `512m` of memory is half a byte.",
    },
    bad: r##"apiVersion: v1
kind: Pod
metadata:
  name: backend
spec:
  containers:
    - name: backend
      image: ragatzino/backend-demo-conception-logicielle:1.0.0
      resources:
        requests:
          memory: 256Mi
          cpu: 250m
        limits:
          memory: 512MB
          cpu: 500m
"##,
    good: r##"apiVersion: v1
kind: Pod
metadata:
  name: backend
spec:
  containers:
    - name: backend
      image: ragatzino/backend-demo-conception-logicielle:1.0.0
      resources:
        requests:
          memory: 256Mi
          cpu: 250m
        limits:
          memory: 512Mi
          cpu: 500m
"##,
    check: None,
};
