//! `secret-ref`: every Secret (and key) a pod template uses exists.
//!
//! Complexity: `refs::check` walks each pod template once and resolves each reference by a
//! hash lookup ([`Ctx::find`]); "did you mean" is capped (100 names, 500 searches): O(n). But
//! each key asked costs O(A), A the keys of the Secret found (key list rebuilt per reference,
//! linear `contains`, uncapped "did you mean"): O(R·A) for R key references to one Secret.

use crate::rules::prelude::*;
use crate::rules::refs::{self, Target};

pub static RULE: Rule = Rule {
    code: Code {
        id: "secret-ref",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "secret.md",
        summary: Text {
            fr: "Une référence à un Secret (ou à une clé de Secret) qui n'existe pas",
            en: "A reference to a Secret (or a Secret key) that does not exist",
        },
        what: Text {
            fr: "Dans chaque modèle de pod, les Secrets cités par `envFrom[].secretRef`, `env[].valueFrom.secretKeyRef`, un volume `secret` (`secretName`) ou un volume `projected` doivent exister dans le même namespace, et chaque clé demandée (`key`, `items[].key`) doit figurer dans `data` ou `stringData`. Une clé absente d'un Secret présent dans les fichiers est une erreur, avec les clés existantes et la plus proche ; un Secret qui ne fait pas partie des fichiers vérifiés (créé à part avec `kubectl create secret`, par exemple) est un avertissement. Les références marquées `optional: true` sont ignorées.",
            en: "In every pod template, the Secrets named by `envFrom[].secretRef`, `env[].valueFrom.secretKeyRef`, a `secret` volume (`secretName`) or a `projected` volume must exist in the same namespace, and every key asked for (`key`, `items[].key`) must be in `data` or `stringData`. A key missing from a Secret that is in the files is an error, with the existing keys and the closest one; a Secret that is not part of the checked files (created apart with `kubectl create secret`, for example) is a warning. References marked `optional: true` are skipped.",
        },
        why: Text {
            fr: "Sans le Secret ou sans la clé, le conteneur ne démarre pas : le pod reste en `CreateContainerConfigError` (variables d'environnement) ou bloqué en `ContainerCreating` (volume), alors que `kubectl apply` a tout accepté. La cause n'apparaît que dans les événements de `kubectl describe pod`.",
            en: "Without the Secret or the key, the container does not start: the pod stays in `CreateContainerConfigError` (environment variables) or stuck in `ContainerCreating` (volume), although `kubectl apply` accepted everything. The cause only shows in the events of `kubectl describe pod`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/secret-ref/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/secret-ref/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    refs::check(ctx, &RULE, Target::Secret, out);
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("secret-ref", yaml)
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n";

    #[test]
    fn keys_of_data_and_string_data_count() {
        let yaml = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  A: YQ==\nstringData:\n  B: b\n---\n{POD}      env:\n        - name: A\n          valueFrom:\n            secretKeyRef:\n              name: s\n              key: A\n        - name: B\n          valueFrom:\n            secretKeyRef:\n              name: s\n              key: B\n        - name: C\n          valueFrom:\n            secretKeyRef:\n              name: s\n              key: C\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`A`, `B`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn volume_secret_name_and_optional() {
        let yaml = format!(
            "{POD}  volumes:\n    - name: tls\n      secret:\n        secretName: certificats\n    - name: opt\n      secret:\n        secretName: facultatif\n        optional: true\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].path, "spec.volumes[0].secret.secretName");
    }

    #[test]
    fn a_configmap_of_that_name_is_pointed_out() {
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  A: b\n---\n{POD}      envFrom:\n        - secretRef:\n            name: conf\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("configMapRef"),
            "{}",
            f[0].help
        );
    }
}
