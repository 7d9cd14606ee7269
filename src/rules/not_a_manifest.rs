//! `not-a-manifest`: the input of a tool (Kustomize, Helm), not a manifest.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "not-a-manifest",
        family: Family::Input,
        severity: Severity::Info,
        basis: Basis::Judgement,
        chapter: "kustomize.md",
        summary: Text {
            fr: "Un fichier de Kustomize ou de Helm : l'entrée d'un outil, pas un manifeste",
            en: "A Kustomize or Helm file: the input of a tool, not a manifest",
        },
        what: Text {
            fr: "Reconnaît un `kustomization.yaml` (Kustomize) et le `Chart.yaml` d'un chart Helm. Ce ne sont pas des objets Kubernetes : `kubectl apply -f` les refuse. Pour un dossier Kustomize, vérifiez ce qu'il produit : `kubectl kustomize DOSSIER | kubecours lint -` ; quand `kubectl` est installé, `kubecours lint` le fait lui-même et vérifie le résultat. Pour un chart Helm : `helm template CHART | kubecours lint -`.",
            en: "Recognises a `kustomization.yaml` (Kustomize) and the `Chart.yaml` of a Helm chart. They are not Kubernetes objects: `kubectl apply -f` rejects them. For a Kustomize folder, check what it produces: `kubectl kustomize FOLDER | kubecours lint -`; when `kubectl` is installed, `kubecours lint` does it itself and checks the result. For a Helm chart: `helm template CHART | kubecours lint -`.",
        },
        why: Text {
            fr: "Kustomize et Helm fabriquent les manifestes : c'est leur résultat que l'API reçoit. Vérifier le fichier d'entrée comme un manifeste donnerait de fausses erreurs (« pas de `metadata.name` »).",
            en: "Kustomize and Helm build the manifests: their output is what the API receives. Checking the input file as a manifest would give false errors (\"no `metadata.name`\").",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/not-a-manifest/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/not-a-manifest/good.yaml"),
    },
    check: Check::Document(check),
};

fn check(file: usize, problem: &DocProblem, out: &mut Vec<Finding>) {
    let (span, message, help) = match problem {
        DocProblem::Kustomization { span } => (
            *span,
            msg!(
                "ce fichier est un `kustomization.yaml` : il décrit comment Kustomize fabrique des manifestes, ce n'en est pas un",
                "this file is a `kustomization.yaml`: it describes how Kustomize builds manifests, it is not one"
            ),
            msg!(
                "vérifiez ce qu'il produit : `kubectl kustomize DOSSIER | kubecours lint -` (et appliquez-le avec `kubectl apply -k DOSSIER`)",
                "check what it produces: `kubectl kustomize FOLDER | kubecours lint -` (and apply it with `kubectl apply -k FOLDER`)"
            ),
        ),
        DocProblem::HelmChart { span } => (
            *span,
            msg!(
                "ce dossier est un chart Helm : ses gabarits deviennent des manifestes avec `helm template`",
                "this folder is a Helm chart: its templates become manifests with `helm template`"
            ),
            msg!(
                "vérifiez le rendu : `helm template MON-CHART | kubecours lint -`",
                "check the rendered output: `helm template MY-CHART | kubecours lint -`"
            ),
        ),
        _ => return,
    };
    out.push(Finding::new(&RULE.code, file, span, message, help));
}
