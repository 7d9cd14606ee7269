//! Containers that do not start, stop again and again, or are never ready:
//! read from each container's state (as the kubelet reports it), the pod's
//! events and the last log lines.

pub mod config_error;
pub mod crash_loop;
pub mod image_never_pull;
pub mod image_pull;
pub mod invalid_image_name;
pub mod oom_killed;
pub mod readiness_failing;

use crate::cluster::diagnoses::cx::{At, Cx, finding, pod_ref, said};
use crate::diag::{Code, Finding, Msg, Note};
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;

/// One container of a live pod, with what its status says.
pub struct Container<'a> {
    pub pod: &'a Object,
    pub ns: &'a str,
    pub status: &'a Node,
    pub name: &'a str,
    /// `state.waiting.reason`, or empty.
    pub waiting: &'a str,
    pub waiting_message: Option<String>,
    /// As running (the status), else as specified.
    pub image: String,
    /// ` (du Deployment `x`)`.
    pub owner: Msg,
}

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

/// The container `name` of a pod's spec (init containers too).
pub fn spec_of<'a>(pod: &'a Object, name: &str) -> Option<&'a Node> {
    ["spec.containers", "spec.initContainers"]
        .iter()
        .flat_map(|p| pod.root.at(p).map(Node::items).unwrap_or(&[]))
        .find(|c| s(c, "name") == Some(name))
}

/// The problem of one container, if any: the first diagnosis that recognises it.
pub fn detect(cx: &Cx, pod: &Object, ns: &str, status: &Node, name: &str) -> Option<Finding> {
    let image = s(status, "image")
        .or_else(|| spec_of(pod, name).and_then(|c| s(c, "image")))
        .unwrap_or("")
        .to_string();
    let c = Container {
        pod,
        ns,
        status,
        name,
        waiting: s(status, "state.waiting.reason").unwrap_or(""),
        waiting_message: s(status, "state.waiting.message").map(str::to_string),
        image,
        owner: cx.owner_text(pod),
    };
    image_pull::detect(cx, &c)
        .or_else(|| image_never_pull::detect(cx, &c))
        .or_else(|| invalid_image_name::detect(cx, &c))
        .or_else(|| config_error::detect(cx, &c))
        .or_else(|| oom_killed::detect(cx, &c))
        .or_else(|| crash_loop::detect(cx, &c))
        .or_else(|| readiness_failing::detect(cx, &c))
}

/// A finding about one container of a pod, with the cluster's message.
pub fn container_finding(
    c: &Container,
    code: &'static Code,
    message: Msg,
    help: Msg,
    at: Option<At>,
    cluster_says: Option<String>,
) -> Finding {
    said(
        finding(code, pod_ref(c.pod, c.ns), message, help, at),
        cluster_says,
    )
}

/// Help when the student's file already has another image than the one
/// running: the fix is to apply it.
pub fn already_changed(cx: &Cx, c: &Container, field: &str, at: Option<At>) -> Option<Msg> {
    let written = cx
        .file_container(c.pod, c.name)?
        .at(field)
        .map(Node::scalar_text)?;
    let running = spec_of(c.pod, c.name)?.at(field).map(Node::scalar_text)?;
    if written == running {
        return None;
    }
    let apply = cx.apply(at, c.ns);
    Some(msg!(
        "votre fichier a déjà `{field}: {written}` (le cluster a encore `{running}`) : appliquez-le avec {apply}",
        "your file already has `{field}: {written}` (the cluster still has `{running}`): apply it with {apply}",
        field,
        written,
        running,
        apply
    ))
}

/// The last state a container ended in: now, or before its restart.
pub fn last_termination<'a>(c: &Container<'a>) -> Option<&'a Node> {
    c.status
        .at("lastState.terminated")
        .or(c.status.at("state.terminated"))
}

/// Is the container stopping again and again (or has it just stopped in error)?
pub fn stopping(c: &Container) -> bool {
    matches!(c.waiting, "CrashLoopBackOff" | "RunContainerError")
        || c.status
            .at("state.terminated.exitCode")
            .and_then(Node::as_i64)
            .is_some_and(|code| code != 0)
}

/// The finding of a container that keeps stopping: its state, restarts and
/// last exit code, then `cause`; the fix then `kubectl apply`; the cluster's
/// message and the log lines that were read.
pub fn keeps_stopping(
    cx: &Cx,
    c: &Container,
    code: &'static Code,
    cause: Msg,
    fix: Msg,
    at: Option<At>,
    cluster_says: Option<String>,
) -> Finding {
    let term = last_termination(c);
    let exit = term
        .and_then(|t| t.at("exitCode").and_then(Node::as_i64))
        .unwrap_or(-1);
    let reason = term.and_then(|t| s(t, "reason")).unwrap_or("");
    let restarts = c
        .status
        .at("restartCount")
        .and_then(Node::as_i64)
        .unwrap_or(0);
    let state = if c.waiting.is_empty() {
        msg!("terminé en erreur", "terminated in error")
    } else {
        let w = c.waiting;
        msg!("{w}", "{w}", w)
    };
    let reason = if reason.is_empty() || reason == "OOMKilled" {
        Msg::EMPTY
    } else {
        msg!(", raison `{reason}`", ", reason `{reason}`", reason)
    };
    let (container, pod, owner) = (c.name, &c.pod.name, &c.owner);
    let message = msg!(
        "le conteneur `{container}` du Pod `{pod}`{owner} s'arrête sans cesse ({state}, {restarts} redémarrage(s), dernier code de sortie {exit}{reason}) : {cause}",
        "container `{container}` of Pod `{pod}`{owner} keeps stopping ({state}, {restarts} restart(s), last exit code {exit}{reason}): {cause}",
        container,
        pod,
        owner,
        state,
        restarts,
        exit,
        reason,
        cause
    );
    let apply = cx.apply(at, c.ns);
    let help = msg!("{fix} ; puis {apply}", "{fix}; then {apply}", fix, apply);
    let mut f = said(
        finding(code, pod_ref(c.pod, c.ns), message, help, at),
        cluster_says,
    );
    if let LogSeen::Lines(l) = log_seen(cx, c) {
        f = f.with_note(Note::Log {
            container: l.container.clone(),
            previous: l.previous,
            lines: l.text.lines().map(str::to_string).collect(),
        });
    }
    f
}

/// What was seen of a container's log.
pub enum LogSeen<'a> {
    /// Its last lines.
    Lines(&'a crate::cluster::snapshot::Logs),
    /// Read, and empty (nothing written; or no node runs the pod).
    Empty,
    /// Not read (no permission, or not asked).
    NotRead,
}

pub fn log_seen<'a>(cx: &Cx<'a>, c: &Container) -> LogSeen<'a> {
    match logs_of(cx, c) {
        Some(l) if l.text.trim().is_empty() => LogSeen::Empty,
        Some(l) => LogSeen::Lines(l),
        None => LogSeen::NotRead,
    }
}

/// The log lines read for this container, or for the same container of
/// another pod of the same owner.
pub fn logs_of<'a>(cx: &Cx<'a>, c: &Container) -> Option<&'a crate::cluster::snapshot::Logs> {
    let snap = cx.snap;
    snap.logs_of(c.ns, &c.pod.name, c.name).or_else(|| {
        let mine = snap.owner_of(c.pod);
        mine.as_ref()?;
        snap.logs.iter().find(|l| {
            l.namespace == c.ns
                && l.container == c.name
                && snap
                    .find("Pod", c.ns, &l.pod)
                    .is_some_and(|p| snap.owner_of(p) == mine)
        })
    })
}
