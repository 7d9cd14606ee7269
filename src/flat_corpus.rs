//! The corpus of the re-indentation benchmark: valid manifests of the
//! project (rule fixtures `good.yaml`, exercise solutions, the course's
//! application and site, every ```` ```yaml ```` example of the book) and,
//! when present beside the repository, the manifests of other linters in
//! `../shared/corpora/`. Each file is flattened (every leading blank
//! removed, as a copy from a PDF does), rebuilt by [`crate::reindent`], and
//! the objects of both are compared.

use std::path::{Path, PathBuf};

/// One valid manifest file of the corpus.
pub struct Sample {
    /// Where it comes from (`exercises/03-deployment/solution/deployment.yaml`,
    /// `book/src/service.md:42`).
    pub name: String,
    pub text: String,
}

/// The figures of one measurement.
#[derive(Debug, Default)]
pub struct Measure {
    pub files: usize,
    /// Files whose rebuilt objects equal the original ones.
    pub exact: usize,
    /// Files whose indentation was already all at column 1 (nothing to rebuild).
    pub already_flat: usize,
    /// Lines of all files.
    pub lines: usize,
    /// Names of the files not rebuilt exactly.
    pub failures: Vec<String>,
    pub seconds: f64,
}

impl Measure {
    pub fn percent(&self) -> f64 {
        if self.files == 0 {
            0.0
        } else {
            100.0 * self.exact as f64 / self.files as f64
        }
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && depth < 8 {
            yaml_files(&p, out, depth + 1);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// A manifest is valid here when it parses without any YAML problem, has at
/// least one object, and the schema finds nothing to say about its objects.
pub fn is_valid(text: &str) -> bool {
    if text.contains('\t') || text.trim_start().starts_with(['{', '[']) {
        return false;
    }
    let stream = crate::yaml::parse_stream(text, crate::yaml::Limits::default());
    let real_issue = stream
        .issues
        .iter()
        .any(|i| !matches!(i, crate::yaml::YamlIssue::Yaml11 { .. }));
    if real_issue || stream.documents.iter().all(|d| d.root.is_null()) {
        return false;
    }
    crate::reindent::violations(text) == 0
}

/// The ```` ```yaml ```` blocks of a Markdown page (not the fragments nor the
/// examples that are wrong on purpose), with their first line.
pub fn markdown_yaml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        match &mut current {
            None => {
                if let Some(info) = t.strip_prefix("```")
                    && matches!(info.trim(), "yaml" | "yml")
                {
                    current = Some((i + 2, String::new()));
                }
            }
            Some((start, body)) => {
                if t.starts_with("```") {
                    out.push((*start, std::mem::take(body)));
                    current = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// Every valid manifest of the corpus, from the repository at `root` (and
/// `root/../shared/corpora` when it exists).
pub fn samples(root: &Path) -> Vec<Sample> {
    let mut paths = Vec::new();
    let fixtures = root.join("tests/fixtures/rules");
    if let Ok(rules) = std::fs::read_dir(&fixtures) {
        let mut rules: Vec<_> = rules.flatten().map(|e| e.path()).collect();
        rules.sort();
        for r in rules {
            let good = r.join("good.yaml");
            if good.is_file() {
                paths.push(good);
            }
        }
    }
    if let Ok(ex) = std::fs::read_dir(root.join("exercises")) {
        let mut ex: Vec<_> = ex.flatten().map(|e| e.path()).collect();
        ex.sort();
        for e in ex {
            yaml_files(&e.join("solution"), &mut paths, 1);
        }
    }
    yaml_files(&root.join("manifests"), &mut paths, 0);
    yaml_files(&root.join("../shared/corpora"), &mut paths, 0);
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut out: Vec<Sample> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            is_valid(&text).then(|| Sample { name: rel(p), text })
        })
        .collect();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("book/src"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    for page in pages {
        let Ok(text) = std::fs::read_to_string(&page) else {
            continue;
        };
        for (line, body) in markdown_yaml_blocks(&text) {
            if is_valid(&body) {
                out.push(Sample {
                    name: format!("{}:{line}", rel(&page)),
                    text: body,
                });
            }
        }
    }
    out
}

/// Every leading blank removed, as a copy from a PDF leaves a manifest.
pub fn flatten(text: &str) -> String {
    let mut out: String = text
        .lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// The objects of a text, as JSON, empty documents left out (None when it
/// does not parse).
fn objects(text: &str) -> Option<Vec<serde_json::Value>> {
    let stream = crate::yaml::parse_stream(text, crate::yaml::Limits::default());
    if stream
        .issues
        .iter()
        .any(|i| !matches!(i, crate::yaml::YamlIssue::Yaml11 { .. }))
    {
        return None;
    }
    Some(
        stream
            .documents
            .iter()
            .filter(|d| !d.root.is_null())
            .map(|d| d.root.to_json())
            .collect(),
    )
}

/// Flattens each sample, rebuilds it, and compares the objects.
pub fn measure(samples: &[Sample]) -> Measure {
    let started = std::time::Instant::now();
    let mut m = Measure::default();
    for s in samples {
        m.files += 1;
        m.lines += s.text.lines().count();
        let flat = flatten(&s.text);
        if flat == s.text || flat.trim_end() == s.text.trim_end() {
            m.already_flat += 1;
        }
        let rebuilt = crate::reindent::rebuild(&flat);
        if objects(&rebuilt.text).is_some_and(|o| Some(o) == objects(&s.text)) {
            m.exact += 1;
        } else {
            m.failures.push(s.name.clone());
        }
    }
    m.seconds = started.elapsed().as_secs_f64();
    m
}
