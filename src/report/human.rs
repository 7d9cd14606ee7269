//! The human format: rustc-style diagnostics (severity, id, message,
//! `file:line:col`, the source line with a caret, notes, the fix, the course
//! link), the same for lint findings and cluster diagnoses; and, for
//! `check`, the ✓/✗ list of expectations with their points.

use super::Format;
use super::model::{Command, Report, Subject};
use crate::color::Paint;
use crate::diag::{Finding, Note, Severity};
use crate::engine::Summary;
use crate::i18n::{Lang, Text};
use crate::source::SourceFile;
use crate::tr;
use std::collections::HashMap;
use std::fmt::Write;

pub static FORMAT: Format = Format {
    name: "human",
    summary: Text {
        fr: "lisible dans un terminal (par défaut)",
        en: "readable in a terminal (the default)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

/// Identical findings (same rule, same file) shown before the rest are counted.
pub const SAME_RULE_SHOWN: usize = 10;

fn write(r: &Report, lang: Lang, paint: Paint) -> String {
    match r.command {
        Command::Lint => lint(r, lang, paint),
        Command::Check => r.subjects.iter().map(|s| check(s, lang, paint)).collect(),
        Command::Grade => grade(r, lang, paint),
    }
}

fn colour(s: Severity, paint: Paint, text: &str) -> String {
    match s {
        Severity::Error => paint.red(text),
        Severity::Warning => paint.yellow(text),
        Severity::Info => paint.cyan(text),
    }
}

/// One finding, with its snippet.
pub fn finding(out: &mut String, f: &Finding, files: &[SourceFile], lang: Lang, paint: Paint) {
    let head = format!("{}[{}]", f.severity.label(lang), f.id());
    let _ = writeln!(
        out,
        "{}{} {}",
        colour(f.severity, paint, &head),
        paint.bold(":"),
        paint.bold(&f.message(lang))
    );
    let file = f.file.and_then(|i| files.get(i));
    let width = f.pos.line.max(1).to_string().len();
    let pad = " ".repeat(width);
    let bar = paint.blue("|");
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    if let Some(src) = file {
        if f.pos.is_known() {
            let _ = writeln!(
                out,
                "{pad}{} {}:{}:{}",
                paint.blue("-->"),
                src.name,
                f.pos.line,
                f.pos.col
            );
        } else {
            let _ = writeln!(out, "{pad}{} {}", paint.blue("-->"), src.name);
        }
        if let Some(text) = src.line(f.pos.line).filter(|_| f.pos.is_known()) {
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {shown}", paint.blue(&f.pos.line.to_string()));
            let caret_col = f.pos.col.saturating_sub(1) as usize;
            let remaining = shown.chars().count().saturating_sub(caret_col).max(1);
            let len = (f.len as usize).clamp(1, remaining);
            let marks = colour(f.severity, paint, &"^".repeat(len));
            let _ = writeln!(out, "{pad} {bar} {}{marks}", " ".repeat(caret_col));
        }
    }
    for r in &f.related {
        let rname = files.get(r.file).map_or("<?>", |s| s.name.as_str());
        let _ = writeln!(
            out,
            "{pad} {} {}{colon} {rname}:{}:{}",
            paint.blue("="),
            r.label.render(lang),
            r.pos.line,
            r.pos.col
        );
    }
    if let Some(o) = &f.object {
        let ns = o
            .namespace
            .as_deref()
            .map(|n| format!(" (namespace `{n}`)"))
            .unwrap_or_default();
        let what = lang.pick("objet", "object");
        let _ = writeln!(
            out,
            "{pad} {} {what}{colon} {} `{}`{ns}",
            paint.blue("="),
            o.kind,
            o.name
        );
    }
    for n in &f.notes {
        match n {
            Note::Cluster { text } => {
                let what = lang.pick("le cluster dit", "the cluster says");
                let _ = writeln!(
                    out,
                    "{pad} {} {what}{colon} {}",
                    paint.blue("="),
                    text.trim()
                );
            }
            Note::Log {
                container,
                previous,
                lines,
            } => {
                let what = if *previous {
                    tr!(
                        lang,
                        "journal du conteneur `{container}` (avant son redémarrage)",
                        "log of container `{container}` (before its restart)"
                    )
                } else {
                    tr!(
                        lang,
                        "journal du conteneur `{container}`",
                        "log of container `{container}`"
                    )
                };
                let _ = writeln!(out, "{pad} {} {what}{colon}", paint.blue("="));
                for l in lines {
                    let _ = writeln!(out, "{pad} {bar}   {}", paint.dim(l));
                }
            }
            Note::Text(m) => {
                let _ = writeln!(out, "{pad} {} {}", paint.blue("="), m.render(lang));
            }
        }
    }
    let help = f.help(lang);
    if !help.is_empty() {
        let what = paint.bold(lang.pick("aide :", "help:"));
        let _ = writeln!(out, "{pad} {} {what} {help}", paint.blue("="));
    }
    let course = paint.bold(lang.pick("cours :", "course:"));
    let _ = writeln!(out, "{pad} {} {course} {}", paint.blue("="), f.code.url());
    out.push('\n');
}

/// Findings, with at most [`SAME_RULE_SHOWN`] of one rule in one file, then a count.
pub fn findings<'a>(
    out: &mut String,
    list: impl IntoIterator<Item = &'a Finding>,
    files: &[SourceFile],
    lang: Lang,
    paint: Paint,
) {
    let list: Vec<&Finding> = list.into_iter().collect();
    let mut total: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for f in &list {
        *total.entry((f.file, f.id())).or_default() += 1;
    }
    let mut seen: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for f in list {
        let key = (f.file, f.id());
        let n = seen.entry(key).or_default();
        *n += 1;
        if *n <= SAME_RULE_SHOWN {
            finding(out, f, files, lang, paint);
        }
        if *n == SAME_RULE_SHOWN + 1 {
            let more = total[&key] - SAME_RULE_SHOWN;
            let file = f
                .file
                .and_then(|i| files.get(i))
                .map_or("", |s| s.name.as_str());
            let id = f.id();
            let line = tr!(
                lang,
                "… et {} autres constats `{id}` dans `{file}` (la liste complète : `--format json`)",
                "… and {} more `{id}` findings in `{file}` (the full list: `--format json`)",
                group_digits(more, lang)
            );
            let _ = writeln!(out, "{}\n", colour(f.severity, paint, &line));
        }
    }
}

/// `9 970` in French, `9,970` in English.
pub fn group_digits(n: usize, lang: Lang) -> String {
    let s = n.to_string();
    let sep = lang.pick("\u{202f}", ",");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The closing line of `lint`.
pub fn summary(s: &Summary, lang: Lang, paint: Paint) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        let n_s = group_digits(n, lang);
        if n == 1 {
            format!("{n_s} {one}")
        } else {
            format!("{n_s} {many}")
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

fn lint(r: &Report, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let mut sum = Summary::default();
    for s in &r.subjects {
        findings(&mut out, s.findings.iter().copied(), s.files, lang, paint);
        for f in &s.findings {
            match f.severity {
                Severity::Error => sum.errors += 1,
                Severity::Warning => sum.warnings += 1,
                Severity::Info => sum.infos += 1,
            }
        }
        sum.files += s.files.len();
        sum.resources += s.resources;
    }
    out.push_str(&summary(&sum, lang, paint));
    out.push('\n');
    out
}

/// What `kubecours check N` prints.
/// How many findings a collapsed line stands for, and their rule ids
/// (`` `image-tag`, `replicas` ``).
fn collapsed(s: &Subject, which: &std::collections::HashSet<usize>) -> (usize, String) {
    let mut ids: Vec<&str> = which.iter().map(|&i| s.findings[i].id()).collect();
    ids.sort();
    ids.dedup();
    let list = ids
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    (which.len(), list)
}

pub fn check(s: &Subject, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    let Some(ex) = &s.exercise else { return out };
    let info = s.check.clone().unwrap_or_default();
    let title = tr!(
        lang,
        "Exercice {} — {}",
        "Exercise {} — {}",
        ex.id,
        ex.title
    );
    let _ = writeln!(out, "{}", paint.bold(&title));
    let files = info.files.join(", ");
    let header = if info.dir.is_empty() || info.dir == "." {
        tr!(
            lang,
            "Fichiers : {files} (dossier courant)",
            "Files: {files} (current folder)"
        )
    } else {
        tr!(
            lang,
            "Fichiers : {} ({files})",
            "Files: {} ({files})",
            info.dir.trim_end_matches('/')
        )
    };
    let _ = writeln!(out, "{}", paint.dim(&header));
    for (m, near) in &info.missing {
        let line = match near {
            Some(n) => tr!(
                lang,
                "⚠ fichier introuvable : `{m}` ; il y a `{n}` : renommez-le (`mv {n} {m}`)",
                "⚠ file not found: `{m}`; there is `{n}`: rename it (`mv {n} {m}`)"
            ),
            None => tr!(
                lang,
                "⚠ fichier introuvable : `{m}`",
                "⚠ file not found: `{m}`"
            ),
        };
        let _ = writeln!(out, "{}", paint.yellow(&line));
    }
    for rmk in &s.remarks {
        let _ = writeln!(out, "{}", paint.dim(rmk));
    }
    if let Some((source, ns)) = &info.cluster {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&tr!(
                lang,
                "Cluster : {source}, namespace `{ns}`",
                "Cluster: {source}, namespace `{ns}`"
            ))
        );
    }
    out.push('\n');
    let label = |o: &super::model::Outcome| {
        if o.cluster {
            format!("{} {}", o.text, lang.pick("(cluster)", "(cluster)"))
        } else {
            o.text.clone()
        }
    };
    let width = s
        .outcomes
        .iter()
        .map(|o| label(o).chars().count())
        .max()
        .unwrap_or(0)
        .min(70);
    for o in s.outcomes {
        let (mark, score) = match o.passed {
            Some(true) => (paint.green("✓"), format!("{}/{}", o.points, o.max)),
            Some(false) => (paint.red("✗"), format!("{}/{}", o.points, o.max)),
            None => (paint.dim("○"), format!("–/{}", o.max)),
        };
        // A text longer than the column is wrapped: the points stay in one
        // column, on the first line.
        let lines = wrap(&label(o), width);
        let tag = lang.pick("(cluster)", "(cluster)");
        for (i, line) in lines.iter().enumerate() {
            let pad = width.saturating_sub(line.chars().count());
            let shown = match line.strip_suffix(tag) {
                Some(t) if o.cluster && i + 1 == lines.len() => format!("{t}{}", paint.dim(tag)),
                _ => line.clone(),
            };
            if i == 0 {
                let _ = writeln!(out, "  {mark} {shown}{}  {score:>5}", " ".repeat(pad));
            } else {
                let _ = writeln!(out, "    {shown}");
            }
        }
        if let Some(d) = &o.detail
            && o.passed != Some(true)
        {
            let _ = writeln!(out, "      {}", paint.dim(&format!("→ {d}")));
        }
    }
    out.push('\n');
    let later: std::collections::HashSet<usize> = if info.show_all {
        Default::default()
    } else {
        info.later.iter().copied().collect()
    };
    // Remarks (`info`) of the chapters reached so far: one line too, so that
    // what the exercise is about stands out.
    let remarks: std::collections::HashSet<usize> = if info.show_all {
        Default::default()
    } else {
        s.findings
            .iter()
            .enumerate()
            .filter(|(i, f)| {
                f.severity == crate::diag::Severity::Info
                    && !f.code.family.is_diagnosis()
                    && !later.contains(i)
            })
            .map(|(i, _)| i)
            .collect()
    };
    findings(
        &mut out,
        s.findings
            .iter()
            .enumerate()
            .filter(|(i, _)| !later.contains(i) && !remarks.contains(i))
            .map(|(_, f)| *f),
        s.files,
        lang,
        paint,
    );
    if !remarks.is_empty() {
        let (n, list) = collapsed(s, &remarks);
        let line = if n == 1 {
            tr!(
                lang,
                "1 remarque ({list}) : un conseil, pas une erreur ; `--tous` pour la voir",
                "1 remark ({list}): advice, not a mistake; `--all` to see it"
            )
        } else {
            tr!(
                lang,
                "{n} remarques ({list}) : des conseils, pas des erreurs ; `--tous` pour les voir",
                "{n} remarks ({list}): advice, not mistakes; `--all` to see them"
            )
        };
        let _ = writeln!(out, "{}\n", paint.dim(&line));
    }
    if !later.is_empty() {
        let (n, list) = collapsed(s, &later);
        let line = if n == 1 {
            tr!(
                lang,
                "1 conseil pour plus tard ({list}) : un chapitre que le cours n'a pas encore abordé ; `--tous` pour le voir",
                "1 piece of advice for later ({list}): a chapter the course has not reached yet; `--all` to see it"
            )
        } else {
            tr!(
                lang,
                "{n} conseils pour plus tard ({list}) : des chapitres que le cours n'a pas encore abordés ; `--tous` pour les voir",
                "{n} pieces of advice for later ({list}): chapters the course has not reached yet; `--all` to see them"
            )
        };
        let _ = writeln!(out, "{}\n", paint.dim(&line));
    }
    for n in &info.notes {
        let _ = writeln!(out, "{}", paint.yellow(&format!("⚠ {n}")));
    }
    let points = s.points();
    let max = s.max();
    let skipped = s.not_evaluated();
    let mut score = tr!(lang, "Score : {points}/{max}", "Score: {points}/{max}");
    if skipped > 0 {
        score += &tr!(
            lang,
            " (+{skipped} points sur le cluster, non évalués)",
            " (+{skipped} cluster points, not evaluated)"
        );
    }
    if s.passed() {
        let _ = writeln!(out, "{}", paint.green(&format!("✓ {score}")));
        let _ = writeln!(
            out,
            "{}",
            paint.green(&tr!(
                lang,
                "Exercice réussi ! {}",
                "Exercise passed! {}",
                info.success
            ))
        );
        if let Some((id, title)) = &info.next {
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "Exercice suivant : `kubecours check {id}` ({title})",
                    "Next exercise: `kubecours check {id}` ({title})"
                )
            );
        }
    } else {
        let _ = writeln!(out, "{}", paint.red(&format!("✗ {score}")));
        let total = info.hints_total;
        let hint = match info.hints_seen {
            Some(seen) => tr!(
                lang,
                "Besoin d'aide ? `kubecours hint {}` (indices vus : {seen}/{total})",
                "Need help? `kubecours hint {}` (hints seen: {seen}/{total})",
                ex.id
            ),
            None => tr!(
                lang,
                "Besoin d'aide ? `kubecours hint {}` ({total} indices)",
                "Need help? `kubecours hint {}` ({total} hints)",
                ex.id
            ),
        };
        let _ = writeln!(out, "{hint}");
    }
    let _ = writeln!(out, "{} {}", lang.pick("Cours :", "Course:"), ex.url);
    out
}

