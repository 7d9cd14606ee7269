//! The live side: reading a namespace of a cluster (read-only, GET only), or
//! an export of it, and finding why what runs there does not work.
//!
//! - [`connect`]: like `kubectl` (kubeconfig, then the pod's ServiceAccount),
//!   bounded timeouts, a `kubecours/VERSION` User-Agent;
//! - [`live`]: one LIST per kind per namespace, concurrently; the last log
//!   lines of failing containers only; Secrets reduced to their keys at once;
//! - [`dump`]: `--dump` (a `kubecours snapshot` file or `kubectl get -o yaml`);
//! - [`failure`]: every failure turned into one message that says what to do
//!   (exit code 2);
//! - [`diagnoses`]: why a Pod, a Deployment, a Service or an Ingress does not
//!   work, one diagnosis per file, as data; [`registry`] lists them;
//! - [`Session`]: one runtime and one client for many reads (a class).
//!
//! This module knows nothing of exercises: their cluster expectations are
//! evaluated by `exercise::checks`, which gives what the diagnoses need
//! through [`Expectations`].

pub mod connect;
pub mod diagnoses;
pub mod dump;
pub mod failure;
pub mod live;
pub mod registry;
pub mod snapshot;
pub mod yamlout;

use crate::diag::{Finding, Msg};
use crate::engine::Run;
use crate::error::Error;
use crate::i18n::Lang;
use crate::report::model::Outcome;
use std::time::Duration;

pub use connect::{
    DEFAULT_TIMEOUT, Limits, Origin, Target, configuration_exists, no_configuration_error,
    user_agent,
};
pub use diagnoses::Subject;
pub use snapshot::Snapshot;

/// Where the cluster side of `check` reads from.
#[derive(Clone, Debug)]
pub enum Mode {
    /// `--offline`: nothing is read.
    Offline,
    /// `watch`: only the files are rechecked at each save (nothing is read).
    FilesOnly,
    /// `--dump FILE` (`-` for standard input).
    Dump(std::path::PathBuf),
    /// The cluster of the kubeconfig (or of the pod).
    Live {
        context: Option<String>,
        timeout: Duration,
    },
}

/// What the cluster side produced for `check`: where it read, the outcomes
/// of the cluster expectations, and what it found beyond them (diagnoses and
/// drift, as findings).
#[derive(Debug, Clone)]
pub struct Report {
    /// `cluster `kind-kind` (https://127.0.0.1:6443)` or `export `etat.yaml``.
    pub source: Msg,
    pub namespace: String,
    pub outcomes: Vec<Outcome>,
    pub findings: Vec<Finding>,
    /// Things the reader could not do (logs it could not read…).
    pub notes: Vec<Msg>,
}

/// What the cluster side needs from the expectations it reports on (an
/// exercise implements it): their outcomes on a snapshot, and the objects
/// they are about (the diagnoses look at those, and at the student's files).
pub trait Expectations {
    fn outcomes(&self, run: &Run, snap: &Snapshot, default_ns: &str, lang: Lang) -> Vec<Outcome>;
    fn subjects(&self) -> Vec<Subject>;
}

/// Evaluates the expectations on a snapshot, and finds the diagnoses and the
/// drift; the caller merges the outcomes into its evaluation.
pub fn evaluate<E: Expectations + ?Sized>(
    expectations: &E,
    run: &Run,
    snap: &Snapshot,
    default_ns: &str,
    lang: Lang,
) -> Report {
    Report {
        source: snap.source.clone(),
        namespace: snap.namespace.clone(),
        outcomes: expectations.outcomes(run, snap, default_ns, lang),
        findings: diagnoses::diagnose(snap, run, default_ns, &expectations.subjects()),
        notes: snap.notes.clone(),
    }
}

/// What `check` gets from the cluster side.
pub enum Source {
    Snapshot(Box<Snapshot>),
    /// Not evaluated, and why (offline, no configuration).
    NotEvaluated(String),
}

