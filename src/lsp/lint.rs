//! Checking a folder for the editor: findings as protocol diagnostics, their
//! fixes as quick fixes, and completion of field names.

use super::text::{self, line_of, range_of, text_at};
use super::{Unit, cursor, docs};
use crate::diag::{Edit, Finding, Severity};
use crate::engine::{self, Options};
use crate::i18n::Lang;
use crate::schema::{self, Expected};
use crate::source::SourceFile;
use crossbeam_channel::{Receiver, Sender};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, CompletionItem,
    CompletionItemKind, CompletionTextEdit, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Documentation, InsertTextMode, Location, MarkupContent, MarkupKind,
    NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Neighbours larger than this are left out of a keystroke's check.
const NEIGHBOUR_MAX_SIZE: u64 = 1024 * 1024;
/// At most this many neighbours (a folder of manifests, not a repository).
const NEIGHBOUR_MAX_COUNT: usize = 500;

pub struct OpenFile {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
}

/// A check of one unit, with the open documents' texts as they are now.
pub struct Job {
    pub unit: Unit,
    pub open: Vec<OpenFile>,
    pub lang: Lang,
}

pub struct JobDone {
    pub unit: Unit,
    pub files: Vec<FileResult>,
}

/// The diagnostics of one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub uri: Uri,
    /// The version of the open document they were computed on.
    pub version: Option<i32>,
    pub items: Vec<Item>,
}

/// One finding, as the editor shows it, with its quick fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub diagnostic: Diagnostic,
    pub rule: &'static str,
    pub fix: Option<FixEdit>,
}

/// A fix as a text edit, with the text it replaces (checked again before it
/// is offered: the document may have changed since).
#[derive(Debug, Clone, PartialEq)]
pub struct FixEdit {
    pub title: String,
    pub range: Range,
    pub new_text: String,
    pub old_text: String,
    pub whole_line: bool,
}

/// The lint thread: one job at a time (the engine itself uses both cores).
pub fn worker(jobs: Receiver<Job>, done: Sender<JobDone>) {
    for job in jobs {
        let unit = job.unit.clone();
        // The engine never panics on input; should a bug make it, the server lives on.
        let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(job)))
            .unwrap_or_else(|_| {
                eprintln!("kubecours lsp: internal error while checking {unit:?}");
                Vec::new()
            });
        if done.send(JobDone { unit, files }).is_err() {
            return;
        }
    }
}

/// A YAML or JSON file that looks like a Kubernetes manifest (other YAML of
/// the folder, a CI workflow or a compose file, is left alone).
pub fn looks_like_manifest(text: &str) -> bool {
    text.contains("apiVersion") || text.contains("kind:") || text.contains("\"kind\"")
}

