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

/// The syntax a name must follow, and the valid name suggested for it.
#[derive(Clone, Copy, PartialEq)]
enum Syntax {
    /// A DNS label: 63 characters at most, no dot.
    Label,
    /// A DNS subdomain: 253 characters at most.
    Subdomain,
    /// A named port (IANA service name: 15 characters at most).
    Port,
    /// A named port that refers to another (a probe's, an Ingress backend's).
    PortRef,
    /// An environment variable.
    Env,
}

impl Syntax {
    fn problem(self, name: &str) -> Option<Msg> {
        match self {
            Syntax::Label => dns1123_label(name),
            Syntax::Subdomain => dns1123_subdomain(name),
            Syntax::Port | Syntax::PortRef => port_name(name),
            Syntax::Env => env_name(name),
        }
    }

    fn suggest(self, name: &str) -> String {
        match self {
            Syntax::Label => suggest_name(name, 63, false),
            Syntax::Subdomain => suggest_name(name, 253, true),
            Syntax::Port => {
                let good = suggest_name(name, 15, false);
                if good.bytes().any(|c| c.is_ascii_lowercase()) {
                    good
                } else {
                    "http".into()
                }
            }
            Syntax::PortRef => "http".into(),
            Syntax::Env => match name.replace('=', "_") {
                good if good.is_empty() => "MA_VARIABLE".into(),
                good => good,
            },
        }
    }
}

/// A name that breaks its syntax: the finding, with the valid name as its fix.
fn report(
    cx: &ObjCx,
    obj: &Object,
    node: &Node,
    path: String,
    what: Msg,
    (problem, good): (Msg, String),
    out: &mut Vec<Finding>,
) {
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

/// Checks the name at `key` of `n` (when it is a string) against `syntax`.
/// `optional`: an empty string means "none" there, and is not checked.
struct At<'a, P: FnOnce() -> String> {
    n: Option<&'a Node>,
    key: &'a str,
    /// Written only for a finding (most names are valid).
    path: P,
    syntax: Syntax,
    optional: bool,
}

fn check_at<P: FnOnce() -> String>(
    cx: &ObjCx,
    obj: &Object,
    at: At<P>,
    what: Msg,
    out: &mut Vec<Finding>,
) {
    let Some((node, name)) = at.n.and_then(|n| str_at(n, at.key)) else {
        return;
    };
    if at.optional && name.is_empty() {
        return;
    }
    if let Some(problem) = at.syntax.problem(name) {
        let good = at.syntax.suggest(name);
        report(cx, obj, node, (at.path)(), what, (problem, good), out);
    }
}

/// A name at `key`, that must be there when written.
fn at<'a, P: FnOnce() -> String>(
    n: Option<&'a Node>,
    key: &'a str,
    path: P,
    syntax: Syntax,
) -> At<'a, P> {
    At {
        n,
        key,
        path,
        syntax,
        optional: false,
    }
}

impl<P: FnOnce() -> String> At<'_, P> {
    /// The name may be empty ("none").
    fn optional(self) -> Self {
        At {
            optional: true,
            ..self
        }
    }
}

fn str_at<'a>(n: &'a Node, key: &str) -> Option<(&'a Node, &'a str)> {
    let v = n.get(key)?;
    Some((v, v.as_str()?))
}

fn items<'a>(n: Option<&'a Node>, key: &str) -> std::iter::Enumerate<std::slice::Iter<'a, Node>> {
    n.and_then(|n| n.get(key))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
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
                let path = || format!("{p}metadata.{key}");
                report(
                    cx,
                    obj,
                    node,
                    path(),
                    the_kind(&obj.kind),
                    (problem, good),
                    out,
                );
            }
        }
        let path = || format!("{p}metadata.namespace");
        let what = msg!("un namespace", "a namespace");
        check_at(
            cx,
            obj,
            at(Some(meta), "namespace", path, Syntax::Label),
            what,
            out,
        );
    }
    if let Some((spec, spec_path)) = crate::rules::pod::spec_of(obj) {
        pod_names(cx, obj, spec, &spec_path, out);
    }
    let spec = obj.spec();
    let sp = format!("{p}spec");
    match obj.kind.as_str() {
        "Service" => {
            for (i, port) in items(spec, "ports") {
                let path = |k: &str| format!("{sp}.ports[{i}].{k}");
                let what = msg!(
                    "un port de Service (un label DNS : 63 caractères au plus)",
                    "a Service port (a DNS label: at most 63 characters)"
                );
                check_at(
                    cx,
                    obj,
                    at(Some(port), "name", || path("name"), Syntax::Label),
                    what,
                    out,
                );
                let what = msg!("un `targetPort` nommé", "a named `targetPort`");
                let target = at(
                    Some(port),
                    "targetPort",
                    || path("targetPort"),
                    Syntax::Port,
                );
                check_at(cx, obj, target, what, out);
            }
        }
        "StatefulSet" => {
            let path = || format!("{sp}.serviceName");
            let what = msg!("le Service d'un StatefulSet", "a StatefulSet's Service");
            check_at(
                cx,
                obj,
                at(spec, "serviceName", path, Syntax::Label).optional(),
                what,
                out,
            );
        }
        "PersistentVolumeClaim" => {
            let path = || format!("{sp}.storageClassName");
            let what = msg!("une classe de stockage", "a storage class");
            let class = at(spec, "storageClassName", path, Syntax::Subdomain).optional();
            check_at(cx, obj, class, what, out);
        }
        "Ingress" => {
            let path = || format!("{sp}.ingressClassName");
            let what = msg!("une classe d'Ingress", "an ingress class");
            let class = at(spec, "ingressClassName", path, Syntax::Subdomain);
            check_at(cx, obj, class, what, out);
            let mut backends: Vec<(&Node, String)> = Vec::new();
            if let Some(b) = spec.and_then(|s| s.get("defaultBackend")) {
                backends.push((b, format!("{sp}.defaultBackend")));
            }
            for (i, r) in items(spec, "rules") {
                for (j, path) in items(r.get("http"), "paths") {
                    if let Some(b) = path.get("backend") {
                        backends.push((b, format!("{sp}.rules[{i}].http.paths[{j}].backend")));
                    }
                }
            }
            for (b, path) in backends {
                let service = b.get("service");
                let what = msg!("un Service (un label DNS)", "a Service (a DNS label)");
                let name = at(
                    service,
                    "name",
                    || format!("{path}.service.name"),
                    Syntax::Label,
                );
                check_at(cx, obj, name, what, out);
                let what = msg!("un port nommé", "a named port");
                let port = at(
                    service.and_then(|s| s.get("port")),
                    "name",
                    || format!("{path}.service.port.name"),
                    Syntax::PortRef,
                );
                check_at(cx, obj, port, what, out);
            }
            for (i, tls) in items(spec, "tls") {
                let path = || format!("{sp}.tls[{i}].secretName");
                let what = msg!("un Secret", "a Secret");
                check_at(
                    cx,
                    obj,
                    at(Some(tls), "secretName", path, Syntax::Subdomain).optional(),
                    what,
                    out,
                );
            }
        }
        _ => {}
    }
}

