//! `secret-committed`: a Secret written in a file with values that look real.
//!
//! Complexity: O(n) over the Secrets ([`Ctx::of_kind`]), each value decoded and read once;
//! the m values of one Secret that look real are sorted, O(m log m) (the key split into words
//! at each comparison), bounded by the size of that Secret.

use crate::rules::configmap_credentials::is_credential_key;
use crate::rules::pitfall_util::{decode_base64, is_placeholder, secret_entries};
use crate::rules::prelude::*;
use crate::yaml::Entry;

pub static RULE: Rule = Rule {
    code: Code {
        id: "secret-committed",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "secret.md",
        summary: Text {
            fr: "Un Secret écrit dans un fichier contient des valeurs qui semblent réelles",
            en: "A Secret written in a file holds values that look real",
        },
        what: Text {
            fr: "Pour chaque Secret lu dans un fichier, décode les valeurs de `data` (base64) et lit celles de `stringData`, et signale celles qui ne sont pas des valeurs d'exemple évidentes. Sont des valeurs d'exemple (sans tenir compte de la casse) : la valeur vide ; `changeme`, `changez-moi`, `a-changer`, `todo`, `tbd`, `fixme`, `dummy`, `example`, `exemple`, `password`, `motdepasse`, `secret`, `test`, `placeholder`, `redacted`, `none`, `null`, `foo`, `bar` ; ce qui commence par `changeme`, `changez`, `example`, `exemple`, `dummy`, `placeholder`, `todo`, `test`, `your-`, `votre-` ou `fake` ; ce qui n'est fait que de `x`, `*` ou `.` ; et ce qui est entouré de `<…>`, `${…}`, `$(…)` ou `{{…}}`. Les certificats publics (`BEGIN CERTIFICATE` sans clé privée) ne sont pas signalés, et le message ne montre jamais une valeur, seulement le nom des clés.",
            en: "For every Secret read from a file, decodes the `data` values (base64) and reads the `stringData` ones, and flags those that are not obvious example values. Example values are (ignoring case): the empty value; `changeme`, `changez-moi`, `a-changer`, `todo`, `tbd`, `fixme`, `dummy`, `example`, `exemple`, `password`, `motdepasse`, `secret`, `test`, `placeholder`, `redacted`, `none`, `null`, `foo`, `bar`; anything starting with `changeme`, `changez`, `example`, `exemple`, `dummy`, `placeholder`, `todo`, `test`, `your-`, `votre-` or `fake`; anything made only of `x`, `*` or `.`; and anything wrapped in `<…>`, `${…}`, `$(…)` or `{{…}}`. Public certificates (`BEGIN CERTIFICATE` without a private key) are not flagged, and the message never shows a value, only the key names.",
        },
        why: Text {
            fr: "Le base64 n'est pas un chiffrement : quiconque lit le dépôt git lit les mots de passe (`echo … | base64 -d`), et ils restent dans l'historique même après suppression du fichier. Les vrais secrets se créent directement dans le cluster (`kubectl create secret`), ou par un outil fait pour cela (Sealed Secrets, Vault) ; dans git, on ne garde qu'un modèle.",
            en: "Base64 is not encryption: anyone who reads the git repository reads the passwords (`echo … | base64 -d`), and they stay in the history even after the file is deleted. Real secrets are created directly in the cluster (`kubectl create secret`), or by a tool made for it (Sealed Secrets, Vault); git only keeps a template.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/secret-committed/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/secret-committed/good.yaml"),
    },
    check: Check::Set(check),
};

/// A public certificate is not a secret.
fn is_public_certificate(text: &str) -> bool {
    text.contains("BEGIN CERTIFICATE") && !text.contains("PRIVATE KEY")
}

