//! `yaml-tabs`: A tab is used for indentation.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-tabs",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#yaml-tabs",
        summary: Text {
            fr: "Une tabulation sert d'indentation",
            en: "A tab is used for indentation",
        },
        what: Text {
            fr: "Chaque ligne indentée doit l'être avec des espaces. Une tabulation dans l'indentation est signalée à sa ligne et sa colonne (jusqu'à cinq par fichier).",
            en: "Every indented line must be indented with spaces. A tab in the indentation is reported at its line and column (up to five per file).",
        },
        why: Text {
            fr: "La spécification YAML interdit les tabulations pour indenter : `kubectl` refuse le fichier avec un message peu parlant (« found character that cannot start any token »). Les éditeurs les insèrent parfois sans qu'on les voie.",
            en: "The YAML specification forbids tabs for indentation: `kubectl` rejects the file with an obscure message (\"found character that cannot start any token\"). Editors sometimes insert them invisibly.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-tabs/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-tabs/good.yaml"),
    },
    check: Check::Source(check),
};

fn check(file: usize, src: &SourceFile, out: &mut Vec<Finding>) -> bool {
    // In JSON, tabs between tokens are ordinary white space.
    if !src.text.contains('\t') || src.is_json() {
        return false;
    }
    let tabs = find_tab_indentation(&src.text);
    for pos in tabs.iter().take(5) {
        out.push(Finding::new(
            &RULE.code,
            file,
            Span::at(*pos, 1),
            msg!(
                "une tabulation sert d'indentation : YAML n'accepte que des espaces",
                "a tab is used for indentation: YAML only accepts spaces"
            ),
            msg!(
                "remplacez les tabulations par des espaces (dans VSCode : « Convertir l'indentation en espaces »)",
                "replace tabs with spaces (in VSCode: \"Convert Indentation to Spaces\")"
            ),
        ));
    }
    !tabs.is_empty()
}

/// Lines whose indentation contains a tab (not inside a literal block, where tabs are content).
fn find_tab_indentation(text: &str) -> Vec<Pos> {
    let mut out = Vec::new();
    let mut in_block = None::<usize>;
    for (i, line) in text.lines().enumerate() {
        let indent: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let rest = &line[indent.len()..];
        if let Some(min) = in_block {
            if rest.is_empty() || indent.len() > min {
                continue;
            }
            in_block = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(t) = indent.find('\t') {
            out.push(Pos {
                line: i as u32 + 1,
                col: t as u32 + 1,
            });
        }
        let code = rest.split(" #").next().unwrap_or(rest).trim_end();
        if code.ends_with('|')
            || code.ends_with('>')
            || code.ends_with("|-")
            || code.ends_with(">-")
        {
            in_block = Some(indent.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn tabs_in_literal_blocks_are_content() {
        let f = findings_of(
            "yaml-tabs",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: |\n    a\tb\n  \t\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn tabs_between_json_tokens_are_white_space() {
        let json = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"ConfigMap\",\n\t\"metadata\": {\"name\": \"a\"}\n}\n";
        let run = crate::engine::lint_sources(
            vec![crate::source::SourceFile::from_text("c.json", json)],
            &crate::engine::Options::default(),
        );
        assert!(run.findings.is_empty(), "{:?}", run.findings);
        assert_eq!(run.objects.len(), 1);
    }
}