fn is_manifest_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    ) && !p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// The manifests of a folder, not open in the editor, as they are on disk.
fn neighbours(dir: &Path, open: &[OpenFile]) -> Vec<(PathBuf, SourceFile)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .map(|e| e.path())
        .filter(|p| is_manifest_name(p) && p.is_file())
        .filter(|p| !open.iter().any(|o| o.path.as_deref() == Some(p.as_path())))
        .collect();
    paths.sort();
    paths.truncate(NEIGHBOUR_MAX_COUNT);
    paths
        .into_iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= NEIGHBOUR_MAX_SIZE))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let name = file_name(&p);
            let f = SourceFile::from_bytes(name, bytes, NEIGHBOUR_MAX_SIZE);
            (f.problem.is_none() && looks_like_manifest(&f.text)).then_some((p, f))
        })
        .collect()
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Checks a unit: its open documents and, for a folder, the other manifests in it.
pub fn check(job: Job) -> Vec<FileResult> {
    let mut uris: Vec<(Uri, Option<i32>)> = Vec::new();
    let mut sources = Vec::new();
    let mut out = Vec::new();
    for o in &job.open {
        if !looks_like_manifest(&o.text) {
            // Not a manifest (yet): nothing to say about it.
            out.push(FileResult {
                uri: o.uri.clone(),
                version: Some(o.version),
                items: Vec::new(),
            });
            continue;
        }
        let name = o
            .path
            .as_deref()
            .map_or_else(|| o.uri.as_str().to_string(), file_name);
        sources.push(SourceFile::from_text(name, o.text.clone()));
        uris.push((o.uri.clone(), Some(o.version)));
    }
    if let Unit::Folder(dir) = &job.unit {
        for (p, f) in neighbours(dir, &job.open) {
            if let Some(u) = text::uri_of(&p) {
                sources.push(f);
                uris.push((u, None));
            }
        }
    }
    let opts = Options {
        kustomize: false,
        ..Options::default()
    };
    let run = engine::lint_sources(sources, &opts);
    let mut by_file: Vec<Vec<Item>> = vec![Vec::new(); run.files.len()];
    for f in &run.findings {
        let Some(i) = f.file.filter(|i| *i < run.files.len()) else {
            continue;
        };
        by_file[i].push(item(f, &run.files, &uris, job.lang));
    }
    for ((uri, version), items) in uris.into_iter().zip(by_file) {
        out.push(FileResult {
            uri,
            version,
            items,
        });
    }
    out
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as a diagnostic of its file.
fn item(f: &Finding, files: &[SourceFile], uris: &[(Uri, Option<i32>)], lang: Lang) -> Item {
    let text = files
        .get(f.file.unwrap_or(0))
        .map_or("", |s| s.text.as_str());
    let range = if f.pos.is_known() {
        range_of(text, f.pos.line, f.pos.col, f.len)
    } else {
        Range::default()
    };
    let mut message = f.message(lang);
    let help = f.help(lang);
    if !help.is_empty() {
        message.push('\n');
        message.push_str(lang.pick("aide : ", "help: "));
        message.push_str(&help);
    }
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let (uri, _) = uris.get(r.file)?;
            let t = files.get(r.file).map_or("", |s| s.text.as_str());
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range_of(t, r.pos.line, r.pos.col, 1)),
                message: r.label.render(lang),
            })
        })
        .collect();
    let fix = f.fix.as_ref().and_then(|fx| {
        let title = fx.title.render(lang);
        match &fx.edit {
            Edit::DeleteLine => {
                let l = fx.pos.line.checked_sub(1)?;
                Some(FixEdit {
                    title,
                    range: Range::new(Position::new(l, 0), Position::new(l + 1, 0)),
                    new_text: String::new(),
                    old_text: line_of(text, l).to_string(),
                    whole_line: true,
                })
            }
            edit => {
                let range = range_of(text, fx.pos.line, fx.pos.col, fx.len);
                let old = text_at(text, range)?;
                let new_text = match edit {
                    Edit::Replace(s) => s.clone(),
                    _ => format!("\"{}\"", old.replace('\\', "\\\\").replace('"', "\\\"")),
                };
                Some(FixEdit {
                    title,
                    range,
                    new_text,
                    old_text: old,
                    whole_line: false,
                })
            }
        }
    });
    Item {
        diagnostic: Diagnostic {
            range,
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.id().to_string())),
            code_description: f
                .code
                .url()
                .parse::<Uri>()
                .ok()
                .map(|href| CodeDescription { href }),
            source: Some("kubecours".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        },
        rule: f.id(),
        fix,
    }
}

/// Does a range contain a position (ends included, as a cursor at the end
/// of a word is on it)?
pub fn contains(r: &Range, p: Position) -> bool {
    (r.start.line, r.start.character) <= (p.line, p.character)
        && (p.line, p.character) <= (r.end.line, r.end.character)
}

fn overlaps(a: &Range, b: &Range) -> bool {
    (a.start.line, a.start.character) <= (b.end.line, b.end.character)
        && (b.start.line, b.start.character) <= (a.end.line, a.end.character)
}

