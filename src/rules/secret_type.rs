//! `secret-type`: a Secret whose `type` requires keys it lacks
//! (`kubernetes.io/tls` without `tls.key`, `kubernetes.io/dockerconfigjson`
//! without valid JSON…).

use crate::rules::pitfall_util::decode_base64;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "secret-type",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "secret.md",
        summary: Text {
            fr: "Un Secret d'un `type` réservé auquel il manque ses clés (`tls.crt` et `tls.key`, `.dockerconfigjson` en JSON, `ssh-privatekey`…)",
            en: "A Secret of a reserved `type` that lacks its keys (`tls.crt` and `tls.key`, `.dockerconfigjson` as JSON, `ssh-privatekey`…)",
        },
        what: Text {
            fr: "Certains types de Secret imposent leurs clés, dans `data` ou `stringData` : `kubernetes.io/tls` exige `tls.crt` et `tls.key` (leur contenu n'est pas vérifié) ; `kubernetes.io/dockerconfigjson` exige `.dockerconfigjson`, et `kubernetes.io/dockercfg` exige `.dockercfg`, contenant un objet JSON ; `kubernetes.io/basic-auth` exige `username` ou `password` ; `kubernetes.io/ssh-auth` exige une `ssh-privatekey` non vide ; `kubernetes.io/service-account-token` exige l'annotation `kubernetes.io/service-account.name`. `Opaque` (la valeur par défaut) et les types inconnus (`example.com/mon-type`) n'imposent rien.",
            en: "Some Secret types impose their keys, in `data` or `stringData`: `kubernetes.io/tls` requires `tls.crt` and `tls.key` (their content is not checked); `kubernetes.io/dockerconfigjson` requires `.dockerconfigjson`, and `kubernetes.io/dockercfg` requires `.dockercfg`, holding a JSON object; `kubernetes.io/basic-auth` requires `username` or `password`; `kubernetes.io/ssh-auth` requires a non-empty `ssh-privatekey`; `kubernetes.io/service-account-token` requires the `kubernetes.io/service-account.name` annotation. `Opaque` (the default) and unknown types (`example.com/my-type`) impose nothing.",
        },
        why: Text {
            fr: "Le `type` annonce aux autres composants ce que contient le Secret : un Ingress lit `tls.crt` et `tls.key`, le kubelet lit `.dockerconfigjson` pour télécharger les images privées. Le serveur d'API refuse donc un Secret qui ne tient pas cette promesse. Une clé mal nommée (`tls.cert`, `dockerconfigjson` sans point) est l'erreur habituelle.",
            en: "The `type` tells other components what the Secret holds: an Ingress reads `tls.crt` and `tls.key`, the kubelet reads `.dockerconfigjson` to pull private images. The API server therefore rejects a Secret that does not keep this promise. A misnamed key (`tls.cert`, `dockerconfigjson` without a dot) is the usual mistake.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/secret-type/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/secret-type/good.yaml"),
    },
    check: Check::Object(check),
};

/// The value of a key after `stringData` is merged into `data`:
/// (the value's bytes, if they could be read; where it is written).
fn lookup<'a>(obj: &'a Object, key: &str) -> Option<(Option<Vec<u8>>, &'a Node)> {
    if let Some(v) = obj.root.get("stringData").and_then(|m| m.get(key)) {
        return Some((Some(v.scalar_text().into_bytes()), v));
    }
    let v = obj.root.get("data").and_then(|m| m.get(key))?;
    let bytes = match &v.value {
        Value::Null => Some(Vec::new()),
        Value::Str(s) => decode_base64(s).ok(),
        _ => None,
    };
    Some((bytes, v))
}

