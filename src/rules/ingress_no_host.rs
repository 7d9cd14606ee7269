//! `ingress-no-host`: an Ingress rule without `host`.
//!
//! Complexity: O(n) in the size of the input set: one pass over the Ingresses
//! ([`Ctx::of_kind`]), each rule looked at once.

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
            fr: "Règle d'Ingress sans `host` : elle capte les requêtes de tous les noms d'hôte",
            en: "Ingress rule without `host`: it catches the requests of every host name",
        },
        what: Text {
            fr: "Signale chaque règle de `spec.rules` d'un Ingress qui n'a pas de `host` (ou un `host` vide). Un `host` mal écrit (majuscules, `http://`, port, adresse IP), lui, est refusé par l'API et signalé en erreur par `ingress-spec`.",
            en: "Flags every rule of an Ingress's `spec.rules` that has no `host` (or an empty `host`). A badly written `host` (capitals, `http://`, a port, an IP address) is rejected by the API and reported as an error by `ingress-spec`.",
        },
        why: Text {
            fr: "Une règle sans `host` reçoit les requêtes de tous les noms d'hôte : sur une plateforme partagée, le contrôleur d'Ingress peut vous envoyer le trafic destiné aux autres, ou refuser la règle. Sur SSP Cloud, chaque application a son propre nom sous `*.kub.sspcloud.fr`.",
            en: "A rule without `host` receives the requests of every host name: on a shared platform, the ingress controller may send you traffic meant for others, or reject the rule. On SSP Cloud, every application has its own name under `*.kub.sspcloud.fr`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/ingress-no-host/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/ingress-no-host/good.yaml"),
    },
    check: Check::Set(check),
};

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
                Some(h) if h.as_str().is_some_and(|s| !s.is_empty()) => {}
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn missing_hosts_warn_and_invalid_hosts_are_another_rules() {
        let yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  tls:\n    - hosts:\n        - Web.fr\n  rules:\n    - http:\n        paths: []\n    - host: \"\"\n    - host: http://web.fr\n    - host: web.fr\n";
        let found = crate::rules::findings_of(RULE.id(), yaml);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.path.as_str(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                ("spec.rules[0]", Severity::Warning),
                ("spec.rules[1]", Severity::Warning),
            ]
        );
    }
}
