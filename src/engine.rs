//! One run of the engine: load every input, validate, run the rules.

use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Lang;
use crate::manifest::{self, LoadOptions, Object};
use crate::rules::{self, Ctx};
use crate::schema;
use crate::source::{self, SourceFile};
use crate::yaml::Limits;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Namespace of objects that set none (`--namespace`).
    pub default_namespace: String,
    pub max_file_size: u64,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Fr,
            default_namespace: "default".into(),
            max_file_size: source::DEFAULT_MAX_FILE_SIZE,
            limits: Limits::default(),
        }
    }
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Run {
    pub files: Vec<SourceFile>,
    pub objects: Vec<Object>,
    /// Sorted by file, line, column.
    pub findings: Vec<Finding>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
    pub resources: usize,
}

impl Run {
    pub fn summary(&self) -> Summary {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files: self.files.len(),
            resources: self.objects.len(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Lints files and directories (`-` is standard input).
pub fn lint_paths(inputs: &[PathBuf], opts: &Options) -> Result<Run, Error> {
    let paths = source::collect_paths(inputs)?;
    let files = crate::par::map(&paths, 64, |_, p| source::read(p, opts.max_file_size))
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lint_sources(files, opts))
}

/// Lints sources already in memory.
pub fn lint_sources(files: Vec<SourceFile>, opts: &Options) -> Run {
    let load_opts = LoadOptions {
        limits: opts.limits,
        lang: opts.lang,
    };
    let loaded = crate::par::map(&files, 32, |i, f| {
        let mut findings = Vec::new();
        let objects = manifest::load(i, f, load_opts, &mut findings);
        (objects, findings)
    });
    let mut findings = Vec::new();
    let mut objects = Vec::new();
    for (o, f) in loaded {
        objects.extend(o);
        findings.extend(f);
    }
    check_objects(&objects, opts, &mut findings);
    sort(&mut findings);
    Run {
        files,
        objects,
        findings,
    }
}

/// Schema and rules over objects already loaded (from files or a cluster).
pub fn check_objects(objects: &[Object], opts: &Options, findings: &mut Vec<Finding>) {
    let ctx = Ctx::new(objects, &opts.default_namespace, opts.lang);
    // Work items: chunks of objects for the schema pass, then each rule.
    const CHUNK: usize = 256;
    let chunks = objects.len().div_ceil(CHUNK);
    let checks: Vec<_> = rules::ALL.iter().filter_map(|r| r.check).collect();
    let items: Vec<usize> = (0..chunks + checks.len()).collect();
    let results = crate::par::map(&items, 4, |_, &item| {
        let mut out = Vec::new();
        if item < chunks {
            for o in &objects[item * CHUNK..((item + 1) * CHUNK).min(objects.len())] {
                schema::validate(&ctx, o, &mut out);
            }
        } else {
            checks[item - chunks](&ctx, &mut out);
        }
        out
    });
    findings.extend(results.into_iter().flatten());
}

pub fn sort(findings: &mut [Finding]) {
    findings
        .sort_by(|a, b| (a.file, a.pos, a.severity, a.id).cmp(&(b.file, b.pos, b.severity, b.id)));
}
