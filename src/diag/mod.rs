//! The one diagnostic model: lint findings and cluster diagnoses alike.
//!
//! A [`Finding`] carries data, not sentences: the registry entry ([`Code`])
//! that raised it, where it is, and its message and help as [`Msg`] (static
//! templates plus typed arguments). Text is produced in the report's language
//! when a report is written, so every output format honours `--lang`.

mod msg;
pub mod yaml_message;

pub use msg::{Arg, Msg, ToArg, join};

use crate::i18n::{Lang, Text};
use crate::yaml::{Pos, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The Kubernetes API server rejects it, or it certainly cannot work.
    Error,
    /// Very likely wrong.
    Warning,
    /// Advice.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Fr) => "erreur",
            (Severity::Warning, Lang::Fr) => "avertissement",
            (Severity::Info, _) => "info",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// Why an error is an error (see "Severity means one thing" in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// kubectl or the Kubernetes API server refuses it: the oracle tests
    /// check every such error against the real API server.
    ApiServer,
    /// Accepted by the API server, but it certainly cannot work: a reference
    /// inside one complete input that resolves to nothing, a collision.
    Input,
    /// A judgement (warnings, advice), or something seen on a cluster.
    Judgement,
}

/// What a registry entry is about: a lint rule (and its category) or a
/// cluster diagnosis (and its area).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Reading the file: encoding, YAML, templates.
    Input,
    /// Kinds, versions, fields and types against the official schema.
    Schema,
    /// Values the API server validates: enums, ranges, names, uniqueness, cross-field rules.
    Value,
    /// Consistency between the objects of one input.
    CrossObject,
    /// Beginner pitfalls.
    Pitfall,
    /// A cluster diagnosis, by area.
    Cluster(Area),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Containers,
    Scheduling,
    Workloads,
    Services,
    Ingress,
    Storage,
    Files,
}

impl Family {
    pub fn is_diagnosis(self) -> bool {
        matches!(self, Family::Cluster(_))
    }

    pub fn title(self, lang: Lang) -> &'static str {
        let t = match self {
            Family::Input => ("Lecture du fichier", "Reading the file"),
            Family::Schema => ("Schéma", "Schema"),
            Family::Value => ("Valeurs que l'API refuse", "Values the API server rejects"),
            Family::CrossObject => ("Cohérence entre objets", "Consistency between objects"),
            Family::Pitfall => ("Pièges de débutant", "Beginner pitfalls"),
            Family::Cluster(Area::Containers) => ("Cluster : conteneurs", "Cluster: containers"),
            Family::Cluster(Area::Scheduling) => {
                ("Cluster : placement des Pods", "Cluster: scheduling")
            }
            Family::Cluster(Area::Workloads) => ("Cluster : Deployments", "Cluster: workloads"),
            Family::Cluster(Area::Services) => ("Cluster : Services", "Cluster: services"),
            Family::Cluster(Area::Ingress) => ("Cluster : Ingress", "Cluster: ingress"),
            Family::Cluster(Area::Storage) => ("Cluster : stockage", "Cluster: storage"),
            Family::Cluster(Area::Files) => {
                ("Cluster : fichiers appliqués", "Cluster: applied files")
            }
        };
        lang.pick(t.0, t.1)
    }
}

/// A registry entry: a rule or a diagnosis, with its documentation.
#[derive(Debug)]
pub struct Code {
    /// Stable id (`service-target-port`, `image-pull`).
    pub id: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub basis: Basis,
    /// Book page and anchor, e.g. `service.md#les-ports`.
    pub chapter: &'static str,
    /// One line.
    pub summary: Text,
    /// "Ce qui est vérifié".
    pub what: Text,
    /// "Pourquoi".
    pub why: Text,
    /// "Comment corriger" (diagnoses; rules show their good example instead).
    pub fix: Text,
    /// A manifest that raises it (rules; its `bad.yaml` fixture).
    pub bad: &'static str,
    /// The same, corrected (its `good.yaml` fixture).
    pub good: &'static str,
}

impl Code {
    /// The course page of this entry (`https://…/service.html#les-ports`).
    pub fn url(&self) -> String {
        course_url(self.chapter)
    }
}

/// Default address of the course site; `KUBECOURS_COURSE_URL` overrides it.
pub const DEFAULT_COURSE_URL: &str = "https://kubecours.kub.sspcloud.fr";

