//! `required-field`: A required field is missing (`image`, `name`, `containerPort`, `selector`…).
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "required-field",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#required-field",
    summary: Text {
        fr: "Un champ obligatoire manque (`image`, `name`, `containerPort`, `selector`…)",
        en: "A required field is missing (`image`, `name`, `containerPort`, `selector`…)",
    },
    what: Text {
        fr: "Les champs que le schéma déclare obligatoires doivent être présents : le `name` et l'`image` d'un conteneur, le `containerPort` d'un port, le `selector` et le `template` d'un Deployment, les `containers` d'un pod…",
        en: "The fields the schema declares required must be present: a container's `name` and `image`, a port's `containerPort`, a Deployment's `selector` and `template`, a pod's `containers`…",
    },
    why: Text {
        fr: "Sans eux l'API refuse l'objet (« spec.template.spec.containers[0].image: Required value »). Le vérificateur le dit avant l'envoi, à la ligne concernée.",
        en: "Without them the API rejects the object (\"spec.template.spec.containers[0].image: Required value\"). The checker says so before sending, at the right line.",
    },
    bad: r##"apiVersion: apps/v1
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
