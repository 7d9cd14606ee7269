//! `kubecours grade`: a whole class, in parallel, from untrusted submissions.
//!
//! A class is a folder with one entry per student ([`layout`]): a folder
//! laid out like the workspace of `kubecours init` (forgivingly: `.yml`,
//! other cases, the `kubecours-exercices/` wrapper, an unzipped archive's
//! folder), or a hand-in document, which is extracted and re-indented
//! ([`crate::extract`]); the recovered files are kept next to the report.
//! Points are honest ([`honest`]): an exercise scores only from its own
//! files. Nothing is ever executed; symbolic links leading outside the
//! submission are not followed; sizes, listings and depth are bounded; a
//! broken or hostile submission gets 0 with a reason and never stops the class.

mod command;
pub mod honest;
pub mod layout;

pub use command::{Run, class_root, git_root, root_prefix, run};
pub use layout::{Limits, Submission};

use crate::engine::Options;
use crate::error::Error;
use crate::exercise::eval::{Evaluation, Outcome, evaluate};
use crate::exercise::workspace::{Found, ReadLimits, find_files};
use crate::exercise::{Catalog, Exercise};
use crate::i18n::Lang;
use crate::tr;
use std::path::{Path, PathBuf};

/// Where each student's cluster state comes from.
#[derive(Clone, Debug, Default)]
pub enum ClusterSource {
    /// Cluster expectations are not evaluated.
    #[default]
    None,
    /// `--dump-pattern 'etats/{etudiant}.yaml'`: one export per student.
    DumpPattern(String),
    /// `--namespace-pattern 'user-{etudiant}'`: the live namespace of each student.
    NamespacePattern {
        pattern: String,
        context: Option<String>,
        timeout: std::time::Duration,
    },
}

/// The cluster state of one student: a snapshot, or why there is none.
pub type StudentCluster = Result<Box<crate::cluster::Snapshot>, String>;

fn student_cluster(
    source: &ClusterSource,
    name: &str,
    extra: &[String],
    lang: Lang,
) -> StudentCluster {
    use crate::cluster::{Mode, Source, load};
    let (mode, ns) = match source {
        ClusterSource::None => {
            return Err(lang
                .pick(
                    "non évaluée : pas d'état du cluster pour cet étudiant",
                    "not evaluated: no cluster state for this student",
                )
                .into());
        }
        ClusterSource::DumpPattern(p) => {
            let path = PathBuf::from(p.replace("{etudiant}", name).replace("{student}", name));
            if !path.is_file() {
                let shown = path.display();
                return Err(tr!(
                    lang,
                    "non évaluée : export `{shown}` introuvable",
                    "not evaluated: export `{shown}` not found"
                ));
            }
            (Mode::Dump(path), None)
        }
        ClusterSource::NamespacePattern {
            pattern,
            context,
            timeout,
        } => {
            let ns = pattern
                .replace("{etudiant}", name)
                .replace("{student}", name);
            (
                Mode::Live {
                    context: context.clone(),
                    timeout: *timeout,
                },
                Some(ns),
            )
        }
    };
    match load(&mode, ns.as_deref(), extra, lang) {
        Ok(Source::Snapshot(snap)) => Ok(snap),
        Ok(Source::NotEvaluated(reason)) => Err(reason),
        Err(e) => Err(tr!(
            lang,
            "non évaluée : {}",
            "not evaluated: {}",
            e.message(lang)
        )),
    }
}

/// The grade of one student on one exercise.
#[derive(Debug)]
pub struct ExerciseGrade {
    pub exercise: u32,
    pub slug: String,
    pub title: String,
    pub points: u32,
    /// The maximum of what was evaluated: static points, and cluster points
    /// when the cluster was read (the same as `check`).
    pub max: u32,
    /// Every point of the exercise, evaluated or not.
    pub max_total: u32,
    /// Why the exercise earned nothing, or a remark about its files.
    pub reason: Option<String>,
    /// Nothing of the exercise could be graded (no file of its own, a refused submission).
    pub rejected: bool,
    /// The evaluation: every expectation has an outcome, even when rejected.
    pub evaluation: Evaluation,
    /// What the cluster side found, when it was read.
    pub cluster: Option<crate::cluster::Report>,
    /// Folder the files were read from, relative to the class root.
    pub dir: String,
    /// Files renamed, recovered from a document, re-indented, provided by the course.
    pub remarks: Vec<String>,
    /// Number of Kubernetes objects read.
    pub resources: usize,
    pub seconds: f64,
}

