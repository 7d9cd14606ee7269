//! Where the cursor is in a manifest: the object (apiVersion, kind) and the
//! path of the field under it (hover), or of the mapping a new key is being
//! typed in (completion).

use crate::yaml::{self, Entry, Limits, Node, Pos, Value};

/// A field of an object, found at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldHere {
    pub api_version: String,
    pub kind: String,
    /// Keys from the object's root, list indices left out
    /// (`["spec", "ports", "targetPort"]`).
    pub path: Vec<String>,
    /// The same with indices, as the engine writes paths (`spec.ports[0].targetPort`).
    pub shown: String,
}

/// The object a node belongs to: the nearest enclosing mapping with a
/// string `apiVersion` and `kind` (a document, or an item of a `List`).
fn identity(n: &Node) -> Option<(String, String)> {
    Some((
        n.get("apiVersion")?.as_str()?.to_string(),
        n.get("kind")?.as_str()?.to_string(),
    ))
}

struct Search<'a> {
    want: &'a dyn Fn(&Entry) -> bool,
    found: Option<FieldHere>,
}

impl Search<'_> {
    /// `object`: the enclosing object's identity and where its path starts.
    fn node(
        &mut self,
        n: &Node,
        object: Option<&(String, String)>,
        path: &mut Vec<String>,
        shown: &mut String,
    ) {
        if self.found.is_some() {
            return;
        }
        match &n.value {
            Value::Map(entries) => {
                let own = identity(n);
                let (object, mut own_path, mut own_shown) = match &own {
                    Some(_) => (own.as_ref(), Vec::new(), String::new()),
                    None => (object, path.clone(), shown.clone()),
                };
                for e in entries {
                    let (lp, ls) = (own_path.len(), own_shown.len());
                    own_path.push(e.key.to_string());
                    yaml::push_key(&mut own_shown, &e.key);
                    if (self.want)(e) {
                        if let Some((api_version, kind)) = object {
                            self.found = Some(FieldHere {
                                api_version: api_version.clone(),
                                kind: kind.clone(),
                                path: own_path.clone(),
                                shown: own_shown.clone(),
                            });
                        }
                        return;
                    }
                    self.node(&e.value, object, &mut own_path, &mut own_shown);
                    if self.found.is_some() {
                        return;
                    }
                    own_path.truncate(lp);
                    own_shown.truncate(ls);
                }
            }
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    let ls = shown.len();
                    shown.push_str(&format!("[{i}]"));
                    self.node(it, object, path, shown);
                    if self.found.is_some() {
                        return;
                    }
                    shown.truncate(ls);
                }
            }
            _ => {}
        }
    }
}

fn search(text: &str, want: &dyn Fn(&Entry) -> bool) -> Option<FieldHere> {
    let stream = yaml::parse_stream(text, Limits::default());
    let mut s = Search { want, found: None };
    for doc in &stream.documents {
        s.node(&doc.root, None, &mut Vec::new(), &mut String::new());
        if s.found.is_some() {
            break;
        }
    }
    s.found
}

fn covers(span: yaml::Span, pos: Pos) -> bool {
    span.start.line == pos.line
        && span.start.col <= pos.col
        && (pos.col < span.start.col + span.caret_len().max(1) || span.end.line != span.start.line)
}

/// The field whose key (or scalar value) is at `pos` (line and column from 1).
pub fn field_at(text: &str, pos: Pos) -> Option<FieldHere> {
    search(text, &|e: &Entry| {
        covers(e.key_span, pos)
            || (!matches!(e.value.value, Value::Map(_) | Value::Seq(_))
                && e.value.span.start.is_known()
                && covers(e.value.span, pos))
    })
}

/// Where a key is being typed, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    pub api_version: String,
    pub kind: String,
    /// Path of the mapping the new key goes into (empty: the object's root).
    pub parent: Vec<String>,
    /// Keys that mapping already has.
    pub siblings: Vec<String>,
    /// The characters typed so far, and the 0-based column where they start.
    pub prefix: String,
    pub start_col: usize,
}

const PLACEHOLDER: &str = "kubecours-completion-here";

