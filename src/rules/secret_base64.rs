//! `secret-base64`: a Secret `data` value that is not valid base64.
//!
//! Complexity: O(n) in the size of the input set: one pass over the Secrets
//! ([`Ctx::of_kind`]), each `data` value decoded once (linear in its length).

use crate::rules::pitfall_util::{B64Error, decode_base64};
use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "secret-base64",
        family: Family::Pitfall,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "secret.md",
        summary: Text {
            fr: "Une valeur de `data` d'un Secret n'est pas du base64 valide",
            en: "A Secret `data` value is not valid base64",
        },
        what: Text {
            fr: "Décode chaque valeur de `data` d'un Secret comme le fait l'API : base64 standard (`A-Z`, `a-z`, `0-9`, `+`, `/`), remplissage `=` obligatoire, retours à la ligne ignorés. Une valeur refusée est une erreur, et le message dit pourquoi (espace, accent, longueur, `=` mal placé) sans jamais afficher la valeur. Une valeur courte faite seulement de lettres et de chiffres qui se décode en octets illisibles est signalée en avertissement : c'est presque toujours du texte en clair qui se trouve avoir la forme du base64.",
            en: "Decodes every `data` value of a Secret as the API does: standard base64 (`A-Z`, `a-z`, `0-9`, `+`, `/`), `=` padding required, line breaks ignored. A rejected value is an error, and the message says why (space, accent, length, misplaced `=`) without ever showing the value. A short value made only of letters and digits that decodes into unreadable bytes is reported as a warning: it is nearly always clear text that happens to have the shape of base64.",
        },
        why: Text {
            fr: "Sous `data`, Kubernetes attend des valeurs encodées en base64 : une valeur écrite en clair fait refuser tout le Secret par `kubectl apply` (« illegal base64 data at input byte… »), ou, si elle a par hasard la forme du base64, est « décodée » en charabia et l'application reçoit un mot de passe faux. Pour écrire en clair, il existe `stringData`.",
            en: "Under `data`, Kubernetes expects base64-encoded values: a value written in clear makes `kubectl apply` reject the whole Secret (\"illegal base64 data at input byte…\"), or, if it happens to have the shape of base64, is \"decoded\" into garbage and the application gets a wrong password. To write in clear, there is `stringData`.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/secret-base64/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/secret-base64/good.yaml"),
    },
    check: Check::Set(check),
};

