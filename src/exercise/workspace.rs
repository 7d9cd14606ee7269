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
/// simply not returned; the evaluation reports them). Forgiving like
/// [`find_files`]: `service.yml` or `Service.yaml` is read for `service.yaml`.
pub fn read_files(ex: &Exercise, dir: &Path, max_size: u64) -> Result<Vec<File>, Error> {
    let found = find_files(
        ex,
        dir,
        &ReadLimits::trusted(max_size),
        crate::i18n::Lang::Fr,
    );
    if let Some((_, path, e)) = found.io_errors.into_iter().next() {
        return Err(Error::io(&path, e));
    }
    Ok(found.files)
}

/// How files of an exercise folder are read.
#[derive(Clone, Debug)]
pub struct ReadLimits {
    /// Largest file read, in bytes.
    pub max_file: u64,
    /// A larger file is handed to the checker as too large (a finding)
    /// instead of being refused (`check`, where the student's own files are read).
    pub oversize_as_finding: bool,
    /// Symbolic links that lead outside this folder are not followed (untrusted submissions).
    pub confine_to: Option<PathBuf>,
    /// Most entries of the folder looked at to find a near miss.
    pub max_listing: usize,
}

impl ReadLimits {
    /// The student's own workspace (`check`).
    pub fn trusted(max_file: u64) -> ReadLimits {
        ReadLimits {
            max_file,
            oversize_as_finding: true,
            confine_to: None,
            max_listing: 5000,
        }
    }
}

/// What was found of an exercise's files in a folder.
#[derive(Debug, Default)]
pub struct Found {
    /// Files read, under the exercise's names (`service.yaml` even when read from `Service.yml`).
    pub files: Vec<File>,
    /// Files read under another name: (expected, actual).
    pub renamed: Vec<(String, String)>,
    /// Expected files not found, each with the near miss found instead, if any.
    pub missing: Vec<(String, Option<String>)>,
    /// Files that were there but not read: (expected name, why).
    pub refused: Vec<(String, String)>,
    /// Files that could not be read (I/O errors): (expected name, path, error).
    pub io_errors: Vec<(String, PathBuf, std::io::Error)>,
}

impl Found {
    /// Why a file of the exercise gave nothing, if it did not.
    pub fn problem(&self, name: &str) -> Option<String> {
        if let Some((_, why)) = self.refused.iter().find(|(n, _)| n == name) {
            return Some(why.clone());
        }
        self.missing
            .iter()
            .find(|(n, _)| n == name)
            .map(|_| String::new())
    }
}

/// The names a student may have given `expected`: the `.yml`/`.yaml` twin,
/// any case.
fn same_file(expected: &str, actual: &str) -> bool {
    let stem = |n: &str| {
        let l = n.to_lowercase();
        l.strip_suffix(".yaml")
            .or_else(|| l.strip_suffix(".yml"))
            .map(str::to_string)
    };
    matches!((stem(expected), stem(actual)), (Some(a), Some(b)) if a == b)
}

/// A near miss: another name the student probably meant (`services.yaml`,
/// `service (1).yaml`, `service.yaml.txt`, `svc-service.yaml`).
fn near_miss(expected: &str, actual: &str) -> bool {
    let lower = actual.to_lowercase();
    let stem = expected
        .rsplit_once('.')
        .map_or(expected, |(s, _)| s)
        .to_lowercase();
    let actual_stem = lower.split('.').next().unwrap_or(&lower).to_string();
    lower.starts_with(&format!("{}.", stem))
        || (lower.ends_with(".yaml") || lower.ends_with(".yml"))
            && (actual_stem.contains(&stem)
                || crate::suggest::closest(&stem, [actual_stem.as_str()]).is_some())
}

