//! `unknown-kind`: A `kind` that does not exist (with the closest suggestion).
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "unknown-kind",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#unknown-kind",
    summary: Text {
        fr: "Un `kind` qui n'existe pas (avec la suggestion la plus proche)",
        en: "A `kind` that does not exist (with the closest suggestion)",
    },
    what: Text {
        fr: "Le `kind` doit être un type connu de Kubernetes pour son `apiVersion`. S'il ressemble à un type connu (`Deployement`, `deployment`), la règle le propose. Les types venant de CRD (groupes hors Kubernetes, comme `cert-manager.io`) ne sont pas des erreurs : voir `custom-resource`.",
        en: "The `kind` must be a type Kubernetes knows for its `apiVersion`. If it looks like a known type (`Deployement`, `deployment`), the rule suggests it. Kinds from CRDs (groups outside Kubernetes, such as `cert-manager.io`) are not errors: see `custom-resource`.",
    },
    why: Text {
        fr: "L'API répond « no matches for kind » et rien n'est créé. La casse compte : `deployment` n'est pas `Deployment`.",
        en: "The API answers \"no matches for kind\" and nothing is created. Case matters: `deployment` is not `Deployment`.",
    },
    bad: r##"apiVersion: apps/v1
kind: Deployement
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