impl ExerciseGrade {
    pub fn passed(&self) -> bool {
        !self.rejected && self.evaluation.passed()
    }

    /// `passed`, `failed` or `rejected`.
    pub fn status(&self) -> &'static str {
        if self.rejected {
            "rejected"
        } else if self.evaluation.passed() {
            "passed"
        } else {
            "failed"
        }
    }

    /// The first failing expectation (text), or the rejection reason.
    pub fn first_failure(&self) -> String {
        if self.rejected {
            return self.reason.clone().unwrap_or_default();
        }
        self.evaluation
            .outcomes
            .iter()
            .find(|o| o.passed == Some(false))
            .map(|o| match &o.detail {
                Some(d) => format!("{} ({d})", o.text),
                None => o.text.clone(),
            })
            .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct StudentGrade {
    pub student: String,
    /// The student's entry in the class folder (a folder or a document).
    pub entry: String,
    pub exercises: Vec<ExerciseGrade>,
}

impl StudentGrade {
    pub fn points(&self) -> u32 {
        self.exercises.iter().map(|e| e.points).sum()
    }
    pub fn max(&self) -> u32 {
        self.exercises.iter().map(|e| e.max).sum()
    }
}

/// The class: every student, in name order.
#[derive(Debug, Default)]
pub struct Gradebook {
    pub students: Vec<StudentGrade>,
    /// Files recovered from hand-in documents, written for the instructor.
    pub recovered: Vec<PathBuf>,
}

/// The students of a class folder (or list file): their names as the report shows them.
pub fn students(root: &Path, list: Option<&Path>) -> Result<Vec<String>, Error> {
    let catalog = Catalog::embedded()?;
    Ok(
        layout::submissions(root, list, &catalog, Limits::default())?
            .into_iter()
            .map(|s| s.student)
            .collect(),
    )
}

/// Outcomes that all fail with one reason (cluster ones not evaluated).
fn failing(ex: &Exercise, why: &str, cluster: &str) -> Evaluation {
    let mut outcomes: Vec<Outcome> = ex
        .spec
        .expect
        .iter()
        .map(|e| Outcome {
            id: e.id.clone(),
            text: e.text.clone(),
            points: 0,
            max: e.points,
            passed: Some(false),
            detail: Some(why.to_string()),
            cluster: false,
        })
        .collect();
    outcomes.extend(ex.spec.cluster.iter().map(|c| Outcome {
        id: c.id.clone(),
        text: c.text.clone(),
        points: 0,
        max: c.points,
        passed: None,
        detail: Some(cluster.to_string()),
        cluster: true,
    }));
    Evaluation {
        outcomes,
        run: crate::engine::Run::default(),
        missing: ex.evaluated_files().cloned().collect(),
    }
}

fn new_grade(
    ex: &Exercise,
    dir: String,
    ev: Evaluation,
    reason: Option<String>,
    rejected: bool,
) -> ExerciseGrade {
    ExerciseGrade {
        exercise: ex.spec.id,
        slug: ex.spec.slug.clone(),
        title: ex.spec.title.clone(),
        points: ev.points(),
        max: ev.max_evaluated(),
        max_total: ev.max_total(),
        reason,
        rejected,
        resources: ev.run.objects.len(),
        evaluation: ev,
        cluster: None,
        dir,
        remarks: Vec::new(),
        seconds: 0.0,
    }
}

/// A refused submission: every exercise fails with the reason.
pub fn refused(ex: &Exercise, dir: &str, reason: &str, lang: Lang) -> ExerciseGrade {
    let cluster = lang.pick(
        "non évaluée : la soumission n'a pas pu être lue",
        "not evaluated: the submission could not be read",
    );
    new_grade(
        ex,
        dir.to_string(),
        failing(ex, reason, cluster),
        Some(reason.to_string()),
        true,
    )
}

/// A file recovered from a hand-in document, for one exercise.
pub struct RecoveredFile<'a> {
    pub extraction: &'a crate::extract::Extraction,
    pub file: &'a crate::extract::Recovered,
    /// Where it was written for the instructor, if it was.
    pub kept: Option<PathBuf>,
}

/// Everything the grading of one student shares between exercises.
pub struct StudentCtx<'a> {
    pub root: &'a Path,
    /// The submission's own folder: links leaving it are not followed.
    pub confine: &'a Path,
    pub layout: &'a layout::Layout,
    pub recovered: &'a [RecoveredFile<'a>],
    /// The only exercise graded (`--exercise`): files laid flat belong to it.
    pub single: bool,
    pub catalog: &'a Catalog,
    pub limits: Limits,
    /// Drop the files' text after grading (reports that show no source line).
    pub lean: bool,
}

