//! The engine on hostile input: no panic whatever the bytes, bombs rejected.

use kubecours::engine::{self as lint, Options};
use kubecours::source::SourceFile;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(std::fs::read(p).unwrap());
            }
        }
    }
    out.sort();
    out
}

const TOKENS: &[&[u8]] = &[
    b":",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"'",
    b"\t",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"\n",
    b"  ",
    b"---\n",
    b"|\n",
    b">-\n",
    b"!!str ",
    b"!!int ",
    b"? ",
    b"#",
    b"{{ .Values.x }}",
    b"\xff",
    b"\x00",
    b"%YAML 1.2\n",
    b"null",
    b"~",
    b"kind: List\nitems:\n",
    b"0x",
    b"1e999",
    b"-9223372036854775809",
    b"\xc3\xa9",
    b"\r\n",
];

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(d.len() + 1);
        match rng.below(6) {
            0 => d.truncate(at),
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                d.splice(at..at, t.iter().copied());
            }
            2 => {
                let end = (at + rng.below(40)).min(d.len());
                d.drain(at..end);
            }
            3 => {
                // Duplicate a line.
                let start = d[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = d[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(d.len(), |i| at + i + 1);
                let line = d[start..end].to_vec();
                d.splice(start..start, line);
            }
            4 => {
                // Shift the indentation of a line.
                let start = d[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                if rng.below(2) == 0 {
                    d.splice(start..start, *b"  ");
                } else if d.get(start..start + 2) == Some(b"  ") {
                    d.drain(start..start + 2);
                }
            }
            _ => {
                if !d.is_empty() {
                    let i = rng.below(d.len());
                    d[i] = (rng.next() & 0xff) as u8;
                }
            }
        }
    }
    d
}

#[test]
fn thousands_of_mutated_documents_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() > 30, "fixtures missing");
    let opts = Options::default();
    let mut rng = Rng(0x5eed_cafe_f00d_beef);
    let mut inputs = Vec::new();
    for s in &seeds {
        // Every truncation point of the first 300 bytes, one in seven.
        for cut in (0..s.len().min(300)).step_by(7) {
            inputs.push(s[..cut].to_vec());
        }
        for _ in 0..60 {
            inputs.push(mutate(s, &mut rng));
        }
    }
    assert!(inputs.len() >= 3000, "{}", inputs.len());
    let mut panics = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let r = catch_unwind(AssertUnwindSafe(|| {
            let run = lint::lint_sources(
                vec![SourceFile::from_bytes("m.yaml", input.clone(), 1 << 20)],
                &opts,
            );
            // Rendering must not panic either.
            let _ = kubecours::report::render_lint(
                &run,
                "human",
                kubecours::i18n::Lang::Fr,
                kubecours::color::Paint::plain(),
            );
            let _ = kubecours::report::render_lint(
                &run,
                "json",
                kubecours::i18n::Lang::Fr,
                kubecours::color::Paint::plain(),
            );
        }));
        if r.is_err() {
            panics.push(i);
            std::fs::write(
                format!("{}/panic-{i}.yaml", env!("CARGO_TARGET_TMPDIR")),
                input,
            )
            .ok();
        }
    }
    assert!(
        panics.is_empty(),
        "{} inputs panicked (saved under target/tmp): {:?}",
        panics.len(),
        &panics[..panics.len().min(10)]
    );
}

#[test]
fn alias_bomb_is_rejected_without_expanding_it() {
    // 10 levels of 10 aliases: 10^10 nodes if expanded.
    let mut t = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bombe\ndata:\n  a0: &a0 [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
    );
    for i in 1..=10 {
        let p = i - 1;
        t.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            vec![format!("*a{p}"); 10].join(",")
        ));
    }
    let run = lint::lint_sources(
        vec![SourceFile::from_text("bombe.yaml", t)],
        &Options::default(),
    );
    assert!(run.objects.is_empty());
    let f = run
        .findings
        .iter()
        .find(|f| f.id() == "yaml-alias-limit")
        .expect("bomb reported");
    assert!(f.pos.line >= 6, "points inside the bomb: {:?}", f.pos);
}

#[test]
fn deep_nesting_is_bounded() {
    let t = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let run = lint::lint_sources(
        vec![SourceFile::from_text("deep.yaml", t)],
        &Options::default(),
    );
    assert!(
        run.findings
            .iter()
            .any(|f| f.id() == "yaml-alias-limit" || f.id() == "yaml-syntax")
    );
}

#[test]
fn every_document_of_a_stream_is_read() {
    let t = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let run = lint::lint_sources(
        vec![SourceFile::from_text("s.yaml", t)],
        &Options::default(),
    );
    let names: Vec<_> = run.objects.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn a_utf8_bom_and_crlf_line_ends_are_accepted() {
    let t = "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\ndata:\r\n  K: \"v\"\r\n";
    let run = lint::lint_sources(
        vec![SourceFile::from_text("w.yaml", t)],
        &Options::default(),
    );
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.objects.len(), 1);
}

#[test]
fn a_lone_carriage_return_is_a_line_break_for_locations_too() {
    // Found by the `lint` fuzz target: the YAML parser breaks lines at a
    // lone `\r` (old Mac files), the file's line table did not, and a syntax
    // error was reported at line 36 of a file of 7 lines.
    let mut text = String::from("apiVersion: v1 ni*dk:Service\nme");
    text.push_str(&"\r".repeat(34));
    text.push('+');
    text.push_str(&"\r".repeat(57));
    text.push_str(
        "tadata:\n  name: backend-nodepond\n  ports:\n    - port: 80\n      targeTPort: 8000\n",
    );
    let run = lint::lint_sources(
        vec![SourceFile::from_text("mac.yaml", text)],
        &Options::default(),
    );
    let file = &run.files[0];
    assert!(!run.findings.is_empty());
    for f in &run.findings {
        assert!(
            file.line(f.pos.line).is_some(),
            "{}: line {} of a file of {} lines",
            f.code.id,
            f.pos.line,
            file.line_count()
        );
    }
    let crlf = SourceFile::from_text("crlf.yaml", "a: 1\r\nb: 2\rc: 3\n");
    assert_eq!(crlf.line_count(), 4);
    assert_eq!(
        (crlf.line(1), crlf.line(2), crlf.line(3)),
        (Some("a: 1"), Some("b: 2"), Some("c: 3"))
    );
}
