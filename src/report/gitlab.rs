//! GitLab Code Quality (`artifacts: reports: codequality`): a JSON array of
//! issues with a stable fingerprint, shown in merge requests.

use super::Format;
use super::model::{Command, Report};
use crate::color::Paint;
use crate::diag::Severity;
use crate::i18n::{Lang, Text};
use serde_json::{Value, json};

pub static FORMAT: Format = Format {
    name: "gitlab",
    summary: Text {
        fr: "GitLab Code Quality (dans les merge requests)",
        en: "GitLab Code Quality (in merge requests)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

/// FNV-1a 64 bits: a fingerprint stable across runs and machines.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for (s, f) in r.findings() {
        let path = r.ci_path(s, f).unwrap_or_default();
        let severity = match f.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        };
        let line = f.pos.line.max(1);
        issues.push(json!({
            "type": "issue",
            "check_name": f.id(),
            "description": super::one_line(f, lang),
            "categories": ["Bug Risk"],
            "severity": severity,
            "fingerprint": fingerprint(&[f.id(), &path, &line.to_string(), &f.path, &f.message.render(Lang::En)]),
            "location": { "path": path, "lines": { "begin": line } },
        }));
    }
    serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default() + "\n"
}
