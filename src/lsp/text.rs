//! Positions and addresses: the engine counts lines from 1 and columns in
//! characters from 1; the protocol counts both from 0, columns in UTF-16
//! code units. File URIs to paths and back.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};

/// The text of a 0-based line (without its end of line), or "".
pub fn line_of(text: &str, line: u32) -> &str {
    text.split('\n')
        .nth(line as usize)
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// UTF-16 units of the first `chars` characters of `line`.
pub fn utf16_of_chars(line: &str, chars: usize) -> u32 {
    line.chars().take(chars).map(|c| c.len_utf16() as u32).sum()
}

/// Characters before the UTF-16 offset `units` of `line` (clamped).
pub fn chars_of_utf16(line: &str, units: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in line.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    line.chars().count()
}

/// The protocol range of `len` characters at an engine position (line and
/// column from 1) of `text`; clamped to the line.
pub fn range_of(text: &str, line: u32, col: u32, len: u32) -> Range {
    let l = line.saturating_sub(1);
    let s = line_of(text, l);
    let start = col.saturating_sub(1) as usize;
    let end = start + len.max(1) as usize;
    let count = s.chars().count();
    let start = start.min(count);
    let end = end.min(count).max(start);
    Range {
        start: Position::new(l, utf16_of_chars(s, start)),
        end: Position::new(l, utf16_of_chars(s, end)),
    }
}

/// The text covered by a protocol range on one line (None if it spans lines).
pub fn text_at(text: &str, range: Range) -> Option<String> {
    if range.start.line != range.end.line {
        return None;
    }
    let s = line_of(text, range.start.line);
    let a = chars_of_utf16(s, range.start.character);
    let b = chars_of_utf16(s, range.end.character);
    Some(s.chars().skip(a).take(b.saturating_sub(a)).collect())
}

/// Applies a protocol change (a range and its new text, or the whole text)
/// to a document.
pub fn apply_change(text: &mut String, range: Option<Range>, new: &str) {
    let Some(r) = range else {
        *text = new.to_string();
        return;
    };
    let (a, b) = (offset_of(text, r.start), offset_of(text, r.end));
    let (a, b) = (a.min(b), a.max(b));
    text.replace_range(a..b, new);
}

/// Byte offset of a protocol position (clamped to the text).
pub fn offset_of(text: &str, p: Position) -> usize {
    let mut start = 0;
    for _ in 0..p.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let mut units = 0u32;
    for (i, c) in line.char_indices() {
        if units >= p.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// The path of a `file:` URI (None for other schemes: an untitled buffer).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///x` (empty authority) or `file://localhost/x`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(path.split(['?', '#']).next().unwrap_or(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        // `file:///c%3A/x` on Windows.
        let s = String::from_utf8(bytes).ok()?;
        Some(PathBuf::from(s.trim_start_matches('/')))
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path (every byte but the unreserved ones
/// and `/` percent-encoded, the way VS Code writes them).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    let text = path.to_string_lossy();
    #[cfg(not(unix))]
    s.push('/');
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else if cfg!(not(unix)) && b == b'\\' {
            s.push('/');
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a: é😀x\nb: c\n";
        // `x` is the 6th character (1-based), after one 2-unit character.
        let r = range_of(text, 1, 6, 1);
        assert_eq!(r.start, Position::new(0, 6));
        assert_eq!(r.end, Position::new(0, 7));
        assert_eq!(text_at(text, r).as_deref(), Some("x"));
        assert_eq!(chars_of_utf16("é😀x", 3), 2);
        // Past the end of the line: clamped.
        let r = range_of(text, 2, 4, 10);
        assert_eq!((r.start.character, r.end.character), (3, 4));
    }

    #[test]
    fn changes_apply_by_range() {
        let mut t = String::from("a: 1\nb: 2\n");
        apply_change(
            &mut t,
            Some(Range::new(Position::new(1, 3), Position::new(1, 4))),
            "30",
        );
        assert_eq!(t, "a: 1\nb: 30\n");
        apply_change(&mut t, None, "x");
        assert_eq!(t, "x");
        // Out of range positions are clamped, not a panic.
        apply_change(
            &mut t,
            Some(Range::new(Position::new(9, 9), Position::new(10, 0))),
            "!",
        );
        assert_eq!(t, "x!");
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/home/élève/mes fichiers/service.yaml");
        let u = uri_of(p).unwrap();
        assert_eq!(
            u.as_str(),
            "file:///home/%C3%A9l%C3%A8ve/mes%20fichiers/service.yaml"
        );
        assert_eq!(path_of(&u).unwrap(), p);
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert!(path_of(&untitled).is_none());
    }
}
