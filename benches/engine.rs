//! Engine benchmark: a class of 2,000 students (8,000 files, 10,000 resources,
//! see `kubecours::corpus`) linted with every rule, against the time it takes
//! only to parse the same YAML with positions. Prints resources per second,
//! the ratio to parsing, and the peak resident memory of the lint itself.
//!
//! Run: `cargo bench --bench engine` (add `-- 500` for another class size;
//! `KUBECOURS_BENCH_KEEP=1` keeps the corpus in the temporary folder).
//! Targets (issue "manifest engine"): ≥ 50,000 resources/s, ≤ 1.5× parse time,
//! peak RSS < 200 MB on the 2-core reference machine.

use kubecours::engine::{self as lint, Options};
use kubecours::yaml::{self, Limits};
use std::time::Instant;

// The same allocator as the `kubecours` binary, so that in-process figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(r);
    }
    (best, last.unwrap())
}

fn main() {
    let students: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("kubecours-bench-{students}"));
    let _ = std::fs::remove_dir_all(&dir);
    let files = kubecours::corpus::write_class(&dir, students).expect("write corpus");
    let opts = Options::default();

    // The real command, once, in its own process: wall time and peak RSS.
    // First, while this process is small: a forked child counts its
    // parent's pages until `exec`.
    // Let the freshly written corpus reach the disk, so that writeback does not
    // compete with the runs.
    // SAFETY: sync() has no preconditions.
    unsafe { libc::sync() };
    std::thread::sleep(std::time::Duration::from_secs(2));
    let mut runs = Vec::new();
    let mut status = None;
    for _ in 0..5 {
        let t = Instant::now();
        status = Some(
            std::process::Command::new(env!("CARGO_BIN_EXE_kubecours"))
                .args(["lint", "--format", "json"])
                .arg(&dir)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run kubecours"),
        );
        runs.push(t.elapsed().as_secs_f64());
    }
    let status = status.unwrap();
    runs.sort_by(f64::total_cmp);
    // The first run after writing the corpus is cold; the median is what a
    // user running the command again sees.
    let cli_s = runs[runs.len() / 2];
    // SAFETY: getrusage only fills the struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let peak_mb = usage.ru_maxrss as f64 / 1024.0;

    // Parse only: read every file and parse it with positions.
    let paths = kubecours::source::collect_paths(std::slice::from_ref(&dir)).unwrap();
    let (parse_s, nodes) = best_of(5, || {
        let mut docs = 0usize;
        for p in &paths {
            let src = kubecours::source::read(p, opts.max_file_size).unwrap();
            docs += yaml::parse_stream(&src.text, Limits::default())
                .documents
                .len();
        }
        docs
    });

    // Phases, on sources already in memory (dropped before the RSS measure).
    {
        let sources: Vec<_> = paths
            .iter()
            .map(|p| kubecours::source::read(p, opts.max_file_size).unwrap())
            .collect();
        let (mem_parse_s, _) = best_of(5, || {
            sources
                .iter()
                .map(|s| {
                    yaml::parse_stream(&s.text, Limits::default())
                        .documents
                        .len()
                })
                .sum::<usize>()
        });
        let (load_s, objects) = best_of(5, || {
            let mut objs = Vec::new();
            for (i, s) in sources.iter().enumerate() {
                objs.extend(lint::load(i, s, Limits::default()).objects);
            }
            objs
        });
        let (check_s, _) = best_of(5, || lint::check_objects(&objects, &sources, &opts).len());
        println!(
            "in memory: parse {:.1} ms, load (parse + objects + input checks) {:.1} ms, schema + rules {:.1} ms",
            mem_parse_s * 1e3,
            load_s * 1e3,
            check_s * 1e3
        );
    }

    // Parse only, on every core (the same parallel map the linter uses).
    let (par_parse_s, _) = best_of(5, || {
        use rayon::prelude::*;
        paths
            .par_iter()
            .map(|p| {
                let src = kubecours::source::read(p, opts.max_file_size).unwrap();
                yaml::parse_stream(&src.text, Limits::default())
                    .documents
                    .len()
            })
            .sum::<usize>()
    });

    // Full lint, in process, as `kubecours lint --format json DIR` does it.
    let (lint_s, (resources, findings, json_len)) = best_of(5, || {
        let run = lint::lint_paths(std::slice::from_ref(&dir), &opts).unwrap();
        let json = kubecours::report::render_lint(
            &run,
            "json",
            kubecours::i18n::Lang::Fr,
            kubecours::color::Paint::plain(),
        );
        let r = (run.objects.len(), run.findings.len(), json.len());
        // As the CLI does: the process would end here, nothing is freed.
        std::mem::forget(run);
        r
    });

    // An alias bomb (10 levels of 10 aliases: 10^10 nodes if expanded) is
    // rejected at once.
    let mut bomb = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bombe\ndata:\n  a0: &a0 [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
    );
    for i in 1..=10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    let (bomb_s, bomb_findings) = best_of(5, || {
        let src = kubecours::source::SourceFile::from_text("bombe.yaml", bomb.clone());
        lint::lint_sources(vec![src], &opts)
            .findings
            .iter()
            .filter(|f| f.id() == "yaml-alias-limit")
            .count()
    });
    println!(
        "alias bomb (10^10 nodes if expanded): rejected in {:.2} ms ({bomb_findings} yaml-alias-limit finding)",
        bomb_s * 1e3
    );

    println!(
        "corpus: {students} students, {files} files, {resources} resources, {nodes} documents ({} in {})",
        findings,
        dir.display()
    );
    println!(
        "parse only (YAML with positions): {:.1} ms, {:.0} resources/s",
        parse_s * 1e3,
        resources as f64 / parse_s
    );
    println!(
        "lint, every rule, JSON report ({json_len} bytes): {:.1} ms, {:.0} resources/s",
        lint_s * 1e3,
        resources as f64 / lint_s
    );
    println!(
        "parse only on {} threads: {:.1} ms",
        rayon::current_num_threads(),
        par_parse_s * 1e3
    );
    println!(
        "lint / parse (both on every core): {:.2}x",
        lint_s / par_parse_s
    );
    println!(
        "`kubecours lint --format json` on the corpus (exit {}), median of 5 runs: {:.1} ms wall, {:.0} resources/s end to end; peak RSS {peak_mb:.1} MB",
        status.code().unwrap_or(-1),
        cli_s * 1e3,
        resources as f64 / cli_s
    );
    // `KUBECOURS_BENCH_KEEP=1` keeps the corpus, to run the command by hand.
    if std::env::var_os("KUBECOURS_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
