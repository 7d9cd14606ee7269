//! The catalogue of every rule and every cluster diagnosis: `kubecours
//! rules`, `kubecours explain ID`, and the Markdown the book includes.

use crate::color::Paint;
use crate::diag::{Basis, Code, Severity};
use crate::i18n::Lang;
use serde_json::json;
use std::fmt::Write;

/// Every registry entry: the rules, then the cluster diagnoses.
pub fn all() -> impl Iterator<Item = &'static Code> {
    crate::rules::ALL
        .iter()
        .map(|r| &r.code)
        .chain(crate::cluster::registry::ALL.iter().copied())
}

pub fn by_id(id: &str) -> Option<&'static Code> {
    all().find(|c| c.id == id)
}

/// The closest id, for "did you mean".
pub fn closest_id(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, all().map(|c| c.id))
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    s.label(lang)
}

/// What a severity means, in one sentence (`explain`, the README).
pub fn meaning(c: &Code, lang: Lang) -> &'static str {
    match (c.severity, c.basis) {
        (Severity::Error, Basis::ApiServer) => lang.pick(
            "erreur : kubectl ou le serveur d'API Kubernetes refuse le manifeste.",
            "error: kubectl or the Kubernetes API server rejects the manifest.",
        ),
        (Severity::Error, Basis::Input) => lang.pick(
            "erreur : le serveur d'API l'accepte, mais cela ne peut pas fonctionner (une référence qui ne mène à rien dans les fichiers vérifiés ensemble).",
            "error: the API server accepts it, but it cannot work (a reference that leads nowhere in the files checked together).",
        ),
        (Severity::Error, Basis::Judgement) => lang.pick(
            "erreur : ce qui tourne sur le cluster ne fonctionne pas.",
            "error: what runs on the cluster does not work.",
        ),
        (Severity::Warning, _) => lang.pick(
            "avertissement : très probablement une erreur.",
            "warning: very likely a mistake.",
        ),
        (Severity::Info, _) => lang.pick("info : un conseil.", "info: advice."),
    }
}

fn kind(c: &Code, lang: Lang) -> &'static str {
    if c.family.is_diagnosis() {
        lang.pick("diagnostic du cluster", "cluster diagnosis")
    } else {
        lang.pick("règle", "rule")
    }
}

pub fn list_human(lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let width = all().map(|c| c.id.len()).max().unwrap_or(0);
    let mut last = None;
    for c in all() {
        if last != Some(c.family) {
            let _ = writeln!(out, "\n{}", paint.bold(c.family.title(lang)));
            last = Some(c.family);
        }
        let sev = format!("{:<13}", severity(c.severity, lang));
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {}",
            c.id,
            paint.dim(&sev),
            c.summary.get(lang)
        );
    }
    let (rules, diagnoses) = (crate::rules::ALL.len(), crate::cluster::registry::ALL.len());
    let _ = writeln!(
        out,
        "\n{}",
        crate::tr!(
            lang,
            "{rules} règles et {diagnoses} diagnostics du cluster. Détail : `kubecours explain ID`",
            "{rules} rules and {diagnoses} cluster diagnoses. Details: `kubecours explain ID`"
        )
    );
    out
}

pub fn list_json(lang: Lang) -> String {
    let entries: Vec<_> = all()
        .map(|c| {
            json!({
                "id": c.id,
                "kind": if c.family.is_diagnosis() { "diagnosis" } else { "rule" },
                "severity": c.severity,
                "basis": c.basis,
                "family": c.family,
                "summary": { "fr": c.summary.fr, "en": c.summary.en },
                "text": c.summary.get(lang),
                "url": c.url(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "rules": entries })).unwrap_or_default();
    s.push('\n');
    s
}

/// The documentation of an entry, as Markdown (the book).
pub fn markdown(c: &Code, lang: Lang, heading: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{heading} `{}`\n", c.id);
    let _ = writeln!(
        out,
        "*{}* — {}\n\n> {}\n",
        severity(c.severity, lang),
        c.summary.get(lang),
        meaning(c, lang)
    );
    let what = if c.family.is_diagnosis() {
        lang.pick("Ce que le diagnostic signale", "What it reports")
    } else {
        lang.pick("Ce que la règle vérifie", "What it checks")
    };
    let _ = writeln!(out, "{heading}# {what}\n\n{}\n", c.what.get(lang).trim());
    let _ = writeln!(
        out,
        "{heading}# {}\n\n{}\n",
        lang.pick("Pourquoi", "Why"),
        c.why.get(lang).trim()
    );
    if !c.fix.is_empty() {
        let _ = writeln!(
            out,
            "{heading}# {}\n\n{}\n",
            lang.pick("Comment corriger", "How to fix it"),
            c.fix.get(lang).trim()
        );
    }
    if !c.bad.is_empty() {
        let _ = writeln!(
            out,
            "{heading}# {}\n\n```yaml,erreur={}\n{}\n```\n",
            lang.pick("À éviter", "Avoid"),
            c.id,
            c.bad.trim_end()
        );
    }
    if !c.good.is_empty() {
        let _ = writeln!(
            out,
            "{heading}# {}\n\n```yaml\n{}\n```\n",
            lang.pick("À la place", "Instead"),
            c.good.trim_end()
        );
    }
    out
}

pub fn explain(c: &Code, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let title = format!(
        "{} ({}, {})",
        c.id,
        kind(c, lang),
        severity(c.severity, lang)
    );
    let _ = writeln!(
        out,
        "{}\n{}\n{}\n",
        paint.bold(&title),
        c.summary.get(lang),
        paint.dim(meaning(c, lang))
    );
    let what = if c.family.is_diagnosis() {
        lang.pick("Ce que le diagnostic signale", "What it reports")
    } else {
        lang.pick("Ce que la règle vérifie", "What it checks")
    };
    let _ = writeln!(out, "{}\n{}\n", paint.bold(what), c.what.get(lang).trim());
    let _ = writeln!(
        out,
        "{}\n{}\n",
        paint.bold(lang.pick("Pourquoi", "Why")),
        c.why.get(lang).trim()
    );
    if !c.fix.is_empty() {
        let _ = writeln!(
            out,
            "{}\n{}\n",
            paint.bold(lang.pick("Comment corriger", "How to fix it")),
            c.fix.get(lang).trim()
        );
    }
    if !c.bad.is_empty() {
        let _ = writeln!(
            out,
            "{}\n{}\n",
            paint.red(lang.pick("À éviter", "Avoid")),
            indent(c.bad)
        );
    }
    if !c.good.is_empty() {
        let _ = writeln!(
            out,
            "{}\n{}\n",
            paint.green(lang.pick("À la place", "Instead")),
            indent(c.good)
        );
    }
    let _ = writeln!(
        out,
        "{} {}",
        paint.bold(lang.pick("Cours :", "Course:")),
        c.url()
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
