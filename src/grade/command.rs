//! The `kubecours grade` command: where the class is, where the report
//! goes (checked before grading), the run and its summary line.

use super::*;

/// Where a class is: the folder, or the folder holding a list file.
pub fn class_root(path: &Path) -> PathBuf {
    if path.is_file() && !crate::extract::Kind::is_document_name(&path.to_string_lossy()) {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}

/// The root of the git repository holding `dir`, if any (a `.git` above it).
pub fn git_root(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The path from `root` to the class folder, for the file paths of CI reports.
pub fn root_prefix(class: &Path, root: Option<&Path>) -> Result<String, Error> {
    let explicit = root.is_some();
    let Some(root) = root.map(Path::to_path_buf).or_else(|| git_root(class)) else {
        return Ok(String::new());
    };
    let (Ok(c), Ok(r)) = (class.canonicalize(), root.canonicalize()) else {
        return Err(Error::other(
            format!("`--root {}` : dossier introuvable", root.display()),
            format!("`--root {}`: folder not found", root.display()),
        ));
    };
    match c.strip_prefix(&r) {
        Ok(rel) => Ok(rel.to_string_lossy().replace('\\', "/")),
        Err(_) if explicit => Err(Error::other(
            format!(
                "la classe `{}` n'est pas dans `--root {}` : les chemins des rapports partent de ce dossier",
                class.display(),
                root.display()
            ),
            format!(
                "the class `{}` is not inside `--root {}`: report paths start from that folder",
                class.display(),
                root.display()
            ),
        )),
        Err(_) => Ok(String::new()),
    }
}

/// Checks that the report can be written, before any grading.
fn check_writable(path: &Path) -> Result<(), Error> {
    let existed = path.exists();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Error::write(path, e))?;
    if !existed {
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// `kubecours grade`'s options.
pub struct Run<'a> {
    pub submissions: &'a Path,
    pub exercise: Option<&'a str>,
    pub cluster: ClusterSource,
    pub format: &'a crate::report::Format,
    pub output: Option<&'a Path>,
    /// Where report paths start (`--root`; default: the git repository's root).
    pub root: Option<&'a Path>,
}

/// `kubecours grade`: grades, shows progress (a bar on a terminal, a few
/// plain lines in CI), writes the report. Exit 0 once the report is written.
pub fn run(catalog: &Catalog, args: Run, lang: Lang) -> Result<u8, Error> {
    use std::io::IsTerminal;
    let exercise = args.exercise.map(|k| catalog.find(k)).transpose()?;
    if let Some(out) = args.output {
        check_writable(out)?;
    }
    let submissions = args.submissions;
    if !submissions.exists() {
        return Err(Error::io(
            submissions,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let is_document = submissions.is_file()
        && crate::extract::Kind::is_document_name(&submissions.to_string_lossy());
    let list = (submissions.is_file() && !is_document).then_some(submissions);
    let root = class_root(submissions);
    let (root, students) = if is_document {
        // One hand-in document: one student.
        let parent = submissions
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let entry = submissions
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = entry
            .rsplit_once('.')
            .map_or(entry.clone(), |(s, _)| s.to_string());
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        (
            parent,
            vec![Submission {
                student: layout::student_name(&stem),
                entry,
            }],
        )
    } else {
        let s = layout::submissions(&root, list, catalog, Limits::default())?;
        (root, s)
    };
    if students.is_empty() {
        return Err(Error::other(
            format!(
                "aucun étudiant dans `{}` (attendu : un sous-dossier ou un document rendu par étudiant, ou un fichier liste)",
                submissions.display()
            ),
            format!(
                "no student in `{}` (expected: one sub-folder or hand-in document per student, or a list file)",
                submissions.display()
            ),
        ));
    }
    let prefix = root_prefix(&root, args.root)?;
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
    let recovered_dir = match args.output {
        Some(out) => out
            .parent()
            .map(|p| p.join("kubecours-recupere"))
            .unwrap_or_else(|| PathBuf::from("kubecours-recupere")),
        None => PathBuf::from("kubecours-recupere"),
    };
    let req = Request {
        root: &root,
        students,
        exercise,
        limits: Limits::default(),
        cluster: args.cluster,
        recovered: Some(recovered_dir.clone()),
        lean: args.format.name != "human",
    };
    let book = grade(catalog, &req, &opts, lang, &progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut report = book.report();
    report.root_prefix = prefix;
    let text = crate::report::write(
        args.format,
        &report,
        lang,
        crate::color::Paint::stdout(crate::color::ColorChoice::Auto),
    );
    match args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| Error::write(path, e))?,
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    let all = || book.students.iter().flat_map(|s| &s.exercises);
    let passed = all().filter(|g| g.passed()).count();
    let rejected = all().filter(|g| g.rejected).count();
    let total = all().count();
    if !book.recovered.is_empty() {
        let shown = crate::error::display_path(&recovered_dir);
        let k = book.recovered.len();
        eprintln!(
            "{}",
            tr!(
                lang,
                "{k} fichier(s) retrouvé(s) dans des documents rendus, gardé(s) dans `{shown}`",
                "{k} file(s) recovered from hand-in documents, kept in `{shown}`"
            )
        );
    }
    eprintln!(
        "{}",
        tr!(
            lang,
            "✓ {n} étudiants notés : {passed}/{total} exercices réussis, {rejected} exercice(s) sans fichier ou refusé(s)",
            "✓ {n} students graded: {passed}/{total} exercises passed, {rejected} exercise(s) with no file or rejected"
        )
    );
    Ok(0)
}
