//! The student's commands: `check`, `list`, `hint`, `init`, `watch`, and the
//! author's `dev check` report.

use crate::color::Paint;
use crate::diag::course_url;
use crate::engine::Options;
use crate::error::Error;
use crate::exercise::devcheck::Problem;
use crate::exercise::eval::{Evaluation, evaluate};
use crate::exercise::workspace::{self, State, Status, Workspace};
use crate::exercise::{Catalog, Exercise};
use crate::i18n::Lang;
use crate::report::{self, TextOrJson as Format};
use crate::tr;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct CheckOutcome<'a> {
    pub exercise: &'a Exercise,
    /// The static evaluation, with the cluster outcomes merged in when the cluster was read.
    pub evaluation: Evaluation,
    /// What the cluster side found, when it was read.
    pub cluster: Option<crate::cluster::Report>,
    pub dir: PathBuf,
    pub hints_seen: Option<u32>,
    pub seconds: f64,
    /// The language the cluster's source and notes are worded in.
    pub lang: Lang,
    /// Files not found, each with the near miss that is there instead.
    pub missing: Vec<(String, Option<String>)>,
    /// Files read under another name, provided files taken from the course.
    pub remarks: Vec<String>,
}

impl<'a> CheckOutcome<'a> {
    /// The report subject of this check (lint findings, then the cluster's).
    pub fn subject(&'a self, catalog: &'a Catalog, show_all: bool) -> report::Subject<'a> {
        let (ex, lang) = (self.exercise, self.lang);
        let mut findings: Vec<&crate::diag::Finding> =
            self.evaluation.run.findings.iter().collect();
        if let Some(c) = &self.cluster {
            findings.extend(c.findings.iter());
        }
        let later = crate::course::later_advice(ex, &findings);
        let next = catalog
            .exercises
            .iter()
            .find(|e| e.spec.id > ex.spec.id)
            .map(|e| (e.spec.id, e.spec.title.clone()));
        report::Subject {
            student: None,
            exercise: Some(exercise_ref(ex)),
            dir: String::new(),
            files: &self.evaluation.run.files,
            findings,
            outcomes: &self.evaluation.outcomes,
            reason: None,
            rejected: false,
            seconds: self.seconds,
            resources: self.evaluation.run.objects.len(),
            check: Some(report::model::CheckInfo {
                dir: crate::error::display_relative(&self.dir),
                files: ex.evaluated_files().cloned().collect(),
                missing: self.missing.clone(),
                cluster: self
                    .cluster
                    .as_ref()
                    .map(|c| (c.source.render(lang), c.namespace.clone())),
                notes: self.cluster.as_ref().map_or_else(Vec::new, |c| {
                    c.notes.iter().map(|n| n.render(lang)).collect()
                }),
                success: ex.spec.success.clone(),
                hints_seen: self.hints_seen,
                hints_total: ex.spec.hints.len(),
                next,
                later,
                show_all,
            }),
            remarks: self.remarks.clone(),
        }
    }
}

/// How reports name an exercise.
pub fn exercise_ref(ex: &Exercise) -> report::model::ExerciseRef {
    report::model::ExerciseRef {
        id: ex.spec.id,
        slug: ex.spec.slug.clone(),
        title: ex.spec.title.clone(),
        url: course_url(&ex.spec.chapter),
    }
}

fn no_workspace() -> Error {
    Error::other(
        "aucun espace de travail ici (pas de `kubecours.toml` dans ce dossier ni au-dessus) : lancez `kubecours init`, puis `cd kubecours-exercices` ; ou précisez le dossier des fichiers avec `--dir DOSSIER`",
        "no workspace here (no `kubecours.toml` in this folder or above): run `kubecours init`, then `cd kubecours-exercices`; or give the files' folder with `--dir FOLDER`",
    )
}

fn current_workspace() -> Option<Workspace> {
    Workspace::find(&std::env::current_dir().ok()?)
}

