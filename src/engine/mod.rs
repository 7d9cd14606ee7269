//! One run of the engine: read every input, apply the input rules, parse,
//! collect objects, then the schema pass and per-object rules on every
//! object, and the cross-object rules on each input set.
//!
//! Everything runs on one work-stealing pool (rayon): files, objects and
//! (input set × rule) pairs are independent work items, with no nested
//! spawning. Findings are data; nothing is worded until a report is written.

use crate::diag::{Finding, Severity};
use crate::error::Error;
use crate::manifest::{self, DocProblem, Object};
use crate::rules::{self, Check, Ctx, ObjCx};
use crate::source::{self, SourceFile};
use crate::yaml::{self, Limits};
use rayon::prelude::*;
use std::path::PathBuf;

pub mod kustomize;

#[derive(Clone, Debug)]
pub struct Options {
    /// Namespace of objects that set none (`--namespace`).
    pub default_namespace: String,
    pub max_file_size: u64,
    pub limits: Limits,
    /// Lint directories as one input set each, like `kubectl apply -R -f DIR`.
    pub recursive: bool,
    /// Lint what `kubectl kustomize DIR` produces for each kustomization found
    /// (when kubectl is on the PATH).
    pub kustomize: bool,
    /// The rules to run: every rule of the registry ([`rules::ALL`]) unless a
    /// caller chooses (a rule defined elsewhere runs like the others).
    pub rules: &'static [&'static rules::Rule],
}

impl Default for Options {
    fn default() -> Self {
        Options {
            default_namespace: "default".into(),
            max_file_size: source::DEFAULT_MAX_FILE_SIZE,
            limits: Limits::default(),
            recursive: false,
            kustomize: false,
            rules: rules::ALL,
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

/// Lints files and directories (`-` is standard input). Each file is read,
/// parsed and checked object by object in one task of the pool (its tree is
/// still in the cache when the per-object rules run); the cross-object rules
/// follow, once every file is in.
pub fn lint_paths(inputs: &[PathBuf], opts: &Options) -> Result<Run, Error> {
    let inputs = source::collect_inputs(inputs, opts.recursive)?;
    let per_object = PerObject::new(opts);
    let done = inputs
        .par_iter()
        .with_min_len(4)
        .enumerate()
        .map(|(n, i)| {
            let file = source::read(&i.path, opts.max_file_size)?.in_group(i.group);
            let loaded = per_object.load(n, &file);
            Ok((file, loaded))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let (files, loaded) = done.into_iter().unzip();
    let mut run = finish(files, loaded, opts);
    if opts.kustomize {
        kustomize::lint_kustomizations(&mut run, opts);
    }
    Ok(run)
}

/// What reading one file produced.
pub struct Loaded {
    pub objects: Vec<Object>,
    pub findings: Vec<Finding>,
    pub problems: Vec<DocProblem>,
}

/// Reads the objects of one file, applying the input rules.
pub fn load(file: usize, src: &SourceFile, limits: Limits) -> Loaded {
    load_with(file, src, limits, rules::ALL)
}

/// [`load`] with a chosen set of rules.
pub fn load_with(
    file: usize,
    src: &SourceFile,
    limits: Limits,
    rules: &[&'static rules::Rule],
) -> Loaded {
    let mut findings = Vec::new();
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for rule in rules {
        if let Check::Source(check) = rule.check
            && check(file, src, &mut findings)
        {
            return Loaded {
                objects,
                findings,
                problems,
            };
        }
    }
    let json_text;
    let text = if src.is_json() && src.text.contains('\t') {
        json_text = json_tabs_to_spaces(&src.text);
        &json_text
    } else {
        &src.text
    };
    let stream = yaml::parse_stream(text, limits);
    for issue in &stream.issues {
        for rule in rules {
            if let Check::Yaml(check) = rule.check {
                check(file, src, issue, &mut findings);
            }
        }
    }
    for doc in stream.documents {
        if !doc.root.is_null() {
            manifest::collect(file, &src.name, doc.root, &mut objects, &mut problems);
        }
    }
    for p in &problems {
        for rule in rules {
            if let Check::Document(check) = rule.check {
                check(file, p, &mut findings);
            }
        }
    }
    Loaded {
        objects,
        findings,
        problems,
    }
}

/// In JSON, a tab between tokens is white space; YAML's reader takes tabs
/// for indentation. Each tab outside a string becomes one space, so every
/// position stays the same.
fn json_tabs_to_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_str, mut escaped) = (false, false);
    for c in text.chars() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            out.push(c);
        } else {
            if c == '"' {
                in_str = true;
            }
            out.push(if c == '\t' { ' ' } else { c });
        }
    }
    out
}

/// Lints sources already in memory (each keeps its input set in `group`).
pub fn lint_sources(files: Vec<SourceFile>, opts: &Options) -> Run {
    // A few files (one exercise of one student, graded inside the class's
    // parallel loop) stay on the calling thread.
    let per_object = PerObject::new(opts);
    let loaded: Vec<Loaded> = files
        .par_iter()
        .with_min_len(8)
        .enumerate()
        .map(|(i, f)| per_object.load(i, f))
        .collect();
    finish(files, loaded, opts)
}

/// The per-object checks of a run: the schema pass and every rule that
/// looks at one object at a time.
struct PerObject<'o> {
    opts: &'o Options,
    cx: ObjCx<'o>,
    checks: Vec<rules::ObjectCheck>,
}

impl<'o> PerObject<'o> {
    fn new(opts: &'o Options) -> Self {
        PerObject {
            opts,
            cx: ObjCx {
                default_namespace: &opts.default_namespace,
            },
            checks: object_checks(opts),
        }
    }

