//! From parsed documents to Kubernetes objects: identity (apiVersion, kind,
//! name, namespace), `kind: List` and typed `*List` expansion, and the
//! documents that are not objects (reported as [`DocProblem`]s, which the
//! `missing-identity` and `not-a-manifest` rules turn into findings).

use crate::yaml::{Node, Span, Value};

/// One Kubernetes object read from a file (or from a cluster).
#[derive(Debug, Clone)]
pub struct Object {
    /// Index of its file in the run's file table.
    pub file: usize,
    pub root: Node,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `metadata.namespace` as written (None when absent).
    pub namespace: Option<String>,
    /// Path prefix of the object in its document (`items[2].` inside a List).
    pub prefix: String,
}

impl Object {
    pub fn metadata(&self) -> Option<&Node> {
        self.root.get("metadata")
    }

    pub fn spec(&self) -> Option<&Node> {
        self.root.get("spec")
    }

    /// Span of the `kind` value, where object-level findings point.
    pub fn kind_span(&self) -> Span {
        self.root.get("kind").map_or(self.root.span, |k| k.span)
    }

    /// Span of `metadata.name` if present, else of the kind.
    pub fn name_span(&self) -> Span {
        self.root
            .at("metadata.name")
            .map_or_else(|| self.kind_span(), |n| n.span)
    }

    pub fn labels(&self) -> Option<&Node> {
        self.root.at("metadata.labels")
    }

    /// The API group (`apps`, `` for the core group).
    pub fn group(&self) -> &str {
        self.api_version.rsplit_once('/').map_or("", |(g, _)| g)
    }

    /// Builds an object from a position-less tree (a cluster object).
    pub fn from_node(file: usize, root: Node) -> Option<Object> {
        identity(&root)
            .ok()
            .map(|(api_version, kind, name, namespace)| Object {
                file,
                root,
                api_version,
                kind,
                name,
                namespace,
                prefix: String::new(),
            })
    }
}

/// A document that is not a Kubernetes object.
#[derive(Debug, Clone)]
pub enum DocProblem {
    /// A list or a lone scalar where an object was expected.
    NotAMap { span: Span, prefix: String },
    /// An object without `apiVersion`, `kind` or `metadata.name`.
    Missing {
        fields: Vec<&'static str>,
        span: Span,
        prefix: String,
    },
    /// A Kustomize `kustomization.yaml`: the input of `kubectl kustomize`, not a manifest.
    Kustomization { span: Span },
    /// A Helm chart's `Chart.yaml` or `values.yaml`.
    HelmChart { span: Span },
}

type Identity = (String, String, String, Option<String>);

enum IdentityError {
    NotAMap,
    Missing(Vec<&'static str>),
}

fn identity(root: &Node) -> Result<Identity, IdentityError> {
    if !matches!(root.value, Value::Map(_)) {
        return Err(IdentityError::NotAMap);
    }
    let api = root.get("apiVersion").and_then(Node::as_str);
    let kind = root.get("kind").and_then(Node::as_str);
    let name = root
        .at("metadata.name")
        .or_else(|| root.at("metadata.generateName"))
        .and_then(Node::as_str);
    let is_list = kind.is_some_and(is_list_kind) && root.get("items").is_some();
    let mut missing = Vec::new();
    if api.is_none_or(str::is_empty) {
        missing.push("apiVersion");
    }
    if kind.is_none_or(str::is_empty) {
        missing.push("kind");
    }
    if name.is_none_or(str::is_empty) && !is_list {
        missing.push("metadata.name");
    }
    if !missing.is_empty() {
        return Err(IdentityError::Missing(missing));
    }
    let namespace = root
        .at("metadata.namespace")
        .and_then(Node::as_str)
        .map(str::to_string);
    Ok((
        api.unwrap_or_default().into(),
        kind.unwrap_or_default().into(),
        name.unwrap_or("").into(),
        namespace,
    ))
}

/// `List`, and typed lists (`RoleList`, `ConfigMapList`…), which kubectl
/// expands item by item.
pub fn is_list_kind(kind: &str) -> bool {
    kind == "List" || (kind.len() > 4 && kind.ends_with("List"))
}

/// Recognises the documents of Kustomize and Helm, which are the input of a
/// tool and not manifests.
fn not_a_manifest(file_name: &str, root: &Node) -> Option<DocProblem> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let api = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    let span = root.get("kind").map_or(root.span, |k| k.span);
    if api.starts_with("kustomize.config.k8s.io/")
        || kind == "Kustomization"
        || matches!(
            base,
            "kustomization.yaml" | "kustomization.yml" | "Kustomization"
        ) && root.get("metadata").is_none()
            && (root.get("resources").is_some()
                || root.get("bases").is_some()
                || root.get("patches").is_some()
                || root.get("components").is_some())
    {
        return Some(DocProblem::Kustomization { span });
    }
    if matches!(base, "Chart.yaml" | "Chart.yml")
        && root.get("kind").is_none()
        && root.get("name").is_some()
    {
        return Some(DocProblem::HelmChart { span });
    }
    None
}

