//! The bodies of the fuzz targets, shared by the cargo-fuzz crate
//! (`fuzz/fuzz_targets/*.rs`) and the stable test `tests/fuzz_corpus.rs`
//! (both include this file with `#[path]`). Each body takes arbitrary bytes
//! and panics only when the library breaks a promise: a panic inside the
//! library, an error message that is not French in French mode, a location
//! outside the file, a re-indentation that changes the number of lines.

#![allow(dead_code)]

use kubecours::color::Paint;
use kubecours::diag::Finding;
use kubecours::engine::{self, Options};
use kubecours::i18n::Lang;
use kubecours::report::{self, Command};
use kubecours::source::SourceFile;
use lsp_types::{Position, Range};

/// Words that give away an English sentence left in a French message.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "not",
    "expected",
    "found",
    "should",
    "must",
    "cannot",
    "unexpected",
    "while",
    "this",
    "with",
];

/// The message without what it quotes (`code`, "strings", « guillemets »)
/// and without the detail in parentheses, where a message gives the words of
/// a third-party reader (the zip or PDF library) after its French sentence.
fn prose(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '`' | '"' | '«' | '“' | '(') => {
                quote = Some(match c {
                    '«' => '»',
                    '“' => '”',
                    '(' => ')',
                    c => c,
                })
            }
            None => out.push(c),
        }
    }
    out
}

/// Panics unless `fr` reads as French: not empty, and no English word
/// outside what it quotes.
pub fn assert_french(fr: &str, what: &str) {
    assert!(!fr.trim().is_empty(), "{what}: empty French message");
    let text = prose(fr).to_lowercase();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !ENGLISH.contains(&word),
            "{what}: English word `{word}` in the French message: {fr}"
        );
    }
}

/// A finding says where it is (inside its file) and says it in French.
pub fn assert_finding(f: &Finding, files: &[SourceFile]) {
    let fr = f.message(Lang::Fr);
    assert_french(&fr, f.code.id);
    let help = f.help(Lang::Fr);
    if !help.is_empty() {
        assert_french(&help, f.code.id);
    }
    assert!(!f.message(Lang::En).trim().is_empty(), "{}", f.code.id);
    if let Some(i) = f.file {
        let file = files
            .get(i)
            .unwrap_or_else(|| panic!("{}: no file {i}", f.code.id));
        assert!(
            f.pos.line >= 1 && f.pos.line as usize <= file.line_count() + 1,
            "{}: line {} outside the file ({} lines): {fr}",
            f.code.id,
            f.pos.line,
            file.line_count()
        );
        assert!(f.pos.col >= 1, "{}: column 0: {fr}", f.code.id);
    }
}

/// `lint`: the bytes as one file through the engine with the default
/// options, then every report format of `lint`, in French and in English.
pub fn lint(data: &[u8]) {
    let opts = Options::default();
    let file = SourceFile::from_bytes("fuzz.yaml", data.to_vec(), opts.max_file_size);
    let run = engine::lint_sources(vec![file], &opts);
    for f in &run.findings {
        assert_finding(f, &run.files);
    }
    let rep = report::lint_report(&run);
    for format in report::FORMATS.iter().filter(|f| f.fits(Command::Lint)) {
        for lang in [Lang::Fr, Lang::En] {
            let _ = report::write(format, &rep, lang, Paint::plain());
        }
    }
}

/// `reindent`: rebuild and repair on UTF-8 text keep the number of lines.
pub fn reindent(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count();
    let rebuilt = kubecours::reindent::rebuild(text);
    assert_eq!(rebuilt.text.lines().count(), lines, "rebuild: line count");
    if let Some(repaired) = kubecours::reindent::repair(text) {
        assert_eq!(repaired.text.lines().count(), lines, "repair: line count");
        let files = [SourceFile::from_text("fuzz.yaml", text)];
        for f in repaired.findings(0) {
            assert_finding(&f, &files);
        }
    }
}

/// Document names the `extract` target picks from with its first byte.
pub const DOCUMENT_NAMES: &[&str] = &[
    "rendu.txt",
    "rendu.md",
    "rendu.docx",
    "rendu.odt",
    "rendu.pdf",
    "rendu",
];

/// `extract`: the first byte picks the document's name (so its kind), the
/// rest is the document. A document either gives files, each with its
/// origin in both languages, or a French reason.
pub fn extract(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = DOCUMENT_NAMES[pick as usize % DOCUMENT_NAMES.len()];
    extract_named(name, bytes);
}

pub fn extract_named(name: &str, bytes: &[u8]) {
    use kubecours::extract;
    match extract::extract(name, bytes) {
        Ok(ex) => {
            for f in &ex.files {
                for lang in [Lang::Fr, Lang::En] {
                    let _ = extract::origin_text(&ex, f, lang);
                    let _ = extract::file_text(&ex, f, lang);
                }
                let _ = extract::header_lines(f);
                let _ = extract::relative_path(f, None);
                if let Some(r) = &f.rebuilt {
                    let files = [SourceFile::from_text(f.name.clone(), f.text.clone())];
                    for finding in r.findings(0) {
                        assert_finding(&finding, &files);
                    }
                }
            }
        }
        Err(p) => {
            assert_french(&p.message(Lang::Fr), "extract");
            assert!(!p.message(Lang::En).trim().is_empty());
        }
    }
}

/// `lsp`: the first 8 bytes are a range (four big-endian u16: start line,
/// start character, end line, end character), the rest is a document
/// (lossy UTF-8) split in two: the text and the replacement. Positions are
/// converted and the change applied; clamping must keep every offset on a
/// character boundary.
pub fn lsp(data: &[u8]) {
    use kubecours::lsp::text;
    if data.len() < 8 {
        return;
    }
    let n = |i: usize| u16::from_be_bytes([data[i], data[i + 1]]) as u32;
    let range = Range {
        start: Position::new(n(0), n(2)),
        end: Position::new(n(4), n(6)),
    };
    let body = String::from_utf8_lossy(&data[8..]);
    let (doc, new) = match body.char_indices().nth(body.chars().count() * 3 / 4) {
        Some((i, _)) => (&body[..i], &body[i..]),
        None => (&body[..], ""),
    };
    for p in [range.start, range.end] {
        let o = text::offset_of(doc, p);
        assert!(o <= doc.len() && doc.is_char_boundary(o), "offset_of {p:?}");
        let line = text::line_of(doc, p.line);
        let chars = text::chars_of_utf16(line, p.character);
        assert!(chars <= line.chars().count());
        assert!(
            text::utf16_of_chars(line, chars)
                >= p.character.min(line.encode_utf16().count() as u32)
        );
    }
    let r = text::range_of(doc, range.start.line + 1, range.start.character + 1, n(6));
    assert!(r.start.line == r.end.line && r.start.character <= r.end.character);
    let _ = text::text_at(doc, range);
    let mut edited = doc.to_string();
    text::apply_change(&mut edited, Some(range), new);
    let mut whole = doc.to_string();
    text::apply_change(&mut whole, None, new);
    assert_eq!(whole, new);
}
