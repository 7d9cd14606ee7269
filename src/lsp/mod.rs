//! `kubecours lsp`: the checker in the editor, as a Language Server on
//! standard input and output.
//!
//! - Diagnostics as the student types: a change to a manifest schedules a
//!   check of its folder (the open file with the other manifests of that
//!   folder, the input set `kubectl apply -f DIR` would apply, so the
//!   cross-object rules work), after a short quiet period (debounce); while a
//!   folder is being checked, further changes are folded into one more check.
//!   Rule id as `code`, the course chapter as `codeDescription`, French or
//!   English from the editor's locale.
//! - Quick fixes for the findings whose fix is mechanical ([`crate::diag::Fix`]).
//! - Hover: the French documentation of a field (`fields.toml`) and of a finding.
//! - Completion of field names from the schema at the cursor's path.
//! - The exercise of the workspace: `kubecours/status` (exercise and score),
//!   and the commands `kubecours.runCheck` and `kubecours.runHint`.
//!
//! Built on `lsp-server` (rust-analyzer's synchronous scaffold) and
//! `lsp-types`: the engine is synchronous, so is the loop.

pub mod cursor;
pub mod docs;
mod exercise;
mod lint;
pub mod text;

use crate::error::Error;
use crate::i18n::Lang;
use crossbeam_channel::{Receiver, Sender, select};
use lint::{FileResult, Job, JobDone};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    ExecuteCommandOptions, HoverProviderCapability, InitializeParams, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The quiet period after a change before its folder is checked.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);

/// Commands the server runs (`workspace/executeCommand`).
pub const CMD_CHECK: &str = "kubecours.runCheck";
pub const CMD_HINT: &str = "kubecours.runHint";
/// The exercise of a file's workspace and its score.
pub const REQ_STATUS: &str = "kubecours/status";

/// What `initializationOptions` may set.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct InitOptions {
    /// `fr` or `en`: wins over the editor's locale.
    lang: Option<String>,
    /// Quiet period before a check, in milliseconds.
    debounce_ms: Option<u64>,
    /// `runCheck` without reading the cluster.
    check_offline: Option<bool>,
}

/// An open document.
struct Doc {
    uri: Uri,
    path: Option<PathBuf>,
    text: String,
    version: i32,
}

/// What is checked together: a folder, or an untitled buffer alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Folder(PathBuf),
    Alone(String),
}

struct Server {
    sender: Sender<Message>,
    lang: Lang,
    debounce: Duration,
    check_offline: bool,
    exercises: Option<PathBuf>,
    /// By URI.
    docs: HashMap<String, Doc>,
    /// Units waiting for their quiet period to end.
    pending: HashMap<Unit, Instant>,
    running: HashSet<Unit>,
    /// The last results published, by URI.
    results: HashMap<String, FileResult>,
    /// The files each unit published for (to clear those that disappear).
    unit_files: HashMap<Unit, Vec<String>>,
    jobs: Sender<Job>,
    done: Receiver<JobDone>,
    shutting_down: bool,
}

/// Runs the server on standard input and output until the client says `exit`.
pub fn run(exercises: Option<PathBuf>) -> Result<(), Error> {
    let (connection, io) = Connection::stdio();
    let outcome = serve(&connection, exercises);
    drop(connection);
    let joined = io.join();
    outcome?;
    joined.map_err(|e| protocol_error(&e.to_string()))
}

fn protocol_error(detail: &str) -> Error {
    Error::other(
        format!("serveur de langage : {detail}"),
        format!("language server: {detail}"),
    )
}

/// The server's answer to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "-".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![CMD_CHECK.into(), CMD_HINT.into()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The language of the messages: `initializationOptions.lang`, else the
/// editor's locale (`en…` is English, anything else French), else the
/// environment.
fn language(params: &InitializeParams, opts: &InitOptions) -> Lang {
    let pick = |s: &str| {
        if s.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    };
    match (opts.lang.as_deref(), params.locale.as_deref()) {
        (Some(l), _) if !l.is_empty() => pick(l),
        (_, Some(l)) if !l.is_empty() => pick(l),
        _ => Lang::detect(None),
    }
}