/// What `kubecours lint` with no path checks: in an exercise folder, that
/// folder; elsewhere in a workspace, its exercise folders (each one apart,
/// as `check` reads them); outside a workspace, `manifests/`.
pub fn default_lint_paths(exercises: Option<&Path>) -> Vec<PathBuf> {
    let Some(ws) = current_workspace() else {
        return vec![PathBuf::from("manifests")];
    };
    let shown = |p: PathBuf| PathBuf::from(crate::error::display_relative(&p));
    let catalog = Catalog::load(exercises);
    // Inside an exercise folder: that folder.
    if let Ok(catalog) = &catalog
        && let Some(ex) = std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok())
            .and_then(|d| exercise_folder_of(catalog, &ws, &d))
    {
        return vec![shown(ws.exercise_dir(ex))];
    }
    let folders: Vec<PathBuf> = match catalog {
        Ok(catalog) => catalog
            .exercises
            .iter()
            .map(|e| ws.exercise_dir(e))
            .filter(|d| d.is_dir())
            .map(shown)
            .collect(),
        Err(_) => Vec::new(),
    };
    if folders.is_empty() {
        vec![shown(ws.root)]
    } else {
        folders
    }
}

/// The exercise `kubecours check` with no number checks: the exercise
/// folder the command runs in, otherwise the workspace's current exercise
/// (`current` in `kubecours.toml`, the one `watch` works on).
pub fn default_exercise(catalog: &Catalog, dir_given: bool) -> Result<String, Error> {
    let give_a_number = |fr: &str, en: &str| {
        Error::other(
            format!(
                "{fr} : donnez le numéro de l'exercice, par exemple `kubecours check 3` (la liste : `kubecours list`)"
            ),
            format!(
                "{en}: give the exercise's number, for example `kubecours check 3` (the list: `kubecours list`)"
            ),
        )
    };
    if dir_given {
        return Err(give_a_number(
            "avec `--dir`, `kubecours check` ne peut pas deviner l'exercice",
            "with `--dir`, `kubecours check` cannot guess the exercise",
        ));
    }
    let Some(ws) = current_workspace() else {
        return Err(give_a_number(
            "`kubecours check` sans numéro vérifie l'exercice en cours de l'espace de travail, mais il n'y a pas d'espace de travail ici (pas de `kubecours.toml` dans ce dossier ni au-dessus)",
            "`kubecours check` with no number checks the workspace's current exercise, but there is no workspace here (no `kubecours.toml` in this folder or above)",
        ));
    };
    if let Some(ex) = std::env::current_dir()
        .ok()
        .and_then(|d| d.canonicalize().ok())
        .and_then(|d| exercise_folder_of(catalog, &ws, &d))
    {
        return Ok(ex.spec.id.to_string());
    }
    Ok(ws.load_state()?.current.to_string())
}

/// The exercise whose folder of `ws` holds `dir` (or is `dir`).
fn exercise_folder_of<'a>(
    catalog: &'a Catalog,
    ws: &Workspace,
    dir: &Path,
) -> Option<&'a Exercise> {
    let rel = dir.strip_prefix(&ws.root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    catalog.exercises.iter().find(|e| e.dir_name == first)
}

/// `kubecours check N`: evaluates and records the progress in the workspace.
///
/// The cluster side (`cluster`): nothing with `--offline`; an export with
/// `--dump`; otherwise the live cluster, when a kubeconfig or a pod
/// ServiceAccount exists (without any, cluster expectations are "non évaluée").
/// `namespace` is `-n`; without it, the context's or the pod's namespace.
pub fn check<'a>(
    catalog: &'a Catalog,
    key: &str,
    dir: Option<&Path>,
    cluster: &crate::cluster::Mode,
    namespace: Option<&str>,
    opts: &Options,
    lang: Lang,
) -> Result<CheckOutcome<'a>, Error> {
    let ws = if dir.is_none() {
        current_workspace()
    } else {
        None
    };
    check_in(ws, catalog, key, dir, cluster, namespace, opts, lang)
}

