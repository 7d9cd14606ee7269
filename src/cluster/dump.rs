//! Reading an export instead of the cluster: a `kubecours snapshot` file or a
//! `kubectl get … -o yaml` export (`kind: List`, several documents, or JSON;
//! `-` is standard input).
//!
//! The namespace evaluated is `-n`, else the one a `kubecours snapshot` file
//! declares, else the only one the export holds, else the kubectl context's
//! (as `kubectl` would): an export of several namespaces (`-A`) is read in
//! the context's namespace, not in the one that holds the most objects. The
//! export covers the namespaces it holds objects of (or declares); the others
//! are "non évaluée".

use super::snapshot::{Logs, Snapshot, object_of};
use crate::error::Error;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::{Limits, parse_stream};
use serde_json::Value;
use std::path::Path;

const HOW: &str =
    "kubectl get deploy,rs,pods,jobs,cronjobs,svc,endpointslices,ingress,cm,pvc,events -o yaml";

fn produce(shown: &str) -> (String, String) {
    (
        format!("produisez-le avec `kubecours snapshot > {shown}` ou `{HOW} > {shown}`"),
        format!("produce it with `kubecours snapshot > {shown}` or `{HOW} > {shown}`"),
    )
}

/// Reads an export. `namespace` is `-n`; `context_namespace` the kubectl
/// context's (or the pod's), when there is one.
pub fn read(
    path: &Path,
    namespace: Option<&str>,
    context_namespace: Option<&str>,
) -> Result<Snapshot, Error> {
    let shown = crate::error::display_path(path);
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::io(path, e))?;
        s
    } else {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        String::from_utf8(bytes).map_err(|_| {
            let (fr, en) = produce(&shown);
            Error::other(
                format!("l'export `{shown}` n'est pas en UTF-8 : {fr}"),
                format!("the export `{shown}` is not UTF-8: {en}"),
            )
        })?
    };
    parse(&text, &shown, namespace, context_namespace)
}

/// What the documents of an export hold.
#[derive(Default)]
struct Collected {
    objects: Vec<Object>,
    logs: Vec<Logs>,
    /// `namespace:` of a `kubecours snapshot` file.
    declared: Option<String>,
    /// `namespaces:` of a `kubecours snapshot` file.
    declared_all: Vec<String>,
}

/// Parses the text of an export (see [`read`]).
pub fn parse(
    text: &str,
    shown: &str,
    namespace: Option<&str>,
    context_namespace: Option<&str>,
) -> Result<Snapshot, Error> {
    let stream = parse_stream(text, Limits::default());
    if let Some(crate::yaml::YamlIssue::Syntax { pos, message }) = stream
        .issues
        .iter()
        .find(|i| matches!(i, crate::yaml::YamlIssue::Syntax { .. }))
    {
        let (fr, en) = produce(shown);
        let what = crate::diag::yaml_message::describe(message);
        let (what_fr, what_en) = (
            what.render(crate::i18n::Lang::Fr),
            what.render(crate::i18n::Lang::En),
        );
        let (line, col) = (pos.line, pos.col);
        return Err(Error::other(
            format!(
                "l'export `{shown}` n'est pas du YAML valide (ligne {line}, colonne {col} : {what_fr}) : {fr}"
            ),
            format!(
                "the export `{shown}` is not valid YAML (line {line}, column {col}: {what_en}): {en}"
            ),
        ));
    }
    let mut c = Collected::default();
    for doc in stream.documents {
        collect(doc.root.to_json(), &mut c);
    }
    if c.objects.is_empty() && c.logs.is_empty() && c.declared.is_none() {
        let (fr, en) = produce(shown);
        return Err(Error::other(
            format!("l'export `{shown}` ne contient aucun objet Kubernetes : {fr}"),
            format!("the export `{shown}` holds no Kubernetes object: {en}"),
        ));
    }
    let mut held: Vec<String> = Vec::new();
    for n in c
        .declared
        .iter()
        .chain(&c.declared_all)
        .chain(c.objects.iter().filter_map(|o| o.namespace.as_ref()))
    {
        if !held.contains(n) {
            held.push(n.clone());
        }
    }
    let ns = namespace
        .map(str::to_string)
        .or(c.declared.clone())
        .or_else(|| (held.len() == 1).then(|| held[0].clone()))
        .or_else(|| context_namespace.map(str::to_string))
        .unwrap_or_else(|| "default".into());
    // Objects without a namespace belong to the one evaluated.
    let mut unplaced = false;
    for o in &mut c.objects {
        if o.namespace.is_none() {
            o.namespace = Some(ns.clone());
            unplaced = true;
        }
    }
    if unplaced && !held.contains(&ns) {
        held.insert(0, ns.clone());
    }
    let mut snap = Snapshot::new(&ns, msg!("export `{shown}`", "export `{shown}`", shown));
    snap.context_namespace = context_namespace.unwrap_or(&ns).to_string();
    snap.namespaces = held;
    snap.objects = c.objects;
    snap.logs = c.logs;
    Ok(snap)
}

