//! `api-version`: A wrong or removed `apiVersion` for this `kind`.
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "api-version",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#api-version",
    summary: Text {
        fr: "Un `apiVersion` faux ou supprimé pour ce `kind`",
        en: "A wrong or removed `apiVersion` for this `kind`",
    },
    what: Text {
        fr: "Chaque type vit dans un groupe et une version : `Deployment` dans `apps/v1`, `Ingress` dans `networking.k8s.io/v1`, `Pod` dans `v1`. La règle signale une version qui n'a jamais existé pour ce type, ou une version supprimée (`extensions/v1beta1`, `apps/v1beta1`…), en disant quand elle a disparu et quoi écrire.",
        en: "Every kind lives in a group and version: `Deployment` in `apps/v1`, `Ingress` in `networking.k8s.io/v1`, `Pod` in `v1`. The rule reports a version that never existed for this kind, or a removed one (`extensions/v1beta1`, `apps/v1beta1`…), saying when it disappeared and what to write.",
    },
    why: Text {
        fr: "Beaucoup de tutoriels anciens utilisent des versions retirées depuis Kubernetes 1.16 ou 1.22 : le cluster répond « no matches for kind ». Le format a parfois changé avec la version (l'Ingress surtout).",
        en: "Many old tutorials use versions removed since Kubernetes 1.16 or 1.22: the cluster answers \"no matches for kind\". The format sometimes changed with the version (Ingress above all).",
    },
    bad: r##"apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: backend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
        - name: backend
          image: ragatzino/backend-demo-conception-logicielle:1.0.0
          ports:
            - containerPort: 8000
"##,
    good: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: backend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
        - name: backend
          image: ragatzino/backend-demo-conception-logicielle:1.0.0
          ports:
            - containerPort: 8000
"##,
    check: None,
};
