//! `invalid-label`: A label key or value with invalid syntax.
//!

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-label",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-label",
        summary: Text {
            fr: "Une clé ou une valeur de label à la syntaxe invalide",
            en: "A label key or value with invalid syntax",
        },
        what: Text {
            fr: "Une clé de label est un nom de 63 caractères au plus (lettres, chiffres, `-`, `_`, `.`, commençant et finissant par une lettre ou un chiffre), éventuellement précédé d'un préfixe DNS et d'un `/`. Une valeur suit les mêmes règles, ou est vide. Vérifié dans `metadata.labels`, les labels du modèle de pod et les sélecteurs.",
            en: "A label key is a name of at most 63 characters (letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit), optionally after a DNS prefix and a `/`. A value follows the same rules, or is empty. Checked in `metadata.labels`, pod template labels and selectors.",
        },
        why: Text {
            fr: "Un label invalide fait refuser l'objet ; or les labels relient tout (Deployment → pods, Service → pods) : une espace ou un accent dans une valeur casse le lien.",
            en: "An invalid label gets the object rejected; and labels link everything (Deployment → pods, Service → pods): a space or an accent in a value breaks the link.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-label/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-label/good.yaml"),
    },
    check: Check::Set(check),
};

use crate::rules::values::is_dns1123_subdomain;

/// The name part of a label key, and a label value when non-empty:
/// at most 63 characters, `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`.
pub fn is_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// A label key: `[prefix/]name`, the prefix a DNS subdomain.
pub fn is_label_key(s: &str) -> bool {
    match s.split_once('/') {
        Some((prefix, name)) => is_dns1123_subdomain(prefix) && is_label_name(name),
        None => is_label_name(s),
    }
}

pub fn is_label_value(s: &str) -> bool {
    s.is_empty() || is_label_name(s)
}

/// Where labels and label selectors sit, per kind.
fn label_maps(kind: &str) -> &'static [&'static str] {
    match kind {
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" => &[
            "metadata.labels",
            "spec.selector.matchLabels",
            "spec.template.metadata.labels",
        ],
        "CronJob" => &[
            "metadata.labels",
            "spec.jobTemplate.spec.template.metadata.labels",
        ],
        "Service" => &["metadata.labels", "spec.selector"],
        _ => &["metadata.labels"],
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for obj in ctx.objects {
        for path in label_maps(&obj.kind) {
            let Some(map) = obj.root.at(path) else {
                continue;
            };
            for e in map.entries() {
                let key = &*e.key;
                if !is_label_key(key) {
                    out.push(
                        ctx.finding(&RULE, obj, e.key_span, msg!("`{key}` n'est pas une clé de label valide", "`{key}` is not a valid label key", key), msg!("une clé : 63 caractères au plus, lettres, chiffres, `-`, `_`, `.`, commençant et finissant par une lettre ou un chiffre (préfixe facultatif `domaine/`), sans espace ni accent", "a key: at most 63 characters, letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit (optional `domain/` prefix), no spaces or accents"))
                            .with_path(format!("{}{path}.{key}", obj.prefix)),
                    );
                }
                if let Some(v) = e.value.as_str()
                    && !is_label_value(v)
                {
                    let good: String = v
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                                c
                            } else {
                                '-'
                            }
                        })
                        .collect();
                    let good = good
                        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
                        .chars()
                        .take(63)
                        .collect::<String>();
                    out.push(
                        ctx.finding(&RULE, obj, e.value.span, msg!("`{v}` n'est pas une valeur de label valide (label `{key}`)", "`{v}` is not a valid label value (label `{key}`)", v, key), msg!("une valeur : 63 caractères au plus, lettres, chiffres, `-`, `_`, `.`, sans espace ni accent ; par exemple `{good}`", "a value: at most 63 characters, letters, digits, `-`, `_`, `.`, no spaces or accents; for instance `{good}`", good))
                            .with_path(format!("{}{path}.{key}", obj.prefix)),
                    );
                }
            }
        }
    }
}
