//! `kubecours extract`: the manifests of a hand-in document, the prose left
//! out. Plain text and Markdown (fenced or not), DOCX and ODT (zip + XML),
//! PDF (its text layer). Documents are split at headings and at the prose
//! between manifests ([`text`]); each recovered file says where it came from
//! (page, lines) and which heading preceded it, and is re-indented from the
//! Kubernetes schema when its indentation was lost ([`crate::reindent`]).

mod office;
mod pdf;
pub mod text;

use crate::error::Error;
use crate::i18n::Lang;
use crate::reindent::Rebuilt;
use crate::tr;
use std::path::{Path, PathBuf};

/// Largest hand-in document read (a PDF with pictures is big).
pub const MAX_DOCUMENT: u64 = 32 * 1024 * 1024;

/// One line of a document, in reading order.
#[derive(Debug, Clone)]
pub struct DocLine {
    pub text: String,
    /// Page (PDF; DOCX and ODT as far as their page breaks tell).
    pub page: Option<u32>,
    /// Line in the file (text), in the page (PDF), or paragraph (DOCX, ODT).
    pub line: u32,
    /// A heading by its style (DOCX, ODT).
    pub heading: bool,
}

/// Why a document could not be read, in both languages.
#[derive(Debug, Clone)]
pub struct Problem {
    pub fr: String,
    pub en: String,
}

impl Problem {
    pub fn new(fr: String, en: String) -> Problem {
        Problem { fr, en }
    }

    pub fn message(&self, lang: Lang) -> String {
        lang.pick(&self.fr, &self.en).to_string()
    }
}

/// The kinds of hand-in documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Markdown,
    Docx,
    Odt,
    Pdf,
}

impl Kind {
    /// By the name's extension, else by the first bytes.
    pub fn of(name: &str, bytes: &[u8]) -> Option<Kind> {
        let lower = name.to_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "txt" | "text" => return Some(Kind::Text),
            "md" | "markdown" => return Some(Kind::Markdown),
            "docx" => return Some(Kind::Docx),
            "odt" => return Some(Kind::Odt),
            "pdf" => return Some(Kind::Pdf),
            _ => {}
        }
        if bytes.starts_with(b"%PDF") {
            Some(Kind::Pdf)
        } else if bytes.starts_with(b"PK\x03\x04") {
            let has = |n: &[u8]| bytes.windows(n.len()).take(64 * 1024).any(|w| w == n);
            if has(b"word/") {
                Some(Kind::Docx)
            } else if has(b"opendocument.text") || has(b"content.xml") {
                Some(Kind::Odt)
            } else {
                None
            }
        } else {
            None
        }
    }

    /// Is this file name a hand-in document (not a manifest)?
    pub fn is_document_name(name: &str) -> bool {
        let lower = name.to_lowercase();
        [".txt", ".md", ".markdown", ".docx", ".odt", ".pdf"]
            .iter()
            .any(|e| lower.ends_with(e))
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Text => "texte",
            Kind::Markdown => "Markdown",
            Kind::Docx => "DOCX",
            Kind::Odt => "ODT",
            Kind::Pdf => "PDF",
        }
    }
}

/// Where a recovered file came from in its document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    pub page: Option<u32>,
    pub first: u32,
    pub last: u32,
}

/// One manifest file recovered from a document.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// `prod.yaml`, `service.yaml`, `deployment.yaml`, `manifeste-2.yaml`.
    pub name: String,
    /// `exercice N` in a heading above it.
    pub exercise: Option<u32>,
    /// The heading (or line of prose) just before it.
    pub heading: Option<String>,
    pub origins: Vec<Origin>,
    /// The manifests, as recovered (and re-indented when needed).
    pub text: String,
    /// The re-indentation, when the indentation was rebuilt.
    pub rebuilt: Option<Rebuilt>,
    /// Typographic quotes replaced by straight ones.
    pub quotes_fixed: bool,
    /// Number of objects (documents with a `kind`).
    pub objects: usize,
}

/// What a document gave.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub source: String,
    pub kind: Kind,
    pub files: Vec<Recovered>,
    /// Lines of the document that were left out (prose).
    pub prose_lines: usize,
}

impl Extraction {
    pub fn objects(&self) -> usize {
        self.files.iter().map(|f| f.objects).sum()
    }
}

