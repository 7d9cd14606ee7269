//! Reports for CI systems and gradebooks, written from a [`Gradebook`]
//! (`kubecours grade`) or from one evaluation (`kubecours check`, seen as a
//! class of one): CSV, JSON, JUnit XML, SARIF 2.1.0, GitHub Actions workflow
//! commands, Gradescope `results.json`.

use crate::finding::{Finding, Severity};
use crate::grade::{ExerciseGrade, Gradebook, StudentGrade};
use crate::rules::course_url;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GradeFormat {
    /// Carnet de notes : étudiant, exercice, points, max, état, première attente échouée
    Csv,
    Json,
    /// JUnit XML : un testcase par attente
    Junit,
    /// SARIF 2.1.0 : les constats avec fichier, ligne, colonne
    Sarif,
    /// Commandes de workflow GitHub Actions (annotations sur la pull request)
    Github,
    /// `results.json` de Gradescope
    Gradescope,
}

/// A finding's file as a path from the class root (or the current folder).
fn artifact(g: &ExerciseGrade, f: &Finding) -> String {
    let name = g
        .evaluation
        .as_ref()
        .and_then(|e| e.run.files.get(f.file))
        .map_or("", |s| s.name.as_str());
    if g.dir.is_empty() || g.dir == "." {
        name.to_string()
    } else {
        format!("{}/{name}", g.dir.trim_end_matches('/'))
    }
}

