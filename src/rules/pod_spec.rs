//! `pod-spec`: pod-level fields the API server rejects: no container, an empty image, DNS settings, host namespaces, security context…

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;
use crate::rules::values::{empty_list, key_span};
use std::net::IpAddr;

pub static RULE: Rule = Rule {
    code: Code {
        id: "pod-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "pod.md",
        summary: Text {
            fr: "Un réglage de Pod que l'API refuse : aucun conteneur, image vide, DNS, espaces de noms de l'hôte, contexte de sécurité",
            en: "A Pod setting the API rejects: no container, an empty image, DNS, host namespaces, security context",
        },
        what: Text {
            fr: "Règles de cohérence du Pod (ou du modèle de Pod) que le serveur d'API applique : au moins un conteneur, chacun avec une `image` non vide (sans espace autour, pour un Pod) ; `dnsPolicy: None` demande un `dnsConfig` avec au moins un serveur, et au plus 3 serveurs qui sont des adresses IP ; les `hostAliases` ont une adresse IP ; avec `hostNetwork: true`, un `hostPort` égale son `containerPort` ; `shareProcessNamespace` et `hostPID` s'excluent ; `hostUsers: false` interdit `hostNetwork`, `hostPID` et `hostIPC` ; pas d'`ephemeralContainers` à la création ; un profil seccomp ou AppArmor a un `type`, et `Localhost` un `localhostProfile` ; `allowPrivilegeEscalation: false` ne va pas avec `privileged: true` ni `CAP_SYS_ADMIN` ; les `sysctls` ont un nom valide et unique ; les ressources du Pod couvrent celles de ses conteneurs.",
            en: "Consistency rules of the Pod (or pod template) the API server applies: at least one container, each with a non-empty `image` (no surrounding space, for a Pod); `dnsPolicy: None` needs a `dnsConfig` with at least one server, and at most 3 servers that are IP addresses; `hostAliases` have an IP address; with `hostNetwork: true`, a `hostPort` equals its `containerPort`; `shareProcessNamespace` and `hostPID` exclude each other; `hostUsers: false` forbids `hostNetwork`, `hostPID` and `hostIPC`; no `ephemeralContainers` at creation; a seccomp or AppArmor profile has a `type`, and `Localhost` a `localhostProfile`; `allowPrivilegeEscalation: false` does not go with `privileged: true` nor `CAP_SYS_ADMIN`; `sysctls` have a valid and unique name; the Pod's resources cover its containers'.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Pod entier, ou le Deployment qui le décrit : rien ne démarre. Ces réglages sont rares chez un débutant, mais quand on les copie d'un exemple, une seule incohérence suffit.",
            en: "The API server rejects the whole Pod, or the Deployment that describes it: nothing starts. These settings are rare for a beginner, but when copied from an example, one inconsistency is enough.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/pod-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/pod-spec/good.yaml"),
    },
    check: Check::Object(check),
};

fn push(
    cx: &ObjCx,
    obj: &Object,
    span: Span,
    path: String,
    message: Msg,
    help: Msg,
    out: &mut Vec<Finding>,
) {
    out.push(cx.finding(&RULE, obj, span, message, help).with_path(path));
}

fn flag(n: &Node, key: &str) -> bool {
    n.get(key).and_then(Node::as_bool) == Some(true)
}

