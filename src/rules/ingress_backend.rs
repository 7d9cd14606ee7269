//! `ingress-backend`: every Ingress backend names an existing Service and one of its ports.
//!
//! Complexity: each backend of each Ingress is resolved by a hash lookup ([`Ctx::find`]),
//! Services indexed once (lazily), "did you mean" capped (100 names, 500 searches): O(n). Each
//! backend then scans the P ports of its Service (a few times on a miss): O(B·P) for B backends
//! to one Service with P ports, quadratic only when both grow.

use crate::manifest::Object;
use crate::rules::prelude::*;
use crate::yaml::{Node, Value};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "ingress-backend",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "ingress.md",
        summary: Text {
            fr: "Un backend d'Ingress vise un Service ou un port de Service qui n'existe pas",
            en: "An Ingress backend targets a Service or a Service port that does not exist",
        },
        what: Text {
            fr: "Chaque backend d'un Ingress (`spec.defaultBackend` et `spec.rules[].http.paths[].backend.service`) doit nommer un Service du même namespace, et son `port.number` doit être l'un des `ports[].port` de ce Service (pas le `targetPort` ni le port du conteneur), ou son `port.name` le nom de l'un de ces ports. Un Service qui ne fait pas partie des fichiers vérifiés donne un avertissement ; un port absent d'un Service présent est une erreur, avec les ports qui existent.",
            en: "Every backend of an Ingress (`spec.defaultBackend` and `spec.rules[].http.paths[].backend.service`) must name a Service of the same namespace, and its `port.number` must be one of that Service's `ports[].port` (not the `targetPort` nor the container port), or its `port.name` the name of one of those ports. A Service that is not part of the checked files gives a warning; a port missing from a Service that is there is an error, with the ports that exist.",
        },
        why: Text {
            fr: "Le contrôleur d'Ingress ne trouve pas où envoyer les requêtes : le site répond 503 (« Service Unavailable ») ou 404, alors que l'Ingress, le Service et les pods semblent tous corrects. L'erreur classique est de viser le port du conteneur (8000) au lieu du port du Service (80).",
            en: "The Ingress controller cannot find where to send requests: the site answers 503 (\"Service Unavailable\") or 404, while the Ingress, the Service and the pods all look right. The classic mistake is to target the container port (8000) instead of the Service port (80).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/ingress-backend/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/ingress-backend/good.yaml"),
    },
    check: Check::Set(check),
};

/// At most this many names are compared for "did you mean".
const MAX_CANDIDATES: usize = 100;
/// At most this many "did you mean" searches per run (keeps pathological inputs linear).
const MAX_SEARCHES: usize = 500;

/// The Services of the input, by namespace and by name.
#[derive(Default)]
struct Services<'a> {
    by_ns: HashMap<&'a str, Vec<&'a str>>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

/// One port of a Service: `port`, `name`, `targetPort`.
struct SvcPort {
    port: i64,
    name: Option<String>,
    target: Option<String>,
}

fn service_ports(svc: &Object) -> Vec<SvcPort> {
    svc.root
        .at("spec.ports")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            Some(SvcPort {
                port: p.get("port")?.as_i64()?,
                name: p.get("name").and_then(Node::as_str).map(str::to_string),
                target: p.get("targetPort").map(Node::scalar_text),
            })
        })
        .collect()
}

