//! `config-error`: a container cannot be created because a ConfigMap, a
//! Secret or a key it reads is missing (`CreateContainerConfigError`, or a
//! volume that cannot be mounted).

use super::{Container, container_finding};
use crate::cluster::diagnoses::cx::{At, Cx, code, text, the};
use crate::diag::{Area, Code, Finding, Severity};
use crate::msg;
use crate::yaml::{Node, path};

pub static CODE: Code = code(
    "config-error",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#createcontainerconfigerror",
    text(
        "Un conteneur ne peut pas être créé : ConfigMap, Secret ou clé manquante (CreateContainerConfigError)",
        "A container cannot be created: a missing ConfigMap, Secret or key (CreateContainerConfigError)",
    ),
    text(
        "Un conteneur attend avec la raison `CreateContainerConfigError` : une ConfigMap, un Secret ou une clé qu'il lit (`envFrom`, `valueFrom`) n'existe pas dans le namespace.",
        "A container waits with reason `CreateContainerConfigError`: a ConfigMap, a Secret or a key it reads (`envFrom`, `valueFrom`) does not exist in the namespace.",
    ),
    text(
        "Le kubelet refuse de lancer un conteneur dont l'environnement est incomplet ; il réessaie sans fin.",
        "The kubelet refuses to start a container whose environment is incomplete; it retries forever.",
    ),
    text(
        "Créez l'objet ou la clé manquante (`kubectl apply -f configmap.yaml`), ou corrigez son nom dans le Deployment ; les Pods démarrent dès qu'il existe.",
        "Create the missing object or key (`kubectl apply -f configmap.yaml`), or fix its name in the Deployment; the Pods start as soon as it exists.",
    ),
);

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    let (reason, said) = match c.waiting {
        "CreateContainerConfigError" | "CreateContainerError" => {
            (c.waiting, c.waiting_message.clone().unwrap_or_default())
        }
        // Volumes that cannot be mounted keep the pod here.
        "ContainerCreating" => {
            let m = cx.event(c.ns, "Pod", &c.pod.name, "FailedMount", &[])?;
            if !m.contains("not found") {
                return None;
            }
            ("ContainerCreating", m)
        }
        _ => return None,
    };
    Some(explain(cx, c, reason, said))
}

/// `configmap "x" not found`, `couldn't find key K in ConfigMap ns/x`…: (kind, name, key).
fn what_is_missing(said: &str) -> Option<(&'static str, String, Option<String>)> {
    let low = said.to_lowercase();
    let quoted = |after: &str| -> Option<String> {
        let rest = &said[low.find(after)? + after.len()..];
        let rest = rest.trim_start().strip_prefix('"')?;
        rest.split_once('"').map(|(n, _)| n.to_string())
    };
    if let Some(n) = quoted("configmap") {
        return Some(("ConfigMap", n, None));
    }
    if let Some(n) = quoted("secret") {
        return Some(("Secret", n, None));
    }
    let rest = &said[low.find("couldn't find key ")? + "couldn't find key ".len()..];
    // `couldn't find key K in ConfigMap ns/name`
    let (key, tail) = rest.split_once(" in ").unwrap_or((rest, ""));
    let mut parts = tail.split_whitespace();
    let kind = if parts
        .next()
        .is_some_and(|k| k.eq_ignore_ascii_case("secret"))
    {
        "Secret"
    } else {
        "ConfigMap"
    };
    let name = parts.next().unwrap_or("").rsplit('/').next().unwrap_or("");
    Some((kind, name.to_string(), Some(key.trim().to_string())))
}

