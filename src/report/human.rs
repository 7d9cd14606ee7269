//! rustc-style diagnostics: severity, rule id, message, `file:line:col`, the
//! source line with a caret, the fix, the course link.

use crate::color::Paint;
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::lint::{Run, Summary};
use crate::source::SourceFile;
use crate::tr;
use std::fmt::Write;

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Fr) => "erreur",
        (Severity::Warning, Lang::Fr) => "avertissement",
        (Severity::Info, Lang::Fr) => "info",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}

/// One finding, with its snippet.
pub fn finding(out: &mut String, f: &Finding, files: &[SourceFile], lang: Lang, paint: Paint) {
    let label = severity_label(f.severity, lang);
    let head = format!("{label}[{}]", f.id);
    let head = match f.severity {
        Severity::Error => paint.red(&head),
        Severity::Warning => paint.yellow(&head),
        Severity::Info => paint.cyan(&head),
    };
    let _ = writeln!(out, "{head}{} {}", paint.bold(":"), paint.bold(&f.message));
    let file = files.get(f.file);
    let name = file.map_or("<?>", |s| s.name.as_str());
    let line_text = file.and_then(|s| s.line(f.pos.line));
    let width = f.pos.line.max(1).to_string().len();
    let pad = " ".repeat(width);
    let bar = paint.blue("|");
    if f.pos.is_known() {
        let _ = writeln!(
            out,
            "{pad}{} {name}:{}:{}",
            paint.blue("-->"),
            f.pos.line,
            f.pos.col
        );
    } else {
        let _ = writeln!(out, "{pad}{} {name}", paint.blue("-->"));
    }
    if let Some(text) = line_text.filter(|_| f.pos.is_known()) {
        let shown: String = text
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {shown}", paint.blue(&f.pos.line.to_string()));
        let caret_col = f.pos.col.saturating_sub(1) as usize;
        let remaining = shown.chars().count().saturating_sub(caret_col).max(1);
        let len = (f.len as usize).clamp(1, remaining);
        let marks = "^".repeat(len);
        let marks = match f.severity {
            Severity::Error => paint.red(&marks),
            Severity::Warning => paint.yellow(&marks),
            Severity::Info => paint.cyan(&marks),
        };
        let _ = writeln!(out, "{pad} {bar} {}{marks}", " ".repeat(caret_col));
    }
    for (rf, pos, note) in &f.related {
        let rname = files.get(*rf).map_or("<?>", |s| s.name.as_str());
        let _ = writeln!(
            out,
            "{pad} {} {}{} {rname}:{}:{}",
            paint.blue("="),
            note,
            if lang == Lang::Fr { " :" } else { ":" },
            pos.line,
            pos.col
        );
    }
    if let Some(o) = &f.object {
        let ns = o
            .namespace
            .as_deref()
            .map(|n| format!(" (namespace `{n}`)"))
            .unwrap_or_default();
        let what = tr!(lang, "objet", "object");
        let colon = if lang == Lang::Fr { " :" } else { ":" };
        let _ = writeln!(
            out,
            "{pad} {} {what}{colon} {} `{}`{ns}",
            paint.blue("="),
            o.kind,
            o.name
        );
    }
    if !f.help.is_empty() {
        let what = paint.bold(lang.pick("aide :", "help:"));
        let _ = writeln!(out, "{pad} {} {what} {}", paint.blue("="), f.help);
    }
    let course = paint.bold(lang.pick("cours :", "course:"));
    let _ = writeln!(out, "{pad} {} {course} {}", paint.blue("="), f.rule().url());
    out.push('\n');
}

/// The closing line.
pub fn summary(s: &Summary, lang: Lang, paint: Paint) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let files = match lang {
        Lang::Fr => plural(s.files, "fichier", "fichiers"),
        Lang::En => plural(s.files, "file", "files"),
    };
    let res = match lang {
        Lang::Fr => plural(s.resources, "ressource", "ressources"),
        Lang::En => plural(s.resources, "resource", "resources"),
    };
    if s.errors + s.warnings + s.infos == 0 {
        return paint.green(&tr!(
            lang,
            "✓ aucun problème : {files}, {res}",
            "✓ no problems: {files}, {res}"
        ));
    }
    let parts = match lang {
        Lang::Fr => [
            plural(s.errors, "erreur", "erreurs"),
            plural(s.warnings, "avertissement", "avertissements"),
            plural(s.infos, "info", "infos"),
        ],
        Lang::En => [
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.infos, "info", "infos"),
        ],
    };
    let line = tr!(
        lang,
        "{}, {}, {} dans {files} ({res})",
        "{}, {}, {} in {files} ({res})",
        parts[0],
        parts[1],
        parts[2]
    );
    if s.errors > 0 {
        paint.red(&format!("✗ {line}"))
    } else {
        paint.yellow(&format!("⚠ {line}"))
    }
}

/// A whole run.
pub fn render(run: &Run, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    for f in &run.findings {
        finding(&mut out, f, &run.files, lang, paint);
    }
    out.push_str(&summary(&run.summary(), lang, paint));
    out.push('\n');
    out
}
