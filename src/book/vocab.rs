//! The vocabulary of the course: the glossary's « Termes à éviter » list and
//! the check that the prose does not use them.

use super::prose::{line_of, prose_only};

/// One line of the list: a form to avoid and the term to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub avoid: String,
    pub use_instead: String,
}

/// A form to avoid found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// 1-based line.
    pub line: usize,
    /// The text as written.
    pub found: String,
    pub use_instead: String,
}

/// The terms of the ```text block under the glossary's `## Termes à éviter`
/// heading, one `à éviter => à employer` per line.
pub fn terms_from_glossary(md: &str) -> Vec<Term> {
    let Some(at) = md.find("## Termes à éviter") else {
        return Vec::new();
    };
    let rest = &md[at..];
    let Some(open) = rest.find("```text") else {
        return Vec::new();
    };
    let body = &rest[open + 7..];
    let body = &body[..body.find("```").unwrap_or(body.len())];
    body.lines()
        .filter_map(|l| {
            let (a, b) = l.split_once("=>")?;
            let (a, b) = (a.trim(), b.trim());
            (!a.is_empty() && !b.is_empty()).then(|| Term {
                avoid: a.to_string(),
                use_instead: b.to_string(),
            })
        })
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `found` is the term `avoid`: the first letter in either case (a
/// sentence may start with it), the rest exactly as listed; any run of
/// whitespace between words.
fn matches_at(text: &str, avoid: &str) -> Option<usize> {
    let mut t = text.char_indices().peekable();
    let mut first = true;
    let mut a = avoid.chars().peekable();
    while let Some(ac) = a.next() {
        if ac.is_whitespace() {
            while a.peek().is_some_and(|c| c.is_whitespace()) {
                a.next();
            }
            let mut n = 0;
            while t.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                t.next();
                n += 1;
            }
            if n == 0 {
                return None;
            }
            continue;
        }
        let (_, tc) = t.next()?;
        let same = if first {
            tc.to_lowercase().eq(ac.to_lowercase())
        } else {
            tc == ac
        };
        first = false;
        if !same {
            return None;
        }
    }
    let end = t.peek().map_or(text.len(), |&(i, _)| i);
    if text[end..].chars().next().is_some_and(is_word) {
        return None;
    }
    Some(end)
}

/// The forms to avoid in a Markdown text, outside code, HTML tags, link
/// targets and URLs; whole words only.
pub fn vocabulary_violations(text: &str, terms: &[Term]) -> Vec<Violation> {
    let prose = prose_only(text);
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in prose.char_indices() {
        let starts_word = is_word(c) && !prev.is_some_and(is_word);
        prev = Some(c);
        if !starts_word {
            continue;
        }
        for term in terms {
            if let Some(end) = matches_at(&prose[i..], &term.avoid) {
                out.push(Violation {
                    line: line_of(text, i),
                    found: text[i..i + end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    use_instead: term.use_instead.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<Term> {
        terms_from_glossary(
            "## Termes à éviter\n\n```text\nespace de noms => namespace\nun ConfigMap => une ConfigMap\nreplica => réplica\n```\n",
        )
    }

    #[test]
    fn whole_words_first_letter_either_case() {
        let v = vocabulary_violations(
            "Un ConfigMap ici.\nChaque replica et un ReplicaSet, des réplicas.\nL'espace de\nnoms du Pod.",
            &terms(),
        );
        let found: Vec<_> = v.iter().map(|v| (v.line, v.found.as_str())).collect();
        assert_eq!(
            found,
            [(1, "Un ConfigMap"), (2, "replica"), (3, "espace de noms")]
        );
        assert_eq!(v[0].use_instead, "une ConfigMap");
    }

    #[test]
    fn the_rest_of_the_term_keeps_its_case() {
        assert!(vocabulary_violations("un configmap", &terms()).is_empty());
    }

    #[test]
    fn code_and_link_targets_are_skipped() {
        let md = "`replica` et [le lien](replica.md)\n\n```yaml\nreplica: 1\n```\n";
        assert!(vocabulary_violations(md, &terms()).is_empty());
    }
}
