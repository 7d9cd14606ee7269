//! Engine benchmark: a class of students (`kubecours::corpus`: 4 files and 5
//! resources each) in two layouts, one namespace per student and the class
//! folder with no `metadata.namespace` and the same names in every student's
//! folder, each linted with every rule, in process as `kubecours lint
//! --format json DIR` does it, against the single-core parse floor: reading
//! and parsing the same files with positions, on one thread, in the same
//! process and the same run (the runs alternate, and the figures are medians).
//! The class layout is also linted as one input set (`-R`), where every
//! student shares the namespace and every name: the worst case for the
//! cross-object rules.
//!
//! Then a scaling run (500, 1,000, 2,000, 4,000 students, each layout) that
//! prints the time ratio of each doubling, and the real command in its own
//! process (wall time, peak RSS).
//!
//! Run: `cargo bench --bench engine` (add `-- 500` for another class size
//! for the first part, `-- --no-scaling` to skip the scaling run;
//! `KUBECOURS_BENCH_KEEP=1` keeps the corpora in the temporary folder).
//! Targets (issue 15): lint ≤ 1.2× the single-core parse floor on both
//! layouts; each doubling ≤ 2.3× the time.

use kubecours::corpus::Layout;
use kubecours::engine::{self as lint, Options};
use kubecours::yaml::{self, Limits};
use std::path::{Path, PathBuf};
use std::time::Instant;

// The same allocator as the `kubecours` binary, so that in-process figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn layout_name(l: Layout) -> &'static str {
    match l {
        Layout::Namespaced => "one namespace per student",
        Layout::Class => "class folder, no namespace, same names",
    }
}

fn corpus(students: usize, layout: Layout) -> (PathBuf, usize) {
    let tag = match layout {
        Layout::Namespaced => "ns",
        Layout::Class => "class",
    };
    let dir = std::env::temp_dir().join(format!("kubecours-bench-{tag}-{students}"));
    let _ = std::fs::remove_dir_all(&dir);
    let files = kubecours::corpus::write_class_in(&dir, students, layout).expect("write corpus");
    (dir, files)
}

/// Single-core parse floor: read every file and parse it with positions.
fn parse_floor(paths: &[PathBuf], opts: &Options) -> usize {
    let mut docs = 0usize;
    for p in paths {
        let src = kubecours::source::read(p, opts.max_file_size).unwrap();
        docs += yaml::parse_stream(&src.text, Limits::default())
            .documents
            .len();
    }
    docs
}

struct Lint {
    resources: usize,
    findings: usize,
    json_len: usize,
}

/// The whole command in process: read, lint with every rule, write the JSON
/// report. The run is freed outside the timed part (the CLI never frees it).
fn lint_once(dir: &Path, opts: &Options) -> (f64, Lint, lint::Run) {
    let t = Instant::now();
    let run = lint::lint_paths(&[dir.to_path_buf()], opts).unwrap();
    let json = kubecours::report::render_lint(
        &run,
        "json",
        kubecours::i18n::Lang::Fr,
        kubecours::color::Paint::plain(),
    );
    let s = t.elapsed().as_secs_f64();
    let l = Lint {
        resources: run.objects.len(),
        findings: run.findings.len(),
        json_len: json.len(),
    };
    (s, l, run)
}

/// Parse floor and lint, alternating, `RUNS` times each: medians.
fn measure(dir: &Path, opts: &Options) -> (f64, f64, Lint, usize) {
    let paths = kubecours::source::collect_paths(&[dir.to_path_buf()]).unwrap();
    let (mut parse, mut lints) = (Vec::new(), Vec::new());
    let mut last = None;
    let mut docs = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        docs = parse_floor(&paths, opts);
        parse.push(t.elapsed().as_secs_f64());
        let (s, l, run) = lint_once(dir, opts);
        drop(run);
        lints.push(s);
        last = Some(l);
    }
    (median(parse), median(lints), last.unwrap(), docs)
}

/// The real command in its own process: median wall time of 5 runs, and the
/// peak RSS of the last one (wait4 reports each child's own).
// The children are reaped by `wait4`, which also gives each one's peak RSS.
#[allow(clippy::zombie_processes)]
fn command(dir: &Path, recursive: bool) -> (f64, f64, i32) {
    let mut runs = Vec::new();
    let mut peak = 0.0f64;
    let mut code = -1;
    for _ in 0..5 {
        let t = Instant::now();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubecours"));
        cmd.args(["lint", "--format", "json"]);
        if recursive {
            cmd.arg("-R");
        }
        let child = cmd
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("run kubecours");
        let mut status = 0;
        // SAFETY: wait4 on our own child fills the status and the struct we own.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        runs.push(t.elapsed().as_secs_f64());
        peak = peak.max(usage.ru_maxrss as f64 / 1024.0);
        code = libc::WEXITSTATUS(status);
    }
    (median(runs), peak, code)
}

