//! `deployment-revision`: the Deployment `name` exists and its annotation
//! `deployment.kubernetes.io/revision` is at least `min` (an update, then a
//! `kubectl rollout undo`, give revision 3).

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;

pub const KIND: Kind = Kind {
    name: "deployment-revision",
    keys: &[("name", true), ("min", true)],
    build,
};

/// The annotation the deployment controller keeps up to date.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

#[derive(Debug, Clone)]
pub struct DeploymentRevision {
    pub name: String,
    pub min: i64,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::DeploymentRevision(DeploymentRevision {
        name: raw.string(&raw.name),
        min: raw.min(1)?,
    }))
}

impl DeploymentRevision {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (name, min) = (&self.name, self.min);
        let d = cx.find("Deployment", name)?;
        let revision = d
            .root
            .at("metadata.annotations")
            .and_then(|a| a.get(REVISION))
            .and_then(|r| r.scalar_text().trim().parse::<i64>().ok())
            .unwrap_or(0);
        if revision >= min {
            return Ok(());
        }
        Err(msg!(
            "le Deployment `{name}` en est à la révision {revision}, il en faut au moins {min} : chaque changement du modèle de Pod (une nouvelle image) crée une révision, et `kubectl rollout undo deployment/{name}` en crée une de plus ; l'historique : `kubectl rollout history deployment/{name}`",
            "Deployment `{name}` is at revision {revision}, at least {min} is needed: every change of the pod template (a new image) makes a revision, and `kubectl rollout undo deployment/{name}` makes one more; the history: `kubectl rollout history deployment/{name}`",
            name,
            revision,
            min
        ))
    }
}