fn findings(g: &ExerciseGrade) -> &[Finding] {
    g.evaluation.as_ref().map_or(&[], |e| &e.run.findings[..])
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(book: &Gradebook) -> String {
    let mut out = String::from("student,exercise,slug,points,max,status,first_failing\n");
    for s in &book.students {
        for g in &s.exercises {
            let row = [
                csv_field(&s.student),
                g.exercise.to_string(),
                csv_field(&g.slug),
                g.points.to_string(),
                g.max.to_string(),
                g.status().to_string(),
                csv_field(&g.first_failure()),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

fn grade_json(g: &ExerciseGrade) -> Value {
    let fs: Vec<Value> = findings(g)
        .iter()
        .map(|f| {
            let mut v = json!({
                "id": f.id, "severity": f.severity, "message": f.message, "help": f.help,
                "file": artifact(g, f), "line": f.pos.line, "column": f.pos.col, "url": f.rule().url(),
            });
            if let Some(o) = &f.object {
                v["object"] = json!(o);
            }
            v
        })
        .collect();
    json!({
        "exercise": g.exercise, "slug": g.slug, "title": g.title,
        "points": g.points, "max": g.max, "status": g.status(),
        "reason": g.reason,
        "expectations": g.evaluation.as_ref().map(|e| &e.outcomes),
        "findings": fs,
    })
}

pub fn json(book: &Gradebook) -> String {
    let students: Vec<Value> = book
        .students
        .iter()
        .map(|s| json!({ "student": s.student, "points": s.points(), "max": s.max(), "exercises": s.exercises.iter().map(grade_json).collect::<Vec<_>>() }))
        .collect();
    serde_json::to_string_pretty(&json!({ "students": students })).unwrap_or_default() + "\n"
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn suite_name(s: &StudentGrade, g: &ExerciseGrade) -> String {
    if s.student.is_empty() {
        format!("{:02}-{}", g.exercise, g.slug)
    } else {
        format!("{}/{:02}-{}", s.student, g.exercise, g.slug)
    }
}

pub fn junit(book: &Gradebook) -> String {
    let mut suites = String::new();
    let (mut total, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for s in &book.students {
        for g in &s.exercises {
            let name = suite_name(s, g);
            let classname = name.replace('/', ".");
            let mut cases = String::new();
            let (mut t, mut f, mut e, mut k) = (0, 0, 0, 0);
            match &g.evaluation {
                None => {
                    t += 1;
                    e += 1;
                    let reason = g.reason.clone().unwrap_or_default();
                    let _ = writeln!(
                        cases,
                        "    <testcase classname=\"{}\" name=\"soumission\">\n      <error message=\"{}\"/>\n    </testcase>",
                        xml(&classname),
                        xml(&reason)
                    );
                }
                Some(ev) => {
                    for o in &ev.outcomes {
                        t += 1;
                        let _ = write!(
                            cases,
                            "    <testcase classname=\"{}\" name=\"{}\"",
                            xml(&classname),
                            xml(&format!("{} : {}", o.id, o.text))
                        );
                        match o.passed {
                            Some(true) => cases.push_str("/>\n"),
                            Some(false) => {
                                f += 1;
                                let detail = o.detail.clone().unwrap_or_default();
                                let related: Vec<String> = ev
                                    .run
                                    .findings
                                    .iter()
                                    .filter(|x| x.severity == Severity::Error)
                                    .map(|x| {
                                        format!(
                                            "{}:{}:{} {} {}",
                                            artifact(g, x),
                                            x.pos.line,
                                            x.pos.col,
                                            x.id,
                                            x.message
                                        )
                                    })
                                    .collect();
                                let body = if related.is_empty()
                                    || detail.is_empty() && related.is_empty()
                                {
                                    detail.clone()
                                } else {
                                    format!("{detail}\n{}", related.join("\n"))
                                };
                                let _ = write!(
                                    cases,
                                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                                    xml(&detail),
                                    xml(&body)
                                );
                            }
                            None => {
                                k += 1;
                                let _ = write!(
                                    cases,
                                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                                    xml(o.detail.as_deref().unwrap_or(""))
                                );
                            }
                        }
                    }
                }
            }
            let _ = write!(
                suites,
                "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{f}\" errors=\"{e}\" skipped=\"{k}\">\n{cases}  </testsuite>\n",
                xml(&name)
            );
            total += t;
            failures += f;
            errors += e;
            skipped += k;
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubecours\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn sarif(book: &Gradebook) -> String {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    let mut results = Vec::new();
    for s in &book.students {
        for g in &s.exercises {
            for f in findings(g) {
                let r = f.rule();
                rules.entry(r.id).or_insert_with(|| {
                    json!({
                        "id": r.id,
                        "shortDescription": { "text": r.summary.fr },
                        "fullDescription": { "text": r.what.fr },
                        "helpUri": r.url(),
                        "help": { "text": r.why.fr },
                        "defaultConfiguration": { "level": sarif_level(r.severity) },
                    })
                });
                let mut region =
                    json!({ "startLine": f.pos.line.max(1), "startColumn": f.pos.col.max(1) });
                if f.len > 1 {
                    region["endColumn"] = json!(f.pos.col.max(1) + f.len);
                }
                results.push(json!({
                    "ruleId": f.id,
                    "level": sarif_level(f.severity),
                    "message": { "text": format!("{} — aide : {}", f.message, f.help) },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": artifact(g, f) }, "region": region } }],
                }));
            }
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "kubecours",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": course_url("regles.md"),
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(book: &Gradebook) -> String {
    let mut out = String::new();
    for s in &book.students {
        for g in &s.exercises {
            for f in findings(g) {
                let cmd = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let title = gh_prop(&format!("kubecours {}", f.id));
                let _ = writeln!(
                    out,
                    "::{cmd} file={},line={},col={},title={title}::{}",
                    gh_prop(&artifact(g, f)),
                    f.pos.line.max(1),
                    f.pos.col.max(1),
                    gh_data(&format!("{} — aide : {}", f.message, f.help))
                );
            }
            let label = suite_name(s, g);
            match &g.evaluation {
                None => {
                    let _ = writeln!(
                        out,
                        "::error title={}::{}",
                        gh_prop(&format!("kubecours {label}")),
                        gh_data(g.reason.as_deref().unwrap_or(""))
                    );
                }
                Some(ev) => {
                    for o in ev.outcomes.iter().filter(|o| o.passed == Some(false)) {
                        let msg = match &o.detail {
                            Some(d) => format!("✗ {} — {d}", o.text),
                            None => format!("✗ {}", o.text),
                        };
                        let _ = writeln!(
                            out,
                            "::error title={}::{}",
                            gh_prop(&format!("kubecours {label} : {}", o.id)),
                            gh_data(&msg)
                        );
                    }
                    let _ = writeln!(
                        out,
                        "::notice title={}::{}",
                        gh_prop(&format!("kubecours {label}")),
                        gh_data(&format!("{}/{} points", g.points, g.max))
                    );
                }
            }
        }
    }
    out
}

fn gradescope_student(s: &StudentGrade) -> Value {
    let mut tests = Vec::new();
    for g in &s.exercises {
        match &g.evaluation {
            None => tests.push(json!({
                "name": format!("Exercice {} — {}", g.exercise, g.title),
                "score": 0, "max_score": g.max, "status": "failed",
                "output": g.reason.clone().unwrap_or_default(),
            })),
            Some(ev) => {
                for o in &ev.outcomes {
                    tests.push(json!({
                        "name": format!("Exercice {} — {}", g.exercise, o.text),
                        "score": o.points, "max_score": o.max,
                        "status": if o.passed == Some(true) { "passed" } else { "failed" },
                        "output": o.detail.clone().unwrap_or_default(),
                    }));
                }
            }
        }
    }
    json!({ "score": s.points(), "output": format!("kubecours : {}/{} points", s.points(), s.max()), "tests": tests })
}

/// Gradescope grades one submission: a class of one gives exactly its
/// `results.json`; a larger class gives an object keyed by student.
pub fn gradescope(book: &Gradebook) -> String {
    let doc = match &book.students[..] {
        [one] => gradescope_student(one),
        many => Value::Object(
            many.iter()
                .map(|s| (s.student.clone(), gradescope_student(s)))
                .collect(),
        ),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

pub fn render(book: &Gradebook, format: GradeFormat) -> String {
    match format {
        GradeFormat::Csv => csv(book),
        GradeFormat::Json => json(book),
        GradeFormat::Junit => junit(book),
        GradeFormat::Sarif => sarif(book),
        GradeFormat::Github => github(book),
        GradeFormat::Gradescope => gradescope(book),
    }
}
