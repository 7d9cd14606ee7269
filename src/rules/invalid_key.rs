//! `invalid-key`: a ConfigMap or Secret key the API server rejects, in the
//! object itself (`data`, `binaryData`, `stringData`) or in an environment
//! variable that reads one (`configMapKeyRef`, `secretKeyRef`).

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;
use crate::rules::values::config_key;

pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-key",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "configmap.md",
        summary: Text {
            fr: "Une clé de ConfigMap ou de Secret que l'API refuse (`log level`, `config/app.yaml`, `..data`), ou une clé en double entre `data` et `binaryData`",
            en: "A ConfigMap or Secret key the API rejects (`log level`, `config/app.yaml`, `..data`), or a key repeated between `data` and `binaryData`",
        },
        what: Text {
            fr: "Une clé de `data`, `binaryData` (ConfigMap) ou `data`, `stringData` (Secret) n'a que des lettres, des chiffres, `-`, `_` et `.` (253 caractères au plus), n'est ni `.` ni `..` et ne commence pas par `..` ; une ConfigMap n'a pas la même clé dans `data` et dans `binaryData`. Les mêmes règles valent pour la `key` d'un `configMapKeyRef` ou d'un `secretKeyRef` dans une variable d'environnement, qui doit aussi nommer la ConfigMap ou le Secret (`name`).",
            en: "A key of `data`, `binaryData` (ConfigMap) or `data`, `stringData` (Secret) has only letters, digits, `-`, `_` and `.` (at most 253 characters), is neither `.` nor `..` and does not start with `..`; a ConfigMap does not have the same key in `data` and in `binaryData`. The same rules hold for the `key` of a `configMapKeyRef` or `secretKeyRef` in an environment variable, which must also name the ConfigMap or Secret (`name`).",
        },
        why: Text {
            fr: "Chaque clé peut devenir un nom de fichier quand la ConfigMap ou le Secret est monté en volume : le serveur d'API refuse les espaces, les `/` (qui créeraient des dossiers) et les noms qu'il réserve (`..data`). L'objet entier est refusé, et les pods qui l'attendent ne démarrent pas.",
            en: "Each key may become a file name when the ConfigMap or Secret is mounted as a volume: the API server rejects spaces, `/` (which would create folders) and the names it reserves (`..data`). The whole object is rejected, and the pods waiting for it do not start.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-key/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-key/good.yaml"),
    },
    check: Check::Object(check),
};

/// A valid key close to `key` (`log level` → `log_level`).
pub fn suggest_key(key: &str) -> String {
    let mut s: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.starts_with("..") {
        s.remove(0);
    }
    s.truncate(253);
    if s.is_empty() || s == "." || s == ".." {
        "key".into()
    } else {
        s
    }
}