fn explain(cx: &Cx, c: &Container, reason: &str, said: String) -> Finding {
    let (container, pod, owner, ns) = (c.name, &c.pod.name, &c.owner, c.ns);
    let Some((kind, name, key)) = what_is_missing(&said) else {
        let at = cx.at_container(c.pod, c.name, &[]);
        let apply = cx.apply(at, ns);
        return container_finding(
            c,
            &CODE,
            msg!(
                "le conteneur `{container}` du Pod `{pod}`{owner} ne peut pas être créé ({reason})",
                "container `{container}` of Pod `{pod}`{owner} cannot be created ({reason})",
                container,
                pod,
                owner,
                reason
            ),
            msg!(
                "lisez le message du cluster ci-dessous : il nomme ce qui manque ; corrigez le manifeste puis {apply}",
                "read the cluster's message below: it names what is missing; fix the manifest then {apply}",
                apply
            ),
            at,
            Some(said),
        );
    };
    // Where the student's file refers to it.
    let (ref_paths, key_field, volume): (&[&str], &str, &str) = if kind == "ConfigMap" {
        (
            &[
                "env[*].valueFrom.configMapKeyRef",
                "envFrom[*].configMapRef",
            ],
            "configMapKeyRef",
            "volumes[*].configMap.name",
        )
    } else {
        (
            &["env[*].valueFrom.secretKeyRef", "envFrom[*].secretRef"],
            "secretKeyRef",
            "volumes[*].secret.secretName",
        )
    };
    let at =
        locate_ref(cx, c, ref_paths, &name, key.as_deref()).or_else(|| cx.at_pod(c.pod, &[volume]));
    let apply = cx.apply(at, ns);
    let the_kind = the(kind);
    let (message, help) = match (&key, cx.snap.find(kind, ns, &name)) {
        (Some(k), Some(live)) => {
            let keys: Vec<String> = live
                .root
                .get("data")
                .map(|d| d.entries().iter().map(|e| format!("`{}`", e.key)).collect())
                .unwrap_or_default();
            let keys = if keys.is_empty() {
                msg!("aucune", "none")
            } else {
                msg!("{keys}", "{keys}", keys)
            };
            (
                msg!(
                    "le conteneur `{container}` du Pod `{pod}`{owner} ne peut pas être créé ({reason}) : la clé `{k}` n'existe pas dans {the_kind} `{name}` (clés présentes : {keys})",
                    "container `{container}` of Pod `{pod}`{owner} cannot be created ({reason}): key `{k}` does not exist in {the_kind} `{name}` (keys present: {keys})",
                    container,
                    pod,
                    owner,
                    reason,
                    k,
                    the_kind,
                    name,
                    keys
                ),
                msg!(
                    "corrigez `key:` dans `{key_field}` (la casse compte), ou ajoutez la clé `{k}` à {the_kind} `{name}` et appliquez le fichier ; puis {apply}",
                    "fix `key:` in `{key_field}` (case matters), or add key `{k}` to {the_kind} `{name}` and apply its file; then {apply}",
                    key_field,
                    k,
                    the_kind,
                    name,
                    apply
                ),
            )
        }
        (_, None) => {
            let others: Vec<&str> = cx.snap.of_kind(kind, ns).map(|o| o.name.as_str()).collect();
            let near = match crate::suggest::closest(&name, others.iter().copied()) {
                Some(n) => msg!(" ; vouliez-vous dire `{n}` ?", "; did you mean `{n}`?", n),
                None => crate::diag::Msg::EMPTY,
            };
            let create = crate::cluster::diagnoses::cx::apply(
                cx.run,
                cx.file_obj(kind, ns, &name),
                ns,
                cx.snap,
            );
            (
                msg!(
                    "le conteneur `{container}` du Pod `{pod}`{owner} ne peut pas être créé ({reason}) : {the_kind} `{name}` n'existe pas dans le namespace `{ns}`{near}",
                    "container `{container}` of Pod `{pod}`{owner} cannot be created ({reason}): {the_kind} `{name}` does not exist in namespace `{ns}`{near}",
                    container,
                    pod,
                    owner,
                    reason,
                    the_kind,
                    name,
                    ns,
                    near
                ),
                msg!(
                    "créez {the_kind} `{name}` dans le namespace `{ns}` ({create}), ou corrigez le nom auquel le Deployment fait référence ; le Pod redémarre tout seul ensuite",
                    "create {the_kind} `{name}` in namespace `{ns}` ({create}), or fix the name the Deployment refers to; the Pod then restarts by itself",
                    the_kind,
                    name,
                    ns,
                    create
                ),
            )
        }
        (None, Some(_)) => (
            msg!(
                "le conteneur `{container}` du Pod `{pod}`{owner} ne peut pas être créé ({reason}) à cause de {the_kind} `{name}`",
                "container `{container}` of Pod `{pod}`{owner} cannot be created ({reason}) because of {the_kind} `{name}`",
                container,
                pod,
                owner,
                reason,
                the_kind,
                name
            ),
            msg!(
                "lisez le message du cluster ci-dessous ; corrigez puis {apply}",
                "read the cluster's message below; fix then {apply}",
                apply
            ),
        ),
    };
    container_finding(c, &CODE, message, help, at, Some(said))
}

/// The `name:` (or `key:`) of a reference to `name` in a container of the student's file.
fn locate_ref(
    cx: &Cx,
    c: &Container,
    ref_paths: &[&str],
    name: &str,
    key: Option<&str>,
) -> Option<At> {
    let (obj, spec) = cx.pod_source(c.pod)?;
    for list in ["containers", "initContainers"] {
        for rp in ref_paths {
            let Ok(segs) = path::parse(&format!("{spec}.{list}[name={}].{rp}", c.name)) else {
                continue;
            };
            for r in path::select(&obj.root, &segs) {
                if r.get("name").and_then(Node::as_str) != Some(name) {
                    continue;
                }
                let target = match key {
                    Some(k) if r.get("key").and_then(Node::as_str) == Some(k) => r.get("key"),
                    Some(_) => continue,
                    None => r.get("name"),
                };
                if let Some(n) = target.filter(|n| n.span.start.is_known()) {
                    return Some(At {
                        file: obj.file,
                        pos: n.span.start,
                        len: n.span.caret_len(),
                        namespaced: obj.namespace.is_some(),
                    });
                }
            }
        }
    }
    None
}