/// A course chapter (`service.md#x`) as an address on the course site.
pub fn course_url(chapter: &str) -> String {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let base = BASE.get_or_init(|| {
        std::env::var("KUBECOURS_COURSE_URL").unwrap_or_else(|_| DEFAULT_COURSE_URL.to_string())
    });
    let (page, anchor) = chapter.split_once('#').unwrap_or((chapter, ""));
    let page = page.strip_suffix(".md").unwrap_or(page);
    let mut url = format!("{}/{page}.html", base.trim_end_matches('/'));
    if !anchor.is_empty() {
        url.push('#');
        url.push_str(anchor);
    }
    url
}

/// The object a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A secondary place (the first of two duplicate keys).
#[derive(Clone, Debug)]
pub struct Related {
    pub file: usize,
    pub pos: Pos,
    pub label: Msg,
}

/// Extra lines under a finding.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Note {
    /// What the cluster itself says (a container state's or an event's
    /// message), shown as it is.
    Cluster { text: String },
    /// The last log lines of a container.
    Log {
        container: String,
        previous: bool,
        lines: Vec<String>,
    },
    /// A translated remark.
    #[serde(skip)]
    Text(Msg),
}

/// A mechanical fix of the finding's file (an editor offers it as a quick
/// fix, shown before it is applied).
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub pos: Pos,
    /// Characters concerned, on the line of `pos`.
    pub len: u32,
    pub edit: Edit,
    /// What the fix does, in both languages ("Renommer en `containerPort`").
    pub title: Msg,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace the characters by this text.
    Replace(String),
    /// Put the characters between double quotes.
    Quote,
    /// Remove the whole line of `pos`.
    DeleteLine,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static Code,
    pub severity: Severity,
    /// Index in the run's file table; None for a cluster object with no file.
    pub file: Option<usize>,
    pub pos: Pos,
    /// Number of characters to underline (at least 1).
    pub len: u32,
    /// Path of the field in its object (`spec.ports[1].targetPort`), when known.
    pub path: String,
    pub object: Option<ObjectRef>,
    pub message: Msg,
    pub help: Msg,
    pub related: Vec<Related>,
    pub notes: Vec<Note>,
    /// The edit that fixes it, when it is mechanical.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding of `code` at a span of a file.
    pub fn new(code: &'static Code, file: usize, span: Span, message: Msg, help: Msg) -> Finding {
        Finding {
            code,
            severity: code.severity,
            file: Some(file),
            pos: span.start,
            len: span.caret_len(),
            path: String::new(),
            object: None,
            message,
            help,
            related: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    /// A finding about an object with no place in a file (a cluster object).
    pub fn about(code: &'static Code, object: ObjectRef, message: Msg, help: Msg) -> Finding {
        Finding {
            code,
            severity: code.severity,
            file: None,
            pos: Pos::UNKNOWN,
            len: 1,
            path: String::new(),
            object: Some(object),
            message,
            help,
            related: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    pub fn id(&self) -> &'static str {
        self.code.id
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// Offers a mechanical fix.
    pub fn with_fix(mut self, pos: Pos, len: u32, edit: Edit, title: Msg) -> Self {
        self.fix = Some(Fix {
            pos,
            len,
            edit,
            title,
        });
        self
    }

    pub fn with_note(mut self, note: Note) -> Self {
        self.notes.push(note);
        self
    }

    /// Points the finding at a place of a file (a cluster diagnosis whose cause is in a manifest).
    pub fn at(mut self, file: usize, pos: Pos, len: u32) -> Self {
        self.file = Some(file);
        self.pos = pos;
        self.len = len.max(1);
        self
    }

    pub fn related(mut self, file: usize, pos: Pos, label: Msg) -> Self {
        self.related.push(Related { file, pos, label });
        self
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.message.render(lang)
    }

    /// The help in `lang` (empty when there is none).
    pub fn help(&self, lang: Lang) -> String {
        self.help.render(lang)
    }

    /// The stable order of a report: file, position, severity, id.
    pub fn sort(findings: &mut [Finding]) {
        findings.sort_by(|a, b| {
            (a.file, a.pos, a.severity, a.code.id).cmp(&(b.file, b.pos, b.severity, b.code.id))
        });
    }
}
