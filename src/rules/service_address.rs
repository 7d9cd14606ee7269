//! `service-address`: a Service address the API server rejects: cluster
//! IPs and IP families, external IPs, load balancer source ranges.

use crate::rules::prelude::*;
use crate::rules::service_spec::{Head, head};
use crate::rules::values::key_span;
use crate::rules::values::{cidr_problem, ip_problem};

pub static RULE: Rule = Rule {
    code: Code {
        id: "service-address",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "service.md",
        summary: Text {
            fr: "Une adresse de Service que l'API refuse : `clusterIP` qui n'est pas une IP, `externalIPs` en 127.0.0.1, bloc CIDR inexact dans `loadBalancerSourceRanges`, deux familles d'IP en `SingleStack`",
            en: "A Service address the API rejects: a `clusterIP` that is not an IP, `externalIPs` at 127.0.0.1, an inexact CIDR block in `loadBalancerSourceRanges`, two IP families in `SingleStack`",
        },
        what: Text {
            fr: "`clusterIP` et `clusterIPs` sont des adresses IP valides (sans zéro en tête), ou `None` seul pour un Service headless ; écrits ensemble, `clusterIPs` commence par `clusterIP` ; `clusterIPs` n'existe pas sans `clusterIP` et a au plus une adresse par famille. Deux familles d'IP (`ipFamilies`, ou deux `clusterIPs`) demandent `ipFamilyPolicy: PreferDualStack` ou `RequireDualStack`, sans famille répétée. Les `externalIPs` sont des IP qui ne désignent ni `0.0.0.0`, ni la boucle locale (`127.0.0.0/8`), ni une adresse lien-local. `loadBalancerSourceRanges` n'existe que pour un `LoadBalancer` et contient des blocs CIDR exacts (`203.0.113.0/24`, pas `203.0.113.1/24`). Qu'une adresse soit dans la plage des Services du cluster dépend du cluster : ce n'est pas vérifié.",
            en: "`clusterIP` and `clusterIPs` are valid IP addresses (without leading zeros), or `None` alone for a headless Service; written together, `clusterIPs` starts with `clusterIP`; `clusterIPs` does not exist without `clusterIP` and has at most one address per family. Two IP families (`ipFamilies`, or two `clusterIPs`) require `ipFamilyPolicy: PreferDualStack` or `RequireDualStack`, with no family repeated. `externalIPs` are IPs that designate neither `0.0.0.0`, the loopback (`127.0.0.0/8`) nor a link-local address. `loadBalancerSourceRanges` only exists for a `LoadBalancer` and holds exact CIDR blocks (`203.0.113.0/24`, not `203.0.113.1/24`). Whether an address is in the cluster's Service range depends on the cluster: it is not checked.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Service entier. Une adresse fixe est rarement utile : sans `clusterIP`, Kubernetes en choisit une libre, et le nom DNS du Service suffit pour le joindre.",
            en: "The API server rejects the whole Service. A fixed address is rarely useful: without `clusterIP`, Kubernetes picks a free one, and the Service's DNS name is enough to reach it.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/service-address/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/service-address/good.yaml"),
    },
    check: Check::Object(check),
};

const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

type Cx<'a, 'b> = Emit<'a, 'b>;