fn sysctl_name(s: &str) -> bool {
    let ok_seg = |seg: &str| {
        let b = seg.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
            && (b[b.len() - 1].is_ascii_lowercase() || b[b.len() - 1].is_ascii_digit())
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'-' | b'_'))
    };
    s.len() <= 253 && s.split(['.', '/']).all(ok_seg)
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, sp)) = spec_of(obj) else {
        return;
    };
    let is_pod = obj.kind == "Pod";
    // Containers.
    if empty_list(spec.get("containers")) {
        push(
            cx,
            obj,
            key_span(spec, "containers"),
            format!("{sp}.containers"),
            msg!(
                "`containers` est vide : un Pod a au moins un conteneur",
                "`containers` is empty: a Pod has at least one container"
            ),
            msg!(
                "ajoutez un conteneur : `- name: app` avec son `image:`",
                "add a container: `- name: app` with its `image:`"
            ),
            out,
        );
    }
    for c in containers(spec, &sp) {
        if let Some(img) = c.node.get("image").filter(|i| i.as_str().is_some()) {
            let t = img.scalar_text();
            if t.trim().is_empty() {
                push(
                    cx,
                    obj,
                    img.span,
                    format!("{}.image", c.path),
                    msg!(
                        "l'`image` de ce conteneur est vide",
                        "this container's `image` is empty"
                    ),
                    msg!(
                        "écrivez l'image à lancer, par exemple `image: nginx:1.27.0`",
                        "write the image to run, e.g. `image: nginx:1.27.0`"
                    ),
                    out,
                );
            } else if is_pod && t.trim() != t {
                push(
                    cx,
                    obj,
                    img.span,
                    format!("{}.image", c.path),
                    msg!(
                        "l'`image` `{t}` a une espace au début ou à la fin",
                        "image `{t}` has a space at its start or end",
                        t
                    ),
                    msg!(
                        "enlevez les espaces autour du nom de l'image",
                        "remove the spaces around the image name"
                    ),
                    out,
                );
            }
        }
        let sc = c.node.get("securityContext");
        if let Some(sc) = sc {
            security(
                cx,
                obj,
                sc,
                &format!("{}.securityContext", c.path),
                spec,
                out,
            );
            if sc.get("allowPrivilegeEscalation").and_then(Node::as_bool) == Some(false) {
                let sys_admin = sc
                    .at("capabilities.add")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .any(|x| matches!(x.as_str(), Some("SYS_ADMIN" | "CAP_SYS_ADMIN")));
                if flag(sc, "privileged") || sys_admin {
                    push(
                        cx,
                        obj,
                        key_span(sc, "allowPrivilegeEscalation"),
                        format!("{}.securityContext.allowPrivilegeEscalation", c.path),
                        msg!(
                            "`allowPrivilegeEscalation: false` contredit `privileged: true` ou la capacité `SYS_ADMIN` de ce conteneur",
                            "`allowPrivilegeEscalation: false` contradicts this container's `privileged: true` or `SYS_ADMIN` capability"
                        ),
                        msg!(
                            "gardez l'un ou l'autre : un conteneur privilégié peut toujours élever ses droits",
                            "keep one or the other: a privileged container can always escalate"
                        ),
                        out,
                    );
                }
            }
        }
        if c.list == "containers" && flag(spec, "hostNetwork") {
            for (j, p) in c
                .node
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                if let (Some(hp), Some(cp)) = (
                    p.get("hostPort").and_then(Node::as_i64),
                    p.get("containerPort").and_then(Node::as_i64),
                ) && hp != 0
                    && hp != cp
                {
                    push(
                        cx,
                        obj,
                        p.get("hostPort").map_or(p.span, |n| n.span),
                        format!("{}.ports[{j}].hostPort", c.path),
                        msg!(
                            "avec `hostNetwork: true`, `hostPort` ({hp}) doit égaler `containerPort` ({cp})",
                            "with `hostNetwork: true`, `hostPort` ({hp}) must equal `containerPort` ({cp})",
                            hp,
                            cp
                        ),
                        msg!(
                            "écrivez `hostPort: {cp}` ou enlevez la ligne",
                            "write `hostPort: {cp}` or remove the line",
                            cp
                        ),
                        out,
                    );
                }
            }
        }
    }
    if spec
        .get("ephemeralContainers")
        .is_some_and(|e| !e.items().is_empty())
    {
        push(
            cx,
            obj,
            key_span(spec, "ephemeralContainers"),
            format!("{sp}.ephemeralContainers"),
            msg!(
                "les `ephemeralContainers` ne s'écrivent pas dans un manifeste : on les ajoute à un Pod qui tourne",
                "`ephemeralContainers` are not written in a manifest: they are added to a running Pod"
            ),
            msg!(
                "enlevez-les ; pour déboguer, `kubectl debug -it POD --image=busybox:1.36`",
                "remove them; to debug, `kubectl debug -it POD --image=busybox:1.36`"
            ),
            out,
        );
    }
    // DNS.
    let dns_none = spec.get("dnsPolicy").and_then(Node::as_str) == Some("None");
    let cfg = spec.get("dnsConfig");
    let servers = cfg
        .and_then(|c| c.get("nameservers"))
        .map(Node::items)
        .unwrap_or(&[]);
    if dns_none && servers.is_empty() {
        push(
            cx,
            obj,
            key_span(spec, "dnsPolicy"),
            format!("{sp}.dnsConfig.nameservers"),
            msg!(
                "`dnsPolicy: None` demande un `dnsConfig` avec au moins un serveur (`nameservers`)",
                "`dnsPolicy: None` needs a `dnsConfig` with at least one server (`nameservers`)"
            ),
            msg!(
                "ajoutez `dnsConfig: {{nameservers: [\"1.1.1.1\"]}}`, ou enlevez `dnsPolicy: None`",
                "add `dnsConfig: {{nameservers: [\"1.1.1.1\"]}}`, or remove `dnsPolicy: None`"
            ),
            out,
        );
    }
    if servers.len() > 3 {
        let n = servers.len();
        push(
            cx,
            obj,
            cfg.map_or(spec.span, |c| key_span(c, "nameservers")),
            format!("{sp}.dnsConfig.nameservers"),
            msg!(
                "{n} serveurs DNS : 3 au plus",
                "{n} DNS servers: at most 3",
                n
            ),
            msg!("gardez-en 3", "keep 3 of them"),
            out,
        );
    }
    for (k, s) in servers.iter().enumerate() {
        if s.as_str().is_some_and(|t| t.parse::<IpAddr>().is_err()) {
            let t = s.scalar_text();
            push(
                cx,
                obj,
                s.span,
                format!("{sp}.dnsConfig.nameservers[{k}]"),
                msg!(
                    "`{t}` n'est pas une adresse IP",
                    "`{t}` is not an IP address",
                    t
                ),
                msg!(
                    "un serveur DNS s'écrit par son adresse IP, par exemple `1.1.1.1`",
                    "a DNS server is written by its IP address, e.g. `1.1.1.1`"
                ),
                out,
            );
        }
    }
    for (k, h) in spec
        .get("hostAliases")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(ip) = h.get("ip")
            && ip.scalar_text().parse::<IpAddr>().is_err()
        {
            let t = ip.scalar_text();
            push(
                cx,
                obj,
                ip.span,
                format!("{sp}.hostAliases[{k}].ip"),
                msg!(
                    "`{t}` n'est pas une adresse IP",
                    "`{t}` is not an IP address",
                    t
                ),
                msg!(
                    "écrivez une adresse IP, par exemple `10.0.0.5`",
                    "write an IP address, e.g. `10.0.0.5`"
                ),
                out,
            );
        }
    }
    // Host namespaces.
    if flag(spec, "shareProcessNamespace") && flag(spec, "hostPID") {
        push(
            cx,
            obj,
            key_span(spec, "shareProcessNamespace"),
            format!("{sp}.shareProcessNamespace"),
            msg!(
                "`shareProcessNamespace` et `hostPID` ne vont pas ensemble",
                "`shareProcessNamespace` and `hostPID` do not go together"
            ),
            msg!("gardez l'un des deux", "keep one of them"),
            out,
        );
    }
    if spec.get("hostUsers").and_then(Node::as_bool) == Some(false) {
        for k in ["hostNetwork", "hostPID", "hostIPC"] {
            if flag(spec, k) {
                push(
                    cx,
                    obj,
                    key_span(spec, k),
                    format!("{sp}.{k}"),
                    msg!(
                        "`{k}: true` est interdit avec `hostUsers: false`",
                        "`{k}: true` is forbidden with `hostUsers: false`",
                        k
                    ),
                    msg!(
                        "enlevez `{k}`, ou `hostUsers: false`",
                        "remove `{k}`, or `hostUsers: false`",
                        k
                    ),
                    out,
                );
            }
        }
    }
    if let Some(sc) = spec.get("securityContext") {
        security(cx, obj, sc, &format!("{sp}.securityContext"), spec, out);
        let mut seen = Vec::new();
        for (k, s) in sc
            .get("sysctls")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(n) = s.get("name") else { continue };
            let t = n.scalar_text();
            if !sysctl_name(&t) {
                push(
                    cx,
                    obj,
                    n.span,
                    format!("{sp}.securityContext.sysctls[{k}].name"),
                    msg!(
                        "`{t}` n'est pas un nom de sysctl",
                        "`{t}` is not a sysctl name",
                        t
                    ),
                    msg!(
                        "un nom comme `net.ipv4.ip_local_port_range`",
                        "a name like `net.ipv4.ip_local_port_range`"
                    ),
                    out,
                );
            } else if seen.contains(&t) {
                push(
                    cx,
                    obj,
                    n.span,
                    format!("{sp}.securityContext.sysctls[{k}].name"),
                    msg!(
                        "le sysctl `{t}` est déjà réglé plus haut",
                        "sysctl `{t}` is already set above",
                        t
                    ),
                    msg!("gardez une seule valeur", "keep one value"),
                    out,
                );
            }
            seen.push(t);
        }
    }
    if let Some(os) = spec.get("os")
        && os.get("name").is_none()
    {
        push(
            cx,
            obj,
            os.span,
            format!("{sp}.os.name"),
            msg!("`os` sans `name`", "`os` without a `name`"),
            msg!(
                "écrivez `os: {{name: linux}}`",
                "write `os: {{name: linux}}`"
            ),
            out,
        );
    }
}

