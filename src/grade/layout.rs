//! How a class and each submission are laid out, forgivingly.
//!
//! A class is a folder with one entry per student: a folder, or a hand-in
//! document (`Dupont Jean.pdf`). LMS exports are recognised: Moodle's
//! `Dupont, Jean_12345_assignsubmission_file_` is the student
//! `Dupont, Jean`. A folder that itself holds exercise folders (Gradescope's
//! `/autograder/submission`) is one student's submission.
//!
//! Inside a submission, the exercise folders (`05-service-clusterip/`, any
//! case) are looked for in the folder itself, in the `kubecours-exercices/`
//! folder that `init` creates, or below a single wrapping folder (an
//! unzipped archive). Junk (`node_modules`, `.git`, `__MACOSX`,
//! `.DS_Store`…) is skipped; depth and listings are bounded, so one stray
//! folder never rejects a whole submission.

use crate::exercise::{Catalog, Exercise};
use crate::extract::Kind;
use crate::i18n::Lang;
use crate::tr;
use std::path::{Path, PathBuf};

/// Names never looked into.
pub const JUNK: &[&str] = &[
    "node_modules",
    ".git",
    "__MACOSX",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    ".venv",
    "venv",
    "__pycache__",
    ".idea",
    ".vscode",
    "target",
];

/// The folder `kubecours init` creates.
pub const WRAPPER: &str = "kubecours-exercices";

pub fn is_junk(name: &str) -> bool {
    name.starts_with('.') || JUNK.iter().any(|j| j.eq_ignore_ascii_case(name))
}

/// Bounds applied to every submission.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest manifest read, in bytes.
    pub max_file: u64,
    /// Most entries of one folder looked at.
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

/// One student's submission in a class.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The student, as the report names them (`Dupont, Jean`).
    pub student: String,
    /// The entry of the class folder: a folder or a document (relative to the class root).
    pub entry: String,
}

/// The student a class entry names: LMS export suffixes removed.
pub fn student_name(entry: &str) -> String {
    // Moodle: `Nom Prénom_12345_assignsubmission_file_` (also `_onlinetext_`).
    if let Some(i) = entry.find("_assignsubmission_") {
        let head = &entry[..i];
        if let Some((name, id)) = head.rsplit_once('_')
            && !id.is_empty()
            && id.chars().all(|c| c.is_ascii_digit())
            && !name.trim().is_empty()
        {
            return name.trim().to_string();
        }
    }
    entry.to_string()
}

/// Lists a folder: (name, is_dir, is_symlink), junk left out, at most `max` entries.
fn list(dir: &Path, max: usize) -> (Vec<(String, bool, bool)>, bool) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return (Vec::new(), false);
    };
    let mut out = Vec::new();
    let mut truncated = false;
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if is_junk(&name) {
            continue;
        }
        if out.len() >= max {
            truncated = true;
            break;
        }
        let Ok(t) = e.file_type() else { continue };
        out.push((name, t.is_dir(), t.is_symlink()));
    }
    out.sort();
    (out, truncated)
}

/// The exercise a folder name is (exactly, or in another case).
fn exercise_folder<'c>(catalog: &'c Catalog, name: &str) -> Option<&'c Exercise> {
    catalog
        .exercises
        .iter()
        .find(|e| e.dir_name.eq_ignore_ascii_case(name))
}

/// Does this folder hold a workspace (exercise folders, `kubecours.toml`, the `init` wrapper)?
pub fn holds_workspace(dir: &Path, catalog: &Catalog, limits: Limits) -> bool {
    let (entries, _) = list(dir, limits.max_entries);
    entries.iter().any(|(n, is_dir, _)| {
        (*is_dir && (exercise_folder(catalog, n).is_some() || n.eq_ignore_ascii_case(WRAPPER)))
            || n == crate::exercise::workspace::STATE_FILE
    })
}

