//! DOCX (Word) and ODT (LibreOffice, Google Docs export) hand-ins: zip
//! archives of XML. Paragraphs become lines; headings are told by their
//! style (`Heading1`, `Titre1`, `text:h`); spaces written as `<text:s/>` or
//! kept with `xml:space="preserve"` are kept, so an indented paste keeps its
//! indentation.

use super::{DocLine, Problem};
use quick_xml::events::Event;
use std::io::Read;

/// Largest XML part read from an archive (a zip bomb stops there).
const MAX_XML: u64 = 32 * 1024 * 1024;

/// The main XML part of an office document.
fn part(bytes: &[u8], name: &str) -> Result<String, Problem> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            format!("ce n'est pas une archive valide ({e})"),
            format!("not a valid archive ({e})"),
        )
    })?;
    let file = zip.by_name(name).map_err(|_| {
        Problem::new(
            format!("l'archive n'a pas de `{name}`"),
            format!("the archive has no `{name}`"),
        )
    })?;
    let mut xml = String::new();
    file.take(MAX_XML).read_to_string(&mut xml).map_err(|e| {
        Problem::new(
            format!("`{name}` illisible : {e}"),
            format!("`{name}` unreadable: {e}"),
        )
    })?;
    Ok(xml)
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.to_string())
        })
}

fn xml_error(e: impl std::fmt::Display) -> Problem {
    Problem::new(
        format!("XML invalide dans le document ({e})"),
        format!("invalid XML in the document ({e})"),
    )
}

/// Lines of a paragraph (a line break inside it makes several).
struct Para {
    lines: Vec<String>,
    heading: bool,
    page: u32,
}

impl Para {
    fn new(page: u32) -> Para {
        Para {
            lines: vec![String::new()],
            heading: false,
            page,
        }
    }
    fn push(&mut self, s: &str) {
        if let Some(l) = self.lines.last_mut() {
            l.push_str(s);
        }
    }
    fn flush(self, out: &mut Vec<DocLine>) {
        for text in self.lines {
            let n = out.len() as u32 + 1;
            out.push(DocLine {
                text,
                page: Some(self.page),
                line: n,
                heading: self.heading,
            });
        }
    }
}

fn heading_style(style: &str) -> bool {
    let s = style.to_lowercase();
    ["heading", "titre", "title", "berschrift", "rubrique"]
        .iter()
        .any(|h| s.starts_with(h))
}

/// The paragraphs of `word/document.xml`.
pub fn docx(bytes: &[u8]) -> Result<Vec<DocLine>, Problem> {
    let xml = part(bytes, "word/document.xml")?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut page = 1;
    let mut para: Option<Para> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Start(e) => match local(e.name().as_ref()) {
                "p" => para = Some(Para::new(page)),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "pStyle" => {
                    if let (Some(p), Some(v)) = (para.as_mut(), attr(&e, "val")) {
                        p.heading |= heading_style(&v);
                    }
                }
                "outlineLvl" => {
                    if let Some(p) = para.as_mut() {
                        p.heading = true;
                    }
                }
                "ta" => {
                    if let Some(p) = para.as_mut() {
                        p.push("\t");
                    }
                }
                "br" | "cr" => {
                    if attr(&e, "type").as_deref() == Some("page") {
                        page += 1;
                    } else if let Some(p) = para.as_mut() {
                        p.lines.push(String::new());
                    }
                }
                "lastRenderedPageBreak" => {
                    page += 1;
                    if let Some(p) = para.as_mut()
                        && p.lines.iter().all(String::is_empty)
                    {
                        p.page = page;
                    }
                }
                "p" => Para::new(page).flush(&mut out),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.xml10_content();
                if let Some(p) = para.as_mut() {
                    p.push(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.push(&entity(&r));
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_text = false,
                "p" => {
                    if let Some(p) = para.take() {
                        p.flush(&mut out);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

/// `&amp;` and friends, `&#233;`.
fn entity(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &*r.xml10_content() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// The paragraphs and headings of `content.xml`.
pub fn odt(bytes: &[u8]) -> Result<Vec<DocLine>, Problem> {
    let xml = part(bytes, "content.xml")?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut page = 1;
    // Paragraphs nest (a note inside a paragraph): the innermost one gets the text.
    let mut stack: Vec<Para> = Vec::new();
    let mut in_body = false;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Start(e) => match local(e.name().as_ref()) {
                "body" => in_body = true,
                "p" | "h" if in_body => {
                    let mut p = Para::new(page);
                    p.heading = local(e.name().as_ref()) == "h";
                    stack.push(p);
                }
                _ => {}
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "s" => {
                    let n: usize = attr(&e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                    if let Some(p) = stack.last_mut() {
                        p.push(&" ".repeat(n.min(200)));
                    }
                }
                "ta" => {
                    if let Some(p) = stack.last_mut() {
                        p.push("\t");
                    }
                }
                "line-break" => {
                    if let Some(p) = stack.last_mut() {
                        p.lines.push(String::new());
                    }
                }
                "soft-page-break" => page += 1,
                "p" | "h" if in_body => Para::new(page).flush(&mut out),
                _ => {}
            },
            Event::Text(t) => {
                if let Some(p) = stack.last_mut() {
                    let s = t.xml10_content();
                    // Runs of blanks in ODF text are one space (`text:s` says more).
                    let mut prev_blank = false;
                    let mut clean = String::with_capacity(s.len());
                    for c in s.chars() {
                        let blank = matches!(c, ' ' | '\n' | '\r' | '\t');
                        if !(blank && prev_blank) {
                            clean.push(if blank { ' ' } else { c });
                        }
                        prev_blank = blank;
                    }
                    p.push(&clean);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = stack.last_mut() {
                    p.push(&entity(&r));
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "p" | "h" if in_body => {
                    if let Some(p) = stack.pop() {
                        p.flush(&mut out);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}
