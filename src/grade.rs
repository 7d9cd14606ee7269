//! `kubecours grade`: a whole class, in parallel, from untrusted submissions.
//!
//! A submission is a folder per student (or a list file naming them). For
//! each exercise, the student's files are read from `<student>/NN-slug/`, or
//! from `<student>/` itself when it holds them directly. Nothing is ever
//! executed; symbolic links leading outside the submission are not followed;
//! file size, file count and depth are bounded; a broken or hostile
//! submission gets 0 points with a reason and never stops the class.

use crate::engine::Options;
use crate::error::Error;
use crate::exercise::eval::{Evaluation, evaluate};
use crate::exercise::{Catalog, Exercise, File};
use crate::i18n::Lang;
use crate::tr;
use std::path::{Path, PathBuf};

/// Bounds applied to every submission.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file: u64,
    /// Most entries looked at in one submission before it is rejected.
    pub max_entries: usize,
    /// Deepest folder looked at.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file: 1024 * 1024,
            max_entries: 5000,
            max_depth: 8,
        }
    }
}

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
    pub max: u32,
    /// Why the submission got 0 without evaluation, or a warning about it.
    pub reason: Option<String>,
    /// None when the submission was rejected before evaluation.
    pub evaluation: Option<Evaluation>,
    /// What the cluster side found, when it was read.
    pub cluster: Option<crate::cluster::Report>,
    /// Folder the files were read from, relative to the class root.
    pub dir: String,
    pub seconds: f64,
}

impl ExerciseGrade {
    pub fn passed(&self) -> bool {
        self.evaluation.as_ref().is_some_and(Evaluation::passed)
    }

    /// `passed`, `failed` or `rejected`.
    pub fn status(&self) -> &'static str {
        match &self.evaluation {
            None => "rejected",
            Some(e) if e.passed() => "passed",
            Some(_) => "failed",
        }
    }

    /// The first failing expectation (text), or the rejection reason.
    pub fn first_failure(&self) -> String {
        match &self.evaluation {
            None => self.reason.clone().unwrap_or_default(),
            Some(e) => e
                .outcomes
                .iter()
                .find(|o| o.passed == Some(false))
                .map(|o| match &o.detail {
                    Some(d) => format!("{} ({d})", o.text),
                    None => o.text.clone(),
                })
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug)]
pub struct StudentGrade {
    pub student: String,
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
}

/// Students: the sub-folders of `root` (hidden ones skipped), or the names in
/// a list file (one per line, `#` comments), relative to `root`.
pub fn students(root: &Path, list: Option<&Path>) -> Result<Vec<String>, Error> {
    let mut names: Vec<String> = match list {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| Error::io(file, e))?
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        None => std::fs::read_dir(root)
            .map_err(|e| Error::io(root, e))?
            .filter_map(Result::ok)
            // Links are listed too, so that they get a grade and a reason.
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink()))
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| !n.starts_with('.'))
            .collect(),
    };
    names.sort();
    names.dedup();
    Ok(names)
}

/// Counts the entries of a submission, bounded; Err(reason) when it is too big or too deep.
fn survey(dir: &Path, limits: Limits, lang: Lang) -> Result<(), String> {
    let mut seen = 0usize;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            seen += 1;
            if seen > limits.max_entries {
                let n = limits.max_entries;
                return Err(tr!(
                    lang,
                    "soumission refusée : plus de {n} fichiers et dossiers",
                    "submission rejected: more than {n} files and folders"
                ));
            }
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                if depth + 1 > limits.max_depth {
                    let n = limits.max_depth;
                    return Err(tr!(
                        lang,
                        "soumission refusée : plus de {n} niveaux de dossiers",
                        "submission rejected: more than {n} folder levels"
                    ));
                }
                stack.push((e.path(), depth + 1));
            }
        }
    }
    Ok(())
}

