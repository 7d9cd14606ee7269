//! GitHub Actions workflow commands: annotations on the pull request's
//! files. GitHub shows at most 10 annotations of each level per step, so
//! beyond 9 of a level one more annotation counts the rest, which are
//! printed as plain log lines.

use super::Format;
use super::model::{Command, Report};
use crate::color::Paint;
use crate::diag::Severity;
use crate::i18n::{Lang, Text};
use crate::tr;
use std::fmt::Write;

pub static FORMAT: Format = Format {
    name: "github",
    summary: Text {
        fr: "annotations GitHub Actions (sur les fichiers de la pull request)",
        en: "GitHub Actions annotations (on the pull request's files)",
    },
    commands: &[Command::Lint, Command::Check, Command::Grade],
    write,
};

/// Annotations of one level GitHub shows per step.
pub const PER_STEP: usize = 10;

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

struct Annotation {
    level: &'static str,
    props: String,
    text: String,
}

fn write(r: &Report, lang: Lang, _paint: Paint) -> String {
    let mut all = Vec::new();
    for s in &r.subjects {
        for f in &s.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("title={}", prop(&format!("kubecours {}", f.id())));
            if let Some(path) = r.ci_path(s, f) {
                props = format!(
                    "file={},line={},col={},{props}",
                    prop(&path),
                    f.pos.line.max(1),
                    f.pos.col.max(1)
                );
            }
            all.push(Annotation {
                level,
                props,
                text: super::one_line(f, lang),
            });
        }
        if s.exercise.is_none() {
            continue;
        }
        let label = s.label();
        if s.rejected {
            all.push(Annotation {
                level: "error",
                props: format!("title={}", prop(&format!("kubecours {label}"))),
                text: s.reason.clone().unwrap_or_default(),
            });
            continue;
        }
        for o in s.outcomes.iter().filter(|o| o.passed == Some(false)) {
            let text = match &o.detail {
                Some(d) => format!("✗ {} — {d}", o.text),
                None => format!("✗ {}", o.text),
            };
            all.push(Annotation {
                level: "error",
                props: format!("title={}", prop(&format!("kubecours {label} : {}", o.id))),
                text,
            });
        }
        let mut score = format!("{}/{} points", s.points(), s.max());
        if s.not_evaluated() > 0 {
            score += &tr!(
                lang,
                " (+{} sur le cluster, non évalués)",
                " (+{} on the cluster, not evaluated)",
                s.not_evaluated()
            );
        }
        all.push(Annotation {
            level: "notice",
            props: format!("title={}", prop(&format!("kubecours {label}"))),
            text: score,
        });
    }
    let mut out = String::new();
    for level in ["error", "warning", "notice"] {
        let of: Vec<&Annotation> = all.iter().filter(|a| a.level == level).collect();
        let shown = if of.len() > PER_STEP {
            PER_STEP - 1
        } else {
            of.len()
        };
        for a in &of[..shown] {
            let _ = writeln!(out, "::{level} {}::{}", a.props, data(&a.text));
        }
        if of.len() > shown {
            let more = of.len() - shown;
            let _ = writeln!(
                out,
                "::{level} title=kubecours::{}",
                data(&tr!(
                    lang,
                    "… et {more} autres (GitHub n'affiche que {PER_STEP} annotations de ce niveau par étape) : la liste complète est dans le journal de l'étape",
                    "… and {more} more (GitHub shows only {PER_STEP} annotations of this level per step): the full list is in the step's log"
                ))
            );
            for a in &of[shown..] {
                let _ = writeln!(out, "{level}: {} {}", a.props, a.text);
            }
        }
    }
    out
}
