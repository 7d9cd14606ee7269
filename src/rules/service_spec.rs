//! `service-spec`: a Service spec the API server rejects, beyond single
//! values: fields that belong to another `type`, ports without names or
//! twice the same, ExternalName. Addresses are `service-address`'s.

use crate::rules::prelude::*;
use crate::rules::values::{dns1123_subdomain, qualified_name};
use crate::rules::values::{key_span, no_items};

pub static RULE: Rule = Rule {
    code: Code {
        id: "service-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "service.md",
        summary: Text {
            fr: "Un Service que l'API refuse : ports sans nom ou en double, champ réservé à un autre `type`, `ExternalName` incomplet",
            en: "A Service the API rejects: ports without names or twice the same, a field reserved to another `type`, an incomplete `ExternalName`",
        },
        what: Text {
            fr: "Un Service a au moins un port (sauf un Service headless, `clusterIP: None`, ou `ExternalName`) ; dès qu'il en a plusieurs, chacun a un `name`, unique ; deux ports ne peuvent pas avoir le même `port` et le même `protocol`. Certains champs n'existent que pour un type : `externalTrafficPolicy` pour un Service joignable de l'extérieur (`NodePort`, `LoadBalancer`, ou avec `externalIPs`), `healthCheckNodePort` pour `LoadBalancer` avec `externalTrafficPolicy: Local`, `loadBalancerClass` et `allocateLoadBalancerNodePorts` pour `LoadBalancer` ; `clusterIP: None` est interdit pour `NodePort` et `LoadBalancer`. Un `ExternalName` a un `externalName` (un nom DNS en minuscules) et ni `clusterIP`, ni `ipFamilies`, ni `ipFamilyPolicy`. Les adresses sont vérifiées par `service-address`. Un `appProtocol` est un nom qualifié (`http`, `kubernetes.io/h2c`).",
            en: "A Service has at least one port (except a headless Service, `clusterIP: None`, or an `ExternalName`); as soon as it has several, each has a unique `name`; two ports cannot have the same `port` and the same `protocol`. Some fields only exist for one type: `externalTrafficPolicy` for a Service reachable from outside (`NodePort`, `LoadBalancer`, or with `externalIPs`), `healthCheckNodePort` for a `LoadBalancer` with `externalTrafficPolicy: Local`, `loadBalancerClass` and `allocateLoadBalancerNodePorts` for `LoadBalancer`; `clusterIP: None` is forbidden for `NodePort` and `LoadBalancer`. An `ExternalName` has an `externalName` (a lower-case DNS name) and neither `clusterIP`, `ipFamilies` nor `ipFamilyPolicy`. Addresses are checked by `service-address`. An `appProtocol` is a qualified name (`http`, `kubernetes.io/h2c`).",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Service entier : il n'est pas créé, et les applications qui comptent sur son nom DNS ne trouvent personne. Ces erreurs viennent souvent d'un Service copié puis changé de type (un `externalTrafficPolicy` resté sur un `ClusterIP`), ou d'un second port ajouté sans lui donner de nom.",
            en: "The API server rejects the whole Service: it is not created, and the applications relying on its DNS name find nobody. These mistakes often come from a Service copied then changed to another type (an `externalTrafficPolicy` left on a `ClusterIP`), or from a second port added without a name.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/service-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/service-spec/good.yaml"),
    },
    check: Check::Object(check),
};

/// A field written (present, not null, not an empty string or list).
fn written<'a>(spec: &'a Node, key: &str) -> Option<&'a Node> {
    spec.get(key).filter(|n| match &n.value {
        Value::Null => false,
        Value::Str(s) => !s.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        _ => true,
    })
}

type Cx<'a, 'b> = Emit<'a, 'b>;

/// What both Service rules read first: a `v1` Service's spec, its type (a
/// known one: another value is `invalid-enum`'s), `clusterIP` and `clusterIPs`.
pub(crate) struct Head<'a> {
    pub spec: &'a Node,
    pub ty: &'a str,
    pub cluster_ip: &'a str,
    pub cluster_ips: Vec<&'a Node>,
}

