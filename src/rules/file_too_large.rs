//! `file-too-large`: The file exceeds the size limit.
//!
//! Raised while reading the input (the loader); this file holds its documentation.

use crate::finding::Severity;
use crate::i18n::Text;
use crate::rules::{Category, Rule};

pub static RULE: Rule = Rule {
    id: "file-too-large",
    severity: Severity::Error,
    category: Category::Input,
    chapter: "regles.md#file-too-large",
    summary: Text {
        fr: "Le fichier dépasse la taille maximale",
        en: "The file exceeds the size limit",
    },
    what: Text {
        fr: "Un fichier de plus de 4 Mio n'est pas lu : le vérificateur le signale au lieu de l'analyser, pour qu'un fichier énorme donné par erreur ne bloque pas la vérification.",
        en: "A file over 4 MiB is not read: the checker reports it instead of parsing it, so that a huge file given by mistake does not block the check.",
    },
    why: Text {
        fr: "Un manifeste fait quelques kilo-octets ; un fichier énorme est presque toujours une erreur (un journal, une archive, un export) et ralentirait la vérification de toute une classe. L'API Kubernetes refuse d'ailleurs les objets de plus de 1,5 Mio environ.",
        en: "A manifest is a few kilobytes; a huge file is almost always a mistake (a log, an archive, an export) and would slow down checking a whole class. The Kubernetes API rejects objects over about 1.5 MiB anyway.",
    },
    bad: r##"# un fichier de plusieurs mégaoctets (journal, export…)
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
