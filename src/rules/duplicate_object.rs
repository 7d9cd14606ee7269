//! `duplicate-object`: the same kind, namespace and name defined twice.
//!
//! Complexity: O(n) in the objects of the input set: one pass over `ctx.objects`, one hash
//! lookup (and insert) on (kind, namespace, name) per object.

use crate::manifest::Object;
use crate::rules::prelude::*;
use crate::schema::is_namespaced;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "duplicate-object",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Le même objet (type, namespace et nom) est défini deux fois",
            en: "The same object (kind, namespace and name) is defined twice",
        },
        what: Text {
            fr: "Deux objets des fichiers vérifiés ne doivent pas avoir à la fois le même `kind`, le même namespace (celui de `metadata.namespace`, ou le namespace par défaut) et le même `metadata.name`. La seconde occurrence est signalée sur son `metadata.name`, avec l'emplacement de la première. Pour les objets sans namespace (Namespace, PersistentVolume…), seuls le type et le nom comptent.",
            en: "Two objects of the checked files must not share the same `kind`, the same namespace (the one of `metadata.namespace`, or the default namespace) and the same `metadata.name`. The second occurrence is reported on its `metadata.name`, with the place of the first one. For objects without a namespace (Namespace, PersistentVolume…), only the kind and the name count.",
        },
        why: Text {
            fr: "Kubernetes identifie un objet par son type, son namespace et son nom : au `kubectl apply`, la seconde définition remplace silencieusement la première, et l'une des deux configurations disparaît. C'est souvent un copier-coller dont on a oublié de changer le nom, ou deux fichiers prévus pour des namespaces différents qui n'écrivent pas `metadata.namespace`.",
            en: "Kubernetes identifies an object by its kind, namespace and name: on `kubectl apply`, the second definition silently replaces the first one, and one of the two configurations disappears. It is often a copy-paste whose name was not changed, or two files meant for different namespaces that do not write `metadata.namespace`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/duplicate-object/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/duplicate-object/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: HashMap<(&str, &str, &str), &Object> = HashMap::with_capacity(ctx.objects.len());
    for obj in ctx.objects {
        let namespaced = is_namespaced(&obj.api_version, &obj.kind);
        let ns = if namespaced { ctx.ns(obj) } else { "" };
        let Some(first) = seen
            .get(&(obj.kind.as_str(), ns, obj.name.as_str()))
            .copied()
        else {
            seen.insert((obj.kind.as_str(), ns, obj.name.as_str()), obj);
            continue;
        };
        let (kind, name) = (&obj.kind, &obj.name);
        let message = if namespaced {
            msg!(
                "deux objets {kind} portent le nom `{name}` dans le namespace `{ns}` : au `kubectl apply`, cette définition remplace la première",
                "two {kind} objects are named `{name}` in namespace `{ns}`: on `kubectl apply`, this definition replaces the first one",
                kind,
                name,
                ns
            )
        } else {
            msg!(
                "deux objets {kind} portent le nom `{name}` : au `kubectl apply`, cette définition remplace la première",
                "two {kind} objects are named `{name}`: on `kubectl apply`, this definition replaces the first one",
                kind,
                name
            )
        };
        let no_namespace = namespaced && obj.namespace.is_none() && first.namespace.is_none();
        let help = if no_namespace && obj.file != first.file {
            msg!(
                "si ces fichiers visent des namespaces différents, écrivez `metadata.namespace` dans chacun ; sinon, supprimez l'une des définitions ou changez ce `metadata.name`",
                "if these files target different namespaces, write `metadata.namespace` in each; otherwise, remove one of the definitions or change this `metadata.name`"
            )
        } else if namespaced && obj.file != first.file {
            msg!(
                "si ce fichier est prévu pour un autre namespace, corrigez son `metadata.namespace` (actuellement `{ns}`) ; sinon, supprimez l'une des définitions ou changez ce `metadata.name`",
                "if this file is meant for another namespace, fix its `metadata.namespace` (currently `{ns}`); otherwise, remove one of the definitions or change this `metadata.name`",
                ns
            )
        } else {
            msg!(
                "changez ce `metadata.name` (par exemple `{name}-2`, ou un nom qui dit son rôle), ou supprimez la définition en double",
                "change this `metadata.name` (for example `{name}-2`, or a name that says its role), or remove the duplicate definition",
                name
            )
        };
        let mut finding = ctx
            .finding(&RULE, obj, obj.name_span(), message, help)
            .with_path(format!("{}metadata.name", obj.prefix));
        finding.related.push(crate::diag::Related {
            file: first.file,
            pos: first.name_span().start,
            label: msg!("première définition", "first definition"),
        });
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn findings(files: &[&str]) -> Vec<Finding> {
        let sources = files
            .iter()
            .enumerate()
            .map(|(i, t)| SourceFile::from_text(format!("f{i}.yaml"), *t))
            .collect();
        let run = lint_sources(sources, &Options::default());
        run.findings
            .into_iter()
            .filter(|f| f.id() == "duplicate-object")
            .collect()
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A: b\n";

    #[test]
    fn same_name_other_kind_or_namespace_is_fine() {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\nstringData:\n  A: b\n";
        let other_ns = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: prod\ndata:\n  A: b\n";
        assert!(findings(&[CM, secret, other_ns]).is_empty());
    }

    #[test]
    fn explicit_default_namespace_equals_implicit() {
        let explicit = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  A: b\n";
        let f = findings(&[CM, explicit]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].file, Some(1));
        assert_eq!((f[0].pos.line, f[0].pos.col), (4, 9));
        assert_eq!(f[0].related[0].file, 0);
    }

    #[test]
    fn cluster_scoped_objects_ignore_the_namespace() {
        let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n";
        let f = findings(&[ns, ns]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            !f[0].message(crate::i18n::Lang::Fr).contains("namespace `"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("metadata.name"),
            "{}",
            f[0].help
        );
    }

    #[test]
    fn files_without_namespace_get_the_namespace_hint() {
        let f = findings(&[CM, CM]);
        assert!(
            f[0].help(crate::i18n::Lang::Fr)
                .contains("metadata.namespace"),
            "{}",
            f[0].help
        );
    }
}
