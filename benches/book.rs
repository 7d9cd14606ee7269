//! Building the whole course book in-process (preprocessor, every example
//! linted, HTML and search index), as `kubecours book build` does.
//!
//! Run: `cargo bench --bench book`. Target (issue "course"): < 5 s.

use std::time::Instant;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join("kubecours-bench-book");
    let mut times = Vec::new();
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        kubecours::book::build(&root.join("book"), Some(&out))
            .unwrap_or_else(|e| panic!("{}", e.message(kubecours::i18n::Lang::Fr)));
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "book build: median {:.2} s, worst {:.2} s over {} builds (target < 5 s)",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );
    let _ = std::fs::remove_dir_all(&out);
}
