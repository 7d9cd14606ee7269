//! `pods-ready`: at least `min` Pods whose labels hold the whole `selector`
//! have the condition `Ready` at `True`.

use super::{Check, Cx, Kind, Problem, Raw, labels_contain, selector_text};
use crate::diag::Msg;
use crate::msg;
use std::collections::BTreeMap;

pub const KIND: Kind = Kind {
    name: "pods-ready",
    keys: &[("selector", true), ("min", false)],
    build,
};

#[derive(Debug, Clone)]
pub struct PodsReady {
    pub selector: BTreeMap<String, String>,
    pub min: i64,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    let selector = raw.selector.clone().unwrap_or_default();
    if selector.is_empty() {
        return Err(raw.problem(
            "`selector` ne doit pas être vide".into(),
            "`selector` must not be empty".into(),
        ));
    }
    Ok(Check::PodsReady(PodsReady {
        selector,
        min: raw.min(1)?,
    }))
}

impl PodsReady {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let min = self.min;
        let matching: Vec<_> = cx
            .snap
            .of_kind("Pod", cx.ns)
            .filter(|p| labels_contain(p.labels(), &self.selector))
            .collect();
        let ready = matching.iter().filter(|p| cx.snap.pod_ready(p)).count();
        if ready as i64 >= min {
            return Ok(());
        }
        let labels = selector_text(&self.selector);
        let (total, ns) = (matching.len(), cx.ns);
        if total == 0 {
            return Err(msg!(
                "aucun Pod n'a les labels `{labels}` dans le namespace `{ns}` : créez-le avec `kubectl apply -f`, et vérifiez ses labels",
                "no Pod has labels `{labels}` in namespace `{ns}`: create it with `kubectl apply -f`, and check its labels",
                labels,
                ns
            ));
        }
        Err(msg!(
            "{ready} Pod(s) prêt(s) avec les labels `{labels}` sur {min} attendu(s) ({total} Pod(s) ont ces labels) : voir le diagnostic ci-dessous",
            "{ready} ready Pod(s) with labels `{labels}` of {min} expected ({total} Pod(s) have these labels): see the diagnosis below",
            ready,
            labels,
            min,
            total
        ))
    }
}
