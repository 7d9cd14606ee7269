//! From the lines of a document to its manifests: fenced blocks of a
//! Markdown page, and unfenced runs of YAML lines that start at an
//! `apiVersion:` or a `kind:` (with the comments just above them) and end at
//! the first line of prose or at a heading. Each run is named after the
//! heading or the prose line just before it: an environment
//! ("Contenu du Manifest de production" → `prod.yaml`), a file name
//! (`service.yaml`), else the kind of its only object.

use super::DocLine;
use crate::reindent::lex::{Tok, Val, token};

/// A run of manifest lines: indices `start..end` into the document's lines.
#[derive(Debug, Clone)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub fenced: bool,
    /// The heading or prose line that names it, when one does.
    pub heading: Option<String>,
    /// `exercice 5` said in a heading above it.
    pub exercise: Option<u32>,
    /// `prod`, `preprod`…, from its heading.
    pub env: Option<&'static str>,
    /// A file name (`service.yaml`) from its heading.
    pub file: Option<String>,
}

fn trimmed(l: &DocLine) -> &str {
    l.text.trim()
}

fn fence(t: &str) -> Option<&str> {
    t.strip_prefix("```").or_else(|| t.strip_prefix("~~~"))
}

/// A Markdown heading (`## Production`), outside of any block.
fn md_heading(t: &str) -> Option<&str> {
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        Some(t[hashes..].trim())
    } else {
        None
    }
}

fn starts_manifest(t: &str) -> bool {
    t.starts_with("apiVersion:") || t.starts_with("kind:")
}

/// Words of a line of prose (`La gestion des répliques d'une application`).
fn sentence_like(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let first = t.chars().next().unwrap_or(' ');
    words >= 4 && first.is_uppercase() && !t.contains(['{', '}', ';', '=', '<', '>', '$', '|'])
}

/// `Remarque: le service est exposé sur le port 80` is prose, not a key.
fn prose_key(key: &str, t: &str) -> bool {
    let value = t.split_once(':').map_or("", |(_, v)| v.trim());
    key.chars().next().is_some_and(char::is_uppercase)
        && key.chars().all(char::is_alphabetic)
        && !value.starts_with(['"', '\''])
        && value.split_whitespace().count() >= 3
}

/// State of the scan inside a run of manifest lines.
#[derive(Default)]
struct Scan {
    /// Inside a block scalar (`key: |`).
    block: bool,
    /// The previous line was blank.
    after_blank: bool,
}

impl Scan {
    /// Does this line belong to the manifest?
    fn yamlish(&mut self, l: &DocLine, markdown: bool) -> bool {
        let t = trimmed(l);
        if l.heading {
            return false;
        }
        if t.is_empty() {
            self.after_blank = true;
            return true;
        }
        let after_blank = std::mem::replace(&mut self.after_blank, false);
        if markdown && fence(t).is_some() {
            return false;
        }
        let tok = token(t);
        let ok = match &tok {
            Tok::Blank => true,
            // In Markdown, a `#` heading after a blank line ends the run (a
            // manifest right below it starts a new one).
            Tok::Comment => !(markdown && after_blank && md_heading(t).is_some()),
            Tok::DocStart | Tok::DocEnd => true,
            Tok::Key { key, .. } => !prose_key(key, t),
            Tok::Item(inner) => match inner.as_deref() {
                Some(Tok::Text) | None => !sentence_like(t.trim_start_matches('-').trim()),
                _ => true,
            },
            Tok::Text => self.block && !(after_blank && sentence_like(t)),
        };
        if ok {
            match &tok {
                Tok::Key {
                    val: Val::Block { .. },
                    ..
                } => self.block = true,
                Tok::Item(Some(inner))
                    if matches!(
                        &**inner,
                        Tok::Key {
                            val: Val::Block { .. },
                            ..
                        }
                    ) =>
                {
                    self.block = true
                }
                Tok::Key { .. } | Tok::Item(_) | Tok::DocStart => self.block = false,
                _ => {}
            }
        }
        ok
    }
}

/// Does a manifest start at line `i` (its own `apiVersion:`/`kind:`, or
/// comments and `---` just above one)?
fn starts_at(lines: &[DocLine], i: usize) -> bool {
    for l in &lines[i..] {
        let t = trimmed(l);
        if l.heading {
            return false;
        }
        if starts_manifest(t) {
            return true;
        }
        if !(t.starts_with('#') || t == "---") {
            return false;
        }
    }
    false
}

/// Finds every manifest of a document.
pub fn blocks(lines: &[DocLine], markdown: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut prose_from = 0;
    let mut exercise = None;
    let mut i = 0;
    while i < lines.len() {
        let t = trimmed(&lines[i]);
        if let Some(n) = exercise_of(t) {
            exercise = Some(n);
        }
        if let Some(info) = fence(t) {
            let close = lines[i + 1..]
                .iter()
                .position(|l| fence(trimmed(l)).is_some())
                .map_or(lines.len(), |p| i + 1 + p);
            let info = info.trim().to_lowercase();
            let body = &lines[i + 1..close];
            let yaml = matches!(info.as_str(), "yaml" | "yml" | "" | "text" | "console")
                || info.starts_with("yaml");
            if yaml && body.iter().any(|l| starts_manifest(trimmed(l))) {
                out.push(named(
                    lines,
                    prose_from..i,
                    Block {
                        start: i + 1,
                        end: close,
                        fenced: true,
                        heading: None,
                        exercise,
                        env: None,
                        file: None,
                    },
                ));
            }
            i = close + 1;
            prose_from = i;
            continue;
        }
        let heading_here = lines[i].heading || (markdown && md_heading(t).is_some());
        if starts_at(lines, i) && (!heading_here || t.starts_with('#')) {
            let mut scan = Scan::default();
            let mut j = i;
            while j < lines.len() && scan.yamlish(&lines[j], markdown) {
                j += 1;
            }
            let mut end = j;
            while end > i && trimmed(&lines[end - 1]).is_empty() {
                end -= 1;
            }
            out.push(named(
                lines,
                prose_from..i,
                Block {
                    start: i,
                    end,
                    fenced: false,
                    heading: None,
                    exercise,
                    env: None,
                    file: None,
                },
            ));
            i = j.max(i + 1);
            prose_from = i;
            continue;
        }
        i += 1;
    }
    out
}

