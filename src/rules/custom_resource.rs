//! `custom-resource`: A custom resource (CRD): not checked.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "custom-resource",
        family: Family::Schema,
        severity: Severity::Info,
        basis: Basis::Judgement,
        chapter: "regles.md#custom-resource",
        summary: Text {
            fr: "Une ressource personnalisée (CRD) : non vérifiée",
            en: "A custom resource (CRD): not checked",
        },
        what: Text {
            fr: "Un `kind` d'un groupe d'API qui n'appartient pas à Kubernetes (`cert-manager.io`, `monitoring.coreos.com`…) vient d'une CustomResourceDefinition. Ses champs ne sont pas vérifiés ; la règle le dit pour qu'on ne croie pas le fichier validé.",
            en: "A `kind` from an API group that is not part of Kubernetes (`cert-manager.io`, `monitoring.coreos.com`…) comes from a CustomResourceDefinition. Its fields are not checked; the rule says so, so that nobody believes the file was validated.",
        },
        why: Text {
            fr: "Ces types n'existent que si la CRD est installée sur le cluster (`kubectl get crd`) ; leur schéma n'est connu que du cluster.",
            en: "These kinds exist only if the CRD is installed on the cluster (`kubectl get crd`); only the cluster knows their schema.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/custom-resource/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/custom-resource/good.yaml"),
    },
    check: Check::Schema,
};

/// Called by the schema pass for a kind of a group that is not Kubernetes's own.
pub fn report(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let (kind, api) = (&obj.kind, &obj.api_version);
    out.push(
        cx.finding(
            &RULE,
            obj,
            obj.kind_span(),
            msg!(
                "`{kind}` (`{api}`) est une ressource personnalisée (CRD) : ses champs ne sont pas vérifiés",
                "`{kind}` (`{api}`) is a custom resource (CRD): its fields are not checked",
                kind, api
            ),
            msg!(
                "vérifiez que la CRD est installée sur le cluster : `kubectl get crd`",
                "check the CRD is installed on the cluster: `kubectl get crd`"
            ),
        )
        .with_path(format!("{}kind", obj.prefix)),
    );
}