pub(crate) fn head(obj: &Object) -> Option<Head<'_>> {
    if obj.kind != "Service" || obj.api_version != "v1" {
        return None;
    }
    let spec = obj.spec()?;
    let ty = spec
        .get("type")
        .and_then(Node::as_str)
        .unwrap_or("ClusterIP");
    if !matches!(
        ty,
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
    ) {
        return None;
    }
    let cluster_ip = spec.get("clusterIP").and_then(Node::as_str).unwrap_or("");
    let cluster_ips = spec
        .get("clusterIPs")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .collect();
    Some(Head {
        spec,
        ty,
        cluster_ip,
        cluster_ips,
    })
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
    // clusterIP is copied into clusterIPs before validation.
    let headless = cluster_ip == "None";
    // Cluster IPs, families, external IPs and source ranges: `service-address`.
    let ports = spec.get("ports").map(Node::items).unwrap_or(&[]);

    // SVC-02 (`ports` written as something else than a list is
    // `field-type`'s: one mistake, one finding)
    if no_items(spec.get("ports")) && !headless && ty != "ExternalName" {
        c.err(
            spec.get("ports").map_or_else(|| key_span(&obj.root, "spec"), |n| n.span),
            "spec.ports",
            msg!(
                "ce Service n'a aucun port : il faut au moins un `ports` pour savoir où envoyer le trafic",
                "this Service has no port: at least one `ports` item is needed to know where to send traffic"
            ),
            msg!(
                "ajoutez `ports: [{{port: 80, targetPort: 8080}}]` (le port du Service, puis celui du conteneur)",
                "add `ports: [{{port: 80, targetPort: 8080}}]` (the Service's port, then the container's)"
            ),
        );
    }
    ports_rules(&mut c, ty, ports);

    // SVC-11
    if headless && matches!(ty, "NodePort" | "LoadBalancer") {
        let node = spec
            .get("clusterIP")
            .or_else(|| cluster_ips.first().copied())
            .unwrap_or(spec);
        c.err(
            node.span,
            "spec.clusterIPs[0]",
            msg!(
                "`clusterIP: None` (Service headless) est interdit pour un Service de type `{ty}` : il lui faut une adresse pour recevoir le trafic des nœuds",
                "`clusterIP: None` (headless Service) is forbidden for a Service of type `{ty}`: it needs an address to receive traffic from the nodes",
                ty = ty.to_string()
            ),
            msg!(
                "supprimez `clusterIP: None`, ou gardez un Service headless de type `ClusterIP`",
                "remove `clusterIP: None`, or keep a headless Service of type `ClusterIP`"
            ),
        );
    }

    if ty == "ExternalName" {
        external_name(&mut c, spec, cluster_ip, &cluster_ips);
    }

    // SVC-14: the ClientIP timeout (the config is dropped when sessionAffinity is None).
    if spec.get("sessionAffinity").and_then(Node::as_str) == Some("ClientIP")
        && let Some(t) = spec.at("sessionAffinityConfig.clientIP.timeoutSeconds")
        && let Some(v) = t.as_i64()
        && !(1..=86400).contains(&v)
    {
        c.err(
            t.span,
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            msg!(
                "`timeoutSeconds: {v}` est hors des valeurs permises : de 1 à 86400 secondes (un jour)",
                "`timeoutSeconds: {v}` is outside the allowed values: from 1 to 86400 seconds (one day)",
                v
            ),
            msg!(
                "choisissez une durée de 1 à 86400, ou supprimez la ligne (10800, trois heures, par défaut)",
                "pick a duration from 1 to 86400, or remove the line (10800, three hours, by default)"
            ),
        );
    }

    let external_ips = spec
        .get("externalIPs")
        .is_some_and(|n| !n.items().is_empty());
    let externally_accessible =
        matches!(ty, "NodePort" | "LoadBalancer") || (ty == "ClusterIP" && external_ips);

    // SVC-15
    if !externally_accessible && let Some(node) = written(spec, "externalTrafficPolicy") {
        let v = node.scalar_text();
        c.err(
            node.span,
            "spec.externalTrafficPolicy",
            msg!(
                "`externalTrafficPolicy: {v}` n'existe que pour un Service joignable de l'extérieur (`NodePort`, `LoadBalancer`, ou avec `externalIPs`) ; celui-ci est `{ty}`",
                "`externalTrafficPolicy: {v}` only exists for a Service reachable from outside (`NodePort`, `LoadBalancer`, or with `externalIPs`); this one is `{ty}`",
                v,
                ty = ty.to_string()
            ),
            msg!(
                "supprimez la ligne, ou changez le `type` du Service",
                "remove the line, or change the Service's `type`"
            ),
        );
    }
    // SVC-16
    let local = spec.get("externalTrafficPolicy").and_then(Node::as_str) == Some("Local");
    if let Some(node) = spec.get("healthCheckNodePort")
        && let Some(v) = node.as_i64()
        && v != 0
    {
        if !(ty == "LoadBalancer" && local) {
            c.err(
                node.span,
                "spec.healthCheckNodePort",
                msg!(
                    "`healthCheckNodePort` n'existe que pour un `LoadBalancer` avec `externalTrafficPolicy: Local`",
                    "`healthCheckNodePort` only exists for a `LoadBalancer` with `externalTrafficPolicy: Local`"
                ),
                msg!("supprimez la ligne", "remove the line"),
            );
        } else if !(1..=65535).contains(&v) {
            c.err(
                node.span,
                "spec.healthCheckNodePort",
                msg!(
                    "`healthCheckNodePort: {v}` n'est pas un numéro de port (de 1 à 65535)",
                    "`healthCheckNodePort: {v}` is not a port number (from 1 to 65535)",
                    v
                ),
                msg!(
                    "supprimez la ligne : Kubernetes en choisit un libre",
                    "remove the line: Kubernetes picks a free one"
                ),
            );
        }
    }

    // SVC-21
    for key in ["allocateLoadBalancerNodePorts", "loadBalancerClass"] {
        if spec.get(key).is_some_and(|n| !n.is_null()) && ty != "LoadBalancer" {
            c.err(
                key_span(spec, key),
                &format!("spec.{key}"),
                only_lb(key, ty),
                msg!(
                    "supprimez `{key}`, ou écrivez `type: LoadBalancer`",
                    "remove `{key}`, or write `type: LoadBalancer`",
                    key
                ),
            );
        }
    }
    if ty == "LoadBalancer"
        && let Some(node) = spec.get("loadBalancerClass")
        && let Some(v) = node.as_str()
        && let Some(problem) = qualified_name(v)
    {
        c.err(
            node.span,
            "spec.loadBalancerClass",
            msg!(
                "`loadBalancerClass: {v}` n'est pas un nom qualifié : {problem}",
                "`loadBalancerClass: {v}` is not a qualified name: {problem}",
                v = v.to_string(),
                problem
            ),
            msg!(
                "écrivez un nom comme `example.com/internal-lb`",
                "write a name like `example.com/internal-lb`"
            ),
        );
    }
    // Topology annotations that disagree.
    if let Some(ann) = obj.root.at("metadata.annotations")
        && let (Some(mode), Some(hints)) = (
            ann.get("service.kubernetes.io/topology-mode"),
            ann.get("service.kubernetes.io/topology-aware-hints"),
        )
        && mode.scalar_text() != hints.scalar_text()
    {
        c.err(
            mode.span,
            "metadata.annotations[service.kubernetes.io/topology-mode]",
            msg!(
                "les annotations `service.kubernetes.io/topology-mode` et `service.kubernetes.io/topology-aware-hints` (l'ancien nom) ont des valeurs différentes",
                "annotations `service.kubernetes.io/topology-mode` and `service.kubernetes.io/topology-aware-hints` (the old name) have different values"
            ),
            msg!(
                "supprimez `service.kubernetes.io/topology-aware-hints`",
                "remove `service.kubernetes.io/topology-aware-hints`"
            ),
        );
    }
}