/// The lines of a document of any kind.
pub fn lines(kind: Kind, bytes: &[u8]) -> Result<Vec<DocLine>, Problem> {
    match kind {
        Kind::Text | Kind::Markdown => {
            let text = decode_text(bytes)?;
            Ok(text
                .lines()
                .enumerate()
                .map(|(i, l)| DocLine {
                    text: l.trim_end_matches('\r').to_string(),
                    page: None,
                    line: i as u32 + 1,
                    heading: false,
                })
                .collect())
        }
        Kind::Docx => office::docx(bytes),
        Kind::Odt => office::odt(bytes),
        Kind::Pdf => pdf::lines(bytes),
    }
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (an
/// old Notepad): a hand-in is read whatever its encoding.
fn decode_text(bytes: &[u8]) -> Result<String, Problem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(String::from_utf8_lossy(rest).into_owned());
    }
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(true, rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(false, rest));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Problem::new(
            "ce fichier n'est pas du texte".into(),
            "this file is not text".into(),
        ));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Windows-1252 for the bytes ≥ 0x80 that French needs; Latin-1 for the rest.
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80 => '€',
                0x92 => '’',
                0x93 => '“',
                0x94 => '”',
                0x9C => 'œ',
                b => b as char,
            })
            .collect(),
    })
}

/// Straight quotes for the typographic ones a word processor puts in.
fn straight_quotes(s: &str) -> (String, bool) {
    let mut changed = false;
    let out = s
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => {
                changed = true;
                '"'
            }
            '‘' | '’' => {
                changed = true;
                '\''
            }
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect();
    (out, changed)
}

fn count_objects(text: &str) -> usize {
    let stream = crate::yaml::parse_stream(text, crate::yaml::Limits::default());
    stream
        .documents
        .iter()
        .filter(|d| d.root.get("kind").is_some())
        .count()
}

/// Extracts the manifests of a document given as bytes.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Extraction, Problem> {
    if bytes.len() as u64 > MAX_DOCUMENT {
        return Err(Problem::new(
            format!(
                "le document fait {} octets (limite {MAX_DOCUMENT})",
                bytes.len()
            ),
            format!(
                "the document is {} bytes (limit {MAX_DOCUMENT})",
                bytes.len()
            ),
        ));
    }
    let kind = Kind::of(name, bytes).unwrap_or(Kind::Text);
    let lines = lines(kind, bytes)?;
    let blocks = text::blocks(&lines, kind == Kind::Markdown);
    let mut files: Vec<Recovered> = Vec::new();
    let mut kept_lines = 0;
    for b in &blocks {
        let body: Vec<&str> = lines[b.start..b.end]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        kept_lines += body.len();
        let (raw, quotes_fixed) = straight_quotes(&(body.join("\n") + "\n"));
        let origin = Origin {
            page: lines[b.start].page,
            first: lines[b.start].line,
            last: lines[b.end.max(b.start + 1) - 1].line,
        };
        let name = match (&b.file, b.env) {
            (Some(f), _) => f.clone(),
            (None, Some(e)) => format!("{e}.yaml"),
            (None, None) => String::new(),
        };
        // Blocks of the same file (same name and exercise) are put together.
        if !name.is_empty()
            && let Some(f) = files
                .iter_mut()
                .find(|f| f.name == name && f.exercise == b.exercise)
        {
            f.text.push_str("---\n");
            f.text.push_str(&raw);
            f.origins.push(origin);
            f.quotes_fixed |= quotes_fixed;
            continue;
        }
        files.push(Recovered {
            name,
            exercise: b.exercise,
            heading: b.heading.clone(),
            origins: vec![origin],
            text: raw,
            rebuilt: None,
            quotes_fixed,
            objects: 0,
        });
    }
    let mut unnamed = 0;
    for f in &mut files {
        if let Some(r) = crate::reindent::repair(&f.text) {
            f.text = r.text.clone();
            f.rebuilt = Some(r);
        }
        f.objects = count_objects(&f.text);
        if f.name.is_empty() {
            f.name = name_by_kind(&f.text).unwrap_or_else(|| {
                unnamed += 1;
                format!("manifeste-{unnamed}.yaml")
            });
        }
    }
    // Two files may not have the same name in the same folder.
    let mut seen: Vec<(Option<u32>, String)> = Vec::new();
    for f in &mut files {
        let mut n = 2;
        let base = f.name.trim_end_matches(".yaml").to_string();
        while seen.contains(&(f.exercise, f.name.clone())) {
            f.name = format!("{base}-{n}.yaml");
            n += 1;
        }
        seen.push((f.exercise, f.name.clone()));
    }
    Ok(Extraction {
        source: name.to_string(),
        kind,
        files,
        prose_lines: lines.iter().filter(|l| !l.text.trim().is_empty()).count()
            - kept_lines.min(lines.iter().filter(|l| !l.text.trim().is_empty()).count()),
    })
}

