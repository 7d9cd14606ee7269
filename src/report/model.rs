//! What every report is written from, whatever its format: subjects (one
//! per linted input, checked exercise, or student × exercise), each with its
//! files, its findings and the outcomes of its expectations.

use crate::diag::{Finding, Severity};
use crate::source::SourceFile;
use serde::Serialize;

/// The command a report comes from: each format says which it fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Lint,
    Check,
    Grade,
}

/// The outcome of one expectation of an exercise.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub max: u32,
    /// `None`: not evaluated (a cluster expectation with no cluster).
    pub passed: Option<bool>,
    /// Why it failed (or why it was not evaluated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub cluster: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExerciseRef {
    pub id: u32,
    pub slug: String,
    pub title: String,
    pub url: String,
}

/// What only the student's own `check` shows.
#[derive(Clone, Debug, Default)]
pub struct CheckInfo {
    /// Where the files were read, as shown.
    pub dir: String,
    /// The files the exercise evaluates.
    pub files: Vec<String>,
    /// Files not found, each with the near miss that was found instead, if any.
    pub missing: Vec<(String, Option<String>)>,
    /// "Cluster : <source>, namespace `<ns>`", when the cluster was read.
    pub cluster: Option<(String, String)>,
    /// Remarks about the cluster side (logs unavailable…).
    pub notes: Vec<String>,
    pub success: String,
    pub hints_seen: Option<u32>,
    pub hints_total: usize,
    /// The next exercise (id, title), when this one passed.
    pub next: Option<(u32, String)>,
    /// Advice from chapters the course has not reached yet: shown as one
    /// line unless `show_all`.
    pub later: Vec<usize>,
    pub show_all: bool,
}

/// One thing a report is about.
#[derive(Clone, Debug)]
pub struct Subject<'a> {
    pub student: Option<String>,
    pub exercise: Option<ExerciseRef>,
    /// The folder of its files, from the report's root (`alice/03-deployment`); empty for the current folder.
    pub dir: String,
    pub files: &'a [SourceFile],
    pub findings: Vec<&'a Finding>,
    pub outcomes: &'a [Outcome],
    /// Why the submission was not evaluated (rejected), or a remark about it.
    pub reason: Option<String>,
    /// Whether it could be evaluated at all.
    pub rejected: bool,
    pub seconds: f64,
    /// Number of Kubernetes objects read.
    pub resources: usize,
    pub check: Option<CheckInfo>,
    /// Files rebuilt or recovered (extracted from a document, indentation rebuilt).
    pub remarks: Vec<String>,
}

impl<'a> Subject<'a> {
    pub fn lint(files: &'a [SourceFile], findings: &'a [Finding]) -> Subject<'a> {
        Subject {
            student: None,
            exercise: None,
            dir: String::new(),
            files,
            findings: findings.iter().collect(),
            outcomes: &[],
            reason: None,
            rejected: false,
            seconds: 0.0,
            resources: 0,
            check: None,
            remarks: Vec::new(),
        }
    }

    /// Points of what was evaluated.
    pub fn points(&self) -> u32 {
        self.outcomes.iter().map(|o| o.points).sum()
    }

    /// The maximum of what was evaluated (static expectations, and cluster ones when read).
    pub fn max(&self) -> u32 {
        self.outcomes
            .iter()
            .filter(|o| o.passed.is_some())
            .map(|o| o.max)
            .sum()
    }

    /// Points that were not evaluated (cluster expectations with no cluster).
    pub fn not_evaluated(&self) -> u32 {
        self.outcomes
            .iter()
            .filter(|o| o.passed.is_none())
            .map(|o| o.max)
            .sum()
    }

    pub fn passed(&self) -> bool {
        !self.rejected && self.outcomes.iter().all(|o| o.passed != Some(false))
    }

    /// `passed`, `failed` or `rejected` (lint: `clean` or `failed`).
    pub fn status(&self) -> &'static str {
        if self.rejected {
            "rejected"
        } else if self.exercise.is_none() {
            if self.findings.iter().any(|f| f.severity == Severity::Error) {
                "failed"
            } else {
                "clean"
            }
        } else if self.passed() {
            "passed"
        } else {
            "failed"
        }
    }

    /// The first failing expectation (text and detail), or the rejection reason.
    pub fn first_failure(&self) -> String {
        if self.rejected {
            return self.reason.clone().unwrap_or_default();
        }
        self.outcomes
            .iter()
            .find(|o| o.passed == Some(false))
            .map(|o| match &o.detail {
                Some(d) => format!("{} ({d})", o.text),
                None => o.text.clone(),
            })
            .unwrap_or_default()
    }

    /// The path of a finding's file from the report's root.
    pub fn file_path(&self, f: &Finding) -> Option<String> {
        let name = self.files.get(f.file?)?.name.as_str();
        Some(if self.dir.is_empty() || self.dir == "." {
            name.to_string()
        } else {
            format!("{}/{name}", self.dir.trim_end_matches('/'))
        })
    }

    /// `alice/03-deployment`, `03-deployment`, or the student alone.
    pub fn label(&self) -> String {
        match (&self.student, &self.exercise) {
            (Some(s), Some(e)) if !s.is_empty() => format!("{s}/{:02}-{}", e.id, e.slug),
            (_, Some(e)) => format!("{:02}-{}", e.id, e.slug),
            (Some(s), None) => s.clone(),
            (None, None) => "kubecours".into(),
        }
    }
}

/// A whole report.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub command: Command,
    pub subjects: Vec<Subject<'a>>,
    /// Prefix of every file path in formats that locate files for a CI
    /// system (SARIF, GitHub, GitLab): the path from the repository root to
    /// the report's root (`classe/` when grading `classe/` from the root).
    pub root_prefix: String,
}

impl<'a> Report<'a> {
    pub fn new(command: Command, subjects: Vec<Subject<'a>>) -> Report<'a> {
        Report {
            command,
            subjects,
            root_prefix: String::new(),
        }
    }

    /// A finding's path for CI systems: from the repository root.
    pub fn ci_path(&self, s: &Subject, f: &Finding) -> Option<String> {
        let p = s.file_path(f)?;
        Some(if self.root_prefix.is_empty() {
            p
        } else {
            format!("{}/{p}", self.root_prefix.trim_end_matches('/'))
        })
    }

    /// Every finding of the report with its subject.
    pub fn findings(&self) -> impl Iterator<Item = (&Subject<'a>, &'a Finding)> + '_ {
        self.subjects
            .iter()
            .flat_map(|s| s.findings.iter().map(move |f| (s, *f)))
    }

    /// Students, in order, with their subjects (grade reports).
    pub fn students(&self) -> Vec<(String, Vec<&Subject<'a>>)> {
        let mut out: Vec<(String, Vec<&Subject<'a>>)> = Vec::new();
        for s in &self.subjects {
            let name = s.student.clone().unwrap_or_default();
            match out.last_mut() {
                Some((n, v)) if *n == name => v.push(s),
                _ => out.push((name, vec![s])),
            }
        }
        out
    }
}
