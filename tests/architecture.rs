//! The shape of the code, read from its own imports (issue "One model, one
//! direction"): modules form layers, each importing only from the layers
//! below; no file depends, through other folders, on itself; no source file
//! is over 900 lines.
//!
//! The imports are read from the source text: `use` trees (with their
//! groups), inline paths (`crate::a::b::f()`, `super::x`, a child module's
//! name), comments, strings and `#[cfg(test)]` items left out (tests may use
//! anything). Each path is resolved to the file that defines the longest
//! module prefix it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of `src/`, bottom first. A module may import from its own layer
/// and the layers below. Keep in step with the README's architecture section.
const LAYERS: &[&[&str]] = &[
    // Words and positions: languages, colours, "did you mean", YAML with spans.
    &["i18n", "color", "suggest", "yaml"],
    // Errors and files; findings as data.
    &["error", "diag", "source"],
    // Objects, the schema that knows every kind, the rules, the engine.
    &["manifest"],
    &["schema"],
    &["rules"],
    &["engine"],
    // Writers of every report format; the catalogue of rules and diagnoses.
    &["report"],
    &["cluster"],
    &["catalogue"],
    // Exercises (their checks and the cluster's diagnoses), hand-ins, grading.
    &["exercise", "reindent", "flat_corpus"],
    &["extract", "corpus", "course"],
    &["grade", "book"],
    &["student"],
    // Front ends.
    &["lsp"],
    &["cli", "cli_text"],
];