fn only_lb(key: &str, ty: &str) -> Msg {
    let (key, ty) = (key.to_string(), ty.to_string());
    msg!(
        "`{key}` n'existe que pour un Service de type `LoadBalancer` ; celui-ci est `{ty}`",
        "`{key}` only exists for a Service of type `LoadBalancer`; this one is `{ty}`",
        key,
        ty
    )
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some(Head {
        spec,
        ty,
        cluster_ip,
        cluster_ips,
    }) = head(obj)
    else {
        return;
    };
    let mut c = Cx {
        rule: &RULE,
        cx,
        obj,
        out,
    };
    let headless = cluster_ip == "None";
    // ExternalName: `service-spec` forbids the fields.
    if ty != "ExternalName" {
        cluster_ips_rules(&mut c, spec, cluster_ip, &cluster_ips, headless);
    }
    // SVC-23
    for (i, ip_node) in spec
        .get("externalIPs")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let Some(ip) = ip_node.as_str() else { continue };
        let problem = ip_problem(ip).or_else(|| special_ip(ip));
        if let Some(problem) = problem {
            c.err(
                ip_node.span,
                &format!("spec.externalIPs[{i}]"),
                msg!(
                    "`{ip}` n'est pas accepté dans `externalIPs` : {problem}",
                    "`{ip}` is not accepted in `externalIPs`: {problem}",
                    ip = ip.to_string(),
                    problem
                ),
                msg!(
                    "écrivez une adresse joignable des clients, attribuée à un nœud du cluster",
                    "write an address reachable by clients, assigned to a node of the cluster"
                ),
            );
        }
    }
    // SVC-20
    let ranges = spec
        .get("loadBalancerSourceRanges")
        .map(Node::items)
        .unwrap_or(&[]);
    if !ranges.is_empty() {
        if ty != "LoadBalancer" {
            c.err(
                key_span(spec, "loadBalancerSourceRanges"),
                "spec.LoadBalancerSourceRanges",
                only_lb("loadBalancerSourceRanges", ty),
                msg!(
                    "supprimez `loadBalancerSourceRanges`, ou écrivez `type: LoadBalancer`",
                    "remove `loadBalancerSourceRanges`, or write `type: LoadBalancer`"
                ),
            );
        }
        for (i, r) in ranges.iter().enumerate() {
            let Some(v) = r.as_str() else { continue };
            if let Some(problem) = cidr_problem(v.trim()) {
                c.err(
                    r.span,
                    &format!("spec.LoadBalancerSourceRanges[{i}]"),
                    msg!(
                        "`{v}` n'est pas un bloc CIDR accepté : {problem}",
                        "`{v}` is not an accepted CIDR block: {problem}",
                        v = v.to_string(),
                        problem
                    ),
                    msg!(
                        "écrivez un bloc comme `203.0.113.0/24` (une seule adresse : `/32`)",
                        "write a block like `203.0.113.0/24` (a single address: `/32`)"
                    ),
                );
            }
        }
    } else if let Some(a) = obj
        .root
        .at("metadata.annotations")
        .and_then(|a| a.get(SOURCE_RANGES_ANNOTATION))
        && let Some(v) = a.as_str()
    {
        if ty != "LoadBalancer" {
            c.err(
                a.span,
                &format!("metadata.annotations[{SOURCE_RANGES_ANNOTATION}]"),
                only_lb(SOURCE_RANGES_ANNOTATION, ty),
                msg!("supprimez l'annotation", "remove the annotation"),
            );
        }
        for part in v.trim().split(',').filter(|_| !v.trim().is_empty()) {
            if let Some(problem) = cidr_problem(part.trim()) {
                c.err(
                    a.span,
                    &format!("metadata.annotations[{SOURCE_RANGES_ANNOTATION}]"),
                    msg!(
                        "`{part}` n'est pas un bloc CIDR accepté : {problem}",
                        "`{part}` is not an accepted CIDR block: {problem}",
                        part = part.trim().to_string(),
                        problem
                    ),
                    msg!(
                        "écrivez des blocs comme `203.0.113.0/24`, séparés par des virgules",
                        "write blocks like `203.0.113.0/24`, separated by commas"
                    ),
                );
            }
        }
    }
}

/// `ValidateEndpointIP`'s special ranges, for an address that parses.
fn special_ip(ip: &str) -> Option<Msg> {
    let addr: std::net::IpAddr = ip.parse().ok()?;
    if addr.is_unspecified() {
        return Some(msg!(
            "l'adresse « non spécifiée » ne désigne aucune machine",
            "the \"unspecified\" address designates no machine"
        ));
    }
    if addr.is_loopback() {
        return Some(msg!(
            "une adresse de boucle locale (127.0.0.0/8, ::1) ne désigne que la machine elle-même",
            "a loopback address (127.0.0.0/8, ::1) only designates the machine itself"
        ));
    }
    let link_local = match addr {
        std::net::IpAddr::V4(v4) => v4.is_link_local(),
        std::net::IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    };
    if link_local {
        return Some(msg!(
            "une adresse lien-local (169.254.0.0/16, fe80::/10) n'est pas routée",
            "a link-local address (169.254.0.0/16, fe80::/10) is not routed"
        ));
    }
    let multicast = match addr {
        std::net::IpAddr::V4(v4) => v4.octets()[..3] == [224, 0, 0],
        std::net::IpAddr::V6(v6) => v6.octets()[0] == 0xff && v6.octets()[1] & 0x0f == 0x02,
    };
    if multicast {
        return Some(msg!(
            "une adresse multicast lien-local (224.0.0.0/24, ff02::/16) n'est pas une destination de Service",
            "a link-local multicast address (224.0.0.0/24, ff02::/16) is not a Service destination"
        ));
    }
    None
}

