//! `oom-killed`: a container's last termination is `OOMKilled`.

use super::{Container, keeps_stopping, last_termination, spec_of, stopping};
use crate::cluster::diagnoses::cx::{Cx, code, text};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::msg;
use crate::yaml::Node;

pub static CODE: Code = code(
    "oom-killed",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md#oomkilled",
    text(
        "Un conteneur tué pour avoir dépassé sa limite de mémoire (OOMKilled)",
        "A container killed for exceeding its memory limit (OOMKilled)",
    ),
    text(
        "Le dernier arrêt d'un conteneur a pour raison `OOMKilled` : il a utilisé plus de mémoire que `resources.limits.memory`.",
        "A container's last termination has reason `OOMKilled`: it used more memory than `resources.limits.memory`.",
    ),
    text(
        "Le noyau tue le processus dès qu'il dépasse sa limite ; il redémarre, remonte en mémoire, et recommence.",
        "The kernel kills the process as soon as it goes over its limit; it restarts, grows again, and starts over.",
    ),
    text(
        "Augmentez `resources.limits.memory` (mesurez avec `kubectl top pod`), ou réduisez la consommation de l'application, puis `kubectl apply -f`.",
        "Raise `resources.limits.memory` (measure with `kubectl top pod`), or reduce the application's usage, then `kubectl apply -f`.",
    ),
);

pub fn detect(cx: &Cx, c: &Container) -> Option<Finding> {
    let term = last_termination(c)?;
    if !stopping(c) || term.at("reason").and_then(Node::as_str) != Some("OOMKilled") {
        return None;
    }
    let limit = match spec_of(c.pod, c.name)
        .and_then(|n| n.at("resources.limits.memory"))
        .map(Node::scalar_text)
    {
        Some(l) => msg!(" ({l})", " ({l})", l),
        None => Msg::EMPTY,
    };
    let at = cx.at_container(
        c.pod,
        c.name,
        &["resources.limits.memory", "resources.limits", "resources"],
    );
    Some(keeps_stopping(
        cx,
        c,
        &CODE,
        msg!(
            "il a dépassé sa limite de mémoire{limit} et a été tué (OOMKilled, code 137)",
            "it went over its memory limit{limit} and was killed (OOMKilled, code 137)",
            limit
        ),
        msg!(
            "augmentez `resources.limits.memory` (après avoir vérifié que l'application ne consomme pas de mémoire sans limite), ou réduisez sa consommation",
            "raise `resources.limits.memory` (after checking the application does not use memory without bound), or reduce its consumption"
        ),
        at,
        term.at("message")
            .and_then(Node::as_str)
            .map(str::to_string),
    ))
}
