//! `field-type`: A value of the wrong type (`replicas: "2"`, an env `value: 8000`).
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "field-type",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#field-type",
    summary: Text {
        fr: "Une valeur du mauvais type (`replicas: \"2\"`, une variable `value: 8000`)",
        en: "A value of the wrong type (`replicas: \"2\"`, an env `value: 8000`)",
    },
    what: Text {
        fr: "Chaque valeur est comparée au type attendu par le schéma : nombre entier, texte, booléen, liste, dictionnaire, nombre-ou-nom (les ports). Toutes les erreurs sont signalées, pas seulement la première, avec la correction : ajouter ou enlever des guillemets, un tiret, une indentation.",
        en: "Every value is compared with the type the schema expects: integer, string, boolean, list, mapping, number-or-name (ports). Every error is reported, not just the first, with the fix: add or remove quotes, a dash, an indentation.",
    },
    why: Text {
        fr: "L'API refuse l'objet entier pour une seule valeur mal typée. Le cas le plus fréquent : une variable d'environnement dont la valeur est un nombre (`value: 8000`) alors qu'elle doit être un texte (`value: \"8000\"`).",
        en: "The API rejects the whole object for a single mistyped value. The most frequent case: an environment variable whose value is a number (`value: 8000`) although it must be a string (`value: \"8000\"`).",
    },
    bad: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: "2"
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
