//! `ingress-routes`: an Ingress (named `name` if given) has a rule whose host
//! matches the regex `host` (if given), with a path equal to `path` whose
//! backend is the Service `service` on port `port`; and that Service exists.

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;
use crate::yaml::Node;

pub const KIND: Kind = Kind {
    name: "ingress-routes",
    keys: &[
        ("name", false),
        ("host", false),
        ("path", true),
        ("service", true),
        ("port", true),
    ],
    build,
};

/// `port = 80` (`port.number`) or `port = "http"` (`port.name`).
#[derive(Debug, Clone, PartialEq)]
pub enum Port {
    Number(i64),
    Name(String),
}

impl std::fmt::Display for Port {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Port::Number(n) => write!(f, "{n}"),
            Port::Name(n) => f.write_str(n),
        }
    }
}

#[derive(Debug, Clone)]
pub struct IngressRoutes {
    pub name: Option<String>,
    /// As written, and compiled (whole text).
    pub host: Option<(String, regex::Regex)>,
    pub path: String,
    pub service: String,
    pub port: Port,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    let port = match &raw.port {
        Some(toml::Value::Integer(n)) => Port::Number(*n),
        Some(toml::Value::String(s)) => Port::Name(s.clone()),
        _ => {
            return Err(raw.problem(
                "`port` est un entier (`port.number`) ou une chaîne (`port.name`)".into(),
                "`port` is an integer (`port.number`) or a string (`port.name`)".into(),
            ));
        }
    };
    let host = match &raw.host {
        Some(h) => Some((h.clone(), raw.regex(h)?)),
        None => None,
    };
    Ok(Check::IngressRoutes(IngressRoutes {
        name: raw.name.clone(),
        host,
        path: raw.string(&raw.path),
        service: raw.string(&raw.service),
        port,
    }))
}

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

impl IngressRoutes {
    fn port_ok(&self, backend: &Node) -> bool {
        match &self.port {
            Port::Number(n) => backend.at("port.number").and_then(Node::as_i64) == Some(*n),
            Port::Name(p) => s(backend, "port.name") == Some(p.as_str()),
        }
    }

    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (path, service, port, ns) = (&self.path, &self.service, self.port.to_string(), cx.ns);
        let ingresses: Vec<_> = cx
            .snap
            .of_kind("Ingress", ns)
            .filter(|i| self.name.as_ref().is_none_or(|n| &i.name == n))
            .collect();
        if ingresses.is_empty() {
            return Err(match &self.name {
                Some(n) => cx.missing("Ingress", n),
                None => msg!(
                    "aucun Ingress dans le namespace `{ns}` : créez-le avec `kubectl apply -f`",
                    "no Ingress in namespace `{ns}`: create it with `kubectl apply -f`",
                    ns
                ),
            });
        }
        let mut why: Option<Msg> = None;
        for ing in &ingresses {
            let ingress = &ing.name;
            for rule in ing.root.at("spec.rules").map(Node::items).unwrap_or(&[]) {
                let host = s(rule, "host");
                if let Some((wanted, re)) = &self.host
                    && !host.is_some_and(|h| re.is_match(h))
                {
                    let host = match host {
                        Some(h) => msg!("`{h}`", "`{h}`", h),
                        None => msg!("(aucun)", "(none)"),
                    };
                    why.get_or_insert_with(|| {
                        msg!(
                            "l'hôte {host} de l'Ingress `{ingress}` ne correspond pas à la forme attendue `{wanted}`",
                            "host {host} of Ingress `{ingress}` does not match the expected form `{wanted}`",
                            host,
                            ingress,
                            wanted
                        )
                    });
                    continue;
                }
                for p in rule.at("http.paths").map(Node::items).unwrap_or(&[]) {
                    if s(p, "path").unwrap_or("/") != path.as_str() {
                        continue;
                    }
                    let Some(b) = p.at("backend.service") else {
                        continue;
                    };
                    let backend = s(b, "name").unwrap_or("");
                    if backend != service.as_str() || !self.port_ok(b) {
                        let bport = b
                            .at("port.number")
                            .or(b.at("port.name"))
                            .map(Node::scalar_text)
                            .unwrap_or_default();
                        why = Some(msg!(
                            "le chemin `{path}` de l'Ingress `{ingress}` mène au Service `{backend}:{bport}` au lieu de `{service}:{port}`",
                            "path `{path}` of Ingress `{ingress}` leads to Service `{backend}:{bport}` instead of `{service}:{port}`",
                            path,
                            ingress,
                            backend,
                            bport,
                            service,
                            port
                        ));
                        continue;
                    }
                    if cx.snap.find("Service", ns, service).is_none() {
                        let missing = cx.missing("Service", service);
                        return Err(msg!(
                            "l'Ingress `{ingress}` route bien `{path}` vers `{service}`, mais {missing}",
                            "Ingress `{ingress}` does route `{path}` to `{service}`, but {missing}",
                            ingress,
                            path,
                            service,
                            missing
                        ));
                    }
                    return Ok(());
                }
            }
        }
        let why = why.unwrap_or_else(|| {
            msg!(
                "aucune règle d'Ingress pour le chemin `{path}` vers le Service `{service}:{port}`",
                "no Ingress rule for path `{path}` to Service `{service}:{port}`",
                path,
                service,
                port
            )
        });
        let apply = cx.apply(
            "Ingress",
            self.name.as_deref().unwrap_or(&ingresses[0].name),
        );
        Err(msg!(
            "{why} ; corrigez puis {apply}",
            "{why}; fix then {apply}",
            why,
            apply
        ))
    }
}
