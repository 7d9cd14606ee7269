//! `pvc-spec`: a PersistentVolumeClaim spec the API server rejects, in a
//! PersistentVolumeClaim, a StatefulSet's `volumeClaimTemplates` or a pod's
//! ephemeral volume: access modes, the storage request, data sources.

use crate::rules::prelude::*;
use crate::rules::values::{dns1123_label, dns1123_subdomain, label_selector, quantity};
use crate::rules::values::{key_span, no_items};

pub static RULE: Rule = Rule {
    code: Code {
        id: "pvc-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Une demande de volume (PersistentVolumeClaim, `volumeClaimTemplates`, volume éphémère) que l'API refuse : sans mode d'accès, sans taille de stockage, source de données incomplète",
            en: "A volume claim (PersistentVolumeClaim, `volumeClaimTemplates`, ephemeral volume) the API rejects: no access mode, no storage size, an incomplete data source",
        },
        what: Text {
            fr: "Une demande de volume a au moins un mode d'accès (`accessModes`), et `ReadWriteOncePod` n'est jamais mélangé à un autre ; elle demande une taille positive sous `resources.requests.storage` (`1Gi`) ; son `storageClassName` est vide ou un nom DNS en minuscules. Une source de données (`dataSource`, `dataSourceRef`) a un `kind` et un `name` ; sans `apiGroup`, le `kind` ne peut être que `PersistentVolumeClaim` ; `dataSource` et `dataSourceRef` écrits ensemble désignent la même chose. Dans un PersistentVolumeClaim, une `dataSource` d'un autre type qu'un PersistentVolumeClaim ou un VolumeSnapshot est ignorée sans erreur.",
            en: "A volume claim has at least one access mode (`accessModes`), and `ReadWriteOncePod` is never mixed with another one; it asks for a positive size under `resources.requests.storage` (`1Gi`); its `storageClassName` is empty or a lower-case DNS name. A data source (`dataSource`, `dataSourceRef`) has a `kind` and a `name`; without `apiGroup`, the `kind` can only be `PersistentVolumeClaim`; `dataSource` and `dataSourceRef` written together designate the same thing. In a PersistentVolumeClaim, a `dataSource` of another type than a PersistentVolumeClaim or a VolumeSnapshot is silently ignored.",
        },
        why: Text {
            fr: "Sans mode d'accès ni taille, Kubernetes ne peut pas choisir ou créer de disque : le serveur d'API refuse l'objet entier, et les pods qui attendent ce volume ne démarrent jamais. C'est souvent `resources.requests.storage` mal indenté, ou `resources.limits` écrit à la place.",
            en: "Without access mode or size, Kubernetes cannot choose or create a disk: the API server rejects the whole object, and the pods waiting for this volume never start. It is often a badly indented `resources.requests.storage`, or `resources.limits` written instead.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/pvc-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/pvc-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// PVC-01/PV-01 and PVC-03: at least one access mode, ReadWriteOncePod alone.
/// `owner` is the key the spec hangs from (where a missing list points).
pub fn access_modes(
    cx: &ObjCx,
    obj: &Object,
    rule: &'static Rule,
    spec: &Node,
    owner: Span,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let modes: Vec<&str> = spec
        .get("accessModes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let node = spec.get("accessModes");
    // Something else than a list is `field-type`'s: one mistake, one finding.
    if no_items(node) {
        out.push(
            cx.finding(
                rule,
                obj,
                node.map_or(owner, |n| n.span),
                msg!(
                    "aucun mode d'accès (`accessModes`) : il en faut au moins un",
                    "no access mode (`accessModes`): at least one is needed"
                ),
                msg!(
                    "ajoutez `accessModes: [ReadWriteOnce]` (un seul nœud à la fois en lecture-écriture, le cas courant)",
                    "add `accessModes: [ReadWriteOnce]` (a single node at a time, read-write: the usual case)"
                ),
            )
            .with_path(format!("{path}.accessModes")),
        );
        return;
    }
    let pod = modes.contains(&"ReadWriteOncePod");
    let other = modes
        .iter()
        .any(|m| *m != "ReadWriteOncePod" && MODES.contains(m));
    if pod && other {
        out.push(
            cx.finding(
                rule,
                obj,
                key_span(spec, "accessModes"),
                msg!(
                    "`ReadWriteOncePod` ne se combine avec aucun autre mode d'accès : il réserve le volume à un seul pod",
                    "`ReadWriteOncePod` combines with no other access mode: it reserves the volume to a single pod"
                ),
                msg!(
                    "gardez `ReadWriteOncePod` seul, ou retirez-le",
                    "keep `ReadWriteOncePod` alone, or remove it"
                ),
            )
            .with_path(format!("{path}.accessModes")),
        );
    }
}

/// The checks of `ValidatePersistentVolumeClaimSpec` at `path`; `claim` when
/// the spec is a PersistentVolumeClaim's own (its strategy drops data sources
/// of other kinds and copies `dataSource` and `dataSourceRef` into each other).
pub fn claim_spec(
    cx: &ObjCx,
    obj: &Object,
    spec: &Node,
    owner: Span,
    path: &str,
    claim: bool,
    out: &mut Vec<Finding>,
) {
    access_modes(cx, obj, &RULE, spec, owner, path, out);
    // PVC-04
    let storage = spec.at("resources.requests.storage");
    match storage {
        None => {
            let span = spec
                .at("resources.requests")
                .map(|_| key_span(spec.get("resources").unwrap_or(spec), "requests"))
                .or_else(|| spec.entry("resources").map(|e| e.key_span))
                .unwrap_or(owner);
            let limits = spec.at("resources.limits.storage").is_some();
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    span,
                    if limits {
                        msg!(
                            "la taille est sous `resources.limits` : une demande de volume la donne sous `resources.requests.storage`",
                            "the size is under `resources.limits`: a volume claim gives it under `resources.requests.storage`"
                        )
                    } else {
                        msg!(
                            "aucune taille de stockage : une demande de volume indique `resources.requests.storage`",
                            "no storage size: a volume claim states `resources.requests.storage`"
                        )
                    },
                    msg!(
                        "écrivez `resources:` puis `requests:` puis `storage: 1Gi` (chaque niveau indenté de deux espaces)",
                        "write `resources:` then `requests:` then `storage: 1Gi` (each level indented by two spaces)"
                    ),
                )
                .with_path(format!("{path}.resources[storage]")),
            );
        }
        Some(n) => {
            if let Some(v) = quantity(n)
                && v <= 0.0
            {
                let size = n.scalar_text();
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        n.span,
                        msg!(
                            "`storage: {size}` : la taille demandée doit être plus grande que zéro",
                            "`storage: {size}`: the requested size must be greater than zero",
                            size
                        ),
                        msg!(
                            "demandez une taille, par exemple `storage: 1Gi`",
                            "ask for a size, for instance `storage: 1Gi`"
                        ),
                    )
                    .with_path(format!("{path}.resources[storage]")),
                );
            }
        }
    }
    // PVC-05, in templates (`invalid-name` checks PersistentVolumeClaims).
    if !claim
        && let Some(n) = spec.get("storageClassName")
        && let Some(class) = n.as_str()
        && !class.is_empty()
        && let Some(problem) = dns1123_subdomain(class)
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                n.span,
                msg!(
                    "`storageClassName: {class}` n'est pas un nom de classe de stockage : {problem}",
                    "`storageClassName: {class}` is not a storage class name: {problem}",
                    class = class.to_string(),
                    problem
                ),
                msg!(
                    "écrivez le nom d'une StorageClass du cluster (`kubectl get storageclass`), ou `\"\"` pour aucune",
                    "write the name of a StorageClass of the cluster (`kubectl get storageclass`), or `\"\"` for none"
                ),
            )
            .with_path(format!("{path}.storageClassName")),
        );
    }
    data_sources(cx, obj, spec, path, claim, out);
    // PVC-08
    if let Some(sel) = spec.get("selector").filter(|n| !n.is_null()) {
        for (span, sub, problem) in label_selector(sel) {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    span,
                    problem,
                    msg!(
                        "reprenez les labels des PersistentVolumes à choisir, tels qu'ils sont écrits",
                        "use the labels of the PersistentVolumes to choose, as they are written"
                    ),
                )
                .with_path(format!("{path}.selector{sub}")),
            );
        }
    }
}

