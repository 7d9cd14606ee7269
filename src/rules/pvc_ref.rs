//! `pvc-ref`: every PersistentVolumeClaim a pod template claims exists.
//!
//! Complexity: O(n) in the objects of the input set: `refs::check` walks the volumes of each
//! pod template once and resolves each claim by a hash lookup ([`Ctx::find`]); the "did you
//! mean" search for a missing claim is capped (100 names compared, 500 searches per run).

use crate::rules::prelude::*;
use crate::rules::refs::{self, Target};

pub static RULE: Rule = Rule {
    code: Code {
        id: "pvc-ref",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Un volume réclame un PersistentVolumeClaim qui n'existe pas",
            en: "A volume claims a PersistentVolumeClaim that does not exist",
        },
        what: Text {
            fr: "Dans chaque modèle de pod, le `persistentVolumeClaim.claimName` d'un volume doit nommer un PersistentVolumeClaim du même namespace. Un PVC présent dans les fichiers mais dans un autre namespace est une erreur ; un PVC qui ne fait pas partie des fichiers vérifiés est un avertissement, avec le nom le plus proche parmi les PVC des fichiers.",
            en: "In every pod template, the `persistentVolumeClaim.claimName` of a volume must name a PersistentVolumeClaim of the same namespace. A PVC that is in the files but in another namespace is an error; a PVC that is not part of the checked files is a warning, with the closest name among the PVCs of the files.",
        },
        why: Text {
            fr: "Un pod dont le PVC n'existe pas n'est jamais placé sur un nœud : il reste `Pending`, avec l'événement « persistentvolumeclaim \"…\" not found ». Un PVC n'est visible que dans son namespace : le créer ailleurs revient à ne pas le créer.",
            en: "A pod whose PVC does not exist is never scheduled: it stays `Pending`, with the event \"persistentvolumeclaim \"…\" not found\". A PVC is only visible in its namespace: creating it elsewhere is the same as not creating it.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/pvc-ref/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/pvc-ref/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    refs::check(ctx, &RULE, Target::Pvc, out);
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("pvc-ref", yaml)
    }

    const PVC: &str = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: donnees\n  namespace: prod\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n---\n";

    fn pod(ns: &str, claim: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{ns}spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n  volumes:\n    - name: d\n      persistentVolumeClaim:\n        claimName: {claim}\n"
        )
    }

    #[test]
    fn found_in_its_namespace() {
        assert!(findings(&format!("{PVC}{}", pod("  namespace: prod\n", "donnees"))).is_empty());
    }

    #[test]
    fn other_namespace_error_or_warning() {
        let f = findings(&format!(
            "{PVC}{}",
            pod("  namespace: preprod\n", "donnees")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        let f = findings(&format!("{PVC}{}", pod("", "donnees")));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("metadata.namespace"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn typo_suggests_the_closest() {
        let f = findings(&format!("{PVC}{}", pod("  namespace: prod\n", "donnes")));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("`donnees`"),
            "{}",
            f[0].help
        );
        assert_eq!(f[0].path, "spec.volumes[0].persistentVolumeClaim.claimName");
    }
}
