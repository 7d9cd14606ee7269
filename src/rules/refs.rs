//! Shared code of `configmap-ref`, `secret-ref` and `pvc-ref`: every reference
//! a pod template makes to a ConfigMap, a Secret or a PersistentVolumeClaim,
//! and the check of each reference against the objects of the input.
//!
//! References walked, in each pod template (`ctx.pod_templates()`):
//! `envFrom[].configMapRef/secretRef`, `env[].valueFrom.configMapKeyRef/secretKeyRef`,
//! volumes `configMap`/`secret` (with `items[].key`), `projected.sources[]`, and
//! `persistentVolumeClaim.claimName`. A reference marked `optional: true` is skipped.

use crate::diag::{Finding, Msg, Severity};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Ctx, PodTemplate, Rule};
use crate::yaml::Node;
use std::collections::HashMap;

/// The kind of object referenced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    ConfigMap,
    Secret,
    Pvc,
}

impl Target {
    pub fn kind(self) -> &'static str {
        match self {
            Target::ConfigMap => "ConfigMap",
            Target::Secret => "Secret",
            Target::Pvc => "PersistentVolumeClaim",
        }
    }

    /// "la ConfigMap", "le Secret" (French needs the article).
    fn the_fr(self) -> &'static str {
        match self {
            Target::ConfigMap => "la ConfigMap",
            Target::Secret => "le Secret",
            Target::Pvc => "le PersistentVolumeClaim",
        }
    }

    /// "de la ConfigMap", "du Secret".
    fn of_fr(self) -> &'static str {
        match self {
            Target::ConfigMap => "de la ConfigMap",
            Target::Secret => "du Secret",
            Target::Pvc => "du PersistentVolumeClaim",
        }
    }

    /// The fields of the object that hold its keys.
    fn key_fields(self) -> &'static [&'static str] {
        match self {
            Target::ConfigMap => &["data", "binaryData"],
            Target::Secret => &["data", "stringData"],
            Target::Pvc => &[],
        }
    }

    /// The other kind a beginner confuses this one with.
    fn confused_with(self) -> Option<Target> {
        match self {
            Target::ConfigMap => Some(Target::Secret),
            Target::Secret => Some(Target::ConfigMap),
            Target::Pvc => None,
        }
    }
}

/// Where a reference is made, for the messages.
#[derive(Clone, Debug)]
enum Site {
    /// `envFrom[].configMapRef` of a container.
    EnvFrom { container: String },
    /// `env[].valueFrom.configMapKeyRef` of a container.
    EnvKey { container: String, var: String },
    /// `volumes[].configMap` / `volumes[].secret` / `volumes[].persistentVolumeClaim`.
    Volume { volume: String },
    /// `volumes[].projected.sources[]`.
    Projected { volume: String },
}

/// One reference to an object by name, with the keys it needs.
struct Ref<'b> {
    name: &'b Node,
    path: String,
    /// Keys that must exist in the object (value node, path).
    keys: Vec<(&'b Node, String)>,
    site: Site,
}

fn optional(n: &Node) -> bool {
    n.get("optional").and_then(Node::as_bool) == Some(true)
}

fn text(n: Option<&Node>) -> String {
    n.map_or_else(|| "?".to_string(), Node::scalar_text)
}

/// The `items[].key` of a volume source.
fn item_keys<'b>(source: &'b Node, path: &str) -> Vec<(&'b Node, String)> {
    source
        .get("items")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(m, it)| Some((it.get("key")?, format!("{path}.items[{m}].key"))))
        .collect()
}

