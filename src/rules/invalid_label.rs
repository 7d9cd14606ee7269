//! `invalid-label`: A label key or value with invalid syntax.
//!
//! Raised while reading the input (the schema pass); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "invalid-label",
    severity: Severity::Error,
    category: Category::Schema,
    chapter: "regles.md#invalid-label",
    summary: Text {
        fr: "Une clé ou une valeur de label à la syntaxe invalide",
        en: "A label key or value with invalid syntax",
    },
    what: Text {
        fr: "Une clé de label est un nom de 63 caractères au plus (lettres, chiffres, `-`, `_`, `.`, commençant et finissant par une lettre ou un chiffre), éventuellement précédé d'un préfixe DNS et d'un `/`. Une valeur suit les mêmes règles, ou est vide. Vérifié dans `metadata.labels`, les labels du modèle de pod et les sélecteurs.",
        en: "A label key is a name of at most 63 characters (letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit), optionally after a DNS prefix and a `/`. A value follows the same rules, or is empty. Checked in `metadata.labels`, pod template labels and selectors.",
    },
    why: Text {
        fr: "Un label invalide fait refuser l'objet ; or les labels relient tout (Deployment → pods, Service → pods) : une espace ou un accent dans une valeur casse le lien.",
        en: "An invalid label gets the object rejected; and labels link everything (Deployment → pods, Service → pods): a space or an accent in a value breaks the link.",
    },
    bad: r##"apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: mon backend
  template:
    metadata:
      labels:
        app: mon backend
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
