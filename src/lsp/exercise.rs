//! The exercise of the workspace, for the editor: its status (the status
//! bar item) and the commands "Vérifier l'exercice" and "Indice suivant",
//! which run `kubecours check` and `kubecours hint` in the workspace of the
//! file.

use crate::cluster;
use crate::color::Paint;
use crate::engine::Options;
use crate::exercise::workspace::{Status as Progress, Workspace};
use crate::exercise::{Catalog, Exercise};
use crate::i18n::Lang;
use crate::report::{self, TextOrJson};
use crate::{student, tr};
use serde::Serialize;
use std::path::Path;

/// The answer to `kubecours/status`.
#[derive(Debug, Serialize)]
pub struct Status {
    /// A `kubecours.toml` was found around the file.
    pub workspace: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exercise: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// `todo`, `failed` or `passed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Progress>,
    /// For the status bar: `Exercice 5 : 7/14`.
    pub label: String,
    pub tooltip: String,
}

impl Status {
    pub fn none() -> Status {
        Status {
            workspace: false,
            exercise: None,
            title: None,
            points: None,
            max: None,
            status: None,
            label: String::new(),
            tooltip: String::new(),
        }
    }
}

/// The workspace around a file, the catalogue and the exercise the file
/// belongs to (its folder), else the workspace's current exercise.
fn locate(
    file: &Path,
    exercises: Option<&Path>,
) -> Result<(Workspace, Catalog, u32), crate::error::Error> {
    let dir = if file.is_dir() {
        file
    } else {
        file.parent().unwrap_or(file)
    };
    let ws = Workspace::find(dir).ok_or_else(|| {
        crate::error::Error::other(
            "ce fichier n'est pas dans un espace de travail kubecours (pas de `kubecours.toml` dans son dossier ni au-dessus) : lancez `kubecours init` dans un terminal, puis ouvrez le dossier `kubecours-exercices`",
            "this file is not in a kubecours workspace (no `kubecours.toml` in its folder or above): run `kubecours init` in a terminal, then open the `kubecours-exercices` folder",
        )
    })?;
    let catalog = Catalog::load(exercises)?;
    let state = ws.load_state()?;
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let id = catalog
        .exercises
        .iter()
        .find(|e| dir.starts_with(ws.exercise_dir(e)))
        .map_or(state.current, |e| e.spec.id);
    Ok((ws, catalog, id))
}

fn total(ex: &Exercise) -> u32 {
    ex.max_static() + ex.max_cluster()
}

/// The status of the exercise a file belongs to.
pub fn status(file: &Path, exercises: Option<&Path>, lang: Lang) -> Status {
    let Ok((ws, catalog, id)) = locate(file, exercises) else {
        return Status::none();
    };
    let Some(ex) = catalog.exercises.iter().find(|e| e.spec.id == id) else {
        return Status::none();
    };
    let st = ws.load_state().map(|s| s.get(id)).unwrap_or_default();
    let max = total(ex);
    let (label, state_words) = match st.status {
        Progress::Todo => (
            tr!(lang, "Exercice {id} : –/{max}", "Exercise {id}: –/{max}"),
            lang.pick("pas encore vérifié", "not checked yet"),
        ),
        Progress::Failed => (
            tr!(
                lang,
                "Exercice {id} : {}/{max}",
                "Exercise {id}: {}/{max}",
                st.points
            ),
            lang.pick("pas encore réussi", "not passed yet"),
        ),
        Progress::Passed => (
            tr!(
                lang,
                "Exercice {id} : {}/{max} ✓",
                "Exercise {id}: {}/{max} ✓",
                st.points
            ),
            lang.pick("réussi", "passed"),
        ),
    };
    let tooltip = tr!(
        lang,
        "{} — {state_words}. Cliquez pour vérifier l'exercice (`kubecours check {id}`).",
        "{} — {state_words}. Click to check the exercise (`kubecours check {id}`).",
        ex.spec.title
    );
    Status {
        workspace: true,
        exercise: Some(id),
        title: Some(ex.spec.title.clone()),
        points: Some(st.points),
        max: Some(max),
        status: Some(st.status),
        label,
        tooltip,
    }
}

