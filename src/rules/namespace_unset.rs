//! `namespace-unset`: a file creates a Namespace but its other objects do not go in it.
//!
//! Complexity: one pass over the objects with a hash lookup by file, plus, per object flagged,
//! the list of the m Namespaces its file creates, rebuilt each time (and shown in the message):
//! O(n·m) for one file, quadratic when a file creates many Namespaces and holds many objects
//! without namespace.

use crate::rules::prelude::*;
use crate::schema::is_namespaced;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "namespace-unset",
        family: Family::CrossObject,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Un fichier crée un Namespace, mais ses autres objets n'ont pas de `metadata.namespace`",
            en: "A file creates a Namespace, but its other objects have no `metadata.namespace`",
        },
        what: Text {
            fr: "Quand un fichier crée un `Namespace`, chacun de ses autres objets rangés dans un namespace (Deployment, Service, ConfigMap, PVC…) doit écrire `metadata.namespace`. Un avertissement est levé, sur la clé `metadata`, pour chaque objet qui ne l'écrit pas, en nommant le Namespace créé. Les objets sans namespace (PersistentVolume, ClusterRole…) ne sont pas concernés.",
            en: "When a file creates a `Namespace`, each of its other namespaced objects (Deployment, Service, ConfigMap, PVC…) must write `metadata.namespace`. A warning is raised, on the `metadata` key, for every object that does not, naming the Namespace created. Objects without a namespace (PersistentVolume, ClusterRole…) are not concerned.",
        },
        why: Text {
            fr: "Créer un Namespace dans le fichier ne fait pas entrer les objets suivants dedans : sans `metadata.namespace`, ils atterrissent dans le namespace courant du contexte `kubectl` (ou celui de `-n`), souvent `default` ou votre namespace personnel. Le nouveau namespace reste vide, et les commandes `kubectl get -n …` ne trouvent rien.",
            en: "Creating a Namespace in the file does not put the following objects in it: without `metadata.namespace`, they land in the current namespace of the `kubectl` context (or the one given with `-n`), often `default` or your personal namespace. The new namespace stays empty, and `kubectl get -n …` commands find nothing.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/namespace-unset/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/namespace-unset/good.yaml"),
    },
    check: Check::Set(check),
};

/// "le Deployment", "la ConfigMap", "l'Ingress".
fn the_fr(kind: &str) -> String {
    if kind.starts_with(['A', 'E', 'I', 'O', 'U', 'H']) {
        format!("l'{kind}")
    } else if matches!(
        kind,
        "ConfigMap" | "NetworkPolicy" | "ResourceQuota" | "LimitRange"
    ) {
        format!("la {kind}")
    } else {
        format!("le {kind}")
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    // File → names of the Namespaces it creates.
    let mut created: HashMap<usize, Vec<&str>> = HashMap::new();
    for ns in ctx.of_kind("Namespace") {
        created.entry(ns.file).or_default().push(ns.name.as_str());
    }
    if created.is_empty() {
        return;
    }
    for obj in ctx.objects {
        let Some(names) = created.get(&obj.file) else {
            continue;
        };
        if obj.namespace.is_some() || !is_namespaced(&obj.api_version, &obj.kind) {
            continue;
        }
        // `--namespace` names the created Namespace: the objects will go there.
        if names.len() == 1
            && names[0] == ctx.default_namespace
            && ctx.default_namespace != "default"
        {
            continue;
        }
        let Some(meta) = obj.root.entry("metadata") else {
            continue;
        };
        let (kind, name) = (&obj.kind, &obj.name);
        let the = the_fr(kind);
        let target = names[0];
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if names.len() == 1 {
            msg!(
                "ce fichier crée le Namespace `{target}`, mais {the} `{name}` n'a pas de `metadata.namespace` : cet objet ira dans le namespace courant de `kubectl` (ou celui de `-n`), pas dans `{target}`",
                "this file creates Namespace `{target}`, but {kind} `{name}` has no `metadata.namespace`: it will go to the current `kubectl` namespace (or the one given with `-n`), not to `{target}`",
                target,
                the,
                name,
                kind
            )
        } else {
            msg!(
                "ce fichier crée les Namespaces {list}, mais {the} `{name}` n'a pas de `metadata.namespace` : cet objet ira dans le namespace courant de `kubectl` (ou celui de `-n`), dans aucun de ceux-là",
                "this file creates Namespaces {list}, but {kind} `{name}` has no `metadata.namespace`: it will go to the current `kubectl` namespace (or the one given with `-n`), in none of them",
                list,
                the,
                name,
                kind
            )
        };
        out.push(
            ctx.finding(
                &RULE,
                obj,
                meta.key_span,
                message,
                msg!("ajoutez `namespace: {target}` sous `metadata:` (au même niveau que `name: {name}`)", "add `namespace: {target}` under `metadata:` (at the same level as `name: {name}`)", target, name),
            )
            .with_path(format!("{}metadata", obj.prefix)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn findings(files: &[&str], namespace: &str) -> Vec<Finding> {
        let sources = files
            .iter()
            .enumerate()
            .map(|(i, t)| SourceFile::from_text(format!("f{i}.yaml"), *t))
            .collect();
        let opts = Options {
            default_namespace: namespace.into(),
            ..Options::default()
        };
        let run = lint_sources(sources, &opts);
        run.findings
            .into_iter()
            .filter(|f| f.id() == "namespace-unset")
            .collect()
    }

    const NS: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: projet\n---\n";
    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A: b\n";
    const PV: &str = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n---\n";

    #[test]
    fn one_finding_per_object_at_metadata() {
        let f = findings(&[&format!("{NS}{PV}{CM}")], "default");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].pos.col, 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`projet`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr)
                .contains("namespace: projet"),
            "{}",
            f[0].help
        );
    }

    #[test]
    fn other_files_and_explicit_namespaces_are_fine() {
        assert!(findings(&[NS, CM], "default").is_empty());
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: projet\ndata:\n  A: b\n";
        assert!(findings(&[&format!("{NS}{cm}")], "default").is_empty());
    }

    #[test]
    fn namespace_option_naming_the_created_namespace() {
        assert!(findings(&[&format!("{NS}{CM}")], "projet").is_empty());
    }
}
