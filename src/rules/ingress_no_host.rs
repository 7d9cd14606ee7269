//! `ingress-no-host`: an Ingress rule without `host`, or with a host that is not a DNS name.

use crate::manifest::Object;
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "ingress-no-host",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "ingress.md",
        summary: Text {
            fr: "Règle d'Ingress sans `host` (elle capte tous les noms), ou `host` qui n'est pas un nom DNS valide",
            en: "Ingress rule without `host` (it catches every name), or a `host` that is not a valid DNS name",
        },
        what: Text {
            fr: "Signale chaque règle de `spec.rules` d'un Ingress qui n'a pas de `host` (avertissement). Signale aussi en erreur un `host` (de `spec.rules` ou de `spec.tls[].hosts`) qui n'est pas un nom DNS valide : majuscules, `http://` devant, chemin (`/api`) ou port (`:8080`) dedans, espace, adresse IP, `*` ailleurs qu'en tête (`*.exemple.fr`).",
            en: "Flags every rule of an Ingress's `spec.rules` that has no `host` (warning). Also flags as an error a `host` (of `spec.rules` or `spec.tls[].hosts`) that is not a valid DNS name: capitals, a leading `http://`, a path (`/api`) or a port (`:8080`) in it, a space, an IP address, a `*` anywhere but at the start (`*.example.com`).",
        },
        why: Text {
            fr: "Une règle sans `host` reçoit les requêtes de tous les noms d'hôte : sur une plateforme partagée, le contrôleur d'Ingress peut vous envoyer le trafic destiné aux autres, ou refuser la règle. Sur SSP Cloud, chaque application a son propre nom sous `*.kub.sspcloud.fr`. Un `host` mal écrit, lui, fait refuser l'Ingress par l'API (`kubectl apply` échoue).",
            en: "A rule without `host` receives the requests of every host name: on a shared platform, the ingress controller may send you traffic meant for others, or reject the rule. On SSP Cloud, every application has its own name under `*.kub.sspcloud.fr`. A badly written `host` makes the API reject the Ingress (`kubectl apply` fails).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/ingress-no-host/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/ingress-no-host/good.yaml"),
    },
    check: Check::Set(check),
};

/// Why a host is not a valid Ingress host (None when it is valid).
#[derive(Debug, PartialEq, Eq)]
enum HostProblem {
    Scheme,
    Path,
    Port,
    Uppercase,
    Space,
    Ip,
    Wildcard,
    Syntax,
}

fn host_problem(host: &str) -> Option<HostProblem> {
    if host.contains("://") {
        return Some(HostProblem::Scheme);
    }
    if host.contains('/') {
        return Some(HostProblem::Path);
    }
    if host.chars().any(char::is_whitespace) {
        return Some(HostProblem::Space);
    }
    if host.parse::<std::net::IpAddr>().is_ok()
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::Ipv6Addr>()
            .is_ok()
    {
        return Some(HostProblem::Ip);
    }
    if host.contains(':') {
        return Some(HostProblem::Port);
    }
    if host.chars().any(|c| c.is_uppercase()) {
        return Some(HostProblem::Uppercase);
    }
    let name = host.strip_prefix("*.").unwrap_or(host);
    if name.contains('*') {
        return Some(HostProblem::Wildcard);
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
        return Some(HostProblem::Syntax);
    }
    None
}

/// `http://MonApp.exemple.fr:80/api` → (`monapp.exemple.fr`, Some(`/api`)), when that is valid.
fn suggestion(host: &str) -> Option<(String, Option<String>)> {
    let h = host.trim();
    let h = h.split_once("://").map_or(h, |(_, rest)| rest);
    let (h, path) = match h.find('/') {
        Some(i) => (&h[..i], Some(h[i..].to_string()).filter(|p| p != "/")),
        None => (h, None),
    };
    let h = h
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(h, |(name, _)| name);
    let h = h.trim_end_matches('.').to_lowercase();
    (host_problem(&h).is_none()).then_some((h, path))
}