/// `deployment.yaml` for a file holding only Deployments.
fn name_by_kind(text: &str) -> Option<String> {
    let stream = crate::yaml::parse_stream(text, crate::yaml::Limits::default());
    let mut kinds: Vec<String> = stream
        .documents
        .iter()
        .filter_map(|d| {
            d.root
                .get("kind")
                .and_then(|k| k.as_str())
                .map(str::to_lowercase)
        })
        .collect();
    kinds.dedup();
    match &kinds[..] {
        [one] if one.chars().all(|c| c.is_ascii_alphanumeric()) => Some(format!("{one}.yaml")),
        _ => None,
    }
}

/// Where a recovered file came from, in words.
pub fn origin_text(ex: &Extraction, f: &Recovered, lang: Lang) -> String {
    let places: Vec<String> = f
        .origins
        .iter()
        .map(|o| {
            let unit = match ex.kind {
                Kind::Docx | Kind::Odt => lang.pick("paragraphes", "paragraphs"),
                _ => lang.pick("lignes", "lines"),
            };
            let range = if o.first == o.last {
                o.first.to_string()
            } else {
                tr!(lang, "{} à {}", "{} to {}", o.first, o.last)
            };
            match (o.page, ex.kind) {
                (Some(p), Kind::Pdf | Kind::Docx | Kind::Odt) => {
                    tr!(lang, "page {p}, {unit} {range}", "page {p}, {unit} {range}")
                }
                _ => format!("{unit} {range}"),
            }
        })
        .collect();
    let mut s = tr!(
        lang,
        "retrouvé dans `{}` ({}) : {}",
        "recovered from `{}` ({}): {}",
        ex.source,
        ex.kind.label(),
        places.join(" ; ")
    );
    if let Some(h) = &f.heading {
        s += &tr!(lang, ", après « {h} »", ", after “{h}”");
    }
    s
}

/// The text written for a recovered file: a comment header (origin,
/// re-indentation), then the manifests.
pub fn file_text(ex: &Extraction, f: &Recovered, lang: Lang) -> String {
    let mut out = format!("# kubecours extract : {}\n", origin_text(ex, f, lang));
    if let Some(r) = &f.rebuilt {
        out += &format!(
            "# {}\n",
            tr!(
                lang,
                "indentation reconstruite d'après le schéma de Kubernetes ({} lignes) : vérifiez le résultat",
                "indentation rebuilt from the Kubernetes schema ({} lines): check the result",
                r.moved
            )
        );
    }
    if f.quotes_fixed {
        out += &format!(
            "# {}\n",
            lang.pick(
                "guillemets typographiques remplacés par des guillemets droits",
                "typographic quotes replaced by straight ones"
            )
        );
    }
    out + &f.text
}

/// Lines of header [`file_text`] puts above the manifests.
pub fn header_lines(f: &Recovered) -> u32 {
    1 + u32::from(f.rebuilt.is_some()) + u32::from(f.quotes_fixed)
}

/// The relative path of a recovered file: `NN-slug/name` when its exercise
/// is known to the catalogue, else `name`.
pub fn relative_path(f: &Recovered, catalog: Option<&crate::exercise::Catalog>) -> PathBuf {
    match f
        .exercise
        .and_then(|n| catalog?.exercises.iter().find(|e| e.spec.id == n))
    {
        Some(ex) => Path::new(&ex.dir_name).join(&f.name),
        None => PathBuf::from(&f.name),
    }
}

