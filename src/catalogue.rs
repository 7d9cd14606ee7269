//! The rule catalogue: `kubecours rules`, `kubecours explain`, and the
//! Markdown the book includes.

use crate::color::Paint;
use crate::finding::Severity;
use crate::i18n::Lang;
use crate::rules::{ALL, Category, Rule};
use serde_json::json;
use std::fmt::Write;

fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("erreur", "error"),
        Severity::Warning => lang.pick("avertissement", "warning"),
        Severity::Info => "info",
    }
}

pub fn category(c: Category, lang: Lang) -> &'static str {
    match c {
        Category::Input => lang.pick("Lecture du fichier", "Reading the file"),
        Category::Schema => lang.pick("Schéma", "Schema"),
        Category::CrossObject => lang.pick("Cohérence entre objets", "Consistency between objects"),
        Category::Pitfall => lang.pick("Pièges de débutant", "Beginner pitfalls"),
    }
}

pub fn list_human(lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let width = ALL.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut last = None;
    for r in ALL {
        if last != Some(r.category) {
            let _ = writeln!(out, "\n{}", paint.bold(category(r.category, lang)));
            last = Some(r.category);
        }
        let sev = format!("{:<13}", severity(r.severity, lang));
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {}",
            r.id,
            paint.dim(&sev),
            r.summary.get(lang)
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "Détail d'une règle : `kubecours explain ID`",
            "Details of a rule: `kubecours explain ID`"
        )
    );
    out
}

pub fn list_json() -> String {
    let rules: Vec<_> = ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "severity": r.severity,
                "category": r.category,
                "summary": { "fr": r.summary.fr, "en": r.summary.en },
                "url": r.url(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "rules": rules })).unwrap_or_default();
    s.push('\n');
    s
}

/// The documentation of a rule, as Markdown (used by `explain` and the book).
pub fn markdown(r: &Rule, lang: Lang, heading: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{heading} `{}`\n", r.id);
    let _ = writeln!(
        out,
        "*{}* — {}\n",
        severity(r.severity, lang),
        r.summary.get(lang)
    );
    let _ = writeln!(
        out,
        "{heading}# {}\n\n{}\n",
        lang.pick("Ce que la règle vérifie", "What it checks"),
        r.what.get(lang).trim()
    );
    let _ = writeln!(
        out,
        "{heading}# {}\n\n{}\n",
        lang.pick("Pourquoi", "Why"),
        r.why.get(lang).trim()
    );
    let _ = writeln!(
        out,
        "{heading}# {}\n\n```yaml,erreur={}\n{}\n```\n",
        lang.pick("À éviter", "Avoid"),
        r.id,
        r.bad.trim_end()
    );
    let _ = writeln!(
        out,
        "{heading}# {}\n\n```yaml\n{}\n```\n",
        lang.pick("À la place", "Instead"),
        r.good.trim_end()
    );
    out
}

pub fn explain(r: &Rule, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let title = format!("{} ({})", r.id, severity(r.severity, lang));
    let _ = writeln!(out, "{}\n{}\n", paint.bold(&title), r.summary.get(lang));
    let _ = writeln!(
        out,
        "{}\n{}\n",
        paint.bold(lang.pick("Ce que la règle vérifie", "What it checks")),
        r.what.get(lang).trim()
    );
    let _ = writeln!(
        out,
        "{}\n{}\n",
        paint.bold(lang.pick("Pourquoi", "Why")),
        r.why.get(lang).trim()
    );
    let _ = writeln!(
        out,
        "{}\n{}\n",
        paint.red(lang.pick("À éviter", "Avoid")),
        indent(r.bad)
    );
    let _ = writeln!(
        out,
        "{}\n{}\n",
        paint.green(lang.pick("À la place", "Instead")),
        indent(r.good)
    );
    let _ = writeln!(
        out,
        "{} {}",
        paint.bold(lang.pick("Cours :", "Course:")),
        r.url()
    );
    out
}

fn indent(s: &str) -> String {
    s.trim_end()
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
