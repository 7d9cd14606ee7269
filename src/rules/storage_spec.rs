//! `storage-spec`: a PersistentVolume or StorageClass the API server
//! rejects: capacity, exactly one volume source, host paths, the
//! provisioner, parameters and allowed topologies.

use crate::rules::prelude::*;
use crate::rules::pvc_spec::access_modes;
use crate::rules::values::key_span;
use crate::rules::values::{dns1123_subdomain, qualified_name, quantity};

pub static RULE: Rule = Rule {
    code: Code {
        id: "storage-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Un PersistentVolume ou une StorageClass que l'API refuse : sans capacité, sans source de volume ou avec deux, `provisioner` manquant, paramètres ou topologies mal formés",
            en: "A PersistentVolume or StorageClass the API rejects: no capacity, no volume source or two of them, a missing `provisioner`, malformed parameters or topologies",
        },
        what: Text {
            fr: "Un PersistentVolume a au moins un mode d'accès, une `capacity` qui ne contient que `storage`, plus grande que zéro, et exactement une source de volume (`hostPath`, `nfs`, `csi`, `local`…) ; un `hostPath` ou un `local` a un `path` sans `..`, un volume `local` exige `nodeAffinity`, un `nfs` a un `server` et un `path` absolu ; `persistentVolumeReclaimPolicy: Recycle` est interdit sur un `hostPath` de `/` ; `nodeAffinity` contient `required` avec au moins un terme. Une StorageClass a un `provisioner` (un nom qualifié, comme `kubernetes.io/no-provisioner`), au plus 512 `parameters` de 256 Kio en tout, sans clé vide, et ses `allowedTopologies` ont des clés valides, au moins une valeur, sans doublon.",
            en: "A PersistentVolume has at least one access mode, a `capacity` holding only `storage`, greater than zero, and exactly one volume source (`hostPath`, `nfs`, `csi`, `local`…); a `hostPath` or `local` has a `path` without `..`, a `local` volume requires `nodeAffinity`, an `nfs` one has a `server` and an absolute `path`; `persistentVolumeReclaimPolicy: Recycle` is forbidden on a `hostPath` of `/`; `nodeAffinity` holds `required` with at least one term. A StorageClass has a `provisioner` (a qualified name, like `kubernetes.io/no-provisioner`), at most 512 `parameters` of 256 KiB in total, without an empty key, and its `allowedTopologies` have valid keys, at least one value, no duplicates.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : aucun volume n'est disponible, et les demandes de volume (PersistentVolumeClaim) restent en attente. Ces objets sont en général écrits par l'administrateur du cluster ; sur une plateforme partagée, on utilise plutôt les StorageClass existantes.",
            en: "The API server rejects the whole object: no volume is available, and the volume claims (PersistentVolumeClaim) stay pending. These objects are usually written by the cluster administrator; on a shared platform, one rather uses the existing StorageClasses.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/storage-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/storage-spec/good.yaml"),
    },
    check: Check::Object(check),
};

/// The volume sources of a PersistentVolumeSpec.
const SOURCES: &[&str] = &[
    "awsElasticBlockStore",
    "azureDisk",
    "azureFile",
    "cephfs",
    "cinder",
    "csi",
    "fc",
    "flexVolume",
    "flocker",
    "gcePersistentDisk",
    "glusterfs",
    "hostPath",
    "iscsi",
    "local",
    "nfs",
    "photonPersistentDisk",
    "portworxVolume",
    "quobyte",
    "rbd",
    "scaleIO",
    "storageos",
    "vsphereVolume",
];

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    match (obj.api_version.as_str(), obj.kind.as_str()) {
        ("v1", "PersistentVolume") => persistent_volume(cx, obj, out),
        ("storage.k8s.io/v1", "StorageClass") => storage_class(cx, obj, out),
        _ => {}
    }
}

fn has_backstep(path: &str) -> bool {
    path.split('/').any(|p| p == "..")
}

