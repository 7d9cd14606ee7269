//! `ingress-spec`: an Ingress or IngressClass spec the API server rejects:
//! hosts that are not DNS names, paths, backends, TLS hosts, the class
//! annotation, the IngressClass controller and parameters.

use crate::rules::prelude::*;
use crate::rules::values::{
    dns1123_label, dns1123_subdomain, domain_prefixed_path, is_dns1123_subdomain,
    is_wildcard_subdomain,
};
use crate::rules::values::{key_span, kind_and_name};

pub static RULE: Rule = Rule {
    code: Code {
        id: "ingress-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "ingress.md",
        summary: Text {
            fr: "Un Ingress ou une IngressClass que l'API refuse : `host` qui n'est pas un nom DNS, chemin relatif, backend sans port ou avec deux cibles, `controller` sans domaine",
            en: "An Ingress or IngressClass the API rejects: a `host` that is not a DNS name, a relative path, a backend without a port or with two targets, a `controller` without a domain",
        },
        what: Text {
            fr: "Un Ingress a des `rules` ou un `defaultBackend`. Un `host` est un nom DNS en minuscules (`web.example.com`), éventuellement précédé de `*.` (`*.example.com`), jamais une adresse IP, un port, un chemin ou `http://` ; de même pour les `tls[].hosts`. Un bloc `http` a au moins un chemin ; avec `pathType: Prefix` ou `Exact`, `path` commence par `/` et ne contient ni `//`, ni `/./`, ni `/../`, ni `%2f`. Chaque backend vise soit un `service` (avec un `port` donné par `number` ou par `name`, pas les deux), soit une `resource`, jamais les deux. L'annotation `kubernetes.io/ingress.class`, si elle est écrite avec `ingressClassName`, doit valoir la même chose. Une IngressClass a un `controller` de la forme `domaine/chemin` (`example.com/ingress-controller`, 250 caractères au plus) ; ses `parameters` ont un `kind` et un `name`, et un `namespace` seulement avec `scope: Namespace`.",
            en: "An Ingress has `rules` or a `defaultBackend`. A `host` is a lower-case DNS name (`web.example.com`), optionally preceded by `*.` (`*.example.com`), never an IP address, a port, a path or `http://`; the same for `tls[].hosts`. An `http` block has at least one path; with `pathType: Prefix` or `Exact`, `path` starts with `/` and contains neither `//`, `/./`, `/../` nor `%2f`. Each backend aims at either a `service` (with a `port` given by `number` or by `name`, not both) or a `resource`, never both. The `kubernetes.io/ingress.class` annotation, if written with `ingressClassName`, must have the same value. An IngressClass has a `controller` of the form `domain/path` (`example.com/ingress-controller`, at most 250 characters); its `parameters` have a `kind` and a `name`, and a `namespace` only with `scope: Namespace`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : l'Ingress n'est pas créé et le site reste injoignable. Un `host` recopié d'une barre d'adresse (`https://MonApp.fr/`) ou un `path` sans `/` initial sont les erreurs les plus fréquentes.",
            en: "The API server rejects the whole object: the Ingress is not created and the site stays unreachable. A `host` copied from an address bar (`https://MyApp.com/`) or a `path` without a leading `/` are the most frequent mistakes.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/ingress-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/ingress-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// `netutils.ParseIPSloppy`: an IPv4 address whose parts may have leading zeros, or an IPv6 address.
fn is_ip_sloppy(s: &str) -> bool {
    if s.parse::<std::net::Ipv6Addr>().is_ok() {
        return true;
    }
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// Why a host is not accepted (None when it is valid), in a beginner's terms.
fn host_problem(host: &str) -> Option<Msg> {
    let valid = if host.contains('*') {
        is_wildcard_subdomain(host)
    } else {
        is_dns1123_subdomain(host)
    };
    if is_ip_sloppy(host) {
        return Some(msg!(
            "un `host` doit être un nom DNS, pas une adresse IP (pour une IP, n'écrivez pas de `host`)",
            "a `host` must be a DNS name, not an IP address (for an IP, write no `host`)"
        ));
    }
    if valid {
        return None;
    }
    Some(if host.contains("://") {
        msg!(
            "un `host` est un nom de domaine seul, sans `http://` ni `https://` devant",
            "a `host` is a bare domain name, without `http://` or `https://` in front"
        )
    } else if host.contains('/') {
        msg!(
            "un `host` ne contient pas de chemin : le chemin va dans `paths[].path`",
            "a `host` holds no path: the path goes in `paths[].path`"
        )
    } else if host.chars().any(char::is_whitespace) {
        msg!(
            "un `host` ne contient pas d'espace",
            "a `host` holds no space"
        )
    } else if host.contains(':') {
        msg!(
            "un `host` ne contient pas de port : l'Ingress répond sur 80 et 443",
            "a `host` holds no port: the Ingress answers on 80 and 443"
        )
    } else if host.chars().any(char::is_uppercase) {
        msg!(
            "un `host` s'écrit tout en minuscules",
            "a `host` is written in lower case only"
        )
    } else if host.contains('*') {
        msg!(
            "`*` n'est permis qu'en tête, seul devant un point (`*.example.com`)",
            "`*` is only allowed at the start, alone before a dot (`*.example.com`)"
        )
    } else if host.len() > 253 {
        msg!(
            "un nom DNS a 253 caractères au plus",
            "a DNS name has at most 253 characters"
        )
    } else {
        msg!(
            "un nom DNS n'a que des minuscules, des chiffres, des `-` et des points, chaque partie commençant et finissant par une lettre ou un chiffre (pas de point final)",
            "a DNS name has only lower-case letters, digits, `-` and dots, each part starting and ending with a letter or a digit (no final dot)"
        )
    })
}

/// `http://MonApp.exemple.fr:80/api` → `monapp.exemple.fr`, when that is valid.
fn host_suggestion(host: &str) -> Option<String> {
    let h = host.trim();
    let h = h.split_once("://").map_or(h, |(_, rest)| rest);
    let h = h.split('/').next().unwrap_or(h);
    let h = h
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(h, |(name, _)| name);
    let h = h.trim_end_matches('.').to_lowercase();
    (!h.is_empty() && h != host && host_problem(&h).is_none()).then_some(h)
}

type Cx<'a, 'b> = Emit<'a, 'b>;

fn check_host(c: &mut Cx, node: &Node, path: &str) {
    let Some(host) = node.as_str() else { return };
    if host.is_empty() {
        return;
    }
    let Some(problem) = host_problem(host) else {
        return;
    };
    let good = host_suggestion(host);
    let help = match &good {
        Some(g) => msg!("écrivez `{g}`", "write `{g}`", g),
        None => msg!(
            "écrivez un nom de domaine seul, en minuscules, comme `web.example.com`",
            "write a bare lower-case domain name, like `web.example.com`"
        ),
    };
    let host = host.to_string();
    let f = c.push(
        node.span,
        path,
        msg!(
            "`{host}` n'est pas un nom d'hôte accepté : {problem}",
            "`{host}` is not an accepted host name: {problem}",
            host,
            problem
        ),
        help,
    );
    if let Some(g) = good
        && node.span.start.is_known()
        && node.span.end.line == node.span.start.line
    {
        *f = f.clone().with_fix(
            node.span.start,
            node.span.caret_len(),
            crate::diag::Edit::Replace(g.clone()),
            msg!("Remplacer par `{g}`", "Replace with `{g}`", g),
        );
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !obj.api_version.starts_with("networking.k8s.io/") {
        return;
    }
    let mut c = Cx {
        rule: &RULE,
        cx,
        obj,
        out,
    };
    match obj.kind.as_str() {
        "Ingress" => ingress(&mut c),
        "IngressClass" => ingress_class(&mut c),
        _ => {}
    }
}

fn ingress(c: &mut Cx) {
    let obj = c.obj;
    let Some(spec) = obj.spec() else { return };
    let rules = spec.get("rules").map(Node::items).unwrap_or(&[]);
    let default = spec.get("defaultBackend").filter(|n| !n.is_null());
    // ING-01
    if rules.is_empty() && default.is_none() {
        c.err(
            key_span(&obj.root, "spec"),
            "spec",
            msg!(
                "cet Ingress n'a ni `rules` ni `defaultBackend` : il ne saurait pas où envoyer les requêtes",
                "this Ingress has neither `rules` nor `defaultBackend`: it would not know where to send requests"
            ),
            msg!(
                "ajoutez `rules:` avec un `host` et des `http.paths`, ou un `defaultBackend`",
                "add `rules:` with a `host` and `http.paths`, or a `defaultBackend`"
            ),
        );
    }
    if let Some(b) = default {
        backend(c, b, "spec.defaultBackend");
    }
    for (i, rule) in rules.iter().enumerate() {
        if let Some(h) = rule.get("host") {
            check_host(c, h, &format!("spec.rules[{i}].host"));
        }
        let Some(http) = rule.get("http").filter(|n| !n.is_null()) else {
            continue;
        };
        let paths = http.get("paths").map(Node::items).unwrap_or(&[]);
        if paths.is_empty() {
            c.err(
                key_span(rule, "http"),
                &format!("spec.rules[{i}].http.paths"),
                msg!(
                    "ce bloc `http` n'a aucun chemin (`paths`)",
                    "this `http` block has no path (`paths`)"
                ),
                msg!(
                    "ajoutez `paths:` avec au moins `- path: /`, `pathType: Prefix` et un `backend`",
                    "add `paths:` with at least `- path: /`, `pathType: Prefix` and a `backend`"
                ),
            );
        }
        for (j, p) in paths.iter().enumerate() {
            let pp = format!("spec.rules[{i}].http.paths[{j}]");
            let Some(ty) = p.get("pathType").and_then(Node::as_str) else {
                continue; // missing: `required-field`; the backend is then not checked
            };
            let path_node = p.get("path");
            let path = path_node.and_then(Node::as_str).unwrap_or("");
            let span = path_node.map_or_else(|| key_span(p, "pathType"), |n| n.span);
            match ty {
                "Exact" | "Prefix" => {
                    if !path.starts_with('/') {
                        let good = format!("/{}", path.trim_start_matches(['.', '/']));
                        c.err(
                            span,
                            &format!("{pp}.path"),
                            if path.is_empty() {
                                msg!(
                                    "avec `pathType: {ty}`, `path` est obligatoire et commence par `/`",
                                    "with `pathType: {ty}`, `path` is required and starts with `/`",
                                    ty = ty.to_string()
                                )
                            } else {
                                msg!(
                                    "`path: {path}` n'est pas un chemin absolu : il doit commencer par `/`",
                                    "`path: {path}` is not an absolute path: it must start with `/`",
                                    path = path.to_string()
                                )
                            },
                            msg!("écrivez `path: {good}`", "write `path: {good}`", good),
                        );
                    }
                    if !path.is_empty() {
                        for seq in ["//", "/./", "/../", "%2f", "%2F"] {
                            if path.contains(seq) {
                                c.err(
                                    span,
                                    &format!("{pp}.path"),
                                    msg!(
                                        "`path: {path}` contient `{seq}`, interdit avec `pathType: {ty}`",
                                        "`path: {path}` contains `{seq}`, forbidden with `pathType: {ty}`",
                                        path = path.to_string(),
                                        seq,
                                        ty = ty.to_string()
                                    ),
                                    msg!(
                                        "écrivez le chemin normalisé, sans `//`, `.` ni `..`",
                                        "write the normalised path, without `//`, `.` or `..`"
                                    ),
                                );
                            }
                        }
                        for suffix in ["/..", "/."] {
                            if path.ends_with(suffix) {
                                c.err(
                                    span,
                                    &format!("{pp}.path"),
                                    msg!(
                                        "`path: {path}` finit par `{suffix}`, interdit avec `pathType: {ty}`",
                                        "`path: {path}` ends with `{suffix}`, forbidden with `pathType: {ty}`",
                                        path = path.to_string(),
                                        suffix,
                                        ty = ty.to_string()
                                    ),
                                    msg!(
                                        "écrivez le chemin normalisé, sans `.` ni `..`",
                                        "write the normalised path, without `.` or `..`"
                                    ),
                                );
                            }
                        }
                    }
                }
                "ImplementationSpecific" => {
                    if !path.is_empty() && !path.starts_with('/') {
                        let good = format!("/{path}");
                        c.err(
                            span,
                            &format!("{pp}.path"),
                            msg!(
                                "`path: {path}` n'est pas un chemin absolu : il doit commencer par `/`",
                                "`path: {path}` is not an absolute path: it must start with `/`",
                                path = path.to_string()
                            ),
                            msg!("écrivez `path: {good}`", "write `path: {good}`", good),
                        );
                    }
                }
                _ => continue, // `invalid-enum`
            }
            if let Some(b) = p.get("backend").filter(|n| !n.is_null()) {
                backend(c, b, &format!("{pp}.backend"));
            }
        }
    }
    // ING-12
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
            // An empty TLS host is checked like any other (and refused).
            if host.is_empty() {
                c.err(
                    h.span,
                    &format!("spec.tls[{t}].hosts[{j}]"),
                    msg!(
                        "un nom d'hôte TLS vide n'est pas accepté",
                        "an empty TLS host name is not accepted"
                    ),
                    msg!(
                        "écrivez le même nom que le `host` de la règle, ou retirez l'élément",
                        "write the same name as the rule's `host`, or remove the item"
                    ),
                );
            } else {
                check_host(c, h, &format!("spec.tls[{t}].hosts[{j}]"));
            }
        }
    }
    // ING-14
    if let Some(class) = spec.get("ingressClassName").and_then(Node::as_str)
        && let Some(a) = obj
            .root
            .at("metadata.annotations")
            .and_then(|a| a.get(CLASS_ANNOTATION))
        && a.scalar_text() != class
    {
        let v = a.scalar_text();
        let class = class.to_string();
        c.err(
            a.span,
            &format!("annotations.{CLASS_ANNOTATION}"),
            msg!(
                "l'annotation `{CLASS_ANNOTATION}: {v}` contredit `ingressClassName: {class}`",
                "annotation `{CLASS_ANNOTATION}: {v}` contradicts `ingressClassName: {class}`",
                CLASS_ANNOTATION,
                v,
                class
            ),
            msg!(
                "supprimez l'annotation (elle est dépréciée) et gardez `ingressClassName`",
                "remove the annotation (it is deprecated) and keep `ingressClassName`"
            ),
        );
    }
}

/// ING-07…ING-10 on one backend.
fn backend(c: &mut Cx, b: &Node, path: &str) {
    let service = b.get("service").filter(|n| !n.is_null());
    let resource = b.get("resource").filter(|n| !n.is_null());
    let span = b.entries().first().map_or(b.span, |e| e.key_span);
    match (service, resource) {
        (Some(_), Some(_)) => {
            c.err(
                span,
                path,
                msg!(
                    "ce backend vise à la fois un `service` et une `resource` : il n'en faut qu'un",
                    "this backend aims at both a `service` and a `resource`: only one is allowed"
                ),
                msg!(
                    "gardez `service` (le cas courant)",
                    "keep `service` (the usual case)"
                ),
            );
        }
        (None, None) => {
            c.err(
                if b.entries().is_empty() { b.span } else { span },
                path,
                msg!(
                    "ce backend ne vise rien : il faut un `service` (avec `name` et `port`) ou une `resource`",
                    "this backend aims at nothing: it needs a `service` (with `name` and `port`) or a `resource`"
                ),
                msg!(
                    "écrivez `service: {{name: web, port: {{number: 80}}}}`",
                    "write `service: {{name: web, port: {{number: 80}}}}`"
                ),
            );
        }
        (Some(s), None) => {
            // An empty or invalid name: `invalid-name`.
            let port = s.get("port").filter(|n| !n.is_null());
            let name = port
                .and_then(|p| p.get("name"))
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty());
            let number = port
                .and_then(|p| p.get("number"))
                .and_then(Node::as_i64)
                .filter(|n| *n != 0);
            match (name, number) {
                (Some(_), Some(_)) => {
                    c.err(
                        port.map_or(span, |p| p.span),
                        path,
                        msg!(
                            "le port du backend est donné deux fois, par `name` et par `number` : un seul des deux",
                            "the backend's port is given twice, by `name` and by `number`: only one of them"
                        ),
                        msg!(
                            "gardez `number` (le numéro du port du Service) ou `name` (son nom)",
                            "keep `number` (the Service port's number) or `name` (its name)"
                        ),
                    );
                }
                (None, None) => {
                    c.err(
                        key_span(s, if port.is_some() { "port" } else { "name" }),
                        path,
                        msg!(
                            "le backend ne dit pas quel port du Service viser",
                            "the backend does not say which port of the Service to aim at"
                        ),
                        msg!(
                            "ajoutez `port: {{number: 80}}` (un `port` du Service) sous `service:`",
                            "add `port: {{number: 80}}` (a `port` of the Service) under `service:`"
                        ),
                    );
                }
                _ => {} // formats: `invalid-name`, `out-of-range`
            }
        }
        (None, Some(r)) => local_ref(c, r, &format!("{path}.resource")),
    }
}

/// ING-10, ICL-02: `apiGroup`, `kind`, `name` of a typed reference.
fn local_ref(c: &mut Cx, r: &Node, path: &str) {
    if let Some(g) = r.get("apiGroup")
        && let Some(group) = g.as_str()
        && let Some(problem) = dns1123_subdomain(group)
    {
        c.err(
            g.span,
            &format!("{path}.apiGroup"),
            msg!(
                "`apiGroup: {group}` n'est pas un nom de groupe d'API : {problem}",
                "`apiGroup: {group}` is not an API group name: {problem}",
                group = group.to_string(),
                problem
            ),
            msg!(
                "écrivez le groupe seul, sans version (`k8s.example.com`), ou supprimez la ligne pour le groupe de base",
                "write the group alone, without version (`k8s.example.com`), or remove the line for the core group"
            ),
        );
    }
    kind_and_name(
        c,
        r,
        path,
        msg!(
            "écrivez le `kind` (par exemple `StorageBucket`) et le `name` de l'objet visé, sans `/` ni `%`",
            "write the `kind` (for instance `StorageBucket`) and the `name` of the target object, without `/` or `%`"
        ),
    );
}

fn ingress_class(c: &mut Cx) {
    let obj = c.obj;
    let spec = obj.spec();
    // ICL-01
    let controller = spec.and_then(|s| s.get("controller"));
    let value = controller.and_then(Node::as_str).unwrap_or("");
    let problem = if value.is_empty() {
        Some(msg!(
            "une IngressClass nomme le contrôleur qui la gère : `controller` est obligatoire",
            "an IngressClass names the controller that handles it: `controller` is required"
        ))
    } else if value.len() > 250 {
        let n = value.len();
        Some(msg!(
            "`controller` a {n} caractères : 250 au plus",
            "`controller` has {n} characters: at most 250",
            n
        ))
    } else {
        domain_prefixed_path(value).map(|p| {
            let value = value.to_string();
            msg!(
                "`controller: {value}` n'est pas accepté : {p}",
                "`controller: {value}` is not accepted: {p}",
                value,
                p
            )
        })
    };
    if let Some(problem) = problem {
        let span = controller.map_or_else(
            || {
                obj.root
                    .entry("spec")
                    .map_or_else(|| obj.kind_span(), |e| e.key_span)
            },
            |n| n.span,
        );
        c.err(
            span,
            "spec.controller",
            problem,
            msg!(
                "écrivez le nom que le contrôleur annonce dans sa documentation, par exemple `k8s.io/ingress-nginx` ou `traefik.io/ingress-controller`",
                "write the name the controller announces in its documentation, for instance `k8s.io/ingress-nginx` or `traefik.io/ingress-controller`"
            ),
        );
    }
    // ICL-02
    let Some(params) = spec
        .and_then(|s| s.get("parameters"))
        .filter(|n| !n.is_null())
    else {
        return;
    };
    local_ref(c, params, "spec.parameters");
    let scope = params
        .get("scope")
        .and_then(Node::as_str)
        .unwrap_or("Cluster");
    let ns = params.get("namespace").filter(|n| !n.is_null());
    match (scope, ns) {
        ("Namespace", None) => {
            c.err(
                params.get("scope").map_or(params.span, |n| n.span),
                "spec.parameters.namespace",
                msg!(
                    "`scope: Namespace` exige le `namespace` de l'objet de paramètres",
                    "`scope: Namespace` requires the `namespace` of the parameters object"
                ),
                msg!(
                    "ajoutez `namespace:` sous `parameters:`",
                    "add `namespace:` under `parameters:`"
                ),
            );
        }
        ("Namespace", Some(n)) => {
            if let Some(v) = n.as_str()
                && let Some(problem) = dns1123_label(v)
            {
                c.err(
                    n.span,
                    "spec.parameters.namespace",
                    msg!(
                        "`namespace: {v}` n'est pas un nom de namespace : {problem}",
                        "`namespace: {v}` is not a namespace name: {problem}",
                        v = v.to_string(),
                        problem
                    ),
                    msg!(
                        "écrivez un nom en minuscules, chiffres et `-`",
                        "write a name of lower-case letters, digits and `-`"
                    ),
                );
            }
        }
        ("Cluster", Some(n)) => {
            c.err(
                n.span,
                "spec.parameters.namespace",
                msg!(
                    "`namespace` est interdit avec `scope: Cluster` (la valeur par défaut) : l'objet de paramètres n'a pas de namespace",
                    "`namespace` is forbidden with `scope: Cluster` (the default): the parameters object has no namespace"
                ),
                msg!(
                    "supprimez `namespace`, ou écrivez `scope: Namespace`",
                    "remove `namespace`, or write `scope: Namespace`"
                ),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::findings_of;

    fn ingress(spec: &str) -> String {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n{spec}"
        )
    }

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("ingress-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    fn rule(host: &str, path: &str, backend: &str) -> String {
        ingress(&format!(
            "  rules:\n    - host: {host}\n      http:\n        paths:\n          - path: {path}\n            pathType: Prefix\n            backend:\n{backend}"
        ))
    }

    const BACKEND: &str = "              service:\n                name: web\n                port:\n                  number: 80\n";

    #[test]
    fn hosts() {
        assert!(paths(&rule("web.example.com", "/", BACKEND)).is_empty());
        assert!(paths(&rule("\"*.example.com\"", "/", BACKEND)).is_empty());
        for bad in [
            "192.168.1.10",
            "010.0.0.1",
            "\"*\"",
            "\"*example.com\"",
            "\"foo.*.com\"",
            "Web.example.com",
            "\"http://web.example.com\"",
            "web.example.com.",
            "\"web.example.com:8080\"",
        ] {
            assert_eq!(
                paths(&rule(bad, "/", BACKEND)),
                ["spec.rules[0].host"],
                "{bad}"
            );
        }
        assert_eq!(
            host_suggestion("https://MonApp.example.com:443/api").as_deref(),
            Some("monapp.example.com")
        );
        // TLS hosts
        let tls = ingress(&format!(
            "  tls:\n    - hosts: [WWW.example.com]\n      secretName: \"\"\n  defaultBackend:\n{}",
            BACKEND.replace("              ", "    ")
        ));
        assert_eq!(paths(&tls), ["spec.tls[0].hosts[0]"]);
    }

    #[test]
    fn paths_and_backends() {
        assert_eq!(
            paths(&rule("a.example.com", "web", BACKEND)),
            ["spec.rules[0].http.paths[0].path"]
        );
        assert_eq!(
            paths(&rule("a.example.com", "/a//b", BACKEND)),
            ["spec.rules[0].http.paths[0].path"]
        );
        assert_eq!(
            paths(&rule("a.example.com", "/a/..", BACKEND)),
            ["spec.rules[0].http.paths[0].path"]
        );
        assert_eq!(
            paths(&rule(
                "a.example.com",
                "/",
                "              service:\n                name: web\n                port:\n                  number: 80\n                  name: http\n"
            )),
            ["spec.rules[0].http.paths[0].backend"]
        );
        assert_eq!(
            paths(&rule(
                "a.example.com",
                "/",
                "              service:\n                name: web\n"
            )),
            ["spec.rules[0].http.paths[0].backend"]
        );
        assert_eq!(
            paths(&rule(
                "a.example.com",
                "/",
                "              resource:\n                kind: Storage/Bucket\n                name: assets\n"
            )),
            ["spec.rules[0].http.paths[0].backend.resource.kind"]
        );
        assert_eq!(
            paths(&rule("a.example.com", "/", "              {}\n")),
            ["spec.rules[0].http.paths[0].backend"]
        );
        assert_eq!(paths(&ingress("  ingressClassName: nginx\n")), ["spec"]);
        assert_eq!(
            paths(&ingress(
                "  rules:\n    - host: a.example.com\n      http:\n        paths: []\n"
            )),
            ["spec.rules[0].http.paths"]
        );
    }

    #[test]
    fn class_annotation_and_ingress_class() {
        let yaml = rule("a.example.com", "/", BACKEND)
            .replace("  name: web\nspec:\n", "  name: web\n  annotations:\n    kubernetes.io/ingress.class: traefik\nspec:\n  ingressClassName: nginx\n");
        assert_eq!(paths(&yaml), ["annotations.kubernetes.io/ingress.class"]);
        let class = |spec: &str| {
            format!(
                "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: c\nspec:\n{spec}"
            )
        };
        assert!(paths(&class("  controller: example.com/ingress-controller\n")).is_empty());
        assert_eq!(paths(&class("  controller: nginx\n")), ["spec.controller"]);
        assert_eq!(
            paths(&class("  parameters:\n    kind: Cfg\n    name: c\n")),
            ["spec.controller"]
        );
        assert_eq!(
            paths(&class(
                "  controller: example.com/c\n  parameters:\n    kind: Cfg\n    name: c\n    scope: Namespace\n"
            )),
            ["spec.parameters.namespace"]
        );
        assert_eq!(
            paths(&class(
                "  controller: example.com/c\n  parameters:\n    kind: Cfg\n    name: c\n    namespace: x\n"
            )),
            ["spec.parameters.namespace"]
        );
    }

    #[test]
    fn default_backend_and_service_names() {
        // ING-11: the default backend follows the backend rules.
        assert_eq!(
            paths(&ingress(
                "  defaultBackend:\n    service:\n      name: web\n"
            )),
            ["spec.defaultBackend"]
        );
        assert!(paths(&ingress("  defaultBackend:\n    service:\n      name: web\n      port:\n        name: http\n")).is_empty());
        // ING-08: a leading digit is fine (an empty name is `invalid-name`'s).
        assert!(paths(&ingress("  defaultBackend:\n    service:\n      name: 1web\n      port:\n        number: 80\n")).is_empty());
        // ImplementationSpecific: an empty path is fine.
        assert!(paths(&ingress("  rules:\n    - http:\n        paths:\n          - pathType: ImplementationSpecific\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n")).is_empty());
    }
}
