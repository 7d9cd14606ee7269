//! Input files: finding them (and grouping them the way `kubectl apply -f`
//! applies them), reading them, and showing their lines.

use crate::error::{Error, display_path};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input file, read whole. `text` is empty when the bytes were not usable
/// text (the `file-encoding` and `file-too-large` rules say why).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown to the user (relative as given on the command line, or `<stdin>`).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Problem with the bytes themselves.
    pub problem: Option<FileProblem>,
    /// The input set this file belongs to (files applied together).
    pub group: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    /// Above the tool's own size limit (`--max-file-size`): not checked.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Binary,
    NotUtf8 {
        line: u32,
        col: u32,
    },
    /// UTF-16 (Windows Notepad's "Unicode") or UTF-32 text; with a byte
    /// order mark, kubectl reads it (and so does kubecours, decoded).
    Utf16 {
        big_endian: bool,
        bom: bool,
    },
    Utf32 {
        big_endian: bool,
    },
}

/// Where each line starts. YAML breaks lines at LF, CRLF and a lone CR
/// (old Mac files): the parser's positions count all three, so must we.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    std::iter::once(0)
        .chain(b.iter().enumerate().filter_map(|(i, &c)| match c {
            b'\n' => Some(i + 1),
            b'\r' if b.get(i + 1) != Some(&b'\n') => Some(i + 1),
            _ => None,
        }))
        .collect()
}

impl SourceFile {
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        let line_starts = line_starts(&text);
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            problem: None,
            group: 0,
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
        } else if let Some(p) = wide_encoding(&bytes) {
            if let Some(text) = decode_wide(&bytes, &p) {
                let mut f = SourceFile::from_text(name, text);
                f.problem = Some(p);
                return f;
            }
            Some(p)
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
                    // kubectl reads the file anyway, each bad byte becoming U+FFFD: so does kubecours.
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let mut f = SourceFile::from_text(name, text);
                    f.problem = Some(FileProblem::NotUtf8 { line, col });
                    return f;
                }
            }
        };
        let mut f = SourceFile::from_text(name, String::new());
        f.problem = problem;
        f
    }

    pub fn in_group(mut self, group: usize) -> SourceFile {
        self.group = group;
        self
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

    /// Byte offset of a 1-based line and column (columns count characters).
    pub fn offset(&self, line: u32, col: u32) -> Option<usize> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let text = self.line(line)?;
        let within = text
            .char_indices()
            .nth((col as usize).saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        Some(start + within)
    }

    /// Looks like JSON (its first significant character opens an object or a list).
    pub fn is_json(&self) -> bool {
        self.name.ends_with(".json") || self.text.trim_start().starts_with(['{', '['])
    }
}

/// The text of a UTF-16 or UTF-32 file with a byte order mark (None without one).
fn decode_wide(b: &[u8], p: &FileProblem) -> Option<String> {
    match p {
        FileProblem::Utf16 {
            big_endian,
            bom: true,
        } => {
            let units: Vec<u16> = b[2..]
                .chunks_exact(2)
                .map(|c| {
                    if *big_endian {
                        u16::from_be_bytes([c[0], c[1]])
                    } else {
                        u16::from_le_bytes([c[0], c[1]])
                    }
                })
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        FileProblem::Utf32 { big_endian } => Some(
            b[4..]
                .chunks_exact(4)
                .map(|c| {
                    let n = if *big_endian {
                        u32::from_be_bytes([c[0], c[1], c[2], c[3]])
                    } else {
                        u32::from_le_bytes([c[0], c[1], c[2], c[3]])
                    };
                    char::from_u32(n).unwrap_or('\u{fffd}')
                })
                .collect(),
        ),
        _ => None,
    }
}

/// UTF-16 and UTF-32, by their byte order mark, or UTF-16 without one
/// (every other byte zero in an ASCII-looking text).
fn wide_encoding(b: &[u8]) -> Option<FileProblem> {
    if b.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some(FileProblem::Utf32 { big_endian: false });
    }
    if b.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some(FileProblem::Utf32 { big_endian: true });
    }
    if b.starts_with(&[0xFF, 0xFE]) {
        return Some(FileProblem::Utf16 {
            big_endian: false,
            bom: true,
        });
    }
    if b.starts_with(&[0xFE, 0xFF]) {
        return Some(FileProblem::Utf16 {
            big_endian: true,
            bom: true,
        });
    }
    let head = &b[..b.len().min(512) & !1];
    if head.len() >= 8 {
        let odd_zero = head.iter().skip(1).step_by(2).filter(|&&c| c == 0).count();
        let even_zero = head.iter().step_by(2).filter(|&&c| c == 0).count();
        let half = head.len() / 2;
        if odd_zero * 10 >= half * 9 && even_zero == 0 {
            return Some(FileProblem::Utf16 {
                big_endian: false,
                bom: false,
            });
        }
        if even_zero * 10 >= half * 9 && odd_zero == 0 {
            return Some(FileProblem::Utf16 {
                big_endian: true,
                bom: false,
            });
        }
    }
    None
}