/// Reads one expected file safely. Ok(None): absent. Err: a reason to note.
fn read_safely(
    path: &Path,
    root: &Path,
    limits: Limits,
    lang: Lang,
) -> Result<Option<Vec<u8>>, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let meta = match std::fs::symlink_metadata(path) {
        Err(_) => return Ok(None),
        Ok(m) => m,
    };
    let meta = if meta.file_type().is_symlink() {
        let inside = std::fs::canonicalize(path)
            .ok()
            .zip(std::fs::canonicalize(root).ok())
            .is_some_and(|(t, r)| t.starts_with(r));
        if !inside {
            return Err(tr!(
                lang,
                "`{name}` est un lien symbolique vers l'extérieur de la soumission : ignoré",
                "`{name}` is a symbolic link leading outside the submission: ignored"
            ));
        }
        std::fs::metadata(path).map_err(|e| e.to_string())?
    } else {
        meta
    };
    if !meta.is_file() {
        return Err(tr!(
            lang,
            "`{name}` n'est pas un fichier ordinaire : ignoré",
            "`{name}` is not a regular file: ignored"
        ));
    }
    if meta.len() > limits.max_file {
        let (size, max) = (meta.len(), limits.max_file);
        return Err(tr!(
            lang,
            "`{name}` fait {size} octets (limite {max}) : ignoré",
            "`{name}` is {size} bytes (limit {max}): ignored"
        ));
    }
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_file + 1).read_to_end(&mut bytes))
        .map_err(|e| tr!(lang, "`{name}` illisible : {e}", "`{name}` unreadable: {e}"))?;
    Ok(Some(bytes))
}

/// Grades one student on one exercise.
pub fn grade_one(
    ex: &Exercise,
    student_dir: &Path,
    limits: Limits,
    opts: &Options,
    lang: Lang,
    cluster: &StudentCluster,
) -> ExerciseGrade {
    let started = std::time::Instant::now();
    let max = ex.max_static() + ex.max_cluster();
    let mut grade = ExerciseGrade {
        exercise: ex.spec.id,
        slug: ex.spec.slug.clone(),
        title: ex.spec.title.clone(),
        points: 0,
        max,
        reason: None,
        evaluation: None,
        cluster: None,
        dir: String::new(),
        seconds: 0.0,
    };
    let nested = student_dir.join(&ex.dir_name);
    let dir = if nested.is_dir()
        && !std::fs::symlink_metadata(&nested).is_ok_and(|m| m.file_type().is_symlink())
    {
        nested
    } else {
        student_dir.to_path_buf()
    };
    grade.dir = dir
        .strip_prefix(student_dir.parent().unwrap_or(student_dir))
        .unwrap_or(&dir)
        .display()
        .to_string();
    let mut files: Vec<File> = Vec::new();
    let mut notes = Vec::new();
    for name in ex.evaluated_files() {
        match read_safely(&dir.join(name), student_dir, limits, lang) {
            Ok(Some(bytes)) => files.push((name.clone(), bytes)),
            Ok(None) => {}
            Err(reason) => notes.push(reason),
        }
    }
    if files.is_empty() {
        let mut reason = tr!(
            lang,
            "aucun fichier de l'exercice trouvé dans `{}`",
            "no file of the exercise found in `{}`",
            grade.dir
        );
        if !notes.is_empty() {
            reason = format!("{reason} ; {}", notes.join(" ; "));
        }
        grade.reason = Some(reason);
        return grade;
    }
    let ev = match cluster {
        Ok(snap) => {
            let mut opts = opts.clone();
            opts.default_namespace = snap.namespace.clone();
            let mut ev = evaluate(ex, files, &opts, lang, "");
            let mut report =
                crate::cluster::evaluate(ex, &ev.run, snap, &opts.default_namespace, lang);
            ev.merge(std::mem::take(&mut report.outcomes));
            grade.cluster = Some(report);
            ev
        }
        Err(reason) => evaluate(ex, files, opts, lang, reason),
    };
    grade.points = ev.points();
    if !notes.is_empty() {
        grade.reason = Some(notes.join(" ; "));
    }
    grade.evaluation = Some(ev);
    grade.seconds = started.elapsed().as_secs_f64();
    grade
}

/// What to grade.
pub struct Request<'a> {
    pub root: &'a Path,
    pub students: Vec<String>,
    /// None: every exercise.
    pub exercise: Option<&'a Exercise>,
    pub limits: Limits,
    pub cluster: ClusterSource,
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
    let done = std::sync::atomic::AtomicUsize::new(0);
    let students = req
        .students
        .par_iter()
        .map(|name| {
            let dir = req.root.join(name);
            let safe_name = !name.contains("..") && !Path::new(name).is_absolute();
            let rejected = if !safe_name {
                Some(tr!(lang, "nom d'étudiant invalide", "invalid student name"))
            } else if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
                Some(tr!(
                    lang,
                    "le dossier de l'étudiant est un lien symbolique : ignoré",
                    "the student's folder is a symbolic link: ignored"
                ))
            } else if !dir.is_dir() {
                Some(tr!(lang, "dossier introuvable", "folder not found"))
            } else {
                survey(&dir, req.limits, lang).err()
            };
            let cluster = if rejected.is_some() {
                Err(String::new())
            } else {
                let extra: Vec<String> = exercises
                    .iter()
                    .flat_map(|e| e.spec.cluster.iter().filter_map(|c| c.namespace.clone()))
                    .collect();
                student_cluster(&req.cluster, name, &extra, lang)
            };
            let grades = exercises
                .iter()
                .map(|ex| match &rejected {
                    Some(reason) => ExerciseGrade {
                        exercise: ex.spec.id,
                        slug: ex.spec.slug.clone(),
                        title: ex.spec.title.clone(),
                        points: 0,
                        max: ex.max_static() + ex.max_cluster(),
                        reason: Some(reason.clone()),
                        evaluation: None,
                        cluster: None,
                        dir: name.clone(),
                        seconds: 0.0,
                    },
                    None => grade_one(ex, &dir, req.limits, opts, lang, &cluster),
                })
                .collect();
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            StudentGrade {
                student: name.clone(),
                exercises: grades,
            }
        })
        .collect();
    Gradebook { students }
}