/// (apiGroup, kind, name) of a reference, `None` for what is absent.
fn reference(n: &Node) -> (Option<String>, Option<String>, Option<String>) {
    let s = |k: &str| n.get(k).and_then(Node::as_str).map(str::to_string);
    (s("apiGroup"), s("kind"), s("name"))
}

fn data_sources(
    cx: &ObjCx,
    obj: &Object,
    spec: &Node,
    path: &str,
    claim: bool,
    out: &mut Vec<Finding>,
) {
    let mut source = spec.get("dataSource").filter(|n| !n.is_null());
    let mut source_ref = spec.get("dataSourceRef").filter(|n| !n.is_null());
    if claim {
        // CrossNamespaceVolumeDataSource (alpha, off): a namespaced dataSourceRef is dropped.
        if source_ref
            .and_then(|r| r.get("namespace"))
            .and_then(Node::as_str)
            .is_some_and(|ns| !ns.is_empty())
        {
            source_ref = None;
        }
        // Without dataSourceRef, only PersistentVolumeClaims and VolumeSnapshots are kept.
        if source_ref.is_none()
            && let Some(s) = source
        {
            let (group, kind, _) = reference(s);
            let group = group.unwrap_or_default();
            let kept = (kind.as_deref() == Some("PersistentVolumeClaim") && group.is_empty())
                || (kind.as_deref() == Some("VolumeSnapshot")
                    && group == "snapshot.storage.k8s.io");
            if !kept {
                source = None;
            }
        }
    }
    for (key, node) in [("dataSource", source), ("dataSourceRef", source_ref)] {
        let Some(node) = node else { continue };
        let p = format!("{path}.{key}");
        let (group, kind, name) = reference(node);
        for (field, v) in [("name", &name), ("kind", &kind)] {
            if v.as_deref().is_none_or(str::is_empty) {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        node.get(field).map_or_else(|| key_span(spec, key), |n| n.span),
                        msg!(
                            "`{key}` n'a pas de `{field}` : il faut le `kind` et le `name` de l'objet d'où copier les données",
                            "`{key}` has no `{field}`: the `kind` and the `name` of the object to copy the data from are needed",
                            key,
                            field
                        ),
                        msg!(
                            "écrivez par exemple `{key}: {{kind: PersistentVolumeClaim, name: donnees-source}}`",
                            "write for instance `{key}: {{kind: PersistentVolumeClaim, name: source-data}}`",
                            key
                        ),
                    )
                    .with_path(format!("{p}.{field}")),
                );
            }
        }
        let group = group.unwrap_or_default();
        if group.is_empty() && kind.as_deref() != Some("PersistentVolumeClaim") {
            let kind = kind.unwrap_or_default();
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    node.get("kind").map_or_else(|| key_span(spec, key), |n| n.span),
                    msg!(
                        "sans `apiGroup`, le `kind` d'une source de données ne peut être que `PersistentVolumeClaim` (ici `{kind}`)",
                        "without `apiGroup`, a data source's `kind` can only be `PersistentVolumeClaim` (here `{kind}`)",
                        kind
                    ),
                    msg!(
                        "pour un instantané, écrivez `apiGroup: snapshot.storage.k8s.io` et `kind: VolumeSnapshot`",
                        "for a snapshot, write `apiGroup: snapshot.storage.k8s.io` and `kind: VolumeSnapshot`"
                    ),
                )
                .with_path(p.clone()),
            );
        } else if !group.is_empty()
            && let Some(problem) = dns1123_subdomain(&group)
        {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    node.get("apiGroup").map_or(node.span, |n| n.span),
                    msg!(
                        "`apiGroup: {group}` n'est pas un nom de groupe d'API : {problem}",
                        "`apiGroup: {group}` is not an API group name: {problem}",
                        group,
                        problem
                    ),
                    msg!(
                        "écrivez le groupe sans version, par exemple `snapshot.storage.k8s.io`",
                        "write the group without version, for instance `snapshot.storage.k8s.io`"
                    ),
                )
                .with_path(format!("{p}.apiGroup")),
            );
        }
        if key == "dataSourceRef"
            && let Some(n) = node.get("namespace")
            && let Some(ns) = n.as_str()
            && !ns.is_empty()
            && let Some(problem) = dns1123_label(ns)
        {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    n.span,
                    msg!(
                        "`namespace: {ns}` n'est pas un nom de namespace : {problem}",
                        "`namespace: {ns}` is not a namespace name: {problem}",
                        ns = ns.to_string(),
                        problem
                    ),
                    msg!(
                        "écrivez un nom en minuscules, chiffres et `-`",
                        "write a name of lower-case letters, digits and `-`"
                    ),
                )
                .with_path(format!("{p}.namespace")),
            );
        }
    }
    if let (Some(a), Some(b)) = (source, source_ref) {
        let namespaced = b
            .get("namespace")
            .and_then(Node::as_str)
            .is_some_and(|ns| !ns.is_empty());
        let (ga, ka, na) = reference(a);
        let (gb, kb, nb) = reference(b);
        let same = ga.unwrap_or_default() == gb.unwrap_or_default() && ka == kb && na == nb;
        if namespaced || !same {
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    key_span(spec, "dataSourceRef"),
                    if namespaced {
                        msg!(
                            "`dataSource` est interdit quand `dataSourceRef` a un `namespace`",
                            "`dataSource` is forbidden when `dataSourceRef` has a `namespace`"
                        )
                    } else {
                        msg!(
                            "`dataSource` et `dataSourceRef` désignent des objets différents : écrits ensemble, ils doivent être identiques",
                            "`dataSource` and `dataSourceRef` designate different objects: written together, they must be identical"
                        )
                    },
                    msg!(
                        "gardez seulement `dataSourceRef`",
                        "keep only `dataSourceRef`"
                    ),
                )
                .with_path(path.to_string()),
            );
        }
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    if obj.kind == "PersistentVolumeClaim" && obj.api_version == "v1" {
        let owner = obj
            .root
            .entry("spec")
            .map_or(obj.kind_span(), |e| e.key_span);
        match obj.spec() {
            Some(spec) => claim_spec(cx, obj, spec, owner, &format!("{p}spec"), true, out),
            None => {
                let empty = Node::new(Value::Map(Vec::new()), owner);
                claim_spec(cx, obj, &empty, owner, &format!("{p}spec"), true, out);
            }
        }
        return;
    }
    if obj.kind == "StatefulSet" {
        for (i, t) in obj
            .root
            .at("spec.volumeClaimTemplates")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let owner = t.entries().first().map_or(t.span, |e| e.key_span);
            let path = format!("{p}spec.volumeClaimTemplates[{i}].spec");
            let empty = Node::new(Value::Map(Vec::new()), owner);
            let spec = t.get("spec").filter(|n| !n.is_null()).unwrap_or(&empty);
            claim_spec(cx, obj, spec, owner, &path, false, out);
        }
    }
    // POD-V12: ephemeral volumes' claim templates.
    if let Some((pod, pod_path)) = crate::rules::pod::spec_of(obj) {
        for (i, v) in pod
            .get("volumes")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(t) = v.at("ephemeral.volumeClaimTemplate") else {
                continue;
            };
            let owner = v
                .get("ephemeral")
                .and_then(|e| e.entry("volumeClaimTemplate"))
                .map_or(v.span, |e| e.key_span);
            let Some(spec) = t.get("spec").filter(|n| !n.is_null()) else {
                continue; // `required-field`
            };
            let path = format!("{pod_path}.volumes[{i}].ephemeral.volumeClaimTemplate.spec");
            claim_spec(cx, obj, spec, owner, &path, false, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pvc(spec: &str) -> String {
        format!(
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n{spec}"
        )
    }

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("pvc-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    const SIZE: &str = "  resources:\n    requests:\n      storage: 1Gi\n";

    #[test]
    fn access_modes_and_size() {
        assert!(paths(&pvc(&format!("  accessModes: [ReadWriteOnce]\n{SIZE}"))).is_empty());
        assert_eq!(
            paths(&pvc(&format!("  accessModes: []\n{SIZE}"))),
            ["spec.accessModes"]
        );
        assert_eq!(paths(&pvc(SIZE)), ["spec.accessModes"]);
        assert_eq!(
            paths(&pvc(&format!(
                "  accessModes: [ReadWriteOnce, ReadWriteOncePod]\n{SIZE}"
            ))),
            ["spec.accessModes"]
        );
        assert!(paths(&pvc(&format!("  accessModes: [ReadWriteOncePod]\n{SIZE}"))).is_empty());
        assert_eq!(
            paths(&pvc(
                "  accessModes: [ReadWriteOnce]\n  resources:\n    limits:\n      storage: 1Gi\n"
            )),
            ["spec.resources[storage]"]
        );
        assert_eq!(
            paths(&pvc(
                "  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: \"0\"\n"
            )),
            ["spec.resources[storage]"]
        );
    }

    #[test]
    fn data_sources() {
        let with = |ds: &str| pvc(&format!("  accessModes: [ReadWriteOnce]\n{SIZE}{ds}"));
        // Another kind in dataSource is silently dropped from a PersistentVolumeClaim…
        assert!(paths(&with("  dataSource:\n    kind: Foo\n    name: x\n")).is_empty());
        // …but not from dataSourceRef.
        assert_eq!(
            paths(&with("  dataSourceRef:\n    kind: Foo\n    name: x\n")),
            ["spec.dataSourceRef"]
        );
        assert_eq!(
            paths(&with("  dataSource:\n    kind: PersistentVolumeClaim\n")),
            ["spec.dataSource.name"]
        );
        assert!(paths(&with("  dataSource:\n    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: snap\n")).is_empty());
        assert_eq!(
            paths(&with(
                "  dataSource:\n    kind: PersistentVolumeClaim\n    name: a\n  dataSourceRef:\n    kind: PersistentVolumeClaim\n    name: b\n"
            )),
            ["spec"]
        );
    }

    #[test]
    fn templates() {
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:16.4\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: []\n        storageClassName: Fast_SSD\n        resources:\n          requests:\n            storage: 1Gi\n";
        assert_eq!(
            paths(sts),
            [
                "spec.volumeClaimTemplates[0].spec.accessModes",
                "spec.volumeClaimTemplates[0].spec.storageClassName"
            ]
        );
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n  volumes:\n    - name: scratch\n      ephemeral:\n        volumeClaimTemplate:\n          spec:\n            accessModes: [ReadWriteOnce]\n";
        assert_eq!(
            paths(pod),
            ["spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]"]
        );
    }
}