/// Names inside a pod spec.
fn pod_names(cx: &ObjCx, obj: &Object, spec: &Node, spec_path: &str, out: &mut Vec<Finding>) {
    for c in crate::rules::pod::containers(spec, spec_path) {
        let cp = &c.path;
        let what = msg!("un conteneur", "a container");
        check_at(
            cx,
            obj,
            at(Some(c.node), "name", || format!("{cp}.name"), Syntax::Label),
            what,
            out,
        );
        for (j, port) in items(Some(c.node), "ports") {
            let what = msg!(
                "un port de conteneur (15 caractères au plus)",
                "a container port (at most 15 characters)"
            );
            let path = || format!("{cp}.ports[{j}].name");
            check_at(
                cx,
                obj,
                at(Some(port), "name", path, Syntax::Port),
                what,
                out,
            );
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            for handler in ["httpGet", "tcpSocket"] {
                let h = c.node.get(probe).and_then(|p| p.get(handler));
                let what = msg!("le port nommé d'une sonde", "a probe's named port");
                let path = || format!("{cp}.{probe}.{handler}.port");
                check_at(cx, obj, at(h, "port", path, Syntax::PortRef), what, out);
            }
        }
        for (j, var) in items(Some(c.node), "env") {
            let what = msg!("une variable d'environnement", "an environment variable");
            let path = || format!("{cp}.env[{j}].name");
            check_at(cx, obj, at(Some(var), "name", path, Syntax::Env), what, out);
            for r in ["configMapKeyRef", "secretKeyRef"] {
                let x = var.get("valueFrom").and_then(|v| v.get(r));
                let what = msg!("une ConfigMap ou un Secret", "a ConfigMap or a Secret");
                let path = || format!("{cp}.env[{j}].valueFrom.{r}.name");
                check_at(cx, obj, at(x, "name", path, Syntax::Subdomain), what, out);
            }
        }
        for (j, from) in items(Some(c.node), "envFrom") {
            for r in ["configMapRef", "secretRef"] {
                // An optional reference may be empty; a trailing `-` is the
                // API server's own leniency for these names.
                if let Some((node, name)) = from.get(r).and_then(|x| str_at(x, "name"))
                    && !name.is_empty()
                    && let Some(problem) = dns1123_subdomain(name.trim_end_matches('-'))
                {
                    let what = msg!("une ConfigMap ou un Secret", "a ConfigMap or a Secret");
                    let path = || format!("{cp}.envFrom[{j}].{r}.name");
                    let good = Syntax::Subdomain.suggest(name);
                    report(cx, obj, node, path(), what, (problem, good), out);
                }
            }
        }
    }
    for (i, vol) in items(Some(spec), "volumes") {
        let path = || format!("{spec_path}.volumes[{i}].name");
        let what = msg!("un volume", "a volume");
        check_at(
            cx,
            obj,
            at(Some(vol), "name", path, Syntax::Label),
            what,
            out,
        );
    }
    for key in [
        "serviceAccountName",
        "priorityClassName",
        "runtimeClassName",
        "nodeName",
    ] {
        let what = match key {
            "serviceAccountName" => {
                msg!("un compte de service (ServiceAccount)", "a ServiceAccount")
            }
            "priorityClassName" => msg!("une PriorityClass", "a PriorityClass"),
            "runtimeClassName" => msg!("une RuntimeClass", "a RuntimeClass"),
            _ => msg!("un nœud", "a node"),
        };
        let path = || format!("{spec_path}.{key}");
        check_at(
            cx,
            obj,
            at(Some(spec), key, path, Syntax::Subdomain).optional(),
            what,
            out,
        );
    }
    for key in ["hostname", "subdomain"] {
        let what = msg!("un nom d'hôte de Pod", "a Pod host name");
        let path = || format!("{spec_path}.{key}");
        check_at(cx, obj, at(Some(spec), key, path, Syntax::Label), what, out);
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
