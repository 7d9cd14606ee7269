//! `resource-limits`: `resources` the API server rejects: a request above its limit, an unknown resource name…

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;
use crate::rules::values::quantity;

pub static RULE: Rule = Rule {
    code: Code {
        id: "resource-limits",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "deployment.md",
        summary: Text {
            fr: "Des `resources` que l'API refuse : une demande au-dessus de sa limite, un nom de ressource inconnu, une valeur négative",
            en: "`resources` the API rejects: a request above its limit, an unknown resource name, a negative value",
        },
        what: Text {
            fr: "Pour chaque ressource d'un conteneur (`cpu`, `memory`, `ephemeral-storage`), la demande (`requests`) ne dépasse pas la limite (`limits`) quand les deux sont écrites, et aucune valeur n'est négative. Les noms de ressources sans préfixe sont `cpu`, `memory`, `ephemeral-storage` et `hugepages-<taille>` (`cpus` ou `ram` sont refusés) ; une ressource étendue (`example.com/gpu`) a une valeur entière, et sa demande égale sa limite.",
            en: "For each resource of a container (`cpu`, `memory`, `ephemeral-storage`), the request (`requests`) does not exceed the limit (`limits`) when both are written, and no value is negative. Resource names without a prefix are `cpu`, `memory`, `ephemeral-storage` and `hugepages-<size>` (`cpus` or `ram` are rejected); an extended resource (`example.com/gpu`) has a whole value, and its request equals its limit.",
        },
        why: Text {
            fr: "Le scheduler place un Pod d'après ses demandes et le nœud le bride à ses limites : une demande au-dessus de la limite n'a pas de sens, le serveur d'API refuse l'objet. C'est souvent une inversion entre `requests` et `limits`, ou une unité oubliée (`512` octets au lieu de `512Mi`).",
            en: "The scheduler places a Pod by its requests and the node caps it at its limits: a request above the limit makes no sense, the API server rejects the object. It is often `requests` and `limits` swapped, or a forgotten unit (`512` bytes instead of `512Mi`).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/resource-limits/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/resource-limits/good.yaml"),
    },
    check: Check::Object(check),
};

const STANDARD: &[&str] = &["cpu", "memory", "ephemeral-storage"];

fn standard(name: &str) -> bool {
    STANDARD.contains(&name) || name.starts_with("hugepages-")
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    for c in containers(spec, &spec_path) {
        let Some(res) = c.node.get("resources") else {
            continue;
        };
        let path = format!("{}.resources", c.path);
        for group in ["requests", "limits"] {
            for e in res.get(group).map(Node::entries).unwrap_or(&[]) {
                let name = &*e.key;
                let mut p = format!("{path}.{group}");
                crate::yaml::push_key(&mut p, name);
                if !name.contains('/') && !standard(name) {
                    let near =
                        crate::suggest::closest(name, STANDARD.iter().copied()).unwrap_or("cpu");
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            e.key_span,
                            msg!(
                                "`{name}` n'est pas une ressource d'un conteneur : `cpu`, `memory`, `ephemeral-storage` ou `hugepages-…`",
                                "`{name}` is not a container resource: `cpu`, `memory`, `ephemeral-storage` or `hugepages-…`",
                                name
                            ),
                            msg!("vouliez-vous dire `{near}` ?", "did you mean `{near}`?", near),
                        )
                        .with_path(p.clone()),
                    );
                    continue;
                }
                if let Some(v) = quantity(&e.value)
                    && v < 0.0
                {
                    let t = e.value.scalar_text();
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            e.value.span,
                            msg!("`{name}: {t}` est négatif", "`{name}: {t}` is negative", name, t),
                            msg!("une ressource se demande en quantité positive, par exemple `250m` ou `128Mi`", "a resource is asked for as a positive quantity, e.g. `250m` or `128Mi`"),
                        )
                        .with_path(p.clone()),
                    );
                }
                if name.contains('/')
                    && !name.starts_with("kubernetes.io/")
                    && let Some(v) = quantity(&e.value)
                    && v.fract() != 0.0
                {
                    let t = e.value.scalar_text();
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            e.value.span,
                            msg!("la ressource étendue `{name}` se compte en unités entières, pas `{t}`", "extended resource `{name}` is counted in whole units, not `{t}`", name, t),
                            msg!("écrivez un nombre entier, par exemple `1`", "write a whole number, e.g. `1`"),
                        )
                        .with_path(p),
                    );
                }
            }
        }
        let (Some(req), Some(lim)) = (res.get("requests"), res.get("limits")) else {
            continue;
        };
        for e in req.entries() {
            let name = &*e.key;
            let Some(l) = lim.get(name) else {
                if name.contains('/') && !name.starts_with("kubernetes.io/") {
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            e.key_span,
                            msg!(
                                "la ressource étendue `{name}` est demandée sans limite",
                                "extended resource `{name}` is requested without a limit",
                                name
                            ),
                            msg!(
                                "écrivez la même valeur dans `limits`",
                                "write the same value in `limits`"
                            ),
                        )
                        .with_path(format!("{path}.limits")),
                    );
                }
                continue;
            };
            let (Some(r), Some(m)) = (quantity(&e.value), quantity(l)) else {
                continue;
            };
            let (rt, lt) = (e.value.scalar_text(), l.scalar_text());
            let extended = name.contains('/') && !name.starts_with("kubernetes.io/")
                || name.starts_with("hugepages-");
            if extended && r != m {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        e.value.span,
                        msg!(
                            "la demande de `{name}` ({rt}) doit égaler sa limite ({lt}) : cette ressource ne se partage pas",
                            "the request of `{name}` ({rt}) must equal its limit ({lt}): this resource is not shared",
                            name,
                            rt,
                            lt
                        ),
                        msg!("écrivez la même valeur dans `requests` et `limits`", "write the same value in `requests` and `limits`"),
                    )
                    .with_path(format!("{path}.requests")),
                );
            } else if r > m * (1.0 + 1e-9) {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        e.value.span,
                        msg!(
                            "la demande de `{name}` ({rt}) dépasse sa limite ({lt}) : le serveur d'API refuse le conteneur",
                            "the request of `{name}` ({rt}) exceeds its limit ({lt}): the API server rejects the container",
                            name,
                            rt,
                            lt
                        ),
                        msg!(
                            "une demande est au plus égale à la limite : baissez `requests.{name}` ou montez `limits.{name}` (vérifiez aussi les unités : `m`, `Mi`, `Gi`)",
                            "a request is at most the limit: lower `requests.{name}` or raise `limits.{name}` (check the units too: `m`, `Mi`, `Gi`)",
                            name
                        ),
                    )
                    .with_path(format!("{path}.requests"))
                    .related(obj.file, l.span.start, msg!("la limite", "the limit")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pod(res: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n    resources:\n{res}"
        )
    }

    #[test]
    fn requests_never_exceed_limits() {
        assert_eq!(
            findings_of(
                "resource-limits",
                &pod("      requests: {cpu: \"2\"}\n      limits: {cpu: 500m}\n")
            )
            .len(),
            1
        );
        assert_eq!(
            findings_of(
                "resource-limits",
                &pod("      requests: {memory: 1Gi}\n      limits: {memory: 512Mi}\n")
            )
            .len(),
            1
        );
        assert!(findings_of("resource-limits", &pod("      requests: {memory: 512Mi, cpu: 100m}\n      limits: {memory: 512Mi, cpu: \"1\"}\n")).is_empty());
        assert_eq!(
            findings_of("resource-limits", &pod("      requests: {cpus: 100m}\n")).len(),
            1
        );
    }
}
