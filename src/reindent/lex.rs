//! One line of a manifest whose indentation is not trusted: what it is
//! once its leading blanks are removed.

/// What a value after `key:` is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    /// Nothing (or only a comment, an anchor or a tag): the content is on the next lines.
    Open,
    /// `|`, `|-`, `>+`, `|2`…: a block scalar, with its explicit indentation if given.
    Block { indent: Option<usize> },
    /// A scalar or a flow collection on this line; `open` when a quote or a
    /// bracket stays open at the end of the line (it goes on below); `flow`:
    /// the bracket a flow collection starts with.
    Scalar { open: bool, flow: Option<char> },
}

/// A line, without its indentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    Blank,
    Comment,
    /// `---` (a new document).
    DocStart,
    /// `...`
    DocEnd,
    /// `key: value`; `key` unquoted.
    Key {
        key: String,
        val: Val,
    },
    /// `- …`: a list item; `None` for a bare `-`.
    Item(Option<Box<Tok>>),
    /// Anything else: a scalar on its own line (continuation, list of one scalar…).
    Text,
}

/// Reads one line (leading blanks already removed).
pub fn token(t: &str) -> Tok {
    let t = t.trim_end();
    if t.is_empty() {
        return Tok::Blank;
    }
    if t.starts_with('#') {
        return Tok::Comment;
    }
    if t == "---" || t.starts_with("--- ") || t.starts_with("---\t") {
        return Tok::DocStart;
    }
    if t == "..." {
        return Tok::DocEnd;
    }
    if t == "-" {
        return Tok::Item(None);
    }
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("-\t")) {
        let rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('#') {
            return Tok::Item(None);
        }
        return Tok::Item(Some(Box::new(token(rest))));
    }
    match key(t) {
        Some((k, rest)) => Tok::Key {
            key: k,
            val: value(rest),
        },
        None => Tok::Text,
    }
}

/// `key: rest` → (key unquoted, rest); None when the line is no mapping entry.
pub fn key(t: &str) -> Option<(String, &str)> {
    let first = t.chars().next()?;
    if first == '"' || first == '\'' {
        let end = closing_quote(t, first)?;
        let after = t[end + 1..].trim_start();
        let rest = after.strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        let inner = &t[1..end];
        let k = if first == '\'' {
            inner.replace("''", "'")
        } else {
            inner.replace("\\\"", "\"")
        };
        return Some((k, rest.trim_start()));
    }
    if matches!(
        first,
        '[' | '{' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' | ',' | '?' | ':' | '#'
    ) {
        // `<<` (merge key) starts with '<', which is allowed.
        return None;
    }
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' && (i + 1 == bytes.len() || matches!(bytes[i + 1], b' ' | b'\t')) {
            let k = &t[..i];
            // Keys of Kubernetes manifests never hold blanks: a line with
            // one before its colon is a sentence, not a key.
            if k.is_empty() || k.contains([' ', '\t']) {
                return None;
            }
            return Some((k.to_string(), t[i + 1..].trim_start()));
        }
        if matches!(bytes[i], b' ' | b'\t') {
            return None;
        }
        i += 1;
    }
    None
}

fn closing_quote(t: &str, q: char) -> Option<usize> {
    let mut chars = t.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
            continue;
        }
        if c == q {
            if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i);
        }
    }
    None
}

/// The value after `key:`.
pub fn value(rest: &str) -> Val {
    let rest = rest.trim();
    if rest.is_empty() || rest.starts_with('#') {
        return Val::Open;
    }
    // An anchor or a tag alone: the content is below.
    if rest.starts_with(['&', '!']) {
        let mut words = rest.split_whitespace();
        let _ = words.next();
        match words.next() {
            None => return Val::Open,
            Some(w) if w.starts_with('#') => return Val::Open,
            Some(w) if w.starts_with(['|', '>']) => return value(w),
            Some(_) => {}
        }
    }
    if let Some(h) = rest.strip_prefix(['|', '>']) {
        let header = h.split(" #").next().unwrap_or("").trim();
        if header
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
        {
            let indent = header
                .chars()
                .find(|c| c.is_ascii_digit())
                .and_then(|c| c.to_digit(10))
                .map(|d| d as usize);
            return Val::Block { indent };
        }
    }
    Val::Scalar {
        open: stays_open(rest),
        flow: rest.chars().next().filter(|c| matches!(c, '[' | '{')),
    }
}

/// A quoted scalar or a flow collection that goes on below this line.
pub fn stays_open(s: &str) -> bool {
    open_after(s, 0, None) != (0, None)
}

/// Brackets still open and the quote still open after `s`, starting from a state.
pub fn open_after(s: &str, mut depth: i32, mut quote: Option<char>) -> (i32, Option<char>) {
    let first = s.trim_start().chars().next();
    // A plain scalar (`a'b`, `5"`) holds quotes that open nothing.
    if depth == 0 && quote.is_none() && !matches!(first, Some('"' | '\'' | '[' | '{')) {
        return (0, None);
    }
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match quote {
            Some('"') => {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    quote = None;
                }
            }
            Some(q) => {
                if c == q {
                    if chars.peek() == Some(&q) {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                '#' if prev == ' ' => break,
                _ => {}
            },
        }
        prev = c;
    }
    if depth < 0 {
        depth = 0;
    }
    (depth, quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(
            token("name: web # le nom"),
            Tok::Key {
                key: "name".into(),
                val: Val::Scalar {
                    open: false,
                    flow: None
                }
            }
        );
        assert_eq!(
            token("metadata:"),
            Tok::Key {
                key: "metadata".into(),
                val: Val::Open
            }
        );
        assert_eq!(
            token("image: nginx:1.25"),
            Tok::Key {
                key: "image".into(),
                val: Val::Scalar {
                    open: false,
                    flow: None
                }
            }
        );
        assert_eq!(token("http://example.org"), Tok::Text);
        assert_eq!(token("Voici la structure du projet:"), Tok::Text);
        assert_eq!(
            token("- containerPort: 80"),
            Tok::Item(Some(Box::new(Tok::Key {
                key: "containerPort".into(),
                val: Val::Scalar {
                    open: false,
                    flow: None
                }
            })))
        );
        assert_eq!(
            token("\"app.kubernetes.io/name\": web"),
            Tok::Key {
                key: "app.kubernetes.io/name".into(),
                val: Val::Scalar {
                    open: false,
                    flow: None
                }
            }
        );
        assert_eq!(
            token("script: |-"),
            Tok::Key {
                key: "script".into(),
                val: Val::Block { indent: None }
            }
        );
        assert_eq!(
            token("args: [\"a\","),
            Tok::Key {
                key: "args".into(),
                val: Val::Scalar {
                    open: true,
                    flow: Some('[')
                }
            }
        );
        assert_eq!(token("---"), Tok::DocStart);
        assert_eq!(token("- \"--port\""), Tok::Item(Some(Box::new(Tok::Text))));
    }
}
