//! The JSON format: stable, documented in the README.
//!
//! lint: `{"findings":[{"id","kind","severity","message","help","file","line",
//! "column","path","object":{"kind","name","namespace"},"url","args","notes"}],
//! "summary":{"errors","warnings","infos","files","resources"}}`; check: the
//! exercise, `passed`, `points`, `max`, `max_total`, `expectations`,
//! `findings`; grade: `{"students":[{"student","points","max","exercises":[…]}]}`.

use super::Format;
use super::model::{Command, Report, Subject};
use crate::color::Paint;
use crate::diag::{Finding, Note, Severity};
use crate::i18n::{Lang, Text};
use serde_json::{Value, json};

pub static FORMAT: Format = Format {
    name: "json",
    summary: Text {
        fr: "JSON pour les outils (format documenté dans le README)",
        en: "JSON for tools (format documented in the README)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

/// One finding as JSON, its text in `lang`.
pub fn finding(s: &Subject, f: &Finding, lang: Lang) -> Value {
    let mut v = json!({
        "id": f.id(),
        "kind": if f.code.family.is_diagnosis() { "diagnosis" } else { "rule" },
        "severity": f.severity,
        "message": f.message(lang),
        "help": f.help(lang),
        "file": s.file_path(f),
        "line": f.pos.line,
        "column": f.pos.col,
        "url": f.code.url(),
        "args": f.message.args_json(lang),
    });
    if !f.path.is_empty() {
        v["path"] = json!(f.path);
    }
    if let Some(o) = &f.object {
        v["object"] = json!(o);
    }
    let notes: Vec<Value> = f
        .notes
        .iter()
        .map(|n| match n {
            Note::Text(m) => json!({ "type": "text", "text": m.render(lang) }),
            other => json!(other),
        })
        .collect();
    if !notes.is_empty() {
        v["notes"] = Value::Array(notes);
    }
    v
}

fn summary(s: &Subject) -> Value {
    let count = |sev| s.findings.iter().filter(|f| f.severity == sev).count();
    json!({
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "infos": count(Severity::Info),
        "files": s.files.len(),
        "resources": s.resources,
    })
}

fn subject(s: &Subject, lang: Lang) -> Value {
    let findings: Vec<Value> = s.findings.iter().map(|f| finding(s, f, lang)).collect();
    let mut v = json!({
        "passed": s.passed(),
        "status": s.status(),
        "points": s.points(),
        "max": s.max(),
        "max_total": s.max() + s.not_evaluated(),
        "expectations": s.outcomes,
        "findings": findings,
        "summary": summary(s),
        "seconds": s.seconds,
    });
    if let Some(e) = &s.exercise {
        v["exercise"] = json!(e);
    }
    if let Some(r) = &s.reason {
        v["reason"] = json!(r);
    }
    if !s.remarks.is_empty() {
        v["remarks"] = json!(s.remarks);
    }
    if let Some(c) = &s.check {
        v["missing_files"] = json!(c.missing.iter().map(|m| &m.0).collect::<Vec<_>>());
        if let Some((source, ns)) = &c.cluster {
            v["cluster"] = json!({ "source": source, "namespace": ns, "notes": c.notes });
        }
    }
    v
}

fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let doc = match r.command {
        Command::Lint => {
            let mut findings = Vec::new();
            let (mut files, mut resources) = (0, 0);
            for s in &r.subjects {
                findings.extend(s.findings.iter().map(|f| finding(s, f, lang)));
                files += s.files.len();
                resources += s.resources;
            }
            let count = |sev| r.findings().filter(|(_, f)| f.severity == sev).count();
            json!({
                "findings": findings,
                "summary": {
                    "errors": count(Severity::Error),
                    "warnings": count(Severity::Warning),
                    "infos": count(Severity::Info),
                    "files": files,
                    "resources": resources,
                },
            })
        }
        Command::Check => match r.subjects.first() {
            Some(s) => subject(s, lang),
            None => json!({}),
        },
        Command::Grade => {
            let students: Vec<Value> = r
                .students()
                .into_iter()
                .map(|(name, subjects)| {
                    let points: u32 = subjects.iter().map(|s| s.points()).sum();
                    let max: u32 = subjects.iter().map(|s| s.max()).sum();
                    let not_evaluated: u32 = subjects.iter().map(|s| s.not_evaluated()).sum();
                    json!({
                        "student": name,
                        "points": points,
                        "max": max,
                        "not_evaluated": not_evaluated,
                        "exercises": subjects.iter().map(|s| subject(s, lang)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({ "students": students })
        }
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