/// Every reference of one template to objects of `target`.
fn walk<'b>(t: &'b PodTemplate<'_>, target: Target, out: &mut Vec<Ref<'b>>) {
    let (from_key, key_ref, vol_key, vol_name) = match target {
        Target::ConfigMap => ("configMapRef", "configMapKeyRef", "configMap", "name"),
        Target::Secret => ("secretRef", "secretKeyRef", "secret", "secretName"),
        Target::Pvc => ("", "", "persistentVolumeClaim", "claimName"),
    };
    if target != Target::Pvc {
        for (cpath, c) in t.containers() {
            let container = text(c.get("name"));
            for (i, item) in c
                .get("envFrom")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(r) = item.get(from_key) else {
                    continue;
                };
                let Some(name) = r.get("name") else { continue };
                if optional(r) {
                    continue;
                }
                out.push(Ref {
                    name,
                    path: format!("{cpath}.envFrom[{i}].{from_key}.name"),
                    keys: Vec::new(),
                    site: Site::EnvFrom {
                        container: container.clone(),
                    },
                });
            }
            for (j, var) in c
                .get("env")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let Some(r) = var.get("valueFrom").and_then(|v| v.get(key_ref)) else {
                    continue;
                };
                let Some(name) = r.get("name") else { continue };
                if optional(r) {
                    continue;
                }
                let base = format!("{cpath}.env[{j}].valueFrom.{key_ref}");
                let keys = r
                    .get("key")
                    .map(|k| (k, format!("{base}.key")))
                    .into_iter()
                    .collect();
                out.push(Ref {
                    name,
                    path: format!("{base}.name"),
                    keys,
                    site: Site::EnvKey {
                        container: container.clone(),
                        var: text(var.get("name")),
                    },
                });
            }
        }
    }
    let vpath = format!("{}{}.volumes", t.obj.prefix, t.spec_path);
    for (k, vol) in t
        .spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let volume = text(vol.get("name"));
        if let Some(src) = vol.get(vol_key)
            && let Some(name) = src.get(vol_name)
            && !optional(src)
        {
            let base = format!("{vpath}[{k}].{vol_key}");
            out.push(Ref {
                name,
                path: format!("{base}.{vol_name}"),
                keys: item_keys(src, &base),
                site: Site::Volume {
                    volume: volume.clone(),
                },
            });
        }
        if target == Target::Pvc {
            continue;
        }
        let sources = vol.at("projected.sources").map(Node::items).unwrap_or(&[]);
        for (s, source) in sources.iter().enumerate() {
            let Some(src) = source.get(vol_key) else {
                continue;
            };
            let Some(name) = src.get("name") else {
                continue;
            };
            if optional(src) {
                continue;
            }
            let base = format!("{vpath}[{k}].projected.sources[{s}].{vol_key}");
            out.push(Ref {
                name,
                path: format!("{base}.name"),
                keys: item_keys(src, &base),
                site: Site::Projected {
                    volume: volume.clone(),
                },
            });
        }
    }
}

/// "le conteneur `web` charge toutes ses variables depuis" (the object follows).
fn usage(site: &Site, target: Target) -> Msg {
    match site {
        Site::EnvFrom { container } => msg!(
            "le conteneur `{container}` charge toutes ses variables depuis",
            "container `{container}` loads all its variables from",
            container
        ),
        Site::EnvKey { container, var } => msg!(
            "la variable `{var}` du conteneur `{container}` est lue dans",
            "variable `{var}` of container `{container}` is read from",
            var,
            container
        ),
        Site::Volume { volume } if target == Target::Pvc => msg!(
            "le volume `{volume}` réclame",
            "volume `{volume}` claims",
            volume
        ),
        Site::Volume { volume } => msg!(
            "le volume `{volume}` monte",
            "volume `{volume}` mounts",
            volume
        ),
        Site::Projected { volume } => msg!(
            "le volume projeté `{volume}` monte",
            "projected volume `{volume}` mounts",
            volume
        ),
    }
}

/// "la variable `X` du conteneur `web` lit" (a key follows).
fn key_usage(site: &Site) -> Msg {
    match site {
        Site::EnvKey { container, var } => msg!(
            "la variable `{var}` du conteneur `{container}` lit",
            "variable `{var}` of container `{container}` reads",
            var,
            container
        ),
        Site::Volume { volume } => msg!(
            "le volume `{volume}` monte",
            "volume `{volume}` mounts",
            volume
        ),
        Site::Projected { volume } => msg!(
            "le volume projeté `{volume}` monte",
            "projected volume `{volume}` mounts",
            volume
        ),
        Site::EnvFrom { container } => msg!(
            "le conteneur `{container}` lit",
            "container `{container}` reads",
            container
        ),
    }
}

/// The field to write to reference the other kind instead, at this site.
fn field_for(site: &Site, target: Target, name: &str) -> String {
    match (site, target) {
        (Site::EnvFrom { .. }, Target::Secret) => format!("secretRef: {{name: {name}}}"),
        (Site::EnvFrom { .. }, _) => format!("configMapRef: {{name: {name}}}"),
        (Site::EnvKey { .. }, Target::Secret) => format!("secretKeyRef: {{name: {name}, key: …}}"),
        (Site::EnvKey { .. }, _) => format!("configMapKeyRef: {{name: {name}, key: …}}"),
        (Site::Volume { .. }, Target::Secret) => format!("secret: {{secretName: {name}}}"),
        (Site::Volume { .. }, _) => format!("configMap: {{name: {name}}}"),
        (Site::Projected { .. }, Target::Secret) => format!("secret: {{name: {name}}}"),
        (Site::Projected { .. }, _) => format!("configMap: {{name: {name}}}"),
    }
}

