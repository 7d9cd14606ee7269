//! PDF hand-ins: the text layer of each page (pdf-extract), line by line.
//! A scanned PDF has no text layer: nothing is found, and the report says so.

use super::{DocLine, Problem};
use std::cell::Cell;

thread_local! {
    /// Set while a PDF is read: a panic of the reader is caught and not printed.
    static READING: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the default panic message for every panic but the PDF reader's.
fn quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

pub fn lines(bytes: &[u8]) -> Result<Vec<DocLine>, Problem> {
    quiet_hook();
    READING.with(|r| r.set(true));
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    READING.with(|r| r.set(false));
    let pages = match pages {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => {
            return Err(Problem::new(
                format!("PDF illisible ({e})"),
                format!("unreadable PDF ({e})"),
            ));
        }
        Err(_) => {
            return Err(Problem::new(
                "PDF illisible (le lecteur de PDF a échoué sur ce fichier)".into(),
                "unreadable PDF (the PDF reader failed on this file)".into(),
            ));
        }
    };
    let mut out = Vec::new();
    for (p, text) in pages.iter().enumerate() {
        for (i, line) in text.lines().enumerate() {
            out.push(DocLine {
                text: line.replace('\u{a0}', " "),
                page: Some(p as u32 + 1),
                line: i as u32 + 1,
                heading: false,
            });
        }
    }
    Ok(out)
}
