//! `image-pull-never`: `imagePullPolicy: Never` makes the pod depend on an image already on the node.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]); a finding's fix scans that container's keys once.

use crate::rules::pitfall_util::container_label;
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "image-pull-never",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "pod.md",
        summary: Text {
            fr: "`imagePullPolicy: Never` : le pod ne démarre que sur un nœud qui a déjà l'image",
            en: "`imagePullPolicy: Never`: the pod only starts on a node that already has the image",
        },
        what: Text {
            fr: "Signale chaque conteneur (conteneurs d'initialisation compris) qui déclare `imagePullPolicy: Never`, quelle que soit l'image. Avec cette valeur, le kubelet ne télécharge jamais l'image : elle doit déjà être présente sur le nœud où le pod est placé.",
            en: "Flags every container (init containers included) that declares `imagePullPolicy: Never`, whatever the image. With this value the kubelet never downloads the image: it must already be on the node the pod lands on.",
        },
        why: Text {
            fr: "`Never` n'a de sens que sur un cluster local (minikube, kind) où vous chargez l'image à la main. Sur un cluster partagé, vous ne pouvez pas déposer d'image sur les nœuds : le pod reste en `ErrImageNeverPull` sur tout nœud qui ne l'a pas, et le Deployment ne démarre jamais. Une image publiée dans un registre se télécharge très bien avec `IfNotPresent`.",
            en: "`Never` only makes sense on a local cluster (minikube, kind) where you load the image by hand. On a shared cluster you cannot put images on the nodes: the pod stays in `ErrImageNeverPull` on every node that lacks it, and the Deployment never starts. An image published in a registry is pulled fine with `IfNotPresent`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/image-pull-never/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/image-pull-never/good.yaml"),
    },
    check: Check::Set(check),
};

/// `ghcr.io/x/y`, `localhost:5000/y`: the first path component names a registry host.
fn has_registry_host(image: &str) -> bool {
    match image.split_once('/') {
        Some((first, _)) => first.contains(['.', ':']) || first == "localhost",
        None => false,
    }
}

