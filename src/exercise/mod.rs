//! Exercises as data: one folder each under `exercises/` (format in
//! `exercises/FORMAT.md`), embedded in the binary, or read from a directory
//! (`--exercises DIR`, `KUBECOURS_EXERCISES`) by authors.

pub mod checks;
pub mod devcheck;
pub mod eval;
pub mod model;
pub mod workspace;

use crate::error::Error;
use model::{ExerciseSpec, MistakeSpec};
use std::collections::BTreeMap;
use std::path::Path;

static EMBEDDED: include_dir::Dir = include_dir::include_dir!("$CARGO_MANIFEST_DIR/exercises");

/// Files of a tree, by relative path (`05-service/solution/service.yaml`).
pub type Tree = BTreeMap<String, Vec<u8>>;

/// A named file of an exercise (`service.yaml`) and its bytes.
pub type File = (String, Vec<u8>);

#[derive(Debug, Clone)]
pub struct Mistake {
    pub case: String,
    pub spec: MistakeSpec,
    pub files: Vec<File>,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub spec: ExerciseSpec,
    /// `05-service-clusterip`.
    pub dir_name: String,
    pub enonce: String,
    pub starter: Vec<File>,
    pub solution: Vec<File>,
    pub mistakes: Vec<Mistake>,
}

impl Exercise {
    /// Every file the evaluation reads: `files` then `provided`.
    pub fn evaluated_files(&self) -> impl Iterator<Item = &String> {
        self.spec.files.iter().chain(&self.spec.provided)
    }

    pub fn max_static(&self) -> u32 {
        self.spec.expect.iter().map(|e| e.points).sum()
    }

    pub fn max_cluster(&self) -> u32 {
        self.spec.cluster.iter().map(|e| e.points).sum()
    }

    /// The files of a mistake case: the solution's, replaced by the case's.
    pub fn mistake_files(&self, m: &Mistake) -> Vec<File> {
        self.solution
            .iter()
            .map(
                |(name, bytes)| match m.files.iter().find(|(n, _)| n == name) {
                    Some(f) => f.clone(),
                    None => (name.clone(), bytes.clone()),
                },
            )
            .collect()
    }
}

/// All exercises, in order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub exercises: Vec<Exercise>,
}

const MAX_TREE_FILES: usize = 2000;
const MAX_TREE_BYTES: u64 = 16 * 1024 * 1024;

fn tree_from_dir(root: &Path) -> Result<Tree, Error> {
    let mut tree = Tree::new();
    let mut total = 0u64;
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        for e in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let e = e.map_err(|e| Error::io(&dir, e))?;
            let p = e.path();
            let ft = e.file_type().map_err(|e| Error::io(&p, e))?;
            if ft.is_dir() && depth < 4 {
                stack.push((p, depth + 1));
            } else if ft.is_file() {
                let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
                total += bytes.len() as u64;
                if tree.len() >= MAX_TREE_FILES || total > MAX_TREE_BYTES {
                    return Err(Error::other(
                        format!(
                            "le dossier d'exercices `{}` est trop gros (plus de {MAX_TREE_FILES} fichiers ou 16 Mio)",
                            root.display()
                        ),
                        format!(
                            "the exercises folder `{}` is too big (over {MAX_TREE_FILES} files or 16 MiB)",
                            root.display()
                        ),
                    ));
                }
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                tree.insert(rel, bytes);
            }
        }
    }
    Ok(tree)
}

fn tree_from_embedded() -> Tree {
    fn walk(d: &include_dir::Dir, out: &mut Tree) {
        for f in d.files() {
            out.insert(
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            );
        }
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    let mut t = Tree::new();
    walk(&EMBEDDED, &mut t);
    t
}

fn format_error(dir: &str, file: &str, fr: String, en: String) -> Error {
    Error::other(
        format!("exercice `{dir}`, {file} : {fr}"),
        format!("exercise `{dir}`, {file}: {en}"),
    )
}

/// A TOML error of an exercise file; a refused `[[cluster]]` keeps its
/// sentence in both languages, with its line.
fn toml_error(dir: &str, file: &str, text: &str, e: &toml::de::Error) -> Error {
    match checks::split_problem(e.message()) {
        Some((fr, en)) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            let (at_fr, at_en) = line.map_or((String::new(), String::new()), |l| {
                (format!("ligne {l} : "), format!("line {l}: "))
            });
            format_error(dir, file, format!("{at_fr}{fr}"), format!("{at_en}{en}"))
        }
        None => {
            let msg = e.to_string();
            format_error(dir, file, msg.clone(), msg)
        }
    }
}

/// The cluster side gets an exercise's cluster expectations through this:
/// their outcomes on a snapshot, and what they are about.
impl crate::cluster::Expectations for Exercise {
    fn outcomes(
        &self,
        run: &crate::engine::Run,
        snap: &crate::cluster::Snapshot,
        default_ns: &str,
        lang: crate::i18n::Lang,
    ) -> Vec<crate::report::model::Outcome> {
        checks::outcomes(&self.spec.cluster, run, snap, default_ns, lang)
    }