const MAX_LINES: usize = 900;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: `src/cluster/mod.rs` → `cluster`,
/// `src/cluster/diagnoses/cx.rs` → `cluster::diagnoses::cx`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The source without comments, string and char literals (blanked, so that
/// braces inside them do not count).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(b.len(), |n| i + n);
            i = end;
        } else if rest.starts_with("/*") {
            let mut depth = 0;
            while i < b.len() {
                if text[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if text[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if rest.starts_with("r\"") || rest.starts_with("r#") || rest.starts_with("br\"") {
            let start = if rest.starts_with('b') { i + 2 } else { i + 1 };
            let hashes = text[start..].bytes().take_while(|&c| c == b'#').count();
            if text[start + hashes..].starts_with('"') {
                let close = format!("\"{}", "#".repeat(hashes));
                let body = start + hashes + 1;
                let end = text[body..]
                    .find(&close)
                    .map_or(b.len(), |n| body + n + close.len());
                out.push_str("\"\"");
                i = end;
            } else {
                out.push(b[i] as char);
                i += 1;
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let lit = if b.get(i + 1) == Some(&b'\\') {
                text[i + 2..].find('\'').map(|n| i + 2 + n + 1)
            } else {
                let c = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                (b.get(i + 1 + c) == Some(&b'\'')).then_some(i + 2 + c)
            };
            match lit {
                Some(end) => {
                    out.push_str("' '");
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Removes `#[cfg(test)]` items (a `mod tests { … }`, a test helper, a `use`).
fn without_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let brace = item.find('{');
        let semi = item.find(';');
        let end = match (brace, semi) {
            (Some(b), Some(s)) if s < b => s + 1,
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = item.len();
                for (k, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(s)) => s + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands a `use` tree (`crate::{a::b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    // Split the top level of the tree at `::{`.
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..k], &base, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
    } else {
        let path = tree.split(" as ").next().unwrap_or("");
        let mut p = prefix.to_vec();
        p.extend(
            path.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                .map(String::from),
        );
        if !p.is_empty() {
            out.push(p);
        }
    }
}

/// Every path a file's code names: `use` trees and inline `a::b::c` paths.
fn paths_of(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = String::new();
    // `use` items first (they may hold groups), the remaining text after.
    let mut text = code;
    while let Some(at) = find_use(text) {
        rest.push_str(&text[..at]);
        let end = text[at..].find(';').map_or(text.len(), |n| at + n);
        expand_use(&text[at + 4..end], &[], &mut out);
        text = &text[(end + 1).min(text.len())..];
    }
    rest.push_str(text);
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let mut segs = Vec::new();
            let mut j = i;
            loop {
                let s = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                segs.push(chars[s..j].iter().collect::<String>());
                if chars.get(j) == Some(&':')
                    && chars.get(j + 1) == Some(&':')
                    && chars.get(j + 2).is_some_and(|&c| is_ident(c))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segs.len() > 1 {
                out.push(segs);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The next `use` keyword at an item boundary (also `pub use`, `pub(crate) use`).
fn find_use(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(n) = text[from..].find("use ") {
        let at = from + n;
        let before = text[..at].chars().next_back();
        if before.is_none_or(|c| !is_ident(c)) {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

struct Crate {
    files: Vec<PathBuf>,
    modules: BTreeMap<Vec<String>, usize>,
    /// file → files it imports (another file only).
    deps: Vec<BTreeSet<usize>>,
    /// file → (imported file, the path as written), for messages.
    why: Vec<BTreeMap<usize, String>>,
}

fn read_crate() -> Crate {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeMap<Vec<String>, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (module_of(f), i))
        .collect();
    let mut deps = vec![BTreeSet::new(); files.len()];
    let mut why = vec![BTreeMap::new(); files.len()];
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let code = without_test_items(&code_only(&text));
        let me = module_of(f);
        for path in paths_of(&code) {
            let abs: Vec<String> = match path[0].as_str() {
                "crate" => path[1..].to_vec(),
                "self" => me.iter().chain(&path[1..]).cloned().collect(),
                "super" => {
                    let mut base = me.clone();
                    let mut k = 0;
                    while path.get(k).is_some_and(|s| s == "super") {
                        base.pop();
                        k += 1;
                    }
                    base.into_iter().chain(path[k..].iter().cloned()).collect()
                }
                // A child module named bare (`cx::Cx` in `diagnoses/mod.rs`).
                first => {
                    let mut child = me.clone();
                    child.push(first.to_string());
                    if modules.contains_key(&child) {
                        child.into_iter().chain(path[1..].iter().cloned()).collect()
                    } else {
                        continue;
                    }
                }
            };
            // The longest module prefix that is a file.
            let target = (1..=abs.len())
                .rev()
                .find_map(|n| modules.get(&abs[..n]).copied());
            if let Some(t) = target
                && t != i
            {
                deps[i].insert(t);
                why[i].entry(t).or_insert_with(|| path.join("::"));
            }
        }
    }
    Crate {
        files,
        modules,
        deps,
        why,
    }
}

fn rel(c: &Crate, i: usize) -> String {
    c.files[i]
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .display()
        .to_string()
}

/// Strongly connected components of a graph (Tarjan), only those of two or
/// more nodes.
fn cycles(n: usize, edges: &dyn Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    struct T<'a> {
        edges: &'a dyn Fn(usize) -> Vec<usize>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on: Vec<bool>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for w in (t.edges)(v) {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut scc = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.out.push(scc);
            }
        }
    }
    let mut t = T {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on: vec![false; n],
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out
}

fn top(c: &Crate, i: usize) -> String {
    module_of(&c.files[i]).first().cloned().unwrap_or_default()
}

#[test]
fn the_reader_sees_imports_as_written() {
    let code = code_only(
        "use crate::{a::b, c::{d, e as f}};\n// crate::zz::no\nlet s = \"crate::yy::no\"; let c = '{';\nfn g() { crate::h::i(); super::j::k(); }\n#[cfg(test)]\nmod tests { use crate::t::u; }\n",
    );
    let code = without_test_items(&code);
    let mut paths: Vec<String> = paths_of(&code).iter().map(|p| p.join("::")).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "crate::a::b",
            "crate::c::d",
            "crate::c::e",
            "crate::h::i",
            "super::j::k"
        ]
    );
}

#[test]
fn every_module_is_in_one_layer() {
    let c = read_crate();
    let tops: BTreeSet<String> = c
        .modules
        .keys()
        .filter_map(|m| m.first().cloned())
        .collect();
    let layered: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|l| l.iter().map(|s| s.to_string()))
        .collect();
    let missing: Vec<_> = tops.difference(&layered).collect();
    let stale: Vec<_> = layered.difference(&tops).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "LAYERS of tests/architecture.rs: modules with no layer {missing:?}, names that are not modules {stale:?}"
    );
}

#[test]
fn imports_run_down_the_layers() {
    let c = read_crate();
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut up = Vec::new();
    for (i, deps) in c.deps.iter().enumerate() {
        let (from, _) = (top(&c, i), ());
        for &t in deps {
            let to = top(&c, t);
            if from != to
                && let (Some(a), Some(b)) = (layer(&from), layer(&to))
                && b > a
            {
                up.push(format!(
                    "{} → {} (`{}`)",
                    rel(&c, i),
                    rel(&c, t),
                    c.why[i][&t]
                ));
            }
        }
    }
    // The issue allows at most one import back up the layers; there is none.
    assert!(
        up.is_empty(),
        "imports running back up the layers:\n{}",
        up.join("\n")
    );
}

#[test]
fn no_circle_between_modules() {
    let c = read_crate();
    let tops: Vec<String> = c
        .modules
        .keys()
        .filter_map(|m| m.first().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let id = |m: &str| tops.iter().position(|t| t == m).unwrap();
    let mut edges = vec![BTreeSet::new(); tops.len()];
    for (i, deps) in c.deps.iter().enumerate() {
        for &t in deps {
            let (a, b) = (id(&top(&c, i)), id(&top(&c, t)));
            if a != b {
                edges[a].insert(b);
            }
        }
    }
    let found = cycles(tops.len(), &|v| edges[v].iter().copied().collect());
    let named: Vec<Vec<&str>> = found
        .iter()
        .map(|s| s.iter().map(|&v| tops[v].as_str()).collect())
        .collect();
    assert!(
        named.is_empty(),
        "modules that import each other: {named:?}"
    );
}

#[test]
fn no_circle_between_files_of_different_folders() {
    let c = read_crate();
    let folder = |i: usize| c.files[i].parent().unwrap().to_path_buf();
    let found = cycles(c.files.len(), &|v| c.deps[v].iter().copied().collect());
    let across: Vec<Vec<String>> = found
        .into_iter()
        .filter(|scc| {
            scc.iter()
                .map(|&v| folder(v))
                .collect::<BTreeSet<_>>()
                .len()
                > 1
        })
        .map(|scc| scc.iter().map(|&v| rel(&c, v)).collect())
        .collect();
    assert!(
        across.is_empty(),
        "files of different folders in a circle: {across:#?}"
    );
}

#[test]
fn no_source_file_is_over_900_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "fuzz"] {
        if root.join(dir).is_dir() {
            rust_files(&root.join(dir), &mut files);
        }
    }
    let long: Vec<String> = files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "target"))
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES)
                .then(|| format!("{} ({n} lines)", f.strip_prefix(root).unwrap().display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines: {long:?}"
    );
}

#[test]
fn the_checks_see_a_circle_when_there_is_one() {
    // a → b → a across two folders, c alone.
    let edges = [vec![1], vec![0], vec![]];
    let found = cycles(3, &|v| edges[v].clone());
    assert_eq!(found, vec![vec![0, 1]]);
}

#[test]
fn the_graph_holds_imports_known_to_exist() {
    let c = read_crate();
    let file = |p: &str| c.files.iter().position(|f| f.ends_with(p)).unwrap();
    for (from, to) in [
        ("src/engine/mod.rs", "src/engine/kustomize.rs"),
        ("src/cli.rs", "src/engine/mod.rs"),
        (
            "src/cluster/diagnoses/containers/crash_loop.rs",
            "src/cluster/diagnoses/cx.rs",
        ),
        (
            "src/cluster/diagnoses/containers/crash_loop.rs",
            "src/cluster/diagnoses/containers/mod.rs",
        ),
    ] {
        assert!(
            c.deps[file(from)].contains(&file(to)),
            "{from} → {to} not seen"
        );
    }
    let edges: usize = c.deps.iter().map(BTreeSet::len).sum();
    assert!(edges > 500, "only {edges} imports read");
}
