//! Ingresses whose backend leads nowhere: a Service that does not exist, or
//! a port that Service does not have.

pub mod ingress_backend_missing;
pub mod ingress_backend_port;

use crate::cluster::diagnoses::cx::{At, Cx};
use crate::diag::Finding;
use crate::manifest::Object;
use crate::yaml::{Node, path};
use std::collections::BTreeSet;

/// One backend of an Ingress: the Service's name and port (number or name).
pub struct Backend<'a> {
    pub ingress: &'a Object,
    pub service: &'a str,
    pub port: String,
}

impl Backend<'_> {
    /// Where the student's file writes this backend's `field` (`name`,
    /// `port.number`, `port.name`) with `value`.
    pub fn locate(&self, cx: &Cx, ns: &str, field: &str, value: &str) -> Option<At> {
        let f = cx.file_obj("Ingress", ns, &self.ingress.name)?;
        for p in [
            "spec.rules[*].http.paths[*].backend.service",
            "spec.defaultBackend.service",
        ] {
            let segs = path::parse(p).ok()?;
            for n in path::select(&f.root, &segs) {
                if n.get("name").and_then(Node::as_str) == Some(self.service)
                    && let Some(t) = n
                        .at(field)
                        .filter(|t| t.scalar_text() == value && t.span.start.is_known())
                {
                    return Some(At {
                        file: f.file,
                        pos: t.span.start,
                        len: t.span.caret_len(),
                        namespaced: f.namespace.is_some(),
                    });
                }
            }
        }
        None
    }
}

/// Every distinct backend of an Ingress (default backend first).
fn backends(ing: &Object) -> Vec<Backend<'_>> {
    let mut nodes: Vec<&Node> = Vec::new();
    nodes.extend(ing.root.at("spec.defaultBackend.service"));
    for r in ing.root.at("spec.rules").map(Node::items).unwrap_or(&[]) {
        for p in r.at("http.paths").map(Node::items).unwrap_or(&[]) {
            nodes.extend(p.at("backend.service"));
        }
    }
    let mut seen = BTreeSet::new();
    nodes
        .into_iter()
        .filter_map(|b| {
            let service = b.get("name").and_then(Node::as_str)?;
            let port = b
                .at("port.number")
                .or(b.at("port.name"))
                .map(Node::scalar_text)
                .unwrap_or_default();
            seen.insert((service, port.clone())).then_some(Backend {
                ingress: ing,
                service,
                port,
            })
        })
        .collect()
}

pub fn detect(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    for ing in cx
        .snap
        .of_kind("Ingress", ns)
        .filter(|i| cx.scope.has("Ingress", &i.name))
    {
        for b in backends(ing) {
            out.extend(match cx.snap.find("Service", ns, b.service) {
                None => Some(ingress_backend_missing::detect(cx, &b, ns)),
                Some(service) => ingress_backend_port::detect(cx, &b, service, ns),
            });
        }
    }
}