/// Does this entry hold a value that looks real? (`None`: not readable, another rule's business.)
fn looks_real(field: &str, e: &Entry) -> Option<bool> {
    let raw = e.value.as_str()?;
    let text = if field == "data" {
        let bytes = decode_base64(raw).ok()?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        raw.to_string()
    };
    Some(!is_placeholder(&text) && !is_public_certificate(&text))
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for secret in ctx.of_kind("Secret") {
        // Only Secrets written in files: a Secret read from a cluster is where it belongs.
        if !secret.root.span.start.is_known() {
            continue;
        }
        let mut real: Vec<(&str, &Entry)> = secret_entries(secret)
            .filter(|(f, e)| looks_real(f, e) == Some(true))
            .collect();
        // Passwords and tokens first: the finding points at the most sensitive value.
        real.sort_by_key(|(_, e)| !is_credential_key(&e.key));
        let Some(&(first_field, first)) = real.first() else {
            continue;
        };
        let name = &secret.name;
        let keys = real
            .iter()
            .map(|(_, e)| format!("`{}`", e.key))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if real.len() == 1 {
            msg!(
                "le Secret `{name}` contient une valeur qui semble réelle ({keys}) : dans un fichier versionné, elle n'a plus rien de secret (le base64 n'est pas un chiffrement, et git garde tout l'historique)",
                "Secret `{name}` holds a value that looks real ({keys}): in a versioned file it is no secret anymore (base64 is not encryption, and git keeps the whole history)",
                name,
                keys
            )
        } else {
            msg!(
                "le Secret `{name}` contient des valeurs qui semblent réelles ({keys}) : dans un fichier versionné, elles n'ont plus rien de secret (le base64 n'est pas un chiffrement, et git garde tout l'historique)",
                "Secret `{name}` holds values that look real ({keys}): in a versioned file they are no secret anymore (base64 is not encryption, and git keeps the whole history)",
                name,
                keys
            )
        };
        let ty = secret
            .root
            .get("type")
            .and_then(|t| t.as_str())
            .unwrap_or("Opaque");
        let command = match ty {
            "kubernetes.io/tls" => {
                format!("kubectl create secret tls {name} --cert=tls.crt --key=tls.key")
            }
            "kubernetes.io/dockerconfigjson" => format!(
                "kubectl create secret docker-registry {name} --docker-server=… --docker-username=… --docker-password=…"
            ),
            _ => {
                let literals = real
                    .iter()
                    .take(3)
                    .map(|(_, e)| format!("--from-literal={}=…", e.key))
                    .collect::<Vec<_>>()
                    .join(" ");
                let more = if real.len() > 3 { " …" } else { "" };
                format!("kubectl create secret generic {name} {literals}{more}")
            }
        };
        let help = msg!(
            "gardez les vrais secrets hors de git : créez-le avec `{command}`, ou ne versionnez qu'un modèle (valeurs `changez-moi`)",
            "keep real secrets out of git: create it with `{command}`, or commit only a template (values `changeme`)",
            command
        );
        let mut finding = ctx
            .finding(&RULE, secret, first.value.span, message, help)
            .with_path(format!("{}{first_field}.{}", secret.prefix, first.key));
        for (_, e) in real.iter().skip(1) {
            finding.related.push(crate::diag::Related {
                file: secret.file,
                pos: e.key_span.start,
                label: msg!("autre valeur (`{p0}`)", "other value (`{p0}`)", p0 = e.key),
            });
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn hits(body: &str) -> Vec<Finding> {
        let yaml = format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n{body}");
        crate::rules::findings_of(RULE.id(), &yaml)
    }

    #[test]
    fn placeholders_pass_and_real_values_are_named_not_shown() {
        // `Y2hhbmdlei1tb2k=` is `changez-moi`.
        assert!(hits("data:\n  A: Y2hhbmdlei1tb2k=\nstringData:\n  B: \"<mot de passe>\"\n  C: xxxx\n  D: \"\"\n").is_empty());
        // `aHVudGVyMg==` is `hunter2`.
        let f = hits("data:\n  A: aHVudGVyMg==\nstringData:\n  B: correct-horse\n  C: changeme\n");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`A`")
                && f[0].message(crate::i18n::Lang::Fr).contains("`B`")
                && !f[0].message(crate::i18n::Lang::Fr).contains("`C`")
        );
        assert!(
            !f[0].message(crate::i18n::Lang::Fr).contains("hunter2")
                && !f[0]
                    .message(crate::i18n::Lang::Fr)
                    .contains("correct-horse")
        );
        assert!(
            !f[0].help(crate::i18n::Lang::Fr).contains("hunter2")
                && !f[0].help(crate::i18n::Lang::Fr).contains("correct-horse")
        );
        assert_eq!(f[0].related.len(), 1);
    }

    #[test]
    fn public_certificates_and_invalid_base64_are_left_alone() {
        let cert = "stringData:\n  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n";
        assert!(hits(cert).is_empty());
        assert!(hits("data:\n  A: pas du base64\n").is_empty());
    }
}
