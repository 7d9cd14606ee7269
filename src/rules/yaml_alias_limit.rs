//! `yaml-alias-limit`: Anchors and aliases that blow up the document's size.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-alias-limit",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#yaml-alias-limit",
        summary: Text {
            fr: "Des ancres et alias qui font exploser la taille du document",
            en: "Anchors and aliases that blow up the document's size",
        },
        what: Text {
            fr: "YAML permet de réutiliser un bloc (`&ancre`, `*alias`). Le vérificateur compte les nœuds une fois les alias développés et s'arrête au-delà de 200 000 (l'imbrication trop profonde est la règle `yaml-depth-limit`).",
            en: "YAML lets you reuse a block (`&anchor`, `*alias`). The checker counts nodes once aliases are expanded and stops beyond 200,000 (nesting too deep is the `yaml-depth-limit` rule).",
        },
        why: Text {
            fr: "Quelques lignes d'alias imbriqués peuvent représenter des milliards de valeurs (« billion laughs ») : de quoi bloquer un outil ou un serveur. Un manifeste n'en a jamais besoin.",
            en: "A few lines of nested aliases can stand for billions of values (\"billion laughs\"): enough to hang a tool or a server. A manifest never needs that.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-alias-limit/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-alias-limit/good.yaml"),
    },
    check: Check::Yaml(check),
};

fn check(file: usize, _src: &SourceFile, issue: &YamlIssue, out: &mut Vec<Finding>) {
    let YamlIssue::Limit {
        pos,
        nodes,
        depth: false,
    } = issue
    else {
        return;
    };
    out.push(Finding::new(
        &RULE.code,
        file,
        Span::at(*pos, 1),
        msg!(
            "ce document grossit au-delà de {nodes} nœuds en développant ses ancres et alias (`&` / `*`) : lecture arrêtée",
            "this document grows beyond {nodes} nodes when expanding its anchors and aliases (`&` / `*`): reading stopped",
            nodes
        ),
        msg!(
            "un manifeste n'a pas besoin d'alias imbriqués ; écrivez les valeurs en clair",
            "a manifest needs no nested aliases; write the values out"
        ),
    ));
}
