//! Honest points: an exercise scores only from its own files. A file of the
//! exercise that is missing or cannot be read fails every check on it, with
//! the reason; when none of the files the student writes is there, the files
//! the exercise provides earn nothing. `check` and `grade` apply the same
//! rules, so the offline maximum is the same in both.
//!
//! Which checks are "on" a file is learnt from the solution: an object
//! expectation is on the file(s) of the solution holding that object; a
//! `no_errors` or `clean` expectation is on every file.

use crate::diag::Severity;
use crate::exercise::Exercise;
use crate::exercise::eval::Evaluation;
use crate::exercise::workspace::Found;
use crate::i18n::Lang;
use crate::tr;
use std::collections::BTreeSet;

/// Findings that mean a file could not be read as manifests.
const UNREADABLE: &[&str] = &[
    "file-encoding",
    "file-too-large",
    "helm-template",
    "yaml-syntax",
    "yaml-tabs",
    "yaml-flattened",
    "yaml-alias-limit",
    "yaml-depth-limit",
];

/// For each static expectation (by index), the files it is on.
#[derive(Debug, Clone, Default)]
pub struct FileChecks {
    pub on: Vec<BTreeSet<String>>,
}

impl FileChecks {
    /// Learns from the solution which files each expectation is on.
    pub fn of(ex: &Exercise) -> FileChecks {
        let all: BTreeSet<String> = ex.evaluated_files().cloned().collect();
        let sources = ex
            .solution
            .iter()
            .map(|(n, b)| crate::source::SourceFile::from_bytes(n.clone(), b.clone(), u64::MAX))
            .collect();
        let run = crate::engine::lint_sources(sources, &crate::engine::Options::default());
        let on = ex
            .spec
            .expect
            .iter()
            .map(|e| {
                let Some(kind) = &e.kind else {
                    return all.clone();
                };
                let files: BTreeSet<String> = run
                    .objects
                    .iter()
                    .filter(|o| &o.kind == kind)
                    .filter(|o| e.name.as_ref().is_none_or(|n| &o.name == n))
                    .filter(|o| {
                        e.namespace
                            .as_ref()
                            .is_none_or(|ns| o.namespace.as_ref() == Some(ns))
                    })
                    .filter_map(|o| run.files.get(o.file).map(|f| f.name.clone()))
                    .collect();
                if files.is_empty() { all.clone() } else { files }
            })
            .collect();
        FileChecks { on }
    }
}

/// Files the exercise provides are the course's: those absent from the
/// folder are taken from the exercise (and no longer counted as missing).
pub fn provided_from_course(ex: &Exercise, found: &mut Found) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    found.missing.retain(|(name, _)| {
        if ex.spec.provided.contains(name)
            && let Some((_, bytes)) = ex.starter.iter().find(|(n, _)| n == name)
        {
            out.push((name.clone(), bytes.clone()));
            return false;
        }
        true
    });
    out
}

/// Why each file of the exercise gave nothing (missing, refused, unreadable).
pub fn bad_files(
    ex: &Exercise,
    ev: &Evaluation,
    found: &Found,
    where_: &str,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut bad = Vec::new();
    for name in ex.evaluated_files() {
        if let Some((_, near)) = found.missing.iter().find(|(n, _)| n == name) {
            let mut why = if where_.is_empty() {
                tr!(lang, "`{name}` introuvable", "`{name}` not found")
            } else {
                tr!(
                    lang,
                    "`{name}` introuvable (attendu : `{where_}/{name}`)",
                    "`{name}` not found (expected: `{where_}/{name}`)"
                )
            };
            if let Some(n) = near {
                why += &tr!(
                    lang,
                    " ; il y a `{n}` : renommez-le (`mv {n} {name}`)",
                    "; there is `{n}`: rename it (`mv {n} {name}`)"
                );
            }
            bad.push((name.clone(), why));
            continue;
        }
        if let Some((_, why)) = found.refused.iter().find(|(n, _)| n == name) {
            bad.push((name.clone(), why.clone()));
            continue;
        }
        let Some(index) = ev.run.files.iter().position(|f| &f.name == name) else {
            continue;
        };
        let unreadable = ev.run.findings.iter().find(|f| {
            f.file == Some(index) && f.severity == Severity::Error && UNREADABLE.contains(&f.id())
        });
        if let Some(f) = unreadable {
            let (line, msg) = (f.pos.line, f.message(lang));
            bad.push((
                name.clone(),
                tr!(
                    lang,
                    "`{name}` illisible (ligne {line} : {msg})",
                    "`{name}` unreadable (line {line}: {msg})"
                ),
            ));
        } else if !ev.run.objects.iter().any(|o| o.file == index) {
            bad.push((
                name.clone(),
                tr!(
                    lang,
                    "`{name}` ne contient aucun objet Kubernetes",
                    "`{name}` holds no Kubernetes object"
                ),
            ));
        }
    }
    bad
}

/// Applies the rules to an evaluation; returns the reason when none of the
/// student's own files could be used (the exercise then earns nothing).
pub fn apply(
    ex: &Exercise,
    checks: &FileChecks,
    ev: &mut Evaluation,
    found: &Found,
    where_: &str,
    lang: Lang,
) -> Option<String> {
    let bad = bad_files(ex, ev, found, where_, lang);
    if bad.is_empty() {
        return None;
    }
    let own_ok = ex
        .spec
        .files
        .iter()
        .any(|f| !bad.iter().any(|(b, _)| b == f));
    let nothing = if own_ok {
        None
    } else {
        let reasons: Vec<&str> = bad
            .iter()
            .filter(|(n, _)| ex.spec.files.contains(n))
            .map(|(_, why)| why.as_str())
            .collect();
        let mut why = reasons.join(" ; ");
        let provided: Vec<String> = found
            .files
            .iter()
            .filter(|(n, _)| ex.spec.provided.contains(n))
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        if !provided.is_empty() {
            why += &tr!(
                lang,
                " ; seuls les fichiers fournis par l'exercice sont là ({}) : ils ne rapportent rien",
                "; only the files the exercise provides are there ({}): they earn nothing",
                provided.join(", ")
            );
        }
        Some(why)
    };
    let statics = ev.outcomes.iter_mut().filter(|o| !o.cluster);
    for (i, o) in statics.enumerate() {
        let why = match &nothing {
            Some(why) => Some(why.clone()),
            None => bad
                .iter()
                .find(|(n, _)| checks.on.get(i).is_some_and(|on| on.contains(n)))
                .map(|(_, why)| why.clone()),
        };
        if let Some(why) = why {
            o.passed = Some(false);
            o.points = 0;
            o.detail = Some(why);
        }
    }
    nothing
}
