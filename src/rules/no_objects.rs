//! `no-objects`: files that hold no Kubernetes object at all, which `kubectl apply -f` refuses.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "no-objects",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "utiliser-un-cluster.md",
        summary: Text {
            fr: "Aucun objet Kubernetes à appliquer (fichier vide, que des commentaires, `List` vide)",
            en: "No Kubernetes object to apply (an empty file, only comments, an empty `List`)",
        },
        what: Text {
            fr: "Quand les fichiers appliqués ensemble (un fichier, ou un dossier) ne contiennent aucun objet — fichier vide, seulement des commentaires ou des `---`, ou une `kind: List` aux `items` vides — `kubectl apply -f` s'arrête avec « no objects passed to apply ». La règle le signale sur chaque fichier vide de l'ensemble ; un fichier vide à côté d'autres manifestes est accepté par kubectl et n'est pas signalé.",
            en: "When the files applied together (one file, or a folder) hold no object — an empty file, only comments or `---`, or a `kind: List` with empty `items` — `kubectl apply -f` stops with \"no objects passed to apply\". The rule reports it on each empty file of the set; an empty file beside other manifests is accepted by kubectl and not reported.",
        },
        why: Text {
            fr: "C'est presque toujours un fichier qui n'a pas été enregistré (l'éditeur montre le texte, le disque a un fichier vide) ou le mauvais fichier passé à la commande.",
            en: "It is almost always a file that was not saved (the editor shows the text, the disk has an empty file) or the wrong file given to the command.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/no-objects/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/no-objects/good.yaml"),
    },
    check: Check::Schema,
};

/// Called by the engine for an input set with no object and no error: each
/// of its files that has no finding gets one.
pub fn report(files: &[(usize, &SourceFile)], out: &mut Vec<Finding>) {
    for (i, src) in files {
        out.push(Finding::new(
            &RULE.code,
            *i,
            Span::at(Pos { line: 1, col: 1 }, 1),
            msg!(
                "`{name}` ne contient aucun objet Kubernetes : `kubectl apply -f` répondrait « no objects passed to apply »",
                "`{name}` holds no Kubernetes object: `kubectl apply -f` would answer \"no objects passed to apply\"",
                name = src.name
            ),
            msg!(
                "le fichier a-t-il été enregistré ? (dans VSCode, un point sur l'onglet signale des changements non enregistrés : Ctrl+S)",
                "was the file saved? (in VSCode, a dot on the tab means unsaved changes: Ctrl+S)"
            ),
        ));
    }
}
