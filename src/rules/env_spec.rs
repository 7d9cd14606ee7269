//! `env-spec`: an `env` or `envFrom` entry the API server rejects (no source, two sources, unknown `fieldPath`…).

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "env-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "configmap.md",
        summary: Text {
            fr: "Une variable d'environnement que l'API refuse : `valueFrom` vide ou avec deux sources, `value` et `valueFrom` ensemble, `fieldPath` inconnu",
            en: "An environment variable the API rejects: `valueFrom` empty or with two sources, `value` and `valueFrom` together, an unknown `fieldPath`",
        },
        what: Text {
            fr: "Une variable `env` a soit une `value`, soit un `valueFrom` avec exactement une source (`configMapKeyRef`, `secretKeyRef`, `fieldRef`, `resourceFieldRef` ou `fileKeyRef`). Un `fieldRef.fieldPath` ne peut lire que `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels['…']`, `metadata.annotations['…']`, `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)` et `status.podIP(s)` ; un `resourceFieldRef.resource` que `limits.cpu`, `limits.memory`, `limits.ephemeral-storage` et leurs `requests.`. Un `envFrom` a exactement un `configMapRef` ou un `secretRef`, avec un `name`.",
            en: "An `env` variable has either a `value` or a `valueFrom` with exactly one source (`configMapKeyRef`, `secretKeyRef`, `fieldRef`, `resourceFieldRef` or `fileKeyRef`). A `fieldRef.fieldPath` can only read `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels['…']`, `metadata.annotations['…']`, `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP(s)` and `status.podIP(s)`; a `resourceFieldRef.resource` only `limits.cpu`, `limits.memory`, `limits.ephemeral-storage` and their `requests.`. An `envFrom` has exactly one `configMapRef` or `secretRef`, with a `name`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : il ne saurait pas d'où vient la valeur. Ces erreurs viennent souvent d'une indentation décalée d'un niveau (la clé tombe dans le mauvais bloc) ou d'un mélange entre `env` et `envFrom`.",
            en: "The API server rejects the whole object: it would not know where the value comes from. These mistakes often come from an indentation off by one level (the key lands in the wrong block) or from mixing `env` and `envFrom`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/env-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/env-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const SOURCES: &[&str] = &[
    "configMapKeyRef",
    "secretKeyRef",
    "fieldRef",
    "resourceFieldRef",
    "fileKeyRef",
];
const FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
    "spec.host",
];
const RESOURCES: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