/// Clear text that happens to be valid base64 (`postgres`, `admin123`): short, letters and digits
/// only, and decoding into bytes that are not readable text.
fn looks_like_clear_text(raw: &str, decoded: &[u8]) -> bool {
    let raw = raw.trim();
    !raw.is_empty()
        && raw.len() <= 24
        && raw.bytes().all(|b| b.is_ascii_alphanumeric())
        && match std::str::from_utf8(decoded) {
            Ok(s) => s
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
            Err(_) => true,
        }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for secret in ctx.of_kind("Secret") {
        let name = &secret.name;
        for e in secret.root.get("data").map(Node::entries).unwrap_or(&[]) {
            let Some(raw) = e.value.as_str() else {
                continue;
            }; // other types: `field-type`.
            let key = &*e.key;
            let path = format!("{}data.{key}", secret.prefix);
            let what = msg!(
                "la valeur de `{key}` dans `data` du Secret `{name}`",
                "the value of `{key}` in `data` of Secret `{name}`",
                key,
                name
            );
            let help = msg!(
                "sous `data`, encodez chaque valeur en base64 : `echo -n 'valeur' | base64` (le `-n` évite un retour à la ligne) ; ou écrivez-la en clair sous `stringData:` au lieu de `data:`, Kubernetes l'encodera pour vous",
                "under `data`, encode every value in base64: `echo -n 'value' | base64` (the `-n` avoids a newline); or write it in clear under `stringData:` instead of `data:`, Kubernetes will encode it for you"
            );
            let reason = match decode_base64(raw) {
                Ok(decoded) => {
                    if looks_like_clear_text(raw, &decoded) {
                        let message = msg!(
                            "{what} a la forme du base64, mais se décode en octets illisibles : c'est sans doute du texte en clair, que Kubernetes va « décoder » en charabia",
                            "{what} has the shape of base64, but decodes into unreadable bytes: it is most likely clear text, which Kubernetes will \"decode\" into garbage",
                            what
                        );
                        out.push(
                            ctx.finding(&RULE, secret, e.value.span, message, help)
                                .with_path(path)
                                .with_severity(Severity::Warning),
                        );
                    }
                    continue;
                }
                Err(B64Error::Space(i)) => msg!(
                    "elle contient une espace (caractère n°{i}), ce qui n'existe pas en base64 ; c'est sans doute du texte en clair",
                    "it contains a space (character #{i}), which does not exist in base64; it is most likely clear text",
                    i
                ),
                Err(B64Error::NonAscii(i)) => msg!(
                    "elle contient un caractère accentué ou non ASCII (caractère n°{i}), ce qui n'existe pas en base64 ; c'est sans doute du texte en clair",
                    "it contains an accented or non-ASCII character (character #{i}), which does not exist in base64; it is most likely clear text",
                    i
                ),
                Err(B64Error::UrlSafe(i)) => msg!(
                    "elle contient `-` ou `_` (caractère n°{i}), qui n'existent pas en base64 standard ; c'est du texte en clair, ou du base64 « URL » (`base64url`) que Kubernetes refuse",
                    "it contains `-` or `_` (character #{i}), which do not exist in standard base64; it is clear text, or \"URL\" base64 (`base64url`) that Kubernetes rejects",
                    i
                ),
                Err(B64Error::Invalid(i)) => msg!(
                    "elle contient un caractère qui n'existe pas en base64 (caractère n°{i}) ; c'est sans doute du texte en clair",
                    "it contains a character that does not exist in base64 (character #{i}); it is most likely clear text",
                    i
                ),
                Err(B64Error::Padding(i)) => msg!(
                    "un `=` de remplissage se trouve ailleurs qu'à la fin (caractère n°{i}) ; deux valeurs encodées collées, ou une valeur mal copiée",
                    "a `=` padding sign is somewhere else than at the end (character #{i}); two encoded values stuck together, or a value copied wrong",
                    i
                ),
                Err(B64Error::Length(n)) => msg!(
                    "sa longueur ({n} caractères) n'est pas un multiple de 4 ; il manque le remplissage `=` final (valeur mal copiée), ou c'est du texte en clair",
                    "its length ({n} characters) is not a multiple of 4; the final `=` padding is missing (value copied wrong), or it is clear text",
                    n
                ),
            };
            let message = msg!(
                "{what} n'est pas du base64 valide : {reason}",
                "{what} is not valid base64: {reason}",
                what,
                reason
            );
            out.push(
                ctx.finding(&RULE, secret, e.value.span, message, help)
                    .with_path(path),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn hits(data: &str) -> Vec<Finding> {
        let yaml = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n{data}");
        crate::rules::findings_of(RULE.id(), &yaml)
    }

    #[test]
    fn never_shows_the_value() {
        let f = hits("  PASSWORD: hunter2 hunter2\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(
            !f[0].message(crate::i18n::Lang::Fr).contains("hunter2")
                && !f[0].help(crate::i18n::Lang::Fr).contains("hunter2")
        );
    }

    #[test]
    fn valid_values_pass_and_clear_text_shaped_like_base64_warns() {
        assert!(hits("  A: YWRtaW4=\n  B: \"\"\n  C: |\n    LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUI=\n").is_empty());
        let f = hits("  POSTGRES_PASSWORD: postgres\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        // `YWRtaW4K` is `admin\n`: readable, not clear text (the newline is another rule's business).
        assert!(hits("  U: YWRtaW4K\n").is_empty());
    }

    #[test]
    fn missing_padding_is_an_error() {
        let f = hits("  A: YWRtaW4\n");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("multiple de 4"),
            "{}",
            f[0].message
        );
    }
}
