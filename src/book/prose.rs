//! What a student reads in a chapter's Markdown: the prose, as opposed to
//! code (fenced or inline), HTML tags, link targets, URLs and directives.
//! French spacing, the vocabulary and the chapter-link checks work on it.

/// For every byte of `md`, whether it belongs to the prose.
pub fn prose_mask(md: &str) -> Vec<bool> {
    let mut mask = vec![false; md.len()];
    let mut fence: Option<(char, usize)> = None;
    let mut start = 0;
    for line in md.split_inclusive('\n') {
        let end = start + line.len();
        let t = line.trim_start();
        let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        if let Some((c, n)) = fence {
            if marker.len() >= n && marker.starts_with(c) && t.trim_end().chars().all(|x| x == c) {
                fence = None;
            }
        } else if marker.len() >= 3
            && (marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~'))
        {
            fence = Some((marker.chars().next().unwrap_or('`'), marker.len()));
        } else if !is_reference_definition(t) {
            mask_line(line, &mut mask[start..end]);
        }
        start = end;
    }
    mask
}

/// `[label]: https://…`
fn is_reference_definition(t: &str) -> bool {
    t.starts_with('[') && t.find("]:").is_some_and(|i| !t[..i].contains(']'))
}

fn mask_line(line: &str, mask: &mut [bool]) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &line[i..];
        // Inline code: a run of n backticks up to the next run of exactly n.
        if b[i] == b'`' {
            let n = rest.bytes().take_while(|&c| c == b'`').count();
            let mut j = i + n;
            let mut close = None;
            while j < b.len() {
                if b[j] == b'`' {
                    let m = line[j..].bytes().take_while(|&c| c == b'`').count();
                    if m == n {
                        close = Some(j + m);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(e) => i = e,
                None => {
                    i += n;
                }
            }
            continue;
        }
        // HTML tags and comments, autolinks.
        if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!')
            && let Some(e) = rest.find('>')
        {
            i += e + 1;
            continue;
        }
        // Link and image targets.
        if rest.starts_with("](") {
            let mut depth = 0usize;
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            mask[i] = true;
            i = j + 1;
            continue;
        }
        // Directives.
        if rest.starts_with("{{") {
            i += rest.find("}}").map_or(rest.len(), |e| e + 2);
            continue;
        }
        // Bare URLs.
        if rest.starts_with("http://") || rest.starts_with("https://") {
            i += rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .unwrap_or(rest.len());
            continue;
        }
        let len = rest.chars().next().map_or(1, char::len_utf8);
        for m in &mut mask[i..(i + len).min(b.len())] {
            *m = true;
        }
        i += len;
    }
}

/// 1-based line of a byte offset.
pub fn line_of(md: &str, offset: usize) -> usize {
    md[..offset.min(md.len())].matches('\n').count() + 1
}

/// The prose of `md` with everything else replaced by spaces (same byte
/// offsets, same lines).
pub fn prose_only(md: &str) -> String {
    let mask = prose_mask(md);
    let mut out = String::with_capacity(md.len());
    for (i, c) in md.char_indices() {
        if c == '\n' || mask[i] {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
        }
    }
    out
}
