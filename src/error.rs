//! Failures of the tool itself, as opposed to findings, and the process
//! exit codes.

use crate::i18n::Lang;
use crate::tr;
use std::fmt;
use std::path::{Path, PathBuf};

/// The exit codes of every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Nothing at error level; the exercise passes.
    Ok = 0,
    /// Findings at error level, or failed checks.
    Findings = 1,
    /// The tool could not do its job (unreadable file, cluster unreachable, bad flags).
    Failure = 2,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// `Findings` when `failed`, else `Ok`.
    pub fn from_failed(failed: bool) -> Exit {
        if failed { Exit::Findings } else { Exit::Ok }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read.
    Io {
        path: String,
        kind: std::io::ErrorKind,
        detail: String,
    },
    /// A file could not be written.
    Write {
        path: String,
        kind: std::io::ErrorKind,
        detail: String,
    },
    /// A rule or diagnosis id that does not exist.
    UnknownRule {
        id: String,
        suggestion: Option<String>,
    },
    /// Anything else, already worded in both languages.
    Other { fr: String, en: String },
}

impl Error {
    pub fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Io {
            path: display_path(path),
            kind: e.kind(),
            detail: e.to_string(),
        }
    }

    pub fn write(path: &Path, e: std::io::Error) -> Error {
        Error::Write {
            path: display_path(path),
            kind: e.kind(),
            detail: e.to_string(),
        }
    }

    pub fn other(fr: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Other {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// Every failure of the tool is exit code 2.
    pub fn exit(&self) -> Exit {
        Exit::Failure
    }

    pub fn message(&self, lang: Lang) -> String {
        use std::io::ErrorKind as K;
        match self {
            Error::Io { path, kind, detail } => match kind {
                K::NotFound => tr!(
                    lang,
                    "impossible de lire `{path}` : ce fichier ou dossier n'existe pas",
                    "cannot read `{path}`: no such file or directory"
                ),
                K::PermissionDenied => tr!(
                    lang,
                    "impossible de lire `{path}` : permission refusée",
                    "cannot read `{path}`: permission denied"
                ),
                _ => tr!(
                    lang,
                    "impossible de lire `{path}` : {detail}",
                    "cannot read `{path}`: {detail}"
                ),
            },
            Error::Write { path, kind, detail } => match kind {
                K::NotFound => tr!(
                    lang,
                    "impossible d'écrire `{path}` : le dossier qui doit le contenir n'existe pas",
                    "cannot write `{path}`: its folder does not exist"
                ),
                K::PermissionDenied => tr!(
                    lang,
                    "impossible d'écrire `{path}` : permission refusée",
                    "cannot write `{path}`: permission denied"
                ),
                _ => tr!(
                    lang,
                    "impossible d'écrire `{path}` : {detail}",
                    "cannot write `{path}`: {detail}"
                ),
            },
            Error::UnknownRule { id, suggestion } => {
                let mut m = tr!(
                    lang,
                    "aucune règle ni diagnostic ne s'appelle `{id}`",
                    "no rule or diagnosis is named `{id}`"
                );
                if let Some(s) = suggestion {
                    m += &tr!(
                        lang,
                        " ; vouliez-vous dire `{s}` ?",
                        "; did you mean `{s}`?"
                    );
                }
                m += &tr!(
                    lang,
                    " (la liste : `kubecours rules`)",
                    " (the list: `kubecours rules`)"
                );
                m
            }
            Error::Other { fr, en } => lang.pick(fr, en).to_string(),
        }
    }
}

/// In the language of the environment (`LANG`); commands use [`Error::message`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::detect(None)))
    }
}

impl std::error::Error for Error {}

impl From<std::fmt::Error> for Error {
    fn from(_: std::fmt::Error) -> Error {
        Error::other(
            "erreur interne de mise en forme",
            "internal formatting error",
        )
    }
}

/// A path as shown to the student, relative to the current folder even when
/// it is a sibling or a parent (`../03-deployment`, `..`), up to three levels
/// up; otherwise as [`display_path`] shows it.
pub fn display_relative(path: &Path) -> String {
    let (Ok(cwd), Ok(abs)) = (
        std::env::current_dir().and_then(|c| c.canonicalize()),
        path.canonicalize(),
    ) else {
        return display_path(path);
    };
    let common = cwd
        .ancestors()
        .take(4)
        .enumerate()
        .find(|(_, a)| abs.starts_with(a));
    let Some((ups, base)) = common else {
        return display_path(path);
    };
    if base.parent().is_none() && ups > 0 {
        // Only the root in common: the absolute path says it better.
        return abs.display().to_string();
    }
    let mut shown = PathBuf::new();
    for _ in 0..ups {
        shown.push("..");
    }
    if let Ok(rest) = abs.strip_prefix(base)
        && !rest.as_os_str().is_empty()
    {
        shown.push(rest);
    }
    let s = shown.display().to_string();
    if s.is_empty() { ".".into() } else { s }
}

/// A path as the user should see it: relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let p = path.strip_prefix("./").unwrap_or(path);
    if let Some(cwd) = CWD.get_or_init(|| std::env::current_dir().ok())
        && let Ok(rel) = p.strip_prefix(cwd)
    {
        let s = rel.display().to_string();
        return if s.is_empty() { ".".into() } else { s };
    }
    p.display().to_string()
}
