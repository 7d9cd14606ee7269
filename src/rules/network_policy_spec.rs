//! `network-policy-spec`: a NetworkPolicy the API server rejects: peers
//! with no selector or mixing `ipBlock` with selectors, CIDR blocks, ports
//! and port ranges, selectors, more than two policy types.

use crate::rules::prelude::*;
use crate::rules::values::key_span;
use crate::rules::values::{
    cidr_problem, cidr_strictly_inside, label_selector, parse_cidr, port_name,
};

pub static RULE: Rule = Rule {
    code: Code {
        id: "network-policy-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Une NetworkPolicy que l'API refuse : pair vide ou `ipBlock` mêlé à un sélecteur, bloc CIDR inexact, `endPort` sans `port` numérique",
            en: "A NetworkPolicy the API rejects: an empty peer or an `ipBlock` mixed with a selector, an inexact CIDR block, an `endPort` without a numeric `port`",
        },
        what: Text {
            fr: "Chaque élément de `from` ou `to` désigne des pods (`podSelector`), des namespaces (`namespaceSelector`) ou une plage d'adresses (`ipBlock`) ; `ipBlock` ne se combine avec aucun sélecteur dans le même élément. Un `ipBlock.cidr` est un bloc exact (`10.0.0.0/16`, pas `10.0.0.1/16`), et chaque `except` est un bloc plus petit contenu dedans. Un port nommé suit la règle des noms de port (15 caractères au plus, au moins une lettre) ; `endPort` exige un `port` numérique et n'est pas plus petit que lui. Les sélecteurs suivent les règles des labels, et `policyTypes` a au plus deux valeurs.",
            en: "Each item of `from` or `to` designates pods (`podSelector`), namespaces (`namespaceSelector`) or an address range (`ipBlock`); `ipBlock` combines with no selector in the same item. An `ipBlock.cidr` is an exact block (`10.0.0.0/16`, not `10.0.0.1/16`), and each `except` is a smaller block inside it. A named port follows the port name rule (at most 15 characters, at least one letter); `endPort` requires a numeric `port` and is not smaller than it. Selectors follow the label rules, and `policyTypes` has at most two values.",
        },
        why: Text {
            fr: "Le serveur d'API refuse la politique entière : le trafic qu'elle devait ouvrir ou fermer ne l'est pas. Mettre `ipBlock` et `podSelector` dans le même élément (un « et » qui n'existe pas) au lieu de deux éléments (un « ou ») est la confusion habituelle.",
            en: "The API server rejects the whole policy: the traffic it was meant to open or close is not. Putting `ipBlock` and `podSelector` in the same item (an \"and\" that does not exist) instead of two items (an \"or\") is the usual confusion.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/network-policy-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/network-policy-spec/good.yaml"),
    },
    check: Check::Object(check),
};

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "NetworkPolicy" || !obj.api_version.starts_with("networking.k8s.io/") {
        return;
    }
    let Some(spec) = obj.spec() else { return };
    let p = &obj.prefix;
    let mut err = |span: Span, path: String, message: Msg, help: Msg| {
        out.push(
            cx.finding(&RULE, obj, span, message, help)
                .with_path(format!("{p}{path}")),
        );
    };
    let selector = |err: &mut dyn FnMut(Span, String, Msg, Msg), sel: &Node, path: &str| {
        for (span, sub, problem) in label_selector(sel) {
            err(
                span,
                format!("{path}{sub}"),
                problem,
                msg!(
                    "reprenez les labels tels qu'écrits sur les pods ou les namespaces visés",
                    "use the labels as written on the target pods or namespaces"
                ),
            );
        }
    };
    if let Some(sel) = spec.get("podSelector").filter(|n| !n.is_null()) {
        selector(&mut err, sel, "spec.podSelector");
    }
    for (dir, peers_key) in [("ingress", "from"), ("egress", "to")] {
        for (i, rule) in spec
            .get(dir)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let rp = format!("spec.{dir}[{i}]");
            for (j, port) in rule
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let pp = format!("{rp}.ports[{j}]");
                let end = port.get("endPort").filter(|n| !n.is_null());
                match port.get("port").filter(|n| !n.is_null()) {
                    Some(n) if n.as_str().is_some() => {
                        let name = n.as_str().unwrap_or_default();
                        if let Some(problem) = port_name(name) {
                            err(
                                n.span,
                                format!("{pp}.port"),
                                msg!(
                                    "`port: {name}` n'est pas un nom de port valide : {problem}",
                                    "`port: {name}` is not a valid port name: {problem}",
                                    name = name.to_string(),
                                    problem
                                ),
                                msg!(
                                    "écrivez le numéro du port, ou le `name` d'un port des conteneurs visés",
                                    "write the port number, or the `name` of a port of the target containers"
                                ),
                            );
                        }
                        if let Some(e) = end {
                            err(
                                e.span,
                                format!("{pp}.endPort"),
                                msg!(
                                    "`endPort` n'est permis qu'avec un `port` numérique, pas un port nommé",
                                    "`endPort` is only allowed with a numeric `port`, not a named port"
                                ),
                                msg!(
                                    "écrivez le premier port de la plage en chiffres dans `port`",
                                    "write the first port of the range as a number in `port`"
                                ),
                            );
                        }
                    }
                    Some(n) => {
                        if let (Some(start), Some(e)) = (n.as_i64(), end)
                            && let Some(stop) = e.as_i64()
                            && stop < start
                        {
                            err(
                                e.span,
                                format!("{pp}.endPort"),
                                msg!(
                                    "`endPort: {stop}` est plus petit que `port: {start}` : la plage finirait avant de commencer",
                                    "`endPort: {stop}` is smaller than `port: {start}`: the range would end before it starts",
                                    stop,
                                    start
                                ),
                                msg!(
                                    "écrivez un `endPort` d'au moins {start}",
                                    "write an `endPort` of at least {start}",
                                    start
                                ),
                            );
                        }
                    }
                    None => {
                        if let Some(e) = end {
                            err(
                                e.span,
                                format!("{pp}.endPort"),
                                msg!(
                                    "`endPort` sans `port` : la plage n'a pas de début",
                                    "`endPort` without `port`: the range has no start"
                                ),
                                msg!(
                                    "ajoutez `port:` avec le premier port de la plage",
                                    "add `port:` with the first port of the range"
                                ),
                            );
                        }
                    }
                }
            }
            for (k, peer) in rule
                .get(peers_key)
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let pp = format!("{rp}.{peers_key}[{k}]");
                let has = |key: &str| peer.get(key).is_some_and(|n| !n.is_null());
                let count = ["podSelector", "namespaceSelector", "ipBlock"]
                    .iter()
                    .filter(|k| has(k))
                    .count();
                let first = peer.entries().first().map_or(peer.span, |e| e.key_span);
                if count == 0 {
                    err(
                        first,
                        pp.clone(),
                        msg!(
                            "cet élément de `{peers_key}` ne désigne rien : il faut un `podSelector`, un `namespaceSelector` ou un `ipBlock`",
                            "this `{peers_key}` item designates nothing: it needs a `podSelector`, a `namespaceSelector` or an `ipBlock`",
                            peers_key
                        ),
                        msg!(
                            "pour tous les pods du namespace, écrivez `- podSelector: {{}}`",
                            "for every pod of the namespace, write `- podSelector: {{}}`"
                        ),
                    );
                } else if count > 1 && has("ipBlock") {
                    err(
                        key_span(peer, "ipBlock"),
                        pp.clone(),
                        msg!(
                            "`ipBlock` ne se combine avec aucun sélecteur dans le même élément",
                            "`ipBlock` combines with no selector in the same item"
                        ),
                        msg!(
                            "faites-en deux éléments de la liste (`- ipBlock: …` et `- podSelector: …`) : l'un ou l'autre suffira",
                            "make two list items of it (`- ipBlock: …` and `- podSelector: …`): either will do"
                        ),
                    );
                }
                for key in ["podSelector", "namespaceSelector"] {
                    if let Some(sel) = peer.get(key).filter(|n| !n.is_null()) {
                        selector(&mut err, sel, &format!("{pp}.{key}"));
                    }
                }
                let Some(block) = peer.get("ipBlock").filter(|n| !n.is_null()) else {
                    continue;
                };
                let Some(c) = block.get("cidr") else { continue }; // `required-field`
                let cidr = c.as_str().unwrap_or_default();
                if cidr.is_empty() {
                    err(
                        c.span,
                        format!("{pp}.ipBlock.cidr"),
                        msg!("`cidr` est vide", "`cidr` is empty"),
                        msg!(
                            "écrivez un bloc d'adresses, par exemple `10.0.0.0/16`",
                            "write an address block, for instance `10.0.0.0/16`"
                        ),
                    );
                    continue;
                }
                if let Some(problem) = cidr_problem(cidr) {
                    err(
                        c.span,
                        format!("{pp}.ipBlock.cidr"),
                        msg!(
                            "`cidr: {cidr}` n'est pas accepté : {problem}",
                            "`cidr: {cidr}` is not accepted: {problem}",
                            cidr = cidr.to_string(),
                            problem
                        ),
                        msg!(
                            "écrivez un bloc exact, comme `10.0.0.0/16` (une seule adresse : `/32`)",
                            "write an exact block, like `10.0.0.0/16` (a single address: `/32`)"
                        ),
                    );
                }
                let outer = parse_cidr(cidr);
                for (m, ex) in block
                    .get("except")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let Some(s) = ex.as_str() else { continue };
                    let path = format!("{pp}.ipBlock.except[{m}]");
                    if let Some(problem) = cidr_problem(s) {
                        err(
                            ex.span,
                            path.clone(),
                            msg!(
                                "`{s}` n'est pas accepté : {problem}",
                                "`{s}` is not accepted: {problem}",
                                s = s.to_string(),
                                problem
                            ),
                            msg!(
                                "écrivez un bloc exact, comme `10.0.1.0/24`",
                                "write an exact block, like `10.0.1.0/24`"
                            ),
                        );
                    }
                    if let (Some(outer), Some(inner)) = (outer, parse_cidr(s))
                        && !cidr_strictly_inside(inner, outer)
                    {
                        err(
                            ex.span,
                            path,
                            msg!(
                                "`{s}` n'est pas un bloc strictement contenu dans `cidr: {cidr}` : `except` retire une partie du bloc",
                                "`{s}` is not a block strictly inside `cidr: {cidr}`: `except` removes a part of the block",
                                s = s.to_string(),
                                cidr = cidr.to_string()
                            ),
                            msg!(
                                "écrivez un bloc plus petit, à l'intérieur de `{cidr}`",
                                "write a smaller block, inside `{cidr}`",
                                cidr = cidr.to_string()
                            ),
                        );
                    }
                }
            }
        }
    }
    if let Some(types) = spec.get("policyTypes")
        && types.items().len() > 2
    {
        err(
            key_span(spec, "policyTypes"),
            "spec.policyTypes".into(),
            msg!(
                "`policyTypes` a au plus deux valeurs : `Ingress` et `Egress`",
                "`policyTypes` has at most two values: `Ingress` and `Egress`"
            ),
            msg!(
                "écrivez `policyTypes: [Ingress, Egress]`",
                "write `policyTypes: [Ingress, Egress]`"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn paths(spec: &str) -> Vec<String> {
        let yaml = format!(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: {{}}\n{spec}"
        );
        findings_of("network-policy-spec", &yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn peers_and_blocks() {
        let from = |peer: &str| paths(&format!("  ingress:\n    - from:\n{peer}"));
        assert!(from("        - ipBlock:\n            cidr: 10.0.0.0/16\n            except: [10.0.1.0/24]\n").is_empty());
        assert_eq!(from("        - {}\n"), ["spec.ingress[0].from[0]"]);
        assert_eq!(
            from("        - ipBlock:\n            cidr: 10.0.0.0/16\n          podSelector: {}\n"),
            ["spec.ingress[0].from[0]"]
        );
        assert_eq!(
            from("        - ipBlock:\n            cidr: 10.0.0.1/16\n"),
            ["spec.ingress[0].from[0].ipBlock.cidr"]
        );
        assert_eq!(
            from("        - ipBlock:\n            cidr: 10.0.0.0/33\n"),
            ["spec.ingress[0].from[0].ipBlock.cidr"]
        );
        assert_eq!(
            from(
                "        - ipBlock:\n            cidr: 10.0.0.0/16\n            except: [10.1.0.0/24]\n"
            ),
            ["spec.ingress[0].from[0].ipBlock.except[0]"]
        );
        assert_eq!(
            from(
                "        - ipBlock:\n            cidr: 10.0.0.0/16\n            except: [10.0.0.0/16]\n"
            ),
            ["spec.ingress[0].from[0].ipBlock.except[0]"]
        );
        assert_eq!(
            from("        - podSelector:\n            matchLabels:\n              app: web app\n"),
            ["spec.ingress[0].from[0].podSelector.matchLabels.app"]
        );
    }

    #[test]
    fn ports_and_types() {
        let ports = |p: &str| paths(&format!("  egress:\n    - ports:\n{p}"));
        assert!(ports("        - port: 30000\n          endPort: 32767\n").is_empty());
        assert!(ports("        - port: http\n").is_empty());
        assert_eq!(
            ports("        - port: 80\n          endPort: 79\n"),
            ["spec.egress[0].ports[0].endPort"]
        );
        assert_eq!(
            ports("        - port: http\n          endPort: 90\n"),
            ["spec.egress[0].ports[0].endPort"]
        );
        assert_eq!(
            ports("        - endPort: 90\n"),
            ["spec.egress[0].ports[0].endPort"]
        );
        assert_eq!(
            ports("        - port: HTTP\n"),
            ["spec.egress[0].ports[0].port"]
        );
        assert_eq!(
            paths("  policyTypes: [Ingress, Egress, Ingress]\n"),
            ["spec.policyTypes"]
        );
    }
}
