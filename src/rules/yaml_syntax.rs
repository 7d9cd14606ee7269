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

/// The YAML reader's message, explained in the student's words. The
/// reader's own English text is kept in the English message only.
fn explain(raw: &str, line: &str) -> (Msg, Msg) {
    let m = raw.to_ascii_lowercase();
    let what = if m.contains("mapping values are not allowed")
        || m.contains("illegal placement of ':'")
    {
        msg!(
            "un `:` inattendu : deux clés sur une ligne, ou une valeur contenant `: ` sans guillemets",
            "unexpected `:`: two keys on one line, or a value containing `: ` without quotes ({raw})",
            raw
        )
    } else if m.contains("did not find expected key")
        || m.contains("did not find expected '-'")
        || m.contains("indentation")
        || m.contains("simple key")
    {
        msg!(
            "l'indentation ne correspond pas au bloc au-dessus",
            "the indentation does not match the block above ({raw})",
            raw
        )
    } else if m.contains("while parsing a flow")
        || m.contains("did not find expected ',' or")
        || m.contains("misplaced bracket")
    {
        msg!(
            "une liste `[ … ]` ou un objet `{{ … }}` n'est pas refermé",
            "a `[ … ]` list or `{{ … }}` object is not closed ({raw})",
            raw
        )
    } else if m.contains("quoted scalar") {
        msg!(
            "des guillemets ne sont pas refermés, ou un `\\` y est mal employé",
            "a quote is not closed, or a `\\` is misused in it ({raw})",
            raw
        )
    } else if m.contains("block sequence entries are not allowed") {
        msg!(
            "un élément de liste `-` est mal placé (indentation, ou `-` après une valeur)",
            "a `-` list item is misplaced (indentation, or `-` after a value) ({raw})",
            raw
        )
    } else if m.contains("tab") {
        msg!(
            "une tabulation à un endroit où YAML ne l'accepte pas",
            "a tab where YAML does not accept one ({raw})",
            raw
        )
    } else if m.contains("unknown anchor") || m.contains("anchor") || m.contains("alias") {
        msg!(
            "un alias `*nom` ou une ancre `&nom` mal formé, ou un alias vers une ancre qui n'existe pas",
            "a malformed `*name` alias or `&name` anchor, or an alias to an anchor that does not exist ({raw})",
            raw
        )
    } else if m.contains("cannot start any token")
        || m.contains("unexpected character")
        || m.contains("plain scalar cannot start")
    {
        msg!(
            "un caractère qui ne peut pas commencer une valeur YAML (`@`, `` ` ``, `%`…) : mettez la valeur entre guillemets",
            "a character that cannot start a YAML value (`@`, `` ` ``, `%`…): quote the value ({raw})",
            raw
        )
    } else if m.contains("document") || m.contains("directive") {
        msg!(
            "un séparateur de documents `---` ou une directive `%` mal placé",
            "a misplaced `---` document separator or `%` directive ({raw})",
            raw
        )
    } else if m.contains("block scalar") {
        msg!(
            "un bloc de texte `|` ou `>` mal indenté",
            "a badly indented `|` or `>` text block ({raw})",
            raw
        )
    } else {
        msg!("YAML invalide à cet endroit", "invalid YAML ({raw})", raw)
    };
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