/// [`check`] in a given workspace instead of the one around the current
/// folder (the editor's language server); `dir` still wins when given.
#[allow(clippy::too_many_arguments)]
pub fn check_in<'a>(
    ws: Option<Workspace>,
    catalog: &'a Catalog,
    key: &str,
    dir: Option<&Path>,
    cluster: &crate::cluster::Mode,
    namespace: Option<&str>,
    opts: &Options,
    lang: Lang,
) -> Result<CheckOutcome<'a>, Error> {
    let started = std::time::Instant::now();
    let ex = catalog.find(key)?;
    let (dir, ws) = match dir {
        Some(d) => (d.to_path_buf(), None),
        None => {
            let ws = ws.ok_or_else(no_workspace)?;
            (ws.exercise_dir(ex), Some(ws))
        }
    };
    if !dir.is_dir() {
        let shown = crate::error::display_path(&dir);
        return Err(Error::other(
            format!(
                "le dossier `{shown}` n'existe pas : relancez `kubecours init` pour récupérer les fichiers de départ"
            ),
            format!(
                "folder `{shown}` does not exist: run `kubecours init` again to get the starting files"
            ),
        ));
    }
    // Forgiving reading and honest points, the same as `kubecours grade`.
    let mut found = workspace::find_files(
        ex,
        &dir,
        &workspace::ReadLimits::trusted(opts.max_file_size),
        lang,
    );
    if let Some((_, path, e)) = found.io_errors.pop() {
        return Err(Error::io(&path, e));
    }
    let mut remarks: Vec<String> = found
        .renamed
        .iter()
        .map(|(expected, actual)| {
            tr!(
                lang,
                "`{actual}` lu pour `{expected}`",
                "`{actual}` read for `{expected}`"
            )
        })
        .collect();
    let provided = crate::grade::honest::provided_from_course(ex, &mut found);
    for (name, _) in &provided {
        remarks.push(tr!(
            lang,
            "`{name}` (fourni par l'exercice) absent : la version du cours est utilisée",
            "`{name}` (provided by the exercise) absent: the course's copy is used"
        ));
    }
    let mut files = found.files.clone();
    files.extend(provided);
    let extra: Vec<String> = ex
        .spec
        .cluster
        .iter()
        .filter_map(|c| c.namespace.clone())
        .collect();
    let source = crate::cluster::load(cluster, namespace, &extra, lang)?;
    let mut opts = opts.clone();
    if let Some(n) = namespace {
        opts.default_namespace = n.to_string();
    }
    let (mut evaluation, cluster) = match &source {
        crate::cluster::Source::Snapshot(snap) => {
            if namespace.is_none() {
                opts.default_namespace = snap.namespace.clone();
            }
            let mut ev = evaluate(ex, files, &opts, lang, "");
            let mut report =
                crate::cluster::evaluate(ex, &ev.run, snap, &opts.default_namespace, lang);
            ev.merge(std::mem::take(&mut report.outcomes));
            (ev, Some(report))
        }
        crate::cluster::Source::NotEvaluated(reason) => {
            (evaluate(ex, files, &opts, lang, reason), None)
        }
    };
    let checks = crate::grade::honest::FileChecks::of(ex);
    crate::grade::honest::apply(ex, &checks, &mut evaluation, &found, "", lang);
    let mut hints_seen = None;
    if let Some(ws) = ws {
        let mut state = ws.load_state()?;
        hints_seen = Some(state.record(ex.spec.id, &evaluation));
        if evaluation.passed() && state.current == ex.spec.id {
            state.current = next_unpassed(catalog, &state, ex.spec.id);
        }
        ws.save_state(&state)?;
    }
    Ok(CheckOutcome {
        exercise: ex,
        evaluation,
        cluster,
        dir,
        hints_seen,
        seconds: started.elapsed().as_secs_f64(),
        lang,
        missing: found.missing,
        remarks,
    })
}

