//! `volume-mount`: a `volumeMounts` entry the API server rejects (no such volume, bad subPath…).

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "volume-mount",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Un `volumeMounts` que l'API refuse : aucun volume de ce nom, `subPath` absolu ou avec `..`",
            en: "A `volumeMounts` entry the API rejects: no volume of that name, an absolute `subPath` or one with `..`",
        },
        what: Text {
            fr: "Chaque `volumeMounts[].name` d'un conteneur doit être le `name` d'un volume déclaré dans `volumes` du même Pod (pour un StatefulSet, aussi d'un `volumeClaimTemplates`). `subPath` et `subPathExpr` sont des chemins relatifs sans élément `..`, et l'un exclut l'autre ; `mountPropagation: Bidirectional` demande un conteneur `privileged` ; `recursiveReadOnly` autre que `Disabled` demande `readOnly: true`.",
            en: "Every `volumeMounts[].name` of a container must be the `name` of a volume declared in `volumes` of the same Pod (for a StatefulSet, also of a `volumeClaimTemplates`). `subPath` and `subPathExpr` are relative paths without a `..` element, and exclude each other; `mountPropagation: Bidirectional` needs a `privileged` container; `recursiveReadOnly` other than `Disabled` needs `readOnly: true`.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Pod (« Not found ») : le conteneur ne saurait pas quoi monter. Le plus souvent le nom du volume a changé d'un côté et pas de l'autre, ou la section `volumes:` a été oubliée.",
            en: "The API server rejects the Pod (\"Not found\"): the container would not know what to mount. Most often the volume's name changed on one side and not the other, or the `volumes:` section was forgotten.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/volume-mount/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/volume-mount/good.yaml"),
    },
    check: Check::Object(check),
};

fn bad_path(p: &str) -> Option<Msg> {
    if p.starts_with('/') {
        return Some(msg!(
            "c'est un chemin absolu ; il doit être relatif au volume",
            "it is an absolute path; it must be relative to the volume"
        ));
    }
    if p.split('/').any(|seg| seg == "..") {
        return Some(msg!("il contient `..`", "it contains `..`"));
    }
    None
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    let mut volumes: Vec<String> = spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| v.get("name").map(Node::scalar_text))
        .collect();
    if obj.kind == "StatefulSet" {
        volumes.extend(
            obj.root
                .at("spec.volumeClaimTemplates")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(|t| t.at("metadata.name").map(Node::scalar_text)),
        );
    }
    let list: Vec<String> = volumes.iter().map(|v| format!("`{v}`")).collect();
    for c in containers(spec, &spec_path) {
        let privileged = c
            .node
            .at("securityContext.privileged")
            .and_then(Node::as_bool)
            == Some(true);
        for (j, m) in c
            .node
            .get("volumeMounts")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let path = format!("{}.volumeMounts[{j}]", c.path);
            if let Some(n) = m.get("name")
                && let Some(name) = n.as_str()
                && !volumes.iter().any(|v| v == name)
            {
                let (message, help) = if volumes.is_empty() {
                    (
                        msg!(
                            "le conteneur monte le volume `{name}`, mais ce Pod ne déclare aucun volume (`volumes:` est absent)",
                            "the container mounts volume `{name}`, but this Pod declares no volume (`volumes:` is missing)",
                            name
                        ),
                        msg!(
                            "déclarez le volume dans `volumes:` à côté de `containers:`, par exemple `volumes: [{{name: {name}, emptyDir: {{}}}}]`",
                            "declare the volume in `volumes:` beside `containers:`, e.g. `volumes: [{{name: {name}, emptyDir: {{}}}}]`",
                            name
                        ),
                    )
                } else {
                    let near = crate::suggest::closest(name, volumes.iter().map(String::as_str))
                        .map(str::to_string);
                    (
                        msg!(
                            "le conteneur monte le volume `{name}`, que ce Pod ne déclare pas (volumes : {list})",
                            "the container mounts volume `{name}`, which this Pod does not declare (volumes: {list})",
                            name,
                            list
                        ),
                        match near {
                            Some(v) => msg!("vouliez-vous dire `{v}` ?", "did you mean `{v}`?", v),
                            None => msg!(
                                "nommez ici l'un des volumes de `volumes:`, ou ajoutez le volume `{name}`",
                                "name here one of the volumes of `volumes:`, or add volume `{name}`",
                                name
                            ),
                        },
                    )
                };
                out.push(
                    cx.finding(&RULE, obj, n.span, message, help)
                        .with_path(format!("{path}.name")),
                );
            }
            for key in ["subPath", "subPathExpr"] {
                if let Some(n) = m.get(key)
                    && let Some(p) = n.as_str()
                    && let Some(problem) = bad_path(p)
                {
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            n.span,
                            msg!("`{key}: {p}` : {problem}", "`{key}: {p}`: {problem}", key, p, problem),
                            msg!(
                                "écrivez un chemin à l'intérieur du volume, sans `/` au début ni `..` (par exemple `config/app.conf`)",
                                "write a path inside the volume, with no leading `/` nor `..` (e.g. `config/app.conf`)"
                            ),
                        )
                        .with_path(format!("{path}.{key}")),
                    );
                }
            }
            if m.get("subPath")
                .is_some_and(|n| n.as_str().is_some_and(|s| !s.is_empty()))
                && let Some(n) = m
                    .get("subPathExpr")
                    .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        n.span,
                        msg!(
                            "`subPath` et `subPathExpr` s'excluent l'un l'autre",
                            "`subPath` and `subPathExpr` exclude each other"
                        ),
                        msg!("gardez un seul des deux", "keep only one of them"),
                    )
                    .with_path(format!("{path}.subPathExpr")),
                );
            }
            if let Some(n) = m.get("mountPropagation")
                && n.as_str() == Some("Bidirectional")
                && !privileged
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        n.span,
                        msg!(
                            "`mountPropagation: Bidirectional` n'est permis qu'à un conteneur `privileged: true`",
                            "`mountPropagation: Bidirectional` is only allowed to a `privileged: true` container"
                        ),
                        msg!("enlevez cette ligne (la valeur par défaut, `None`, convient presque toujours)", "remove this line (the default, `None`, is almost always right)"),
                    )
                    .with_path(format!("{path}.mountPropagation")),
                );
            }
            if let Some(n) = m.get("recursiveReadOnly")
                && matches!(n.as_str(), Some("Enabled" | "IfPossible"))
                && m.get("readOnly").and_then(Node::as_bool) != Some(true)
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        n.span,
                        msg!(
                            "`recursiveReadOnly` demande `readOnly: true`",
                            "`recursiveReadOnly` needs `readOnly: true`"
                        ),
                        msg!(
                            "ajoutez `readOnly: true` à ce montage",
                            "add `readOnly: true` to this mount"
                        ),
                    )
                    .with_path(format!("{path}.recursiveReadOnly")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn mounts_must_name_a_volume() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n    volumeMounts:\n    - name: data\n      mountPath: /data\n";
        assert_eq!(findings_of("volume-mount", pod).len(), 1);
        let ok = format!("{pod}  volumes:\n  - name: data\n    emptyDir: {{}}\n");
        assert!(findings_of("volume-mount", &ok).is_empty());
        let sub = ok.replace(
            "mountPath: /data\n",
            "mountPath: /data\n      subPath: /etc\n",
        );
        assert_eq!(findings_of("volume-mount", &sub).len(), 1);
    }
}
