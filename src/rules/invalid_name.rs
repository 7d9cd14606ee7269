//! `invalid-name`: An object, container or port name that is not a valid DNS name.
//!

use crate::rules::prelude::*;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-name",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-name",
        summary: Text {
            fr: "Un nom d'objet, de conteneur ou de port qui n'est pas un nom DNS valide",
            en: "An object, container or port name that is not a valid DNS name",
        },
        what: Text {
            fr: "Les noms d'objets suivent les règles DNS : minuscules, chiffres et `-` (et `.` pour certains types), commencer et finir par une lettre ou un chiffre, 253 caractères au plus (63 pour un Service, un Namespace, un conteneur ; un Service doit commencer par une lettre). Un nom de port fait 15 caractères au plus.",
            en: "Object names follow DNS rules: lowercase letters, digits and `-` (and `.` for some kinds), start and end with a letter or digit, at most 253 characters (63 for a Service, a Namespace, a container; a Service must start with a letter). A port name is at most 15 characters.",
        },
        why: Text {
            fr: "L'API refuse `Backend`, `mon_app` ou `api.v2` pour un Service, car ces noms deviennent des noms DNS dans le cluster (`backend.mon-namespace.svc`).",
            en: "The API rejects `Backend`, `mon_app` or `api.v2` for a Service, because these names become DNS names in the cluster (`backend.my-namespace.svc`).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-name/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-name/good.yaml"),
    },
    check: Check::Set(check),
};

/// DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// DNS-1123 subdomain: labels separated by dots, at most 253 characters.
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// DNS-1035 label (Service names): a DNS-1123 label starting with a letter.
pub fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.as_bytes()[0].is_ascii_lowercase()
}

/// IANA service name (port names): at most 15 characters, `[a-z0-9-]`, at
/// least one letter, no `-` at either end, no `--`.
pub fn is_port_name(s: &str) -> bool {
    is_dns1123_label(s)
        && s.len() <= 15
        && s.bytes().any(|c| c.is_ascii_lowercase())
        && !s.contains("--")
}

/// A valid name close to `s`, to suggest.
fn fix(s: &str, max: usize) -> String {
    let mut out: String = s
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let mut out = out.trim_matches('-').to_string();
    out.truncate(max);
    out.trim_end_matches('-').to_string()
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for obj in ctx.objects {
        if crate::schema::api_version_of(&obj.kind).is_none() {
            continue;
        }
        if let Some(node) = obj.root.at("metadata.name")
            && let Some(name) = node.as_str()
        {
            let (ok, rule_fr, rule_en, max) = match obj.kind.as_str() {
                "Service" => (
                    is_dns1035_label(name),
                    "un nom de Service : 63 caractères au plus, minuscules, chiffres et `-`, commençant par une lettre",
                    "a Service name: at most 63 characters, lowercase letters, digits and `-`, starting with a letter",
                    63,
                ),
                "Namespace" => (
                    is_dns1123_label(name),
                    "un nom de Namespace : 63 caractères au plus, minuscules, chiffres et `-`",
                    "a Namespace name: at most 63 characters, lowercase letters, digits and `-`",
                    63,
                ),
                _ => (
                    is_dns1123_subdomain(name),
                    "un nom d'objet : minuscules, chiffres, `-` et `.`, commençant et finissant par une lettre ou un chiffre",
                    "an object name: lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit",
                    253,
                ),
            };
            if !ok {
                let kind = &obj.kind;
                let rule = Text {
                    fr: rule_fr,
                    en: rule_en,
                };
                let good = fix(name, max);
                out.push(
                    ctx.finding(
                        &RULE,
                        obj,
                        node.span,
                        msg!(
                            "`{name}` n'est pas un nom valide pour un {kind}",
                            "`{name}` is not a valid name for a {kind}",
                            name,
                            kind
                        ),
                        msg!(
                            "il faut {rule} ; par exemple `{good}`",
                            "it must be {rule}; for instance `{good}`",
                            rule,
                            good
                        ),
                    )
                    .with_path(format!("{}metadata.name", obj.prefix)),
                );
            }
        }
        if obj.kind == "Service" {
            for (i, p) in obj
                .root
                .at("spec.ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                port_name(ctx, obj, p, format!("{}spec.ports[{i}]", obj.prefix), out);
            }
        }
    }
    for t in ctx.pod_templates() {
        for (path, c) in t.containers() {
            if let Some(node) = c.get("name")
                && let Some(name) = node.as_str()
                && !is_dns1123_label(name)
            {
                let good = fix(name, 63);
                out.push(
                    ctx.finding(&RULE, t.obj, node.span, msg!("`{name}` n'est pas un nom de conteneur valide", "`{name}` is not a valid container name", name), msg!("63 caractères au plus, minuscules, chiffres et `-` ; par exemple `{good}`", "at most 63 characters, lowercase letters, digits and `-`; for instance `{good}`", good))
                        .with_path(format!("{path}.name")),
                );
            }
            for (i, p) in c
                .get("ports")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                port_name(ctx, t.obj, p, format!("{path}.ports[{i}]"), out);
            }
        }
    }
}

fn port_name(
    ctx: &Ctx,
    obj: &crate::manifest::Object,
    port: &Node,
    path: String,
    out: &mut Vec<Finding>,
) {
    if let Some(node) = port.get("name")
        && let Some(name) = node.as_str()
        && !is_port_name(name)
    {
        let good = fix(name, 15);
        out.push(
            ctx.finding(&RULE, obj, node.span, msg!("`{name}` n'est pas un nom de port valide", "`{name}` is not a valid port name", name), msg!("un nom de port fait 15 caractères au plus : minuscules, chiffres et `-`, au moins une lettre ; par exemple `{good}`", "a port name is at most 15 characters: lowercase letters, digits and `-`, at least one letter; for instance `{good}`", good))
                .with_path(format!("{path}.name")),
        );
    }
}
