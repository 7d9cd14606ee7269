//! French spacing: authors write ordinary spaces, the preprocessor makes the
//! ones before `; ? !` narrow no-break spaces (U+202F) and the ones before
//! `:`, after `«` and before `»` no-break spaces (U+00A0), in the prose only.

use super::prose::prose_mask;

pub const NNBSP: char = '\u{202F}';
pub const NBSP: char = '\u{A0}';

/// Replaces the ordinary spaces around French punctuation of the prose.
pub fn french_spacing(md: &str) -> String {
    let mask = prose_mask(md);
    let chars: Vec<(usize, char)> = md.char_indices().collect();
    let mut out = String::with_capacity(md.len() + 64);
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c == ' ' && mask[i] {
            let prev = k.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(k + 1).copied();
            let after_text = prev.is_some_and(|(_, p)| !p.is_whitespace());
            if let Some((j, n)) = next
                && mask[j]
            {
                let next2 = chars.get(k + 2).map(|&(_, c)| c);
                let replacement = match n {
                    ';' | '?' if after_text => Some(NNBSP),
                    '!' if after_text && next2 != Some('[') => Some(NNBSP),
                    ':' if after_text && !is_table_delimiter(md, i) => Some(NBSP),
                    '»' if after_text => Some(NBSP),
                    _ => None,
                };
                if let Some(r) = replacement {
                    out.push(r);
                    continue;
                }
            }
            if let Some((_, '«')) = prev
                && next.is_some_and(|(_, n)| !n.is_whitespace())
            {
                out.push(NBSP);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A table delimiter row such as `| :--- | ---: |`.
fn is_table_delimiter(md: &str, at: usize) -> bool {
    let start = md[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = md[at..].find('\n').map_or(md.len(), |p| at + p);
    let line = &md[start..end];
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | ':' | '-' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_double_punctuation_become_no_break() {
        assert_eq!(
            french_spacing("Pourquoi ? Parce que ! Ainsi ; voici : la fin."),
            "Pourquoi\u{202F}? Parce que\u{202F}! Ainsi\u{202F}; voici\u{A0}: la fin."
        );
    }

    #[test]
    fn inside_guillemets() {
        assert_eq!(
            french_spacing("un « réplica » ici"),
            "un «\u{A0}réplica\u{A0}» ici"
        );
    }

    #[test]
    fn code_is_left_alone() {
        let md = "Lancez `kubectl get pods ; echo ?` puis :\n\n```yaml\nname: a ; b ?\n```\n";
        let out = french_spacing(md);
        assert!(out.contains("`kubectl get pods ; echo ?`"));
        assert!(out.contains("name: a ; b ?\n"));
        assert!(out.contains("puis\u{A0}:"));
        assert_eq!(french_spacing("```\na ?\n```\n"), "```\na ?\n```\n");
    }

    #[test]
    fn html_links_urls_and_images_are_left_alone() {
        let md = r#"<a title="a ? b">x</a> [lien](http://h/a ?b) voir ![schéma](x.svg) https://h/x?y=1 :"#;
        let out = french_spacing(md);
        assert!(out.contains(r#"title="a ? b""#));
        assert!(out.contains("(http://h/a ?b)"));
        assert!(out.contains(" ![schéma]"));
        assert!(out.contains("https://h/x?y=1\u{A0}:"));
    }

    #[test]
    fn indentation_tables_and_definition_lists_are_left_alone() {
        let md = "| a | b |\n| :--- | ---: |\n\nTerme\n  : définition\n";
        assert_eq!(french_spacing(md), md);
    }
}
