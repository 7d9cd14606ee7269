//! `configmap-credentials`: credential-looking keys in a ConfigMap.
//!
//! Complexity: O(n) in the size of the input set: one pass over the ConfigMaps
//! ([`Ctx::of_kind`]), each `data` entry looked at once (its key split into words, a
//! multi-line value read line by line once).

use crate::rules::pitfall_util::is_placeholder;
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "configmap-credentials",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "configmap.md",
        summary: Text {
            fr: "Un ConfigMap contient une clé qui ressemble à un mot de passe ou à un jeton",
            en: "A ConfigMap holds a key that looks like a password or a token",
        },
        what: Text {
            fr: "Découpe chaque clé de `data` en mots (aux `_`, `-`, `.` et aux majuscules de `dbPassword`) et la signale si un mot est PASSWORD, PASSWD, PWD, PASS, PASSPHRASE, SECRET, TOKEN, APIKEY, CREDENTIAL(S) ou CREDS, ou si deux mots forment API KEY ou PRIVATE KEY, sans tenir compte de la casse. Exception : la clé n'est pas signalée si son dernier mot dit qu'elle décrit le secret sans le contenir (URL, FILE, PATH, NAME, LENGTH, MIN, MAX, TTL, TIMEOUT, ENABLED, POLICY, HEADER…) : `TOKEN_URL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH` passent. Une valeur vide n'est pas signalée ; dans un fichier (valeur sur plusieurs lignes), les lignes `clé=valeur` ou `clé: valeur` sont examinées de la même façon.",
            en: "Splits every `data` key into words (at `_`, `-`, `.` and at the capitals of `dbPassword`) and flags it if a word is PASSWORD, PASSWD, PWD, PASS, PASSPHRASE, SECRET, TOKEN, APIKEY, CREDENTIAL(S) or CREDS, or if two words make API KEY or PRIVATE KEY, ignoring case. Exception: the key is not flagged if its last word says it describes the secret without holding it (URL, FILE, PATH, NAME, LENGTH, MIN, MAX, TTL, TIMEOUT, ENABLED, POLICY, HEADER…): `TOKEN_URL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH` pass. An empty value is not flagged; in a file (a multi-line value), `key=value` or `key: value` lines are examined the same way.",
        },
        why: Text {
            fr: "Un ConfigMap n'est pas fait pour les secrets : toute personne qui peut lire le namespace le lit en clair (`kubectl get configmap -o yaml`), il s'affiche dans les tableaux de bord, et le fichier finit dans git avec le mot de passe dedans. Un Secret peut être protégé par des droits d'accès séparés et créé hors de git.",
            en: "A ConfigMap is not meant for secrets: anyone who can read the namespace reads it in clear (`kubectl get configmap -o yaml`), it shows in dashboards, and the file ends up in git with the password inside. A Secret can be protected by separate access rights and created outside git.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/configmap-credentials/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/configmap-credentials/good.yaml"),
    },
    check: Check::Set(check),
};

/// Words that name a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
];

/// Pairs of words that name a credential together.
const CREDENTIAL_PAIRS: &[(&str, &str)] = &[("API", "KEY"), ("PRIVATE", "KEY")];

/// A last word that says the key describes the credential without holding it.
const DESCRIPTORS: &[&str] = &[
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "PATH",
    "FILE",
    "DIR",
    "NAME",
    "REF",
    "ID",
    "LENGTH",
    "LEN",
    "MIN",
    "MAX",
    "SIZE",
    "TTL",
    "TIMEOUT",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "LIFETIME",
    "DURATION",
    "ENABLED",
    "DISABLED",
    "ENABLE",
    "REQUIRED",
    "POLICY",
    "HEADER",
    "TYPE",
    "ALGORITHM",
    "ALG",
    "ROUNDS",
    "FORMAT",
    "PREFIX",
];

