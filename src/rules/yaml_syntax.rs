//! `yaml-syntax`: Unreadable YAML: the file cannot be parsed.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-syntax",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#yaml-syntax",
        summary: Text {
            fr: "YAML illisible : le fichier ne peut pas être analysé",
            en: "Unreadable YAML: the file cannot be parsed",
        },
        what: Text {
            fr: "Le fichier doit être du YAML valide : indentation cohérente, `:` suivi d'une espace, listes `[ ]` et guillemets refermés. La position donnée est celle où l'analyseur s'est arrêté ; l'erreur est souvent sur cette ligne ou juste au-dessus.",
            en: "The file must be valid YAML: consistent indentation, `:` followed by a space, closed `[ ]` lists and quotes. The position is where the parser stopped; the mistake is often on that line or just above.",
        },
        why: Text {
            fr: "`kubectl apply` refuse un fichier YAML invalide en entier : aucun objet n'est créé, pas même ceux qui étaient corrects.",
            en: "`kubectl apply` rejects an invalid YAML file as a whole: no object is created, not even the correct ones.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-syntax/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-syntax/good.yaml"),
    },
    check: Check::Yaml(check),
};

fn check(file: usize, src: &SourceFile, issue: &YamlIssue, out: &mut Vec<Finding>) {
    let YamlIssue::Syntax { pos, message } = issue else {
        return;
    };
    let line = src.line(pos.line).unwrap_or("");
    let (what, help) = explain(message, line);
    out.push(Finding::new(
        &RULE.code,
        file,
        Span::at(*pos, 1),
        what,
        help,
    ));
}

/// The reader's message, explained in the student's words (see
/// [`crate::diag::yaml_message`]). The reader's own English text is kept
/// in the English message only.
fn explain(raw: &str, line: &str) -> (Msg, Msg) {
    let what = crate::diag::yaml_message::describe(raw);
    let help = if line.trim_start().starts_with('-') || line.contains(':') {
        msg!(
            "comparez l'indentation de cette ligne à celle des lignes au-dessus : 2 espaces par niveau, alignés sur le bloc parent",
            "compare this line's indentation with the lines above: 2 spaces a level, aligned on the parent block"
        )
    } else {
        msg!(
            "vérifiez cette ligne et celle du dessus (guillemets, `:` et indentation)",
            "check this line and the one above (quotes, `:` and indentation)"
        )
    };
    (what, help)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn the_french_message_has_no_english() {
        let f = crate::rules::findings_of("yaml-syntax", "a: b: c\n");
        let fr = f[0].message(Lang::Fr);
        assert!(!fr.contains("mapping values"), "{fr}");
        assert!(f[0].message(Lang::En).contains("mapping values"));
    }
}
