//! Kustomize folders: `kubectl apply -f` cannot apply a `kustomization.yaml`,
//! so `lint` reports it (`not-a-manifest`) and, when `kubectl` is on the
//! PATH, lints what `kubectl kustomize DIR` produces, as one more input set.

use crate::engine::{Options, Run};
use crate::manifest::DocProblem;
use crate::source::SourceFile;
use std::path::Path;
use std::process::Command;

/// The folders of the run's files that hold a kustomization.
fn kustomization_dirs(run: &Run) -> Vec<String> {
    let mut dirs: Vec<String> = run
        .findings
        .iter()
        .filter(|f| f.code.id == "not-a-manifest")
        .filter_map(|f| f.file.and_then(|i| run.files.get(i)))
        .filter(|src| {
            let base = src.name.rsplit(['/', '\\']).next().unwrap_or(&src.name);
            matches!(
                base,
                "kustomization.yaml" | "kustomization.yml" | "Kustomization"
            )
        })
        .map(|src| {
            Path::new(&src.name)
                .parent()
                .map(|p| p.display().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| ".".into())
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Runs `kubectl kustomize DIR` (no cluster needed) and lints its output.
pub fn lint_kustomizations(run: &mut Run, opts: &Options) {
    let dirs = kustomization_dirs(run);
    if dirs.is_empty() {
        return;
    }
    let mut extra = Vec::new();
    for dir in dirs {
        let Ok(out) = Command::new("kubectl").args(["kustomize", &dir]).output() else {
            return; // no kubectl: the `not-a-manifest` info says what to run.
        };
        if out.status.success() {
            let name = format!("kubectl kustomize {dir}");
            extra.push(SourceFile::from_bytes(name, out.stdout, opts.max_file_size));
        }
    }
    if extra.is_empty() {
        return;
    }
    let base_group = run.files.iter().map(|f| f.group).max().unwrap_or(0) + 1;
    let offset = run.files.len();
    let extra: Vec<SourceFile> = extra
        .into_iter()
        .enumerate()
        .map(|(i, f)| f.in_group(base_group + i))
        .collect();
    let mut sub = crate::engine::lint_sources(extra, opts);
    for o in &mut sub.objects {
        o.file += offset;
    }
    for f in &mut sub.findings {
        if let Some(i) = f.file.as_mut() {
            *i += offset;
        }
        for r in &mut f.related {
            r.file += offset;
        }
    }
    run.files.extend(sub.files);
    run.objects.extend(sub.objects);
    run.findings.extend(sub.findings);
    crate::diag::Finding::sort(&mut run.findings);
}

/// Whether a document problem is a kustomization (for callers that read problems directly).
pub fn is_kustomization(p: &DocProblem) -> bool {
    matches!(p, DocProblem::Kustomization { .. })
}
