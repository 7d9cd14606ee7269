//! `nodeport-conflict`: a `nodePort` is used by one Service only, in the whole cluster.
//!
//! Complexity: O(U) hash operations for the U `nodePort`s of the Services, plus a free-port
//! search per conflict (resumed after the last port suggested for that number); each search,
//! like the first count of free ports, is bounded by the 2 768 ports of 30000–32767: O(U).

use crate::manifest::Object;
use crate::rules::nodeport_range::{MAX, MIN};
use crate::rules::prelude::*;
use crate::yaml::Node;
use std::collections::{HashMap, HashSet};

pub static RULE: Rule = Rule {
    code: Code {
        id: "nodeport-conflict",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "service.md",
        summary: Text {
            fr: "Le même `nodePort` est utilisé deux fois (les nodePorts sont communs à tout le cluster)",
            en: "The same `nodePort` is used twice (nodePorts are shared by the whole cluster)",
        },
        what: Text {
            fr: "Un même numéro de `nodePort` ne peut servir qu'à un seul Service dans tout le cluster, quel que soit le namespace. La règle compare les `spec.ports[].nodePort` de tous les Services de tous les fichiers vérifiés, pointe la seconde utilisation et nomme la première (Service, namespace, fichier et ligne).",
            en: "A given `nodePort` number can serve a single Service in the whole cluster, whatever the namespace. The rule compares the `spec.ports[].nodePort` of every Service of every checked file, points at the second use and names the first one (Service, namespace, file and line).",
        },
        why: Text {
            fr: "Un `nodePort` ouvre le même port sur tous les nœuds : deux Services ne peuvent pas l'écouter ensemble. Le second `kubectl apply` est refusé (« provided port is already allocated »). Le piège classique : les fichiers de `preprod` copiés pour `prod`, avec le même `nodePort`, alors que les namespaces, eux, sont bien différents.",
            en: "A `nodePort` opens the same port on every node: two Services cannot listen on it together. The second `kubectl apply` is rejected (\"provided port is already allocated\"). The classic trap: the `preprod` files copied for `prod`, with the same `nodePort`, while the namespaces themselves are different.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/nodeport-conflict/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/nodeport-conflict/good.yaml"),
    },
    check: Check::Set(check),
};

/// One use of a nodePort.
struct Use<'a> {
    svc: &'a Object,
    node: &'a Node,
    protocol: String,
    path: String,
}

