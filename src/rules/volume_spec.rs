//! `volume-spec`: a volume the API server rejects: two sources, a `secretName` or `claimName` missing, a bad item path…

use crate::rules::pod::spec_of;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "volume-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Un volume que l'API refuse : deux sources, `secretName` ou `claimName` absent, chemin d'élément absolu ou avec `..`",
            en: "A volume the API rejects: two sources, a missing `secretName` or `claimName`, an absolute item path or one with `..`",
        },
        what: Text {
            fr: "Chaque volume d'un Pod a exactement une source (`emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, `hostPath`, `projected`…). Une source `secret` a un `secretName`, `configMap` un `name`, `persistentVolumeClaim` un `claimName`, `hostPath` un `path` sans `..`. Les `items` ont une `key` et un `path` relatif, sans `..` ; un volume projeté a une seule sorte d'objet par source, et un jeton de compte de service y expire au plus tôt au bout de 10 minutes.",
            en: "Each volume of a Pod has exactly one source (`emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, `hostPath`, `projected`…). A `secret` source has a `secretName`, `configMap` a `name`, `persistentVolumeClaim` a `claimName`, `hostPath` a `path` without `..`. `items` have a `key` and a relative `path`, without `..`; a projected volume has one kind of object per source, and a service account token there expires after 10 minutes at the earliest.",
        },
        why: Text {
            fr: "Le serveur d'API refuse le Pod : il ne saurait pas quoi monter. Une seconde source vient souvent d'un champ indenté au mauvais niveau, ou de `secretName` écrit `name` (la clé n'est pas la même que pour une ConfigMap).",
            en: "The API server rejects the Pod: it would not know what to mount. A second source often comes from a field indented at the wrong level, or `secretName` written `name` (the key differs from a ConfigMap's).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/volume-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/volume-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const SOURCES: &[&str] = &[
    "emptyDir",
    "hostPath",
    "gitRepo",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "secret",
    "nfs",
    "iscsi",
    "glusterfs",
    "flocker",
    "persistentVolumeClaim",
    "rbd",
    "cinder",
    "cephfs",
    "quobyte",
    "downwardAPI",
    "fc",
    "flexVolume",
    "configMap",
    "azureFile",
    "vsphereVolume",
    "photonPersistentDisk",
    "portworxVolume",
    "azureDisk",
    "storageos",
    "projected",
    "scaleIO",
    "csi",
    "ephemeral",
    "image",
];

fn push(
    cx: &ObjCx,
    obj: &Object,
    span: Span,
    path: String,
    message: Msg,
    help: Msg,
    out: &mut Vec<Finding>,
) {
    out.push(cx.finding(&RULE, obj, span, message, help).with_path(path));
}

fn empty(n: Option<&Node>) -> bool {
    n.is_none_or(|v| v.is_null() || v.scalar_text().is_empty())
}

