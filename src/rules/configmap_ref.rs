//! `configmap-ref`: every ConfigMap (and key) a pod template uses exists.
//!
//! Complexity: `refs::check` walks each pod template once and resolves each reference by a
//! hash lookup ([`Ctx::find`]); "did you mean" is capped (100 names, 500 searches): O(n). But
//! each key asked costs O(A), A the keys of the ConfigMap found (key list rebuilt per reference,
//! linear `contains`, uncapped "did you mean"): O(R·A) for R key references to one ConfigMap.

use crate::rules::prelude::*;
use crate::rules::refs::{self, Target};

pub static RULE: Rule = Rule {
    code: Code {
        id: "configmap-ref",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "configmap.md",
        summary: Text {
            fr: "Une référence à une ConfigMap (ou à une clé de ConfigMap) qui n'existe pas",
            en: "A reference to a ConfigMap (or a ConfigMap key) that does not exist",
        },
        what: Text {
            fr: "Dans chaque modèle de pod, les ConfigMaps citées par `envFrom[].configMapRef`, `env[].valueFrom.configMapKeyRef`, un volume `configMap` ou un volume `projected` doivent exister dans le même namespace, et chaque clé demandée (`key`, `items[].key`) doit figurer dans `data` ou `binaryData`. Une clé absente d'une ConfigMap présente dans les fichiers est une erreur, avec les clés existantes et la plus proche ; une ConfigMap qui ne fait pas partie des fichiers vérifiés est un avertissement. Les références marquées `optional: true` sont ignorées.",
            en: "In every pod template, the ConfigMaps named by `envFrom[].configMapRef`, `env[].valueFrom.configMapKeyRef`, a `configMap` volume or a `projected` volume must exist in the same namespace, and every key asked for (`key`, `items[].key`) must be in `data` or `binaryData`. A key missing from a ConfigMap that is in the files is an error, with the existing keys and the closest one; a ConfigMap that is not part of the checked files is a warning. References marked `optional: true` are skipped.",
        },
        why: Text {
            fr: "Sans la ConfigMap ou sans la clé, le conteneur ne démarre pas : le pod reste en `CreateContainerConfigError` (variables d'environnement) ou bloqué en `ContainerCreating` (volume), et `kubectl apply` ne signale rien. Il faut aller lire `kubectl describe pod` pour trouver la cause, souvent une simple faute de frappe dans un nom.",
            en: "Without the ConfigMap or the key, the container does not start: the pod stays in `CreateContainerConfigError` (environment variables) or stuck in `ContainerCreating` (volume), and `kubectl apply` reports nothing. You have to read `kubectl describe pod` to find the cause, often a mere typo in a name.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/configmap-ref/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/configmap-ref/good.yaml"),
    },
    check: Check::Set(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    refs::check(ctx, &RULE, Target::ConfigMap, out);
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("configmap-ref", yaml)
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n";

    #[test]
    fn missing_configmap_is_a_warning_with_a_suggestion() {
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: configuration-backend\ndata:\n  A: b\n---\n{POD}      envFrom:\n        - configMapRef:\n            name: configuration-backnd\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].help(crate::i18n::Lang::Fr)
                .contains("configuration-backend"),
            "{}",
            f[0].help
        );
    }

    #[test]
    fn missing_key_is_an_error_naming_the_keys() {
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  nginx.conf: x\n---\n{POD}      volumeMounts:\n        - name: v\n          mountPath: /etc/nginx\n  volumes:\n    - name: v\n      configMap:\n        name: cfg\n        items:\n          - key: nginx.cnf\n            path: nginx.conf\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`nginx.conf`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("key: nginx.conf"),
            "{}",
            f[0].help
        );
        assert_eq!(f[0].path, "spec.volumes[0].configMap.items[0].key");
    }

    #[test]
    fn optional_and_projected_and_secret_confusion() {
        let yaml = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  K: v\n---\n{POD}      envFrom:\n        - configMapRef:\n            name: s\n        - configMapRef:\n            name: absent\n            optional: true\n  volumes:\n    - name: all\n      projected:\n        sources:\n          - configMap:\n              name: other\n"
        );
        let f = findings(&yaml);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("secretRef"),
            "{}",
            f[0].help
        );
        assert!(
            f[1].path.contains("projected.sources[0].configMap.name"),
            "{}",
            f[1].path
        );
    }

    #[test]
    fn other_namespace_is_an_error_when_both_are_explicit() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: prod\ndata:\n  A: b\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: preprod\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      envFrom:\n        - configMapRef:\n            name: cfg\n";
        let f = findings(yaml);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`prod`"),
            "{}",
            f[0].message
        );
    }
}