fn invalid_host(
    ctx: &Ctx,
    obj: &Object,
    node: &Node,
    host: &str,
    path: String,
    problem: HostProblem,
) -> Finding {
    let name = &obj.name;
    let reason = match problem {
        HostProblem::Scheme => Text {
            fr: "un `host` est un nom de domaine seul, sans `http://` ni `https://` devant",
            en: "a `host` is a bare domain name, without `http://` or `https://` in front",
        },
        HostProblem::Path => Text {
            fr: "un `host` ne contient pas de chemin : le chemin va dans `paths[].path`",
            en: "a `host` holds no path: the path goes in `paths[].path`",
        },
        HostProblem::Port => Text {
            fr: "un `host` ne contient pas de port : l'Ingress répond sur 80 et 443",
            en: "a `host` holds no port: the Ingress answers on 80 and 443",
        },
        HostProblem::Uppercase => Text {
            fr: "un `host` s'écrit tout en minuscules",
            en: "a `host` is written in lower case only",
        },
        HostProblem::Space => Text {
            fr: "un `host` ne contient pas d'espace",
            en: "a `host` holds no space",
        },
        HostProblem::Ip => Text {
            fr: "un `host` doit être un nom DNS, pas une adresse IP",
            en: "a `host` must be a DNS name, not an IP address",
        },
        HostProblem::Wildcard => Text {
            fr: "`*` n'est permis qu'en tête, seul devant un point (`*.exemple.fr`)",
            en: "`*` is only allowed at the start, alone before a dot (`*.example.com`)",
        },
        HostProblem::Syntax => Text {
            fr: "un nom DNS n'a que des minuscules, des chiffres, des `-` et des points, chaque partie commençant et finissant par une lettre ou un chiffre",
            en: "a DNS name has only lower-case letters, digits, `-` and dots, each part starting and ending with a letter or a digit",
        },
    };
    let message = msg!(
        "le `host` `{host}` de l'Ingress `{name}` n'est pas un nom DNS valide : {reason} ; l'API refusera l'Ingress",
        "host `{host}` of Ingress `{name}` is not a valid DNS name: {reason}; the API will reject the Ingress",
        host,
        name,
        reason
    );
    let in_tls = path.contains(".tls[");
    let help = match suggestion(host) {
        Some((fixed, _)) if in_tls => msg!(
            "écrivez `- {fixed}` (le même nom que le `host` de la règle)",
            "write `- {fixed}` (the same name as the rule's `host`)",
            fixed
        ),
        Some((fixed, Some(p))) => msg!(
            "écrivez `host: {fixed}`, et mettez le chemin dans la règle : `path: {p}`",
            "write `host: {fixed}`, and put the path in the rule: `path: {p}`",
            fixed,
            p
        ),
        Some((fixed, None)) => msg!("écrivez `host: {fixed}`", "write `host: {fixed}`", fixed),
        None => msg!(
            "écrivez un nom de domaine seul, en minuscules, par exemple `host: {name}-<votre-identifiant>.kub.sspcloud.fr`",
            "write a bare lower-case domain name, for example `host: {name}-<your-id>.kub.sspcloud.fr`",
            name
        ),
    };
    ctx.finding(&RULE, obj, node.span, message, help)
        .with_path(path)
        .with_severity(Severity::Error)
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for ing in ctx.of_kind("Ingress") {
        let Some(spec) = ing.spec() else { continue };
        let name = &ing.name;
        for (i, rule) in spec
            .get("rules")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let path = format!("{}spec.rules[{i}]", ing.prefix);
            match rule.get("host") {
                Some(h) if h.as_str().is_some_and(|s| !s.is_empty()) => {
                    let host = h.as_str().unwrap_or_default();
                    if let Some(problem) = host_problem(host) {
                        out.push(invalid_host(
                            ctx,
                            ing,
                            h,
                            host,
                            format!("{path}.host"),
                            problem,
                        ));
                    }
                }
                Some(h) if !h.is_null() && h.as_str().is_none() => {} // wrong type: `field-type`.
                _ => {
                    // Point at the first key of the rule (`http:`), on the `- ` line.
                    let span = rule.entries().first().map_or(rule.span, |e| e.key_span);
                    let n = i + 1;
                    let message = msg!(
                        "la règle n°{n} de l'Ingress `{name}` n'a pas de `host` : elle reçoit les requêtes de tous les noms d'hôte ; sur une plateforme partagée, le contrôleur d'Ingress peut vous envoyer le trafic des autres, ou refuser la règle",
                        "rule #{n} of Ingress `{name}` has no `host`: it receives the requests of every host name; on a shared platform, the ingress controller may send you other people's traffic, or reject the rule",
                        n,
                        name
                    );
                    let help = msg!(
                        "donnez à la règle un nom à vous : `- host: {name}-<votre-identifiant>.kub.sspcloud.fr` (sur SSP Cloud, sous `*.kub.sspcloud.fr`)",
                        "give the rule a name of your own: `- host: {name}-<your-id>.kub.sspcloud.fr` (on SSP Cloud, under `*.kub.sspcloud.fr`)",
                        name
                    );
                    out.push(ctx.finding(&RULE, ing, span, message, help).with_path(path));
                }
            }
        }
        for (t, tls) in spec
            .get("tls")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            for (j, h) in tls
                .get("hosts")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(host) = h.as_str() else { continue };
                if let Some(problem) = host_problem(host) {
                    out.push(invalid_host(
                        ctx,
                        ing,
                        h,
                        host,
                        format!("{}spec.tls[{t}].hosts[{j}]", ing.prefix),
                        problem,
                    ));
                }
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
    fn host_validation() {
        for ok in [
            "web.kub.sspcloud.fr",
            "*.exemple.fr",
            "a-b.c1.fr",
            "localhost",
        ] {
            assert_eq!(host_problem(ok), None, "{ok}");
        }
        assert_eq!(host_problem("http://web.fr"), Some(HostProblem::Scheme));
        assert_eq!(host_problem("web.fr/api"), Some(HostProblem::Path));
        assert_eq!(host_problem("web.fr:8080"), Some(HostProblem::Port));
        assert_eq!(host_problem("Web.fr"), Some(HostProblem::Uppercase));
        assert_eq!(host_problem("10.0.0.1"), Some(HostProblem::Ip));
        assert_eq!(host_problem("a.*.fr"), Some(HostProblem::Wildcard));
        assert_eq!(host_problem("mon_app.fr"), Some(HostProblem::Syntax));
        assert_eq!(host_problem("web.fr."), Some(HostProblem::Syntax));
        assert_eq!(host_problem("-web.fr"), Some(HostProblem::Syntax));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggestion("https://MonApp.kub.sspcloud.fr:443/api"),
            Some(("monapp.kub.sspcloud.fr".into(), Some("/api".into())))
        );
        assert_eq!(suggestion("http://web.fr/"), Some(("web.fr".into(), None)));
        assert_eq!(suggestion("mon_app.fr"), None);
    }

    #[test]
    fn missing_and_invalid_hosts() {
        let yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  tls:\n    - hosts:\n        - Web.fr\n  rules:\n    - http:\n        paths: []\n    - host: \"\"\n    - host: http://web.fr\n    - host: web.fr\n";
        let found = crate::rules::findings_of(RULE.id(), yaml);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.path.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("spec.tls[0].hosts[0]", Severity::Error),
                ("spec.rules[0]", Severity::Warning),
                ("spec.rules[1]", Severity::Warning),
                ("spec.rules[2].host", Severity::Error),
            ]
        );
    }
}
