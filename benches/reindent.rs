//! The re-indentation benchmark: every valid manifest of the corpus
//! (`kubecours::flat_corpus`: rule fixtures, exercise solutions, the course's
//! manifests, the book's examples, and `../shared/corpora/` when present)
//! flattened (all leading blanks removed), rebuilt from the Kubernetes
//! schema, and its objects compared with the original's.
//!
//! Run: `cargo bench --bench reindent` (add `-- -v` to list the files not
//! rebuilt exactly). Target (issue "grading real hand-ins"): ≥ 95 % exact.

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = kubecours::flat_corpus::samples(root);
    let m = kubecours::flat_corpus::measure(&samples);
    let shared = samples
        .iter()
        .filter(|s| s.name.starts_with("../shared"))
        .count();
    println!(
        "reindent: {} valid manifests ({} of them from ../shared/corpora, {} lines): {} rebuilt exactly = {:.1} % (target ≥ 95 %), {:.0} ms",
        m.files,
        shared,
        m.lines,
        m.exact,
        m.percent(),
        m.seconds * 1000.0
    );
    if std::env::args().any(|a| a == "-t") {
        let mut times: Vec<(f64, String)> = samples
            .iter()
            .map(|s| {
                let flat = kubecours::flat_corpus::flatten(&s.text);
                let t = std::time::Instant::now();
                let _ = kubecours::reindent::rebuild(&flat);
                (t.elapsed().as_secs_f64(), s.name.clone())
            })
            .collect();
        times.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (t, n) in times.iter().take(8) {
            println!("  {:.0} ms {n}", t * 1000.0);
        }
    }
    if let Some(name) = std::env::args().skip_while(|a| a != "-d").nth(1) {
        for s in samples.iter().filter(|s| s.name.contains(&name)) {
            let rebuilt = kubecours::reindent::rebuild(&kubecours::flat_corpus::flatten(&s.text));
            println!("== {}", s.name);
            for (a, b) in s.text.lines().zip(rebuilt.text.lines()) {
                let mark = if a.trim_end() == b.trim_end() {
                    " "
                } else {
                    "!"
                };
                println!("{mark} {a:<50} | {b}");
            }
        }
    }
    if verbose {
        for f in &m.failures {
            println!("  not exact: {f}");
        }
    }
}