/// The first exercise after `after` not yet passed (or `after` itself if none).
fn next_unpassed(catalog: &Catalog, state: &State, after: u32) -> u32 {
    catalog
        .exercises
        .iter()
        .map(|e| e.spec.id)
        .find(|&id| id > after && state.get(id).status != Status::Passed)
        .unwrap_or(after)
}

pub fn list(catalog: &Catalog, format: Format, lang: Lang, paint: Paint) -> Result<String, Error> {
    let ws = current_workspace();
    let state = ws.as_ref().map(Workspace::load_state).transpose()?;
    if format == Format::Json {
        let items: Vec<_> = catalog
            .exercises
            .iter()
            .map(|e| {
                let st = state.as_ref().map(|s| s.get(e.spec.id));
                serde_json::json!({
                    "id": e.spec.id, "slug": e.spec.slug, "title": e.spec.title,
                    "chapter": course_url(&e.spec.chapter),
                    "chapter_title": crate::course::chapter_title(&e.spec.chapter),
                    "max": e.max_static() + e.max_cluster(),
                    "status": st.as_ref().map(|s| s.status),
                    "points": st.as_ref().map(|s| s.points),
                    "current": state.as_ref().map(|s| s.current == e.spec.id),
                })
            })
            .collect();
        return Ok(
            serde_json::to_string_pretty(&serde_json::json!({ "exercises": items }))
                .unwrap_or_default()
                + "\n",
        );
    }
    let mut out = String::new();
    let width = catalog
        .exercises
        .iter()
        .map(|e| e.spec.title.chars().count())
        .max()
        .unwrap_or(0);
    let (mut done, mut points, mut max) = (0, 0, 0);
    for e in &catalog.exercises {
        let st = state.as_ref().map(|s| s.get(e.spec.id)).unwrap_or_default();
        let total = e.max_static() + e.max_cluster();
        max += total;
        points += st.points;
        let mark = match st.status {
            Status::Passed => {
                done += 1;
                paint.green("✓")
            }
            Status::Failed => paint.red("✗"),
            Status::Todo => paint.dim("·"),
        };
        let current = if state.as_ref().is_some_and(|s| s.current == e.spec.id) {
            paint.bold("▶")
        } else {
            " ".into()
        };
        let pad = " ".repeat(width - e.spec.title.chars().count());
        let score = if st.status == Status::Todo {
            format!("  –/{total}")
        } else {
            format!("{:>3}/{total}", st.points)
        };
        let chapter = crate::course::chapter_title(&e.spec.chapter)
            .map(|t| {
                let label = tr!(lang, "chapitre {t}", "chapter {t}");
                format!("  {}", paint.dim(&label))
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{current} {mark} {:>2}  {}{pad}  {score}{chapter}",
            e.spec.id, e.spec.title
        );
    }
    out.push('\n');
    match &state {
        Some(s) => {
            let n = catalog.exercises.len();
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "{done}/{n} exercices réussis, {points}/{max} points. Exercice en cours : `kubecours check {}`",
                    "{done}/{n} exercises passed, {points}/{max} points. Current exercise: `kubecours check {}`",
                    s.current
                )
            );
        }
        None => {
            let _ = writeln!(out, "{}", lang.pick("(pas d'espace de travail ici : `kubecours init` pour commencer et suivre votre progression)", "(no workspace here: `kubecours init` to start and keep track of your progress)"));
        }
    }
    Ok(out)
}

pub fn hint(
    catalog: &Catalog,
    key: &str,
    format: Format,
    lang: Lang,
    paint: Paint,
) -> Result<String, Error> {
    hint_in(current_workspace(), catalog, key, format, lang, paint)
}