fn field_path_ok(p: &str) -> bool {
    if FIELD_PATHS.contains(&p) {
        return true;
    }
    for prefix in ["metadata.labels['", "metadata.annotations['"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            return rest
                .strip_suffix("']")
                .is_some_and(|k| crate::rules::values::qualified_name(k).is_none());
        }
    }
    false
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    for c in containers(spec, &spec_path) {
        for (j, var) in c
            .node
            .get("env")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let path = format!("{}.env[{j}]", c.path);
            let name = var.get("name").map(Node::scalar_text).unwrap_or_default();
            let Some(vf) = var.get("valueFrom") else {
                continue;
            };
            let present: Vec<&str> = SOURCES
                .iter()
                .copied()
                .filter(|s| vf.get(s).is_some())
                .collect();
            let value_set = var
                .get("value")
                .is_some_and(|v| !v.is_null() && v.scalar_text() != "");
            let at = var.entry("valueFrom").map_or(vf.span, |e| e.key_span);
            let problem = if value_set && !present.is_empty() {
                Some((
                    msg!(
                        "la variable `{name}` a à la fois une `value` et un `valueFrom`",
                        "variable `{name}` has both a `value` and a `valueFrom`",
                        name
                    ),
                    msg!(
                        "gardez l'un des deux : la valeur écrite, ou la source",
                        "keep one of them: the written value, or the source"
                    ),
                ))
            } else if present.is_empty() {
                Some((
                    msg!(
                        "le `valueFrom` de la variable `{name}` n'a pas de source",
                        "the `valueFrom` of variable `{name}` has no source",
                        name
                    ),
                    msg!(
                        "ajoutez une source sous `valueFrom:`, par exemple `configMapKeyRef: {{name: ma-config, key: MA_CLE}}` (vérifiez l'indentation : elle est peut-être un niveau trop haut)",
                        "add a source under `valueFrom:`, e.g. `configMapKeyRef: {{name: my-config, key: MY_KEY}}` (check the indentation: it may be one level too high)"
                    ),
                ))
            } else if present.len() > 1 {
                let list: Vec<String> = present.iter().map(|p| format!("`{p}`")).collect();
                Some((
                    msg!(
                        "le `valueFrom` de la variable `{name}` a plusieurs sources ({list}) : une seule est permise",
                        "the `valueFrom` of variable `{name}` has several sources ({list}): only one is allowed",
                        name,
                        list
                    ),
                    msg!(
                        "gardez une seule source par variable ; pour en lire plusieurs, faites plusieurs variables",
                        "keep one source per variable; to read several, make several variables"
                    ),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                out.push(
                    cx.finding(&RULE, obj, at, message, help)
                        .with_path(format!("{path}.valueFrom")),
                );
                continue;
            }
            if let Some(fr) = vf.get("fieldRef") {
                let api = fr.get("apiVersion").and_then(Node::as_str).unwrap_or("v1");
                match fr.get("fieldPath") {
                    None => out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            fr.span,
                            msg!(
                                "`fieldRef` sans `fieldPath`",
                                "`fieldRef` without a `fieldPath`"
                            ),
                            msg!(
                                "écrivez par exemple `fieldPath: metadata.name`",
                                "write for instance `fieldPath: metadata.name`"
                            ),
                        )
                        .with_path(format!("{path}.valueFrom.fieldRef")),
                    ),
                    Some(fp) => {
                        let p = fp.scalar_text();
                        if api != "v1" || !field_path_ok(&p) {
                            out.push(
                                cx.finding(
                                    &RULE,
                                    obj,
                                    fp.span,
                                    msg!(
                                        "`fieldPath: {p}` n'est pas un champ qu'une variable d'environnement peut lire",
                                        "`fieldPath: {p}` is not a field an environment variable can read",
                                        p
                                    ),
                                    msg!(
                                        "les champs possibles : `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels['clé']`, `metadata.annotations['clé']`, `spec.nodeName`, `spec.serviceAccountName`, `status.podIP`, `status.hostIP`",
                                        "the possible fields: `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels['key']`, `metadata.annotations['key']`, `spec.nodeName`, `spec.serviceAccountName`, `status.podIP`, `status.hostIP`"
                                    ),
                                )
                                .with_path(format!("{path}.valueFrom.fieldRef.fieldPath")),
                            );
                        }
                    }
                }
            }
            if let Some(fk) = vf.get("fileKeyRef")
                && let Some(vn) = fk.get("volumeName")
            {
                let v = vn.scalar_text();
                let vol = spec
                    .get("volumes")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .find(|x| x.get("name").map(Node::scalar_text).as_deref() == Some(v.as_str()));
                let problem = match vol {
                    None => Some(msg!(
                        "`fileKeyRef` lit le volume `{v}`, que ce Pod ne déclare pas",
                        "`fileKeyRef` reads volume `{v}`, which this Pod does not declare",
                        v
                    )),
                    Some(x) if x.get("emptyDir").is_none() => Some(msg!(
                        "`fileKeyRef` ne lit qu'un volume `emptyDir` ; `{v}` n'en est pas un",
                        "`fileKeyRef` only reads an `emptyDir` volume; `{v}` is not one",
                        v
                    )),
                    _ => None,
                };
                if let Some(m) = problem {
                    out.push(cx.finding(&RULE, obj, vn.span, m, msg!("déclarez un volume `emptyDir` que remplit un conteneur d'initialisation", "declare an `emptyDir` volume that an init container fills")).with_path(format!("{path}.valueFrom.fileKeyRef.volumeName")));
                }
            }
            if let Some(rf) = vf.get("resourceFieldRef")
                && let Some(r) = rf.get("resource")
            {
                let res = r.scalar_text();
                let ok = RESOURCES.contains(&res.as_str())
                    || res.starts_with("requests.hugepages-")
                    || res.starts_with("limits.hugepages-");
                if !ok {
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            r.span,
                            msg!("`resource: {res}` n'est pas une ressource lisible", "`resource: {res}` is not a readable resource", res),
                            msg!(
                                "les ressources possibles : `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, `requests.cpu`, `requests.memory`, `requests.ephemeral-storage`",
                                "the possible resources: `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, `requests.cpu`, `requests.memory`, `requests.ephemeral-storage`"
                            ),
                        )
                        .with_path(format!("{path}.valueFrom.resourceFieldRef.resource")),
                    );
                }
            }
        }
        for (j, from) in c
            .node
            .get("envFrom")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let path = format!("{}.envFrom[{j}]", c.path);
            let refs: Vec<&str> = ["configMapRef", "secretRef"]
                .into_iter()
                .filter(|k| from.get(k).is_some())
                .collect();
            let (message, help) = match refs.len() {
                0 => (
                    msg!(
                        "cet élément de `envFrom` n'a ni `configMapRef` ni `secretRef`",
                        "this `envFrom` item has neither a `configMapRef` nor a `secretRef`"
                    ),
                    msg!(
                        "écrivez `- configMapRef: {{name: ma-config}}` (ou `secretRef`)",
                        "write `- configMapRef: {{name: my-config}}` (or `secretRef`)"
                    ),
                ),
                1 => {
                    let r = refs[0];
                    let node = from.get(r).unwrap_or(from);
                    if node.get("name").is_none_or(|n| n.scalar_text().is_empty()) {
                        (
                            msg!("ce `{r}` n'a pas de `name`", "this `{r}` has no `name`", r),
                            msg!(
                                "nommez l'objet à charger : `{r}: {{name: …}}`",
                                "name the object to load: `{r}: {{name: …}}`",
                                r
                            ),
                        )
                    } else {
                        continue;
                    }
                }
                _ => (
                    msg!(
                        "cet élément de `envFrom` a à la fois `configMapRef` et `secretRef` : un seul par élément",
                        "this `envFrom` item has both `configMapRef` and `secretRef`: one per item"
                    ),
                    msg!(
                        "faites deux éléments : `- configMapRef: …` et `- secretRef: …`",
                        "make two items: `- configMapRef: …` and `- secretRef: …`"
                    ),
                ),
            };
            out.push(
                cx.finding(&RULE, obj, from.span, message, help)
                    .with_path(path),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pod(env: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n{env}"
        )
    }

    #[test]
    fn sources() {
        assert_eq!(
            findings_of(
                "env-spec",
                &pod("    env:\n    - name: A\n      valueFrom: {}\n")
            )
            .len(),
            1
        );
        assert_eq!(findings_of("env-spec", &pod("    env:\n    - name: A\n      value: x\n      valueFrom:\n        fieldRef: {fieldPath: metadata.name}\n")).len(), 1);
        assert_eq!(findings_of("env-spec", &pod("    env:\n    - name: A\n      valueFrom:\n        fieldRef: {fieldPath: status.phase}\n")).len(), 1);
        assert!(findings_of("env-spec", &pod("    env:\n    - name: A\n      valueFrom:\n        fieldRef: {fieldPath: \"metadata.labels['app']\"}\n")).is_empty());
        assert_eq!(
            findings_of(
                "env-spec",
                &pod("    envFrom:\n    - configMapRef: {name: a}\n      secretRef: {name: b}\n")
            )
            .len(),
            1
        );
    }
}