/// Default size limit of one input file: far above any real manifest (the
/// API server itself takes requests of at most 3 MiB); `--max-file-size`
/// changes it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

fn is_manifest(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    ) || path.file_name().is_some_and(|n| n == "Kustomization")
}

/// Folders that never hold manifests.
pub const JUNK_DIRS: &[&str] = &["node_modules", "__MACOSX", "target", "vendor"];

/// One file to read, and the input set it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub path: PathBuf,
    pub group: usize,
}

/// Expands the command-line inputs, the way `kubectl apply -f` would apply
/// them: the files named on the command line form one set; a directory's
/// own files form one set, and each sub-directory is its own set (kubectl
/// does not recurse), unless `recursive` (kubectl's `-R`) makes a whole
/// tree one set. Hidden entries and [`JUNK_DIRS`] are skipped; in a Helm
/// chart (a folder with `Chart.yaml`) only `Chart.yaml` is read.
pub fn collect_inputs(inputs: &[PathBuf], recursive: bool) -> Result<Vec<Input>, Error> {
    let mut out = Vec::new();
    let mut next_group = 1;
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Input {
                path: input.clone(),
                group: 0,
            });
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            // One group for the whole tree (`-R`), else one per folder, numbered
            // in the order of the walk.
            let tree_group = recursive.then(|| {
                next_group += 1;
                next_group - 1
            });
            for files in walk(input, 0)? {
                let group = tree_group.unwrap_or_else(|| {
                    next_group += 1;
                    next_group - 1
                });
                out.extend(files.into_iter().map(|path| Input { path, group }));
            }
        } else {
            out.push(Input {
                path: input.clone(),
                group: 0,
            });
        }
    }
    Ok(out)
}

/// The paths only (tests, benchmarks).
pub fn collect_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    Ok(collect_inputs(inputs, false)?
        .into_iter()
        .map(|i| i.path)
        .collect())
}

/// The manifests of a folder and of its sub-folders, one list per folder
/// walked (empty ones included), the folder before its sub-folders, each in
/// name order. Sub-folders are walked in parallel on the pool.
fn walk(dir: &Path, depth: usize) -> Result<Vec<Vec<PathBuf>>, Error> {
    use rayon::prelude::*;
    if depth > 32 {
        return Ok(Vec::new());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && !JUNK_DIRS.contains(&name.as_ref())
        })
        .collect();
    entries.sort_by_key(|e| e.file_name());
    // In a Helm chart only `Chart.yaml` is read.
    if let Some(chart) = entries.iter().find(|e| e.file_name() == "Chart.yaml") {
        let readable = chart.file_type().is_ok();
        return Ok(vec![if readable {
            vec![chart.path()]
        } else {
            Vec::new()
        }]);
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for e in &entries {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        // Only a symbolic link needs a `stat` to know whether it leads to a folder.
        if (ft.is_file() || (ft.is_symlink() && !path.is_dir())) && is_manifest(&path) {
            files.push(path);
        } else if ft.is_dir() {
            dirs.push(path);
        }
    }
    let below = dirs
        .par_iter()
        .map(|d| walk(d, depth + 1))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut out = vec![files];
    out.extend(below.into_iter().flatten());
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_encodings_are_recognised() {
        let text = "apiVersion: v1\nkind: Pod\n";
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let f = SourceFile::from_bytes("p.yaml", le.clone(), 1 << 20);
        assert_eq!(
            f.problem,
            Some(FileProblem::Utf16 {
                big_endian: false,
                bom: true
            })
        );
        assert_eq!(f.text, text);
        let f = SourceFile::from_bytes("p.yaml", le[2..].to_vec(), 1 << 20);
        assert_eq!(
            f.problem,
            Some(FileProblem::Utf16 {
                big_endian: false,
                bom: false
            })
        );
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let f = SourceFile::from_bytes("p.yaml", be, 1 << 20);
        assert_eq!(
            f.problem,
            Some(FileProblem::Utf16 {
                big_endian: true,
                bom: true
            })
        );
    }

    #[test]
    fn directories_are_sets_unless_recursive() {
        let d = tempfile::tempdir().unwrap();
        for f in ["a/x.yaml", "a/y.yaml", "a/sub/z.yaml", "b/w.yml"] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let flat = collect_inputs(&[d.path().to_path_buf()], false).unwrap();
        let groups: Vec<usize> = flat.iter().map(|i| i.group).collect();
        assert_eq!(flat.len(), 4);
        assert_eq!(groups[0], groups[1], "{flat:?}");
        assert_ne!(groups[0], groups[2]);
        assert_ne!(groups[2], groups[3]);
        let rec = collect_inputs(&[d.path().to_path_buf()], true).unwrap();
        assert!(rec.iter().all(|i| i.group == rec[0].group), "{rec:?}");
    }
}