/// Reads the files of an exercise from `dir`, forgivingly: the exact name,
/// else its `.yml`/`.yaml` twin or the same name in another case; a file
/// not found is reported with the near miss that is there instead. Nothing
/// is executed; links leaving `confine_to` are not followed; files over the
/// size limit are refused (or, for `check`, left to the checker to report).
/// Files the exercise provides, absent from the folder, are not read from
/// elsewhere: the caller decides (see `grade`).
pub fn find_files(
    ex: &Exercise,
    dir: &Path,
    limits: &ReadLimits,
    lang: crate::i18n::Lang,
) -> Found {
    use crate::tr;
    let mut found = Found::default();
    let mut listing: Option<Vec<String>> = None;
    let list = |listing: &mut Option<Vec<String>>| -> Vec<String> {
        listing
            .get_or_insert_with(|| {
                std::fs::read_dir(dir)
                    .map(|d| {
                        d.flatten()
                            .take(limits.max_listing)
                            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
                            .map(|e| e.file_name().to_string_lossy().to_string())
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .clone()
    };
    let names: Vec<String> = ex.evaluated_files().cloned().collect();
    for name in &names {
        let exact = dir.join(name);
        let actual = if std::fs::symlink_metadata(&exact).is_ok() {
            Some(name.clone())
        } else {
            let mut twins: Vec<String> = list(&mut listing)
                .into_iter()
                .filter(|a| same_file(name, a))
                .collect();
            twins.sort();
            twins.into_iter().next()
        };
        let Some(actual) = actual else {
            let near = list(&mut listing)
                .into_iter()
                .find(|a| near_miss(name, a) && !names.iter().any(|n| n == a || same_file(n, a)));
            found.missing.push((name.clone(), near));
            continue;
        };
        let path = dir.join(&actual);
        match read_one(&path, &actual, limits, lang) {
            Ok(bytes) => {
                if actual != *name {
                    found.renamed.push((name.clone(), actual.clone()));
                }
                found.files.push((name.clone(), bytes));
            }
            Err(Refusal::Why(why)) => found.refused.push((name.clone(), why)),
            Err(Refusal::Io(e)) => {
                found.refused.push((
                    name.clone(),
                    tr!(
                        lang,
                        "`{actual}` illisible : {e}",
                        "`{actual}` unreadable: {e}"
                    ),
                ));
                found.io_errors.push((name.clone(), path, e));
            }
        }
    }
    found
}

enum Refusal {
    Why(String),
    Io(std::io::Error),
}

fn read_one(
    path: &Path,
    shown: &str,
    limits: &ReadLimits,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, Refusal> {
    use crate::tr;
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).map_err(Refusal::Io)?;
    let meta = if meta.file_type().is_symlink() {
        if let Some(root) = &limits.confine_to {
            let inside = std::fs::canonicalize(path)
                .ok()
                .zip(std::fs::canonicalize(root).ok())
                .is_some_and(|(t, r)| t.starts_with(r));
            if !inside {
                return Err(Refusal::Why(tr!(
                    lang,
                    "`{shown}` est un lien symbolique vers l'extérieur de la soumission : ignoré",
                    "`{shown}` is a symbolic link leading outside the submission: ignored"
                )));
            }
        }
        std::fs::metadata(path).map_err(Refusal::Io)?
    } else {
        meta
    };
    if !meta.is_file() {
        return Err(Refusal::Why(tr!(
            lang,
            "`{shown}` n'est pas un fichier ordinaire : ignoré",
            "`{shown}` is not a regular file: ignored"
        )));
    }
    if meta.len() > limits.max_file {
        if limits.oversize_as_finding {
            // Let the loader report it as a finding, without reading it all.
            return Ok(vec![b' '; (limits.max_file + 1) as usize]);
        }
        let (size, max) = (meta.len(), limits.max_file);
        return Err(Refusal::Why(tr!(
            lang,
            "`{shown}` fait {size} octets (limite {max}) : ignoré",
            "`{shown}` is {size} bytes (limit {max}): ignored"
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_file + 1).read_to_end(&mut bytes))
        .map_err(Refusal::Io)?;
    Ok(bytes)
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
    /// Starting files not written because the student's copy is there under
    /// a near name (`pod.yml` for `pod.yaml`): (expected, found).
    pub twins: Vec<(PathBuf, PathBuf)>,
}

const README: &str = "# Vos exercices Kubernetes\n\n\
Chaque dossier `NN-nom/` contient les fichiers d'un exercice, à compléter.\n\
L'énoncé est dans le cours (chapitre indiqué par `kubecours list`).\n\n\
- `kubecours list` : les exercices, leur chapitre, leur état et vos points ;\n\
- `kubecours check 3` : vérifie l'exercice 3 (fichiers, puis cluster s'il est joignable) ;\n\
  `kubecours check` seul vérifie l'exercice du dossier où vous êtes, sinon l'exercice en cours ;\n\
- `kubecours lint` : vérifie les manifestes du dossier d'exercice où vous êtes (ou de tous) ;\n\
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
    let mut twins = Vec::new();
    for ex in &catalog.exercises {
        let dir = root.join(&ex.dir_name);
        let listing: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default();
        for (name, bytes) in &ex.starter {
            let path = dir.join(name);
            // The student's `pod.yml` is their `pod.yaml`: no second copy.
            if !path.exists()
                && let Some(twin) = listing.iter().find(|a| *a != name && same_file(name, a))
            {
                twins.push((path, dir.join(twin)));
                continue;
            }
            write_new(path, bytes)?;
        }
    }
    report.twins = twins;
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