/// Where a class is: the folder, or the folder holding a list file.
pub fn class_root(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}

/// `kubecours grade`: grades, shows progress (a bar on a terminal, a few
/// plain lines in CI), writes the report. Exit 0 once the report is written.
pub fn run(
    catalog: &Catalog,
    submissions: &Path,
    exercise: Option<&str>,
    cluster: ClusterSource,
    format: &crate::report::Format,
    output: Option<&Path>,
    lang: Lang,
) -> Result<u8, Error> {
    use std::io::IsTerminal;
    let exercise = exercise.map(|k| catalog.find(k)).transpose()?;
    let list = submissions.is_file().then_some(submissions);
    let root = class_root(submissions);
    let students = students(&root, list)?;
    if students.is_empty() {
        return Err(Error::other(
            format!(
                "aucun étudiant dans `{}` (attendu : un sous-dossier par étudiant, ou un fichier liste)",
                submissions.display()
            ),
            format!(
                "no student in `{}` (expected: one sub-folder per student, or a list file)",
                submissions.display()
            ),
        ));
    }
    let opts = Options::default();
    let n = students.len();
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let bar = interactive.then(|| {
        let b = indicatif::ProgressBar::new(n as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} étudiants ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let step = (n / 10).max(1);
    let progress = |done: usize| match &bar {
        Some(b) => b.set_position(done as u64),
        None => {
            if done.is_multiple_of(step) || done == n {
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "notation : {done}/{n} étudiants",
                        "grading: {done}/{n} students"
                    )
                );
            }
        }
    };
    let req = Request {
        root: &root,
        students,
        exercise,
        limits: Limits::default(),
        cluster,
    };
    let book = grade(catalog, &req, &opts, lang, &progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let report = crate::report::write(
        format,
        &book.report(),
        lang,
        crate::color::Paint::stdout(crate::color::ColorChoice::Auto),
    );
    match output {
        Some(path) => std::fs::write(path, report).map_err(|e| Error::write(path, e))?,
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(report.as_bytes());
        }
    }
    let passed = book
        .students
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|g| g.passed())
        .count();
    let rejected = book
        .students
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|g| g.evaluation.is_none())
        .count();
    let total = book
        .students
        .iter()
        .map(|s| s.exercises.len())
        .sum::<usize>();
    eprintln!(
        "{}",
        tr!(
            lang,
            "✓ {n} étudiants notés : {passed}/{total} exercices réussis, {rejected} soumission(s) refusée(s) ou absente(s)",
            "✓ {n} students graded: {passed}/{total} exercises passed, {rejected} submission(s) rejected or missing"
        )
    );
    Ok(0)
}

impl Gradebook {
    /// The gradebook as a report: one subject per student and exercise.
    pub fn report(&self) -> crate::report::Report<'_> {
        let mut subjects = Vec::new();
        for st in &self.students {
            for g in &st.exercises {
                let mut findings: Vec<&crate::diag::Finding> = Vec::new();
                let (files, outcomes, resources): (
                    &[crate::source::SourceFile],
                    &[crate::report::model::Outcome],
                    usize,
                ) = match &g.evaluation {
                    Some(ev) => {
                        findings.extend(ev.run.findings.iter());
                        (&ev.run.files, &ev.outcomes, ev.run.objects.len())
                    }
                    None => (&[], &[], 0),
                };
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
                    rejected: g.evaluation.is_none(),
                    seconds: g.seconds,
                    resources,
                    check: None,
                    remarks: Vec::new(),
                });
            }
        }
        crate::report::Report::new(crate::report::Command::Grade, subjects)
    }
}
