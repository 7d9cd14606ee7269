//! Input files: finding them, reading them, and showing their lines.

use crate::error::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file, read whole. `text` is empty when the bytes were not usable
/// text (the loader then reports why).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown to the user (relative as given on the command line, or `<stdin>`).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Problem with the bytes themselves, reported as a finding by the loader.
    pub problem: Option<FileProblem>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    TooLarge { size: u64, limit: u64 },
    Binary,
    NotUtf8 { line: u32, col: u32 },
}

impl SourceFile {
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            problem: None,
        }
    }

    /// Builds a file from raw bytes, checking size and encoding.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>, max_size: u64) -> SourceFile {
        let name = name.into();
        let problem = if bytes.len() as u64 > max_size {
            Some(FileProblem::TooLarge {
                size: bytes.len() as u64,
                limit: max_size,
            })
        } else if bytes[..bytes.len().min(8192)].contains(&0) {
            Some(FileProblem::Binary)
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => return SourceFile::from_text(name, text),
                Err(e) => {
                    let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = ok.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                    let last_line = ok.rsplit(|&b| b == b'\n').next().unwrap_or(&[]);
                    let col = String::from_utf8_lossy(last_line).chars().count() as u32 + 1;
                    Some(FileProblem::NotUtf8 { line, col })
                }
            }
        };
        let mut f = SourceFile::from_text(name, String::new());
        f.problem = problem;
        f
    }

    /// The text of a 1-based line, without its end of line.
    pub fn line(&self, line: u32) -> Option<&str> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(i)?;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Default size limit of one input file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

fn is_manifest(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Expands the command-line inputs: files as given, directories walked
/// recursively for `*.yaml`, `*.yml`, `*.json` (sorted, hidden entries skipped,
/// symbolic links to directories not followed), `-` for standard input.
pub fn collect_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(input.clone());
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            walk(input, &mut out, 0)?;
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), Error> {
    if depth > 32 {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if (ft.is_file() || ft.is_symlink()) && is_manifest(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one input (a path or `-`), bounded by `max_size`.
pub fn read(path: &Path, max_size: u64) -> Result<SourceFile, Error> {
    let (name, mut reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("<stdin>".into(), Box::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        (display_path(path), Box::new(f))
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(SourceFile::from_bytes(name, bytes, max_size))
}

/// A path as the user should see it: relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let p = path.strip_prefix("./").unwrap_or(path);
    if let Some(cwd) = CWD.get_or_init(|| std::env::current_dir().ok())
        && let Ok(rel) = p.strip_prefix(cwd)
    {
        return rel.display().to_string();
    }
    p.display().to_string()
}
