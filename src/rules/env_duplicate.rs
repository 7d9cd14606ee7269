//! `env-duplicate`: the same environment variable twice in one container.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]), each `env` list checked with a hash map of the names
//! seen: O(E) for E variables, not O(E²).

use crate::rules::pitfall_util::container_label;
use crate::rules::prelude::*;
use crate::yaml::{Node, Span};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "env-duplicate",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "configmap.md",
        summary: Text {
            fr: "La même variable d'environnement apparaît deux fois dans un conteneur",
            en: "The same environment variable appears twice in one container",
        },
        what: Text {
            fr: "Pour chaque conteneur (conteneurs d'initialisation compris), vérifie que chaque `name` de la liste `env` n'apparaît qu'une fois. Le message pointe la deuxième définition et donne la ligne de la première.",
            en: "For every container (init containers included), checks that every `name` of the `env` list appears only once. The message points at the second definition and gives the line of the first.",
        },
        why: Text {
            fr: "Kubernetes n'affiche aucune erreur : la dernière définition l'emporte et la première est ignorée en silence. On croit avoir changé une valeur alors que l'autre ligne la remplace, souvent après un copier-coller ou la fusion de deux versions du fichier, et `kubectl apply` peut ensuite produire des modifications surprenantes de cette liste.",
            en: "Kubernetes shows no error: the last definition wins and the first is silently ignored. You believe you changed a value while the other line replaces it, often after a copy-paste or the merge of two versions of the file, and `kubectl apply` may then make surprising changes to that list.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/env-duplicate/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/env-duplicate/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            let env = c.get("env").map(Node::items).unwrap_or(&[]);
            if env.len() < 2 {
                continue;
            }
            let mut seen: HashMap<&str, Span> = HashMap::with_capacity(env.len());
            for (i, var) in env.iter().enumerate() {
                let Some(name_node) = var.get("name") else {
                    continue;
                };
                let Some(name) = name_node.as_str() else {
                    continue;
                };
                let Some(&first) = seen.get(name) else {
                    seen.insert(name, name_node.span);
                    continue;
                };
                let who = container_label(c, &path, t.obj);
                let line = first.start.line;
                let message = if first.start.is_known() {
                    msg!(
                        "{who} définit deux fois la variable `{name}` dans `env` (première définition ligne {line}) : seule la dernière compte, l'autre est ignorée sans avertissement",
                        "{who} defines variable `{name}` twice in `env` (first definition on line {line}): only the last one counts, the other is silently ignored",
                        who,
                        name,
                        line
                    )
                } else {
                    msg!(
                        "{who} définit deux fois la variable `{name}` dans `env` : seule la dernière compte, l'autre est ignorée sans avertissement",
                        "{who} defines variable `{name}` twice in `env`: only the last one counts, the other is silently ignored",
                        who,
                        name
                    )
                };
                let help = msg!(
                    "gardez une seule définition de `{name}` (celle qui a la bonne valeur) et supprimez l'autre",
                    "keep a single definition of `{name}` (the one with the right value) and delete the other",
                    name
                );
                let mut f = ctx
                    .finding(&RULE, t.obj, name_node.span, message, help)
                    .with_path(format!("{path}.env[{i}].name"));
                if first.start.is_known() {
                    f.related.push(crate::diag::Related {
                        file: t.obj.file,
                        pos: first.start,
                        label: msg!("première définition", "first definition"),
                    });
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn second_and_third_occurrences_point_back_at_the_first() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      env:\n        - name: A\n          value: \"1\"\n        - name: B\n          value: \"2\"\n        - name: A\n          value: \"3\"\n        - name: A\n          value: \"4\"\n    - name: d\n      image: nginx:1.27\n      env:\n        - name: B\n          value: \"1\"\n";
        let hits = crate::rules::findings_of(RULE.id(), yaml);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].path, "spec.containers[0].env[2].name");
        assert!(
            hits[0].message(crate::i18n::Lang::Fr).contains("ligne 10"),
            "{}",
            hits[0].message
        );
        assert_eq!(hits[1].related[0].pos.line, 10);
    }
}
