//! `https-plain-port`: a Service port named `https` (or 443) that targets a plain-HTTP container port.
//!
//! Complexity: O(n) plus, for each Service port named `https` or numbered 443, a
//! [`Ctx::selected_by`] lookup and a scan of the container ports of the k templates on its
//! selector's rarest label pair, until the target is found (no memo across Services): O(S·T)
//! worst case, when S such Services select the same T templates. Ingresses indexed once, lazily.

use crate::rules::pitfall_util::{container_name, looks_plain_http, of_kind};
use crate::rules::prelude::*;
use crate::yaml::{Node, Value};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "https-plain-port",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "service.md#les-ports",
        summary: Text {
            fr: "Port de Service nommé `https` (ou 443) qui mène à un port de conteneur en HTTP simple",
            en: "Service port named `https` (or 443) leading to a plain-HTTP container port",
        },
        what: Text {
            fr: "Pour chaque port de Service nommé `https` ou de numéro 443, cherche le port de conteneur visé par `targetPort` dans les pods sélectionnés. Il est signalé s'il sert du HTTP simple : port de conteneur nommé `http` (ou `http-…`, `web`), ou, sans nom, un numéro habituel des serveurs web et des frameworks (80, 8080, 8000, 5000, 3000, 5173, 8501, 3838, 8050, 8888…).",
            en: "For every Service port named `https` or numbered 443, looks for the container port its `targetPort` reaches in the selected pods. It is flagged if that port serves plain HTTP: a container port named `http` (or `http-…`, `web`), or, without a name, a usual number of web servers and frameworks (80, 8080, 8000, 5000, 3000, 5173, 8501, 3838, 8050, 8888…).",
        },
        why: Text {
            fr: "Le HTTPS se termine à l'Ingress : entre l'Ingress et le pod, le trafic circule en HTTP simple. Un port nommé `https` ou numéroté 443 fait croire à certains contrôleurs d'Ingress (Traefik, par exemple) qu'il faut parler TLS au pod ; le pod, qui attend du HTTP, ne comprend pas, et le visiteur reçoit une erreur 502 Bad Gateway.",
            en: "HTTPS ends at the Ingress: between the Ingress and the pod, traffic flows as plain HTTP. A port named `https` or numbered 443 makes some ingress controllers (Traefik, for example) speak TLS to the pod; the pod, expecting HTTP, does not understand, and the visitor gets a 502 Bad Gateway.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/https-plain-port/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/https-plain-port/good.yaml"),
    },
    check: Check::Set(check),
};

/// A container port reached by a Service port: number, name, and a description of its owner.
struct Reached {
    number: Option<i64>,
    name: Option<String>,
    owner: Msg,
}

