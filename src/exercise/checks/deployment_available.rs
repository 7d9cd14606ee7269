//! `deployment-available`: the Deployment `name` exists and
//! `status.availableReplicas` ≥ `min`.

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;
use crate::yaml::Node;

pub const KIND: Kind = Kind {
    name: "deployment-available",
    keys: &[("name", true), ("min", false)],
    build,
};

#[derive(Debug, Clone)]
pub struct DeploymentAvailable {
    pub name: String,
    pub min: i64,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::DeploymentAvailable(DeploymentAvailable {
        name: raw.string(&raw.name),
        min: raw.min(1)?,
    }))
}

impl DeploymentAvailable {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (name, min) = (&self.name, self.min);
        let d = cx.find("Deployment", name)?;
        let count = |p: &str| d.root.at(p).and_then(Node::as_i64);
        let avail = count("status.availableReplicas").unwrap_or(0);
        if avail >= min {
            return Ok(());
        }
        let wanted = count("spec.replicas").unwrap_or(1);
        let ready = count("status.readyReplicas").unwrap_or(0);
        let more = if wanted < min {
            msg!(
                " ; sur le cluster, `spec.replicas` vaut {wanted}",
                "; on the cluster, `spec.replicas` is {wanted}",
                wanted
            )
        } else {
            Msg::EMPTY
        };
        Err(msg!(
            "le Deployment `{name}` a {avail} réplica(s) disponible(s) sur {min} attendu(s) ({ready} prêt(s), {wanted} souhaité(s)){more} : voir le diagnostic ci-dessous",
            "Deployment `{name}` has {avail} available replica(s) of {min} expected ({ready} ready, {wanted} desired){more}: see the diagnosis below",
            name,
            avail,
            min,
            ready,
            wanted,
            more
        ))
    }
}