fn only_lb(key: &str, ty: &str) -> Msg {
    let (key, ty) = (key.to_string(), ty.to_string());
    msg!(
        "`{key}` n'existe que pour un Service de type `LoadBalancer` ; celui-ci est `{ty}`",
        "`{key}` only exists for a Service of type `LoadBalancer`; this one is `{ty}`",
        key,
        ty
    )
}

fn ports_rules(c: &mut Cx, ty: &str, ports: &[Node]) {
    let several = ports.len() > 1;
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut seen: Vec<(String, i64, usize)> = Vec::new();
    let mut node_ports: Vec<(i64, String, i64, usize)> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let protocol = port
            .get("protocol")
            .and_then(Node::as_str)
            .unwrap_or("TCP")
            .to_string();
        let number = port.get("port").and_then(Node::as_i64);
        // SVC-05
        match port
            .get("name")
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
        {
            None if several => {
                let n = number.map_or_else(|| "?".to_string(), |n| n.to_string());
                let good = match number {
                    Some(80) | Some(8080) => "http".to_string(),
                    Some(443) | Some(8443) => "https".to_string(),
                    Some(n) => format!("port-{n}"),
                    None => format!("port-{i}"),
                };
                c.err(
                    port.entries().first().map_or(port.span, |e| e.key_span),
                    &format!("spec.ports[{i}].name"),
                    msg!(
                        "le port {n} n'a pas de `name` : quand un Service a plusieurs ports, chacun doit être nommé",
                        "port {n} has no `name`: when a Service has several ports, each must be named",
                        n
                    ),
                    msg!(
                        "ajoutez `name: {good}` à ce port",
                        "add `name: {good}` to this port",
                        good
                    ),
                );
            }
            Some(name) => {
                if let Some((_, first)) = names.iter().find(|(n, _)| n == name) {
                    let first = *first;
                    c.err(
                        port.get("name").map_or(port.span, |n| n.span),
                        &format!("spec.ports[{i}].name"),
                        msg!(
                            "le nom de port `{name}` est déjà celui du port n°{first} : chaque port d'un Service a un nom unique",
                            "port name `{name}` is already the name of port #{first}: each port of a Service has a unique name",
                            name = name.to_string(),
                            first
                        ),
                        msg!(
                            "donnez un autre nom à ce port",
                            "give this port another name"
                        ),
                    );
                } else {
                    names.push((name.to_string(), i));
                }
            }
            None => {}
        }
        // SVC-07
        if let Some(n) = number {
            if let Some((_, _, first)) = seen.iter().find(|(p, x, _)| *p == protocol && *x == n) {
                let first = *first;
                c.err(
                    port.get("port").map_or(port.span, |x| x.span),
                    &format!("spec.ports[{i}]"),
                    msg!(
                        "le port {n}/{protocol} est déjà déclaré (port n°{first}) : un Service n'expose un même port qu'une fois par protocole",
                        "port {n}/{protocol} is already declared (port #{first}): a Service exposes a given port only once per protocol",
                        n,
                        protocol = protocol.clone(),
                        first
                    ),
                    msg!(
                        "supprimez ce doublon, ou choisissez un autre `port`",
                        "remove this duplicate, or pick another `port`"
                    ),
                );
            } else {
                seen.push((protocol.clone(), n, i));
            }
        }
        // SVC-09: a nodePort shared by two ports is only allocated once for the same `port`.
        if matches!(ty, "NodePort" | "LoadBalancer")
            && let Some(np) = port
                .get("nodePort")
                .and_then(Node::as_i64)
                .filter(|n| *n != 0)
        {
            if let Some((_, first_proto, first_port, first)) = node_ports
                .iter()
                .find(|(x, proto, p, _)| *x == np && *proto != protocol && Some(*p) != number)
            {
                let (first, first_port, first_proto) = (*first, *first_port, first_proto.clone());
                c.err(
                    port.get("nodePort").map_or(port.span, |x| x.span),
                    &format!("spec.ports[{i}].nodePort"),
                    msg!(
                        "le `nodePort` {np} sert déjà au port n°{first} ({first_port}/{first_proto}) : un même nodePort ne peut servir qu'un même `port` (en TCP et en UDP)",
                        "`nodePort` {np} already serves port #{first} ({first_port}/{first_proto}): one nodePort can only serve one `port` (in TCP and UDP)",
                        np,
                        first,
                        first_port,
                        first_proto
                    ),
                    msg!(
                        "choisissez un autre `nodePort`, ou supprimez la ligne pour que Kubernetes en choisisse un",
                        "pick another `nodePort`, or remove the line so that Kubernetes picks one"
                    ),
                );
            } else if let Some(n) = number {
                node_ports.push((np, protocol.clone(), n, i));
            }
        }
        // SVC-22
        if let Some(node) = port.get("appProtocol")
            && let Some(v) = node.as_str()
            && let Some(problem) = qualified_name(v)
        {
            c.err(
                node.span,
                &format!("spec.ports[{i}].appProtocol"),
                msg!(
                    "`appProtocol: {v}` n'est pas un nom qualifié : {problem}",
                    "`appProtocol: {v}` is not a qualified name: {problem}",
                    v = v.to_string(),
                    problem
                ),
                msg!(
                    "écrivez un nom de protocole comme `http`, `https`, `kubernetes.io/h2c` ou `kubernetes.io/ws`",
                    "write a protocol name like `http`, `https`, `kubernetes.io/h2c` or `kubernetes.io/ws`"
                ),
            );
        }
    }
}