fn collect(v: Value, c: &mut Collected) {
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind == "List" || (kind.ends_with("List") && v.get("items").is_some_and(Value::is_array)) {
        if let Some(n) = v.get("namespace").and_then(Value::as_str) {
            c.declared.get_or_insert_with(|| n.to_string());
        }
        if let Some(all) = v.get("namespaces").and_then(Value::as_array) {
            c.declared_all
                .extend(all.iter().filter_map(Value::as_str).map(str::to_string));
        }
        for l in v
            .get("logs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            c.logs.push(Logs {
                namespace: s("namespace"),
                pod: s("pod"),
                container: s("container"),
                previous: l.get("previous").and_then(Value::as_bool).unwrap_or(false),
                text: s("text"),
            });
        }
        // `kubectl get pods -o yaml` items of a typed list may lack their kind.
        let item_kind = kind
            .strip_suffix("List")
            .filter(|k| !k.is_empty())
            .map(str::to_string);
        let api = v.get("apiVersion").cloned();
        if let Some(Value::Array(items)) = v.get("items").cloned() {
            for mut item in items {
                if let (Some(k), Some(o)) = (&item_kind, item.as_object_mut()) {
                    o.entry("kind").or_insert_with(|| Value::String(k.clone()));
                    if let Some(a) = &api {
                        o.entry("apiVersion").or_insert_with(|| a.clone());
                    }
                }
                collect(item, c);
            }
        }
        return;
    }
    if let Some(o) = object_of(v) {
        c.objects.push(o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Node;

    #[test]
    fn snapshot_file_reads_back() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: tp}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n  data: {k: c2VjcmV0}\n";
        let snap = parse(text, "etat.yaml", None, None).unwrap();
        assert_eq!(snap.namespace, "tp");
        assert_eq!(snap.objects.len(), 2);
        assert_eq!(snap.objects[1].namespace.as_deref(), Some("tp"));
        assert_eq!(
            snap.objects[1].root.at("data.k").and_then(Node::as_str),
            Some("")
        );
        let again = parse(&snap.to_yaml(), "x", None, None).unwrap();
        assert_eq!(again.objects.len(), 2);
        assert_eq!(again.namespace, "tp");
    }

    #[test]
    fn typed_list_items_get_their_kind() {
        let text = "apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a, namespace: tp}\n";
        let snap = parse(text, "x", None, None).unwrap();
        assert_eq!(snap.objects[0].kind, "Pod");
    }

    #[test]
    fn several_namespaces_are_read_in_the_contexts() {
        let pod = |n: &str, ns: &str| {
            format!("- apiVersion: v1\n  kind: Pod\n  metadata: {{name: {n}, namespace: {ns}}}\n")
        };
        let text = format!(
            "apiVersion: v1\nkind: List\nitems:\n{}{}{}",
            pod("a", "autre"),
            pod("b", "autre"),
            pod("c", "moi")
        );
        // The context's namespace, not the one holding the most objects.
        let snap = parse(&text, "x", None, Some("moi")).unwrap();
        assert_eq!(snap.namespace, "moi");
        assert!(snap.covers("moi") && snap.covers("autre"));
        // `-n` wins; a namespace the export does not hold is not covered.
        let snap = parse(&text, "x", Some("absent"), Some("moi")).unwrap();
        assert_eq!(snap.namespace, "absent");
        assert!(!snap.covers("absent"));
        // A single namespace: that one, whatever the context.
        let text = format!(
            "apiVersion: v1\nkind: List\nitems:\n{}",
            pod("a", "jdupont")
        );
        assert_eq!(
            parse(&text, "x", None, Some("moi")).unwrap().namespace,
            "jdupont"
        );
    }
}