fn persistent_volume(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let owner = obj
        .root
        .entry("spec")
        .map_or(obj.kind_span(), |e| e.key_span);
    let empty = Node::new(Value::Map(Vec::new()), owner);
    let spec = obj.spec().filter(|n| !n.is_null()).unwrap_or(&empty);
    let mut err = |span: Span, path: &str, message: Msg, help: Msg| {
        out.push(
            cx.finding(&RULE, obj, span, message, help)
                .with_path(format!("{p}{path}")),
        );
    };
    // PV-02
    let capacity = spec.get("capacity").filter(|n| !n.is_null());
    match capacity {
        None => err(
            owner,
            "spec.capacity",
            msg!(
                "ce PersistentVolume n'a pas de `capacity` : sa taille",
                "this PersistentVolume has no `capacity`: its size"
            ),
            msg!(
                "ajoutez `capacity: {{storage: 5Gi}}` sous `spec:`",
                "add `capacity: {{storage: 5Gi}}` under `spec:`"
            ),
        ),
        Some(c) => {
            let others: Vec<&str> = c
                .entries()
                .iter()
                .map(|e| &*e.key)
                .filter(|k| *k != "storage")
                .collect();
            if c.get("storage").is_none() || !others.is_empty() {
                let list = others
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                err(
                    key_span(spec, "capacity"),
                    "spec.capacity",
                    if c.get("storage").is_none() {
                        msg!(
                            "`capacity` ne contient pas `storage`, la seule ressource d'un volume",
                            "`capacity` does not hold `storage`, a volume's only resource"
                        )
                    } else {
                        msg!(
                            "`capacity` ne contient que `storage` : {list} n'a pas de sens pour un volume",
                            "`capacity` holds only `storage`: {list} makes no sense for a volume",
                            list
                        )
                    },
                    msg!(
                        "écrivez `capacity: {{storage: 5Gi}}`",
                        "write `capacity: {{storage: 5Gi}}`"
                    ),
                );
            }
            for e in c.entries() {
                if let Some(v) = quantity(&e.value)
                    && v <= 0.0
                {
                    let size = e.value.scalar_text();
                    let key = e.key.to_string();
                    err(
                        e.value.span,
                        &format!("spec.capacity[{key}]"),
                        msg!(
                            "`{key}: {size}` : la capacité doit être plus grande que zéro",
                            "`{key}: {size}`: the capacity must be greater than zero",
                            key,
                            size
                        ),
                        msg!(
                            "donnez la taille du volume, par exemple `storage: 5Gi`",
                            "give the volume's size, for instance `storage: 5Gi`"
                        ),
                    );
                }
            }
        }
    }
    // PV-03: exactly one volume source.
    let present: Vec<&str> = SOURCES
        .iter()
        .copied()
        .filter(|s| spec.get(s).is_some_and(|n| !n.is_null()))
        .collect();
    match present.len() {
        0 => err(
            owner,
            "spec",
            msg!(
                "ce PersistentVolume ne dit pas où sont les données : il faut une source de volume (`hostPath`, `nfs`, `csi`, `local`…)",
                "this PersistentVolume does not say where the data is: it needs a volume source (`hostPath`, `nfs`, `csi`, `local`…)"
            ),
            msg!(
                "ajoutez par exemple `hostPath: {{path: /data/volume}}` (un dossier du nœud, pour les essais)",
                "add for instance `hostPath: {{path: /data/volume}}` (a folder of the node, for tests)"
            ),
        ),
        1 => {}
        _ => {
            let first = present[0];
            for extra in &present[1..] {
                err(
                    key_span(spec, extra),
                    &format!("spec.{extra}"),
                    msg!(
                        "ce PersistentVolume a déjà une source de volume (`{first}`) : `{extra}` en serait une seconde",
                        "this PersistentVolume already has a volume source (`{first}`): `{extra}` would be a second one",
                        first,
                        extra = extra.to_string()
                    ),
                    msg!(
                        "gardez une seule source de volume",
                        "keep a single volume source"
                    ),
                );
            }
        }
    }
    for (source, needs_abs) in [("hostPath", false), ("local", false), ("nfs", true)] {
        let Some(s) = spec.get(source).filter(|n| !n.is_null()) else {
            continue;
        };
        let path = s.get("path").and_then(Node::as_str).unwrap_or("");
        let at = s
            .get("path")
            .map_or_else(|| key_span(spec, source), |n| n.span);
        if path.is_empty() {
            err(
                at,
                &format!("spec.{source}.path"),
                msg!(
                    "`{source}` n'a pas de `path`",
                    "`{source}` has no `path`",
                    source
                ),
                msg!(
                    "ajoutez le chemin du dossier, par exemple `path: /data/volume`",
                    "add the folder's path, for instance `path: /data/volume`"
                ),
            );
        } else if needs_abs && !path.starts_with('/') {
            let path = path.to_string();
            err(
                at,
                &format!("spec.{source}.path"),
                msg!(
                    "`path: {path}` n'est pas un chemin absolu (il commence par `/`)",
                    "`path: {path}` is not an absolute path (it starts with `/`)",
                    path
                ),
                msg!(
                    "écrivez le chemin exporté par le serveur NFS, par exemple `/exports/data`",
                    "write the path the NFS server exports, for instance `/exports/data`"
                ),
            );
        } else if !needs_abs && has_backstep(path) {
            let path = path.to_string();
            err(
                at,
                &format!("spec.{source}.path"),
                msg!(
                    "`path: {path}` contient `..` : le chemin ne remonte pas de dossier",
                    "`path: {path}` contains `..`: the path does not go up a folder",
                    path
                ),
                msg!(
                    "écrivez le chemin complet, sans `..`",
                    "write the full path, without `..`"
                ),
            );
        }
        if source == "nfs"
            && s.get("server")
                .and_then(Node::as_str)
                .is_none_or(str::is_empty)
        {
            err(
                key_span(spec, "nfs"),
                "spec.nfs.server",
                msg!(
                    "`nfs` n'a pas de `server` : le nom ou l'adresse du serveur NFS",
                    "`nfs` has no `server`: the name or address of the NFS server"
                ),
                msg!(
                    "ajoutez `server: nfs.example.com`",
                    "add `server: nfs.example.com`"
                ),
            );
        }
    }
    let node_affinity = spec.get("nodeAffinity").filter(|n| !n.is_null());
    if spec.get("local").is_some_and(|n| !n.is_null()) && node_affinity.is_none() {
        err(
            key_span(spec, "local"),
            "spec.nodeAffinity",
            msg!(
                "un volume `local` est sur le disque d'un nœud précis : `nodeAffinity` doit dire lequel",
                "a `local` volume is on the disk of one given node: `nodeAffinity` must say which"
            ),
            msg!(
                "ajoutez `nodeAffinity.required.nodeSelectorTerms` avec le nom du nœud (`kubernetes.io/hostname`)",
                "add `nodeAffinity.required.nodeSelectorTerms` with the node's name (`kubernetes.io/hostname`)"
            ),
        );
    }
    if let Some(na) = node_affinity {
        match na.get("required").filter(|n| !n.is_null()) {
            None => err(
                key_span(spec, "nodeAffinity"),
                "spec.nodeAffinity.required",
                msg!(
                    "`nodeAffinity` d'un PersistentVolume doit contenir `required`",
                    "a PersistentVolume's `nodeAffinity` must hold `required`"
                ),
                msg!(
                    "écrivez `required:` puis `nodeSelectorTerms:`",
                    "write `required:` then `nodeSelectorTerms:`"
                ),
            ),
            Some(r)
                if r.get("nodeSelectorTerms")
                    .is_none_or(|t| t.items().is_empty()) =>
            {
                err(
                    key_span(na, "required"),
                    "spec.nodeAffinity.required.nodeSelectorTerms",
                    msg!(
                        "`nodeAffinity.required` n'a aucun terme (`nodeSelectorTerms`)",
                        "`nodeAffinity.required` has no term (`nodeSelectorTerms`)"
                    ),
                    msg!(
                        "ajoutez au moins un terme `matchExpressions`",
                        "add at least one `matchExpressions` term"
                    ),
                )
            }
            _ => {}
        }
    }
    if spec
        .get("persistentVolumeReclaimPolicy")
        .and_then(Node::as_str)
        == Some("Recycle")
        && let Some(path) = spec.at("hostPath.path").and_then(Node::as_str)
        && clean(path) == "/"
    {
        err(
            spec.get("persistentVolumeReclaimPolicy")
                .map_or(owner, |n| n.span),
            "spec.persistentVolumeReclaimPolicy",
            msg!(
                "`Recycle` effacerait tout le contenu du volume : il est interdit sur un `hostPath` de `/`, la racine du nœud",
                "`Recycle` would erase the whole volume content: it is forbidden on a `hostPath` of `/`, the node's root"
            ),
            msg!(
                "écrivez `persistentVolumeReclaimPolicy: Retain`",
                "write `persistentVolumeReclaimPolicy: Retain`"
            ),
        );
    }
    if let Some(n) = spec.get("storageClassName")
        && let Some(class) = n.as_str()
        && !class.is_empty()
        && let Some(problem) = dns1123_subdomain(class)
    {
        err(
            n.span,
            "spec.storageClassName",
            msg!(
                "`storageClassName: {class}` n'est pas un nom de classe de stockage : {problem}",
                "`storageClassName: {class}` is not a storage class name: {problem}",
                class = class.to_string(),
                problem
            ),
            msg!(
                "écrivez un nom en minuscules, chiffres, `-` et `.`",
                "write a name of lower-case letters, digits, `-` and `.`"
            ),
        );
    }
    access_modes(cx, obj, &RULE, spec, owner, &format!("{p}spec"), out);
}