/// The mechanical fix: remove the `imagePullPolicy: Never` line when the
/// key has its line to itself (block style, not the `- ` line of the
/// container); otherwise write `IfNotPresent` in place of `Never`.
fn removal(c: &Node) -> Option<(Pos, u32, crate::diag::Edit, Msg)> {
    let entries = c.entries();
    let i = entries.iter().position(|e| &*e.key == "imagePullPolicy")?;
    let e = &entries[i];
    let line = e.key_span.start.line;
    if !e.key_span.start.is_known() || e.value.span.start.line != line {
        return None;
    }
    let alone = i > 0
        && e.value.span.end.line == line
        && entries.iter().enumerate().all(|(j, o)| {
            j == i || (o.key_span.start.line != line && o.value.span.end.line != line)
        });
    if alone {
        return Some((
            e.key_span.start,
            1,
            crate::diag::Edit::DeleteLine,
            msg!(
                "Supprimer la ligne `imagePullPolicy: Never` (l'image sera téléchargée si le nœud ne l'a pas)",
                "Remove the `imagePullPolicy: Never` line (the image is pulled when the node lacks it)"
            ),
        ));
    }
    (e.value.span.end.line == line).then(|| {
        (
            e.value.span.start,
            e.value.span.caret_len(),
            crate::diag::Edit::Replace("IfNotPresent".into()),
            msg!(
                "Écrire `imagePullPolicy: IfNotPresent`",
                "Write `imagePullPolicy: IfNotPresent`"
            ),
        )
    })
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            let Some(policy) = c.get("imagePullPolicy") else {
                continue;
            };
            if policy.as_str() != Some("Never") {
                continue;
            }
            let who = container_label(c, &path, t.obj);
            let image = c.get("image").and_then(Node::as_str).unwrap_or("");
            let (message, help) = if has_registry_host(image) {
                (
                    msg!(
                        "`imagePullPolicy: Never` : {who} ne téléchargera jamais l'image `{image}` depuis son registre ; sur chaque nœud qui ne l'a pas déjà, le pod restera en `ErrImageNeverPull`",
                        "`imagePullPolicy: Never`: {who} will never pull image `{image}` from its registry; on every node that does not already have it, the pod stays in `ErrImageNeverPull`",
                        who,
                        image
                    ),
                    msg!(
                        "supprimez la ligne `imagePullPolicy: Never`, ou écrivez `imagePullPolicy: IfNotPresent`",
                        "remove the `imagePullPolicy: Never` line, or write `imagePullPolicy: IfNotPresent`"
                    ),
                )
            } else if image.is_empty() {
                (
                    msg!(
                        "`imagePullPolicy: Never` : {who} ne téléchargera jamais son image ; sur chaque nœud qui ne l'a pas déjà, le pod restera en `ErrImageNeverPull`",
                        "`imagePullPolicy: Never`: {who} will never pull its image; on every node that does not already have it, the pod stays in `ErrImageNeverPull`",
                        who
                    ),
                    msg!(
                        "supprimez la ligne `imagePullPolicy: Never`, ou écrivez `imagePullPolicy: IfNotPresent`",
                        "remove the `imagePullPolicy: Never` line, or write `imagePullPolicy: IfNotPresent`"
                    ),
                )
            } else {
                (
                    msg!(
                        "`imagePullPolicy: Never` : {who} exige que l'image `{image}` soit déjà sur le nœud ; sur un cluster partagé vous ne pouvez pas y charger d'image, et le pod restera en `ErrImageNeverPull`",
                        "`imagePullPolicy: Never`: {who} requires image `{image}` to be on the node already; on a shared cluster you cannot load images there, and the pod stays in `ErrImageNeverPull`",
                        who,
                        image
                    ),
                    msg!(
                        "supprimez la ligne `imagePullPolicy: Never` (ou écrivez `imagePullPolicy: IfNotPresent`) ; si l'image n'existe que sur votre machine, publiez-la d'abord dans un registre (`docker push`)",
                        "remove the `imagePullPolicy: Never` line (or write `imagePullPolicy: IfNotPresent`); if the image only exists on your machine, publish it to a registry first (`docker push`)"
                    ),
                )
            };
            let mut f = ctx
                .finding(&RULE, t.obj, policy.span, message, help)
                .with_path(format!("{path}.imagePullPolicy"));
            if let Some((pos, len, edit, title)) = removal(c) {
                f = f.with_fix(pos, len, edit, title);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn ids(yaml: &str) -> Vec<&'static str> {
        let run = crate::engine::lint_sources(
            vec![crate::source::SourceFile::from_text("t.yaml", yaml)],
            &crate::engine::Options::default(),
        );
        run.findings
            .iter()
            .map(|f| f.id())
            .filter(|id| *id == RULE.id())
            .collect()
    }

    #[test]
    fn registry_hosts() {
        assert!(has_registry_host("ghcr.io/a/b:1"));
        assert!(has_registry_host("localhost:5000/b"));
        assert!(has_registry_host("localhost/b"));
        assert!(!has_registry_host("nginx:1.27"));
        assert!(!has_registry_host("bitnami/redis:7"));
    }

    fn fixes(yaml: &str) -> Vec<crate::diag::Fix> {
        let run = crate::engine::lint_sources(
            vec![crate::source::SourceFile::from_text("t.yaml", yaml)],
            &crate::engine::Options::default(),
        );
        run.findings
            .iter()
            .filter(|f| f.id() == RULE.id())
            .filter_map(|f| f.fix.clone())
            .collect()
    }

    #[test]
    fn the_line_is_removed_when_it_stands_alone() {
        let alone = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      imagePullPolicy: Never\n";
        let f = fixes(alone);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].edit, crate::diag::Edit::DeleteLine);
        assert_eq!(f[0].pos.line, 9);
        // On the `- ` line of the container, removing the line would remove the item.
        let first = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - imagePullPolicy: Never\n      name: c\n      image: nginx:1.27\n";
        let f = fixes(first);
        assert_eq!(f[0].edit, crate::diag::Edit::Replace("IfNotPresent".into()));
        assert_eq!((f[0].pos.line, f[0].pos.col, f[0].len), (7, 24, 5));
        let flow = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - {name: c, image: nginx:1.27, imagePullPolicy: Never}\n";
        assert_eq!(
            fixes(flow)[0].edit,
            crate::diag::Edit::Replace("IfNotPresent".into())
        );
    }

    #[test]
    fn init_containers_and_local_images_are_flagged_too() {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      image: monapp:1.0\n      imagePullPolicy: Never\n  containers:\n    - name: c\n      image: nginx:1.27\n      imagePullPolicy: IfNotPresent\n";
        assert_eq!(ids(yaml).len(), 1);
    }
}