/// Reads what `check` evaluates the cluster expectations on: nothing
/// (`--offline`, or no configuration at all), an export (`--dump`), or the
/// live cluster. A configured cluster that fails is an error (exit code 2).
/// `lang` words the reason of a "non évaluée".
pub fn load(
    mode: &Mode,
    namespace: Option<&str>,
    extra: &[String],
    lang: Lang,
) -> Result<Source, Error> {
    match mode {
        Mode::Offline => Ok(Source::NotEvaluated(
            crate::msg!(
                "non évaluée : mode hors ligne (--offline)",
                "not evaluated: offline mode (--offline)"
            )
            .render(lang),
        )),
        Mode::FilesOnly => Ok(Source::NotEvaluated(
            crate::msg!(
                "non évaluée : `watch` ne revérifie que vos fichiers (le cluster : `kubecours check`)",
                "not evaluated: `watch` rechecks only your files (the cluster: `kubecours check`)"
            )
            .render(lang),
        )),
        Mode::Dump(path) => {
            let context = connect::context_namespace(None);
            Ok(Source::Snapshot(Box::new(dump::read(
                path,
                namespace,
                context.as_deref(),
            )?)))
        }
        Mode::Live { context, timeout } => {
            if context.is_none() && !configuration_exists() {
                return Ok(Source::NotEvaluated(
                    connect::no_configuration_reason().render(lang),
                ));
            }
            let target = Target {
                context: context.clone(),
                kubeconfig: None,
            };
            let session = Session::connect(&target, *timeout)?;
            Ok(Source::Snapshot(Box::new(session.read(namespace, extra)?)))
        }
    }
}

/// `kubecours snapshot`: the namespace as YAML, for `check --dump`. Messages
/// of a failure carry both languages (`lang` is not needed).
pub fn snapshot_command(
    context: Option<&str>,
    namespace: Option<&str>,
    timeout: Duration,
    _lang: Lang,
) -> Result<String, Error> {
    if context.is_none() && !configuration_exists() {
        return Err(no_configuration_error());
    }
    let target = Target {
        context: context.map(str::to_string),
        kubeconfig: None,
    };
    Ok(Session::connect(&target, timeout)?
        .read(namespace, &[])?
        .to_yaml())
}

/// One connection to a cluster for many reads: one runtime and one client
/// (with its pool of connections), shared by every read. `kubecours grade
/// --namespace-pattern` reads each student's namespace through one session.
///
/// ```no_run
/// use kubecours::cluster::{Session, Target};
/// let session = Session::connect(&Target::default(), std::time::Duration::from_secs(20))?;
/// for ns in ["alice", "bob"] {
///     let snap = session.read(Some(ns), &[])?;
///     println!("{ns}: {} objects", snap.objects.len());
/// }
/// # Ok::<(), kubecours::error::Error>(())
/// ```
///
/// A `Session` is `Sync`: reads may run from several threads at once (they
/// share the client; each read is bounded by the session's `timeout`).
/// Connecting reads the configuration only: the first request is the first
/// read's. Every error carries its message in both languages, and says what
/// to do (exit code 2).
pub struct Session {
    rt: tokio::runtime::Runtime,
    conn: connect::Conn,
}

impl Session {
    /// Reads the configuration (`target`: the kubeconfig with an optional
    /// context, else the pod's ServiceAccount) and prepares the client;
    /// `timeout` bounds each read as a whole (`--timeout`), and half of it,
    /// between 10 and 60 s, each response.
    pub fn connect(target: &Target, timeout: Duration) -> Result<Session, Error> {
        let rt = connect::runtime()?;
        let limits = Limits::new(timeout);
        let conn = rt.block_on(async {
            match tokio::time::timeout(timeout, connect::connect(target, limits)).await {
                Ok(c) => c,
                Err(_) => {
                    let s = timeout.as_secs_f64();
                    Err(Error::other(
                        format!("la connexion au cluster n'a pas abouti en {s} s (lecture du kubeconfig, authentification) : réessayez, vérifiez la commande d'authentification de votre kubeconfig, ou `--offline`"),
                        format!("connecting to the cluster did not complete within {s} s (kubeconfig, authentication): try again, check your kubeconfig's authentication command, or `--offline`"),
                    ))
                }
            }
        })?;
        Ok(Session { rt, conn })
    }

    /// Reads `namespace` (else the context's or the pod's) and the `extra`
    /// namespaces some expectations name, within the session's timeout.
    pub fn read(&self, namespace: Option<&str>, extra: &[String]) -> Result<Snapshot, Error> {
        let ns = namespace.unwrap_or(&self.conn.default_namespace);
        self.rt.block_on(live::read(&self.conn, ns, extra))
    }

    /// The namespace of the context, or of the pod (`default` otherwise).
    pub fn default_namespace(&self) -> &str {
        &self.conn.default_namespace
    }

    /// `cluster `ctx` (https://…)`, for reports.
    pub fn describe(&self) -> Msg {
        self.conn.describe()
    }

    pub fn limits(&self) -> Limits {
        self.conn.limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_shared_between_threads() {
        fn sync<T: Sync + Send>() {}
        sync::<Session>();
    }
}