/// Writes the recovered files under `dir`; returns their paths.
pub fn write(
    ex: &Extraction,
    dir: &Path,
    catalog: Option<&crate::exercise::Catalog>,
    lang: Lang,
) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut out = Vec::new();
    for f in &ex.files {
        let p = dir.join(relative_path(f, catalog));
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&p, file_text(ex, f, lang)).map_err(|e| Error::write(&p, e))?;
        out.push(p);
    }
    Ok(out)
}

/// `kubecours extract HANDIN -o DIR`.
pub fn command(
    handin: &Path,
    out: &Path,
    format: crate::report::TextOrJson,
    catalog: Option<&crate::exercise::Catalog>,
    lang: Lang,
) -> Result<(String, u8), Error> {
    let meta = std::fs::metadata(handin).map_err(|e| Error::io(handin, e))?;
    if meta.len() > MAX_DOCUMENT {
        let p = Problem::new(
            format!(
                "le document fait {} octets (limite {MAX_DOCUMENT})",
                meta.len()
            ),
            format!(
                "the document is {} bytes (limit {MAX_DOCUMENT})",
                meta.len()
            ),
        );
        return Err(document_error(handin, &p));
    }
    let bytes = std::fs::read(handin).map_err(|e| Error::io(handin, e))?;
    let name = handin
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ex = extract(&name, &bytes).map_err(|p| document_error(handin, &p))?;
    let paths = write(&ex, out, catalog, lang)?;
    let shown = crate::error::display_path;
    let text = match format {
        crate::report::TextOrJson::Json => {
            let files: Vec<serde_json::Value> = ex
                .files
                .iter()
                .zip(&paths)
                .map(|(f, p)| {
                    serde_json::json!({
                        "path": shown(p),
                        "name": f.name,
                        "exercise": f.exercise,
                        "heading": f.heading,
                        "origins": f.origins,
                        "objects": f.objects,
                        "reindented": f.rebuilt.is_some(),
                        "choices": f.rebuilt.as_ref().map_or(0, |r| r.choices.len()),
                        "from": origin_text(&ex, f, lang),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({
                "source": ex.source,
                "kind": ex.kind,
                "objects": ex.objects(),
                "prose_lines": ex.prose_lines,
                "files": files,
            }))
            .unwrap_or_default()
                + "\n"
        }
        crate::report::TextOrJson::Human => {
            let mut s = String::new();
            for (f, p) in ex.files.iter().zip(&paths) {
                s += &tr!(
                    lang,
                    "{} : {} objet(s), {}\n",
                    "{}: {} object(s), {}\n",
                    shown(p),
                    f.objects,
                    origin_text(&ex, f, lang)
                );
                if let Some(r) = &f.rebuilt {
                    s += &tr!(
                        lang,
                        "  indentation reconstruite ({} lignes)\n",
                        "  indentation rebuilt ({} lines)\n",
                        r.moved
                    );
                    for c in &r.choices {
                        s += &tr!(
                            lang,
                            "  ligne {} : deux lectures possibles, gardée `{}` (dans `{}`) plutôt que `{}` (dans `{}`)\n",
                            "  line {}: two readings possible, kept `{}` (in `{}`) rather than `{}` (in `{}`)\n",
                            c.line,
                            c.kept.trim_start(),
                            c.kept_place,
                            c.other.trim_start(),
                            c.other_place
                        );
                    }
                }
            }
            let n = ex.objects();
            let files = ex.files.len();
            let prose = ex.prose_lines;
            s += &if files == 0 {
                tr!(
                    lang,
                    "aucun manifeste trouvé dans `{}` ({prose} lignes de texte)\n",
                    "no manifest found in `{}` ({prose} lines of text)\n",
                    shown(handin)
                )
            } else {
                tr!(
                    lang,
                    "✓ {n} objet(s) dans {files} fichier(s) écrits dans `{}` ; {prose} lignes de texte laissées de côté\n",
                    "✓ {n} object(s) in {files} file(s) written to `{}`; {prose} lines of text left out\n",
                    shown(out)
                )
            };
            s
        }
    };
    Ok((text, u8::from(ex.files.is_empty())))
}

fn document_error(path: &Path, p: &Problem) -> Error {
    let shown = crate::error::display_path(path);
    Error::other(
        format!("`{shown}` : {}", p.fr),
        format!("`{shown}`: {}", p.en),
    )
}