/// The objects of one document, and the documents that are not objects.
pub fn collect(
    file: usize,
    file_name: &str,
    root: Node,
    objects: &mut Vec<Object>,
    problems: &mut Vec<DocProblem>,
) {
    if let Some(p) = not_a_manifest(file_name, &root) {
        problems.push(p);
        return;
    }
    collect_at(file, root, "", objects, problems);
}

fn collect_at(
    file: usize,
    root: Node,
    prefix: &str,
    objects: &mut Vec<Object>,
    problems: &mut Vec<DocProblem>,
) {
    match identity(&root) {
        Ok((api_version, kind, name, namespace)) => {
            if is_list_kind(&kind) && root.get("items").is_some() {
                let Value::Map(entries) = root.value else {
                    return;
                };
                for e in entries {
                    if &*e.key == "items"
                        && let Value::Seq(items) = e.value.value
                    {
                        for (i, item) in items.into_iter().enumerate() {
                            collect_at(
                                file,
                                item,
                                &format!("{prefix}items[{i}]."),
                                objects,
                                problems,
                            );
                        }
                    }
                }
                return;
            }
            objects.push(Object {
                file,
                root,
                api_version,
                kind,
                name,
                namespace,
                prefix: prefix.to_string(),
            });
        }
        Err(IdentityError::NotAMap) => problems.push(DocProblem::NotAMap {
            span: root.span,
            prefix: prefix.to_string(),
        }),
        Err(IdentityError::Missing(fields)) => problems.push(DocProblem::Missing {
            fields,
            span: root.get("kind").map_or(root.span, |k| k.span),
            prefix: prefix.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse_stream};

    fn run(name: &str, text: &str) -> (Vec<Object>, Vec<DocProblem>) {
        let mut objs = Vec::new();
        let mut problems = Vec::new();
        for d in parse_stream(text, Limits::default()).documents {
            collect(0, name, d.root, &mut objs, &mut problems);
        }
        (objs, problems)
    }

    #[test]
    fn lists_are_expanded() {
        let (objs, p) = run(
            "t.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[1].prefix, "items[1].");
    }

    #[test]
    fn typed_lists_are_expanded_like_list() {
        let (objs, p) = run(
            "t.yaml",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleList\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: Role\n  metadata: {name: a}\n  rules: []\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].kind, "Role");
    }

    #[test]
    fn a_kustomization_is_not_a_manifest() {
        let (objs, p) = run(
            "overlays/prod/kustomization.yaml",
            "resources:\n- ../../base\nnameSuffix: -prod\n",
        );
        assert!(objs.is_empty());
        assert!(matches!(p[..], [DocProblem::Kustomization { .. }]), "{p:?}");
        let (_, p) = run(
            "k.yaml",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n",
        );
        assert!(matches!(p[..], [DocProblem::Kustomization { .. }]), "{p:?}");
    }
}