/// [`hint`] in a given workspace (None: progress not kept) instead of the
/// one around the current folder (the editor's language server).
pub fn hint_in(
    ws: Option<Workspace>,
    catalog: &Catalog,
    key: &str,
    format: Format,
    lang: Lang,
    paint: Paint,
) -> Result<String, Error> {
    let ex = catalog.find(key)?;
    let total = ex.spec.hints.len() as u32;
    let mut out = String::new();
    let shown = match &ws {
        Some(ws) => {
            let mut state = ws.load_state()?;
            let e = state.entry(ex.spec.id);
            let next = (e.hints + 1).min(total);
            e.hints = next;
            ws.save_state(&state)?;
            next
        }
        None => 1,
    };
    if format == Format::Json {
        let doc = serde_json::json!({
            "exercise": ex.spec.id,
            "slug": ex.spec.slug,
            "hint": shown,
            "total": total,
            "text": ex.spec.hints[(shown as usize).saturating_sub(1)],
            "progress_kept": ws.is_some(),
        });
        return Ok(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n");
    }
    let head = tr!(
        lang,
        "Indice {shown}/{total} — exercice {} ({})",
        "Hint {shown}/{total} — exercise {} ({})",
        ex.spec.id,
        ex.spec.title
    );
    let _ = writeln!(out, "{}\n", paint.bold(&head));
    let _ = writeln!(
        out,
        "{}\n",
        ex.spec.hints[(shown as usize).saturating_sub(1)]
    );
    if ws.is_none() {
        let _ = writeln!(out, "{}", lang.pick("(sans espace de travail, la progression des indices n'est pas gardée : `kubecours init`)", "(without a workspace, hint progress is not kept: `kubecours init`)"));
    } else if shown == total {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "C'était le dernier indice. Le cours peut aussi vous aider :",
                "That was the last hint. The course may help too:"
            )
        );
        let _ = writeln!(out, "{}", course_url(&ex.spec.chapter));
    } else {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "Encore bloqué ? `kubecours hint {}` donne l'indice suivant.",
                "Still stuck? `kubecours hint {}` gives the next hint.",
                ex.spec.id
            )
        );
    }
    Ok(out)
}

/// Where `kubecours init [DIR]` writes, and whether a workspace is already
/// there: run inside a workspace (or in a folder under it), or given a
/// folder inside one, it completes that workspace instead of nesting a copy.
fn init_root(dir: Option<&Path>) -> (PathBuf, bool) {
    let asked = dir.map(Path::to_path_buf);
    // The nearest folder that exists: `init a/b` under a workspace is that
    // workspace too.
    let probe = match &asked {
        Some(d) => d
            .ancestors()
            .find(|a| a.as_os_str().is_empty() || a.is_dir())
            .map(|a| {
                if a.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    a
                }
            })
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        None => PathBuf::from("."),
    };
    if let Some(ws) = Workspace::find(&probe) {
        return (ws.root, true);
    }
    let root = asked.unwrap_or_else(|| PathBuf::from("kubecours-exercices"));
    let existing = root.join(workspace::STATE_FILE).is_file();
    (root, existing)
}

