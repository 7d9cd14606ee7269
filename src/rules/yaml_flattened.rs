//! `yaml-flattened`: The file lost its indentation.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-flattened",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#yaml-flattened",
        summary: Text {
            fr: "L'indentation du fichier a été perdue",
            en: "The file lost its indentation",
        },
        what: Text {
            fr: "Repère un fichier dont aucune ligne n'est indentée alors qu'une clé qui ouvre toujours un bloc (`metadata:`, `spec:`, `template:`, `labels:`…) est suivie directement d'une autre clé au même niveau.",
            en: "Spots a file where no line is indented although a key that always opens a block (`metadata:`, `spec:`, `template:`, `labels:`…) is directly followed by another key at the same level.",
        },
        why: Text {
            fr: "C'est ce qui arrive quand on copie un exemple depuis un PDF ou une messagerie. Le YAML reste parfois lisible mais ne veut plus rien dire : `name` n'est plus dans `metadata`, les conteneurs ne sont plus dans `spec`. Mieux vaut le dire tout de suite que d'afficher vingt erreurs de schéma.",
            en: "This is what happens when an example is copied from a PDF or a chat. The YAML sometimes still parses but means nothing: `name` is no longer in `metadata`, containers are no longer in `spec`. Better to say so at once than to show twenty schema errors.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-flattened/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-flattened/good.yaml"),
    },
    check: Check::Source(check),
};

fn check(file: usize, src: &SourceFile, out: &mut Vec<Finding>) -> bool {
    let text = &src.text;
    let flat = !text.contains("\n ") && !text.starts_with(' ');
    let Some((pos, key)) = flat.then(|| find_flattened(text)).flatten() else {
        return false;
    };
    let len = key.chars().count() as u32 + 1;
    out.push(Finding::new(
        &RULE.code,
        file,
        Span::at(pos, len),
        msg!(
            "l'indentation de ce fichier semble perdue : `{key}:` n'a pas de contenu indenté, toutes les lignes commencent en colonne 1",
            "this file seems to have lost its indentation: `{key}:` has no indented content, every line starts at column 1",
            key
        ),
        msg!(
            "c'est typique d'un copier-coller depuis un PDF ou une messagerie : `kubecours fmt {file_name}` reconstruit l'indentation d'après le schéma de Kubernetes (vérifiez le résultat), ou recopiez l'exemple depuis le site du cours",
            "typical of a copy-paste from a PDF or a chat: `kubecours fmt {file_name}` rebuilds the indentation from the Kubernetes schema (check the result), or copy the example again from the course site",
            file_name = src.name
        ),
    ));
    true
}

const NESTING_KEYS: &[&str] = &[
    "metadata",
    "spec",
    "template",
    "selector",
    "labels",
    "matchLabels",
    "resources",
    "limits",
    "requests",
    "data",
    "strategy",
    "backend",
    "service",
];

/// A manifest whose indentation was lost: no line is indented, yet a key
/// that always opens a block (`metadata:`, `spec:`) is directly followed by
/// another key at the same column.
pub fn find_flattened(text: &str) -> Option<(Pos, String)> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---" && t != "..."
        })
        .collect();
    if lines.iter().any(|(_, l)| l.starts_with(' ')) {
        return None;
    }
    for w in lines.windows(2) {
        let (i, line) = w[0];
        let next = w[1].1;
        let Some(key) = line.strip_suffix(':').or_else(|| {
            line.split(" #")
                .next()
                .and_then(|l| l.trim_end().strip_suffix(':'))
        }) else {
            continue;
        };
        let key = key.trim_start_matches("- ");
        if NESTING_KEYS.contains(&key) && !next.starts_with('-') && next.contains(':') {
            return Some((
                Pos {
                    line: i as u32 + 1,
                    col: 1,
                },
                key.to_string(),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    #[test]
    fn flattened_file_is_recognised() {
        let f = crate::rules::findings_of(
            "yaml-flattened",
            "apiVersion: v1\nkind: Pod\nmetadata:\nname: web\nspec:\ncontainers:\n- name: web\nimage: nginx\n",
        );
        assert_eq!(f[0].pos.line, 3);
    }
}
