//! `image-tag`: an image without a tag, or tagged `latest`.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]), each image reference parsed once.

use crate::rules::pitfall_util::container_label;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "image-tag",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "pod.md",
        summary: Text {
            fr: "Image sans tag ou avec le tag `latest` : on ne sait pas quelle version tourne",
            en: "Image without a tag or tagged `latest`: nobody knows which version runs",
        },
        what: Text {
            fr: "Signale chaque conteneur (conteneurs d'initialisation compris) dont l'`image` n'a pas de tag (`nginx`, `ghcr.io/moi/api`) ou a le tag `latest`. Une image épinglée par condensat (`@sha256:…`) est acceptée, avec ou sans tag. Le tag `latest` écrit avec `imagePullPolicy: Always` est un choix assumé (une image qui ne publie que `latest`, comme celles de l'application du cours) : ce n'est alors qu'une remarque (`info`) ; avec `IfNotPresent` ou `Never`, c'est plus grave qu'un simple `latest` : le nœud garde l'ancienne image.",
            en: "Flags every container (init containers included) whose `image` has no tag (`nginx`, `ghcr.io/me/api`) or the `latest` tag. An image pinned by digest (`@sha256:…`) is accepted, with or without a tag. The `latest` tag written with `imagePullPolicy: Always` is a deliberate choice (an image that only publishes `latest`, like the course application's): it is then only a remark (`info`); with `IfNotPresent` or `Never` it is worse than a plain `latest`: the node keeps the old image.",
        },
        why: Text {
            fr: "Sans tag, Kubernetes prend `latest`, qui désigne la dernière image poussée : deux pods du même Deployment peuvent faire tourner deux versions différentes, et un redémarrage peut installer une nouvelle version sans que personne l'ait décidé. Avec `latest`, Kubernetes règle aussi `imagePullPolicy` sur `Always` : chaque démarrage de pod retélécharge l'image. Un tag fixe (`1.4.2`) rend les déploiements reproductibles et les retours en arrière possibles.",
            en: "Without a tag, Kubernetes uses `latest`, the last image pushed: two pods of the same Deployment can run two different versions, and a restart can install a new version nobody decided on. With `latest`, Kubernetes also sets `imagePullPolicy` to `Always`: every pod start pulls the image again. A fixed tag (`1.4.2`) makes deployments reproducible and rollbacks possible.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/image-tag/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/image-tag/good.yaml"),
    },
    check: Check::Set(check),
};

/// What an image reference says about its version.
#[derive(Debug, PartialEq, Eq)]
enum Version<'a> {
    /// Pinned by digest (`@sha256:…`).
    Digest,
    /// No tag at all: the repository (everything before where the tag would be).
    Untagged,
    /// `:latest`.
    Latest,
    Tag(&'a str),
}