/// `items[].key` and `items[].path`.
fn items(
    cx: &ObjCx,
    obj: &Object,
    src: &Node,
    path: &str,
    key_required: bool,
    out: &mut Vec<Finding>,
) {
    for (k, it) in src
        .get("items")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let ip = format!("{path}.items[{k}]");
        if key_required && empty(it.get("key")) {
            push(
                cx,
                obj,
                it.span,
                format!("{ip}.key"),
                msg!(
                    "cet élément de `items` n'a pas de `key`",
                    "this `items` entry has no `key`"
                ),
                msg!(
                    "nommez la clé à monter : `key: …`",
                    "name the key to mount: `key: …`"
                ),
                out,
            );
        }
        match it.get("path") {
            None => push(
                cx,
                obj,
                it.span,
                format!("{ip}.path"),
                msg!(
                    "cet élément de `items` n'a pas de `path`",
                    "this `items` entry has no `path`"
                ),
                msg!(
                    "donnez le nom du fichier dans le volume : `path: app.conf`",
                    "give the file's name in the volume: `path: app.conf`"
                ),
                out,
            ),
            Some(p) => {
                let t = p.scalar_text();
                let problem = if t.is_empty() {
                    Some(msg!("le `path` est vide", "the `path` is empty"))
                } else if t.starts_with('/') {
                    Some(msg!(
                        "`path: {t}` est absolu ; il est relatif au point de montage",
                        "`path: {t}` is absolute; it is relative to the mount point",
                        t
                    ))
                } else if t.split('/').any(|s| s == "..") || t.starts_with("..") {
                    Some(msg!(
                        "`path: {t}` contient `..`",
                        "`path: {t}` contains `..`",
                        t
                    ))
                } else {
                    None
                };
                if let Some(m) = problem {
                    push(
                        cx,
                        obj,
                        p.span,
                        format!("{ip}.path"),
                        m,
                        msg!(
                            "écrivez un nom de fichier relatif, par exemple `app.conf`",
                            "write a relative file name, e.g. `app.conf`"
                        ),
                        out,
                    );
                }
            }
        }
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    for (i, vol) in spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let path = format!("{spec_path}.volumes[{i}]");
        let name = vol.get("name").map(Node::scalar_text).unwrap_or_default();
        let present: Vec<&str> = SOURCES
            .iter()
            .copied()
            .filter(|s| vol.get(s).is_some())
            .collect();
        for s in present.iter().skip(1) {
            let first = present[0];
            let span = vol.entry(s).map_or(vol.span, |e| e.key_span);
            push(
                cx,
                obj,
                span,
                format!("{path}.{s}"),
                msg!(
                    "le volume `{name}` a déjà une source (`{first}`) : `{s}` en serait une seconde",
                    "volume `{name}` already has a source (`{first}`): `{s}` would be a second",
                    name,
                    first,
                    s
                ),
                msg!(
                    "un volume a une seule source ; faites deux volumes, ou vérifiez l'indentation",
                    "a volume has one source; make two volumes, or check the indentation"
                ),
                out,
            );
        }
        if let Some(src) = vol.get("secret") {
            if empty(src.get("secretName")) {
                let help = if src.get("name").is_some() {
                    msg!(
                        "pour un Secret, la clé est `secretName`, pas `name` (c'est `name` pour une ConfigMap)",
                        "for a Secret the key is `secretName`, not `name` (it is `name` for a ConfigMap)"
                    )
                } else {
                    msg!(
                        "nommez le Secret : `secretName: mon-secret`",
                        "name the Secret: `secretName: my-secret`"
                    )
                };
                push(
                    cx,
                    obj,
                    src.span,
                    format!("{path}.secret.secretName"),
                    msg!(
                        "le volume `{name}` ne dit pas quel Secret monter (`secretName`)",
                        "volume `{name}` does not say which Secret to mount (`secretName`)",
                        name
                    ),
                    help,
                    out,
                );
            }
            items(cx, obj, src, &format!("{path}.secret"), true, out);
        }
        if let Some(src) = vol.get("configMap") {
            if empty(src.get("name")) {
                push(
                    cx,
                    obj,
                    src.span,
                    format!("{path}.configMap.name"),
                    msg!(
                        "le volume `{name}` ne dit pas quelle ConfigMap monter (`name`)",
                        "volume `{name}` does not say which ConfigMap to mount (`name`)",
                        name
                    ),
                    msg!(
                        "nommez la ConfigMap : `configMap: {{name: ma-config}}`",
                        "name the ConfigMap: `configMap: {{name: my-config}}`"
                    ),
                    out,
                );
            }
            items(cx, obj, src, &format!("{path}.configMap"), true, out);
        }
        if let Some(src) = vol.get("persistentVolumeClaim")
            && empty(src.get("claimName"))
        {
            push(
                cx,
                obj,
                src.span,
                format!("{path}.persistentVolumeClaim.claimName"),
                msg!(
                    "le volume `{name}` ne dit pas quel PersistentVolumeClaim utiliser (`claimName`)",
                    "volume `{name}` does not say which PersistentVolumeClaim to use (`claimName`)",
                    name
                ),
                msg!(
                    "écrivez `persistentVolumeClaim: {{claimName: mes-donnees}}`",
                    "write `persistentVolumeClaim: {{claimName: my-data}}`"
                ),
                out,
            );
        }
        if let Some(src) = vol.get("hostPath") {
            let p = src.get("path").map(Node::scalar_text).unwrap_or_default();
            if p.is_empty() {
                push(
                    cx,
                    obj,
                    src.span,
                    format!("{path}.hostPath.path"),
                    msg!(
                        "le volume `{name}` n'a pas de `path`",
                        "volume `{name}` has no `path`",
                        name
                    ),
                    msg!(
                        "écrivez le chemin sur le nœud : `path: /var/log`",
                        "write the path on the node: `path: /var/log`"
                    ),
                    out,
                );
            } else if p.split('/').any(|s| s == "..") {
                push(
                    cx,
                    obj,
                    src.get("path").map_or(src.span, |n| n.span),
                    format!("{path}.hostPath.path"),
                    msg!("`path: {p}` contient `..`", "`path: {p}` contains `..`", p),
                    msg!("écrivez un chemin sans `..`", "write a path without `..`"),
                    out,
                );
            }
        }
        if let Some(src) = vol.get("emptyDir")
            && let Some(l) = src.get("sizeLimit")
            && crate::rules::values::quantity(l).is_some_and(|v| v < 0.0)
        {
            push(
                cx,
                obj,
                l.span,
                format!("{path}.emptyDir.sizeLimit"),
                msg!("`sizeLimit` est négatif", "`sizeLimit` is negative"),
                msg!(
                    "une taille positive, par exemple `1Gi`",
                    "a positive size, e.g. `1Gi`"
                ),
                out,
            );
        }
        if let Some(src) = vol.get("projected") {
            for (k, s) in src
                .get("sources")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let kinds: Vec<&str> = [
                    "secret",
                    "configMap",
                    "downwardAPI",
                    "serviceAccountToken",
                    "clusterTrustBundle",
                    "podCertificate",
                ]
                .into_iter()
                .filter(|x| s.get(x).is_some())
                .collect();
                let sp = format!("{path}.projected.sources[{k}]");
                if kinds.len() > 1 {
                    push(
                        cx,
                        obj,
                        s.span,
                        sp.clone(),
                        msg!(
                            "cette source de volume projeté a plusieurs sortes d'objets ({k1} et {k2}) : une par source",
                            "this projected volume source has several kinds of objects ({k1} and {k2}): one per source",
                            k1 = kinds[0],
                            k2 = kinds[1]
                        ),
                        msg!(
                            "faites un élément de `sources` par objet",
                            "make one `sources` item per object"
                        ),
                        out,
                    );
                }
                for x in ["secret", "configMap"] {
                    if let Some(o) = s.get(x) {
                        if empty(o.get("name")) {
                            push(
                                cx,
                                obj,
                                o.span,
                                format!("{sp}.{x}.name"),
                                msg!(
                                    "cette source `{x}` n'a pas de `name`",
                                    "this `{x}` source has no `name`",
                                    x
                                ),
                                msg!(
                                    "nommez l'objet à monter : `name: …`",
                                    "name the object to mount: `name: …`"
                                ),
                                out,
                            );
                        }
                        items(cx, obj, o, &format!("{sp}.{x}"), true, out);
                    }
                }
                if let Some(t) = s.get("serviceAccountToken")
                    && empty(t.get("path"))
                {
                    push(
                        cx,
                        obj,
                        t.span,
                        format!("{sp}.serviceAccountToken.path"),
                        msg!("le jeton n'a pas de `path`", "the token has no `path`"),
                        msg!(
                            "écrivez le nom du fichier : `path: token`",
                            "write the file name: `path: token`"
                        ),
                        out,
                    );
                }
            }
        }
        if let Some(src) = vol.get("downwardAPI") {
            for (k, it) in src
                .get("items")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let refs = ["fieldRef", "resourceFieldRef"]
                    .into_iter()
                    .filter(|x| it.get(x).is_some())
                    .count();
                if refs != 1 {
                    push(
                        cx,
                        obj,
                        it.span,
                        format!("{path}.downwardAPI.items[{k}]"),
                        msg!(
                            "cet élément de `downwardAPI` a {refs} sources : il en faut exactement une (`fieldRef` ou `resourceFieldRef`)",
                            "this `downwardAPI` item has {refs} sources: it needs exactly one (`fieldRef` or `resourceFieldRef`)",
                            refs
                        ),
                        msg!(
                            "par exemple `fieldRef: {{fieldPath: metadata.labels}}`",
                            "for instance `fieldRef: {{fieldPath: metadata.labels}}`"
                        ),
                        out,
                    );
                }
            }
            items(cx, obj, src, &format!("{path}.downwardAPI"), false, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn volumes() {
        let pod = |v: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n  volumes:\n{v}"
            )
        };
        assert_eq!(
            findings_of(
                "volume-spec",
                &pod("  - name: a\n    emptyDir: {}\n    configMap: {name: c}\n")
            )
            .len(),
            1
        );
        assert_eq!(
            findings_of("volume-spec", &pod("  - name: a\n    secret: {name: s}\n")).len(),
            1
        );
        assert_eq!(findings_of("volume-spec", &pod("  - name: a\n    configMap:\n      name: c\n      items:\n      - key: k\n        path: /etc/x\n")).len(), 1);
        assert!(
            findings_of(
                "volume-spec",
                &pod("  - name: a\n    secret: {secretName: s}\n")
            )
            .is_empty()
        );
    }
}
