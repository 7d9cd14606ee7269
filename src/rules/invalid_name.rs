//! `invalid-name`: An object, container or port name that is not a valid DNS name.
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "invalid-name",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#invalid-name",
    summary: Text {
        fr: "Un nom d'objet, de conteneur ou de port qui n'est pas un nom DNS valide",
        en: "An object, container or port name that is not a valid DNS name",
    },
    what: Text {
        fr: "Les noms d'objets suivent les règles DNS : minuscules, chiffres et `-` (et `.` pour certains types), commencer et finir par une lettre ou un chiffre, 253 caractères au plus (63 pour un Service, un Namespace, un conteneur ; un Service doit commencer par une lettre). Un nom de port fait 15 caractères au plus.",
        en: "Object names follow DNS rules: lowercase letters, digits and `-` (and `.` for some kinds), start and end with a letter or digit, at most 253 characters (63 for a Service, a Namespace, a container; a Service must start with a letter). A port name is at most 15 characters.",
    },
    why: Text {
        fr: "L'API refuse `Backend`, `mon_app` ou `api.v2` pour un Service, car ces noms deviennent des noms DNS dans le cluster (`backend.mon-namespace.svc`).",
        en: "The API rejects `Backend`, `mon_app` or `api.v2` for a Service, because these names become DNS names in the cluster (`backend.my-namespace.svc`).",
    },
    bad: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: Backend_API
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
