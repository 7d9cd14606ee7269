//! `image-pull`: a container waits with `ErrImagePull` or `ImagePullBackOff`.

use super::{Container, already_changed, container_finding};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Severity};
use crate::msg;

pub static CODE: Code = code(
    "image-pull",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#errimagepull-et-imagepullbackoff",
    text(
        "L'image d'un conteneur ne peut pas être téléchargée (ErrImagePull, ImagePullBackOff)",
        "A container's image cannot be downloaded (ErrImagePull, ImagePullBackOff)",
    ),
    text(
        "Un conteneur attend avec la raison `ErrImagePull` ou `ImagePullBackOff` : le nœud n'arrive pas à télécharger son image. Le diagnostic dit pourquoi d'après l'événement du cluster (image ou tag inexistant, registre privé, nom mal écrit) et pointe la ligne `image:` de votre fichier.",
        "A container waits with reason `ErrImagePull` or `ImagePullBackOff`: the node cannot download its image. The diagnosis says why from the cluster's event (no such image or tag, private registry, misspelt name) and points at the `image:` line of your file.",
    ),
    text(
        "Sans image, le conteneur ne démarre jamais : le Pod reste en attente, le Deployment n'est jamais disponible et le Service n'a aucun endpoint.",
        "Without its image the container never starts: the Pod stays waiting, the Deployment is never available and the Service has no endpoint.",
    ),
    text(
        "Corrigez `image:` (nom, tag qui existe vraiment), ou ajoutez `imagePullSecrets` pour un registre privé, puis `kubectl apply -f`.",
        "Fix `image:` (name, a tag that really exists), or add `imagePullSecrets` for a private registry, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    if !matches!(c.waiting, "ErrImagePull" | "ImagePullBackOff") {
        return None;
    }
    let event = cx
        .event(
            c.ns,
            "Pod",
            &c.pod.name,
            "Failed",
            &["Failed to pull image", "Error: "],
        )
        .filter(|m| m.starts_with("Failed to pull"));
    let seen = format!(
        "{} {}",
        c.waiting_message.as_deref().unwrap_or(""),
        event.as_deref().unwrap_or("")
    )
    .to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| seen.contains(k));
    let at = cx.at_container(c.pod, c.name, &["image"]);
    let apply = cx.apply(at, c.ns);
    let image = &c.image;
    let tag = image
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map_or("latest", |(_, t)| t);
    let (cause, help) = if has(&[
        "unauthorized",
        "authentication required",
        "401",
        "403 forbidden",
        "insufficient_scope",
    ]) && !seen.contains(": not found")
    {
        (
            msg!(
                "l'accès au dépôt est refusé : image privée, ou dépôt qui n'existe pas (le registre répond de la même façon)",
                "access to the repository is denied: a private image, or a repository that does not exist (the registry answers the same)"
            ),
            msg!(
                "vérifiez l'orthographe du nom `{image}` ; si l'image est privée, créez un Secret `kubectl create secret docker-registry …` et ajoutez `imagePullSecrets` au pod, ou publiez l'image ; puis {apply}",
                "check the spelling of `{image}`; if the image is private, create a Secret with `kubectl create secret docker-registry …` and add `imagePullSecrets` to the pod, or make the image public; then {apply}",
                image,
                apply
            ),
        )
    } else if has(&[
        "no such host",
        "i/o timeout",
        "connection refused",
        "dial tcp",
        "tls:",
    ]) {
        (
            msg!(
                "le registre de l'image est injoignable depuis le nœud (adresse du registre fausse, ou réseau)",
                "the image's registry cannot be reached from the node (wrong registry address, or network)"
            ),
            msg!(
                "vérifiez le nom du registre au début de `{image}` (par défaut `docker.io`) ; puis {apply}",
                "check the registry name at the start of `{image}` (`docker.io` by default); then {apply}",
                image,
                apply
            ),
        )
    } else if has(&[
        "not found",
        "manifest unknown",
        "does not exist",
        "pull access denied",
    ]) {
        (
            msg!(
                "cette image ou ce tag n'existe pas sur le registre (faute de frappe dans le nom, ou tag `{tag}` jamais publié)",
                "this image or tag does not exist on the registry (a typo in the name, or tag `{tag}` never published)",
                tag
            ),
            msg!(
                "vérifiez le nom et le tag exacts (page de l'image sur son registre, onglet « Tags » ; `docker pull {image}` doit fonctionner), corrigez `image:` puis {apply}",
                "check the exact name and tag (the image's page on its registry, \"Tags\" tab; `docker pull {image}` must work), fix `image:` then {apply}",
                image,
                apply
            ),
        )
    } else {
        (
            msg!(
                "le nœud n'arrive pas à télécharger l'image (nom ou tag faux, image privée, ou registre injoignable)",
                "the node cannot download the image (wrong name or tag, private image, or unreachable registry)"
            ),
            msg!(
                "vérifiez que `docker pull {image}` fonctionne avec exactement ce nom, corrigez `image:` puis {apply}",
                "check that `docker pull {image}` works with exactly this name, fix `image:` then {apply}",
                image,
                apply
            ),
        )
    };
    let help = already_changed(cx, c, "image", at).unwrap_or(help);
    let (container, pod, owner, waiting) = (c.name, &c.pod.name, &c.owner, c.waiting);
    Some(container_finding(
        c,
        &CODE,
        msg!(
            "le conteneur `{container}` du Pod `{pod}`{owner} ne démarre pas ({waiting}) : l'image `{image}` ne peut pas être téléchargée : {cause}",
            "container `{container}` of Pod `{pod}`{owner} does not start ({waiting}): image `{image}` cannot be downloaded: {cause}",
            container,
            pod,
            owner,
            waiting,
            image,
            cause
        ),
        help,
        at,
        event.or(c.waiting_message.clone()),
    ))
}
