//! Schema-guided re-indentation: rebuilds the tree of a manifest whose
//! indentation was lost (every line at column 1 after a copy from a PDF, or
//! an inconsistent mix) from the Kubernetes schema.
//!
//! Line by line, with a stack of the objects and lists still open:
//! - a key belongs to the nearest open object whose schema has that field
//!   (an object never holds the same key twice);
//! - free-form maps (`labels`, `matchLabels`, `data`, `annotations`,
//!   `selector` of a Service…) take any key, and end where a key of an
//!   enclosing object appears;
//! - a list item starts at `- `, in the nearest open list whose items have
//!   its first key (preferring a list whose items already start with it);
//! - block scalars (`|`, `>`) keep their lines, and end at a key of an
//!   enclosing object (or a new key of the same free map);
//! - comments take the indentation of the next line.
//!
//! Where two readings are possible, each is followed for a few dozen lines
//! and the one that validates (no unknown or duplicated key, no missing
//! required field, no scalar where an object is expected) is kept; when that
//! is not the nearest one, a [`Choice`] says so with both lines. The output
//! has exactly the lines of the input, in the same order: only their
//! indentation changes, so line numbers stay those of the original.

mod command;
mod frame;
pub mod lex;

pub use command::{Mode as FmtMode, fix, fmt, lint_paths};

use crate::diag::{Basis, Code, Family, Finding, Severity};
use crate::i18n::Text;
use crate::schema::{Shape, ShapeKind};
use frame::{Frame, Label, missing_required};
use lex::{Tok, Val, token};

/// Indentation of each level.
const STEP: usize = 2;
/// Lines followed ahead to tell two readings apart.
const LOOKAHEAD: usize = 60;

/// A place where two readings were possible and validation decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// 1-based line of the input.
    pub line: u32,
    /// The line as kept, re-indented.
    pub kept: String,
    /// The line as the other reading would have indented it.
    pub other: String,
    /// Where each reading puts it (`spec.template.spec.containers`).
    pub kept_place: String,
    pub other_place: String,
}

/// A rebuilt text.
#[derive(Clone, Debug)]
pub struct Rebuilt {
    pub text: String,
    /// Lines whose indentation changed.
    pub moved: usize,
    pub choices: Vec<Choice>,
}

/// The info finding of a re-indented file and of each choice made.
pub static REINDENTED: Code = Code {
    id: "yaml-reindented",
    family: Family::Input,
    severity: Severity::Info,
    basis: Basis::Judgement,
    chapter: "regles.md#yaml-flattened",
    summary: Text {
        fr: "Indentation reconstruite d'après le schéma de Kubernetes",
        en: "Indentation rebuilt from the Kubernetes schema",
    },
    what: Text {
        fr: "Dit qu'un fichier dont l'indentation était perdue a été réindenté d'après le schéma de Kubernetes (`kubecours fmt`, `kubecours lint --reindent`, `kubecours extract`, `kubecours grade` sur un document), et où deux lectures étaient possibles.",
        en: "Says that a file whose indentation was lost was re-indented from the Kubernetes schema (`kubecours fmt`, `kubecours lint --reindent`, `kubecours extract`, `kubecours grade` on a document), and where two readings were possible.",
    },
    why: Text {
        fr: "La reconstruction suit le schéma : une clé va dans l'objet ouvert le plus proche qui a ce champ. Quand deux places étaient possibles, celle qui donne un manifeste valide a été choisie : relisez ces lignes.",
        en: "The rebuild follows the schema: a key goes into the nearest open object that has this field. Where two places were possible, the one giving a valid manifest was chosen: read those lines again.",
    },
    fix: Text::EMPTY,
    bad: "",
    good: "",
};

