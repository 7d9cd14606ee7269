//! `kubecours fmt FILE…` and `kubecours lint --reindent`: the
//! re-indentation for students who pasted a manifest from a PDF.

use super::{Rebuilt, repair};
use crate::engine::{Options, Run};
use crate::error::Error;
use crate::i18n::Lang;
use crate::source::SourceFile;
use crate::tr;
use std::path::{Path, PathBuf};

/// What `fmt` does with the rebuilt text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite each file in place.
    Write,
    /// Print the result.
    Stdout,
    /// Only say which files would change (exit 1 if any).
    Check,
}

/// Re-indents a text: only when its indentation was lost (or `force`).
pub fn fix(text: &str, force: bool) -> Option<Rebuilt> {
    if force {
        let r = super::rebuild(text);
        return (r.text != text).then_some(r);
    }
    repair(text)
}

/// `kubecours fmt`: returns what to print and the exit code.
pub fn fmt(paths: &[PathBuf], mode: Mode, force: bool, lang: Lang) -> Result<(String, u8), Error> {
    if paths.is_empty() {
        return Err(Error::other(
            "donnez le ou les fichiers à réindenter : `kubecours fmt deployment.yaml` (`-` : l'entrée standard)",
            "give the file(s) to re-indent: `kubecours fmt deployment.yaml` (`-`: standard input)",
        ));
    }
    let mut out = String::new();
    let mut changed = 0;
    for p in paths {
        let stdin = p.as_os_str() == "-";
        let text = if stdin {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .map_err(|e| Error::io(Path::new("<stdin>"), e))?;
            s
        } else {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            String::from_utf8(bytes).map_err(|_| {
                let shown = crate::error::display_path(p);
                Error::other(
                    format!("`{shown}` n'est pas en UTF-8 : enregistrez-le en UTF-8 puis relancez"),
                    format!("`{shown}` is not UTF-8: save it as UTF-8 and run again"),
                )
            })?
        };
        let shown = if stdin {
            "<stdin>".to_string()
        } else {
            crate::error::display_path(p)
        };
        let rebuilt = fix(&text, force);
        if rebuilt.is_some() {
            changed += 1;
        }
        match (mode, &rebuilt) {
            (Mode::Stdout, r) => out.push_str(r.as_ref().map_or(&text, |r| &r.text)),
            (_, None) if !stdin => {
                out += &tr!(
                    lang,
                    "{shown} : indentation correcte, rien à changer\n",
                    "{shown}: indentation fine, nothing to change\n"
                );
            }
            (Mode::Check, Some(r)) => {
                out += &tr!(
                    lang,
                    "{shown} : l'indentation serait reconstruite ({} lignes)\n",
                    "{shown}: the indentation would be rebuilt ({} lines)\n",
                    r.moved
                );
            }
            (Mode::Write, Some(r)) if !stdin => {
                std::fs::write(p, &r.text).map_err(|e| Error::write(p, e))?;
                out += &tr!(
                    lang,
                    "{shown} : indentation reconstruite d'après le schéma de Kubernetes ({} lignes) ; vérifiez le résultat avec `kubecours lint {shown}`\n",
                    "{shown}: indentation rebuilt from the Kubernetes schema ({} lines); check the result with `kubecours lint {shown}`\n",
                    r.moved
                );
            }
            (_, r) => out.push_str(r.as_ref().map_or(&text, |r| &r.text)),
        }
        if mode != Mode::Stdout
            && let Some(r) = &rebuilt
        {
            for c in &r.choices {
                out += &tr!(
                    lang,
                    "  ligne {} : deux lectures possibles ; gardée `{}` (dans `{}`), qui donne un manifeste valide, plutôt que `{}` (dans `{}`)\n",
                    "  line {}: two readings possible; kept `{}` (in `{}`), which gives a valid manifest, rather than `{}` (in `{}`)\n",
                    c.line,
                    c.kept.trim_start(),
                    c.kept_place,
                    c.other.trim_start(),
                    c.other_place
                );
            }
        }
    }
    let code = u8::from(mode == Mode::Check && changed > 0);
    Ok((out, code))
}

/// `kubecours lint --reindent`: files whose indentation was lost are
/// re-indented in memory before they are checked; an info finding says so
/// for each (and for each place where two readings were possible).
pub fn lint_paths(inputs: &[PathBuf], opts: &Options) -> Result<Run, Error> {
    let inputs = crate::source::collect_inputs(inputs, opts.recursive)?;
    let mut files = Vec::new();
    let mut rebuilt = Vec::new();
    for i in &inputs {
        let f = crate::source::read(&i.path, opts.max_file_size)?.in_group(i.group);
        match (f.problem.is_none() && !f.is_json())
            .then(|| repair(&f.text))
            .flatten()
        {
            Some(r) => {
                let name = f.name.clone();
                files.push(SourceFile::from_text(name, r.text.clone()).in_group(i.group));
                rebuilt.push((files.len() - 1, r));
            }
            None => files.push(f),
        }
    }
    let mut run = crate::engine::lint_sources(files, opts);
    if opts.kustomize {
        crate::engine::kustomize::lint_kustomizations(&mut run, opts);
    }
    for (file, r) in rebuilt {
        run.findings.extend(r.findings(file));
    }
    crate::diag::Finding::sort(&mut run.findings);
    Ok(run)
}
