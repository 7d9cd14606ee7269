//! What `kubecours check N` prints: ✓/✗ per expectation with its points,
//! the findings with their source, the score, the next hint and the course link.

use crate::color::Paint;
use crate::exercise::Exercise;
use crate::exercise::eval::Evaluation;
use crate::i18n::Lang;
use crate::report::{human, json};
use crate::rules::course_url;
use crate::tr;
use serde_json::json;
use std::fmt::Write;

pub struct Context<'a> {
    /// Where the files were read (for the header).
    pub dir: String,
    /// Hints already shown, if a workspace keeps track.
    pub hints_seen: Option<u32>,
    pub next: Option<&'a Exercise>,
}

pub fn render_human(
    ex: &Exercise,
    ev: &Evaluation,
    ctx: &Context,
    lang: Lang,
    paint: Paint,
) -> String {
    let mut out = String::new();
    let s = &ex.spec;
    let title = tr!(lang, "Exercice {} — {}", "Exercise {} — {}", s.id, s.title);
    let _ = writeln!(out, "{}", paint.bold(&title));
    let files = ex.evaluated_files().cloned().collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&tr!(
            lang,
            "Fichiers : {}/ ({files})",
            "Files: {}/ ({files})",
            ctx.dir
        ))
    );
    for m in &ev.missing {
        let _ = writeln!(
            out,
            "{}",
            paint.yellow(&tr!(
                lang,
                "⚠ fichier introuvable : {m}",
                "⚠ file not found: {m}"
            ))
        );
    }
    if let Some(c) = &ev.cluster {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&tr!(
                lang,
                "Cluster : {}, namespace `{}`",
                "Cluster: {}, namespace `{}`",
                c.source,
                c.namespace
            ))
        );
    }
    out.push('\n');
    let width = ev
        .outcomes
        .iter()
        .map(|o| o.text.chars().count())
        .max()
        .unwrap_or(0)
        .min(70);
    for o in &ev.outcomes {
        let (mark, score) = match o.passed {
            Some(true) => (paint.green("✓"), format!("{}/{}", o.points, o.max)),
            Some(false) => (paint.red("✗"), format!("{}/{}", o.points, o.max)),
            None => (paint.dim("○"), format!("–/{}", o.max)),
        };
        let pad = width.saturating_sub(o.text.chars().count());
        let cluster = if o.cluster {
            paint.dim(lang.pick(" (cluster)", " (cluster)"))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {mark} {}{cluster}{}  {score}",
            o.text,
            " ".repeat(pad)
        );
        if let Some(d) = &o.detail
            && o.passed != Some(true)
        {
            let _ = writeln!(out, "      {}", paint.dim(&format!("→ {d}")));
        }
    }
    out.push('\n');
    for f in &ev.run.findings {
        human::finding(&mut out, f, &ev.run.files, lang, paint);
    }
    if let Some(c) = &ev.cluster {
        for d in &c.diagnoses {
            crate::cluster::diagnose::render_human(&mut out, d, &ev.run.files, lang, paint);
        }
        for n in &c.notes {
            let _ = writeln!(out, "{}", paint.yellow(&format!("⚠ {n}")));
        }
    }
    let points = ev.points();
    let max = ev.max_evaluated();
    let skipped = ev.max_total() - max;
    let mut score = tr!(lang, "Score : {points}/{max}", "Score: {points}/{max}");
    if skipped > 0 {
        score += &tr!(
            lang,
            " (+{skipped} points sur le cluster, non évalués)",
            " (+{skipped} cluster points, not evaluated)"
        );
    }
    if ev.passed() {
        let _ = writeln!(out, "{}", paint.green(&format!("✓ {score}")));
        let _ = writeln!(
            out,
            "{}",
            paint.green(&tr!(
                lang,
                "Exercice réussi ! {}",
                "Exercise passed! {}",
                s.success
            ))
        );
        if let Some(next) = ctx.next {
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "Exercice suivant : `kubecours check {}` ({})",
                    "Next exercise: `kubecours check {}` ({})",
                    next.spec.id,
                    next.spec.title
                )
            );
        }
    } else {
        let _ = writeln!(out, "{}", paint.red(&format!("✗ {score}")));
        let total = s.hints.len();
        let hint = match ctx.hints_seen {
            Some(seen) => tr!(
                lang,
                "Besoin d'aide ? `kubecours hint {}` (indices vus : {seen}/{total})",
                "Need help? `kubecours hint {}` (hints seen: {seen}/{total})",
                s.id
            ),
            None => tr!(
                lang,
                "Besoin d'aide ? `kubecours hint {}` ({total} indices)",
                "Need help? `kubecours hint {}` ({total} hints)",
                s.id
            ),
        };
        let _ = writeln!(out, "{hint}");
    }
    let _ = writeln!(
        out,
        "{} {}",
        lang.pick("Cours :", "Course:"),
        course_url(&s.chapter)
    );
    out
}

pub fn render_json(ex: &Exercise, ev: &Evaluation) -> String {
    let findings: Vec<_> = ev
        .run
        .findings
        .iter()
        .map(|f| json::finding(f, &ev.run.files))
        .collect();
    let doc = json!({
        "exercise": { "id": ex.spec.id, "slug": ex.spec.slug, "title": ex.spec.title, "url": course_url(&ex.spec.chapter) },
        "passed": ev.passed(),
        "points": ev.points(),
        "max": ev.max_evaluated(),
        "max_total": ev.max_total(),
        "missing_files": ev.missing,
        "expectations": ev.outcomes,
        "findings": findings,
        "cluster": ev.cluster,
        "summary": ev.run.summary(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