/// `path.Clean` for the `/` test: `/`, `//`, `/./`, `/..` are all `/`.
fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if path.starts_with('/') {
        format!("/{}", parts.join("/"))
    } else if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn storage_class(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    let root = &obj.root;
    let mut err = |span: Span, path: &str, message: Msg, help: Msg| {
        out.push(
            cx.finding(&RULE, obj, span, message, help)
                .with_path(format!("{p}{path}")),
        );
    };
    // SC-P01
    match root.get("provisioner").and_then(Node::as_str) {
        None | Some("") => err(
            root.get("provisioner").map_or(obj.kind_span(), |n| n.span),
            "provisioner",
            msg!(
                "une StorageClass nomme le `provisioner` qui crée ses volumes",
                "a StorageClass names the `provisioner` that creates its volumes"
            ),
            msg!(
                "ajoutez `provisioner:` avec le nom du pilote CSI (par exemple `ebs.csi.aws.com`), ou `kubernetes.io/no-provisioner` pour des volumes créés à la main",
                "add `provisioner:` with the CSI driver's name (for instance `ebs.csi.aws.com`), or `kubernetes.io/no-provisioner` for hand-made volumes"
            ),
        ),
        Some(v) => {
            if let Some(problem) = qualified_name(&v.to_lowercase()) {
                let v = v.to_string();
                err(
                    root.get("provisioner").map_or(obj.kind_span(), |n| n.span),
                    "provisioner",
                    msg!(
                        "`provisioner: {v}` n'est pas un nom qualifié : {problem}",
                        "`provisioner: {v}` is not a qualified name: {problem}",
                        v,
                        problem
                    ),
                    msg!(
                        "écrivez le nom du pilote, par exemple `ebs.csi.aws.com`",
                        "write the driver's name, for instance `ebs.csi.aws.com`"
                    ),
                );
            }
        }
    }
    // SC-P04
    if let Some(params) = root.get("parameters") {
        let entries = params.entries();
        if entries.len() > 512 {
            let n = entries.len();
            err(
                key_span(root, "parameters"),
                "parameters",
                msg!(
                    "{n} paramètres : 512 au plus",
                    "{n} parameters: at most 512",
                    n
                ),
                msg!("gardez-en 512 au plus", "keep at most 512"),
            );
        } else {
            let mut total = 0;
            for e in entries {
                total += e.key.len() + e.value.as_str().map_or(0, str::len);
                if e.key.is_empty() {
                    err(
                        e.key_span,
                        "parameters",
                        msg!(
                            "un paramètre a une clé vide",
                            "a parameter has an empty key"
                        ),
                        msg!(
                            "donnez un nom au paramètre, ou retirez-le",
                            "give the parameter a name, or remove it"
                        ),
                    );
                }
            }
            if total > 256 * 1024 {
                err(
                    key_span(root, "parameters"),
                    "parameters",
                    msg!(
                        "les paramètres dépassent 256 Kio au total",
                        "the parameters exceed 256 KiB in total"
                    ),
                    msg!("raccourcissez-les", "shorten them"),
                );
            }
        }
    }
    // SC-P05
    let mut terms: Vec<Vec<(String, Vec<String>)>> = Vec::new();
    for (i, term) in root
        .get("allowedTopologies")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let tp = format!("allowedTopologies[{i}].matchLabelExpressions");
        let mut map: Vec<(String, Vec<String>)> = Vec::new();
        for (j, req) in term
            .get("matchLabelExpressions")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let key = req
                .get("key")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string();
            let values: Vec<&Node> = req
                .get("values")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .collect();
            if values.is_empty() {
                err(
                    req.get("values").map_or(req.span, |n| n.span),
                    &format!("{tp}[{j}].values"),
                    msg!(
                        "l'expression de topologie `{key}` n'a aucune valeur",
                        "topology expression `{key}` has no value",
                        key = key.clone()
                    ),
                    msg!(
                        "donnez au moins une valeur, par exemple `values: [europe-west1-b]`",
                        "give at least one value, for instance `values: [europe-west1-b]`"
                    ),
                );
            }
            let mut seen: Vec<String> = Vec::new();
            for (k, v) in values.iter().enumerate() {
                let s = v.scalar_text();
                if seen.contains(&s) {
                    err(
                        v.span,
                        &format!("{tp}[{j}].values[{k}]"),
                        msg!(
                            "la valeur `{s}` est en double",
                            "value `{s}` is repeated",
                            s = s.clone()
                        ),
                        msg!("retirez le doublon", "remove the duplicate"),
                    );
                }
                seen.push(s);
            }
            if let Some(problem) = qualified_name(&key) {
                err(
                    req.get("key").map_or(req.span, |n| n.span),
                    &format!("{tp}[{j}].key"),
                    msg!(
                        "`key: {key}` n'est pas une clé de label valide : {problem}",
                        "`key: {key}` is not a valid label key: {problem}",
                        key = key.clone(),
                        problem
                    ),
                    msg!(
                        "écrivez une clé de label de nœud, par exemple `topology.kubernetes.io/zone`",
                        "write a node label key, for instance `topology.kubernetes.io/zone`"
                    ),
                );
            }
            if map.iter().any(|(k, _)| *k == key) {
                err(
                    req.get("key").map_or(req.span, |n| n.span),
                    &format!("{tp}[{j}].key"),
                    msg!(
                        "la clé `{key}` apparaît deux fois dans ce terme",
                        "key `{key}` appears twice in this term",
                        key = key.clone()
                    ),
                    msg!(
                        "réunissez les valeurs dans une seule expression",
                        "gather the values in one expression"
                    ),
                );
            } else {
                let mut vals = seen.clone();
                vals.sort();
                vals.dedup();
                map.push((key, vals));
            }
        }
        map.sort();
        if terms.contains(&map) {
            err(
                term.span,
                &tp,
                msg!(
                    "ce terme de `allowedTopologies` répète un terme précédent",
                    "this `allowedTopologies` term repeats an earlier term"
                ),
                msg!("retirez le doublon", "remove the duplicate"),
            );
        }
        terms.push(map);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::findings_of;

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("storage-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    fn pv(spec: &str) -> String {
        format!("apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n{spec}")
    }

    #[test]
    fn persistent_volumes() {
        let ok = "  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n";
        assert!(paths(&pv(ok)).is_empty());
        assert_eq!(
            paths(&pv(
                "  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n"
            )),
            ["spec.capacity"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: \"0\"\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n"
            )),
            ["spec.capacity[storage]"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: 5Gi\n  accessModes: []\n  hostPath:\n    path: /data\n"
            )),
            ["spec.accessModes"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n"
            )),
            ["spec"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data\n  nfs:\n    server: nfs\n    path: /x\n"
            )),
            ["spec.nfs"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n  local:\n    path: /mnt/disk\n"
            )),
            ["spec.nodeAffinity"]
        );
        assert_eq!(
            paths(&pv(
                "  capacity:\n    storage: 5Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Recycle\n  hostPath:\n    path: /tmp/..\n"
            )),
            ["spec.persistentVolumeReclaimPolicy", "spec.hostPath.path"]
        );
        assert_eq!(clean("/tmp/.."), "/");
    }

    fn sc(body: &str) -> String {
        format!(
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n{body}"
        )
    }

    #[test]
    fn storage_classes() {
        assert!(paths(&sc("provisioner: Example.com/Fast-Disk\n")).is_empty());
        assert_eq!(paths(&sc("reclaimPolicy: Delete\n")), ["provisioner"]);
        assert_eq!(paths(&sc("provisioner: a/b/c\n")), ["provisioner"]);
        assert_eq!(
            paths(&sc("provisioner: x.io/d\nparameters:\n  \"\": x\n")),
            ["parameters"]
        );
        let topo = |t: &str| sc(&format!("provisioner: x.io/d\nallowedTopologies:\n{t}"));
        assert_eq!(
            paths(&topo(
                "  - matchLabelExpressions:\n      - key: topology.kubernetes.io/zone\n        values: []\n"
            )),
            ["allowedTopologies[0].matchLabelExpressions[0].values"]
        );
        assert_eq!(
            paths(&topo(
                "  - matchLabelExpressions:\n      - {key: zone, values: [a]}\n  - matchLabelExpressions:\n      - {key: zone, values: [a]}\n"
            )),
            ["allowedTopologies[1].matchLabelExpressions"]
        );
        assert!(paths(&topo("  - matchLabelExpressions:\n      - {key: zone, values: [a]}\n  - matchLabelExpressions:\n      - {key: zone, values: [b]}\n")).is_empty());
    }
}