/// `dbPassword` → `DB PASSWORD`; `db.password`, `DB_PASSWORD`, `db-password` too.
fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in key.chars() {
        if !ch.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_uppercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Does this key name a credential (see the rule's documentation)?
pub fn is_credential_key(key: &str) -> bool {
    let w = words(key);
    let Some(last) = w.last() else { return false };
    if DESCRIPTORS.contains(&last.as_str()) {
        return false;
    }
    w.iter().any(|x| CREDENTIAL_WORDS.contains(&x.as_str()))
        || w.windows(2).any(|p| {
            CREDENTIAL_PAIRS
                .iter()
                .any(|(a, b)| p[0] == *a && p[1] == *b)
        })
}

/// In a file held by the ConfigMap, the first `key=value` / `key: value` line whose key is a
/// credential and whose value is a real one (not empty, not `${VAR}`…): its key.
fn credential_in_file(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim();
        if line.starts_with(['#', ';']) || line.starts_with("//") {
            return None;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (k, v) = line.split_once(['=', ':'])?;
        let k = k.trim().trim_matches(['"', '\'']);
        let v = v
            .trim()
            .trim_end_matches(',')
            .trim()
            .trim_matches(['"', '\'']);
        (!k.is_empty() && !k.contains(' ') && is_credential_key(k) && !is_placeholder(v))
            .then(|| k.to_string())
    })
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for cm in ctx.of_kind("ConfigMap") {
        let name = &cm.name;
        for e in cm.root.get("data").map(Node::entries).unwrap_or(&[]) {
            let key = &*e.key;
            let value = e
                .value
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| e.value.scalar_text());
            if e.value.is_null() || value.trim().is_empty() {
                continue;
            }
            let base = ["-configmap", "-config", "-cm", "-conf"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name);
            let secret_name = format!("{base}-secret");
            let (message, help) = if is_credential_key(key) {
                (
                    msg!(
                        "la clé `{key}` du ConfigMap `{name}` ressemble à un mot de passe ou à un jeton : un ConfigMap se lit en clair par quiconque peut lire le namespace, et le manifeste finira dans git avec la valeur dedans",
                        "key `{key}` of ConfigMap `{name}` looks like a password or a token: a ConfigMap is readable in clear by anyone who can read the namespace, and the manifest will end up in git with the value inside",
                        key,
                        name
                    ),
                    msg!(
                        "retirez-la du ConfigMap et créez un Secret hors de git : `kubectl create secret generic {secret_name} --from-literal={key}=…`, puis lisez-la dans le pod avec `valueFrom: {{secretKeyRef: {{name: {secret_name}, key: {key}}}}}`",
                        "remove it from the ConfigMap and create a Secret outside git: `kubectl create secret generic {secret_name} --from-literal={key}=…`, then read it in the pod with `valueFrom: {{secretKeyRef: {{name: {secret_name}, key: {key}}}}}`",
                        secret_name,
                        key
                    ),
                )
            } else if value.contains('\n')
                && let Some(inner) = credential_in_file(&value)
            {
                (
                    msg!(
                        "le fichier `{key}` du ConfigMap `{name}` contient `{inner}`, qui ressemble à un mot de passe ou à un jeton : un ConfigMap se lit en clair par quiconque peut lire le namespace, et le manifeste finira dans git avec la valeur dedans",
                        "file `{key}` of ConfigMap `{name}` contains `{inner}`, which looks like a password or a token: a ConfigMap is readable in clear by anyone who can read the namespace, and the manifest will end up in git with the value inside",
                        key,
                        name,
                        inner
                    ),
                    msg!(
                        "sortez la valeur de `{inner}` du fichier : mettez-la dans un Secret créé hors de git (`kubectl create secret generic {secret_name} --from-literal={inner}=…`), passée au conteneur en variable d'environnement (`secretKeyRef`)",
                        "take the value of `{inner}` out of the file: put it in a Secret created outside git (`kubectl create secret generic {secret_name} --from-literal={inner}=…`), passed to the container as an environment variable (`secretKeyRef`)",
                        inner,
                        secret_name
                    ),
                )
            } else {
                continue;
            };
            out.push(
                ctx.finding(&RULE, cm, e.key_span, message, help)
                    .with_path(format!("{}data.{key}", cm.prefix)),
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
    fn credential_keys() {
        for k in [
            "DB_PASSWORD",
            "password",
            "dbPassword",
            "db.password",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "API_KEY",
            "apiKey",
            "APIKey",
            "STRIPE_APIKEY",
            "SSH_PRIVATE_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "SMTP_PASS",
            "credentials",
            "SECRET_KEY",
        ] {
            assert!(is_credential_key(k), "{k}");
        }
        for k in [
            "TOKEN_URL",
            "SECRET_NAME",
            "PASSWORD_MIN_LENGTH",
            "PASSWORD_FILE",
            "DB_HOST",
            "PASSPORT_NUMBER",
            "BYPASS_CACHE",
            "KEYCLOAK_REALM",
            "TOKENIZER_MODEL",
            "AUTH_TOKEN_HEADER",
            "MONKEY",
        ] {
            assert!(!is_credential_key(k), "{k}");
        }
    }

    #[test]
    fn files_in_a_configmap() {
        assert_eq!(
            credential_in_file("DB_HOST=x\nDB_PASSWORD=hunter2\n").as_deref(),
            Some("DB_PASSWORD")
        );
        assert_eq!(
            credential_in_file("spring:\n  datasource:\n    password: hunter2\n").as_deref(),
            Some("password")
        );
        assert_eq!(
            credential_in_file("password: ${DB_PASSWORD}\n# token=abc\n"),
            None
        );
        assert_eq!(
            credential_in_file("{\n  \"apiKey\": \"abcdef\",\n}\n").as_deref(),
            Some("apiKey")
        );
    }

    #[test]
    fn flags_keys_and_files_not_empty_values() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  DB_PASSWORD: \"\"\n  API_TOKEN: abc\n  app.env: |\n    DB_USER=a\n    DB_PASS=b\n";
        let found = crate::rules::findings_of(RULE.id(), yaml);
        let paths: Vec<_> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["data.API_TOKEN", "data.app.env"]);
    }
}