/// The students of a class folder (or of a list file, one folder per line).
pub fn submissions(
    root: &Path,
    list_file: Option<&Path>,
    catalog: &Catalog,
    limits: Limits,
) -> Result<Vec<Submission>, crate::error::Error> {
    use crate::error::Error;
    let entries: Vec<String> = match list_file {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| Error::io(file, e))?
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        None => {
            if holds_workspace(root, catalog, limits) {
                // One student's submission (Gradescope's /autograder/submission).
                return Ok(vec![Submission {
                    student: root
                        .canonicalize()
                        .ok()
                        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
                        .unwrap_or_else(|| "submission".into()),
                    entry: ".".into(),
                }]);
            }
            let rd = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
            rd.flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    !is_junk(&name)
                        && !name.to_lowercase().starts_with("readme")
                        && e.file_type().is_ok_and(|t| {
                            // Links are listed too, so that they get a grade and a reason.
                            t.is_dir()
                                || t.is_symlink()
                                || (t.is_file() && Kind::is_document_name(&name))
                        })
                })
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        }
    };
    let mut subs: Vec<Submission> = entries
        .into_iter()
        .map(|entry| {
            let stem = if root.join(&entry).is_dir() || !Kind::is_document_name(&entry) {
                entry.clone()
            } else {
                entry
                    .rsplit_once('.')
                    .map_or(entry.clone(), |(s, _)| s.to_string())
            };
            let base = Path::new(&stem)
                .file_name()
                .map_or(stem.clone(), |n| n.to_string_lossy().to_string());
            Submission {
                student: student_name(&base),
                entry,
            }
        })
        .collect();
    subs.sort_by(|a, b| a.student.cmp(&b.student).then(a.entry.cmp(&b.entry)));
    subs.dedup_by(|a, b| a.entry == b.entry);
    // Two entries for the same student (a file and an online text on Moodle):
    // the entry tells them apart.
    let names: Vec<String> = subs.iter().map(|s| s.student.clone()).collect();
    for s in &mut subs {
        if names.iter().filter(|n| **n == s.student).count() > 1 {
            s.student = format!("{} ({})", s.student, s.entry);
        }
    }
    Ok(subs)
}

/// Where a submission's exercises are.
#[derive(Debug, Default)]
pub struct Layout {
    /// The folder holding the exercise folders (the student's folder,
    /// `kubecours-exercices/` in it, or a wrapping folder), relative to the class root.
    pub base: PathBuf,
    /// Exercise folders found: (dir_name, actual name).
    pub folders: Vec<(String, String)>,
    /// Folders that look like an exercise's but are not named like it: (actual, expected).
    pub near: Vec<(String, String)>,
    /// Hand-in documents, relative to the class root.
    pub documents: Vec<PathBuf>,
    /// Files directly in the base folder.
    pub flat: Vec<String>,
    /// What was skipped or bounded.
    pub notes: Vec<String>,
}

impl Layout {
    pub fn folder(&self, ex: &Exercise) -> Option<&str> {
        self.folders
            .iter()
            .find(|(d, _)| *d == ex.dir_name)
            .map(|(_, a)| a.as_str())
    }

    pub fn near_folder(&self, ex: &Exercise) -> Option<&str> {
        self.near
            .iter()
            .find(|(_, e)| *e == ex.dir_name)
            .map(|(a, _)| a.as_str())
    }
}

/// A folder name that looks like exercise `ex`'s (`5-service`, `exercice5`,
/// `05_service_clusterip`, `service-clusterip`).
fn looks_like(name: &str, ex: &Exercise) -> bool {
    let lower = name.to_lowercase().replace('_', "-");
    let digits: String = lower
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let number = digits.parse::<u32>().ok();
    number == Some(ex.spec.id)
        || lower == ex.spec.slug
        || crate::suggest::closest(&lower, [ex.dir_name.as_str()]).is_some()
}

