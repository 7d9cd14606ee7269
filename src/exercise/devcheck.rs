//! `kubecours dev check`: everything an exercise author can get wrong
//! (exercises/FORMAT.md, section 8), including that every starter fails,
//! every solution passes and every mistake produces what it declares.

use super::eval::evaluate;
use super::{Catalog, Exercise};
use crate::diag::Severity;
use crate::engine::Options;
use crate::i18n::Lang;
use crate::rules;
use crate::tr;
use crate::yaml::path;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// One problem, attached to an exercise folder.
#[derive(Debug, Clone)]
pub struct Problem {
    pub exercise: String,
    pub message: String,
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// The id mdBook gives a heading (`normalize_id`): alphanumerics, `_` and `-`
/// kept and ASCII-lowercased, white space turned into `-`, the rest dropped.
pub fn heading_id(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The heading ids of a Markdown page (outside code blocks), with mdBook's
/// `-1`, `-2` suffixes for repeats and `{#custom}` ids.
pub fn heading_ids(markdown: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        if !t.starts_with('#') {
            continue;
        }
        let text = t.trim_start_matches('#');
        if !text.starts_with(' ') {
            continue;
        }
        let text = text.trim();
        if let Some(start) = text.rfind("{#")
            && text.ends_with('}')
        {
            ids.insert(text[start + 2..text.len() - 1].to_string());
            continue;
        }
        // Links keep their text; inline markup is dropped by `heading_id`.
        let plain = regex_lite_links(text);
        let base = heading_id(&plain);
        let n = seen.entry(base.clone()).or_insert(0);
        ids.insert(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    ids
}

fn regex_lite_links(text: &str) -> String {
    // `[texte](lien)` → `texte`
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(')')) {
            (Some(close), Some(end)) if close < end => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks every exercise; `book_src` (the book's `src/`) enables the chapter checks.
pub fn check(catalog: &Catalog, book_src: Option<&Path>, lang: Lang) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut slugs = HashSet::new();
    for (i, ex) in catalog.exercises.iter().enumerate() {
        let mut p = |fr: String, en: String| {
            problems.push(Problem {
                exercise: ex.dir_name.clone(),
                message: lang.pick(&fr, &en).to_string(),
            })
        };
        let s = &ex.spec;
        let expected_id = i as u32 + 1;
        if s.id != expected_id {
            p(
                format!(
                    "`id = {}` : les numéros doivent se suivre à partir de 1 (attendu {expected_id})",
                    s.id
                ),
                format!(
                    "`id = {}`: numbers must follow each other from 1 (expected {expected_id})",
                    s.id
                ),
            );
        }
        let want_dir = format!("{:02}-{}", s.id, s.slug);
        if ex.dir_name != want_dir {
            p(
                format!("le dossier doit s'appeler `{want_dir}`"),
                format!("the folder must be named `{want_dir}`"),
            );
        }
        if !slugs.insert(s.slug.clone()) || !valid_id(&s.slug) {
            p(
                format!(
                    "`slug = \"{}\"` doit être unique et de la forme [a-z0-9-]",
                    s.slug
                ),
                format!("`slug = \"{}\"` must be unique and [a-z0-9-]", s.slug),
            );
        }
        check_spec(ex, &mut p);
        if let Some(book) = book_src {
            check_chapter(&s.chapter, book, &mut p);
        }
        if ex.enonce.trim().is_empty() {
            p(
                "`enonce.md` est absent ou vide".into(),
                "`enonce.md` is missing or empty".into(),
            );
        } else if heading_ids_level(&ex.enonce).iter().any(|&l| l <= 2) {
            p(
                "`enonce.md` ne doit pas avoir de titre de niveau 1 ou 2 (le livre l'ajoute)"
                    .into(),
                "`enonce.md` must have no level 1 or 2 heading (the book adds it)".into(),
            );
        }
        check_behaviour(ex, &mut p, lang);
    }
    problems
}

fn heading_ids_level(md: &str) -> Vec<usize> {
    let mut fence = false;
    md.lines()
        .filter_map(|l| {
            if l.trim_start().starts_with("```") {
                fence = !fence;
                return None;
            }
            if fence {
                return None;
            }
            let n = l.chars().take_while(|&c| c == '#').count();
            (n > 0 && l[n..].starts_with(' ')).then_some(n)
        })
        .collect()
}

fn check_chapter(chapter: &str, book: &Path, p: &mut impl FnMut(String, String)) {
    let (page, anchor) = chapter.split_once('#').unwrap_or((chapter, ""));
    match std::fs::read_to_string(book.join(page)) {
        Err(_) => p(
            format!("`chapter = \"{chapter}\"` : la page `{page}` n'existe pas dans le livre"),
            format!("`chapter = \"{chapter}\"`: page `{page}` does not exist in the book"),
        ),
        Ok(md) => {
            if !anchor.is_empty() && !heading_ids(&md).contains(anchor) {
                let ids = heading_ids(&md);
                let near = crate::suggest::closest(anchor, ids.iter().map(String::as_str))
                    .map(|n| format!(" (`{n}` ?)"))
                    .unwrap_or_default();
                p(
                    format!(
                        "`chapter = \"{chapter}\"` : aucun titre de `{page}` n'a l'ancre `{anchor}`{near}"
                    ),
                    format!(
                        "`chapter = \"{chapter}\"`: no heading of `{page}` has the anchor `{anchor}`{near}"
                    ),
                );
            }
        }
    }
}

fn check_spec(ex: &Exercise, p: &mut impl FnMut(String, String)) {
    let s = &ex.spec;
    if s.format != 1 {
        p(
            format!("`format = {}` : seule la version 1 existe", s.format),
            format!("`format = {}`: only version 1 exists", s.format),
        );
    }
    if s.title.trim().is_empty() || s.success.trim().is_empty() {
        p(
            "`title` et `success` ne doivent pas être vides".into(),
            "`title` and `success` must not be empty".into(),
        );
    }
    if s.hints.len() < 2 || s.hints.iter().any(|h| h.trim().is_empty()) {
        p(
            "il faut au moins 2 indices (`hints`), aucun vide".into(),
            "at least 2 hints are needed, none empty".into(),
        );
    }
    if s.files.is_empty() {
        p(
            "`files` ne doit pas être vide".into(),
            "`files` must not be empty".into(),
        );
    }
    for f in s.files.iter().chain(&s.provided) {
        if f.contains('/') || f.contains('\\') || !(f.ends_with(".yaml") || f.ends_with(".yml")) {
            p(
                format!("`{f}` : un nom de fichier simple en .yaml ou .yml"),
                format!("`{f}`: a plain file name ending in .yaml or .yml"),
            );
        }
        if s.files.contains(f) && s.provided.contains(f) {
            p(
                format!("`{f}` est à la fois dans `files` et `provided`"),
                format!("`{f}` is in both `files` and `provided`"),
            );
        }
    }
    let total: u32 = ex.max_static() + ex.max_cluster();
    if !(10..=20).contains(&total) {
        p(
            format!("total des points {total} : il doit être entre 10 et 20"),
            format!("points total {total}: it must be between 10 and 20"),
        );
    }
    let mut ids = HashSet::new();
    for e in &s.expect {
        if !valid_id(&e.id) || !ids.insert(e.id.clone()) {
            p(
                format!("attente `{}` : identifiant invalide ou répété", e.id),
                format!("expectation `{}`: invalid or repeated id", e.id),
            );
        }
        if e.points == 0 || e.text.trim().is_empty() {
            p(
                format!("attente `{}` : `points` ≥ 1 et `text` non vide", e.id),
                format!(
                    "expectation `{}`: `points` ≥ 1 and a non-empty `text`",
                    e.id
                ),
            );
        }
        let forms = [e.kind.is_some(), e.no_errors.is_some(), e.clean.is_some()]
            .iter()
            .filter(|&&b| b)
            .count();
        let object_keys = e.name.is_some()
            || e.namespace.is_some()
            || !e.fields.is_empty()
            || e.selects.is_some();
        if forms != 1 || (e.kind.is_none() && object_keys) {
            p(
                format!(
                    "attente `{}` : exactement une forme parmi `kind`, `no_errors`, `clean`",
                    e.id
                ),
                format!(
                    "expectation `{}`: exactly one form among `kind`, `no_errors`, `clean`",
                    e.id
                ),
            );
        }
        if e.no_errors == Some(false) {
            p(
                format!("attente `{}` : `no_errors` n'admet que `true`", e.id),
                format!("expectation `{}`: `no_errors` only takes `true`", e.id),
            );
        }
        for id in e.clean.iter().flatten() {
            if rules::by_id(id).is_none() {
                p(
                    format!("attente `{}` : règle inconnue `{id}`", e.id),
                    format!("expectation `{}`: unknown rule `{id}`", e.id),
                );
            }
        }
        if e.clean.as_ref().is_some_and(Vec::is_empty) {
            p(
                format!("attente `{}` : `clean` ne doit pas être vide", e.id),
                format!("expectation `{}`: `clean` must not be empty", e.id),
            );
        }
        for sel in e.selects.iter().flatten() {
            if sel
                .split_once('/')
                .is_none_or(|(k, n)| k.is_empty() || n.is_empty())
            {
                p(
                    format!(
                        "attente `{}` : `selects` attend \"Kind/nom\", pas \"{sel}\"",
                        e.id
                    ),
                    format!(
                        "expectation `{}`: `selects` expects \"Kind/name\", not \"{sel}\"",
                        e.id
                    ),
                );
            }
        }
        for f in &e.fields {
            if let Err((fr, en)) = path::parse(&f.path) {
                p(
                    format!("attente `{}` : {fr}", e.id),
                    format!("expectation `{}`: {en}", e.id),
                );
            }
            let ops = [
                f.equals.is_some(),
                f.not_equals.is_some(),
                f.one_of.is_some(),
                f.regex.is_some(),
                f.min.is_some(),
                f.max.is_some(),
                f.present.is_some(),
            ];
            let n = ops.iter().filter(|&&b| b).count();
            if n == 0
                || (f.present == Some(false) && n > 1)
                || f.one_of.as_ref().is_some_and(Vec::is_empty)
            {
                p(
                    format!(
                        "attente `{}`, `{}` : au moins un opérateur ; `present = false` seul ; `one_of` non vide",
                        e.id, f.path
                    ),
                    format!(
                        "expectation `{}`, `{}`: at least one operator; `present = false` alone; non-empty `one_of`",
                        e.id, f.path
                    ),
                );
            }
            if let Some(r) = &f.regex
                && regex::Regex::new(r).is_err()
            {
                p(
                    format!("attente `{}` : expression régulière invalide `{r}`", e.id),
                    format!("expectation `{}`: invalid regex `{r}`", e.id),
                );
            }
        }
    }
    for c in &s.cluster {
        if !valid_id(&c.id) || !ids.insert(c.id.clone()) {
            p(
                format!(
                    "attente cluster `{}` : identifiant invalide ou répété",
                    c.id
                ),
                format!("cluster expectation `{}`: invalid or repeated id", c.id),
            );
        }
        if c.points == 0 || c.text.trim().is_empty() {
            p(
                format!(
                    "attente cluster `{}` : `points` ≥ 1 et `text` non vide",
                    c.id
                ),
                format!(
                    "cluster expectation `{}`: `points` ≥ 1 and a non-empty `text`",
                    c.id
                ),
            );
        }
        // The keys of each kind of check, their types and regexes are
        // checked when `exercise.toml` is read (`exercise::checks`).
    }
}

fn names(files: &[super::File]) -> BTreeSet<&str> {
    files.iter().map(|(n, _)| n.as_str()).collect()
}

fn check_behaviour(ex: &Exercise, p: &mut impl FnMut(String, String), lang: Lang) {
    let opts = Options {
        ..Options::default()
    };
    let expected: BTreeSet<&str> = ex.evaluated_files().map(String::as_str).collect();
    for (which, files) in [("starter", &ex.starter), ("solution", &ex.solution)] {
        if names(files) != expected {
            p(
                format!(
                    "`{which}/` doit contenir exactement {expected:?}, il contient {:?}",
                    names(files)
                ),
                format!(
                    "`{which}/` must hold exactly {expected:?}, it holds {:?}",
                    names(files)
                ),
            );
        }
    }
    for f in &ex.spec.provided {
        let a = ex.starter.iter().find(|(n, _)| n == f);
        let b = ex.solution.iter().find(|(n, _)| n == f);
        if a.map(|x| &x.1) != b.map(|x| &x.1) {
            p(
                format!("`{f}` (fourni) diffère entre `starter/` et `solution/`"),
                format!("`{f}` (provided) differs between `starter/` and `solution/`"),
            );
        }
    }
    let starter = evaluate(ex, ex.starter.clone(), &opts, lang, "");
    if starter.failed_static_ids().is_empty() {
        p(
            "le starter satisfait toutes les attentes : il doit en échouer au moins une".into(),
            "the starter meets every expectation: it must fail at least one".into(),
        );
    }
    let solution = evaluate(ex, ex.solution.clone(), &opts, lang, "");
    let failed = solution.failed_static_ids();
    if !failed.is_empty() {
        let details: Vec<String> = solution
            .outcomes
            .iter()
            .filter(|o| o.passed == Some(false))
            .map(|o| format!("{} ({})", o.id, o.detail.clone().unwrap_or_default()))
            .collect();
        p(
            format!("la solution échoue : {}", details.join(" ; ")),
            format!("the solution fails: {}", details.join("; ")),
        );
    }
    let errors: Vec<String> = solution
        .run
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            format!(
                "{} {}:{}",
                f.id(),
                f.file
                    .and_then(|i| solution.run.files.get(i))
                    .map_or("", |s| s.name.as_str()),
                f.pos.line
            )
        })
        .collect();
    if !errors.is_empty() {
        p(
            format!("la solution lève des erreurs : {}", errors.join(", ")),
            format!("the solution raises errors: {}", errors.join(", ")),
        );
    }
    if ex.mistakes.len() < 2 {
        p(
            "il faut au moins deux cas d'erreur dans `mistakes/`".into(),
            "at least two mistake cases are needed in `mistakes/`".into(),
        );
    }
    let static_ids: BTreeSet<&str> = ex.spec.expect.iter().map(|e| e.id.as_str()).collect();
    for m in &ex.mistakes {
        let case = &m.case;
        if !valid_id(case) {
            p(
                format!("cas `{case}` : nom de dossier [a-z0-9-]"),
                format!("case `{case}`: folder name must be [a-z0-9-]"),
            );
        }
        if m.spec.findings.is_empty() && m.spec.failed.is_empty() {
            p(
                format!("cas `{case}` : `findings` ou `failed` doit être non vide"),
                format!("case `{case}`: `findings` or `failed` must be non-empty"),
            );
        }
        for (n, _) in &m.files {
            if !expected.contains(n.as_str()) {
                p(
                    format!("cas `{case}` : `{n}` n'est ni dans `files` ni dans `provided`"),
                    format!("case `{case}`: `{n}` is in neither `files` nor `provided`"),
                );
            }
        }
        for id in &m.spec.findings {
            if rules::by_id(id).is_none() {
                p(
                    format!("cas `{case}` : règle inconnue `{id}`"),
                    format!("case `{case}`: unknown rule `{id}`"),
                );
            }
        }
        for id in &m.spec.failed {
            if !static_ids.contains(id.as_str()) {
                p(
                    format!("cas `{case}` : attente statique inconnue `{id}`"),
                    format!("case `{case}`: unknown static expectation `{id}`"),
                );
            }
        }
        let ev = evaluate(ex, ex.mistake_files(m), &opts, lang, "");
        for id in &m.spec.findings {
            if !ev
                .run
                .findings
                .iter()
                .any(|f| f.id() == id && f.severity <= Severity::Warning)
            {
                p(
                    tr!(
                        lang,
                        "cas `{case}` : la règle `{id}` n'est pas levée",
                        "case `{case}`: rule `{id}` is not raised"
                    ),
                    String::new(),
                );
            }
        }
        let raised_errors: BTreeSet<&str> = ev
            .run
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id())
            .collect();
        for id in raised_errors {
            if !m.spec.findings.iter().any(|f| f == id) {
                p(
                    tr!(
                        lang,
                        "cas `{case}` : lève l'erreur `{id}`, non déclarée dans `findings`",
                        "case `{case}`: raises error `{id}`, not declared in `findings`"
                    ),
                    String::new(),
                );
            }
        }
        let failed = ev.failed_static_ids();
        let declared: BTreeSet<String> = m.spec.failed.iter().cloned().collect();
        if failed != declared {
            p(
                tr!(
                    lang,
                    "cas `{case}` : attentes échouées {failed:?}, déclarées {declared:?}",
                    "case `{case}`: failed expectations {failed:?}, declared {declared:?}"
                ),
                String::new(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdbook_heading_ids() {
        assert_eq!(heading_id("Les ports"), "les-ports");
        assert_eq!(heading_id("Erreurs fréquentes"), "erreurs-fréquentes");
        assert_eq!(heading_id("`targetPort` et `port`"), "targetport-et-port");
        let ids =
            heading_ids("# A\n```\n# not\n```\n## Les ports\n## Les ports\n### Titre {#custom}\n");
        assert!(
            ids.contains("les-ports")
                && ids.contains("les-ports-1")
                && ids.contains("custom")
                && !ids.contains("not")
        );
    }
}
