//! Gradescope's `results.json`: a top-level `score`, one test per
//! expectation with its `status`; expectations that were not evaluated
//! (cluster ones, with no cluster) are hidden from the student and say so.

use super::Format;
use super::model::{Command, Report, Subject};
use crate::color::Paint;
use crate::i18n::{Lang, Text};
use crate::tr;
use serde_json::{Value, json};

pub static FORMAT: Format = Format {
    name: "gradescope",
    summary: Text {
        fr: "`results.json` de Gradescope",
        en: "Gradescope's `results.json`",
    },
    commands: &[Command::Check, Command::Grade],
    write,
};

fn results(subjects: &[&Subject], lang: Lang) -> Value {
    let mut tests = Vec::new();
    let (mut score, mut max, mut skipped) = (0, 0, 0);
    for s in subjects {
        let (id, title) = s
            .exercise
            .as_ref()
            .map_or((0, String::new()), |e| (e.id, e.title.clone()));
        score += s.points();
        max += s.max();
        skipped += s.not_evaluated();
        if s.rejected {
            // One failed test for the exercise, worth its evaluated maximum.
            tests.push(json!({
                "name": tr!(lang, "Exercice {id} — {title}", "Exercise {id} — {title}"),
                "score": 0, "max_score": s.max(), "status": "failed",
                "output": s.reason.clone().unwrap_or_default(),
                "visibility": "visible",
            }));
            continue;
        }
        for o in s.outcomes {
            let name = tr!(lang, "Exercice {id} — {}", "Exercise {id} — {}", o.text);
            match o.passed {
                Some(passed) => tests.push(json!({
                    "name": name,
                    "score": o.points, "max_score": o.max,
                    "status": if passed { "passed" } else { "failed" },
                    "output": o.detail.clone().unwrap_or_default(),
                    "visibility": "visible",
                })),
                // Neither passed nor failed: no status, worth nothing here,
                // shown to the instructor only.
                None => tests.push(json!({
                    "name": tr!(lang, "{name} (non évaluée)", "{name} (not evaluated)"),
                    "score": 0, "max_score": 0,
                    "output": tr!(lang, "non évaluée : {}", "not evaluated: {}", o.detail.clone().unwrap_or_default()),
                    "visibility": "hidden",
                    "tags": ["non-evaluee"],
                })),
            }
        }
    }
    let mut output = tr!(
        lang,
        "kubecours : {score}/{max} points",
        "kubecours: {score}/{max} points"
    );
    if skipped > 0 {
        output += &tr!(
            lang,
            " (+{skipped} points sur le cluster, non évalués)",
            " (+{skipped} cluster points, not evaluated)"
        );
    }
    json!({
        "score": score,
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    })
}

/// Gradescope grades one submission: the report of one student is exactly
/// its `results.json`; several students give an object keyed by student.
fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let students = r.students();
    let doc = match &students[..] {
        [(_, one)] => results(one, lang),
        many => Value::Object(
            many.iter()
                .map(|(name, subjects)| (name.clone(), results(subjects, lang)))
                .collect(),
        ),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
