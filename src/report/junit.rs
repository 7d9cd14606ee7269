//! JUnit XML (every CI system shows it): `check` and `grade` give one test
//! case per expectation, `lint` one per file (failing on its errors); each
//! suite and case carries its `time`.

use super::model::{Command, Report, Subject};
use super::{Format, xml};
use crate::color::Paint;
use crate::diag::Severity;
use crate::i18n::{Lang, Text};
use std::fmt::Write;

pub static FORMAT: Format = Format {
    name: "junit",
    summary: Text {
        fr: "JUnit XML : un cas de test par attente (CI)",
        en: "JUnit XML: one test case per expectation (CI)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

/// The findings of a subject (of one file, or all), one per line, those of
/// `severity` or of the others.
fn findings_text(s: &Subject, file: Option<usize>, errors: bool, lang: Lang) -> String {
    s.findings
        .iter()
        .filter(|f| (f.severity == Severity::Error) == errors)
        .filter(|f| file.is_none() || f.file == file)
        .map(|f| {
            let place = match s.file_path(f) {
                Some(p) => format!("{p}:{}:{} ", f.pos.line, f.pos.col),
                None => String::new(),
            };
            let level = match f.severity {
                Severity::Error => lang.pick("erreur", "error"),
                Severity::Warning => lang.pick("avertissement", "warning"),
                Severity::Info => "info",
            };
            if errors {
                format!("{place}{} {}", f.id(), f.message(lang))
            } else {
                format!("{place}{level}[{}] {}", f.id(), f.message(lang))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn errors_text(s: &Subject, file: Option<usize>, lang: Lang) -> String {
    findings_text(s, file, true, lang)
}

/// Warnings and advice, which fail no test, as the test's output.
fn system_out(text: &str, indent: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{indent}<system-out>{}</system-out>\n", xml(text))
    }
}

fn suite(s: &Subject, lang: Lang, out: &mut String) -> Counts {
    let name = s.label();
    let classname = name.replace('/', ".");
    let mut cases = String::new();
    let mut c = Counts {
        tests: 0,
        failures: 0,
        errors: 0,
        skipped: 0,
    };
    let per_case = if s.outcomes.is_empty() {
        0.0
    } else {
        s.seconds / s.outcomes.len() as f64
    };
    if s.rejected {
        c.tests += 1;
        c.errors += 1;
        let reason = s.reason.clone().unwrap_or_default();
        let _ = writeln!(
            cases,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">\n      <error message=\"{}\"/>\n    </testcase>",
            xml(&classname),
            xml(lang.pick("soumission", "submission")),
            s.seconds,
            xml(&reason)
        );
    } else if s.exercise.is_none() {
        for (i, file) in s.files.iter().enumerate() {
            c.tests += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0.000\"",
                xml(&classname),
                xml(&file.name)
            );
            let errs = errors_text(s, Some(i), lang);
            let others = system_out(&findings_text(s, Some(i), false, lang), "      ");
            if errs.is_empty() && others.is_empty() {
                cases.push_str("/>\n");
            } else if errs.is_empty() {
                let _ = write!(cases, ">\n{others}    </testcase>\n");
            } else {
                c.failures += 1;
                let first = errs.lines().next().unwrap_or("");
                let _ = write!(
                    cases,
                    ">\n      <failure message=\"{}\">{}</failure>\n{others}    </testcase>\n",
                    xml(first),
                    xml(&errs)
                );
            }
        }
    } else {
        for o in s.outcomes {
            c.tests += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{per_case:.3}\"",
                xml(&classname),
                xml(&format!("{} : {}", o.id, o.text))
            );
            match o.passed {
                Some(true) => cases.push_str("/>\n"),
                Some(false) => {
                    c.failures += 1;
                    let detail = o.detail.clone().unwrap_or_default();
                    let related = errors_text(s, None, lang);
                    let body = if related.is_empty() {
                        detail.clone()
                    } else {
                        format!("{detail}\n{related}")
                    };
                    let _ = write!(
                        cases,
                        ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                        xml(&detail),
                        xml(&body)
                    );
                }
                None => {
                    c.skipped += 1;
                    let _ = write!(
                        cases,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                        xml(o.detail.as_deref().unwrap_or(""))
                    );
                }
            }
        }
        // What the exercise's findings say beyond its checks (warnings, the
        // cluster's diagnoses), for the reader of the suite.
        let all = [
            errors_text(s, None, lang),
            findings_text(s, None, false, lang),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        cases.push_str(&system_out(&all, "    "));
    }
    let _ = write!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\">\n{cases}  </testsuite>\n",
        xml(&name),
        c.tests,
        c.failures,
        c.errors,
        c.skipped,
        s.seconds
    );
    c
}

fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let mut suites = String::new();
    let mut total = Counts {
        tests: 0,
        failures: 0,
        errors: 0,
        skipped: 0,
    };
    let mut time = 0.0;
    for s in &r.subjects {
        let c = suite(s, lang, &mut suites);
        total.tests += c.tests;
        total.failures += c.failures;
        total.errors += c.errors;
        total.skipped += c.skipped;
        time += s.seconds;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kubecours\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{time:.3}\">\n{suites}</testsuites>\n",
        total.tests, total.failures, total.errors, total.skipped
    )
}
