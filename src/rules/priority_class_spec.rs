//! `priority-class-spec`: a PriorityClass the API server rejects: a user
//! value above one billion, a `system-` name that is not a built-in class.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "priority-class-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "echelle-retour-arriere.md",
        summary: Text {
            fr: "Une PriorityClass que l'API refuse : `value` au-delà de 1000000000, ou nom commençant par `system-`",
            en: "A PriorityClass the API rejects: a `value` above 1000000000, or a name starting with `system-`",
        },
        what: Text {
            fr: "La `value` d'une PriorityClass définie par un utilisateur ne dépasse pas 1000000000 (un milliard) : les valeurs au-dessus sont réservées aux classes du système. Les noms qui commencent par `system-` sont réservés aux deux classes intégrées, `system-cluster-critical` (2000000000) et `system-node-critical` (2000001000), avec leur valeur exacte et `globalDefault: false`.",
            en: "The `value` of a user-defined PriorityClass does not exceed 1000000000 (one billion): the values above are reserved to the system classes. Names starting with `system-` are reserved to the two built-in classes, `system-cluster-critical` (2000000000) and `system-node-critical` (2000001000), with their exact value and `globalDefault: false`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse la PriorityClass : les pods qui la demandent par `priorityClassName` sont à leur tour refusés. Les priorités au-dessus d'un milliard protègent les composants dont le cluster a besoin pour fonctionner (DNS, réseau), qu'une application ne doit pas pouvoir évincer.",
            en: "The API server rejects the PriorityClass: the pods that ask for it through `priorityClassName` are rejected in turn. The priorities above one billion protect the components the cluster needs to work (DNS, network), which an application must not be able to evict.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/priority-class-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/priority-class-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const HIGHEST_USER: i64 = 1_000_000_000;
const SYSTEM: &[(&str, i64)] = &[
    ("system-cluster-critical", 2_000_000_000),
    ("system-node-critical", 2_000_001_000),
];

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "PriorityClass" || obj.api_version != "scheduling.k8s.io/v1" {
        return;
    }
    let p = &obj.prefix;
    let name = obj.name.as_str();
    let value = obj.root.get("value");
    let v = value.and_then(Node::as_i64).unwrap_or(0);
    let global = obj
        .root
        .get("globalDefault")
        .and_then(Node::as_bool)
        .unwrap_or(false);
    if name.starts_with("system-") {
        let known = SYSTEM.iter().find(|(n, _)| *n == name);
        let ok = known.is_some_and(|(_, value)| *value == v && !global);
        if !ok {
            let good = name.trim_start_matches("system-");
            let good = if good.is_empty() {
                "haute-priorite"
            } else {
                good
            }
            .to_string();
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    obj.name_span(),
                    match known {
                        Some((n, value)) => msg!(
                            "`{n}` est une classe du système : elle vaut {value}, sans `globalDefault`, et ne se redéfinit pas autrement",
                            "`{n}` is a system class: it is {value}, without `globalDefault`, and cannot be redefined otherwise",
                            n = n.to_string(),
                            value = *value
                        ),
                        None => msg!(
                            "les noms qui commencent par `system-` sont réservés aux classes du système (`system-cluster-critical`, `system-node-critical`)",
                            "names starting with `system-` are reserved to the system classes (`system-cluster-critical`, `system-node-critical`)"
                        ),
                    },
                    msg!(
                        "choisissez un autre nom, par exemple `{good}`",
                        "choose another name, for instance `{good}`",
                        good
                    ),
                )
                .with_path(format!("{p}metadata.name")),
            );
        }
    } else if v > HIGHEST_USER
        && let Some(node) = value
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                node.span,
                msg!(
                    "`value: {v}` dépasse 1000000000, le maximum d'une priorité définie par un utilisateur (au-delà, c'est réservé au système)",
                    "`value: {v}` exceeds 1000000000, the maximum of a user-defined priority (above is reserved to the system)",
                    v
                ),
                msg!(
                    "choisissez une valeur de 1000000000 au plus, par exemple `value: 100000`",
                    "pick a value of 1000000000 at most, for instance `value: 100000`"
                ),
            )
            .with_path(format!("{p}value")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn count(name: &str, value: i64) -> usize {
        let yaml = format!(
            "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: {name}\nvalue: {value}\n"
        );
        findings_of("priority-class-spec", &yaml).len()
    }

    #[test]
    fn values_and_names() {
        assert_eq!(count("haute", 1_000_000_000), 0);
        assert_eq!(count("haute", 1_000_000_001), 1);
        assert_eq!(count("haute", -5), 0);
        assert_eq!(count("system-kubecours", 100), 1);
        assert_eq!(count("system-cluster-critical", 2_000_000_000), 0);
        assert_eq!(count("system-cluster-critical", 1000), 1);
    }
}