/// `kubecours init [DIR]`: creates the workspace, or adds what is missing
/// to an existing one (never replacing a file), and says what it added.
pub fn init(
    catalog: &Catalog,
    dir: Option<&Path>,
    format: Format,
    lang: Lang,
    paint: Paint,
) -> Result<String, Error> {
    let (root, existing) = init_root(dir);
    let report = workspace::init(&root, catalog)?;
    let shown = crate::error::display_relative(&root);
    let in_root = |p: &Path| -> String {
        p.strip_prefix(&root)
            .map(|r| r.display().to_string())
            .unwrap_or_else(|_| crate::error::display_path(p))
    };
    if format == Format::Json {
        let path = |p: &PathBuf| crate::error::display_path(p);
        let list = |v: &[PathBuf]| v.iter().map(path).collect::<Vec<_>>();
        let twins: Vec<serde_json::Value> = report
            .twins
            .iter()
            .map(|(e, f)| serde_json::json!({ "expected": path(e), "found": path(f) }))
            .collect();
        let doc = serde_json::json!({
            "workspace": shown,
            "existing": existing,
            "created": list(&report.created),
            "kept": list(&report.kept),
            "twins": twins,
        });
        return Ok(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n");
    }
    let mut out = String::new();
    let created = report.created.len();
    let kept = report.kept.len() + report.twins.len();
    let inside = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok())
        .zip(root.canonicalize().ok())
        .is_some_and(|(c, r)| c.starts_with(r));
    if existing {
        let head = if created == 0 {
            tr!(
                lang,
                "✓ espace de travail `{shown}` déjà complet : rien à ajouter, aucun fichier remplacé",
                "✓ workspace `{shown}` already complete: nothing to add, no file replaced"
            )
        } else {
            tr!(
                lang,
                "✓ espace de travail `{shown}` complété : {created} fichier(s) ajouté(s), aucun fichier remplacé",
                "✓ workspace `{shown}` completed: {created} file(s) added, no file replaced"
            )
        };
        let _ = writeln!(out, "{}", paint.green(&head));
        if let Some(d) = dir
            && d.canonicalize().ok() != root.canonicalize().ok()
        {
            let asked = crate::error::display_path(d);
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "  (`{asked}` est dans cet espace de travail : il est complété, pas copié)",
                    "  (`{asked}` is inside this workspace: it is completed, not copied)"
                )
            );
        }
        for p in &report.created {
            let _ = writeln!(out, "  + {}", in_root(p));
        }
    } else {
        let _ = writeln!(
            out,
            "{}",
            paint.green(&tr!(
                lang,
                "✓ espace de travail `{shown}` : {created} fichier(s) créé(s)",
                "✓ workspace `{shown}`: {created} file(s) created"
            ))
        );
    }
    for (expected, found) in &report.twins {
        let (e, f) = (in_root(expected), in_root(found));
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "  `{f}` tient lieu de `{e}` : pas de copie de départ à côté",
                "  `{f}` stands for `{e}`: no starting copy beside it"
            )
        );
    }
    if kept > 0 {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                lang,
                "  {kept} fichier(s) existant(s) gardé(s) tel(s) quel(s)",
                "  {kept} existing file(s) kept as they were"
            )
        );
    }
    if !existing {
        let _ = writeln!(out, "\n{}", lang.pick("Pour commencer :", "To start:"));
        let _ = writeln!(out, "  cd {shown}");
        let _ = writeln!(out, "  kubecours list");
        let _ = writeln!(out, "  kubecours check 1");
    } else if !inside {
        let _ = writeln!(out, "\n  cd {shown}");
    }
    Ok(out)
}

/// Re-checks on every save; moves on when the exercise passes.
/// Clears the terminal and puts the cursor at the top left (ANSI).
pub const CLEAR_SCREEN: &str = "\x1b[2J\x1b[H";

/// Whether `watch` redraws one screen: when standard output is a terminal,
/// or when `KUBECOURS_WATCH_CLEAR=1` forces it (`0` turns it off).
fn clears_screen() -> bool {
    use std::io::IsTerminal;
    match std::env::var("KUBECOURS_WATCH_CLEAR").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => std::io::stdout().is_terminal(),
    }
}