fn settle() {
    // Let a freshly written corpus reach the disk, so that writeback does not
    // compete with the runs. SAFETY: sync() has no preconditions.
    unsafe { libc::sync() };
    std::thread::sleep(std::time::Duration::from_secs(1));
}

fn cleanup(dir: &Path) {
    if std::env::var_os("KUBECOURS_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let students: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(2000);
    let scaling = !args.iter().any(|a| a == "--no-scaling");
    let opts = Options::default();
    let recursive = Options {
        recursive: true,
        ..Options::default()
    };
    println!(
        "engine benchmark: {} threads; parse floor on 1 thread; medians of {RUNS} alternating runs",
        rayon::current_num_threads()
    );
    let mut ok = true;

    for layout in [Layout::Namespaced, Layout::Class] {
        let (dir, files) = corpus(students, layout);
        settle();
        let mut cases = vec![("", &opts)];
        if layout == Layout::Class {
            cases.push((" (-R: one input set)", &recursive));
        }
        for (suffix, o) in cases {
            let (parse_s, lint_s, l, docs) = measure(&dir, o);
            let ratio = lint_s / parse_s;
            let gated = !o.recursive;
            ok &= !gated || ratio <= 1.2;
            println!(
                "{}{suffix}: {students} students, {files} files, {docs} documents, {} resources, {} findings, JSON {} bytes",
                layout_name(layout),
                l.resources,
                l.findings,
                l.json_len
            );
            println!(
                "  parse floor (1 thread) {:.1} ms; lint, every rule, JSON report {:.1} ms ({:.0} resources/s); lint / parse {ratio:.2}x{}",
                parse_s * 1e3,
                lint_s * 1e3,
                l.resources as f64 / lint_s,
                if gated { " (target ≤ 1.2x)" } else { "" }
            );
            let (cli_s, peak, code) = command(&dir, o.recursive);
            println!(
                "  `kubecours lint --format json{}` in its own process (exit {code}): median {:.1} ms wall, peak RSS {peak:.1} MB",
                if o.recursive { " -R" } else { "" },
                cli_s * 1e3
            );
        }
        cleanup(&dir);
    }

    if scaling {
        // Every size is written first, then the runs go round the sizes:
        // a burst of load on the machine falls on every size alike.
        const SIZES: [usize; 4] = [500, 1000, 2000, 4000];
        println!("scaling (lint in process, median of {RUNS} runs taken in turn over the sizes):");
        for layout in [Layout::Namespaced, Layout::Class] {
            let dirs: Vec<PathBuf> = SIZES.iter().map(|&n| corpus(n, layout).0).collect();
            settle();
            let mut cases = vec![("", &opts)];
            if layout == Layout::Class {
                cases.push((" -R", &recursive));
            }
            for (suffix, o) in cases {
                let mut times = vec![Vec::new(); SIZES.len()];
                for _ in 0..RUNS {
                    for (i, dir) in dirs.iter().enumerate() {
                        let (s, _, run) = lint_once(dir, o);
                        drop(run);
                        times[i].push(s);
                    }
                }
                let medians: Vec<f64> = times.into_iter().map(median).collect();
                let mut line = format!("  {}{suffix}:", layout_name(layout));
                for (i, m) in medians.iter().enumerate() {
                    line.push_str(&format!(" {}: {:.1} ms", SIZES[i], m * 1e3));
                    if i > 0 {
                        let r = m / medians[i - 1];
                        ok &= o.recursive || r <= 2.3;
                        line.push_str(&format!(" ({r:.2}x)"));
                    }
                }
                println!("{line}  (target ≤ 2.3x per doubling)");
            }
            for d in &dirs {
                cleanup(d);
            }
        }
    }

    // An alias bomb (10 levels of 10 aliases: 10^10 nodes if expanded) is
    // rejected at once.
    let mut bomb = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bombe\ndata:\n  a0: &a0 [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
    );
    for i in 1..=10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    let mut bomb_times = Vec::new();
    let mut bomb_findings = 0;
    for _ in 0..5 {
        let src = kubecours::source::SourceFile::from_text("bombe.yaml", bomb.clone());
        let t = Instant::now();
        bomb_findings = lint::lint_sources(vec![src], &opts)
            .findings
            .iter()
            .filter(|f| f.id() == "yaml-alias-limit")
            .count();
        bomb_times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "alias bomb (10^10 nodes if expanded): rejected in {:.2} ms, median of 5 ({bomb_findings} yaml-alias-limit finding)",
        median(bomb_times) * 1e3
    );
    println!(
        "{}",
        if ok {
            "targets met (lint ≤ 1.2x parse on both layouts, each doubling ≤ 2.3x)"
        } else {
            "TARGETS NOT MET (see above)"
        }
    );
}
