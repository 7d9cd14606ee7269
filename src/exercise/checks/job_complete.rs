//! `job-complete`: the Job `name` exists and has the condition `Complete`
//! at `True` (its Pod ended successfully).

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;
use crate::yaml::Node;

pub const KIND: Kind = Kind {
    name: "job-complete",
    keys: &[("name", true)],
    build,
};

#[derive(Debug, Clone)]
pub struct JobComplete {
    pub name: String,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::JobComplete(JobComplete {
        name: raw.string(&raw.name),
    }))
}

/// The condition `kind` of an object when its status is `True`.
pub fn condition<'a>(o: &'a Node, kind: &str) -> Option<&'a Node> {
    o.at("status.conditions")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .find(|c| {
            c.at("type").and_then(Node::as_str) == Some(kind)
                && c.at("status").and_then(Node::as_str) == Some("True")
        })
}

impl JobComplete {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let name = &self.name;
        let job = cx.find("Job", name)?;
        if condition(&job.root, "Complete").is_some() {
            return Ok(());
        }
        let text = |c: &Node, k: &str| c.at(k).and_then(Node::as_str).unwrap_or("").to_string();
        if let Some(failed) = condition(&job.root, "Failed") {
            let (reason, message) = (text(failed, "reason"), text(failed, "message"));
            let apply = cx.apply("Job", name);
            return Err(msg!(
                "le Job `{name}` a échoué (`{reason}` : {message}) : lisez le journal de son Pod (`kubectl logs job/{name}`), corrigez le fichier, puis supprimez le Job et recréez-le (`kubectl delete job {name}` puis {apply}) : un Job terminé ne se relance pas",
                "Job `{name}` failed (`{reason}`: {message}): read its Pod's log (`kubectl logs job/{name}`), fix the file, then delete the Job and create it again (`kubectl delete job {name}` then {apply}): a finished Job does not restart",
                name,
                reason,
                message,
                apply
            ));
        }
        let count = |k: &str| job.root.at(k).and_then(Node::as_i64).unwrap_or(0);
        let (active, succeeded, failed) = (
            count("status.active"),
            count("status.succeeded"),
            count("status.failed"),
        );
        Err(msg!(
            "le Job `{name}` n'est pas terminé ({active} Pod(s) actif(s), {succeeded} réussi(s), {failed} en échec) : attendez la fin (`kubectl wait --for=condition=complete job/{name}`), ou voir le diagnostic ci-dessous",
            "Job `{name}` is not complete ({active} active Pod(s), {succeeded} succeeded, {failed} failed): wait for it (`kubectl wait --for=condition=complete job/{name}`), or see the diagnosis below",
            name,
            active,
            succeeded,
            failed
        ))
    }
}