pub fn watch(
    catalog: &Catalog,
    start: Option<&str>,
    until_pass: bool,
    lang: Lang,
    paint: Paint,
) -> Result<u8, Error> {
    use notify::{RecursiveMode, Watcher};
    let ws = current_workspace().ok_or_else(no_workspace)?;
    let clear = clears_screen();
    let mut just_passed = false;
    let mut id = match start {
        Some(k) => catalog.find(k)?.spec.id,
        None => ws.load_state()?.current,
    };
    let opts = Options::default();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && (ev.kind.is_modify() || ev.kind.is_create() || ev.kind.is_remove())
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| {
        Error::other(
            format!("surveillance des fichiers impossible : {e}"),
            format!("cannot watch files: {e}"),
        )
    })?;
    loop {
        let key = id.to_string();
        let outcome = check(
            catalog,
            &key,
            Some(&ws.exercise_dir(catalog.find(&key)?)),
            &crate::cluster::Mode::FilesOnly,
            None,
            &opts,
            lang,
        )?;
        // `check` with a directory keeps no state: record it here.
        let passed = outcome.evaluation.passed();
        let mut state = ws.load_state()?;
        let mut outcome = outcome;
        outcome.hints_seen = Some(state.record(id, &outcome.evaluation));
        if clear && !just_passed {
            // One screen per run: clear it and go to its top left corner
            // (but keep a passed exercise's screen above the next one).
            print!("{CLEAR_SCREEN}");
        } else {
            println!("{}", paint.dim(&"─".repeat(60)));
        }
        print!(
            "{}",
            report::human::check(&outcome.subject(catalog, false), lang, paint)
        );
        if passed {
            state.current = next_unpassed(catalog, &state, id);
            ws.save_state(&state)?;
            if until_pass {
                return Ok(0);
            }
            if state.current == id {
                println!(
                    "{}",
                    paint.green(lang.pick(
                        "🎉 Tous les exercices sont réussis !",
                        "🎉 Every exercise is passed!"
                    ))
                );
                return Ok(0);
            }
            id = state.current;
            println!(
                "{}",
                tr!(lang, "→ exercice suivant : {id}", "→ next exercise: {id}")
            );
            just_passed = true;
            continue;
        }
        just_passed = false;
        ws.save_state(&state)?;
        let dir = ws.exercise_dir(outcome.exercise);
        watcher
            .watch(&dir, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Error::other(
                    format!("surveillance de `{}` impossible : {e}", dir.display()),
                    format!("cannot watch `{}`: {e}", dir.display()),
                )
            })?;
        println!(
            "{}",
            paint.dim(lang.pick(
                "En attente d'un enregistrement… (Ctrl-C pour quitter)",
                "Waiting for a save… (Ctrl-C to quit)"
            ))
        );
        if rx.recv().is_err() {
            return Ok(1);
        }
        // Editors write in several steps: let them finish.
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        let _ = watcher.unwatch(&dir);
    }
}

pub fn dev_report(
    catalog: &Catalog,
    problems: &[Problem],
    with_book: bool,
    format: Format,
    lang: Lang,
    paint: Paint,
) -> String {
    if format == Format::Json {
        let items: Vec<_> = problems
            .iter()
            .map(|p| serde_json::json!({ "exercise": p.exercise, "message": p.message }))
            .collect();
        let doc = serde_json::json!({
            "exercises": catalog.exercises.len(),
            "book_checked": with_book,
            "ok": problems.is_empty(),
            "problems": items,
        });
        return serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let mut last = "";
    for p in problems {
        if p.exercise != last {
            let _ = writeln!(out, "{}", paint.bold(&p.exercise));
            last = &p.exercise;
        }
        let _ = writeln!(out, "  {} {}", paint.red("✗"), p.message);
    }
    let n = catalog.exercises.len();
    if !with_book {
        let _ = writeln!(
            out,
            "{}",
            paint.yellow(lang.pick(
                "⚠ livre introuvable (`book/src`) : chapitres non vérifiés (--book DOSSIER)",
                "⚠ book not found (`book/src`): chapters not checked (--book FOLDER)"
            ))
        );
    }
    if problems.is_empty() {
        let _ = writeln!(out, "{}", paint.green(&tr!(lang, "✓ {n} exercices vérifiés : starters qui échouent, solutions qui passent, erreurs types conformes", "✓ {n} exercises checked: starters fail, solutions pass, mistakes as declared")));
    } else {
        let k = problems.len();
        let _ = writeln!(
            out,
            "{}",
            paint.red(&tr!(
                lang,
                "✗ {k} problème(s) dans {n} exercices",
                "✗ {k} problem(s) in {n} exercises"
            ))
        );
    }
    out
}
