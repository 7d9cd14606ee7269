//! `file-encoding`: The file is not UTF-8 text.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "file-encoding",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#file-encoding",
    summary: Text {
        fr: "Le fichier n'est pas du texte UTF-8",
        en: "The file is not UTF-8 text",
    },
    what: Text {
        fr: "Un manifeste est un fichier texte encodé en UTF-8. La règle signale un fichier binaire (une image, une archive) ou un octet invalide en UTF-8, à sa ligne et sa colonne.",
        en: "A manifest is a UTF-8 text file. The rule reports a binary file (an image, an archive) or a byte that is not valid UTF-8, at its line and column.",
    },
    why: Text {
        fr: "Un fichier enregistré en Latin-1 (Windows) a ses accents abîmés ou refusés par l'API ; un fichier binaire passé par erreur donne des messages incompréhensibles.",
        en: "A file saved as Latin-1 (Windows) gets its accents mangled or rejected by the API; a binary file passed by mistake gives incomprehensible messages.",
    },
    bad: r##"# (un fichier enregistré en Latin-1 : « é » y est l'octet 0xE9)
apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: "Cin\xe9ma"
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
