//! Self-references: « voir le chapitre Pod », « le chapitre « Service » »
//! must be links, so that a reader can follow them.

use super::prose::{line_of, prose_mask};

/// Lines (1-based) where `chapitre` or `section` is followed by a name
/// (a capital letter or `«`) that is not a link, with the text found.
pub fn unlinked_chapter_references(md: &str) -> Vec<(usize, String)> {
    let mask = prose_mask(md);
    // Prose where link texts `[…](…)` become one placeholder letter `¤`.
    let mut prose = String::with_capacity(md.len());
    let mut offsets = Vec::with_capacity(md.len());
    let mut chars = md.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !mask[i] && c != '\n' {
            continue;
        }
        if c == '[' {
            // A link text: up to `](`.
            if let Some(close) = md[i..].find("](")
                && !md[i..i + close].contains('\n')
            {
                prose.push('¤');
                offsets.push(i);
                while chars.peek().is_some_and(|&(j, _)| j < i + close) {
                    chars.next();
                }
                continue;
            }
        }
        prose.push(c);
        offsets.push(i);
    }
    let re =
        regex::Regex::new(r"\b(?i:chapitres?)[\s\u{A0}\u{202F}]+(?:(«)|(\p{Lu}))").expect("regex");
    let mut out = Vec::new();
    for m in re.find_iter(&prose) {
        let char_idx = prose[..m.start()].chars().count();
        let at = offsets[char_idx];
        let end = md[at..].find('\n').map_or(md.len(), |e| at + e);
        let snippet: String = md[at..end].chars().take(40).collect();
        out.push((line_of(md, at), snippet));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_links() {
        let md = "Voir le chapitre Pod.\nVoir le [chapitre Pod](pod.md).\nVoir le chapitre [Pod](pod.md).\nLe chapitre suivant.\nLe chapitre « Service ».\n`chapitre Pod`\n";
        let lines: Vec<usize> = unlinked_chapter_references(md)
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(lines, [1, 5]);
    }
}
