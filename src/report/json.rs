//! The JSON report: stable, documented in the README.
//!
//! `{"findings":[{"id","severity","message","help","file","line","column",
//! "path","object":{"kind","name","namespace"},"url"}],
//! "summary":{"errors","warnings","infos","files","resources"}}`

use crate::finding::Finding;
use crate::lint::Run;
use crate::source::SourceFile;
use serde_json::{Value, json};

pub fn finding(f: &Finding, files: &[SourceFile]) -> Value {
    let mut v = json!({
        "id": f.id,
        "severity": f.severity,
        "message": f.message,
        "help": f.help,
        "file": files.get(f.file).map(|s| s.name.as_str()),
        "line": f.pos.line,
        "column": f.pos.col,
        "url": f.rule().url(),
    });
    if !f.path.is_empty() {
        v["path"] = json!(f.path);
    }
    if let Some(o) = &f.object {
        v["object"] = json!(o);
    }
    v
}

pub fn render(run: &Run) -> String {
    let findings: Vec<Value> = run
        .findings
        .iter()
        .map(|f| finding(f, &run.files))
        .collect();
    let doc = json!({ "findings": findings, "summary": run.summary() });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