impl Rebuilt {
    /// Info findings on file `file` of a run: the rebuild, then each choice.
    pub fn findings(&self, file: usize) -> Vec<Finding> {
        use crate::msg;
        use crate::yaml::{Pos, Span};
        let moved = self.moved;
        let mut out = vec![Finding::new(
            &REINDENTED,
            file,
            Span::at(Pos { line: 1, col: 1 }, 1),
            msg!(
                "indentation reconstruite d'après le schéma de Kubernetes ({moved} lignes réindentées)",
                "indentation rebuilt from the Kubernetes schema ({moved} lines re-indented)",
                moved
            ),
            msg!(
                "vérifiez le résultat : chaque clé a été placée dans l'objet ouvert le plus proche qui a ce champ",
                "check the result: each key was put into the nearest open object that has this field"
            ),
        )];
        for c in &self.choices {
            let (kept, other, kept_place, other_place) = (
                c.kept.as_str(),
                c.other.as_str(),
                c.kept_place.as_str(),
                c.other_place.as_str(),
            );
            out.push(Finding::new(
                &REINDENTED,
                file,
                Span::at(Pos { line: c.line, col: 1 }, 1),
                msg!(
                    "deux lectures possibles de cette ligne : `{kept}` (dans `{kept_place}`), gardée parce qu'elle donne un manifeste valide, ou `{other}` (dans `{other_place}`)",
                    "two readings of this line are possible: `{kept}` (in `{kept_place}`), kept because it gives a valid manifest, or `{other}` (in `{other_place}`)",
                    kept,
                    other,
                    kept_place,
                    other_place
                ),
                msg!(
                    "si vous vouliez la seconde, indentez la ligne ainsi à la main",
                    "if you meant the second one, indent the line that way by hand"
                ),
            ));
        }
        out
    }
}

/// Simulated lines allowed per document for telling readings apart
/// (deeply nested CRD schemas would otherwise cost seconds).
const BUDGET: usize = 20_000;

/// What a line does to the stack.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Act {
    /// The key goes into the map at this stack index.
    Key(usize),
    /// The item goes into the list at this stack index.
    Item(usize),
}

impl Act {
    fn at(self) -> usize {
        match self {
            Act::Key(i) | Act::Item(i) => i,
        }
    }
}

/// One line of the input, read.
struct Line<'a> {
    raw: &'a str,
    tok: Tok,
}

/// The lines of a stream, and for each list item that starts an object
/// (in a `List`), the schema of that object.
struct Doc<'a> {
    lines: &'a [Line<'a>],
    objects: Vec<Option<Shape>>,
}

#[derive(Clone)]
struct State<'a> {
    doc: &'a Doc<'a>,
    stack: Vec<Frame<'a>>,
    violations: usize,
    /// Looking ahead: no typo search.
    ahead: bool,
}