/// The mapping a key is being typed in at `line` (0-based) and character
/// `col` (0-based): the current line is replaced by a placeholder key and
/// the document parsed again (then, if the rest of the file does not parse,
/// only the lines up to the cursor).
pub fn typing_at(text: &str, line: u32, col: usize) -> Option<Typing> {
    let lines: Vec<&str> = text.split('\n').collect();
    let current = lines.get(line as usize)?.trim_end_matches('\r');
    let before: String = current.chars().take(col).collect();
    // The word being typed: after the indentation and any `- ` markers.
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '-')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (lead, prefix) = before.split_at(word_start);
    if !lead.chars().all(|c| c == ' ' || c == '-') || prefix.contains([':', '#', '{', '[']) {
        return None; // a value, a comment or flow style: not a key
    }
    let start_col = lead.chars().count();
    let probe = format!("{lead}{PLACEHOLDER}: 0");
    let attempt = |upto: usize| -> Option<Typing> {
        let mut t = String::new();
        for (i, l) in lines.iter().enumerate().take(upto) {
            if i == line as usize {
                t.push_str(&probe);
            } else {
                t.push_str(l);
            }
            t.push('\n');
        }
        let found = search(&t, &|e: &Entry| &*e.key == PLACEHOLDER)?;
        let mut parent = found.path;
        parent.pop();
        let siblings = siblings_of(&t);
        Some(Typing {
            api_version: found.api_version,
            kind: found.kind,
            parent,
            siblings,
            prefix: prefix.to_string(),
            start_col,
        })
    };
    attempt(lines.len()).or_else(|| attempt(line as usize + 1))
}

/// The other keys of the mapping that holds the placeholder.
fn siblings_of(text: &str) -> Vec<String> {
    fn find(n: &Node) -> Option<Vec<String>> {
        match &n.value {
            Value::Map(entries) => {
                if entries.iter().any(|e| &*e.key == PLACEHOLDER) {
                    return Some(
                        entries
                            .iter()
                            .filter(|e| &*e.key != PLACEHOLDER)
                            .map(|e| e.key.to_string())
                            .collect(),
                    );
                }
                entries.iter().find_map(|e| find(&e.value))
            }
            Value::Seq(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    let stream = yaml::parse_stream(text, Limits::default());
    stream
        .documents
        .iter()
        .find_map(|d| find(&d.root))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVC: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
";

    #[test]
    fn the_field_under_the_cursor() {
        let f = field_at(SVC, Pos { line: 11, col: 9 }).unwrap();
        assert_eq!(f.kind, "Service");
        assert_eq!(f.path, ["spec", "ports", "targetPort"]);
        assert_eq!(f.shown, "spec.ports[0].targetPort");
        // On the value too.
        let f = field_at(SVC, Pos { line: 11, col: 20 }).unwrap();
        assert_eq!(f.path, ["spec", "ports", "targetPort"]);
        // A free-form key.
        let f = field_at(SVC, Pos { line: 7, col: 5 }).unwrap();
        assert_eq!(f.path, ["spec", "selector", "app"]);
        assert!(field_at(SVC, Pos { line: 11, col: 2 }).is_none());
    }

    #[test]
    fn items_of_a_list_are_objects_of_their_own() {
        let list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c\n    data:\n      a: b\n";
        let f = field_at(list, Pos { line: 9, col: 7 }).unwrap();
        assert_eq!(f.kind, "ConfigMap");
        assert_eq!(f.path, ["data", "a"]);
    }

    #[test]
    fn where_a_key_is_typed() {
        let text = SVC.replace("      targetPort: 8080\n", "      tar\n");
        let t = typing_at(&text, 10, 9).unwrap();
        assert_eq!(t.parent, ["spec", "ports"]);
        assert_eq!(t.prefix, "tar");
        assert_eq!(t.start_col, 6);
        assert!(t.siblings.contains(&"port".to_string()));
        // A new list item.
        let text = SVC.replace("      targetPort: 8080\n", "    - \n");
        let t = typing_at(&text, 10, 6).unwrap();
        assert_eq!(t.parent, ["spec", "ports"]);
        assert!(t.siblings.is_empty());
        // Not on a value.
        assert!(typing_at(SVC, 10, 19).is_none());
    }

    #[test]
    fn a_broken_line_below_does_not_stop_completion() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  repl\n  template: [oops\n";
        let t = typing_at(text, 3, 6).unwrap();
        assert_eq!(t.parent, ["spec"]);
    }
}
