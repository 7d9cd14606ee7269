//! `invalid-name`: An object, container or port name that is not a valid DNS name.
//!

use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-name",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-name",
        summary: Text {
            fr: "Un nom (d'objet, de conteneur, de volume, de port…) que l'API refuse",
            en: "A name (of an object, a container, a volume, a port…) the API server rejects",
        },
        what: Text {
            fr: "Chaque nom suit la règle que le serveur d'API applique à sa place. Noms d'objets : un sous-domaine DNS (minuscules, chiffres, `-` et `.`, 253 caractères au plus) pour la plupart des types ; un label DNS (minuscules, chiffres et `-`, 63 au plus, sans point) pour un Service, un Namespace et un StatefulSet ; 52 caractères au plus pour un CronJob ; pour les Role, RoleBinding, ClusterRole, ClusterRoleBinding et PodDisruptionBudget, seulement pas de `/` ni de `%` (`system:metrics-reader` est valide). Dans les objets : conteneurs, volumes et ports de Service sont des labels DNS ; un port de conteneur, un `targetPort` ou un port de sonde nommé suit la règle des services IANA (15 caractères au plus, au moins une lettre, pas de `--`) ; un compte de service, une ConfigMap ou un Secret référencés sont des sous-domaines DNS ; une variable d'environnement n'a que des caractères ASCII imprimables sans `=`.",
            en: "Each name follows the rule the API server applies at its place. Object names: a DNS subdomain (lower-case letters, digits, `-` and `.`, at most 253 characters) for most kinds; a DNS label (lower-case letters, digits and `-`, at most 63, no dot) for a Service, a Namespace and a StatefulSet; at most 52 characters for a CronJob; for Role, RoleBinding, ClusterRole, ClusterRoleBinding and PodDisruptionBudget, only no `/` nor `%` (`system:metrics-reader` is valid). Inside objects: containers, volumes and Service ports are DNS labels; a named container port, `targetPort` or probe port follows the IANA service name rule (at most 15 characters, at least one letter, no `--`); a referenced service account, ConfigMap or Secret is a DNS subdomain; an environment variable has only printable ASCII characters without `=`.",
        },
        why: Text {
            fr: "Ces noms deviennent des noms DNS et des noms de fichiers dans le cluster (`backend.mon-namespace.svc`) : le serveur d'API refuse l'objet entier dès qu'un seul ne convient pas.",
            en: "These names become DNS names and file names in the cluster (`backend.my-namespace.svc`): the API server rejects the whole object as soon as one does not fit.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-name/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-name/good.yaml"),
    },
    check: Check::Object(check),
};

use crate::rules::values::{
    dns1123_label, dns1123_subdomain, env_name, path_segment, port_name, suggest_name,
};

/// The rule of a kind's object names.
#[derive(Clone, Copy, PartialEq)]
enum NameRule {
    Subdomain,
    Label,
    PathSegment,
}

fn name_rule(kind: &str) -> NameRule {
    match kind {
        "Namespace" | "StatefulSet" | "Service" => NameRule::Label,
        "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" | "PodDisruptionBudget" => {
            NameRule::PathSegment
        }
        _ => NameRule::Subdomain,
    }
}

fn the_kind(kind: &str) -> Msg {
    crate::rules::pitfall_util::a_kind(kind)
}

struct Name<'a> {
    node: &'a Node,
    path: String,
    /// "un Service", "un conteneur"…
    what: Msg,
    problem: Msg,
    good: String,
}

fn report(cx: &ObjCx, obj: &Object, n: Name, out: &mut Vec<Finding>) {
    let Name {
        node,
        path,
        what,
        problem,
        good,
    } = n;
    let name = node.scalar_text();
    out.push(
        cx.finding(
            &RULE,
            obj,
            node.span,
            msg!(
                "`{name}` n'est pas un nom valide pour {what} : {problem}",
                "`{name}` is not a valid name for {what}: {problem}",
                name,
                what,
                problem
            ),
            msg!(
                "écrivez par exemple `{good}`",
                "write for instance `{good}`",
                good
            ),
        )
        .with_path(path)
        .with_fix(
            node.span.start,
            node.span.caret_len(),
            crate::diag::Edit::Replace(good.clone()),
            msg!("Renommer en `{good}`", "Rename to `{good}`", good),
        ),
    );
}

