//! `image-never-pull`: `imagePullPolicy: Never` and an image the node does
//! not have (`ErrImageNeverPull`).

use super::{Container, container_finding};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "image-never-pull",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#errimageneverpull",
    text(
        "`imagePullPolicy: Never` et une image absente du nœud (ErrImageNeverPull)",
        "`imagePullPolicy: Never` and an image the node does not have (ErrImageNeverPull)",
    ),
    text(
        "Un conteneur attend avec la raison `ErrImageNeverPull` : son `imagePullPolicy` est `Never`, donc le nœud n'a pas le droit de télécharger l'image, et il ne l'a pas déjà.",
        "A container waits with reason `ErrImageNeverPull`: its `imagePullPolicy` is `Never`, so the node may not download the image, and does not already have it.",
    ),
    text(
        "`Never` ne sert que sur un cluster local où l'on charge les images à la main (kind, minikube). Sur un cluster partagé, l'image n'est jamais sur le nœud : le conteneur ne démarre jamais.",
        "`Never` is only for a local cluster where images are loaded by hand (kind, minikube). On a shared cluster the image is never on the node: the container never starts.",
    ),
    text(
        "Enlevez `imagePullPolicy: Never` (ou mettez `IfNotPresent`) dans le fichier, puis `kubectl apply -f` : le cluster remplace alors les Pods.",
        "Remove `imagePullPolicy: Never` (or use `IfNotPresent`) in the file, then `kubectl apply -f`: the cluster then replaces the Pods.",
    ),
);

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    if c.waiting != "ErrImageNeverPull" {
        return None;
    }
    let at = cx.at_container(c.pod, c.name, &["imagePullPolicy", "image"]);
    let apply = cx.apply(at, c.ns);
    // What the student's file says now: the line to remove, or already
    // gone (while the running pod still has it: the fix is to apply).
    let live_never = super::spec_of(c.pod, c.name)
        .and_then(|s| s.at("imagePullPolicy"))
        .is_some_and(|p| p.scalar_text() == "Never");
    let written = cx
        .file_container(c.pod, c.name)
        .map(|fc| fc.at("imagePullPolicy").map(Node::scalar_text))
        .filter(|w| live_never || w.as_deref() == Some("Never"));
    let help = match written {
        Some(Some(p)) if p == "Never" => msg!(
            "supprimez la ligne `imagePullPolicy: Never` (ou mettez `IfNotPresent`) : `Never` ne sert que sur un cluster local où l'on charge les images à la main ; puis {apply}",
            "remove the `imagePullPolicy: Never` line (or use `IfNotPresent`): `Never` is only for a local cluster where images are loaded by hand; then {apply}",
            apply
        ),
        Some(written) => {
            let now = match written {
                Some(p) => msg!("`imagePullPolicy: {p}`", "`imagePullPolicy: {p}`", p),
                None => msg!(
                    "plus de `imagePullPolicy: Never`",
                    "no `imagePullPolicy: Never` any more"
                ),
            };
            msg!(
                "votre fichier a déjà {now} : le cluster fait encore tourner l'ancienne version ; appliquez-le avec {apply}",
                "your file already has {now}: the cluster still runs the old version; apply it with {apply}",
                now,
                apply
            )
        }
        None => msg!(
            "enlevez `imagePullPolicy: Never` (ou mettez `IfNotPresent`) dans le fichier du Deployment : `Never` ne sert que sur un cluster local où l'on charge les images à la main ; puis {apply}",
            "remove `imagePullPolicy: Never` (or use `IfNotPresent`) in the Deployment's file: `Never` is only for a local cluster where images are loaded by hand; then {apply}",
            apply
        ),
    };
    let (container, pod, owner, image) = (c.name, &c.pod.name, &c.owner, &c.image);
    Some(container_finding(
        c,
        &CODE,
        msg!(
            "le conteneur `{container}` du Pod `{pod}`{owner} ne démarre pas (ErrImageNeverPull) : `imagePullPolicy: Never` interdit de télécharger l'image `{image}`, et elle n'est pas sur le nœud",
            "container `{container}` of Pod `{pod}`{owner} does not start (ErrImageNeverPull): `imagePullPolicy: Never` forbids downloading image `{image}`, and the node does not have it",
            container,
            pod,
            owner,
            image
        ),
        help,
        at,
        c.waiting_message.clone(),
    ))
}