/// The re-indentation of a file whose indentation was lost (`kubecours
/// fmt`), as one edit per moved line: only leading spaces change, so every
/// line keeps its number.
fn reindent_action(
    uri: &Uri,
    current: &str,
    diagnostic: &Diagnostic,
    lang: Lang,
) -> Option<CodeAction> {
    let rebuilt = crate::reindent::fix(current, false)?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut edits = Vec::new();
    for (i, (old, new)) in current
        .split('\n')
        .zip(rebuilt.text.split('\n'))
        .enumerate()
    {
        if old.trim_start_matches(' ') != new.trim_start_matches(' ') {
            // Not only indentation: never rewrite what the student wrote.
            return None;
        }
        let (a, b) = (indent(old), indent(new));
        if a != b {
            edits.push(TextEdit::new(
                Range::new(
                    Position::new(i as u32, 0),
                    Position::new(i as u32, a as u32),
                ),
                " ".repeat(b),
            ));
        }
    }
    if edits.is_empty() {
        return None;
    }
    let moved = edits.len();
    let choices = rebuilt.choices.len();
    let title = if choices == 0 {
        crate::tr!(
            lang,
            "Réindenter le fichier d'après le schéma de Kubernetes ({moved} lignes, comme `kubecours fmt`)",
            "Re-indent the file from the Kubernetes schema ({moved} lines, like `kubecours fmt`)"
        )
    } else {
        crate::tr!(
            lang,
            "Réindenter le fichier d'après le schéma de Kubernetes ({moved} lignes ; relisez les {choices} endroits ambigus)",
            "Re-indent the file from the Kubernetes schema ({moved} lines; check the {choices} ambiguous places)"
        )
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        command: None,
        is_preferred: Some(true),
        disabled: None,
        data: None,
    })
}

/// The quick fixes of the findings in `range`, still valid on the current text.
pub fn code_actions(
    uri: &Uri,
    current: &str,
    r: &FileResult,
    range: Range,
    lang: Lang,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for it in &r.items {
        if it.rule == "yaml-flattened" && overlaps(&it.diagnostic.range, &range) {
            if let Some(a) = reindent_action(uri, current, &it.diagnostic, lang) {
                out.push(CodeActionOrCommand::CodeAction(a));
            }
            continue;
        }
        let Some(fx) = &it.fix else { continue };
        if !overlaps(&it.diagnostic.range, &range) {
            continue;
        }
        let still = if fx.whole_line {
            line_of(current, fx.range.start.line) == fx.old_text
        } else {
            text_at(current, fx.range).as_deref() == Some(fx.old_text.as_str())
        };
        if !still {
            continue;
        }
        let edit = TextEdit::new(fx.range, fx.new_text.clone());
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fx.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![it.diagnostic.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            command: None,
            is_preferred: Some(true),
            disabled: None,
            data: None,
        }));
    }
    out
}

/// Completion of field names at a position: the fields the schema allows in
/// the mapping being typed in, less those already written.
pub fn complete(text_: &str, pos: Position, lang: Lang) -> Vec<CompletionItem> {
    let line = line_of(text_, pos.line);
    let col = text::chars_of_utf16(line, pos.character);
    let Some(t) = cursor::typing_at(text_, pos.line, col) else {
        return Vec::new();
    };
    let parent: Vec<&str> = t.parent.iter().map(String::as_str).collect();
    let start = Position::new(pos.line, text::utf16_of_chars(line, t.start_col));
    let range = Range::new(start, pos);
    let indent = " ".repeat(t.start_col + 2);
    schema::fields_at(&t.api_version, &t.kind, &parent)
        .into_iter()
        .filter(|(name, _)| name != "status" && !t.siblings.contains(name))
        .map(|(name, expected)| {
            let mut path = parent.clone();
            path.push(&name);
            let holder = schema::field_at(&t.api_version, &t.kind, &path).map(|f| f.holder);
            let doc = holder.and_then(|h| docs::lookup(h, &name));
            let new_text = match expected {
                Some(Expected::Object) => format!("{name}:\n{indent}"),
                Some(Expected::Array) => format!("{name}:\n{indent}- "),
                _ => format!("{name}: "),
            };
            CompletionItem {
                label: name.clone(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(
                    doc.and_then(|d| d.ty.clone())
                        .unwrap_or_else(|| docs::type_words(expected, lang).to_string()),
                ),
                documentation: doc.map(|d| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: format!(
                            "{}\n\n{} {}",
                            d.doc.trim(),
                            lang.pick("Par défaut :", "Default:"),
                            d.defaut.trim()
                        ),
                    })
                }),
                // Documented fields (those the course uses) first.
                sort_text: Some(format!("{}{name}", if doc.is_some() { 0 } else { 1 })),
                filter_text: Some(name.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text))),
                insert_text_mode: Some(InsertTextMode::AS_IS),
                ..Default::default()
            }
        })
        .collect()
}