/// The handshake, then the loop.
pub fn serve(conn: &Connection, exercises: Option<PathBuf>) -> Result<(), Error> {
    // `initialize` (anything else before it is refused, as the protocol says).
    let (id, params) = loop {
        match conn.receiver.recv() {
            Ok(Message::Request(r)) if r.method == "initialize" => break (r.id, r.params),
            Ok(Message::Request(r)) => {
                let _ = conn.sender.send(
                    Response::new_err(
                        r.id,
                        lsp_server::ErrorCode::ServerNotInitialized as i32,
                        "initialize first".into(),
                    )
                    .into(),
                );
            }
            Ok(Message::Notification(n)) if n.method == "exit" => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(protocol_error("connection closed before `initialize`")),
        }
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let opts: InitOptions = params
        .initialization_options
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let lang = language(&params, &opts);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "kubecours".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    conn.sender
        .send(Response::new_ok(id, result).into())
        .map_err(|_| protocol_error("connection closed"))?;

    let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (done_tx, done) = crossbeam_channel::unbounded::<JobDone>();
    let worker = std::thread::Builder::new()
        .name("kubecours-lint".into())
        .spawn(move || lint::worker(job_rx, done_tx))
        .map_err(|e| protocol_error(&e.to_string()))?;
    let mut server = Server {
        sender: conn.sender.clone(),
        lang,
        debounce: opts
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis),
        check_offline: opts.check_offline.unwrap_or(false),
        exercises,
        docs: HashMap::new(),
        pending: HashMap::new(),
        running: HashSet::new(),
        results: HashMap::new(),
        unit_files: HashMap::new(),
        jobs,
        done,
        shutting_down: false,
    };
    let outcome = server.main_loop(&conn.receiver);
    drop(server);
    let _ = worker.join();
    outcome
}

impl Server {
    fn main_loop(&mut self, inbox: &Receiver<Message>) -> Result<(), Error> {
        loop {
            let timer = match self.next_deadline() {
                Some(d) => crossbeam_channel::at(d),
                None => crossbeam_channel::never(),
            };
            let done = self.done.clone();
            select! {
                recv(inbox) -> msg => match msg {
                    Ok(Message::Request(r)) => self.on_request(r),
                    Ok(Message::Notification(n)) => {
                        if n.method == "exit" {
                            return Ok(());
                        }
                        self.on_notification(n);
                    }
                    Ok(Message::Response(_)) => {}
                    // The client went away without `exit`.
                    Err(_) => return Ok(()),
                },
                recv(done) -> d => {
                    if let Ok(d) = d {
                        self.on_done(d);
                    }
                },
                recv(timer) -> _ => {},
            }
            self.start_due();
        }
    }

    /// The earliest deadline of a unit that can start (not already running).
    fn next_deadline(&self) -> Option<Instant> {
        self.pending
            .iter()
            .filter(|(u, _)| !self.running.contains(*u))
            .map(|(_, d)| *d)
            .min()
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.sender.send(m.into());
    }

    fn reply(&self, id: RequestId, result: impl serde::Serialize) {
        self.send(Response::new_ok(id, result));
    }

