//! `env-from-configmap`: the ConfigMap `configmap` exists and holds `key`,
//! and a container of the Deployment `deployment` reads it (`envFrom`, or
//! `env[].valueFrom.configMapKeyRef` to that key).

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;
use crate::yaml::Node;

pub const KIND: Kind = Kind {
    name: "env-from-configmap",
    keys: &[("deployment", true), ("configmap", true), ("key", true)],
    build,
};

#[derive(Debug, Clone)]
pub struct EnvFromConfigMap {
    pub deployment: String,
    pub configmap: String,
    pub key: String,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::EnvFromConfigMap(EnvFromConfigMap {
        deployment: raw.string(&raw.deployment),
        configmap: raw.string(&raw.configmap),
        key: raw.string(&raw.key),
    }))
}

fn items<'a>(n: &'a Node, path: &str) -> &'a [Node] {
    n.at(path).map(Node::items).unwrap_or(&[])
}

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

impl EnvFromConfigMap {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (dep, cm, key) = (&self.deployment, &self.configmap, &self.key);
        let cmo = cx.find("ConfigMap", cm)?;
        let has_key = ["data", "binaryData"]
            .iter()
            .any(|f| cmo.root.get(f).and_then(|d| d.get(key)).is_some());
        if !has_key {
            let keys: Vec<String> = cmo
                .root
                .get("data")
                .map(|d| d.entries().iter().map(|e| format!("`{}`", e.key)).collect())
                .unwrap_or_default();
            let keys = if keys.is_empty() {
                msg!("aucune", "none")
            } else {
                msg!("{keys}", "{keys}", keys)
            };
            let apply = cx.apply("ConfigMap", cm);
            return Err(msg!(
                "la ConfigMap `{cm}` du cluster n'a pas la clé `{key}` (clés : {keys}) : ajoutez-la puis {apply}",
                "ConfigMap `{cm}` on the cluster has no key `{key}` (keys: {keys}): add it then {apply}",
                cm,
                key,
                keys,
                apply
            ));
        }
        let d = cx.find("Deployment", dep)?;
        let uses = items(&d.root, "spec.template.spec.containers")
            .iter()
            .any(|ct| {
                items(ct, "envFrom")
                    .iter()
                    .any(|e| s(e, "configMapRef.name") == Some(cm))
                    || items(ct, "env").iter().any(|e| {
                        s(e, "valueFrom.configMapKeyRef.name") == Some(cm)
                            && s(e, "valueFrom.configMapKeyRef.key") == Some(key)
                    })
            });
        if uses {
            return Ok(());
        }
        let apply = cx.apply("Deployment", dep);
        Err(msg!(
            "sur le cluster, aucun conteneur du Deployment `{dep}` ne lit la ConfigMap `{cm}` (ni `envFrom[].configMapRef`, ni `env[].valueFrom.configMapKeyRef` vers `{key}`) : si votre fichier le fait, il n'est pas appliqué : {apply}",
            "on the cluster, no container of Deployment `{dep}` reads ConfigMap `{cm}` (neither `envFrom[].configMapRef`, nor `env[].valueFrom.configMapKeyRef` to `{key}`): if your file does, it is not applied: {apply}",
            dep,
            cm,
            key,
            apply
        ))
    }
}
