//! `service-endpoints`: the Service `name` exists and the number of ready
//! addresses behind it is ≥ `min` (and ≤ `max` when given).

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;

pub const KIND: Kind = Kind {
    name: "service-endpoints",
    keys: &[("name", true), ("min", false), ("max", false)],
    build,
};

#[derive(Debug, Clone)]
pub struct ServiceEndpoints {
    pub name: String,
    pub min: i64,
    pub max: Option<i64>,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    let min = raw.min(1)?;
    if let Some(max) = raw.max.filter(|m| *m < min) {
        return Err(raw.problem(
            format!("`max = {max}` est plus petit que `min = {min}`"),
            format!("`max = {max}` is below `min = {min}`"),
        ));
    }
    Ok(Check::ServiceEndpoints(ServiceEndpoints {
        name: raw.string(&raw.name),
        min,
        max: raw.max,
    }))
}

impl ServiceEndpoints {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (name, min) = (&self.name, self.min);
        cx.find("Service", name)?;
        let (ready, _) = cx.snap.endpoint_counts(cx.ns, name);
        let ready = ready as i64;
        if ready < min {
            return Err(msg!(
                "le Service `{name}` a {ready} endpoint(s) prêt(s), il en faut au moins {min} : voir le diagnostic ci-dessous",
                "Service `{name}` has {ready} ready endpoint(s), at least {min} needed: see the diagnosis below",
                name,
                ready,
                min
            ));
        }
        if let Some(max) = self.max.filter(|m| ready > *m) {
            return Err(msg!(
                "le Service `{name}` a {ready} endpoint(s) prêt(s), au plus {max} attendu(s) : son sélecteur prend trop de Pods (ajoutez un label qui les distingue)",
                "Service `{name}` has {ready} ready endpoint(s), at most {max} expected: its selector picks too many Pods (add a label that tells them apart)",
                name,
                ready,
                max
            ));
        }
        Ok(())
    }
}