    fn on_request(&mut self, r: Request) {
        if self.shutting_down && r.method != "shutdown" {
            self.send(Response::new_err(
                r.id,
                lsp_server::ErrorCode::InvalidRequest as i32,
                "shutting down".into(),
            ));
            return;
        }
        match r.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                self.reply(r.id, Value::Null);
            }
            "textDocument/hover" => {
                let out = serde_json::from_value(r.params)
                    .ok()
                    .and_then(|p| self.hover(p));
                self.reply(r.id, out);
            }
            "textDocument/completion" => {
                let out = serde_json::from_value(r.params)
                    .ok()
                    .map(|p| self.completion(p))
                    .unwrap_or_default();
                self.reply(r.id, out);
            }
            "textDocument/codeAction" => {
                let out = serde_json::from_value(r.params)
                    .ok()
                    .map(|p| self.code_actions(p))
                    .unwrap_or_default();
                self.reply(r.id, out);
            }
            "workspace/executeCommand" => self.execute_command(r),
            REQ_STATUS => {
                let uri = r
                    .params
                    .get("uri")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<Uri>().ok());
                let status = uri
                    .and_then(|u| text::path_of(&u))
                    .map(|p| exercise::status(&p, self.exercises.as_deref(), self.lang))
                    .unwrap_or_else(exercise::Status::none);
                self.reply(r.id, status);
            }
            _ => self.send(Response::new_err(
                r.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("unknown method {}", r.method),
            )),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        use lsp_types::{
            DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
            DidOpenTextDocumentParams,
        };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let d = p.text_document;
                let key = d.uri.as_str().to_string();
                let doc = Doc {
                    path: text::path_of(&d.uri),
                    uri: d.uri,
                    text: d.text,
                    version: d.version,
                };
                let unit = unit_of(&doc);
                self.docs.insert(key, doc);
                // At once: the student just opened it.
                self.schedule(unit, Duration::ZERO);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) else {
                    return;
                };
                for c in p.content_changes {
                    text::apply_change(&mut doc.text, c.range, &c.text);
                }
                doc.version = p.text_document.version;
                let unit = unit_of(doc);
                self.schedule(unit, self.debounce);
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                if let Some(doc) = self.docs.remove(p.text_document.uri.as_str()) {
                    match unit_of(&doc) {
                        // Its folder is checked again with the file as saved.
                        u @ Unit::Folder(_) => self.schedule(u, Duration::ZERO),
                        u @ Unit::Alone(_) => {
                            self.unit_files.remove(&u);
                            self.clear(doc.uri.as_str());
                        }
                    }
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                for c in p.changes {
                    if let Some(dir) =
                        text::path_of(&c.uri).and_then(|p| p.parent().map(PathBuf::from))
                    {
                        let u = Unit::Folder(dir);
                        if self.unit_files.contains_key(&u) {
                            self.schedule(u, self.debounce);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn schedule(&mut self, unit: Unit, after: Duration) {
        self.pending.insert(unit, Instant::now() + after);
    }

    /// Starts the units whose quiet period is over and that are not running.
    fn start_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Unit> = self
            .pending
            .iter()
            .filter(|(u, d)| **d <= now && !self.running.contains(*u))
            .map(|(u, _)| u.clone())
            .collect();
        for unit in due {
            self.pending.remove(&unit);
            let open: Vec<lint::OpenFile> = self
                .docs
                .values()
                .filter(|d| unit_of(d) == unit)
                .map(|d| lint::OpenFile {
                    uri: d.uri.clone(),
                    path: d.path.clone(),
                    text: d.text.clone(),
                    version: d.version,
                })
                .collect();
            if open.is_empty() && matches!(unit, Unit::Alone(_)) {
                continue;
            }
            self.running.insert(unit.clone());
            let job = Job {
                unit,
                open,
                lang: self.lang,
            };
            if self.jobs.send(job).is_err() {
                return;
            }
        }
    }

    fn on_done(&mut self, d: JobDone) {
        self.running.remove(&d.unit);
        let mut now_files = Vec::new();
        for f in d.files {
            let key = f.uri.as_str().to_string();
            now_files.push(key.clone());
            let open = self.docs.contains_key(&key);
            let changed = self
                .results
                .get(&key)
                .is_none_or(|old| old.items != f.items);
            if open || changed {
                self.publish(&f);
            }
            self.results.insert(key, f);
        }
        if let Some(before) = self.unit_files.insert(d.unit, now_files.clone()) {
            for gone in before.into_iter().filter(|k| !now_files.contains(k)) {
                self.clear(&gone);
            }
        }
    }

    fn publish(&self, f: &FileResult) {
        let params = lsp_types::PublishDiagnosticsParams {
            uri: f.uri.clone(),
            diagnostics: f.items.iter().map(|i| i.diagnostic.clone()).collect(),
            version: f.version,
        };
        self.send(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        ));
    }

    fn clear(&mut self, key: &str) {
        if let Some(old) = self.results.remove(key) {
            self.publish(&FileResult {
                uri: old.uri,
                version: None,
                items: Vec::new(),
            });
        }
    }

    fn hover(&self, p: lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let tp = p.text_document_position_params;
        let doc = self.docs.get(tp.text_document.uri.as_str())?;
        let pos = tp.position;
        let mut parts = Vec::new();
        let mut range = None;
        if let Some(r) = self.results.get(doc.uri.as_str()) {
            let mut seen = HashSet::new();
            for it in &r.items {
                let d = &it.diagnostic.range;
                if lint::contains(d, pos)
                    && seen.insert(it.rule)
                    && let Some(code) = crate::catalogue::by_id(it.rule)
                {
                    parts.push(docs::finding_markdown(code, self.lang));
                    range.get_or_insert(*d);
                }
            }
        }
        let line = text::line_of(&doc.text, pos.line);
        let col = text::chars_of_utf16(line, pos.character) as u32 + 1;
        if let Some(f) = cursor::field_at(
            &doc.text,
            crate::yaml::Pos {
                line: pos.line + 1,
                col,
            },
        ) && let Some(md) =
            docs::field_markdown(&f.api_version, &f.kind, &f.path, &f.shown, self.lang)
        {
            parts.insert(0, md);
        }
        if parts.is_empty() {
            return None;
        }
        Some(lsp_types::Hover {
            contents: lsp_types::HoverContents::Markup(lsp_types::MarkupContent {
                kind: lsp_types::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    fn completion(&self, p: lsp_types::CompletionParams) -> Vec<lsp_types::CompletionItem> {
        let tp = p.text_document_position;
        let Some(doc) = self.docs.get(tp.text_document.uri.as_str()) else {
            return Vec::new();
        };
        lint::complete(&doc.text, tp.position, self.lang)
    }

    fn code_actions(&self, p: lsp_types::CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let Some(r) = self.results.get(doc.uri.as_str()) else {
            return Vec::new();
        };
        lint::code_actions(&doc.uri, &doc.text, r, p.range, self.lang)
    }

    fn execute_command(&self, r: Request) {
        let Ok(p) = serde_json::from_value::<lsp_types::ExecuteCommandParams>(r.params) else {
            self.send(Response::new_err(
                r.id,
                lsp_server::ErrorCode::InvalidParams as i32,
                "invalid executeCommand parameters".into(),
            ));
            return;
        };
        let arg = p.arguments.first().cloned().unwrap_or(Value::Null);
        let uri = arg
            .get("uri")
            .and_then(Value::as_str)
            .or_else(|| arg.as_str())
            .and_then(|s| s.parse::<Uri>().ok());
        let path = uri.as_ref().and_then(text::path_of);
        let offline = arg
            .get("offline")
            .and_then(Value::as_bool)
            .unwrap_or(self.check_offline);
        let (lang, exercises, sender, id) = (
            self.lang,
            self.exercises.clone(),
            self.sender.clone(),
            r.id.clone(),
        );
        let command = p.command;
        // A check may read the cluster for seconds: never in the loop.
        let spawned = std::thread::Builder::new()
            .name("kubecours-command".into())
            .spawn(move || {
                let out = match command.as_str() {
                    CMD_CHECK => {
                        exercise::run_check(path.as_deref(), exercises.as_deref(), offline, lang)
                    }
                    CMD_HINT => exercise::run_hint(path.as_deref(), exercises.as_deref(), lang),
                    other => exercise::Outcome::failed(format!("unknown command {other}")),
                };
                let _ = sender.send(Response::new_ok(id, out).into());
            });
        if spawned.is_err() {
            self.send(Response::new_err(
                r.id,
                lsp_server::ErrorCode::InternalError as i32,
                "could not start the command".into(),
            ));
        }
    }
}

/// What a document is checked with.
fn unit_of(d: &Doc) -> Unit {
    match d.path.as_ref().and_then(|p| p.parent()) {
        Some(dir) => Unit::Folder(dir.to_path_buf()),
        None => Unit::Alone(d.uri.as_str().to_string()),
    }
}