/// Ingresses of the input that send traffic to a Service: (namespace, service) → ingress name.
fn ingresses<'a>(ctx: &Ctx<'a>) -> HashMap<(&'a str, &'a str), &'a str> {
    let mut map = HashMap::new();
    for ing in ctx.of_kind("Ingress") {
        let Some(spec) = ing.spec() else { continue };
        let ns = ctx.ns(ing);
        let paths = spec
            .get("rules")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .flat_map(|r| r.at("http.paths").map(Node::items).unwrap_or(&[]))
            .filter_map(|p| p.at("backend.service.name"));
        for name in spec
            .at("defaultBackend.service.name")
            .into_iter()
            .chain(paths)
            .filter_map(Node::as_str)
        {
            map.entry((ns, name)).or_insert(ing.name.as_str());
        }
    }
    map
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut routes = None;
    for svc in ctx.of_kind("Service") {
        let Some(spec) = svc.spec() else { continue };
        if spec.get("type").and_then(Node::as_str) == Some("ExternalName") {
            continue;
        }
        let ns = ctx.ns(svc);
        for (i, port) in spec
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(port_node) = port.get("port") else {
                continue;
            };
            let name_node = port
                .get("name")
                .filter(|n| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case("https")));
            if name_node.is_none() && port_node.as_i64() != Some(443) {
                continue;
            }
            let target = port.get("targetPort").unwrap_or(port_node);
            // The container port it reaches, in the selected pods.
            let mut reached = None;
            if let Some(selector) = spec.get("selector") {
                'found: for t in ctx.selected_by(ns, selector) {
                    for (path, c) in t.main_containers() {
                        for p in c.get("ports").map(Node::items).unwrap_or(&[]) {
                            let number = p.get("containerPort").and_then(Node::as_i64);
                            let name = p.get("name").and_then(Node::as_str);
                            let hit = match &target.value {
                                Value::Int(n) => number == Some(*n),
                                Value::Str(s) => name == Some(&**s),
                                _ => false,
                            };
                            if hit {
                                let owner = msg!(
                                    "du conteneur {p0} {p1} `{p2}`",
                                    "of container {p0} {p1} `{p2}`",
                                    p0 = container_name(c, &path),
                                    p1 = of_kind(&t.obj.kind),
                                    p2 = t.obj.name
                                );
                                reached = Some(Reached {
                                    number,
                                    name: name.map(str::to_string),
                                    owner,
                                });
                                break 'found;
                            }
                        }
                    }
                }
            }
            // Without a container port to look at, judge by the target itself.
            let reached = reached.unwrap_or_else(|| match &target.value {
                Value::Int(n) => Reached {
                    number: Some(*n),
                    name: None,
                    owner: Msg::EMPTY,
                },
                Value::Str(s) => Reached {
                    number: None,
                    name: Some(s.to_string()),
                    owner: Msg::EMPTY,
                },
                _ => Reached {
                    number: None,
                    name: None,
                    owner: Msg::EMPTY,
                },
            });
            if !looks_plain_http(reached.name.as_deref(), reached.number) {
                continue;
            }
            let svc_name = &svc.name;
            let label = port
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| port_node.scalar_text(), str::to_string);
            let shown = match (reached.number, &reached.name) {
                (Some(n), Some(name)) => format!("{n} (`{name}`)"),
                (Some(n), None) => n.to_string(),
                (None, Some(name)) => format!("`{name}`"),
                (None, None) => target.scalar_text(),
            };
            let owner = if reached.owner.is_empty() {
                Msg::EMPTY
            } else {
                let o = reached.owner.clone();
                msg!(" {o}", " {o}", o)
            };
            let message = msg!(
                "le port `{label}` du Service `{svc_name}` mène au port {shown}{owner}, qui parle HTTP simple : le HTTPS se termine à l'Ingress, et ce nom ou ce numéro peut faire parler TLS au contrôleur d'Ingress vers le pod (erreur 502)",
                "port `{label}` of Service `{svc_name}` leads to port {shown}{owner}, which speaks plain HTTP: HTTPS ends at the Ingress, and this name or number can make the ingress controller speak TLS to the pod (502 error)",
                label,
                svc_name,
                shown,
                owner
            );
            let routes = routes.get_or_insert_with(|| ingresses(ctx));
            let help = match routes.get(&(ns, svc_name.as_str())) {
                Some(ing) => msg!(
                    "nommez ce port `http` avec `port: 80` (`- name: http` / `port: 80`), et mettez à jour le `port` du backend de l'Ingress `{ing}` ; pour le HTTPS, utilisez `spec.tls` de l'Ingress",
                    "name this port `http` with `port: 80` (`- name: http` / `port: 80`), and update the backend `port` of Ingress `{ing}`; for HTTPS, use the Ingress's `spec.tls`",
                    ing
                ),
                None => msg!(
                    "nommez ce port `http` avec `port: 80` (`- name: http` / `port: 80`) ; pour le HTTPS, utilisez `spec.tls` de l'Ingress",
                    "name this port `http` with `port: 80` (`- name: http` / `port: 80`); for HTTPS, use the Ingress's `spec.tls`"
                ),
            };
            let (span, leaf) = match name_node {
                Some(n) => (n.span, "name"),
                None => (port_node.span, "port"),
            };
            out.push(
                ctx.finding(&RULE, svc, span, message, help)
                    .with_path(format!("{}spec.ports[{i}].{leaf}", svc.prefix)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn hits(ports: &str, container_ports: &str) -> Vec<Finding> {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: a\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n{container_ports}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: a\n  ports:\n{ports}"
        );
        crate::rules::findings_of(RULE.id(), &yaml)
    }

    #[test]
    fn https_to_plain_http() {
        let f = hits(
            "    - name: https\n      port: 443\n      targetPort: 8080\n",
            "        - containerPort: 8080\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "spec.ports[0].name");
        // Port 443 without a name, to a port named `http`.
        let f = hits(
            "    - port: 443\n      targetPort: web\n",
            "        - name: web\n          containerPort: 9000\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "spec.ports[0].port");
    }

    #[test]
    fn real_tls_backends_and_plain_names_pass() {
        assert!(
            hits(
                "    - name: https\n      port: 443\n      targetPort: 8443\n",
                "        - containerPort: 8443\n"
            )
            .is_empty()
        );
        assert!(
            hits(
                "    - name: https\n      port: 443\n      targetPort: tls\n",
                "        - name: tls\n          containerPort: 8080\n"
            )
            .is_empty()
        );
        assert!(
            hits(
                "    - name: http\n      port: 80\n      targetPort: 8080\n",
                "        - containerPort: 8080\n"
            )
            .is_empty()
        );
    }
}