fn render_ports(ports: &[SvcPort]) -> String {
    ports
        .iter()
        .map(|p| match &p.name {
            Some(n) => format!("{} (`{n}`)", p.port),
            None => p.port.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a backend is written in its Ingress.
enum Loc<'n> {
    Default,
    Rule {
        i: usize,
        j: usize,
        host: Option<&'n str>,
        path: &'n str,
    },
}

impl Loc<'_> {
    fn path(&self, prefix: &str) -> String {
        match self {
            Loc::Default => format!("{prefix}spec.defaultBackend.service"),
            Loc::Rule { i, j, .. } => {
                format!("{prefix}spec.rules[{i}].http.paths[{j}].backend.service")
            }
        }
    }

    /// "le chemin `/api` de l'hôte `x`" / "le backend par défaut".
    fn place(&self) -> Msg {
        match self {
            Loc::Default => msg!("le backend par défaut", "the default backend"),
            Loc::Rule {
                host: Some(h),
                path: p,
                ..
            } => msg!(
                "le chemin `{p}` de l'hôte `{h}`",
                "path `{p}` of host `{h}`",
                p,
                h
            ),
            Loc::Rule {
                host: None,
                path: p,
                ..
            } => msg!("le chemin `{p}`", "path `{p}`", p),
        }
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut services: Option<Services> = None;
    let mut searches = 0;
    for ing in ctx.of_kind("Ingress") {
        let Some(spec) = ing.spec() else { continue };
        let mut backends: Vec<(&Node, Loc)> = Vec::new();
        if let Some(b) = spec.at("defaultBackend.service") {
            backends.push((b, Loc::Default));
        }
        for (i, rule) in spec
            .get("rules")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let host = rule.get("host").and_then(Node::as_str);
            let paths = rule.at("http.paths").map(Node::items).unwrap_or(&[]);
            for (j, p) in paths.iter().enumerate() {
                let Some(b) = p.at("backend.service") else {
                    continue;
                };
                let path = p.get("path").and_then(Node::as_str).unwrap_or("/");
                backends.push((b, Loc::Rule { i, j, host, path }));
            }
        }
        for (b, loc) in backends {
            let services = services.get_or_insert_with(|| {
                let mut ix = Services::default();
                for s in ctx.of_kind("Service") {
                    ix.by_ns.entry(ctx.ns(s)).or_default().push(s.name.as_str());
                    ix.by_name
                        .entry(s.name.as_str())
                        .or_default()
                        .push(ctx.ns(s));
                }
                ix
            });
            check_backend(ctx, ing, b, &loc, services, &mut searches, out);
        }
    }
}

fn check_backend(
    ctx: &Ctx,
    ing: &Object,
    backend: &Node,
    loc: &Loc,
    services: &Services,
    searches: &mut usize,
    out: &mut Vec<Finding>,
) {
    let Some(name_node) = backend.get("name") else {
        return;
    };
    let Some(name) = name_node.as_str() else {
        return;
    };
    let ns = ctx.ns(ing);
    let ing_name = &ing.name;
    let Some(svc) = ctx.find("Service", ns, name) else {
        let (path, place) = (loc.path(&ing.prefix), loc.place());
        let here = services.by_ns.get(ns).map(Vec::as_slice).unwrap_or(&[]);
        let elsewhere = services
            .by_name
            .get(name)
            .and_then(|v| v.iter().find(|n| **n != ns))
            .copied();
        let (message, help, severity) = if let Some(other) = elsewhere {
            (
                msg!(
                    "{place} de l'Ingress `{ing_name}` envoie vers le Service `{name}`, qui est dans le namespace `{other}` : un Ingress ne peut viser que les Services de son namespace (`{ns}`)",
                    "{place} of Ingress `{ing_name}` sends to Service `{name}`, which is in namespace `{other}`: an Ingress can only target the Services of its own namespace (`{ns}`)",
                    place,
                    ing_name,
                    name,
                    other,
                    ns
                ),
                msg!(
                    "mettez l'Ingress et le Service dans le même namespace (`metadata.namespace: {other}` dans l'Ingress, ou `{ns}` dans le Service)",
                    "put the Ingress and the Service in the same namespace (`metadata.namespace: {other}` in the Ingress, or `{ns}` in the Service)",
                    other,
                    ns
                ),
                if ing.namespace.is_some() {
                    Severity::Error
                } else {
                    Severity::Warning
                },
            )
        } else {
            let limit = if *searches < MAX_SEARCHES {
                MAX_CANDIDATES
            } else {
                0
            };
            *searches += 1;
            let names = here.iter().take(limit).copied();
            let help = match crate::suggest::closest(name, names) {
                Some(s) => msg!(
                    "vouliez-vous dire `{s}` ? écrivez `name: {s}` ; si le Service `{name}` existe déjà dans le cluster, ignorez cet avertissement",
                    "did you mean `{s}`? write `name: {s}`; if Service `{name}` already exists in the cluster, ignore this warning",
                    s,
                    name
                ),
                None if !here.is_empty() && here.len() <= 5 => {
                    let list = here
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    msg!(
                        "les Services des fichiers dans ce namespace sont : {list} ; si le Service `{name}` existe déjà dans le cluster, ignorez cet avertissement",
                        "the Services of the files in this namespace are: {list}; if Service `{name}` already exists in the cluster, ignore this warning",
                        list,
                        name
                    )
                }
                None => msg!(
                    "ajoutez le manifeste du Service `{name}` aux fichiers vérifiés ; s'il existe déjà dans le cluster, ignorez cet avertissement",
                    "add the manifest of Service `{name}` to the checked files; if it already exists in the cluster, ignore this warning",
                    name
                ),
            };
            (
                msg!(
                    "{place} de l'Ingress `{ing_name}` envoie vers le Service `{name}`, qui ne fait pas partie des fichiers vérifiés (namespace `{ns}`)",
                    "{place} of Ingress `{ing_name}` sends to Service `{name}`, which is not part of the checked files (namespace `{ns}`)",
                    place,
                    ing_name,
                    name,
                    ns
                ),
                help,
                Severity::Warning,
            )
        };
        out.push(
            ctx.finding(&RULE, ing, name_node.span, message, help)
                .with_path(format!("{path}.name"))
                .with_severity(severity),
        );
        return;
    };
    let Some(port) = backend.get("port") else {
        return;
    };
    // The usual case first, without building anything.
    let raw = svc.root.at("spec.ports").map(Node::items).unwrap_or(&[]);
    let found = raw
        .iter()
        .any(|p| match (port.get("number"), port.get("name")) {
            (Some(n), _) => {
                n.as_i64().is_some() && p.get("port").and_then(Node::as_i64) == n.as_i64()
            }
            (None, Some(name)) => {
                name.as_str().is_some() && p.get("name").and_then(Node::as_str) == name.as_str()
            }
            (None, None) => true,
        });
    if found {
        return;
    }
    let ports = service_ports(svc);
    if ports.is_empty() {
        return; // ExternalName, or ports the schema already reports.
    }
    let list = render_ports(&ports);
    let first = ports[0].port;
    if let Some(number) = port.get("number") {
        let Value::Int(n) = number.value else { return };
        if ports.iter().any(|p| p.port == n) {
            return;
        }
        let (path, place) = (loc.path(&ing.prefix), loc.place());
        let shown = n.to_string();
        let via_target = ports
            .iter()
            .find(|p| p.target.as_deref() == Some(shown.as_str()));
        let help = match via_target {
            Some(p) => {
                let right = p.port;
                msg!(
                    "un Ingress parle au `port` du Service, pas au `targetPort` ni au port du conteneur : écrivez `number: {right}`",
                    "an Ingress talks to the Service `port`, not to the `targetPort` nor to the container port: write `number: {right}`",
                    right
                )
            }
            None => msg!(
                "écrivez l'un des ports du Service, par exemple `number: {first}`",
                "write one of the Service's ports, for example `number: {first}`",
                first
            ),
        };
        out.push(
            ctx.finding(
                &RULE,
                ing,
                number.span,
                msg!("{place} de l'Ingress `{ing_name}` vise le port {n} du Service `{name}`, qui n'a pas ce port (ports du Service : {list})", "{place} of Ingress `{ing_name}` targets port {n} of Service `{name}`, which has no such port (Service ports: {list})", place, ing_name, n, name, list),
                help,
            )
            .with_path(format!("{path}.port.number")),
        );
    } else if let Some(pname) = port.get("name") {
        let Some(wanted) = pname.as_str() else { return };
        if ports.iter().any(|p| p.name.as_deref() == Some(wanted)) {
            return;
        }
        let (path, place) = (loc.path(&ing.prefix), loc.place());
        let (message, help) = if ports.iter().all(|p| p.name.is_none()) {
            (
                msg!(
                    "{place} de l'Ingress `{ing_name}` vise le port nommé `{wanted}` du Service `{name}`, mais les ports de ce Service n'ont pas de nom (numéros : {list})",
                    "{place} of Ingress `{ing_name}` targets the port named `{wanted}` of Service `{name}`, but the ports of that Service have no name (numbers: {list})",
                    place,
                    ing_name,
                    wanted,
                    name,
                    list
                ),
                msg!(
                    "écrivez le numéro à la place du nom (`number: {first}`), ou donnez `name: {wanted}` au port du Service",
                    "write the number instead of the name (`number: {first}`), or give `name: {wanted}` to the Service port",
                    first,
                    wanted
                ),
            )
        } else {
            let names = ports.iter().filter_map(|p| p.name.as_deref());
            let help = match crate::suggest::closest(wanted, names) {
                Some(s) => msg!(
                    "vouliez-vous dire `{s}` ? écrivez `name: {s}`",
                    "did you mean `{s}`? write `name: {s}`",
                    s
                ),
                None => msg!(
                    "écrivez le nom d'un port du Service, ou son numéro (`number: {first}`)",
                    "write the name of a Service port, or its number (`number: {first}`)",
                    first
                ),
            };
            (
                msg!(
                    "{place} de l'Ingress `{ing_name}` vise le port nommé `{wanted}` du Service `{name}`, qui n'a pas de port de ce nom (ports du Service : {list})",
                    "{place} of Ingress `{ing_name}` targets the port named `{wanted}` of Service `{name}`, which has no port of that name (Service ports: {list})",
                    place,
                    ing_name,
                    wanted,
                    name,
                    list
                ),
                help,
            )
        };
        out.push(
            ctx.finding(&RULE, ing, pname.span, message, help)
                .with_path(format!("{path}.port.name")),
        );
    }
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("ingress-backend", yaml)
    }

    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8000\n---\n";

    fn ingress(port: &str) -> String {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n  rules:\n    - host: a.example.org\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n{port}"
        )
    }

    #[test]
    fn right_port_is_fine() {
        assert!(
            findings(&format!(
                "{SVC}{}",
                ingress("                  number: 80\n")
            ))
            .is_empty()
        );
    }

    #[test]
    fn container_port_instead_of_service_port() {
        let f = findings(&format!(
            "{SVC}{}",
            ingress("                  number: 8000\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("number: 80`"),
            "{}",
            f[0].help
        );
        assert_eq!(
            f[0].path,
            "spec.rules[0].http.paths[0].backend.service.port.number"
        );
    }

    #[test]
    fn named_port_on_unnamed_ports() {
        let f = findings(&format!(
            "{SVC}{}",
            ingress("                  name: http\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("pas de nom"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("80"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn absent_service_is_a_warning() {
        let f = findings(&ingress("                  number: 80\n"));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.severity == Severity::Warning));
    }
}
