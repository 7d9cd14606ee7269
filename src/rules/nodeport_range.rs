//! `nodeport-range`: a `nodePort` lies in 30000–32767, on a Service that can have one.
//!
//! Complexity: O(n) in the size of the input set: one pass over the ports of the Services
//! ([`Ctx::of_kind`]), each `nodePort` looked at once.

use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "nodeport-range",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "service.md",
        summary: Text {
            fr: "Un `nodePort` hors de la plage 30000–32767, ou sur un Service qui n'est pas de type `NodePort`",
            en: "A `nodePort` outside the 30000–32767 range, or on a Service that is not of type `NodePort`",
        },
        what: Text {
            fr: "Chaque `spec.ports[].nodePort` d'un Service doit être compris entre 30000 et 32767 (la plage par défaut des clusters), et le Service doit être de type `NodePort` ou `LoadBalancer` : un `nodePort` sur un Service sans `type` (donc `ClusterIP`) ou de type `ClusterIP` est signalé, avec la ligne `type: NodePort` à ajouter. La plage n'est vérifiée qu'à la création réelle, quand le port est réservé : `kubectl apply --dry-run=server` accepte un `nodePort` hors plage, mais `kubectl apply` le refuse ; la règle suit la création réelle.",
            en: "Every `spec.ports[].nodePort` of a Service must be between 30000 and 32767 (the default range of clusters), and the Service must be of type `NodePort` or `LoadBalancer`: a `nodePort` on a Service without `type` (so `ClusterIP`) or of type `ClusterIP` is reported, with the `type: NodePort` line to add. The range is only checked by the real creation, when the port is reserved: `kubectl apply --dry-run=server` accepts a `nodePort` out of the range, but `kubectl apply` rejects it; the rule follows the real creation.",
        },
        why: Text {
            fr: "L'API refuse le Service entier (« provided port is not in the valid range », ou « may not be used when `type` is 'ClusterIP' ») : `kubectl apply` échoue et rien n'est créé. Confondre `nodePort` avec `port` (`nodePort: 80`, `nodePort: 8080`) est l'erreur habituelle ; la plage peut être changée par l'administrateur du cluster, mais presque jamais.",
            en: "The API rejects the whole Service (\"provided port is not in the valid range\", or \"may not be used when `type` is 'ClusterIP'\"): `kubectl apply` fails and nothing is created. Confusing `nodePort` with `port` (`nodePort: 80`, `nodePort: 8080`) is the usual mistake; the cluster administrator can change the range, but almost never does.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/nodeport-range/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/nodeport-range/good.yaml"),
    },
    check: Check::Set(check),
};