/// What a command gives back: the report to show, a one-line summary, and
/// the new status.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    pub summary: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl Outcome {
    pub fn failed(message: String) -> Outcome {
        Outcome {
            ok: false,
            passed: None,
            summary: message.lines().next().unwrap_or_default().to_string(),
            text: message,
            status: None,
        }
    }
}

fn no_file(lang: Lang) -> Outcome {
    Outcome::failed(
        lang.pick(
            "ouvrez d'abord un fichier de l'exercice",
            "open a file of the exercise first",
        )
        .into(),
    )
}

/// "Vérifier l'exercice": `kubecours check N` for the exercise of the file
/// (its static checks and, unless `offline`, the cluster as the terminal
/// command reads it), progress recorded in the workspace.
pub fn run_check(
    file: Option<&Path>,
    exercises: Option<&Path>,
    offline: bool,
    lang: Lang,
) -> Outcome {
    let Some(file) = file else {
        return no_file(lang);
    };
    let (ws, catalog, id) = match locate(file, exercises) {
        Ok(x) => x,
        Err(e) => return Outcome::failed(e.message(lang)),
    };
    let mode = if offline {
        cluster::Mode::Offline
    } else {
        cluster::Mode::Live {
            context: None,
            timeout: std::time::Duration::from_secs(20),
        }
    };
    let outcome = match student::check_in(
        Some(ws),
        &catalog,
        &id.to_string(),
        None,
        &mode,
        None,
        &Options::default(),
        lang,
    ) {
        Ok(o) => o,
        Err(e) => return Outcome::failed(e.message(lang)),
    };
    let passed = outcome.evaluation.passed();
    let points = outcome.evaluation.points();
    let max = total(outcome.exercise);
    let subject = outcome.subject(&catalog, false);
    let r = report::Report::new(report::Command::Check, vec![subject]);
    let text = report::write(&report::human::FORMAT, &r, lang, Paint::plain());
    let summary = if passed {
        tr!(
            lang,
            "Exercice {id} réussi : {points}/{max} points",
            "Exercise {id} passed: {points}/{max} points"
        )
    } else {
        tr!(
            lang,
            "Exercice {id} pas encore réussi : {points}/{max} points (le détail est dans la sortie « Kubecours »)",
            "Exercise {id} not passed yet: {points}/{max} points (details in the \"Kubecours\" output)"
        )
    };
    Outcome {
        ok: true,
        passed: Some(passed),
        summary,
        text,
        status: Some(status(file, exercises, lang)),
    }
}

/// "Indice suivant": `kubecours hint N` for the exercise of the file (one
/// more hint each time, kept in the workspace).
pub fn run_hint(file: Option<&Path>, exercises: Option<&Path>, lang: Lang) -> Outcome {
    let Some(file) = file else {
        return no_file(lang);
    };
    let (ws, catalog, id) = match locate(file, exercises) {
        Ok(x) => x,
        Err(e) => return Outcome::failed(e.message(lang)),
    };
    match student::hint_in(
        Some(ws),
        &catalog,
        &id.to_string(),
        TextOrJson::Human,
        lang,
        Paint::plain(),
    ) {
        Ok(text) => Outcome {
            ok: true,
            passed: None,
            summary: hint_summary(&text, lang),
            text,
            status: Some(status(file, exercises, lang)),
        },
        Err(e) => Outcome::failed(e.message(lang)),
    }
}

/// The heading and the hint itself, on one line (the report's first two paragraphs).
fn hint_summary(text: &str, lang: Lang) -> String {
    let mut paragraphs = text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
    let head = paragraphs.next().unwrap_or_default();
    match paragraphs.next() {
        Some(hint) if !hint.is_empty() => format!("{head}{}{hint}", lang.pick(" : ", ": ")),
        _ => head,
    }
}