fn protocol(port: &Node) -> String {
    port.get("protocol")
        .and_then(Node::as_str)
        .unwrap_or("TCP")
        .to_string()
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut uses: Vec<(i64, Use)> = Vec::new();
    for svc in ctx.of_kind("Service") {
        for (i, port) in svc
            .root
            .at("spec.ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(node) = port.get("nodePort")
                && let Some(n) = node.as_i64()
                && n != 0
            {
                uses.push((
                    n,
                    Use {
                        svc,
                        node,
                        protocol: protocol(port),
                        path: format!("{}spec.ports[{i}].nodePort", svc.prefix),
                    },
                ));
            }
        }
    }
    if uses.len() < 2 {
        return;
    }
    let mut taken: HashSet<i64> = uses.iter().map(|(n, _)| *n).collect();
    let mut first: HashMap<i64, &Use> = HashMap::new();
    let mut last_suggestion: HashMap<i64, i64> = HashMap::new();
    let mut free_left = (MIN..=MAX).filter(|p| !taken.contains(p)).count();
    for (n, u) in &uses {
        let Some(f) = first.get(n).copied() else {
            first.insert(*n, u);
            continue;
        };
        let same_object = std::ptr::eq(f.svc, u.svc);
        // One Service may expose the same nodePort for TCP and UDP.
        if same_object && f.protocol != u.protocol {
            continue;
        }
        // The same Service defined twice (`duplicate-object`): once the duplicate is
        // fixed (another namespace, another name), the two will fight for the port.
        let duplicate = !same_object && f.svc.name == u.svc.name && ctx.ns(f.svc) == ctx.ns(u.svc);
        let (name, ns) = (&u.svc.name, ctx.ns(u.svc));
        let (fname, fns) = (&f.svc.name, ctx.ns(f.svc));
        // Search after the last suggestion made for this number (keeps many conflicts linear).
        let start = (n + 1)
            .max(MIN)
            .max(last_suggestion.get(n).map_or(MIN, |p| p + 1));
        let free = if free_left == 0 {
            None
        } else {
            (start..=MAX).chain(MIN..start).find(|p| !taken.contains(p))
        };
        if let Some(p) = free {
            taken.insert(p); // do not suggest it twice
            last_suggestion.insert(*n, p);
            free_left -= 1;
        }
        let message = if duplicate {
            msg!(
                "le `nodePort` {n} est aussi fixé par l'autre définition du Service `{name}` (namespace `{ns}`) : une fois ce doublon corrigé (autre namespace ou autre nom), les deux Services se disputeront ce port, réservé pour tout le cluster",
                "`nodePort` {n} is also set by the other definition of Service `{name}` (namespace `{ns}`): once this duplicate is fixed (another namespace or another name), both Services will fight for this port, reserved for the whole cluster",
                n,
                name,
                ns
            )
        } else if same_object {
            msg!(
                "le `nodePort` {n} est déjà utilisé par un autre port du même Service `{name}`",
                "`nodePort` {n} is already used by another port of the same Service `{name}`",
                n,
                name
            )
        } else {
            msg!(
                "le `nodePort` {n} du Service `{name}` (namespace `{ns}`) est déjà pris par le Service `{fname}` (namespace `{fns}`) : un `nodePort` est réservé pour tout le cluster, quel que soit le namespace",
                "`nodePort` {n} of Service `{name}` (namespace `{ns}`) is already taken by Service `{fname}` (namespace `{fns}`): a `nodePort` is reserved for the whole cluster, whatever the namespace",
                n,
                name,
                ns,
                fname,
                fns
            )
        };
        let help = match free {
            Some(p) => msg!(
                "choisissez un autre numéro, libre dans les fichiers vérifiés (par exemple `nodePort: {p}`), ou retirez la ligne pour que Kubernetes en choisisse un",
                "pick another number, free in the checked files (for example `nodePort: {p}`), or remove the line so that Kubernetes picks one",
                p
            ),
            None => msg!(
                "retirez la ligne `nodePort` pour que Kubernetes en choisisse un libre",
                "remove the `nodePort` line so that Kubernetes picks a free one"
            ),
        };
        let mut finding = ctx
            .finding(&RULE, u.svc, u.node.span, message, help)
            .with_path(u.path.clone());
        finding.related.push(crate::diag::Related {
            file: f.svc.file,
            pos: f.node.span.start,
            label: msg!(
                "première utilisation (Service `{fname}`, namespace `{fns}`)",
                "first use (Service `{fname}`, namespace `{fns}`)",
                fname,
                fns
            ),
        });
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn service(name: &str, ns: &str, ports: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  type: NodePort\n  selector:\n    app: a\n  ports:\n{ports}"
        )
    }

    fn findings(files: Vec<String>) -> Vec<Finding> {
        let sources = files
            .into_iter()
            .enumerate()
            .map(|(i, t)| SourceFile::from_text(format!("f{i}.yaml"), t))
            .collect();
        let run = lint_sources(sources, &Options::default());
        run.findings
            .into_iter()
            .filter(|f| f.id() == "nodeport-conflict")
            .collect()
    }

    #[test]
    fn across_files_and_namespaces() {
        let p = "    - port: 80\n      nodePort: 30080\n";
        let f = findings(vec![
            service("front", "preprod", p),
            service("front", "prod", p),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].file, Some(1));
        assert_eq!(f[0].related[0].file, 0);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`preprod`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("30081"),
            "{}",
            f[0].help
        );
    }

    #[test]
    fn tcp_and_udp_in_one_service_and_a_duplicated_service() {
        let p = "    - name: dns\n      port: 53\n      protocol: UDP\n      nodePort: 30053\n    - name: dns-tcp\n      port: 53\n      nodePort: 30053\n";
        assert!(findings(vec![service("dns", "a", p)]).is_empty());
        let p = "    - port: 80\n      nodePort: 30080\n";
        // The same Service twice: the copy will conflict once its namespace is fixed.
        let f = findings(vec![service("front", "a", p), service("front", "a", p)]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("autre définition"),
            "{}",
            f[0].message
        );
    }
}