/// Does `encoding/json` unmarshal these bytes into a `map[string]interface{}`?
fn json_object_problem(bytes: &[u8]) -> Option<Msg> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(_) | serde_json::Value::Null) => None,
        Ok(_) => Some(msg!(
            "le contenu est du JSON, mais pas un objet `{{…}}`",
            "the content is JSON, but not an object `{{…}}`"
        )),
        Err(_) => Some(msg!(
            "le contenu (une fois le base64 décodé) n'est pas du JSON",
            "the content (once base64 is decoded) is not JSON"
        )),
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "Secret" || obj.api_version != "v1" {
        return;
    }
    let Some(ty_node) = obj.root.get("type") else {
        return;
    };
    let Some(ty) = ty_node.as_str() else { return };
    let p = &obj.prefix;
    let name = &obj.name;
    let at = ty_node.span;
    let mut missing = |keys: &[&str], why: Msg| {
        let list = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let ty = ty.to_string();
        let mut path = format!("{p}data");
        crate::yaml::push_key(&mut path, keys[0]);
        out.push(
            cx.finding(
                &RULE,
                obj,
                at,
                msg!(
                    "le Secret `{name}` est de type `{ty}` mais n'a pas la clé {list} dans `data` ou `stringData`",
                    "Secret `{name}` is of type `{ty}` but has no {list} key in `data` or `stringData`",
                    name,
                    ty,
                    list
                ),
                why,
            )
            .with_path(path),
        );
    };
    match ty {
        "kubernetes.io/tls" => {
            let absent: Vec<&str> = ["tls.crt", "tls.key"]
                .into_iter()
                .filter(|k| lookup(obj, k).is_none())
                .collect();
            if !absent.is_empty() {
                missing(
                    &absent,
                    msg!(
                        "un Secret TLS contient le certificat sous `tls.crt` et la clé privée sous `tls.key` ; le plus simple : `kubectl create secret tls NOM --cert=cert.pem --key=key.pem`",
                        "a TLS Secret holds the certificate under `tls.crt` and the private key under `tls.key`; the simplest: `kubectl create secret tls NAME --cert=cert.pem --key=key.pem`"
                    ),
                );
            }
        }
        "kubernetes.io/basic-auth"
            if lookup(obj, "username").is_none() && lookup(obj, "password").is_none() =>
        {
            missing(
                &["username", "password"],
                msg!(
                    "ajoutez `username` et/ou `password` sous `stringData:`",
                    "add `username` and/or `password` under `stringData:`"
                ),
            );
        }
        "kubernetes.io/ssh-auth" => match lookup(obj, "ssh-privatekey") {
            Some((Some(b), _)) if !b.is_empty() => {}
            Some((None, _)) => {} // unreadable base64: `secret-base64`
            _ => missing(
                &["ssh-privatekey"],
                msg!(
                    "mettez la clé privée SSH sous `ssh-privatekey` (non vide) ; `kubectl create secret generic NOM --type=kubernetes.io/ssh-auth --from-file=ssh-privatekey=~/.ssh/id_ed25519` le fait pour vous",
                    "put the SSH private key under `ssh-privatekey` (not empty); `kubectl create secret generic NAME --type=kubernetes.io/ssh-auth --from-file=ssh-privatekey=~/.ssh/id_ed25519` does it for you"
                ),
            ),
        },
        "kubernetes.io/dockerconfigjson" | "kubernetes.io/dockercfg" => {
            let key = if ty == "kubernetes.io/dockercfg" {
                ".dockercfg"
            } else {
                ".dockerconfigjson"
            };
            match lookup(obj, key) {
                None => missing(
                    &[key],
                    msg!(
                        "créez ce Secret avec `kubectl create secret docker-registry NOM --docker-server=… --docker-username=… --docker-password=…`, qui écrit la clé `{key}` pour vous",
                        "create this Secret with `kubectl create secret docker-registry NAME --docker-server=… --docker-username=… --docker-password=…`, which writes the `{key}` key for you",
                        key
                    ),
                ),
                Some((Some(bytes), node)) => {
                    if let Some(problem) = json_object_problem(&bytes) {
                        let mut path = format!("{p}data");
                        crate::yaml::push_key(&mut path, key);
                        out.push(
                            cx.finding(
                                &RULE,
                                obj,
                                node.span,
                                msg!(
                                    "la valeur de `{key}` n'est pas acceptée : {problem}",
                                    "the value of `{key}` is not accepted: {problem}",
                                    key,
                                    problem
                                ),
                                msg!(
                                    "elle doit contenir un objet JSON comme `{{\"auths\": {{\"registre.example.com\": {{\"auth\": \"…\"}}}}}}`, encodé en base64 sous `data` (ou en clair sous `stringData`)",
                                    "it must hold a JSON object like `{{\"auths\": {{\"registry.example.com\": {{\"auth\": \"…\"}}}}}}`, base64-encoded under `data` (or in clear under `stringData`)"
                                ),
                            )
                            .with_path(path),
                        );
                    }
                }
                Some((None, _)) => {} // unreadable base64: `secret-base64`
            }
        }
        "kubernetes.io/service-account-token" => {
            let annotation = obj
                .root
                .at("metadata.annotations")
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .map(Node::scalar_text)
                .unwrap_or_default();
            if annotation.is_empty() {
                let ty = ty.to_string();
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        at,
                        msg!(
                            "un Secret de type `{ty}` doit dire à quel compte de service il appartient : l'annotation `kubernetes.io/service-account.name` manque",
                            "a Secret of type `{ty}` must say which service account it belongs to: the `kubernetes.io/service-account.name` annotation is missing",
                            ty
                        ),
                        msg!(
                            "ajoutez sous `metadata.annotations` : `kubernetes.io/service-account.name: mon-compte` (Kubernetes remplit ensuite le jeton)",
                            "add under `metadata.annotations`: `kubernetes.io/service-account.name: my-account` (Kubernetes then fills the token in)"
                        ),
                    )
                    .with_path(format!(
                        "{p}metadata.annotations[\"kubernetes.io/service-account.name\"]"
                    )),
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn secret(ty: &str, body: &str) -> String {
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: {ty}\n{body}")
    }

    fn count(ty: &str, body: &str) -> usize {
        findings_of("secret-type", &secret(ty, body)).len()
    }

    #[test]
    fn keys_by_type() {
        assert_eq!(count("kubernetes.io/tls", "data:\n  tls.crt: \"\"\n"), 1);
        assert_eq!(
            count(
                "kubernetes.io/tls",
                "data:\n  tls.crt: \"\"\nstringData:\n  tls.key: k\n"
            ),
            0
        );
        assert_eq!(
            count(
                "kubernetes.io/basic-auth",
                "stringData:\n  password: \"\"\n"
            ),
            0
        );
        assert_eq!(
            count("kubernetes.io/basic-auth", "stringData:\n  user: x\n"),
            1
        );
        assert_eq!(
            count("kubernetes.io/ssh-auth", "data:\n  ssh-privatekey: \"\"\n"),
            1
        );
        assert_eq!(
            count(
                "kubernetes.io/ssh-auth",
                "stringData:\n  ssh-privatekey: k\n"
            ),
            0
        );
        assert_eq!(
            count(
                "kubernetes.io/dockerconfigjson",
                "data:\n  .dockerconfigjson: bm90IGpzb24=\n"
            ),
            1
        );
        assert_eq!(
            count(
                "kubernetes.io/dockerconfigjson",
                "data:\n  .dockerconfigjson: eyJhdXRocyI6e319\n"
            ),
            0
        );
        assert_eq!(
            count(
                "kubernetes.io/dockerconfigjson",
                "stringData:\n  .dockerconfigjson: '[1]'\n"
            ),
            1
        );
        assert_eq!(
            count(
                "kubernetes.io/dockercfg",
                "stringData:\n  .dockercfg: '{}'\n"
            ),
            0
        );
        assert_eq!(count("kubernetes.io/service-account-token", ""), 1);
        assert_eq!(count("Opaque", ""), 0);
        assert_eq!(count("example.com/custom", ""), 0);
    }
}