fn str_at<'a>(n: &'a Node, key: &str) -> Option<(&'a Node, &'a str)> {
    let v = n.get(key)?;
    Some((v, v.as_str()?))
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !matches!(
        crate::schema::lookup(&obj.api_version, &obj.kind),
        crate::schema::Lookup::Served(_)
    ) {
        return;
    }
    let p = &obj.prefix;
    // The object's own name.
    if let Some(meta) = obj.metadata() {
        for key in ["name", "generateName"] {
            let Some((node, name)) = str_at(meta, key) else {
                continue;
            };
            // generateName is a prefix: a trailing `-` is fine.
            let checked = if key == "generateName" {
                name.trim_end_matches('-')
            } else {
                name
            };
            if key == "generateName" && checked.is_empty() {
                continue;
            }
            let rule = name_rule(&obj.kind);
            let problem = match rule {
                NameRule::Subdomain => dns1123_subdomain(checked),
                NameRule::Label => dns1123_label(checked),
                NameRule::PathSegment => path_segment(checked),
            }
            .or_else(|| {
                (obj.kind == "CronJob" && key == "name" && name.len() > 52).then(|| {
                    let n = name.len();
                    msg!(
                        "{n} caractères : le nom d'un CronJob en a 52 au plus (ses Jobs ajoutent un suffixe)",
                        "{n} characters: a CronJob name has at most 52 (its Jobs add a suffix)",
                        n
                    )
                })
            });
            if let Some(problem) = problem {
                let max = if obj.kind == "CronJob" {
                    52
                } else if rule == NameRule::Label {
                    63
                } else {
                    253
                };
                let good = match rule {
                    NameRule::PathSegment => name.replace(['/', '%'], "-"),
                    NameRule::Label => suggest_name(name, max, false),
                    NameRule::Subdomain => suggest_name(name, max, true),
                };
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{p}metadata.{key}"),
                        what: the_kind(&obj.kind),
                        problem,
                        good,
                    },
                    out,
                );
            }
        }
        if let Some((node, ns)) = str_at(meta, "namespace")
            && let Some(problem) = dns1123_label(ns)
        {
            let good = suggest_name(ns, 63, false);
            report(
                cx,
                obj,
                Name {
                    node,
                    path: format!("{p}metadata.namespace"),
                    what: msg!("un namespace", "a namespace"),
                    problem,
                    good,
                },
                out,
            );
        }
    }
    if let Some((spec, spec_path)) = crate::rules::pod::spec_of(obj) {
        pod_names(cx, obj, spec, &spec_path, out);
    }
    let spec = obj.spec();
    match obj.kind.as_str() {
        "Service" => {
            for (i, port) in spec
                .and_then(|s| s.get("ports"))
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let path = format!("{p}spec.ports[{i}]");
                if let Some((node, name)) = str_at(port, "name")
                    && let Some(problem) = dns1123_label(name)
                {
                    let good = suggest_name(name, 63, false);
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{path}.name"),
                            what: msg!(
                                "un port de Service (un label DNS : 63 caractères au plus)",
                                "a Service port (a DNS label: at most 63 characters)"
                            ),
                            problem,
                            good,
                        },
                        out,
                    );
                }
                if let Some((node, name)) = str_at(port, "targetPort")
                    && let Some(problem) = port_name(name)
                {
                    let good = suggest_name(name, 15, false);
                    let good = if good.bytes().any(|c| c.is_ascii_lowercase()) {
                        good
                    } else {
                        "http".into()
                    };
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{path}.targetPort"),
                            what: msg!("un `targetPort` nommé", "a named `targetPort`"),
                            problem,
                            good,
                        },
                        out,
                    );
                }
            }
        }
        "StatefulSet" => {
            if let Some((node, name)) = spec.and_then(|s| str_at(s, "serviceName"))
                && !name.is_empty()
                && let Some(problem) = dns1123_label(name)
            {
                let good = suggest_name(name, 63, false);
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{p}spec.serviceName"),
                        what: msg!("le Service d'un StatefulSet", "a StatefulSet's Service"),
                        problem,
                        good,
                    },
                    out,
                );
            }
        }
        "PersistentVolumeClaim" => {
            if let Some((node, name)) = spec.and_then(|s| str_at(s, "storageClassName"))
                && !name.is_empty()
                && let Some(problem) = dns1123_subdomain(name)
            {
                let good = suggest_name(name, 253, true);
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{p}spec.storageClassName"),
                        what: msg!("une classe de stockage", "a storage class"),
                        problem,
                        good,
                    },
                    out,
                );
            }
        }
        "Ingress" => {
            if let Some((node, name)) = spec.and_then(|s| str_at(s, "ingressClassName"))
                && let Some(problem) = dns1123_subdomain(name)
            {
                let good = suggest_name(name, 253, true);
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{p}spec.ingressClassName"),
                        what: msg!("une classe d'Ingress", "an ingress class"),
                        problem,
                        good,
                    },
                    out,
                );
            }
            let mut backends: Vec<(&Node, String)> = Vec::new();
            if let Some(b) = spec.and_then(|s| s.get("defaultBackend")) {
                backends.push((b, format!("{p}spec.defaultBackend")));
            }
            for (i, r) in spec
                .and_then(|s| s.get("rules"))
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                for (j, path) in r
                    .at("http.paths")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    if let Some(b) = path.get("backend") {
                        backends.push((b, format!("{p}spec.rules[{i}].http.paths[{j}].backend")));
                    }
                }
            }
            for (b, path) in backends {
                if let Some((node, name)) = b.get("service").and_then(|s| str_at(s, "name"))
                    && let Some(problem) = dns1123_label(name)
                {
                    let good = suggest_name(name, 63, false);
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{path}.service.name"),
                            what: msg!("un Service (un label DNS)", "a Service (a DNS label)"),
                            problem,
                            good,
                        },
                        out,
                    );
                }
                if let Some((node, name)) = b.at("service.port").and_then(|s| str_at(s, "name"))
                    && let Some(problem) = port_name(name)
                {
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{path}.service.port.name"),
                            what: msg!("un port nommé", "a named port"),
                            problem,
                            good: "http".into(),
                        },
                        out,
                    );
                }
            }
            for (i, tls) in spec
                .and_then(|s| s.get("tls"))
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                if let Some((node, name)) = str_at(tls, "secretName")
                    && !name.is_empty()
                    && let Some(problem) = dns1123_subdomain(name)
                {
                    let good = suggest_name(name, 253, true);
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{p}spec.tls[{i}].secretName"),
                            what: msg!("un Secret", "a Secret"),
                            problem,
                            good,
                        },
                        out,
                    );
                }
            }
        }
        _ => {}
    }
}