impl<'a> State<'a> {
    fn new(doc: &'a Doc<'a>, root: Frame<'a>) -> State<'a> {
        State {
            doc,
            stack: vec![root],
            violations: 0,
            ahead: false,
        }
    }

    /// The path of frame `at` (`spec.template.spec.containers`).
    fn path(&self, at: usize) -> String {
        let mut p = String::new();
        for f in &self.stack[..=at] {
            match f.label {
                Label::Root => {}
                Label::Key(k) => {
                    if !p.is_empty() {
                        p.push('.');
                    }
                    p.push_str(k);
                }
                Label::Item(n) => p.push_str(&format!("[{n}]")),
            }
        }
        p
    }

    /// Pops frames above `keep`, counting missing required fields.
    fn pop_to(&mut self, keep: usize) {
        while self.stack.len() > keep + 1 {
            let f = self.stack.pop().expect("non-empty");
            self.violations += missing_required(&f);
        }
    }

    /// The maps that may take `key`, nearest first (weak fields last).
    fn key_candidates(&self, key: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut weak = Vec::new();
        for (i, f) in self.stack.iter().enumerate().rev() {
            if f.seq || f.has(key) {
                continue;
            }
            if key == "<<" {
                out.push(i);
                break;
            }
            if f.free() {
                // A free-form map ends where a key of an enclosing object appears.
                let enclosing = self.stack[..i]
                    .iter()
                    .any(|g| !g.seq && !g.free() && g.named(key) && !g.has(key));
                if !enclosing {
                    out.push(i);
                }
            } else if f.named(key) || f.child(key).is_some() {
                if f.weak(key) {
                    weak.push(i);
                } else {
                    out.push(i);
                }
            }
        }
        out.extend(weak);
        out
    }

    /// The lists that may take an item starting with `first`, in order of preference.
    fn item_candidates(&self, first: Option<&str>) -> Vec<usize> {
        let mut same = Vec::new();
        let mut others = Vec::new();
        for (i, f) in self.stack.iter().enumerate().rev() {
            if !f.seq || !f.item_takes(first) {
                continue;
            }
            let fits = f.items == 0 || f.first_key == first;
            if fits { &mut same } else { &mut others }.push(i);
        }
        same.extend(others);
        same
    }

    /// Every place a line may go, the default (nearest) first.
    fn candidates(&self, i: usize) -> Vec<Act> {
        match &self.doc.lines[i].tok {
            Tok::Key { key, .. } => self.key_candidates(key).into_iter().map(Act::Key).collect(),
            Tok::Item(inner) => {
                let first = match inner.as_deref() {
                    Some(Tok::Key { key, .. }) => Some(key.as_str()),
                    _ => None,
                };
                self.item_candidates(first)
                    .into_iter()
                    .map(Act::Item)
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// Fallback for a key no open object has: the map with the closest
    /// field name (a typo), else the innermost map.
    fn key_fallback(&self, key: &str) -> usize {
        if !self.ahead {
            for (i, f) in self.stack.iter().enumerate().rev() {
                if let Some(s) = f.shape
                    && !f.seq
                    && crate::suggest::closest(key, s.field_names()).is_some_and(|c| !f.weak(c))
                {
                    return i;
                }
            }
        }
        self.stack.iter().rposition(|f| !f.seq).unwrap_or(0)
    }

    /// The next line that is not blank or a comment, after `i`.
    fn next(&self, i: usize) -> Option<&'a Tok> {
        self.doc.lines[i + 1..]
            .iter()
            .map(|l| &l.tok)
            .find(|t| !matches!(t, Tok::Blank | Tok::Comment))
    }

    /// Applies a key line to map `at`; returns the column of the key.
    fn apply_key(&mut self, at: usize, key: &'a str, val: &Val, i: usize) -> usize {
        self.pop_to(at);
        let next = self.next(i);
        let f = &mut self.stack[at];
        f.keys.push(key);
        let indent = f.indent;
        let child = f.child(key);
        let items_of_list = f.unknown_root && key == "items";
        match val {
            Val::Open => {
                let list = match child.map(|c| c.kind()) {
                    Some(ShapeKind::Array) => true,
                    Some(ShapeKind::Object | ShapeKind::FreeMap) => false,
                    Some(ShapeKind::Scalar) => {
                        // `key:` alone on a scalar field: a null value, unless
                        // a list follows (then it is wrong anyway).
                        if !matches!(next, Some(Tok::Item(_))) {
                            return indent;
                        }
                        self.violations += 1;
                        true
                    }
                    _ => matches!(next, Some(Tok::Item(_))),
                };
                let mut frame = if list {
                    Frame::list(child.and_then(|c| c.item()), indent + STEP, Label::Key(key))
                } else {
                    Frame::map(child, indent + STEP, Label::Key(key))
                };
                frame.objects = items_of_list && list;
                self.stack.push(frame);
            }
            Val::Scalar { flow, .. } => {
                let expected = child.map(|c| c.kind());
                let wrong = match (flow, expected) {
                    (_, None | Some(ShapeKind::Any)) => false,
                    (Some('{'), Some(k)) => !matches!(k, ShapeKind::Object | ShapeKind::FreeMap),
                    (Some('['), Some(k)) => k != ShapeKind::Array,
                    (_, Some(k)) => {
                        matches!(k, ShapeKind::Object | ShapeKind::FreeMap | ShapeKind::Array)
                    }
                };
                if wrong {
                    // A scalar where an object or a list is expected.
                    self.violations += 1;
                }
            }
            Val::Block { .. } => {}
        }
        indent
    }

    /// Applies a list item to list `at`; returns the column of its dash.
    fn apply_item(&mut self, at: usize, inner: Option<&'a Tok>, i: usize) -> usize {
        self.pop_to(at);
        let f = &mut self.stack[at];
        let dash = f.indent;
        let first = match inner {
            Some(Tok::Key { key, .. }) => Some(key.as_str()),
            _ => None,
        };
        if f.items == 0 {
            f.first_key = first;
        }
        let label = Label::Item(f.items);
        f.items += 1;
        let item = if f.objects {
            self.doc.objects[i]
        } else {
            f.shape
        };
        let objects = f.objects;
        match inner {
            Some(Tok::Key { key, val }) => {
                let mut frame = Frame::map(item, dash + STEP, label);
                frame.unknown_root = objects && item.is_none();
                self.stack.push(frame);
                let top = self.stack.len() - 1;
                self.apply_key(top, key, val, i);
            }
            None => {
                if matches!(item.map(|s| s.kind()), Some(ShapeKind::Array)) {
                    self.stack
                        .push(Frame::list(item.and_then(|s| s.item()), dash + STEP, label));
                } else {
                    self.stack.push(Frame::map(item, dash + STEP, label));
                }
            }
            Some(_) => {
                if matches!(
                    item.map(|s| s.kind()),
                    Some(ShapeKind::Object | ShapeKind::FreeMap)
                ) {
                    self.violations += 1;
                }
            }
        }
        dash
    }

    /// Applies line `i` with a chosen action (or the fallback); returns its column.
    fn apply(&mut self, i: usize, act: Option<Act>) -> Option<usize> {
        let tok = &self.doc.lines[i].tok;
        match (tok, act) {
            (Tok::Key { key, val }, Some(Act::Key(at))) => Some(self.apply_key(at, key, val, i)),
            (Tok::Key { key, val }, _) => {
                self.violations += 1;
                let at = self.key_fallback(key);
                Some(self.apply_key(at, key, val, i))
            }
            (Tok::Item(inner), Some(Act::Item(at))) => {
                Some(self.apply_item(at, inner.as_deref(), i))
            }
            (Tok::Item(inner), _) => {
                // An item with no list to go to: a list under the innermost map.
                self.violations += 1;
                let at = self.stack.len() - 1;
                let indent = self.stack[at].indent + STEP;
                let label = self.stack[at].label;
                self.stack.push(Frame::list(None, indent, label));
                let top = self.stack.len() - 1;
                Some(self.apply_item(top, inner.as_deref(), i))
            }
            _ => None,
        }
    }

    /// Does line `i` end a block scalar held by map `holder`?
    fn ends_block(&self, holder: usize, i: usize) -> bool {
        match &self.doc.lines[i].tok {
            Tok::DocStart | Tok::DocEnd => true,
            Tok::Key { key, val } => {
                // A key of an enclosing object (typed map, not yet holding it).
                let enclosing = self.stack[..=holder]
                    .iter()
                    .any(|f| !f.seq && !f.free() && f.named(key) && !f.has(key));
                // Or a new entry of the same free-form map (`data` with several files).
                let sibling = self.stack[holder].free()
                    && !self.stack[holder].has(key)
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    && matches!(val, Val::Block { .. } | Val::Scalar { .. });
                enclosing || sibling
            }
            Tok::Item(inner) => {
                let first = match inner.as_deref() {
                    Some(Tok::Key { key, .. }) => Some(key.as_str()),
                    _ => None,
                };
                first.is_some()
                    && self.stack[..=holder]
                        .iter()
                        .any(|f| f.seq && f.items > 0 && f.first_key == first)
            }
            _ => false,
        }
    }

    /// The end of the block scalar opened at line `i` (exclusive).
    fn block_end(&self, i: usize, end: usize) -> usize {
        let holder = self.stack.iter().rposition(|f| !f.seq).unwrap_or(0);
        let mut j = i + 1;
        while j < end && !self.ends_block(holder, j) {
            j += 1;
        }
        j
    }

    /// The end of a quoted scalar or flow collection opened at line `i` (exclusive).
    fn open_end(&self, i: usize, end: usize) -> usize {
        let raw = self.doc.lines[i].raw.trim();
        let value = raw.split_once(':').map_or("", |(_, v)| v);
        let (mut depth, mut quote) = lex::open_after(value.trim_start(), 0, None);
        let mut j = i + 1;
        while j < end && (depth > 0 || quote.is_some()) {
            (depth, quote) = lex::open_after(self.doc.lines[j].raw.trim(), depth, quote);
            j += 1;
        }
        j
    }
}

/// The scalar after `key:` on a raw line, unquoted, without its comment.
fn scalar_value(raw: &str) -> String {
    let t = raw.trim().trim_start_matches("- ");
    let v = t.split_once(':').map_or("", |(_, v)| v);
    let v = v.split(" #").next().unwrap_or("").trim();
    v.trim_matches(['"', '\'']).to_string()
}

/// The `apiVersion` and `kind` of the first lines that give them.
fn identity<'l>(lines: impl Iterator<Item = &'l Line<'l>>) -> (Option<String>, Option<String>) {
    let (mut api, mut kind) = (None, None);
    for l in lines {
        let tok = match &l.tok {
            Tok::Item(Some(inner)) => &**inner,
            t => t,
        };
        if let Tok::Key {
            key,
            val: Val::Scalar { .. },
        } = tok
        {
            match key.as_str() {
                "apiVersion" if api.is_none() => api = Some(scalar_value(l.raw)),
                "kind" if kind.is_none() => kind = Some(scalar_value(l.raw)),
                _ => {}
            }
        }
        if api.is_some() && kind.is_some() {
            break;
        }
    }
    (api, kind)
}

/// The schema of each object that starts a list item (for `List` documents).
fn objects_ahead(lines: &[Line]) -> Vec<Option<Shape>> {
    let starts_object = |t: &Tok| matches!(t, Tok::Item(Some(inner)) if matches!(&**inner, Tok::Key { key, .. } if matches!(key.as_str(), "apiVersion" | "kind" | "metadata")));
    let mut out = vec![None; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if !starts_object(&l.tok) {
            continue;
        }
        let stop = lines[i + 1..]
            .iter()
            .position(|m| starts_object(&m.tok) || m.tok == Tok::DocStart)
            .map_or(lines.len(), |p| i + 1 + p);
        if let (Some(a), Some(k)) = identity(lines[i..stop].iter()) {
            out[i] = Shape::candidates(&a, &k).first().copied();
        }
    }
    out
}

/// Follows the default reading from line `i` while the stack stays above
/// `floor` (both readings agree below it); returns the violations met and
/// the lines simulated.
fn simulate(mut state: State, mut i: usize, end: usize, floor: usize) -> (usize, usize) {
    state.ahead = true;
    let stop = (i + LOOKAHEAD).min(end);
    let first = i;
    while i < stop && state.stack.len() > floor {
        let tok = &state.doc.lines[i].tok;
        if matches!(tok, Tok::Key { .. } | Tok::Item(_)) {
            let act = state.candidates(i).first().copied();
            let _ = state.apply(i, act);
            if block_of(tok).is_some() {
                i = state.block_end(i, stop);
                continue;
            }
            if is_open(tok) {
                i = state.open_end(i, stop);
                continue;
            }
        }
        i += 1;
    }
    (state.violations, i - first)
}

/// A block scalar header (`key: |`, `- key: >-`), with its explicit indentation.
fn block_of(tok: &Tok) -> Option<Option<usize>> {
    match tok {
        Tok::Key {
            val: Val::Block { indent },
            ..
        } => Some(*indent),
        Tok::Item(Some(inner)) => block_of(inner),
        _ => None,
    }
}

/// A quoted scalar or flow collection that goes on below this line.
fn is_open(tok: &Tok) -> bool {
    match tok {
        Tok::Key {
            val: Val::Scalar { open, .. },
            ..
        } => *open,
        Tok::Item(Some(inner)) => is_open(inner),
        _ => false,
    }
}

/// How a line would be written at a column.
fn at_col(col: usize, raw: &str) -> String {
    format!("{}{}", " ".repeat(col), raw.trim())
}

/// Rebuilds the indentation of a whole stream (documents separated by `---`).
pub fn rebuild(text: &str) -> Rebuilt {
    let raw_lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let lines: Vec<Line> = raw_lines
        .iter()
        .map(|raw| Line {
            raw,
            tok: token(raw.trim_start()),
        })
        .collect();
    let doc = Doc {
        objects: objects_ahead(&lines),
        lines: &lines,
    };
    let mut cols: Vec<Option<String>> = vec![None; lines.len()];
    let mut choices = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.tok == Tok::DocStart)
            .map_or(lines.len(), |p| start + 1 + p);
        // Each schema the document may follow; the one with fewest violations wins.
        let best = roots(&lines[start..end])
            .into_iter()
            .map(|root| document(&doc, start, end, root))
            .min_by_key(|d| d.violations);
        if let Some(d) = best {
            for (i, c) in d.cols {
                cols[i] = Some(c);
            }
            choices.extend(d.choices);
        }
        start = end;
    }
    // Comments take the indentation of the next content line.
    let mut next_indent = 0;
    let mut out: Vec<String> = vec![String::new(); lines.len()];
    for i in (0..lines.len()).rev() {
        match (&lines[i].tok, &cols[i]) {
            (_, Some(s)) => {
                out[i] = s.clone();
                if !matches!(lines[i].tok, Tok::Blank) && !s.is_empty() {
                    next_indent = s.len() - s.trim_start().len();
                }
            }
            (Tok::Comment, None) => out[i] = at_col(next_indent, lines[i].raw),
            (Tok::Blank, None) => {}
            (_, None) => out[i] = lines[i].raw.trim().to_string(),
        }
    }
    let moved = out
        .iter()
        .zip(&raw_lines)
        .filter(|(a, b)| a.trim_end() != b.trim_end())
        .count();
    let mut text_out = out.join("\n");
    // A last line left empty (it held only blanks or a `\r`) must stay a
    // line: without its end of line, `lines()` would drop it.
    if text.ends_with('\n') || out.last().is_some_and(String::is_empty) {
        text_out.push('\n');
    }
    Rebuilt {
        text: text_out,
        moved,
        choices,
    }
}