    /// Reads the objects of one file and checks each of them.
    fn load(&self, file: usize, src: &SourceFile) -> Loaded {
        let mut l = load_with(file, src, self.opts.limits, self.opts.rules);
        for o in &l.objects {
            check_one(&self.cx, o, &self.checks, &mut l.findings);
        }
        l
    }
}

fn object_checks(opts: &Options) -> Vec<rules::ObjectCheck> {
    opts.rules
        .iter()
        .filter_map(|r| match r.check {
            Check::Object(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn check_one(cx: &ObjCx, o: &Object, checks: &[rules::ObjectCheck], out: &mut Vec<Finding>) {
    rules::schema_pass::check(cx, o, out);
    for c in checks {
        c(cx, o, out);
    }
}

/// Everything after the per-file work: the objects in file order, the
/// cross-object rules, the empty input sets, the findings sorted.
fn finish(files: Vec<SourceFile>, loaded: Vec<Loaded>, opts: &Options) -> Run {
    let mut findings = Vec::new();
    let mut objects = Vec::new();
    for l in loaded {
        objects.extend(l.objects);
        findings.extend(l.findings);
    }
    findings.extend(check_sets(&objects, &files, opts));
    empty_sets(&files, &objects, &mut findings);
    Finding::sort(&mut findings);
    Run {
        files,
        objects,
        findings,
    }
}

/// Input sets with no object and no error at all: `kubectl apply` would
/// refuse them ("no objects passed to apply").
fn empty_sets(files: &[SourceFile], objects: &[Object], findings: &mut Vec<Finding>) {
    use std::collections::HashSet;
    let with_objects: HashSet<usize> = objects
        .iter()
        .filter_map(|o| files.get(o.file).map(|f| f.group))
        .collect();
    let with_findings: HashSet<usize> = findings.iter().filter_map(|f| f.file).collect();
    let mut groups: std::collections::BTreeMap<usize, Vec<(usize, &SourceFile)>> =
        Default::default();
    for (i, f) in files.iter().enumerate() {
        groups.entry(f.group).or_default().push((i, f));
    }
    for (g, members) in groups {
        if with_objects.contains(&g) || members.iter().any(|(i, _)| with_findings.contains(i)) {
            continue;
        }
        rules::no_objects::report(&members, findings);
    }
}

/// The cross-object rules, on each input set.
pub fn check_sets(objects: &[Object], files: &[SourceFile], opts: &Options) -> Vec<Finding> {
    let set_checks: Vec<_> = opts
        .rules
        .iter()
        .filter_map(|r| match r.check {
            Check::Set(f) => Some(f),
            _ => None,
        })
        .collect();
    let group_of = |o: &Object| files.get(o.file).map_or(0, |f| f.group);
    let mut groups: Vec<(usize, Vec<&Object>)> = Vec::new();
    {
        let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for o in objects {
            let g = group_of(o);
            let i = *index.entry(g).or_insert_with(|| {
                groups.push((g, Vec::new()));
                groups.len() - 1
            });
            groups[i].1.push(o);
        }
    }
    let ctxs: Vec<Ctx> = groups
        .par_iter()
        .map(|(_, objs)| Ctx::new(objs, &opts.default_namespace))
        .collect();
    let n = set_checks.len();
    (0..ctxs.len() * n)
        .into_par_iter()
        .with_min_len(8)
        .flat_map_iter(|i| {
            let mut v = Vec::new();
            set_checks[i % n](&ctxs[i / n], &mut v);
            v
        })
        .collect()
}