fn quoted_list<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most this many names are compared for "did you mean" (keeps big inputs linear).
const MAX_CANDIDATES: usize = 100;
/// At most this many "did you mean" searches per run (keeps pathological inputs linear).
const MAX_SEARCHES: usize = 500;

/// Checks every reference of every pod template to objects of `target`.
pub fn check(ctx: &Ctx, rule: &'static Rule, target: Target, out: &mut Vec<Finding>) {
    let kind = target.kind();
    // The input's objects of this kind: name → namespaces, namespace → names.
    let mut namespaces_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut names_in: HashMap<&str, Vec<&str>> = HashMap::new();
    for o in ctx.of_kind(kind) {
        let ns = ctx.ns(o);
        namespaces_of.entry(o.name.as_str()).or_default().push(ns);
        names_in.entry(ns).or_default().push(o.name.as_str());
    }
    let mut refs = Vec::new();
    let mut searches = 0;
    for t in ctx.pod_templates() {
        refs.clear();
        walk(t, target, &mut refs);
        let ns = ctx.ns(t.obj);
        for r in &refs {
            let Some(name) = r.name.as_str() else {
                continue;
            };
            match ctx.find(kind, ns, name) {
                Some(obj) => check_keys(ctx, rule, target, t, r, obj, out),
                None => {
                    let elsewhere = namespaces_of.get(name).and_then(|v| v.first()).copied();
                    let usage = usage(&r.site, target);
                    let the = Text {
                        fr: target.the_fr(),
                        en: target.kind(),
                    };
                    let owner = &t.obj;
                    let (message, help, severity) = if let Some(other) = elsewhere {
                        let explicit = owner.namespace.is_some();
                        let (okind, oname) = (&owner.kind, &owner.name);
                        let message = if explicit {
                            msg!(
                                "{usage} {the} `{name}`, qui n'existe que dans le namespace `{other}` : un pod ne voit que les objets de son propre namespace (`{ns}`)",
                                "{usage} {the} `{name}`, which only exists in namespace `{other}`: a pod only sees the objects of its own namespace (`{ns}`)",
                                usage,
                                the,
                                name,
                                other,
                                ns
                            )
                        } else {
                            msg!(
                                "{usage} {the} `{name}`, qui est dans le namespace `{other}`, alors que le {okind} `{oname}` n'a pas de `metadata.namespace` (il ira dans `{ns}` ou dans le namespace courant) : un pod ne voit que les objets de son propre namespace",
                                "{usage} {the} `{name}`, which is in namespace `{other}`, while {okind} `{oname}` has no `metadata.namespace` (it will go to `{ns}` or to the current namespace): a pod only sees the objects of its own namespace",
                                usage,
                                the,
                                name,
                                other,
                                okind,
                                oname,
                                ns
                            )
                        };
                        let help = msg!(
                            "mettez les deux objets dans le même namespace : `metadata.namespace: {other}` dans le {okind} `{oname}`, ou `metadata.namespace: {ns}` dans {the} `{name}`",
                            "put both objects in the same namespace: `metadata.namespace: {other}` in {okind} `{oname}`, or `metadata.namespace: {ns}` in {the} `{name}`",
                            other,
                            okind,
                            oname,
                            ns,
                            the,
                            name
                        );
                        (
                            message,
                            help,
                            if explicit {
                                Severity::Error
                            } else {
                                Severity::Warning
                            },
                        )
                    } else {
                        let message = msg!(
                            "{usage} {the} `{name}`, qui ne fait pas partie des fichiers vérifiés (namespace `{ns}`)",
                            "{usage} {the} `{name}`, which is not part of the checked files (namespace `{ns}`)",
                            usage,
                            the,
                            name,
                            ns
                        );
                        let field = r.path.rsplit('.').next().unwrap_or("name");
                        let candidates = match names_in.get(ns) {
                            Some(v) if searches < MAX_SEARCHES => {
                                searches += 1;
                                &v[..v.len().min(MAX_CANDIDATES)]
                            }
                            _ => &[],
                        };
                        let other_kind = target
                            .confused_with()
                            .filter(|o| ctx.find(o.kind(), ns, name).is_some());
                        let help = if let Some(o) = other_kind {
                            let okind = o.kind();
                            let field = field_for(&r.site, o, name);
                            msg!(
                                "c'est un {okind} `{name}` qui existe : pour le lire, écrivez `{field}`",
                                "a {okind} `{name}` exists: to read it, write `{field}`",
                                okind,
                                name,
                                field
                            )
                        } else if let Some(s) =
                            crate::suggest::closest(name, candidates.iter().copied())
                        {
                            msg!(
                                "vouliez-vous dire `{s}` ? écrivez `{field}: {s}` ; si `{name}` existe déjà dans le cluster, ignorez cet avertissement",
                                "did you mean `{s}`? write `{field}: {s}`; if `{name}` already exists in the cluster, ignore this warning",
                                s,
                                field,
                                name
                            )
                        } else if !candidates.is_empty() && candidates.len() <= 5 {
                            let list = quoted_list(candidates.iter().copied());
                            msg!(
                                "dans ce namespace, les fichiers définissent : {list} ; si c'est l'un d'eux, corrigez le nom, sinon ajoutez le manifeste de `{name}` (s'il existe déjà dans le cluster, ignorez cet avertissement)",
                                "in this namespace, the files define: {list}; if it is one of them, fix the name, otherwise add the manifest of `{name}` (if it already exists in the cluster, ignore this warning)",
                                list,
                                name
                            )
                        } else if target == Target::Pvc {
                            msg!(
                                "ajoutez le manifeste du PersistentVolumeClaim `{name}` (namespace `{ns}`) aux fichiers vérifiés ; s'il existe déjà dans le cluster, ignorez cet avertissement",
                                "add the manifest of PersistentVolumeClaim `{name}` (namespace `{ns}`) to the checked files; if it already exists in the cluster, ignore this warning",
                                name,
                                ns
                            )
                        } else {
                            msg!(
                                "ajoutez son manifeste aux fichiers vérifiés (ou vérifiez l'orthographe du nom) ; si `{name}` existe déjà dans le cluster, ignorez cet avertissement",
                                "add its manifest to the checked files (or check the spelling of the name); if `{name}` already exists in the cluster, ignore this warning",
                                name
                            )
                        };
                        (message, help, Severity::Warning)
                    };
                    out.push(
                        ctx.finding(rule, t.obj, r.name.span, message, help)
                            .with_path(r.path.clone())
                            .with_severity(severity),
                    );
                }
            }
        }
    }
}