/// The root frames a document may be read with: one per schema its
/// apiVersion and kind may follow, or one with no schema.
fn roots<'a>(lines: &[Line]) -> Vec<Frame<'a>> {
    let first = lines.iter().find(|l| {
        !matches!(
            l.tok,
            Tok::Blank | Tok::Comment | Tok::DocStart | Tok::DocEnd
        )
    });
    if matches!(first.map(|l| &l.tok), Some(Tok::Item(_))) {
        return vec![Frame::list(None, 0, Label::Root)];
    }
    let (api, kind) = identity(lines.iter());
    let shapes = match (&api, &kind) {
        (Some(a), Some(k)) if !crate::manifest::is_list_kind(k) => Shape::candidates(a, k),
        _ => Vec::new(),
    };
    if shapes.is_empty() {
        let mut f = Frame::map(None, 0, Label::Root);
        f.unknown_root = true;
        return vec![f];
    }
    shapes
        .into_iter()
        .map(|s| Frame::map(Some(s), 0, Label::Root))
        .collect()
}

/// One document rebuilt: the new lines, the choices made, the violations left.
struct Rebuilt1 {
    cols: Vec<(usize, String)>,
    choices: Vec<Choice>,
    violations: usize,
}

fn document<'a>(doc: &'a Doc<'a>, start: usize, end: usize, root: Frame<'a>) -> Rebuilt1 {
    let lines = doc.lines;
    let mut cols = Vec::new();
    let mut choices = Vec::new();
    if lines[start..end]
        .iter()
        .find(|l| !matches!(l.tok, Tok::Blank | Tok::Comment | Tok::DocStart))
        .is_some_and(|l| l.raw.trim_start().starts_with(['{', '[']))
    {
        // JSON or a flow document: indentation means nothing there.
        for (i, l) in lines.iter().enumerate().take(end).skip(start) {
            cols.push((i, l.raw.to_string()));
        }
        return Rebuilt1 {
            cols,
            choices,
            violations: 0,
        };
    }
    let mut state = State::new(doc, root);
    let mut budget = BUDGET;
    let mut i = start;
    while i < end {
        let l = &lines[i];
        match &l.tok {
            Tok::DocStart | Tok::DocEnd => cols.push((i, l.raw.trim().to_string())),
            Tok::Blank | Tok::Comment => {}
            Tok::Text => {
                // A scalar on its own line: continues the value above.
                let col = state.stack.last().map_or(0, |f| f.indent) + STEP;
                cols.push((i, at_col(col, l.raw)));
            }
            Tok::Key { .. } | Tok::Item(_) => {
                let cands = state.candidates(i);
                let mut act = cands.first().copied();
                if cands.len() > 1 && budget > 0 {
                    let floor = cands.iter().map(|a| a.at()).min().unwrap_or(0);
                    let scores: Vec<usize> = cands
                        .iter()
                        .take(4)
                        .map(|a| {
                            let mut s = state.clone();
                            let _ = s.apply(i, Some(*a));
                            let (v, n) = simulate(s, i + 1, end, floor);
                            budget = budget.saturating_sub(n + 1);
                            v
                        })
                        .collect();
                    let best = (0..scores.len())
                        .min_by_key(|k| (scores[*k], *k))
                        .unwrap_or(0);
                    if best != 0 {
                        let mut other = state.clone();
                        let other_col = other.apply(i, Some(cands[0])).unwrap_or(0);
                        let mut kept = state.clone();
                        let kept_col = kept.apply(i, Some(cands[best])).unwrap_or(0);
                        choices.push(Choice {
                            line: i as u32 + 1,
                            kept: at_col(kept_col, l.raw),
                            other: at_col(other_col, l.raw),
                            kept_place: place(&kept, cands[best]),
                            other_place: place(&other, cands[0]),
                        });
                    }
                    act = Some(cands[best]);
                }
                let col = state.apply(i, act).unwrap_or(0);
                cols.push((i, at_col(col, l.raw)));
                let key_col = match &l.tok {
                    Tok::Item(_) => col + STEP,
                    _ => col,
                };
                if let Some(explicit) = block_of(&l.tok) {
                    // Block scalars keep their lines, below their key.
                    let j = state.block_end(i, end);
                    // Trailing blank lines belong to what follows.
                    let mut last = j;
                    while last > i + 1 && matches!(lines[last - 1].tok, Tok::Blank) {
                        last -= 1;
                    }
                    let common = lines[i + 1..last]
                        .iter()
                        .filter(|b| !b.raw.trim().is_empty())
                        .map(|b| b.raw.len() - b.raw.trim_start().len())
                        .min()
                        .unwrap_or(0);
                    let base = key_col + explicit.unwrap_or(STEP);
                    for (k, b) in lines.iter().enumerate().take(last).skip(i + 1) {
                        cols.push((
                            k,
                            if b.raw.trim().is_empty() {
                                String::new()
                            } else {
                                format!("{}{}", " ".repeat(base), &b.raw[common..])
                            },
                        ));
                    }
                    i = last;
                    continue;
                }
                if is_open(&l.tok) {
                    // A quoted scalar or a flow collection that goes on below.
                    let j = state.open_end(i, end);
                    for (k, b) in lines.iter().enumerate().take(j).skip(i + 1) {
                        cols.push((k, at_col(key_col + STEP, b.raw)));
                    }
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    state.pop_to(0);
    Rebuilt1 {
        cols,
        choices,
        violations: state.violations,
    }
}

/// Where an action puts a line, for messages.
fn place(after: &State, act: Act) -> String {
    let p = after.path(act.at().min(after.stack.len() - 1));
    if p.is_empty() { "(racine)".into() } else { p }
}

/// Does this text look like a manifest whose indentation was lost?
pub fn looks_flattened(text: &str) -> bool {
    crate::rules::yaml_flattened::find_flattened(text).is_some()
}

/// How far a text is from a valid set of manifests: YAML errors weigh
/// most, then duplicated keys, then schema violations (unknown fields,
/// wrong types, missing required fields).
pub fn violations(text: &str) -> usize {
    use crate::manifest::Object;
    use crate::schema::{Expected, Fields, Place, Visitor};
    use crate::yaml::{Entry, Node, Span, YamlIssue};
    struct Count(usize);
    impl Visitor for Count {
        fn unknown_field(&mut self, _: &Object, _: &Place, _: &Entry, _: &Fields) {
            self.0 += 1;
        }
        fn wrong_type(&mut self, _: &Object, _: &Place, _: &Node, _: Expected) {
            self.0 += 1;
        }
        fn missing(&mut self, _: &Object, _: &Place, _: &str, _: Span) {
            self.0 += 1;
        }
    }
    let stream = crate::yaml::parse_stream(text, crate::yaml::Limits::default());
    let mut n = 0;
    for issue in &stream.issues {
        n += match issue {
            YamlIssue::Syntax { .. } | YamlIssue::Limit { .. } => 100,
            YamlIssue::DuplicateKey { .. } => 10,
            YamlIssue::Yaml11 { .. } => 0,
        };
    }
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    for d in stream.documents {
        crate::manifest::collect(0, "", d.root, &mut objects, &mut problems);
    }
    n += 10 * problems.len();
    let mut count = Count(0);
    for o in &objects {
        crate::schema::walk(o, &mut count);
    }
    n + count.0
}

/// Re-indents a text when its indentation was lost or is inconsistent and
/// the rebuilt text is closer to valid manifests; None when the text is
/// fine as it is (or JSON).
pub fn repair(text: &str) -> Option<Rebuilt> {
    if text.trim_start().starts_with(['{', '[']) {
        return None;
    }
    let flat = looks_flattened(text);
    let before = violations(text);
    if !flat && before == 0 {
        return None;
    }
    let rebuilt = rebuild(text);
    if rebuilt.moved == 0 {
        return None;
    }
    let after = violations(&rebuilt.text);
    (after < before || (flat && after <= before)).then_some(rebuilt)
}

#[cfg(test)]
mod tests;
