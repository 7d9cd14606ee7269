//! `yaml-duplicate-key`: The same key appears twice in one block.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-duplicate-key",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#yaml-duplicate-key",
        summary: Text {
            fr: "La même clé apparaît deux fois dans un bloc",
            en: "The same key appears twice in one block",
        },
        what: Text {
            fr: "Dans un même dictionnaire, chaque clé ne peut apparaître qu'une fois. La règle montre la seconde occurrence et rappelle la ligne de la première.",
            en: "In one mapping, each key may appear only once. The rule shows the second occurrence and points back to the first.",
        },
        why: Text {
            fr: "`kubectl` refuse ces fichiers (« mapping key already defined »). D'autres outils gardent silencieusement la dernière valeur : on croit avoir écrit deux labels, il n'en reste qu'un.",
            en: "`kubectl` rejects such files (\"mapping key already defined\"). Other tools silently keep the last value: you think you wrote two labels, only one is left.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-duplicate-key/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-duplicate-key/good.yaml"),
    },
    check: Check::Yaml(check),
};

fn check(file: usize, _src: &SourceFile, issue: &YamlIssue, out: &mut Vec<Finding>) {
    let YamlIssue::DuplicateKey { key, first, second } = issue else {
        return;
    };
    let line = first.start.line;
    out.push(
        Finding::new(
            &RULE.code,
            file,
            Span::at(second.start, key.chars().count() as u32),
            msg!(
                "la clé `{key}` apparaît deux fois dans le même bloc (déjà à la ligne {line})",
                "key `{key}` appears twice in the same block (already on line {line})",
                key, line
            ),
            msg!(
                "kubectl refuse ce fichier ; gardez une seule fois `{key}:` et regroupez son contenu",
                "kubectl rejects this file; keep `{key}:` once and merge its content",
                key
            ),
        )
        .related(file, first.start, msg!("première occurrence", "first occurrence")),
    );
}