    fn subjects(&self) -> Vec<crate::cluster::Subject> {
        self.spec
            .cluster
            .iter()
            .flat_map(|c| c.check.subjects())
            .collect()
    }
}

fn text(dir: &str, name: &str, bytes: &[u8]) -> Result<String, Error> {
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        format_error(
            dir,
            name,
            "ce fichier n'est pas en UTF-8".into(),
            "this file is not UTF-8".into(),
        )
    })
}

impl Catalog {
    /// The exercises shipped in the binary.
    pub fn embedded() -> Result<Catalog, Error> {
        Catalog::from_tree(&tree_from_embedded())
    }

    /// Exercises read from a directory (authors, tests).
    pub fn from_dir(dir: &Path) -> Result<Catalog, Error> {
        Catalog::from_tree(&tree_from_dir(dir)?)
    }

    /// `--exercises DIR`, else `KUBECOURS_EXERCISES`, else the embedded ones.
    pub fn load(dir: Option<&Path>) -> Result<Catalog, Error> {
        match dir {
            Some(d) => Catalog::from_dir(d),
            None => match std::env::var_os("KUBECOURS_EXERCISES") {
                Some(d) if !d.is_empty() => Catalog::from_dir(Path::new(&d)),
                _ => Catalog::embedded(),
            },
        }
    }

    pub fn from_tree(tree: &Tree) -> Result<Catalog, Error> {
        let mut dirs: Vec<&str> = tree
            .keys()
            .filter_map(|k| k.split_once('/').map(|(d, _)| d))
            .filter(|d| !d.starts_with('.'))
            .collect();
        dirs.dedup();
        let mut exercises = Vec::new();
        for dir in dirs {
            let Some(toml_bytes) = tree.get(&format!("{dir}/exercise.toml")) else {
                return Err(format_error(
                    dir,
                    "exercise.toml",
                    "fichier manquant".into(),
                    "missing file".into(),
                ));
            };
            let toml_text = text(dir, "exercise.toml", toml_bytes)?;
            let spec: ExerciseSpec = toml::from_str(&toml_text)
                .map_err(|e| toml_error(dir, "exercise.toml", &toml_text, &e))?;
            let enonce = tree
                .get(&format!("{dir}/enonce.md"))
                .map(|b| text(dir, "enonce.md", b))
                .transpose()?
                .unwrap_or_default();
            let files_under = |sub: &str| -> Vec<File> {
                let prefix = format!("{dir}/{sub}/");
                tree.iter()
                    .filter_map(|(k, v)| {
                        k.strip_prefix(&prefix)
                            .filter(|rest| !rest.contains('/'))
                            .map(|rest| (rest.to_string(), v.clone()))
                    })
                    .collect()
            };
            let mut mistakes = Vec::new();
            let mistake_prefix = format!("{dir}/mistakes/");
            let mut cases: Vec<&str> = tree
                .keys()
                .filter_map(|k| k.strip_prefix(&mistake_prefix))
                .filter_map(|rest| rest.split_once('/').map(|(c, _)| c))
                .collect();
            cases.dedup();
            for case in cases {
                let file = format!("mistakes/{case}/mistake.toml");
                let Some(b) = tree.get(&format!("{dir}/{file}")) else {
                    return Err(format_error(
                        dir,
                        &file,
                        "fichier manquant".into(),
                        "missing file".into(),
                    ));
                };
                let spec: MistakeSpec = toml::from_str(&text(dir, &file, b)?).map_err(|e| {
                    let msg = e.to_string();
                    format_error(dir, &file, msg.clone(), msg)
                })?;
                let files = files_under(&format!("mistakes/{case}"))
                    .into_iter()
                    .filter(|(n, _)| n != "mistake.toml")
                    .collect();
                mistakes.push(Mistake {
                    case: case.to_string(),
                    spec,
                    files,
                });
            }
            exercises.push(Exercise {
                dir_name: dir.to_string(),
                enonce,
                starter: files_under("starter"),
                solution: files_under("solution"),
                mistakes,
                spec,
            });
        }
        exercises.sort_by_key(|e| e.spec.id);
        Ok(Catalog { exercises })
    }

    /// An exercise by number (`3`, `03`), slug, or folder name.
    pub fn find(&self, key: &str) -> Result<&Exercise, Error> {
        let key = key.trim();
        let by_number = key.parse::<u32>().ok();
        self.exercises
            .iter()
            .find(|e| Some(e.spec.id) == by_number || e.spec.slug == key || e.dir_name == key)
            .ok_or_else(|| {
                let list = self.exercises.iter().map(|e| e.spec.id.to_string()).collect::<Vec<_>>().join(", ");
                let near = crate::suggest::closest(key, self.exercises.iter().map(|e| e.spec.slug.as_str()));
                let (near_fr, near_en) = near.map_or((String::new(), String::new()), |n| (format!(" ; vouliez-vous dire `{n}` ?"), format!("; did you mean `{n}`?")));
                Error::other(
                    format!("aucun exercice `{key}`{near_fr} (exercices : {list} ; la liste : `kubecours list`)"),
                    format!("no exercise `{key}`{near_en} (exercises: {list}; the list: `kubecours list`)"),
                )
            })
    }
}