/// Names a block from the prose above it (closest line first), then from
/// its own leading comments.
fn named(lines: &[DocLine], prose: std::ops::Range<usize>, mut b: Block) -> Block {
    let own_comments = lines[b.start..b.end]
        .iter()
        .take_while(|l| {
            let t = trimmed(l);
            t.starts_with('#') || t == "---" || t.is_empty()
        })
        .map(trimmed);
    let context: Vec<&str> = lines[prose]
        .iter()
        .rev()
        .map(trimmed)
        .filter(|t| !t.is_empty())
        .take(6)
        .chain(own_comments)
        .collect();
    for t in &context {
        let clean = clean_heading(t);
        if b.file.is_none()
            && let Some(f) = file_name_in(&clean)
        {
            b.file = Some(f);
            b.heading.get_or_insert(clean.clone());
        }
        if b.env.is_none()
            && let Some(e) = environment(&clean)
        {
            b.env = Some(e);
            b.heading.get_or_insert(clean.clone());
        }
        if b.exercise.is_none()
            && let Some(n) = exercise_of(&clean)
        {
            b.exercise = Some(n);
        }
    }
    if b.heading.is_none() {
        b.heading = context
            .first()
            .map(|t| clean_heading(t))
            .filter(|h| !h.is_empty());
    }
    b
}

/// A heading without its decoration (`. `, `#`, bullets, `**`).
pub fn clean_heading(t: &str) -> String {
    t.trim_start_matches(['#', '.', '•', '*', '-', '–', '—', '>', ' ', '\t'])
        .trim_end_matches(['*', ':', ' '])
        .replace("**", "")
        .trim()
        .to_string()
}

/// Lower case without accents, for matching words.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The environment a heading names: `prod`, `preprod`, `staging`, `dev`, `test`, `recette`.
pub fn environment(heading: &str) -> Option<&'static str> {
    let w = words(heading);
    let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    if has(&["preprod", "preproduction", "pre-prod", "pre-production"]) {
        Some("preprod")
    } else if has(&["prod", "production"]) {
        Some("prod")
    } else if has(&["staging"]) {
        Some("staging")
    } else if has(&["recette", "qualification", "qualif"]) {
        Some("recette")
    } else if has(&["dev", "developpement", "development"]) {
        Some("dev")
    } else if has(&["test", "tests"]) && w.len() <= 6 {
        Some("test")
    } else {
        None
    }
}

/// A file name said in a heading (`service.yaml`, `deployment.yml`).
pub fn file_name_in(heading: &str) -> Option<String> {
    heading
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '`' | '"' | '\'' | '(' | ')' | ',' | '«' | '»')
        })
        .map(|w| w.trim_end_matches([':', '.', ';']))
        .find(|w| {
            (w.ends_with(".yaml") || w.ends_with(".yml"))
                && w.len() > 5
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        })
        .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
}

/// `Exercice 5`, `exercise 12`, `Ex. 3`.
pub fn exercise_of(line: &str) -> Option<u32> {
    let w = words(line);
    w.windows(2).find_map(|p| {
        matches!(p[0].as_str(), "exercice" | "exercise" | "ex" | "exo")
            .then(|| p[1].parse::<u32>().ok())
            .flatten()
            .filter(|n| (1..100).contains(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<DocLine> {
        text.lines()
            .enumerate()
            .map(|(i, t)| DocLine {
                text: t.into(),
                page: None,
                line: i as u32 + 1,
                heading: false,
            })
            .collect()
    }

    #[test]
    fn words_of_headings() {
        assert_eq!(
            environment("Contenu du Manifest de production"),
            Some("prod")
        );
        assert_eq!(
            environment("Contenu du Manifest de préproduction"),
            Some("preprod")
        );
        assert_eq!(environment("Explication des composants utilisé"), None);
        assert_eq!(
            file_name_in("Le fichier `service.yaml` :"),
            Some("service.yaml".into())
        );
        assert_eq!(exercise_of("## Exercice 5 — Service"), Some(5));
        assert_eq!(
            clean_heading(". Contenu du Manifest de production"),
            "Contenu du Manifest de production"
        );
    }

    #[test]
    fn prose_is_left_out() {
        let doc = lines(
            "Mon rendu\n. Le manifeste de production\n# un commentaire\napiVersion: v1\nkind: Namespace\nmetadata:\nname: prod\n1- Exécuter la commande suivante pour déployer:\nk apply -f prod.yaml\nreplicas : Définit le nombre de pods.\n",
        );
        let b = blocks(&doc, false);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].start, b[0].end), (2, 7));
        assert_eq!(b[0].env, Some("prod"));
    }
}
