//! `invalid-image-name`: a container waits with `InvalidImageName`.

use super::{Container, already_changed, container_finding};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::msg;

pub static CODE: Code = code(
    "invalid-image-name",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#invalidimagename",
    text(
        "Un nom d'image invalide (InvalidImageName)",
        "An invalid image name (InvalidImageName)",
    ),
    text(
        "Un conteneur attend avec la raison `InvalidImageName` : la valeur de `image:` n'est pas un nom d'image (majuscules, espace, `https://`, deux `:`).",
        "A container waits with reason `InvalidImageName`: the `image:` value is not an image name (capitals, a space, `https://`, two `:`).",
    ),
    text(
        "Le nœud ne peut même pas chercher l'image : le conteneur ne démarrera jamais.",
        "The node cannot even look for the image: the container will never start.",
    ),
    text(
        "Écrivez `registre/dépôt:tag` en minuscules, sans espace ni schéma (`nginx:1.27`), puis `kubectl apply -f`.",
        "Write `registry/repository:tag` in lower case, with no space nor scheme (`nginx:1.27`), then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    if c.waiting != "InvalidImageName" {
        return None;
    }
    let at = cx.at_container(c.pod, c.name, &["image"]);
    let apply = cx.apply(at, c.ns);
    let image = &c.image;
    let why = if image.chars().any(|ch| ch.is_ascii_uppercase()) {
        msg!(
            " : il contient des majuscules",
            ": it has upper-case letters"
        )
    } else if image.contains(' ') {
        msg!(" : il contient un espace", ": it has a space")
    } else if image.contains("://") {
        msg!(
            " : une image ne commence pas par `http://` ou `https://`",
            ": an image does not start with `http://` or `https://`"
        )
    } else {
        Msg::EMPTY
    };
    let help = already_changed(cx, c, "image", at).unwrap_or_else(|| {
        msg!(
            "une image s'écrit `registre/dépôt:tag`, en minuscules, sans espace ni `https://` (par exemple `nginx:1.27` ou `ragatzino/backend:1.0.0`) ; corrigez `image:` puis {apply}",
            "an image is written `registry/repository:tag`, lower-case, with no space nor `https://` (e.g. `nginx:1.27` or `ragatzino/backend:1.0.0`); fix `image:` then {apply}",
            apply
        )
    });
    let (container, pod, owner) = (c.name, &c.pod.name, &c.owner);
    Some(container_finding(
        c,
        &CODE,
        msg!(
            "le conteneur `{container}` du Pod `{pod}`{owner} ne démarre pas (InvalidImageName) : `{image}` n'est pas un nom d'image valide{why}",
            "container `{container}` of Pod `{pod}`{owner} does not start (InvalidImageName): `{image}` is not a valid image name{why}",
            container,
            pod,
            owner,
            image,
            why
        ),
        help,
        at,
        c.waiting_message.clone(),
    ))
}