fn same_name(expected: &str, actual: &str) -> bool {
    let stem = |n: &str| {
        let l = n.to_lowercase();
        l.strip_suffix(".yaml")
            .or_else(|| l.strip_suffix(".yml"))
            .map(str::to_string)
    };
    stem(expected).is_some() && stem(expected) == stem(actual)
}

/// Files laid flat in the submission: they belong to exercise `ex` only when
/// it is the one graded, or when no other exercise has them.
fn flat(
    ex: &Exercise,
    cx: &StudentCtx,
    base: &Path,
    read: &ReadLimits,
    remarks: &mut Vec<String>,
    lang: Lang,
) -> Found {
    let mut found = find_files(ex, base, read, lang);
    if !cx.single {
        let mut kept = Vec::new();
        for (name, bytes) in std::mem::take(&mut found.files) {
            let owners = layout::exercises_of_file(cx.catalog, &name);
            if ex.spec.provided.contains(&name) || owners.len() > 1 {
                let list: Vec<String> = owners.iter().map(|e| e.spec.id.to_string()).collect();
                if ex.spec.files.contains(&name) {
                    remarks.push(tr!(
                        lang,
                        "`{name}` est à la racine de la soumission, mais plusieurs exercices ont ce fichier ({}) : il ne compte pour aucun ; rangez-le dans `{}/`",
                        "`{name}` is at the root of the submission, but several exercises have this file ({}): it counts for none; put it in `{}/`",
                        list.join(", "),
                        ex.dir_name
                    ));
                }
                found.missing.push((name, None));
            } else {
                kept.push((name, bytes));
            }
        }
        found.files = kept;
        found
            .renamed
            .retain(|(n, _)| found.files.iter().any(|(f, _)| f == n));
    }
    found
}

