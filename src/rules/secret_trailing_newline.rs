//! `secret-trailing-newline`: a Secret value that ends with a newline (`echo` without `-n`).
//!
//! Complexity: O(n) in the size of the input set: one pass over the Secrets
//! ([`Ctx::of_kind`]), each `data` or `stringData` value decoded and scanned once.

use crate::rules::pitfall_util::{decode_base64, secret_entries};
use crate::rules::prelude::*;
use crate::yaml::Style;

pub static RULE: Rule = Rule {
    code: Code {
        id: "secret-trailing-newline",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "secret.md",
        summary: Text {
            fr: "Une valeur de Secret se termine par un retour à la ligne (`echo` sans `-n`)",
            en: "A Secret value ends with a newline (`echo` without `-n`)",
        },
        what: Text {
            fr: "Décode chaque valeur de `data` d'un Secret et la signale si elle tient sur une ligne terminée par un retour à la ligne : c'est la trace de `echo 'valeur' | base64` sans `-n`. Les valeurs de `stringData` écrites en bloc `|` ont le même défaut et sont signalées aussi. Les valeurs de plusieurs lignes (certificats, fichiers) ne sont pas concernées.",
            en: "Decodes every `data` value of a Secret and flags it if it is one line ended by a newline: the mark of `echo 'value' | base64` without `-n`. `stringData` values written as a `|` block have the same flaw and are flagged too. Multi-line values (certificates, files) are not concerned.",
        },
        why: Text {
            fr: "Le retour à la ligne fait partie de la valeur : l'application reçoit `motdepasse\\n` au lieu de `motdepasse`, et l'authentification échoue sans raison apparente (la valeur affichée semble juste). C'est l'une des pannes les plus longues à trouver avec les Secrets.",
            en: "The newline is part of the value: the application gets `password\\n` instead of `password`, and authentication fails for no visible reason (the printed value looks right). It is one of the longest failures to track down with Secrets.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/secret-trailing-newline/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/secret-trailing-newline/good.yaml"),
    },
    check: Check::Set(check),
};

/// One line, ended by a newline (`\n` or `\r\n`).
fn single_line_with_newline(bytes: &[u8]) -> bool {
    bytes.len() > 1 && bytes.ends_with(b"\n") && !bytes[..bytes.len() - 1].contains(&b'\n')
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for secret in ctx.of_kind("Secret") {
        let name = &secret.name;
        for (field, e) in secret_entries(secret) {
            let Some(raw) = e.value.as_str() else {
                continue;
            };
            let key = &*e.key;
            // A `|` block starts on the line after its key: point at the key, whose line shows the `|`.
            let span = if field == "data" {
                e.value.span
            } else {
                e.key_span
            };
            let (message, help) = if field == "data" {
                // Invalid base64 is `secret-base64`'s.
                let Ok(decoded) = decode_base64(raw) else {
                    continue;
                };
                if !single_line_with_newline(&decoded) {
                    continue;
                }
                (
                    msg!(
                        "la valeur de `{key}` dans le Secret `{name}` se termine par un retour à la ligne (encodée avec `echo` sans `-n`) : l'application recevra ce caractère en plus, et une authentification échouera sans raison apparente",
                        "the value of `{key}` in Secret `{name}` ends with a newline (encoded with `echo` without `-n`): the application will get this extra character, and authentication will fail for no visible reason",
                        key,
                        name
                    ),
                    msg!(
                        "réencodez la valeur sans retour à la ligne : `echo -n 'valeur' | base64`, et remplacez-la ; ou écrivez-la en clair sous `stringData:`",
                        "encode the value again without a newline: `echo -n 'value' | base64`, and replace it; or write it in clear under `stringData:`"
                    ),
                )
            } else {
                if !single_line_with_newline(raw.as_bytes()) {
                    continue;
                }
                let how = if e.value.style == Style::Block {
                    Text {
                        fr: " (bloc `|`)",
                        en: " (`|` block)",
                    }
                } else {
                    Text::EMPTY
                };
                (
                    msg!(
                        "la valeur de `{key}` dans `stringData` du Secret `{name}` se termine par un retour à la ligne{how} : l'application recevra ce caractère en plus, et une authentification échouera sans raison apparente",
                        "the value of `{key}` in `stringData` of Secret `{name}` ends with a newline{how}: the application will get this extra character, and authentication will fail for no visible reason",
                        key,
                        name,
                        how
                    ),
                    msg!(
                        "écrivez la valeur sur la même ligne que la clé (`{key}: valeur`), ou utilisez `|-`, qui retire le retour à la ligne final",
                        "write the value on the same line as the key (`{key}: value`), or use `|-`, which strips the final newline",
                        key
                    ),
                )
            };
            out.push(
                ctx.finding(&RULE, secret, span, message, help)
                    .with_path(format!("{}{field}.{key}", secret.prefix)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn paths(body: &str) -> Vec<String> {
        let yaml = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n{body}");
        let found = crate::rules::findings_of(RULE.id(), &yaml);
        found.into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn data_and_string_data() {
        // `admin\n`, `admin`, a two-line value, `\n` alone.
        assert_eq!(
            paths("data:\n  A: YWRtaW4K\n  B: YWRtaW4=\n  C: bGlnbmUxCmxpZ25lMgo=\n  D: Cg==\n"),
            ["data.A"]
        );
        assert_eq!(
            paths(
                "stringData:\n  P: |\n    hunter2\n  Q: |-\n    hunter2\n  R: hunter2\n  CERT: |\n    a\n    b\n"
            ),
            ["stringData.P"]
        );
    }
}
