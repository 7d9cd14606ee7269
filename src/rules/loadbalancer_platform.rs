//! `loadbalancer-platform`: a `type: LoadBalancer` Service on a platform that hands out no external IP.
//!
//! Complexity: O(n) in the objects of the input set: one pass over the Services
//! ([`Ctx::of_kind`]); the Ingress backends are indexed once (only if a LoadBalancer is
//! found), then one hash lookup per LoadBalancer Service.

use crate::rules::prelude::*;
use crate::yaml::Node;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "loadbalancer-platform",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "service.md",
        summary: Text {
            fr: "Service `type: LoadBalancer` : la plateforme du cours n'attribue pas d'adresse IP externe",
            en: "Service `type: LoadBalancer`: the course platform hands out no external IP",
        },
        what: Text {
            fr: "Signale chaque Service de `type: LoadBalancer`. Sur la plateforme du cours (SSP Cloud), comme sur la plupart des clusters partagés, aucun répartiteur de charge externe n'est créé pour les Services des utilisateurs : on expose une application par un Service `ClusterIP` et un Ingress.",
            en: "Flags every Service of `type: LoadBalancer`. On the course platform (SSP Cloud), like on most shared clusters, no external load balancer is created for users' Services: an application is exposed through a `ClusterIP` Service and an Ingress.",
        },
        why: Text {
            fr: "Le Service est bien créé, mais sa colonne `EXTERNAL-IP` reste `<pending>` pour toujours : l'application n'est jamais joignable depuis l'extérieur, sans aucun message d'erreur. La bonne voie est un Ingress avec un nom d'hôte personnel sous `*.kub.sspcloud.fr`, qui passe par le contrôleur d'Ingress de la plateforme et fournit le HTTPS.",
            en: "The Service is created, but its `EXTERNAL-IP` column stays `<pending>` forever: the application is never reachable from outside, without any error message. The right way is an Ingress with a personal host name under `*.kub.sspcloud.fr`, which goes through the platform's ingress controller and provides HTTPS.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/loadbalancer-platform/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/loadbalancer-platform/good.yaml"),
    },
    check: Check::Set(check),
};

/// The Services an Ingress sends traffic to: (namespace, service) → ingress name.
fn ingress_backends<'a>(ctx: &Ctx<'a>) -> HashMap<(&'a str, &'a str), &'a str> {
    let mut map = HashMap::new();
    for ing in ctx.of_kind("Ingress") {
        let Some(spec) = ing.spec() else { continue };
        let ns = ctx.ns(ing);
        let default = spec.at("defaultBackend.service.name");
        let paths = spec
            .get("rules")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .flat_map(|r| r.at("http.paths").map(Node::items).unwrap_or(&[]))
            .filter_map(|p| p.at("backend.service.name"));
        for name in default.into_iter().chain(paths).filter_map(Node::as_str) {
            map.entry((ns, name)).or_insert(ing.name.as_str());
        }
    }
    map
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut backends = None;
    for svc in ctx.of_kind("Service") {
        let Some(ty) = svc.spec().and_then(|s| s.get("type")) else {
            continue;
        };
        if ty.as_str() != Some("LoadBalancer") {
            continue;
        }
        let backends = backends.get_or_insert_with(|| ingress_backends(ctx));
        let name = &svc.name;
        let message = msg!(
            "le Service `{name}` est de type `LoadBalancer` : la plateforme du cours (SSP Cloud) n'attribue pas d'adresse IP externe, sa colonne `EXTERNAL-IP` restera `<pending>` pour toujours",
            "Service `{name}` is of type `LoadBalancer`: the course platform (SSP Cloud) hands out no external IP, its `EXTERNAL-IP` column will stay `<pending>` forever",
            name
        );
        let help = match backends.get(&(ctx.ns(svc), name.as_str())) {
            Some(ing) => msg!(
                "écrivez `type: ClusterIP` (ou supprimez la ligne) : l'Ingress `{ing}` expose déjà ce Service",
                "write `type: ClusterIP` (or remove the line): Ingress `{ing}` already exposes this Service",
                ing
            ),
            None => msg!(
                "écrivez `type: ClusterIP` (ou supprimez la ligne), puis exposez le Service par un Ingress avec un hôte à vous : `host: {name}-<votre-identifiant>.kub.sspcloud.fr`",
                "write `type: ClusterIP` (or remove the line), then expose the Service through an Ingress with a host of your own: `host: {name}-<your-id>.kub.sspcloud.fr`",
                name
            ),
        };
        out.push(
            ctx.finding(&RULE, svc, ty.span, message, help)
                .with_path(format!("{}spec.type", svc.prefix)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn hits(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of(RULE.id(), yaml)
    }

    #[test]
    fn help_names_an_existing_ingress() {
        let yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 80\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: entree\nspec:\n  rules:\n    - host: web.kub.sspcloud.fr\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n";
        let f = hits(yaml);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("`entree`"),
            "{}",
            f[0].help
        );
        assert!(hits(&yaml.replace("LoadBalancer", "NodePort")).is_empty());
    }
}