/// A security context (pod or container).
fn security(cx: &ObjCx, obj: &Object, sc: &Node, path: &str, spec: &Node, out: &mut Vec<Finding>) {
    for prof in ["seccompProfile", "appArmorProfile"] {
        let Some(p) = sc.get(prof) else { continue };
        let ty = p.get("type").and_then(Node::as_str);
        let local = p
            .get("localhostProfile")
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty());
        let problem = match (ty, local) {
            (None, _) => Some(msg!(
                "`{prof}` sans `type`",
                "`{prof}` without a `type`",
                prof
            )),
            (Some("Localhost"), None) => Some(msg!(
                "`type: Localhost` demande un `localhostProfile`",
                "`type: Localhost` needs a `localhostProfile`"
            )),
            (Some(t), Some(_)) if t != "Localhost" => Some(msg!(
                "`localhostProfile` ne s'écrit qu'avec `type: Localhost`",
                "`localhostProfile` is only written with `type: Localhost`"
            )),
            _ => None,
        };
        if let Some(m) = problem {
            push(
                cx,
                obj,
                p.span,
                format!("{path}.{prof}"),
                m,
                msg!(
                    "le plus simple : `{prof}: {{type: RuntimeDefault}}`",
                    "the simplest: `{prof}: {{type: RuntimeDefault}}`",
                    prof
                ),
                out,
            );
        }
    }
    if let Some(pm) = sc.get("procMount")
        && pm.as_str() == Some("Unmasked")
        && spec.get("hostUsers").and_then(Node::as_bool) != Some(false)
    {
        push(
            cx,
            obj,
            pm.span,
            format!("{path}.procMount"),
            msg!(
                "`procMount: Unmasked` demande `hostUsers: false` dans le Pod",
                "`procMount: Unmasked` needs `hostUsers: false` in the Pod"
            ),
            msg!(
                "enlevez `procMount`, ou ajoutez `hostUsers: false`",
                "remove `procMount`, or add `hostUsers: false`"
            ),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pod(spec: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}")
    }

    #[test]
    fn pod_rules() {
        let c = "  containers:\n  - name: app\n    image: nginx:1.27.0\n";
        assert_eq!(findings_of("pod-spec", &pod("  containers: []\n")).len(), 1);
        assert_eq!(
            findings_of("pod-spec", &pod(&format!("  dnsPolicy: None\n{c}"))).len(),
            1
        );
        assert_eq!(
            findings_of(
                "pod-spec",
                &pod(&format!(
                    "  hostAliases:\n  - ip: not-an-ip\n    hostnames: [a]\n{c}"
                ))
            )
            .len(),
            1
        );
        assert_eq!(
            findings_of(
                "pod-spec",
                &pod("  containers:\n  - name: app\n    image: \" nginx:1.27.0\"\n")
            )
            .len(),
            1
        );
        assert!(findings_of("pod-spec", &pod(c)).is_empty());
    }
}