/// Grades one student on one exercise.
pub fn grade_one(
    ex: &Exercise,
    checks: &honest::FileChecks,
    cx: &StudentCtx,
    opts: &Options,
    lang: Lang,
    cluster: &StudentCluster,
) -> ExerciseGrade {
    let started = std::time::Instant::now();
    let lay = cx.layout;
    let base = cx.root.join(&lay.base);
    let shown = |p: &Path| p.display().to_string();
    let read = ReadLimits {
        max_file: cx.limits.max_file,
        oversize_as_finding: false,
        confine_to: Some(cx.confine.to_path_buf()),
        max_listing: cx.limits.max_entries,
    };
    let mut remarks = Vec::new();
    let mut from_documents: Vec<(usize, &RecoveredFile)> = Vec::new();
    let (dir, mut found) = if let Some(actual) = lay.folder(ex) {
        if actual != ex.dir_name {
            remarks.push(tr!(
                lang,
                "dossier `{actual}/` lu pour `{}/`",
                "folder `{actual}/` read for `{}/`",
                ex.dir_name
            ));
        }
        let rel = lay.base.join(actual);
        (shown(&rel), find_files(ex, &base.join(actual), &read, lang))
    } else if let Some(found) = Some(flat(ex, cx, &base, &read, &mut remarks, lang)).filter(|f| {
        // Manifests laid flat come before the documents beside them.
        cx.recovered.is_empty() || f.files.iter().any(|(n, _)| ex.spec.files.contains(n))
    }) {
        (shown(&lay.base), found)
    } else {
        // Files recovered from hand-in documents.
        let mut found = Found::default();
        for name in ex.evaluated_files() {
            let hit = cx.recovered.iter().enumerate().find(|(_, r)| {
                same_name(name, &r.file.name)
                    && match r.file.exercise {
                        Some(n) => n == ex.spec.id,
                        None => cx.single || layout::exercises_of_file(cx.catalog, name).len() == 1,
                    }
            });
            match hit {
                Some((i, r)) => {
                    let text = crate::extract::file_text(r.extraction, r.file, lang);
                    found.files.push((name.clone(), text.into_bytes()));
                    from_documents.push((i, r));
                }
                None => found.missing.push((name.clone(), None)),
            }
        }
        (shown(&lay.base), found)
    };
    // Files the exercise provides are the course's: absent, the course's copy is used.
    let absent_provided = honest::provided_from_course(ex, &mut found);
    let own: Vec<&String> = found
        .files
        .iter()
        .map(|(n, _)| n)
        .filter(|n| ex.spec.files.contains(n))
        .collect();
    if own.is_empty() {
        let mut why = match lay.near_folder(ex) {
            Some(near) if lay.folder(ex).is_none() => tr!(
                lang,
                "dossier `{}/` introuvable (attendu : `{}/`) ; il y a `{near}/` : renommez-le (`mv {near} {}`)",
                "folder `{}/` not found (expected: `{}/`); there is `{near}/`: rename it (`mv {near} {}`)",
                ex.dir_name,
                shown(&lay.base.join(&ex.dir_name)),
                ex.dir_name
            ),
            _ => tr!(
                lang,
                "aucun fichier de l'exercice trouvé dans `{dir}` (attendu : {})",
                "no file of the exercise found in `{dir}` (expected: {})",
                ex.spec
                    .files
                    .iter()
                    .map(|f| format!("`{}`", shown(&Path::new(&dir).join(f))))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        for (name, near) in &found.missing {
            if let Some(n) = near {
                why += &tr!(
                    lang,
                    " ; `{name}` : il y a `{n}`, renommez-le (`mv {n} {name}`)",
                    " ; `{name}`: there is `{n}`, rename it (`mv {n} {name}`)"
                );
            }
        }
        for (_, refused) in &found.refused {
            why += &format!(" ; {refused}");
        }
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
        let cluster = lang.pick(
            "non évaluée : aucun fichier de l'exercice",
            "not evaluated: no file of the exercise",
        );
        let mut g = new_grade(ex, dir, failing(ex, &why, cluster), Some(why.clone()), true);
        g.remarks = remarks;
        g.seconds = started.elapsed().as_secs_f64();
        return g;
    }
    for (expected, actual) in &found.renamed {
        remarks.push(tr!(
            lang,
            "`{actual}` lu pour `{expected}`",
            "`{actual}` read for `{expected}`"
        ));
    }
    for (name, _) in &absent_provided {
        remarks.push(tr!(
            lang,
            "`{name}` (fourni par l'exercice) absent : la version du cours est utilisée",
            "`{name}` (provided by the exercise) absent: the course's copy is used"
        ));
    }
    let mut files = found.files.clone();
    files.extend(absent_provided);
    let (mut ev, report) = match cluster {
        Ok(snap) => {
            let mut opts = opts.clone();
            opts.default_namespace = snap.namespace.clone();
            let mut ev = evaluate(ex, files, &opts, lang, "");
            let mut report =
                crate::cluster::evaluate(ex, &ev.run, snap, &opts.default_namespace, lang);
            ev.merge(std::mem::take(&mut report.outcomes));
            (ev, Some(report))
        }
        Err(reason) => (evaluate(ex, files, opts, lang, reason), None),
    };
    let nothing = honest::apply(ex, checks, &mut ev, &found, &dir, lang);
    // Recovered files: where they come from, and the re-indentation's infos.
    for (_, r) in &from_documents {
        let name = &r.file.name;
        let mut line = tr!(
            lang,
            "`{name}` {}",
            "`{name}` {}",
            crate::extract::origin_text(r.extraction, r.file, lang)
        );
        if r.file.rebuilt.is_some() {
            line += lang.pick(
                " ; indentation reconstruite d'après le schéma de Kubernetes",
                "; indentation rebuilt from the Kubernetes schema",
            );
        }
        if let Some(k) = &r.kept {
            line += &tr!(
                lang,
                " ; gardé dans `{}`",
                "; kept in `{}`",
                crate::error::display_path(k)
            );
        }
        remarks.push(line);
        if let Some(rebuilt) = &r.file.rebuilt
            && let Some(index) = ev
                .run
                .files
                .iter()
                .position(|f| f.name == *name || same_name(&f.name, name))
        {
            let offset = crate::extract::header_lines(r.file);
            for mut f in rebuilt.findings(index) {
                f.pos.line += offset;
                ev.run.findings.push(f);
            }
        }
    }
    if !from_documents.is_empty() {
        crate::diag::Finding::sort(&mut ev.run.findings);
    }
    let resources = ev.run.objects.len();
    // The trees are not needed by any report: free them now (a class is big).
    ev.run.objects = Vec::new();
    if cx.lean {
        for f in &mut ev.run.files {
            *f = crate::source::SourceFile::from_text(std::mem::take(&mut f.name), "");
        }
    }
    let reason = match (nothing, found.refused.is_empty()) {
        (Some(why), _) => Some(why),
        (None, false) => Some(
            found
                .refused
                .iter()
                .map(|(_, w)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ; "),
        ),
        (None, true) => None,
    };
    let mut g = new_grade(ex, dir, ev, reason, false);
    g.resources = resources;
    g.cluster = report;
    g.remarks = remarks;
    g.seconds = started.elapsed().as_secs_f64();
    g
}

/// What to grade.
pub struct Request<'a> {
    pub root: &'a Path,
    pub students: Vec<Submission>,
    /// None: every exercise.
    pub exercise: Option<&'a Exercise>,
    pub limits: Limits,
    pub cluster: ClusterSource,
    /// Where files recovered from hand-in documents are written (None: not written).
    pub recovered: Option<PathBuf>,
    /// Reports that show no source line: the files' text is dropped after grading.
    pub lean: bool,
}

impl<'a> Request<'a> {
    /// A request for every student of `root` (tests, benchmarks).
    pub fn new(root: &'a Path, catalog: &Catalog) -> Result<Request<'a>, Error> {
        Ok(Request {
            root,
            students: layout::submissions(root, None, catalog, Limits::default())?,
            exercise: None,
            limits: Limits::default(),
            cluster: ClusterSource::None,
            recovered: None,
            lean: false,
        })
    }
}

/// A safe folder name for a student's recovered files.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | ',') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// Reads the hand-in documents of a submission (a document, or documents in its folder).
fn read_documents(
    root: &Path,
    docs: &[PathBuf],
    confine: &Path,
    lang: Lang,
) -> (Vec<crate::extract::Extraction>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for rel in docs {
        let p = root.join(rel);
        let shown = rel.display().to_string();
        let limits = ReadLimits {
            max_file: crate::extract::MAX_DOCUMENT,
            oversize_as_finding: false,
            confine_to: Some(confine.to_path_buf()),
            max_listing: 0,
        };
        let meta = std::fs::symlink_metadata(&p);
        let inside = meta.as_ref().is_ok_and(|m| !m.file_type().is_symlink())
            || std::fs::canonicalize(&p)
                .ok()
                .zip(std::fs::canonicalize(confine).ok())
                .is_some_and(|(t, r)| t.starts_with(r));
        if !inside {
            notes.push(tr!(
                lang,
                "`{shown}` est un lien symbolique vers l'extérieur de la soumission : ignoré",
                "`{shown}` is a symbolic link leading outside the submission: ignored"
            ));
            continue;
        }
        let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file {
            notes.push(tr!(
                lang,
                "`{shown}` fait {size} octets (limite {}) : ignoré",
                "`{shown}` is {size} bytes (limit {}): ignored",
                limits.max_file
            ));
            continue;
        }
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match std::fs::read(&p) {
            Ok(bytes) => match crate::extract::extract(&name, &bytes) {
                Ok(mut ex) => {
                    ex.source = shown.clone();
                    if ex.files.is_empty() {
                        notes.push(tr!(
                            lang,
                            "`{shown}` : aucun manifeste trouvé dans ce document",
                            "`{shown}`: no manifest found in this document"
                        ));
                    }
                    out.push(ex);
                }
                Err(problem) => notes.push(format!("`{shown}` : {}", problem.message(lang))),
            },
            Err(e) => notes.push(tr!(
                lang,
                "`{shown}` illisible : {e}",
                "`{shown}` unreadable: {e}"
            )),
        }
    }
    (out, notes)
}

/// Grades the class on every core; `progress` is called after each student.
pub fn grade(
    catalog: &Catalog,
    req: &Request,
    opts: &Options,
    lang: Lang,
    progress: &(dyn Fn(usize) + Sync),
) -> Gradebook {
    use rayon::prelude::*;
    let exercises: Vec<&Exercise> = match req.exercise {
        Some(e) => vec![e],
        None => catalog.exercises.iter().collect(),
    };
    let checks: Vec<honest::FileChecks> = exercises
        .par_iter()
        .map(|e| honest::FileChecks::of(e))
        .collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let graded: Vec<(StudentGrade, Vec<PathBuf>)> = req
        .students
        .par_iter()
        .map(|sub| {
            let dir = layout::entry_path(req.root, &sub.entry);
            let safe_name = !sub.entry.contains("..") && !Path::new(&sub.entry).is_absolute();
            let rejected = if !safe_name {
                Some(tr!(lang, "nom d'étudiant invalide", "invalid student name"))
            } else if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
                Some(tr!(
                    lang,
                    "le dossier de l'étudiant est un lien symbolique : ignoré",
                    "the student's folder is a symbolic link: ignored"
                ))
            } else if !dir.exists() {
                Some(tr!(lang, "dossier introuvable", "folder not found"))
            } else {
                None
            };
            if let Some(reason) = rejected {
                progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
                let grades = exercises
                    .iter()
                    .map(|ex| refused(ex, &sub.entry, &reason, lang))
                    .collect();
                return (
                    StudentGrade {
                        student: sub.student.clone(),
                        entry: sub.entry.clone(),
                        exercises: grades,
                    },
                    Vec::new(),
                );
            }
            let lay = layout::layout(req.root, &sub.entry, catalog, req.limits, lang);
            let confine = if dir.is_file() {
                dir.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                dir.clone()
            };
            let (extractions, mut notes) = if lay.folders.is_empty() && !lay.documents.is_empty() {
                read_documents(req.root, &lay.documents, &confine, lang)
            } else {
                (Vec::new(), Vec::new())
            };
            notes.extend(lay.notes.iter().cloned());
            // The recovered files, kept for the instructor.
            let mut kept_paths = Vec::new();
            let mut recovered: Vec<RecoveredFile> = Vec::new();
            for ext in &extractions {
                for f in &ext.files {
                    let kept = req.recovered.as_ref().and_then(|dir| {
                        // Under the folder of its exercise when it has only one.
                        let mut placed = f.clone();
                        if placed.exercise.is_none() {
                            let owners = layout::exercises_of_file(catalog, &f.name);
                            placed.exercise = match (&owners[..], req.exercise) {
                                (_, Some(single)) => Some(single.spec.id),
                                ([one], None) => Some(one.spec.id),
                                _ => None,
                            };
                        }
                        let p = dir
                            .join(safe(&sub.student))
                            .join(crate::extract::relative_path(&placed, Some(catalog)));
                        let written = p
                            .parent()
                            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
                            && std::fs::write(&p, crate::extract::file_text(ext, f, lang)).is_ok();
                        written.then_some(p)
                    });
                    kept_paths.extend(kept.clone());
                    recovered.push(RecoveredFile {
                        extraction: ext,
                        file: f,
                        kept,
                    });
                }
            }
            let cx = StudentCtx {
                root: req.root,
                confine: &confine,
                layout: &lay,
                recovered: &recovered,
                single: req.exercise.is_some(),
                catalog,
                limits: req.limits,
                lean: req.lean,
            };
            let cluster = {
                let extra: Vec<String> = exercises
                    .iter()
                    .flat_map(|e| e.spec.cluster.iter().filter_map(|c| c.namespace.clone()))
                    .collect();
                student_cluster(&req.cluster, &sub.student, &extra, lang)
            };
            let grades = exercises
                .iter()
                .zip(&checks)
                .map(|(ex, checks)| {
                    let mut g = grade_one(ex, checks, &cx, opts, lang, &cluster);
                    g.remarks.extend(notes.iter().cloned());
                    g
                })
                .collect();
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            (
                StudentGrade {
                    student: sub.student.clone(),
                    entry: sub.entry.clone(),
                    exercises: grades,
                },
                kept_paths,
            )
        })
        .collect();
    let mut book = Gradebook::default();
    for (s, kept) in graded {
        book.students.push(s);
        book.recovered.extend(kept);
    }
    book
}

impl Gradebook {
    /// The gradebook as a report: one subject per student and exercise.
    pub fn report(&self) -> crate::report::Report<'_> {
        let mut subjects = Vec::new();
        for st in &self.students {
            for g in &st.exercises {
                let ev = &g.evaluation;
                let mut findings: Vec<&crate::diag::Finding> = ev.run.findings.iter().collect();
                let (files, outcomes, resources) =
                    (&ev.run.files[..], &ev.outcomes[..], g.resources);
                if let Some(c) = &g.cluster {
                    findings.extend(c.findings.iter());
                }
                subjects.push(crate::report::Subject {
                    student: Some(st.student.clone()),
                    exercise: Some(crate::report::model::ExerciseRef {
                        id: g.exercise,
                        slug: g.slug.clone(),
                        title: g.title.clone(),
                        url: String::new(),
                    }),
                    dir: g.dir.clone(),
                    files,
                    findings,
                    outcomes,
                    reason: g.reason.clone(),
                    rejected: g.rejected,
                    seconds: g.seconds,
                    resources,
                    check: None,
                    remarks: g.remarks.clone(),
                });
            }
        }
        crate::report::Report::new(crate::report::Command::Grade, subjects)
    }
}