pub const MIN: i64 = 30000;
pub const MAX: i64 = 32767;

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for svc in ctx.of_kind("Service") {
        let Some(spec) = svc.spec() else { continue };
        let ty = spec.get("type").and_then(Node::as_str);
        if ty == Some("ExternalName") {
            continue; // the API server neither allocates nor checks its node ports
        }
        let svc_name = &svc.name;
        for (i, port) in spec
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(node) = port.get("nodePort") else {
                continue;
            };
            let Some(n) = node.as_i64() else { continue }; // `field-type` reports it.
            if n == 0 {
                continue; // 0 means "let Kubernetes choose".
            }
            let in_range = (MIN..=MAX).contains(&n);
            let path = format!("{}spec.ports[{i}].nodePort", svc.prefix);
            let wrong_type = match ty {
                None | Some("ClusterIP") => Some(ty.unwrap_or("ClusterIP")),
                _ => None,
            };
            let (message, help) = if let Some(ty) = wrong_type {
                let implicit = spec.get("type").is_none();
                let message = if implicit {
                    msg!(
                        "le Service `{svc_name}` fixe `nodePort: {n}` mais n'a pas de `type` : il est donc `ClusterIP`, qui n'ouvre aucun port sur les nœuds, et l'API refuse ce `nodePort`",
                        "Service `{svc_name}` sets `nodePort: {n}` but has no `type`: it is therefore `ClusterIP`, which opens no port on the nodes, and the API rejects this `nodePort`",
                        svc_name,
                        n
                    )
                } else {
                    msg!(
                        "le Service `{svc_name}` fixe `nodePort: {n}` alors qu'il est de type `{ty}` : un `nodePort` n'existe que pour les types `NodePort` et `LoadBalancer`, l'API le refuse",
                        "Service `{svc_name}` sets `nodePort: {n}` while it is of type `{ty}`: a `nodePort` only exists for types `NodePort` and `LoadBalancer`, the API rejects it",
                        svc_name,
                        n,
                        ty
                    )
                };
                let help = if in_range {
                    msg!(
                        "ajoutez `type: NodePort` sous `spec:` (ou retirez la ligne `nodePort` si le Service doit rester interne)",
                        "add `type: NodePort` under `spec:` (or remove the `nodePort` line if the Service must stay internal)"
                    )
                } else {
                    msg!(
                        "ajoutez `type: NodePort` sous `spec:` et choisissez un `nodePort` entre {MIN} et {MAX} (ou retirez la ligne `nodePort` si le Service doit rester interne)",
                        "add `type: NodePort` under `spec:` and pick a `nodePort` between {MIN} and {MAX} (or remove the `nodePort` line if the Service must stay internal)",
                        MIN,
                        MAX
                    )
                };
                (message, help)
            } else if !in_range {
                let target = MIN + n.rem_euclid(1000);
                (
                    msg!(
                        "le `nodePort` {n} du Service `{svc_name}` est hors de la plage autorisée {MIN}–{MAX}",
                        "`nodePort` {n} of Service `{svc_name}` is outside the allowed range {MIN}–{MAX}",
                        n,
                        svc_name,
                        MIN,
                        MAX
                    ),
                    msg!(
                        "choisissez un port entre {MIN} et {MAX} (par exemple `nodePort: {target}`), ou retirez la ligne pour que Kubernetes en choisisse un libre ; le port d'écoute du Service, lui, se met dans `port`",
                        "pick a port between {MIN} and {MAX} (for example `nodePort: {target}`), or remove the line so that Kubernetes picks a free one; the Service's own listening port goes in `port`",
                        MIN,
                        MAX,
                        target
                    ),
                )
            } else {
                continue;
            };
            out.push(
                ctx.finding(&RULE, svc, node.span, message, help)
                    .with_path(path),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn findings(ty: &str, node_port: &str) -> Vec<Finding> {
        let yaml = format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n{ty}  selector:\n    app: s\n  ports:\n    - port: 80\n      nodePort: {node_port}\n"
        );
        let run = lint_sources(
            vec![SourceFile::from_text("t.yaml", yaml)],
            &Options::default(),
        );
        run.findings
            .into_iter()
            .filter(|f| f.id() == "nodeport-range")
            .collect()
    }

    #[test]
    fn bounds() {
        assert!(findings("  type: NodePort\n", "30000").is_empty());
        assert!(findings("  type: LoadBalancer\n", "32767").is_empty());
        assert_eq!(findings("  type: NodePort\n", "29999").len(), 1);
        let f = findings("  type: NodePort\n", "32768");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "spec.ports[0].nodePort");
    }

    #[test]
    fn node_port_on_cluster_ip() {
        let f = findings("", "30080");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("type: NodePort"),
            "{}",
            f[0].help
        );
        let f = findings("  type: ClusterIP\n", "80");
        assert_eq!(f.len(), 1, "one finding, not two: {f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("30000"),
            "{}",
            f[0].help
        );
    }

    #[test]
    fn suggestion_keeps_the_last_digits() {
        let f = findings("  type: NodePort\n", "8080");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("nodePort: 30080"),
            "{}",
            f[0].help
        );
    }
}
