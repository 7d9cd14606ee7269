//! `image-running`: at least one ready Pod belongs to the Deployment, and
//! every ready Pod of it has a container whose image matches the regex.

use super::{Check, Cx, Kind, Problem, Raw, labels_contain};
use crate::diag::Msg;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::Node;
use std::collections::BTreeMap;

pub const KIND: Kind = Kind {
    name: "image-running",
    keys: &[("deployment", true), ("image", true)],
    build,
};

#[derive(Debug, Clone)]
pub struct ImageRunning {
    pub deployment: String,
    /// As written.
    pub pattern: String,
    /// Compiled (whole text).
    pub image: regex::Regex,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    let pattern = raw.string(&raw.image);
    Ok(Check::ImageRunning(ImageRunning {
        deployment: raw.string(&raw.deployment),
        image: raw.regex(&pattern)?,
        pattern,
    }))
}

/// The images of a Pod: as specified, and as the kubelet reports them.
fn images(p: &Object) -> Vec<String> {
    let list = |path: &str| p.root.at(path).map(Node::items).unwrap_or(&[]);
    list("spec.containers")
        .iter()
        .chain(list("status.containerStatuses"))
        .filter_map(|c| c.at("image").and_then(Node::as_str))
        .map(str::to_string)
        .collect()
}

impl ImageRunning {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (dep, pattern) = (&self.deployment, &self.pattern);
        let d = cx.find("Deployment", dep)?;
        let sel: BTreeMap<String, String> = d
            .root
            .at("spec.selector.matchLabels")
            .map(|m| {
                m.entries()
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.scalar_text()))
                    .collect()
            })
            .unwrap_or_default();
        let ready: Vec<&Object> = cx
            .snap
            .of_kind("Pod", cx.ns)
            .filter(|p| labels_contain(p.labels(), &sel) && cx.snap.pod_ready(p))
            .collect();
        if ready.is_empty() {
            return Err(msg!(
                "aucun Pod prêt du Deployment `{dep}` : voir le diagnostic ci-dessous",
                "no ready Pod of Deployment `{dep}`: see the diagnosis below",
                dep
            ));
        }
        let wrong: Vec<(&Object, Vec<String>)> = ready
            .iter()
            .map(|p| (*p, images(p)))
            .filter(|(_, imgs)| !imgs.iter().any(|i| self.image.is_match(i)))
            .collect();
        let Some((p, imgs)) = wrong.first() else {
            return Ok(());
        };
        let (n, total, pod) = (wrong.len(), ready.len(), &p.name);
        let img = imgs.first().cloned().unwrap_or_default();
        let apply = cx.apply("Deployment", dep);
        Err(msg!(
            "{n} Pod(s) prêt(s) sur {total} du Deployment `{dep}` tournent avec une autre image (Pod `{pod}` : `{img}`, attendu : `{pattern}`) : appliquez la nouvelle version avec {apply} et suivez-la avec `kubectl rollout status deployment/{dep}`",
            "{n} of the {total} ready Pod(s) of Deployment `{dep}` run another image (Pod `{pod}`: `{img}`, expected: `{pattern}`): apply the new version with {apply} and follow it with `kubectl rollout status deployment/{dep}`",
            n,
            total,
            dep,
            pod,
            img,
            pattern,
            apply
        ))
    }
}