/// Names inside a pod spec.
fn pod_names(cx: &ObjCx, obj: &Object, spec: &Node, spec_path: &str, out: &mut Vec<Finding>) {
    for c in crate::rules::pod::containers(spec, spec_path) {
        if let Some((node, name)) = str_at(c.node, "name")
            && let Some(problem) = dns1123_label(name)
        {
            let good = suggest_name(name, 63, false);
            report(
                cx,
                obj,
                Name {
                    node,
                    path: format!("{}.name", c.path),
                    what: msg!("un conteneur", "a container"),
                    problem,
                    good,
                },
                out,
            );
        }
        for (j, port) in c
            .node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some((node, name)) = str_at(port, "name")
                && let Some(problem) = port_name(name)
            {
                let good = suggest_name(name, 15, false);
                let good = if good.bytes().any(|b| b.is_ascii_lowercase()) {
                    good
                } else {
                    "http".into()
                };
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{}.ports[{j}].name", c.path),
                        what: msg!(
                            "un port de conteneur (15 caractères au plus)",
                            "a container port (at most 15 characters)"
                        ),
                        problem,
                        good,
                    },
                    out,
                );
            }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            for handler in ["httpGet", "tcpSocket"] {
                if let Some((node, name)) = c
                    .node
                    .get(probe)
                    .and_then(|p| p.get(handler))
                    .and_then(|h| str_at(h, "port"))
                    && let Some(problem) = port_name(name)
                {
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{}.{probe}.{handler}.port", c.path),
                            what: msg!("le port nommé d'une sonde", "a probe's named port"),
                            problem,
                            good: "http".into(),
                        },
                        out,
                    );
                }
            }
        }
        for (j, var) in c
            .node
            .get("env")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some((node, name)) = str_at(var, "name")
                && let Some(problem) = env_name(name)
            {
                let good = name.replace('=', "_");
                let good = if good.is_empty() {
                    "MA_VARIABLE".into()
                } else {
                    good
                };
                report(
                    cx,
                    obj,
                    Name {
                        node,
                        path: format!("{}.env[{j}].name", c.path),
                        what: msg!("une variable d'environnement", "an environment variable"),
                        problem,
                        good,
                    },
                    out,
                );
            }
            for r in ["configMapKeyRef", "secretKeyRef"] {
                if let Some((node, name)) = var
                    .get("valueFrom")
                    .and_then(|v| v.get(r))
                    .and_then(|x| str_at(x, "name"))
                    && let Some(problem) = dns1123_subdomain(name)
                {
                    let good = suggest_name(name, 253, true);
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{}.env[{j}].valueFrom.{r}.name", c.path),
                            what: msg!("une ConfigMap ou un Secret", "a ConfigMap or a Secret"),
                            problem,
                            good,
                        },
                        out,
                    );
                }
            }
        }
        for (j, from) in c
            .node
            .get("envFrom")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            for r in ["configMapRef", "secretRef"] {
                if let Some((node, name)) = from.get(r).and_then(|x| str_at(x, "name"))
                    && !name.is_empty()
                    && let Some(problem) = dns1123_subdomain(name.trim_end_matches('-'))
                {
                    let good = suggest_name(name, 253, true);
                    report(
                        cx,
                        obj,
                        Name {
                            node,
                            path: format!("{}.envFrom[{j}].{r}.name", c.path),
                            what: msg!("une ConfigMap ou un Secret", "a ConfigMap or a Secret"),
                            problem,
                            good,
                        },
                        out,
                    );
                }
            }
        }
    }
    for (i, vol) in spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some((node, name)) = str_at(vol, "name")
            && let Some(problem) = dns1123_label(name)
        {
            let good = suggest_name(name, 63, false);
            report(
                cx,
                obj,
                Name {
                    node,
                    path: format!("{spec_path}.volumes[{i}].name"),
                    what: msg!("un volume", "a volume"),
                    problem,
                    good,
                },
                out,
            );
        }
    }
    for key in [
        "serviceAccountName",
        "priorityClassName",
        "runtimeClassName",
        "nodeName",
    ] {
        if let Some((node, name)) = str_at(spec, key)
            && !name.is_empty()
            && let Some(problem) = dns1123_subdomain(name)
        {
            let good = suggest_name(name, 253, true);
            let what = match key {
                "serviceAccountName" => {
                    msg!("un compte de service (ServiceAccount)", "a ServiceAccount")
                }
                "priorityClassName" => msg!("une PriorityClass", "a PriorityClass"),
                "runtimeClassName" => msg!("une RuntimeClass", "a RuntimeClass"),
                _ => msg!("un nœud", "a node"),
            };
            report(
                cx,
                obj,
                Name {
                    node,
                    path: format!("{spec_path}.{key}"),
                    what,
                    problem,
                    good,
                },
                out,
            );
        }
    }
    for key in ["hostname", "subdomain"] {
        if let Some((node, name)) = str_at(spec, key)
            && let Some(problem) = dns1123_label(name)
        {
            let good = suggest_name(name, 63, false);
            report(
                cx,
                obj,
                Name {
                    node,
                    path: format!("{spec_path}.{key}"),
                    what: msg!("un nom d'hôte de Pod", "a Pod host name"),
                    problem,
                    good,
                },
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn names(yaml: &str) -> Vec<String> {
        findings_of("invalid-name", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn names_follow_each_kinds_rule() {
        // RBAC names are path segments: `system:metrics-reader` is fine.
        assert!(names("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:metrics-reader\nrules: []\n").is_empty());
        // A Service name may start with a digit since 1.34 (DNS-1123 label).
        assert!(names("apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports:\n  - port: 80\n").is_empty());
        assert_eq!(
            names(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web.v1\nspec:\n  ports:\n  - port: 80\n"
            ),
            ["metadata.name"]
        );
        // Service port names are DNS labels (up to 63), not IANA names (15).
        assert!(names("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http-metrics-endpoint\n    port: 80\n").is_empty());
        assert_eq!(
            names(
                "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: un-cronjob-dont-le-nom-depasse-cinquante-deux-caracteres\nspec: {}\n"
            ),
            ["metadata.name"]
        );
    }

    #[test]
    fn every_suggested_name_is_valid() {
        for bad in ["😀", "Web_App", "--", "a.b", "ÉLÈVE"] {
            let yaml = format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: \"{bad}\"\n    image: nginx:1.27.0\n"
            );
            let f = findings_of("invalid-name", &yaml);
            let good = match &f[0].fix.as_ref().unwrap().edit {
                crate::diag::Edit::Replace(s) => s.clone(),
                _ => unreachable!(),
            };
            let fixed = yaml.replace(&format!("\"{bad}\""), &good);
            assert!(
                findings_of("invalid-name", &fixed).is_empty(),
                "{bad} → {good}"
            );
        }
    }
}