fn cluster_ips_rules(
    c: &mut Cx,
    spec: &Node,
    cluster_ip: &str,
    cluster_ips: &[&Node],
    headless: bool,
) {
    let ips: Vec<&str> = cluster_ips.iter().filter_map(|n| n.as_str()).collect();
    if !cluster_ip.is_empty() && !ips.is_empty() && ips[0] != cluster_ip {
        c.err(
            key_span(spec, "clusterIPs"),
            "spec.clusterIPs",
            msg!(
                "la première adresse de `clusterIPs` ({first}) doit être celle de `clusterIP` ({cluster_ip})",
                "the first address of `clusterIPs` ({first}) must be the one of `clusterIP` ({cluster_ip})",
                first = ips[0].to_string(),
                cluster_ip = cluster_ip.to_string()
            ),
            msg!(
                "gardez un seul des deux champs, ou mettez la même adresse en tête de `clusterIPs`",
                "keep only one of the two fields, or put the same address first in `clusterIPs`"
            ),
        );
    } else if cluster_ip.is_empty() && !ips.is_empty() {
        c.err(
            key_span(spec, "clusterIPs"),
            "spec.clusterIPs",
            msg!(
                "`clusterIPs` doit être vide quand `clusterIP` n'est pas écrit",
                "`clusterIPs` must be empty when `clusterIP` is not written"
            ),
            msg!(
                "écrivez la première adresse dans `clusterIP` aussi, ou gardez seulement `clusterIP`",
                "write the first address in `clusterIP` too, or keep only `clusterIP`"
            ),
        );
    }
    // The addresses themselves: clusterIPs, or clusterIP copied into it.
    let mut all: Vec<(&str, &Node, String)> = Vec::new();
    if ips.is_empty() {
        if let Some(n) = spec.get("clusterIP")
            && !cluster_ip.is_empty()
        {
            all.push((cluster_ip, n, "spec.clusterIPs[0]".into()));
        }
    } else {
        for (i, n) in cluster_ips.iter().enumerate() {
            if let Some(s) = n.as_str() {
                all.push((s, n, format!("spec.clusterIPs[{i}]")));
            }
        }
    }
    let mut bad = false;
    for (i, (ip, node, path)) in all.iter().enumerate() {
        if *ip == "None" {
            if i == 0 && all.len() == 1 {
                continue;
            }
            bad = true;
            c.err(
                node.span,
                path,
                msg!(
                    "`None` n'est permis que seul, comme unique valeur de `clusterIPs`",
                    "`None` is only allowed alone, as the single value of `clusterIPs`"
                ),
                msg!(
                    "écrivez `clusterIP: None` sans autre adresse",
                    "write `clusterIP: None` with no other address"
                ),
            );
            continue;
        }
        if let Some(problem) = ip_problem(ip) {
            bad = true;
            c.err(
                node.span,
                path,
                msg!(
                    "`{ip}` n'est pas une adresse de Service valide : {problem}",
                    "`{ip}` is not a valid Service address: {problem}",
                    ip = ip.to_string(),
                    problem
                ),
                msg!(
                    "supprimez la ligne : Kubernetes choisit une adresse libre (ou écrivez `None` pour un Service headless)",
                    "remove the line: Kubernetes picks a free address (or write `None` for a headless Service)"
                ),
            );
        }
    }
    if all.len() > 2 {
        c.err(
            key_span(spec, "clusterIPs"),
            "spec.clusterIPs",
            msg!(
                "`clusterIPs` a au plus 2 adresses (une IPv4 et une IPv6)",
                "`clusterIPs` has at most 2 addresses (one IPv4 and one IPv6)"
            ),
            msg!("gardez-en deux au plus", "keep two at most"),
        );
    } else if !bad && all.len() == 2 {
        let v4 = |s: &str| s.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_ipv4());
        if v4(all[0].0) == v4(all[1].0) {
            c.err(
                key_span(spec, "clusterIPs"),
                "spec.clusterIPs",
                msg!(
                    "les deux adresses de `clusterIPs` sont de la même famille : il en faut une IPv4 et une IPv6",
                    "the two addresses of `clusterIPs` are of the same family: one IPv4 and one IPv6 are needed"
                ),
                msg!("gardez-en une seule", "keep only one"),
            );
        }
    }
    // SVC-18: families.
    let families: Vec<&Node> = spec
        .get("ipFamilies")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for (i, f) in families.iter().enumerate() {
        let Some(v) = f.as_str() else { continue };
        if seen.contains(&v) {
            c.err(
                f.span,
                &format!("spec.ipFamilies[{i}]"),
                msg!(
                    "la famille `{v}` apparaît deux fois dans `ipFamilies`",
                    "family `{v}` appears twice in `ipFamilies`",
                    v = v.to_string()
                ),
                msg!("retirez le doublon", "remove the duplicate"),
            );
        }
        seen.push(v);
    }
    // Without ipFamilyPolicy a new Service is SingleStack (a selector-less headless one is dual).
    let policy = spec.get("ipFamilyPolicy").and_then(Node::as_str);
    let single = match policy {
        Some(p) => p == "SingleStack",
        None => !headless,
    };
    if single && !bad && (families.len() == 2 || all.len() == 2) {
        let what = if families.len() == 2 {
            msg!(
                "deux familles d'IP (`ipFamilies`)",
                "two IP families (`ipFamilies`)"
            )
        } else {
            msg!(
                "deux adresses (`clusterIPs`)",
                "two addresses (`clusterIPs`)"
            )
        };
        c.err(
            spec.get("ipFamilyPolicy").map_or_else(|| key_span(spec, if families.len() == 2 { "ipFamilies" } else { "clusterIPs" }), |n| n.span),
            "spec.ipFamilyPolicy",
            msg!(
                "ce Service demande {what} mais sa politique est `SingleStack` (la valeur par défaut)",
                "this Service asks for {what} but its policy is `SingleStack` (the default)",
                what
            ),
            msg!(
                "écrivez `ipFamilyPolicy: PreferDualStack` (ou `RequireDualStack`), ou gardez une seule famille",
                "write `ipFamilyPolicy: PreferDualStack` (or `RequireDualStack`), or keep a single family"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn svc(spec: &str) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}")
    }

    fn paths(spec: &str) -> Vec<String> {
        findings_of("service-address", &svc(spec))
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn source_ranges() {
        assert_eq!(
            paths("  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports:\n    - port: 80\n"),
            ["spec.LoadBalancerSourceRanges"]
        );
        assert_eq!(
            paths(
                "  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.1/24]\n  ports:\n    - port: 80\n"
            ),
            ["spec.LoadBalancerSourceRanges[0]"]
        );
        assert!(paths("  type: LoadBalancer\n  loadBalancerSourceRanges: [\" 203.0.113.0/24\"]\n  ports:\n    - port: 80\n").is_empty());
    }

    #[test]
    fn addresses() {
        // SVC-19
        assert_eq!(
            paths("  clusterIP: 10.0.0.300\n  ports:\n    - port: 80\n"),
            ["spec.clusterIPs[0]"]
        );
        assert_eq!(
            paths(
                "  clusterIP: 10.96.0.50\n  clusterIPs: [10.96.0.51]\n  ports:\n    - port: 80\n"
            ),
            ["spec.clusterIPs"]
        );
        assert_eq!(
            paths("  clusterIP: 010.96.0.50\n  ports:\n    - port: 80\n"),
            ["spec.clusterIPs[0]"]
        );
        // SVC-18: two families need a dual-stack policy.
        assert_eq!(
            paths("  ipFamilies: [IPv4, IPv6]\n  ports:\n    - port: 80\n"),
            ["spec.ipFamilyPolicy"]
        );
        assert!(paths("  ipFamilyPolicy: PreferDualStack\n  ipFamilies: [IPv4, IPv6]\n  ports:\n    - port: 80\n").is_empty());
        assert!(
            paths("  clusterIP: None\n  ipFamilies: [IPv4, IPv6]\n  ports:\n    - port: 80\n")
                .is_empty()
        );
        // SVC-23
        for bad in [
            "127.0.0.1",
            "0.0.0.0",
            "169.254.1.1",
            "224.0.0.5",
            "fe80::1",
            "::ffff:1.2.3.4",
        ] {
            assert_eq!(
                paths(&format!(
                    "  externalIPs: [\"{bad}\"]\n  ports:\n    - port: 80\n"
                )),
                ["spec.externalIPs[0]"],
                "{bad}"
            );
        }
    }
}
