//! The fuzz targets (`fuzz/`, run with `cargo +nightly fuzz run TARGET`) on
//! stable: their bodies, shared through `fuzz/targets.rs`, on every file of
//! the seed corpus and on deterministic mutations of them (bit flips,
//! truncations, duplicated lines, inserted tabs, colons, quotes, anchors,
//! aliases, UTF-16 with a BOM). No input may panic, and every message must
//! be French in French mode with its location inside the file.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

/// Mutations per seed file and target.
const MUTATIONS: usize = 40;

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 20, "{target}: only {} seed files", out.len());
    out
}

/// xorshift64*: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INSERTS: &[&str] = &[
    "\t",
    ":",
    ": ",
    "\"",
    "'",
    "&a ",
    "*a",
    "&anchor\n",
    "*anchor\n",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "---\n",
    "...\n",
    "#",
    "|",
    ">-",
    "!!binary ",
    "<<: *a\n",
    "\u{feff}",
    "é",
    "\r",
    "\n",
    "  ",
    "? ",
    "%YAML 1.2\n",
    "\u{a0}",
    "kind: ",
    "apiVersion: v1\n",
];

fn lines(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|&b| b == b'\n').collect()
}

fn utf16(data: &[u8], le: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(data);
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// One mutation of `data`, picked by `rng`; applied `1..=3` times.
fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    for _ in 0..1 + rng.below(3) {
        d = match rng.below(10) {
            0 => {
                let mut d = d;
                if !d.is_empty() {
                    let i = rng.below(d.len());
                    d[i] ^= 1 << rng.below(8);
                }
                d
            }
            1 => d[..rng.below(d.len() + 1)].to_vec(),
            2 => {
                let ls = lines(&d);
                let i = rng.below(ls.len());
                let mut out = Vec::new();
                for (k, l) in ls.iter().enumerate() {
                    out.extend_from_slice(l);
                    if k == i {
                        if !l.ends_with(b"\n") {
                            out.push(b'\n');
                        }
                        out.extend_from_slice(l);
                    }
                }
                out
            }
            3..=5 => {
                let ins = INSERTS[rng.below(INSERTS.len())].as_bytes();
                let i = rng.below(d.len() + 1);
                let mut out = d[..i].to_vec();
                out.extend_from_slice(ins);
                out.extend_from_slice(&d[i..]);
                out
            }
            6 => utf16(&d, rng.below(2) == 0),
            7 => lines(&d)
                .iter()
                .flat_map(|l| {
                    let s = l.iter().position(|&b| b != b' ').unwrap_or(l.len());
                    l[s..].to_vec()
                })
                .collect(),
            8 => {
                let mut ls = lines(&d);
                if ls.len() > 1 {
                    let (a, b) = (rng.below(ls.len()), rng.below(ls.len()));
                    ls.swap(a, b);
                }
                ls.concat()
            }
            _ => {
                // Delete a random run of bytes.
                let i = rng.below(d.len() + 1);
                let j = (i + rng.below(16)).min(d.len());
                [&d[..i], &d[j..]].concat()
            }
        };
    }
    d
}

fn show(data: &[u8]) -> String {
    let s = format!("{:?}", String::from_utf8_lossy(data));
    if s.chars().count() > 2000 {
        format!("{}…", s.chars().take(2000).collect::<String>())
    } else {
        s
    }
}

fn run(target: &str, body: fn(&[u8]), seed: u64) {
    let mut rng = Rng(seed);
    let mut inputs = 0;
    for (name, data) in seeds(target) {
        let mut cases = vec![data.clone()];
        cases.extend((0..MUTATIONS).map(|_| mutate(&data, &mut rng)));
        for case in cases {
            inputs += 1;
            let result = std::panic::catch_unwind(|| body(&case));
            if let Err(e) = result {
                let why = e
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| e.downcast_ref::<&str>().copied())
                    .unwrap_or("?");
                panic!("{target}: {why}\nfrom seed {name}, input {}", show(&case));
            }
        }
    }
    assert!(inputs > 20 * MUTATIONS, "{target}: {inputs} inputs");
}

#[test]
fn lint_never_panics_and_speaks_french() {
    run("lint", targets::lint, 0x6b75_6265_636f_7572);
}

#[test]
fn reindent_keeps_lines() {
    run("reindent", targets::reindent, 0x7265_696e_6465_6e74);
}

#[test]
fn extract_never_panics() {
    run("extract", targets::extract, 0x6578_7472_6163_7421);
}

#[test]
fn extract_every_kind_of_name() {
    // The text seeds under every document name: DOCX, ODT and PDF refuse
    // them with a French reason, text and Markdown give their manifests.
    for (_, data) in seeds("extract") {
        for name in targets::DOCUMENT_NAMES {
            targets::extract_named(name, &data[1..]);
        }
    }
}

#[test]
fn lsp_edits_stay_on_char_boundaries() {
    run("lsp", targets::lsp, 0x6c73_705f_7465_7874);
}

#[test]
fn french_check_catches_english() {
    // The check the targets rely on must fail on an English sentence and
    // accept French that quotes English input.
    assert!(
        std::panic::catch_unwind(|| targets::assert_french("the file is not valid", "t")).is_err()
    );
    targets::assert_french("la clé `the` n'existe pas dans « is not »", "t");
}
