//! SARIF 2.1.0 (GitHub code scanning, and any SARIF viewer): every finding
//! with its rule, file, line and column. File URIs are percent-encoded and
//! relative to the repository root (`%SRCROOT%`); every text is in the
//! report's language.

use super::Format;
use super::model::{Command, Report};
use crate::color::Paint;
use crate::diag::{Code, Severity, course_url};
use crate::i18n::{Lang, Text};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub static FORMAT: Format = Format {
    name: "sarif",
    summary: Text {
        fr: "SARIF 2.1.0 (code scanning de GitHub, éditeurs)",
        en: "SARIF 2.1.0 (GitHub code scanning, editors)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: every byte outside RFC 3986's
/// unreserved characters and `/` is percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A sentence ends with a period (SARIF's guideline for messages).
fn sentence(s: String) -> String {
    let t = s.trim_end();
    if t.ends_with(['.', '!', '?', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn rule(c: &Code, lang: Lang) -> Value {
    let name: String =
        c.id.split('-')
            .map(|w| {
                let mut ch = w.chars();
                ch.next().map_or(String::new(), |f| {
                    f.to_uppercase().collect::<String>() + ch.as_str()
                })
            })
            .collect();
    let mut rule = json!({
        "id": c.id,
        "shortDescription": { "text": sentence(c.summary.get(lang).to_string()) },
        "fullDescription": { "text": sentence(c.what.get(lang).to_string()) },
        "helpUri": c.url(),
        "help": { "text": sentence(c.why.get(lang).to_string()) },
        "defaultConfiguration": { "level": level(c.severity) },
        "properties": { "tags": [if c.family.is_diagnosis() { "cluster" } else { "kubernetes" }] },
    });
    // SARIF1001: a `name` that only differs from the `id` by its case is left out.
    if !name.eq_ignore_ascii_case(c.id) {
        rule["name"] = json!(name);
    }
    rule
}

fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let mut rules: BTreeMap<&str, (usize, Value)> = BTreeMap::new();
    let mut results = Vec::new();
    for (s, f) in r.findings() {
        let n = rules.len();
        let index = rules
            .entry(f.code.id)
            .or_insert_with(|| (n, rule(f.code, lang)))
            .0;
        let mut result = json!({
            "ruleId": f.id(),
            "ruleIndex": index,
            "level": level(f.severity),
            "message": { "text": sentence(super::one_line(f, lang)) },
        });
        if let Some(path) = r.ci_path(s, f) {
            let mut region =
                json!({ "startLine": f.pos.line.max(1), "startColumn": f.pos.col.max(1) });
            if f.len > 1 {
                region["endColumn"] = json!(f.pos.col.max(1) + f.len);
            }
            result["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&path), "uriBaseId": "%SRCROOT%" },
                    "region": region,
                }
            }]);
        } else if let Some(o) = &f.object {
            result["locations"] = json!([{
                "logicalLocations": [{
                    "name": o.name,
                    "fullyQualifiedName": match &o.namespace {
                        Some(ns) => format!("{ns}/{}/{}", o.kind, o.name),
                        None => format!("{}/{}", o.kind, o.name),
                    },
                    "kind": "object",
                }]
            }]);
        }
        if let Some(s) = &s.student {
            result["properties"] = json!({ "student": s });
        }
        results.push(result);
    }
    let mut rules: Vec<(usize, Value)> = rules.into_values().collect();
    rules.sort_by_key(|r| r.0);
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "kubecours",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": course_url("regles.md"),
                "language": match lang { Lang::Fr => "fr-FR", Lang::En => "en-US" },
                "rules": rules.into_iter().map(|r| r.1).collect::<Vec<_>>(),
            }},
            "language": match lang { Lang::Fr => "fr-FR", Lang::En => "en-US" },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("Dupont, Jean/03-deployment/pod.yaml"),
            "Dupont%2C%20Jean/03-deployment/pod.yaml"
        );
        assert_eq!(super::uri("élève/x.yaml"), "%C3%A9l%C3%A8ve/x.yaml");
    }
}