/// The keys a reference needs must exist in the object found.
fn check_keys(
    ctx: &Ctx,
    rule: &'static Rule,
    target: Target,
    t: &PodTemplate,
    r: &Ref,
    obj: &crate::manifest::Object,
    out: &mut Vec<Finding>,
) {
    if r.keys.is_empty() {
        return;
    }
    // Keys of a service-account token are filled in by Kubernetes.
    if obj.root.get("type").and_then(Node::as_str) == Some("kubernetes.io/service-account-token") {
        return;
    }
    let available: Vec<&str> = target
        .key_fields()
        .iter()
        .flat_map(|f| obj.root.get(f).map(Node::entries).unwrap_or(&[]))
        .map(|e| &*e.key)
        .collect();
    let name = &obj.name;
    let of = Text {
        fr: target.of_fr(),
        en: target.kind(),
    };
    let usage = key_usage(&r.site);
    for (key_node, path) in &r.keys {
        let Some(key) = key_node.as_str() else {
            continue;
        };
        if available.contains(&key) {
            continue;
        }
        let message = if available.is_empty() {
            msg!(
                "{usage} la clé `{key}` {of} `{name}`, qui n'a aucune clé",
                "{usage} key `{key}` of {of} `{name}`, which has no key at all",
                usage,
                key,
                of,
                name
            )
        } else {
            let list = quoted_list(available.iter().copied());
            msg!(
                "{usage} la clé `{key}` {of} `{name}`, qui n'a pas cette clé (clés présentes : {list})",
                "{usage} key `{key}` of {of} `{name}`, which has no such key (existing keys: {list})",
                usage,
                key,
                of,
                name,
                list
            )
        };
        let help = match crate::suggest::closest(key, available.iter().copied()) {
            Some(s) => msg!(
                "vouliez-vous dire `{s}` ? écrivez `key: {s}`",
                "did you mean `{s}`? write `key: {s}`",
                s
            ),
            None if target == Target::Secret => msg!(
                "utilisez une clé qui existe, ou ajoutez `{key}: …` {of} `{name}` (sous `stringData` en clair, ou sous `data` en base64)",
                "use a key that exists, or add `{key}: …` to {of} `{name}` (under `stringData` in clear text, or under `data` in base64)",
                key,
                of,
                name
            ),
            None => msg!(
                "utilisez une clé qui existe, ou ajoutez `{key}: …` sous `data` {of} `{name}`",
                "use a key that exists, or add `{key}: …` under `data` of {of} `{name}`",
                key,
                of,
                name
            ),
        };
        out.push(
            ctx.finding(rule, t.obj, key_node.span, message, help)
                .with_path(path.clone()),
        );
    }
}
