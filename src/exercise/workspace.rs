//! The student's workspace: made by `kubecours init`, one folder per
//! exercise (`05-service-clusterip/service.yaml`) and a progress file
//! `kubecours.toml` at its root.
//!
//! `kubecours.toml` (format 1):
//! ```toml
//! format = 1
//! current = 3                    # the exercise `watch` works on
//! [exercises.3]
//! status = "passed"              # "todo" | "failed" | "passed"
//! points = 14                    # last static score
//! max = 14
//! hints = 1                      # hints already shown
//! ```

use super::{Catalog, Exercise, File};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const STATE_FILE: &str = "kubecours.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Todo,
    Failed,
    Passed,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseState {
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub points: u32,
    #[serde(default)]
    pub max: u32,
    #[serde(default)]
    pub hints: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub format: u32,
    #[serde(default = "one")]
    pub current: u32,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseState>,
}

fn one() -> u32 {
    1
}

impl Default for State {
    fn default() -> Self {
        State {
            format: 1,
            current: 1,
            exercises: BTreeMap::new(),
        }
    }
}

impl State {
    pub fn get(&self, id: u32) -> ExerciseState {
        self.exercises
            .get(&id.to_string())
            .cloned()
            .unwrap_or_default()
    }

    pub fn entry(&mut self, id: u32) -> &mut ExerciseState {
        self.exercises.entry(id.to_string()).or_default()
    }

    /// Records the result of a check of exercise `id`; returns the hints
    /// already seen for it.
    pub fn record(&mut self, id: u32, ev: &super::eval::Evaluation) -> u32 {
        let e = self.entry(id);
        e.status = if ev.passed() {
            Status::Passed
        } else {
            Status::Failed
        };
        e.points = ev.points();
        e.max = ev.max_evaluated();
        e.hints
    }
}

/// A workspace found on disk.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// Looks for `kubecours.toml` in `start` and its parents.
    pub fn find(start: &Path) -> Option<Workspace> {
        let start = start.canonicalize().ok()?;
        start
            .ancestors()
            .take(12)
            .find(|d| d.join(STATE_FILE).is_file())
            .map(|d| Workspace {
                root: d.to_path_buf(),
            })
    }

    pub fn exercise_dir(&self, ex: &Exercise) -> PathBuf {
        self.root.join(&ex.dir_name)
    }

    pub fn load_state(&self) -> Result<State, Error> {
        let p = self.root.join(STATE_FILE);
        let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        toml::from_str(&text).map_err(|e| {
            Error::other(
                format!("`{}` est illisible : {e}\nsupprimez-le pour repartir de zéro (vos fichiers YAML ne sont pas touchés)", p.display()),
                format!("`{}` is unreadable: {e}\ndelete it to start over (your YAML files are not touched)", p.display()),
            )
        })
    }

    /// Writes the state atomically (a temporary file, then a rename).
    pub fn save_state(&self, state: &State) -> Result<(), Error> {
        let p = self.root.join(STATE_FILE);
        let tmp = self.root.join(format!(".{STATE_FILE}.tmp"));
        let body = format!(
            "# Votre progression dans les exercices kubecours (format 1).\n# Mis à jour par `kubecours check`, `hint` et `watch`.\n{}",
            toml::to_string(state).unwrap_or_default()
        );
        std::fs::write(&tmp, body).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &p).map_err(|e| Error::io(&p, e))
    }
}

/// Reads the evaluated files of an exercise from a folder (absent files are
/// simply not returned; the evaluation reports them).
pub fn read_files(ex: &Exercise, dir: &Path, max_size: u64) -> Result<Vec<File>, Error> {
    let mut out = Vec::new();
    for name in ex.evaluated_files() {
        let p = dir.join(name);
        match std::fs::metadata(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&p, e)),
            Ok(m) if m.len() > max_size => {
                // Let the loader report it as a finding, without reading it all.
                out.push((name.clone(), vec![b' '; (max_size + 1) as usize]));
                continue;
            }
            Ok(_) => {}
        }
        let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
        out.push((name.clone(), bytes));
    }
    Ok(out)
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

const README: &str = "# Vos exercices Kubernetes\n\n\
Chaque dossier `NN-nom/` contient les fichiers d'un exercice, à compléter.\n\
L'énoncé est dans le cours (chapitre indiqué par `kubecours list`).\n\n\
- `kubecours list` : les exercices, leur état et vos points ;\n\
- `kubecours check 3` : vérifie l'exercice 3 (fichiers, puis cluster s'il est joignable) ;\n\
- `kubecours hint 3` : un indice de plus à chaque appel ;\n\
- `kubecours watch` : revérifie l'exercice en cours à chaque enregistrement.\n\n\
`kubecours.toml` garde votre progression : ne le modifiez pas à la main.\n\
`kubecours init` ne remplace jamais un fichier existant : relancez-le sans crainte\n\
pour récupérer les fichiers d'un nouvel exercice.\n";

/// Creates (or completes) a workspace; never overwrites a file.
pub fn init(root: &Path, catalog: &Catalog) -> Result<InitReport, Error> {
    let mut report = InitReport::default();
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let mut write_new = |path: PathBuf, bytes: &[u8]| -> Result<(), Error> {
        if path.exists() {
            report.kept.push(path);
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // `create_new` so that a file appearing meanwhile is never overwritten.
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        f.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        report.created.push(path);
        Ok(())
    };
    write_new(root.join("README.md"), README.as_bytes())?;
    for ex in &catalog.exercises {
        for (name, bytes) in &ex.starter {
            write_new(root.join(&ex.dir_name).join(name), bytes)?;
        }
    }
    let state_path = root.join(STATE_FILE);
    if !state_path.exists() {
        Workspace {
            root: root.to_path_buf(),
        }
        .save_state(&State::default())?;
        report.created.push(state_path);
    }
    Ok(report)
}
