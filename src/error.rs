//! Failures of the tool itself (exit code 2), as opposed to findings.

use crate::i18n::Lang;
use crate::tr;
use std::path::Path;

#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read.
    Io {
        path: String,
        kind: std::io::ErrorKind,
        detail: String,
    },
    /// A rule id that does not exist.
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
            path: crate::source::display_path(path),
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

    /// Exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::UnknownRule { .. } => 1,
            _ => 2,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Io { path, kind, detail } => {
                use std::io::ErrorKind as K;
                match kind {
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
                }
            }
            Error::UnknownRule { id, suggestion } => {
                let mut m = tr!(
                    lang,
                    "aucune règle ne s'appelle `{id}`",
                    "no rule is named `{id}`"
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