fn grade(r: &Report, lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    for (student, subjects) in r.students() {
        let points: u32 = subjects.iter().map(|s| s.points()).sum();
        let max: u32 = subjects.iter().map(|s| s.max()).sum();
        let skipped: u32 = subjects.iter().map(|s| s.not_evaluated()).sum();
        let mut line = format!("{} — {points}/{max}", paint.bold(&student));
        if skipped > 0 {
            line += &tr!(
                lang,
                " (+{skipped} sur le cluster, non évalués)",
                " (+{skipped} on the cluster, not evaluated)"
            );
        }
        let _ = writeln!(out, "{line}");
        for s in subjects {
            let ex = s
                .exercise
                .as_ref()
                .map_or(String::new(), |e| format!("{:02}-{}", e.id, e.slug));
            let status = match s.status() {
                "passed" => paint.green(lang.pick("réussi", "passed")),
                "rejected" => paint.red(lang.pick("refusé", "rejected")),
                _ => paint.red(lang.pick("échoué", "failed")),
            };
            let _ = writeln!(out, "  {ex:<28} {:>3}/{:<3} {status}", s.points(), s.max());
            let why = s.first_failure();
            if !why.is_empty() && !s.passed() {
                let _ = writeln!(out, "      {}", paint.dim(&format!("→ {why}")));
            }
            for rmk in &s.remarks {
                let _ = writeln!(out, "      {}", paint.dim(rmk));
            }
        }
    }
    out
}

/// `text` cut at spaces into lines of at most `width` characters (a longer
/// word stays whole on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let len = cur.chars().count();
        if !cur.is_empty() && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    lines.push(cur);
    lines
}