/// Splits an image reference: the tag is after the last `:` that comes after the last `/`
/// (`localhost:5000/app` has a registry port, not a tag).
fn version(image: &str) -> (&str, Version<'_>) {
    if image.contains('@') {
        return (image, Version::Digest);
    }
    let slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[slash..].rfind(':') {
        Some(i) => {
            let (repo, tag) = (&image[..slash + i], &image[slash + i + 1..]);
            if tag == "latest" {
                (repo, Version::Latest)
            } else {
                (repo, Version::Tag(tag))
            }
        }
        None => (image, Version::Untagged),
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            let Some(node) = c.get("image") else { continue };
            let Some(image) = node.as_str().map(str::trim) else {
                continue;
            };
            if image.is_empty() {
                continue; // `required-field` / schema territory.
            }
            let (repo, v) = version(image);
            let who = container_label(c, &path, t.obj);
            let policy = c
                .get("imagePullPolicy")
                .and_then(|p| p.as_str())
                .map(str::trim);
            if v == Version::Latest {
                match policy {
                    // `latest` pulled at every start, written out: a deliberate choice.
                    Some("Always") => {
                        let message = msg!(
                            "{who} utilise l'image `{image}` avec `imagePullPolicy: Always` : chaque pod qui démarre reçoit la dernière image publiée, mais on ne peut pas revenir à une version précise",
                            "{who} uses image `{image}` with `imagePullPolicy: Always`: every pod that starts gets the last image published, but there is no going back to a given version",
                            who,
                            image
                        );
                        let help = msg!(
                            "c'est un choix acceptable pour une image qui ne publie que `latest` ; dès que son registre publie des versions, épinglez-en une (`image: {repo}:1.2.3`)",
                            "an acceptable choice for an image that only publishes `latest`; as soon as its registry publishes versions, pin one (`image: {repo}:1.2.3`)",
                            repo
                        );
                        out.push(
                            ctx.finding(&RULE, t.obj, node.span, message, help)
                                .with_path(format!("{path}.image"))
                                .with_severity(Severity::Info),
                        );
                        continue;
                    }
                    // The node keeps whatever `latest` it pulled first.
                    Some(p @ ("IfNotPresent" | "Never")) => {
                        let message = msg!(
                            "{who} utilise l'image `{image}` avec `imagePullPolicy: {p}` : un nœud qui a déjà une image `latest` la garde, même si une version plus récente a été publiée ; deux pods peuvent donc faire tourner des versions différentes",
                            "{who} uses image `{image}` with `imagePullPolicy: {p}`: a node that already has a `latest` image keeps it, even when a newer one was published; two pods can run different versions",
                            who,
                            image,
                            p
                        );
                        let help = msg!(
                            "épinglez une version (`image: {repo}:1.2.3`) ; si l'image ne publie que `latest`, écrivez `imagePullPolicy: Always` pour que chaque pod reçoive la dernière",
                            "pin a version (`image: {repo}:1.2.3`); if the image only publishes `latest`, write `imagePullPolicy: Always` so that every pod gets the last one",
                            repo
                        );
                        out.push(
                            ctx.finding(&RULE, t.obj, node.span, message, help)
                                .with_path(format!("{path}.image")),
                        );
                        continue;
                    }
                    _ => {}
                }
            }
            // The default pull policy is `Always` for `latest`: say so only when nothing overrides it.
            let pulls = policy.is_none();
            let message = match (v, pulls) {
                (Version::Digest | Version::Tag(_), _) => continue,
                (Version::Untagged, true) => msg!(
                    "{who} utilise l'image `{image}` sans tag : Kubernetes prend alors `{image}:latest`, qui peut être n'importe quelle version, et la retélécharge à chaque démarrage de pod",
                    "{who} uses image `{image}` without a tag: Kubernetes then takes `{image}:latest`, which can be any version, and pulls it again at every pod start",
                    who,
                    image
                ),
                (Version::Untagged, false) => msg!(
                    "{who} utilise l'image `{image}` sans tag : Kubernetes prend alors `{image}:latest`, qui peut être n'importe quelle version",
                    "{who} uses image `{image}` without a tag: Kubernetes then takes `{image}:latest`, which can be any version",
                    who,
                    image
                ),
                (Version::Latest, true) => msg!(
                    "{who} utilise l'image `{image}` : avec le tag `latest`, on ne sait jamais quelle version tourne (deux pods peuvent avoir des versions différentes), et Kubernetes la retélécharge à chaque démarrage de pod (`imagePullPolicy: Always`)",
                    "{who} uses image `{image}`: with the `latest` tag, nobody knows which version runs (two pods can run different versions), and Kubernetes pulls it again at every pod start (`imagePullPolicy: Always`)",
                    who,
                    image
                ),
                (Version::Latest, false) => msg!(
                    "{who} utilise l'image `{image}` : avec le tag `latest`, on ne sait jamais quelle version tourne (deux pods peuvent avoir des versions différentes)",
                    "{who} uses image `{image}`: with the `latest` tag, nobody knows which version runs (two pods can run different versions)",
                    who,
                    image
                ),
            };
            let help = if repo.contains('/') {
                msg!(
                    "indiquez une version précise, par exemple `image: {repo}:1.2.3` (les versions disponibles sont sur la page de l'image dans son registre) ; pour vos propres images, taguez chaque construction (`docker build -t {repo}:1.0.0 .`)",
                    "give a precise version, for example `image: {repo}:1.2.3` (the available versions are on the image's page in its registry); for your own images, tag every build (`docker build -t {repo}:1.0.0 .`)",
                    repo
                )
            } else {
                msg!(
                    "indiquez une version précise, par exemple `image: {repo}:1.2.3` (les versions disponibles sont sur la page de l'image dans son registre, par exemple Docker Hub)",
                    "give a precise version, for example `image: {repo}:1.2.3` (the available versions are on the image's page in its registry, e.g. Docker Hub)",
                    repo
                )
            };
            out.push(
                ctx.finding(&RULE, t.obj, node.span, message, help)
                    .with_path(format!("{path}.image")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn splits_references() {
        assert_eq!(version("nginx"), ("nginx", Version::Untagged));
        assert_eq!(version("nginx:latest"), ("nginx", Version::Latest));
        assert_eq!(version("nginx:1.27"), ("nginx", Version::Tag("1.27")));
        assert_eq!(
            version("localhost:5000/app"),
            ("localhost:5000/app", Version::Untagged)
        );
        assert_eq!(
            version("localhost:5000/app:latest"),
            ("localhost:5000/app", Version::Latest)
        );
        assert_eq!(
            version("ghcr.io/a/b:2.0"),
            ("ghcr.io/a/b", Version::Tag("2.0"))
        );
        assert_eq!(
            version("nginx@sha256:abcd"),
            ("nginx@sha256:abcd", Version::Digest)
        );
        assert_eq!(
            version("nginx:latest@sha256:abcd"),
            ("nginx:latest@sha256:abcd", Version::Digest)
        );
    }

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: IMAGE\n      POLICY\n";

    fn pod(image: &str, policy: &str) -> Vec<Finding> {
        let yaml = POD.replace("IMAGE", image).replace("POLICY", policy);
        crate::rules::findings_of(RULE.id(), &yaml)
    }

    #[test]
    fn latest_with_an_explicit_always_is_only_a_remark() {
        let hits = pod("ragatzino/backend:latest", "imagePullPolicy: Always");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].severity, Severity::Info);
        // Not when the policy is left to its default, nor for an untagged image.
        for (image, policy) in [
            ("ragatzino/backend:latest", ""),
            ("ragatzino/backend", "imagePullPolicy: Always"),
        ] {
            let hits = pod(image, policy);
            assert_eq!(hits.len(), 1, "{image} {policy}");
            assert_eq!(hits[0].severity, Severity::Warning, "{image} {policy}");
        }
    }

    #[test]
    fn latest_kept_on_the_node_is_a_warning_that_says_so() {
        for policy in ["IfNotPresent", "Never"] {
            let hits = pod("nginx:latest", &format!("imagePullPolicy: {policy}"));
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].severity, Severity::Warning);
            let text = hits[0].message.render(crate::i18n::Lang::Fr);
            assert!(text.contains("la garde"), "{text}");
        }
        assert!(pod("nginx:1.27", "imagePullPolicy: IfNotPresent").is_empty());
    }

    #[test]
    fn flags_untagged_and_latest_in_every_template() {
        let yaml = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: \"0 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          initContainers:\n            - name: a\n              image: busybox\n          containers:\n            - name: b\n              image: python:latest\n            - name: c\n              image: python:3.12-slim\n";
        let hits = crate::rules::findings_of(RULE.id(), yaml);
        assert_eq!(hits.len(), 2, "{hits:#?}");
        assert!(
            hits.iter()
                .any(|f| f.path.ends_with("initContainers[0].image"))
        );
    }
}
