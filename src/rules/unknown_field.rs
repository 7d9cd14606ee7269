//! `unknown-field`: A field that does not exist at that place (with "did you mean").
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "unknown-field",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#unknown-field",
    summary: Text {
        fr: "Un champ qui n'existe pas à cet endroit (avec « vouliez-vous dire »)",
        en: "A field that does not exist at that place (with \"did you mean\")",
    },
    what: Text {
        fr: "Chaque clé est comparée au schéma officiel de l'objet, à sa place exacte. Tous les champs inconnus sont signalés, avec le champ le plus proche (`contanierPort` → `containerPort`), un champ répété dans lui-même (`resources:` dans `resources:`), ou un champ placé un niveau trop haut ou trop bas.",
        en: "Every key is compared with the object's official schema, at its exact place. Every unknown field is reported, with the closest field (`contanierPort` → `containerPort`), a field repeated inside itself (`resources:` inside `resources:`), or a field placed one level too high or too low.",
    },
    why: Text {
        fr: "Selon la façon dont on l'applique, Kubernetes ignore un champ inconnu ou refuse l'objet. Ignoré, c'est pire : une faute de frappe dans `containerPort` ou `readinessProbe` ne produit aucune erreur, le réglage n'a simplement jamais lieu.",
        en: "Depending on how it is applied, Kubernetes ignores an unknown field or rejects the object. Ignored is worse: a typo in `containerPort` or `readinessProbe` produces no error, the setting simply never happens.",
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
          image: ragatzino/backend-demo-conception-logicielle:1.0.0
          ports:
            - contanierPort: 8000
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