fn report_key(
    cx: &ObjCx,
    obj: &Object,
    span: Span,
    path: String,
    key: &str,
    problem: Msg,
    out: &mut Vec<Finding>,
) {
    let good = suggest_key(key);
    let k = key.to_string();
    let mut f = cx
        .finding(
            &RULE,
            obj,
            span,
            msg!(
                "la clé `{k}` n'est pas acceptée : {problem}",
                "key `{k}` is not accepted: {problem}",
                k,
                problem
            ),
            msg!(
                "écrivez par exemple `{good}`",
                "write for instance `{good}`",
                good
            ),
        )
        .with_path(path);
    if span.start.is_known() && span.end.line == span.start.line {
        f = f.with_fix(
            span.start,
            span.caret_len(),
            crate::diag::Edit::Replace(good.clone()),
            msg!("Renommer en `{good}`", "Rename to `{good}`", good),
        );
    }
    out.push(f);
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let maps: &[&str] = match (obj.api_version.as_str(), obj.kind.as_str()) {
        ("v1", "ConfigMap") => &["data", "binaryData"],
        ("v1", "Secret") => &["data", "stringData"],
        _ => &[],
    };
    for map in maps {
        for e in obj.root.get(map).map(Node::entries).unwrap_or(&[]) {
            if let Some(problem) = config_key(&e.key) {
                let mut path = format!("{p}{map}");
                crate::yaml::push_key(&mut path, &e.key);
                report_key(cx, obj, e.key_span, path, &e.key, problem, out);
            }
        }
    }
    // CM-02
    if obj.kind == "ConfigMap"
        && let Some(binary) = obj.root.get("binaryData")
    {
        for e in obj.root.get("data").map(Node::entries).unwrap_or(&[]) {
            if binary.get(&e.key).is_some() {
                let key = e.key.to_string();
                let mut path = format!("{p}data");
                crate::yaml::push_key(&mut path, &key);
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        e.key_span,
                        msg!(
                            "la clé `{key}` est à la fois dans `data` et dans `binaryData` : une clé n'a qu'une valeur",
                            "key `{key}` is both in `data` and in `binaryData`: a key has only one value",
                            key
                        ),
                        msg!(
                            "gardez-la dans `data` (texte) ou dans `binaryData` (octets en base64), pas dans les deux",
                            "keep it in `data` (text) or in `binaryData` (base64 bytes), not in both"
                        ),
                    )
                    .with_path(path),
                );
            }
        }
    }
    // POD-E08
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
            let Some(vf) = var.get("valueFrom") else {
                continue;
            };
            for r in ["configMapKeyRef", "secretKeyRef"] {
                let Some(sel) = vf.get(r).filter(|n| !n.is_null()) else {
                    continue;
                };
                let path = format!("{}.env[{j}].valueFrom.{r}", c.path);
                if let Some(k) = sel.get("key")
                    && let Some(key) = k.as_str()
                {
                    if key.is_empty() {
                        out.push(
                            cx.finding(
                                &RULE,
                                obj,
                                k.span,
                                msg!(
                                    "la `key` de ce `{r}` est vide : quelle clé lire ?",
                                    "the `key` of this `{r}` is empty: which key to read?",
                                    r
                                ),
                                msg!(
                                    "écrivez la clé à lire, par exemple `key: LOG_LEVEL`",
                                    "write the key to read, for instance `key: LOG_LEVEL`"
                                ),
                            )
                            .with_path(format!("{path}.key")),
                        );
                    } else if let Some(problem) = config_key(key) {
                        report_key(cx, obj, k.span, format!("{path}.key"), key, problem, out);
                    }
                }
                if sel.get("name").is_none_or(Node::is_null) {
                    let what = if r == "configMapKeyRef" {
                        msg!("la ConfigMap", "the ConfigMap")
                    } else {
                        msg!("le Secret", "the Secret")
                    };
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            vf.entry(r).map_or(sel.span, |e| e.key_span),
                            msg!(
                                "ce `{r}` ne nomme pas {what} à lire (`name`) : un nom vide est refusé",
                                "this `{r}` does not name {what} to read (`name`): an empty name is rejected",
                                r,
                                what
                            ),
                            msg!(
                                "ajoutez `name:` avec le nom de l'objet, à côté de `key:`",
                                "add `name:` with the object's name, next to `key:`"
                            ),
                        )
                        .with_path(format!("{path}.name")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::findings_of;

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("invalid-key", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    #[test]
    fn configmap_and_secret_keys() {
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  log level: debug\n  nginx.conf: x\n  ..data: y\n  APP_TITLE: z\nbinaryData:\n  APP_TITLE: eA==\n  logo.png: eA==\n";
        assert_eq!(
            paths(cm),
            ["data.log level", "data[\"..data\"]", "data.APP_TITLE"]
        );
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  config/app.yaml: x\n  tls.key: y\n";
        assert_eq!(paths(secret), ["stringData[\"config/app.yaml\"]"]);
    }

    #[test]
    fn env_references() {
        let pod = |sel: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      env:\n        - name: A\n          valueFrom:\n            configMapKeyRef:\n{sel}"
            )
        };
        assert!(
            paths(&pod(
                "              name: cfg\n              key: LOG_LEVEL\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&pod(
                "              name: cfg\n              key: log level\n"
            )),
            ["spec.containers[0].env[0].valueFrom.configMapKeyRef.key"]
        );
        assert_eq!(
            paths(&pod("              key: LOG_LEVEL\n")),
            ["spec.containers[0].env[0].valueFrom.configMapKeyRef.name"]
        );
    }

    #[test]
    fn suggested_keys_are_valid() {
        for bad in ["log level", "..data", "a/b", "é", ".", ".."] {
            let good = suggest_key(bad);
            assert!(config_key(&good).is_none(), "{bad} → {good}");
        }
        assert_eq!(suggest_key("log level"), "log_level");
    }
}