/// Finds the layout of one submission (a folder; a document entry has none).
pub fn layout(
    class_root: &Path,
    entry: &str,
    catalog: &Catalog,
    limits: Limits,
    lang: Lang,
) -> Layout {
    let mut lay = Layout::default();
    let top = class_root.join(entry);
    let rel = |p: &Path| {
        p.strip_prefix(class_root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    };
    if top.is_file() {
        lay.base = rel(&top)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        lay.documents.push(rel(&top));
        return lay;
    }
    // The shallowest folder holding exercise folders, through the `init`
    // wrapper and single wrapping folders (an unzipped archive).
    let mut base = top.clone();
    for _ in 0..3 {
        let (entries, _) = list(&base, limits.max_entries);
        if entries
            .iter()
            .any(|(n, d, _)| *d && exercise_folder(catalog, n).is_some())
        {
            break;
        }
        let dirs: Vec<&(String, bool, bool)> =
            entries.iter().filter(|(_, d, l)| *d && !*l).collect();
        let wrapper = dirs
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(WRAPPER));
        // A single folder around everything (an unzipped archive), unless it
        // is a misnamed exercise folder: that one is reported, not entered.
        let only = (dirs.len() == 1 && entries.iter().all(|(_, d, _)| *d))
            .then(|| dirs[0])
            .filter(|(n, _, _)| !catalog.exercises.iter().any(|e| looks_like(n, e)));
        match wrapper.copied().or(only) {
            Some((n, _, _)) => base = base.join(n),
            None => break,
        }
    }
    lay.base = rel(&base);
    let (entries, truncated) = list(&base, limits.max_entries);
    if truncated {
        let n = limits.max_entries;
        lay.notes.push(tr!(
            lang,
            "plus de {n} entrées dans `{}` : seules les {n} premières sont regardées",
            "more than {n} entries in `{}`: only the first {n} are looked at",
            lay.base.display()
        ));
    }
    for (name, is_dir, is_link) in &entries {
        if *is_dir && !*is_link {
            if let Some(ex) = exercise_folder(catalog, name) {
                if !lay.folders.iter().any(|(d, _)| *d == ex.dir_name) {
                    lay.folders.push((ex.dir_name.clone(), name.clone()));
                }
            } else if let Some(ex) = catalog.exercises.iter().find(|e| looks_like(name, e)) {
                lay.near.push((name.clone(), ex.dir_name.clone()));
            }
        } else if !*is_dir {
            lay.flat.push(name.clone());
        }
    }
    // Hand-in documents, when there is no exercise folder.
    if lay.folders.is_empty() {
        let mut stack = vec![(base.clone(), 0usize)];
        while let Some((d, depth)) = stack.pop() {
            let (entries, _) = list(&d, limits.max_entries);
            for (name, is_dir, is_link) in entries {
                let p = d.join(&name);
                if is_dir && !is_link {
                    if depth < 2.min(limits.max_depth) {
                        stack.push((p, depth + 1));
                    }
                } else if !is_dir
                    && !is_link
                    && Kind::is_document_name(&name)
                    && !name.to_lowercase().starts_with("readme")
                {
                    lay.documents.push(rel(&p));
                }
            }
        }
        lay.documents.sort();
    }
    lay
}

/// The exercises whose `files` name this file (`deployment.yaml`: 3, 4, 8…).
pub fn exercises_of_file<'c>(catalog: &'c Catalog, name: &str) -> Vec<&'c Exercise> {
    catalog
        .exercises
        .iter()
        .filter(|e| e.spec.files.iter().any(|f| f.eq_ignore_ascii_case(name)))
        .collect()
}

/// `PathBuf` of a submission's folder.
pub fn entry_path(root: &Path, entry: &str) -> PathBuf {
    if entry == "." {
        root.to_path_buf()
    } else {
        root.join(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lms_names() {
        assert_eq!(
            student_name("Dupont, Jean_12345_assignsubmission_file_"),
            "Dupont, Jean"
        );
        assert_eq!(
            student_name("Marie Curie_987_assignsubmission_onlinetext_"),
            "Marie Curie"
        );
        assert_eq!(student_name("alice"), "alice");
        assert_eq!(student_name("a_b_c"), "a_b_c");
    }

    #[test]
    fn junk() {
        assert!(is_junk("node_modules") && is_junk(".git") && is_junk("__MACOSX"));
        assert!(!is_junk("05-service-clusterip"));
    }
}