fn external_name(c: &mut Cx, spec: &Node, cluster_ip: &str, cluster_ips: &[&Node]) {
    // One trailing dot (a fully qualified name) is allowed.
    let name = spec
        .get("externalName")
        .and_then(Node::as_str)
        .unwrap_or("");
    let cname = name.strip_suffix('.').unwrap_or(name);
    if cname.is_empty() {
        c.err(
            spec.get("externalName").map_or_else(|| key_span(spec, "type"), |n| n.span),
            "spec.externalName",
            msg!(
                "un Service `ExternalName` a besoin d'un `externalName` : le nom DNS vers lequel il redirige",
                "an `ExternalName` Service needs an `externalName`: the DNS name it redirects to"
            ),
            msg!(
                "ajoutez `externalName: db.example.com` (le nom de la machine externe)",
                "add `externalName: db.example.com` (the name of the external machine)"
            ),
        );
    } else if let Some(problem) = dns1123_subdomain(cname) {
        let node = spec.get("externalName").unwrap_or(spec);
        c.err(
            node.span,
            "spec.externalName",
            msg!(
                "`externalName: {name}` n'est pas un nom DNS valide : {problem}",
                "`externalName: {name}` is not a valid DNS name: {problem}",
                name = name.to_string(),
                problem
            ),
            msg!(
                "écrivez le nom d'hôte seul, en minuscules, par exemple `db.example.com`",
                "write the bare host name, in lower case, for instance `db.example.com`"
            ),
        );
    }
    if !cluster_ip.is_empty() || !cluster_ips.is_empty() {
        let key = if cluster_ip.is_empty() {
            "clusterIPs"
        } else {
            "clusterIP"
        };
        c.err(
            key_span(spec, key),
            "spec.clusterIPs",
            msg!(
                "un Service `ExternalName` n'a pas d'adresse dans le cluster : `{key}` est interdit",
                "an `ExternalName` Service has no address in the cluster: `{key}` is forbidden",
                key
            ),
            msg!("supprimez `{key}`", "remove `{key}`", key),
        );
    }
    for key in ["ipFamilies", "ipFamilyPolicy"] {
        if written(spec, key).is_some() {
            c.err(
                key_span(spec, key),
                &format!("spec.{key}"),
                msg!(
                    "un Service `ExternalName` n'a pas d'adresse IP : `{key}` est interdit",
                    "an `ExternalName` Service has no IP address: `{key}` is forbidden",
                    key
                ),
                msg!("supprimez `{key}`", "remove `{key}`", key),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn svc(spec: &str) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}")
    }

    fn paths(spec: &str) -> Vec<String> {
        findings_of("service-spec", &svc(spec))
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn ports() {
        // SVC-02: headless and ExternalName need no port.
        assert_eq!(paths("  selector:\n    app: web\n"), ["spec.ports"]);
        assert!(paths("  clusterIP: None\n  selector:\n    app: web\n").is_empty());
        assert!(paths("  type: ExternalName\n  externalName: db.example.com\n").is_empty());
        // SVC-05: one unnamed port is fine, two need names; a 21-character name is fine.
        assert!(paths("  ports:\n    - port: 80\n      targetPort: 8080\n").is_empty());
        assert_eq!(
            paths("  ports:\n    - port: 80\n      name: http\n    - port: 9113\n"),
            ["spec.ports[1].name"]
        );
        assert!(paths("  ports:\n    - port: 80\n      name: http-metrics-endpoint\n").is_empty());
        assert_eq!(
            paths("  ports:\n    - port: 80\n      name: http\n    - port: 81\n      name: http\n"),
            ["spec.ports[1].name"]
        );
        // SVC-07: same port and protocol.
        assert_eq!(
            paths("  ports:\n    - port: 80\n      name: a\n    - port: 80\n      name: b\n"),
            ["spec.ports[1]"]
        );
        assert!(paths("  ports:\n    - port: 80\n      name: a\n    - port: 80\n      name: b\n      protocol: UDP\n").is_empty());
        // SVC-22
        assert_eq!(
            paths("  ports:\n    - port: 80\n      appProtocol: http 2\n"),
            ["spec.ports[0].appProtocol"]
        );
        assert!(
            paths("  ports:\n    - port: 80\n      appProtocol: kubernetes.io/h2c\n").is_empty()
        );
    }

    #[test]
    fn node_ports() {
        // The same nodePort for TCP and UDP of the same port is one allocation.
        assert!(paths("  type: NodePort\n  ports:\n    - {name: a, port: 80, nodePort: 30098}\n    - {name: b, port: 80, protocol: UDP, nodePort: 30098}\n").is_empty());
        assert_eq!(
            paths(
                "  type: NodePort\n  ports:\n    - {name: a, port: 80, nodePort: 30099}\n    - {name: b, port: 81, protocol: UDP, nodePort: 30099}\n"
            ),
            ["spec.ports[1].nodePort"]
        );
        // SVC-11
        assert_eq!(
            paths("  type: NodePort\n  clusterIP: None\n  ports:\n    - port: 80\n"),
            ["spec.clusterIPs[0]"]
        );
        // SVC-16
        assert_eq!(
            paths("  type: NodePort\n  healthCheckNodePort: 30100\n  ports:\n    - port: 80\n"),
            ["spec.healthCheckNodePort"]
        );
        assert!(paths("  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30100\n  ports:\n    - port: 80\n").is_empty());
    }

    #[test]
    fn fields_of_other_types() {
        // SVC-15: externalTrafficPolicy needs an externally accessible Service.
        assert_eq!(
            paths("  externalTrafficPolicy: Local\n  ports:\n    - port: 80\n"),
            ["spec.externalTrafficPolicy"]
        );
        assert!(paths("  externalIPs: [203.0.113.5]\n  externalTrafficPolicy: Local\n  ports:\n    - port: 80\n").is_empty());
        // SVC-21
        assert_eq!(
            paths(
                "  allocateLoadBalancerNodePorts: false\n  loadBalancerClass: example.com/lb\n  ports:\n    - port: 80\n"
            ),
            [
                "spec.allocateLoadBalancerNodePorts",
                "spec.loadBalancerClass"
            ]
        );
        assert!(paths("  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  loadBalancerClass: example.com/lb\n  ports:\n    - port: 80\n").is_empty());
        // SVC-14: the ClientIP timeout; with None the config is dropped.
        assert_eq!(
            paths(
                "  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 0\n  ports:\n    - port: 80\n"
            ),
            ["spec.sessionAffinityConfig.clientIP.timeoutSeconds"]
        );
        assert!(paths("  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 0\n  ports:\n    - port: 80\n").is_empty());
    }

    #[test]
    fn external_name() {
        assert_eq!(paths("  type: ExternalName\n"), ["spec.externalName"]);
        assert!(paths("  type: ExternalName\n  externalName: db.example.com.\n").is_empty());
        assert_eq!(
            paths("  type: ExternalName\n  externalName: Db.Example.com\n"),
            ["spec.externalName"]
        );
        assert_eq!(
            paths(
                "  type: ExternalName\n  externalName: db.example.com\n  clusterIP: None\n  ipFamilyPolicy: SingleStack\n"
            ),
            ["spec.clusterIPs", "spec.ipFamilyPolicy"]
        );
        // An IP-looking name is a valid subdomain.
        assert!(paths("  type: ExternalName\n  externalName: \"1.2.3.4\"\n").is_empty());
    }
}
