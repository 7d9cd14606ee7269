//! `quota-spec`: a LimitRange, ResourceQuota or Namespace the API server
//! rejects: limit types and resource names, min/default/max ordering, quota
//! resources, integer counts, scopes, namespace finalizers.

use crate::rules::prelude::*;
use crate::rules::values::key_span;
use crate::rules::values::{qualified_name, quantity};
use crate::yaml::Entry;

pub static RULE: Rule = Rule {
    code: Code {
        id: "quota-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "namespace-stockage.md",
        summary: Text {
            fr: "Une LimitRange, un ResourceQuota ou un Namespace que l'API refuse : type ou ressource inconnus (`container`, `cpus`), minimum au-dessus du maximum, nombre d'objets fractionnaire, portée inconnue",
            en: "A LimitRange, ResourceQuota or Namespace the API rejects: an unknown type or resource (`container`, `cpus`), a minimum above the maximum, a fractional object count, an unknown scope",
        },
        what: Text {
            fr: "Le `type` d'une limite est `Container`, `Pod` ou `PersistentVolumeClaim` (avec la majuscule), une seule fois chacun ; ses ressources sont des noms connus (`cpu`, `memory`, `ephemeral-storage`, `storage`…) ou préfixés par un domaine. Pour une même ressource, `min` ≤ `defaultRequest` ≤ `default` ≤ `max` (pour `Container`, `default` reprend `max` et `defaultRequest` reprend `default` ou `min` quand ils manquent), et `maxLimitRequestRatio` vaut au moins 1. `Pod` n'a ni `default` ni `defaultRequest` ; `PersistentVolumeClaim` a un `min` ou un `max` de `storage`. Un ResourceQuota ne limite que des ressources de quota (`requests.cpu`, `limits.memory`, `pods`, `count/deployments.apps`…), jamais négatives, entières pour les nombres d'objets (`pods: \"10\"`, pas `1500m`) ; ses `scopes` sont connus (`BestEffort`, `NotBestEffort`, `Terminating`, `NotTerminating`, `PriorityClass`…), compatibles avec les ressources limitées et pas contradictoires. Les `spec.finalizers` d'un Namespace sont `kubernetes` ou des noms préfixés par un domaine.",
            en: "A limit's `type` is `Container`, `Pod` or `PersistentVolumeClaim` (capitalised), each once; its resources are known names (`cpu`, `memory`, `ephemeral-storage`, `storage`…) or domain-prefixed. For one resource, `min` ≤ `defaultRequest` ≤ `default` ≤ `max` (for `Container`, `default` takes `max` and `defaultRequest` takes `default` or `min` when they are missing), and `maxLimitRequestRatio` is at least 1. `Pod` has neither `default` nor `defaultRequest`; `PersistentVolumeClaim` has a `min` or `max` of `storage`. A ResourceQuota only limits quota resources (`requests.cpu`, `limits.memory`, `pods`, `count/deployments.apps`…), never negative, whole for object counts (`pods: \"10\"`, not `1500m`); its `scopes` are known (`BestEffort`, `NotBestEffort`, `Terminating`, `NotTerminating`, `PriorityClass`…), compatible with the limited resources and not contradictory. A Namespace's `spec.finalizers` are `kubernetes` or domain-prefixed names.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : le namespace reste sans limites, et les pods ne reçoivent pas les valeurs par défaut prévues. Une faute de casse (`container`) ou un nom de ressource inventé (`cpus`, `storage` dans un quota au lieu de `requests.storage`) suffit.",
            en: "The API server rejects the whole object: the namespace stays without limits, and pods do not get the intended defaults. A case mistake (`container`) or an invented resource name (`cpus`, `storage` in a quota instead of `requests.storage`) is enough.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/quota-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/quota-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];
const NOT_QUOTA: &[&str] = &["storage"];
const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];
const SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "VolumeAttributesClass",
    "CrossNamespacePodAffinity",
];

fn quota_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-") || name.starts_with("requests.hugepages-")
}

fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_extended(name: &str) -> bool {
    !is_native(name)
        && !name.starts_with("requests.")
        && qualified_name(&format!("requests.{name}")).is_none()
}

/// `validateResourceName`: a qualified name; unprefixed, a standard resource.
fn resource_name_problem(name: &str) -> Option<Msg> {
    if let Some(p) = qualified_name(name) {
        return Some(p);
    }
    if !name.contains('/') && !STANDARD_RESOURCES.contains(&name) && !quota_hugepages(name) {
        return Some(msg!(
            "ce n'est pas une ressource connue (`cpu`, `memory`, `ephemeral-storage`, `storage`…) ni un nom préfixé par un domaine (`example.com/gpu`)",
            "it is not a known resource (`cpu`, `memory`, `ephemeral-storage`, `storage`…) nor a domain-prefixed name (`example.com/gpu`)"
        ));
    }
    None
}

/// `ValidateContainerResourceName`.
fn container_resource_problem(name: &str) -> Option<Msg> {
    if let Some(p) = resource_name_problem(name) {
        return Some(p);
    }
    if !name.contains('/') {
        let ok = matches!(name, "cpu" | "memory" | "ephemeral-storage")
            || name.starts_with("hugepages-");
        if !ok {
            return Some(msg!(
                "ce n'est pas une ressource de conteneur : seulement `cpu`, `memory`, `ephemeral-storage` et `hugepages-…`",
                "it is not a container resource: only `cpu`, `memory`, `ephemeral-storage` and `hugepages-…`"
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        return Some(msg!(
            "ce n'est pas un nom de ressource étendue valide",
            "it is not a valid extended resource name"
        ));
    }
    None
}

/// `IsResourceQuotaScopeValidForResource`.
fn scope_allows(scope: &str, resource: &str) -> bool {
    let pod_count = resource == "pods";
    let pod_compute = matches!(
        resource,
        "cpu" | "memory" | "limits.cpu" | "limits.memory" | "requests.cpu" | "requests.memory"
    );
    match scope {
        "Terminating"
        | "NotTerminating"
        | "NotBestEffort"
        | "PriorityClass"
        | "CrossNamespacePodAffinity" => pod_count || pod_compute,
        "BestEffort" => pod_count,
        "VolumeAttributesClass" => {
            matches!(resource, "persistentvolumeclaims" | "requests.storage")
        }
        _ => true,
    }
}

fn is_standard_quota_resource(name: &str) -> bool {
    (STANDARD_RESOURCES.contains(&name) && !NOT_QUOTA.contains(&name)) || quota_hugepages(name)
}

type Cx<'a, 'b> = Emit<'a, 'b>;

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.api_version != "v1" {
        return;
    }
    let mut c = Cx {
        rule: &RULE,
        cx,
        obj,
        out,
    };
    match obj.kind.as_str() {
        "LimitRange" => limit_range(&mut c),
        "ResourceQuota" => resource_quota(&mut c),
        "Namespace" => namespace(&mut c),
        _ => {}
    }
}

fn limit_range(c: &mut Cx) {
    let Some(spec) = c.obj.spec() else { return };
    let mut seen: Vec<String> = Vec::new();
    for (i, limit) in spec
        .get("limits")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let lp = format!("spec.limits[{i}]");
        let ty = limit.get("type").and_then(Node::as_str).unwrap_or("");
        let ty_span = limit.get("type").map_or(limit.span, |n| n.span);
        // LR-01
        let standard = ["Pod", "Container", "PersistentVolumeClaim"];
        let type_problem = qualified_name(ty).or_else(|| {
            (!ty.contains('/') && !standard.contains(&ty)).then(|| {
                msg!(
                    "ce n'est ni `Container`, ni `Pod`, ni `PersistentVolumeClaim` (la casse compte), ni un nom préfixé par un domaine",
                    "it is neither `Container`, `Pod` nor `PersistentVolumeClaim` (case matters), nor a domain-prefixed name"
                )
            })
        });
        if let Some(problem) = type_problem {
            let good = standard
                .iter()
                .find(|s| s.eq_ignore_ascii_case(ty))
                .copied()
                .unwrap_or("Container");
            c.err(
                ty_span,
                &format!("{lp}.type"),
                msg!(
                    "`type: {ty}` n'est pas un type de limite : {problem}",
                    "`type: {ty}` is not a limit type: {problem}",
                    ty = ty.to_string(),
                    problem
                ),
                msg!("écrivez `type: {good}`", "write `type: {good}`", good),
            );
        }
        if seen.iter().any(|s| s == ty) {
            c.err(
                ty_span,
                &format!("{lp}.type"),
                msg!(
                    "le type `{ty}` a déjà une limite dans cette LimitRange",
                    "type `{ty}` already has a limit in this LimitRange",
                    ty = ty.to_string()
                ),
                msg!(
                    "réunissez les deux limites en une seule",
                    "merge the two limits into one"
                ),
            );
        }
        seen.push(ty.to_string());
        let container_like = matches!(ty, "Pod" | "Container");
        let maps = [
            "max",
            "min",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ];
        // LR-02
        for m in maps {
            if ty == "Pod" && matches!(m, "default" | "defaultRequest") {
                continue;
            }
            for e in limit.get(m).map(Node::entries).unwrap_or(&[]) {
                let problem = if container_like {
                    container_resource_problem(&e.key)
                } else {
                    resource_name_problem(&e.key)
                };
                if let Some(problem) = problem {
                    let key = e.key.to_string();
                    c.err(
                        e.key_span,
                        &format!("{lp}.{m}[{key}]"),
                        msg!(
                            "`{key}` n'est pas un nom de ressource accepté ici : {problem}",
                            "`{key}` is not a resource name accepted here: {problem}",
                            key,
                            problem
                        ),
                        msg!(
                            "écrivez `cpu`, `memory` ou `ephemeral-storage` (et `storage` pour `PersistentVolumeClaim`)",
                            "write `cpu`, `memory` or `ephemeral-storage` (and `storage` for `PersistentVolumeClaim`)"
                        ),
                    );
                }
            }
        }
        // LR-03
        if ty == "Pod" {
            for m in ["default", "defaultRequest"] {
                if limit.get(m).is_some_and(|n| !n.entries().is_empty()) {
                    c.err(
                        key_span(limit, m),
                        &format!("{lp}.{m}"),
                        msg!(
                            "`{m}` est interdit pour `type: Pod` : les valeurs par défaut s'appliquent aux conteneurs",
                            "`{m}` is forbidden for `type: Pod`: defaults apply to containers",
                            m
                        ),
                        msg!(
                            "mettez `{m}` dans une limite `type: Container`",
                            "put `{m}` in a `type: Container` limit",
                            m
                        ),
                    );
                }
            }
        }
        // LR-04
        if ty == "PersistentVolumeClaim"
            && limit.at("min.storage").is_none()
            && limit.at("max.storage").is_none()
        {
            c.err(
                ty_span,
                &format!("{lp}.limits"),
                msg!(
                    "une limite `PersistentVolumeClaim` donne un `min` ou un `max` de `storage`",
                    "a `PersistentVolumeClaim` limit gives a `min` or a `max` of `storage`"
                ),
                msg!(
                    "ajoutez par exemple `max: {{storage: 10Gi}}`",
                    "add for instance `max: {{storage: 10Gi}}`"
                ),
            );
        }
        ordering(c, limit, ty, &lp);
    }
}

/// LR-05, after the Container defaults.
fn ordering(c: &mut Cx, limit: &Node, ty: &str, lp: &str) {
    let read = |m: &str| -> Vec<(String, f64, String, Span)> {
        limit
            .get(m)
            .map(Node::entries)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                quantity(&e.value)
                    .map(|q| (e.key.to_string(), q, e.value.scalar_text(), e.value.span))
            })
            .collect()
    };
    let (min, max, ratio) = (read("min"), read("max"), read("maxLimitRequestRatio"));
    let (mut default, mut request) = if ty == "Pod" {
        (Vec::new(), Vec::new())
    } else {
        (read("default"), read("defaultRequest"))
    };
    if ty == "Container" {
        for m in &max {
            if !default.iter().any(|d| d.0 == m.0) {
                default.push(m.clone());
            }
        }
        for d in default.clone().iter().chain(min.iter()) {
            if !request.iter().any(|r| r.0 == d.0) {
                request.push(d.clone());
            }
        }
    }
    let get = |v: &[(String, f64, String, Span)], k: &str| v.iter().find(|x| x.0 == k).cloned();
    let mut keys: Vec<String> = Vec::new();
    for v in [&min, &max, &default, &request, &ratio] {
        for x in v {
            if !keys.contains(&x.0) {
                keys.push(x.0.clone());
            }
        }
    }
    for k in &keys {
        let (mn, mx, df, rq, rt) = (
            get(&min, k),
            get(&max, k),
            get(&default, k),
            get(&request, k),
            get(&ratio, k),
        );
        let pairs = [
            (&mn, &mx, "min", "max"),
            (&mn, &rq, "min", "defaultRequest"),
            (&rq, &mx, "defaultRequest", "max"),
            (&rq, &df, "defaultRequest", "default"),
            (&mn, &df, "min", "default"),
            (&df, &mx, "default", "max"),
        ];
        for (lo, hi, lo_name, hi_name) in pairs {
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo.1 > hi.1
            {
                let (lv, hv) = (lo.2.clone(), hi.2.clone());
                let key = k.clone();
                c.err(
                    lo.3,
                    &format!("{lp}.{lo_name}[{key}]"),
                    msg!(
                        "pour `{key}`, `{lo_name}` ({lv}) dépasse `{hi_name}` ({hv}) : il faut `min` ≤ `defaultRequest` ≤ `default` ≤ `max`",
                        "for `{key}`, `{lo_name}` ({lv}) exceeds `{hi_name}` ({hv}): `min` ≤ `defaultRequest` ≤ `default` ≤ `max` is required",
                        key,
                        lo_name,
                        lv,
                        hi_name,
                        hv
                    ),
                    msg!(
                        "ordonnez les valeurs ; pour `type: Container`, une valeur absente reprend sa voisine (`default` ← `max`, `defaultRequest` ← `default` ou `min`)",
                        "order the values; for `type: Container`, a missing value takes its neighbour's (`default` ← `max`, `defaultRequest` ← `default` or `min`)"
                    ),
                );
            }
        }
        if let Some(r) = &rt {
            if r.1 < 1.0 {
                let (key, v) = (k.clone(), r.2.clone());
                c.err(
                    r.3,
                    &format!("{lp}.maxLimitRequestRatio[{key}]"),
                    msg!(
                        "`maxLimitRequestRatio` de `{key}` vaut {v} : un rapport limite/demande est au moins 1",
                        "`maxLimitRequestRatio` of `{key}` is {v}: a limit/request ratio is at least 1",
                        key,
                        v
                    ),
                    msg!("écrivez au moins `\"1\"`", "write at least `\"1\"`"),
                );
            } else if let (Some(mn), Some(mx)) = (&mn, &mx)
                && mn.1 > 0.0
                && r.1 > mx.1 / mn.1 + 1e-9
            {
                let (key, v) = (k.clone(), r.2.clone());
                let limit = format!("{:.6}", mx.1 / mn.1);
                c.err(
                    r.3,
                    &format!("{lp}.maxLimitRequestRatio[{key}]"),
                    msg!(
                        "`maxLimitRequestRatio` de `{key}` ({v}) dépasse `max`/`min` = {limit}",
                        "`maxLimitRequestRatio` of `{key}` ({v}) exceeds `max`/`min` = {limit}",
                        key,
                        v,
                        limit
                    ),
                    msg!(
                        "baissez le rapport, ou écartez `min` et `max`",
                        "lower the ratio, or move `min` and `max` apart"
                    ),
                );
            }
        }
        // Extended resources and hugepages cannot be overcommitted.
        let overcommit = is_native(k) && !k.starts_with("hugepages-");
        if !overcommit
            && let (Some(df), Some(rq)) = (&df, &rq)
            && (df.1 - rq.1).abs() > f64::EPSILON
        {
            let key = k.clone();
            c.err(
                rq.3,
                &format!("{lp}.defaultRequest[{key}]"),
                msg!(
                    "`{key}` ne se surréserve pas : `default` et `defaultRequest` doivent être égaux",
                    "`{key}` cannot be overcommitted: `default` and `defaultRequest` must be equal",
                    key
                ),
                msg!(
                    "donnez la même valeur aux deux",
                    "give both the same value"
                ),
            );
        }
    }
}

fn resource_quota(c: &mut Cx) {
    let Some(spec) = c.obj.spec() else { return };
    let hard: Vec<&Entry> = spec
        .get("hard")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .collect();
    for e in &hard {
        let key = e.key.to_string();
        // RQ-01
        let problem = resource_name_problem(&key).or_else(|| {
            (!key.contains('/') && !is_standard_quota_resource(&key)).then(|| {
                msg!(
                    "ce n'est pas une ressource de quota (`requests.storage` pour le stockage demandé)",
                    "it is not a quota resource (`requests.storage` for requested storage)"
                )
            })
        });
        if let Some(problem) = problem {
            c.err(
                e.key_span,
                &format!("spec.hard[{key}]"),
                msg!(
                    "`{key}` n'est pas une ressource de quota : {problem}",
                    "`{key}` is not a quota resource: {problem}",
                    key = key.clone(),
                    problem
                ),
                msg!(
                    "écrivez par exemple `requests.cpu`, `limits.memory`, `pods` ou `count/deployments.apps`",
                    "write for instance `requests.cpu`, `limits.memory`, `pods` or `count/deployments.apps`"
                ),
            );
        }
        // RQ-02
        if let Some(q) = quantity(&e.value) {
            let text = e.value.scalar_text();
            if q < 0.0 {
                c.err(
                    e.value.span,
                    &format!("spec.hard[{key}]"),
                    msg!(
                        "`{key}: {text}` est négatif",
                        "`{key}: {text}` is negative",
                        key = key.clone(),
                        text
                    ),
                    msg!(
                        "donnez une valeur de 0 ou plus",
                        "give a value of 0 or more"
                    ),
                );
            } else if (INTEGER_RESOURCES.contains(&key.as_str()) || is_extended(&key))
                && ((q * 1000.0).round() as i64) % 1000 != 0
            {
                c.err(
                    e.value.span,
                    &format!("spec.hard[{key}]"),
                    msg!(
                        "`{key}: {text}` : un nombre d'objets est entier",
                        "`{key}: {text}`: a number of objects is whole",
                        key = key.clone(),
                        text
                    ),
                    msg!(
                        "écrivez un entier, par exemple `{key}: \"10\"`",
                        "write a whole number, for instance `{key}: \"10\"`",
                        key = key.clone()
                    ),
                );
            }
        }
    }
    // RQ-03: scopes.
    let scopes: Vec<&Node> = spec
        .get("scopes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .collect();
    let scope_span = key_span(spec, "scopes");
    let names: Vec<String> = scopes.iter().map(|n| n.scalar_text()).collect();
    scope_rules(c, &names, scope_span, "spec.scopes", &hard);
    if let Some(sel) = spec.get("scopeSelector").filter(|n| !n.is_null()) {
        let mut sel_names = Vec::new();
        for (i, req) in sel
            .get("matchExpressions")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let rp = format!("spec.scopeSelector.matchExpressions[{i}]");
            let scope = req.get("scopeName").and_then(Node::as_str).unwrap_or("");
            let op = req.get("operator").and_then(Node::as_str).unwrap_or("");
            let values = req.get("values").map(Node::items).unwrap_or(&[]);
            let span = req.entries().first().map_or(req.span, |e| e.key_span);
            if matches!(
                scope,
                "BestEffort"
                    | "NotBestEffort"
                    | "Terminating"
                    | "NotTerminating"
                    | "CrossNamespacePodAffinity"
            ) && op != "Exists"
            {
                c.err(
                    req.get("operator").map_or(span, |n| n.span),
                    &format!("{rp}.operator"),
                    msg!(
                        "la portée `{scope}` ne s'utilise qu'avec `operator: Exists`",
                        "scope `{scope}` is only used with `operator: Exists`",
                        scope = scope.to_string()
                    ),
                    msg!("écrivez `operator: Exists`", "write `operator: Exists`"),
                );
            }
            match op {
                "In" | "NotIn" if values.is_empty() => c.err(
                    span,
                    &format!("{rp}.values"),
                    msg!(
                        "avec `operator: {op}`, `values` donne au moins une valeur",
                        "with `operator: {op}`, `values` gives at least one value",
                        op = op.to_string()
                    ),
                    msg!("ajoutez `values: [haute]`", "add `values: [high]`"),
                ),
                "Exists" | "DoesNotExist" if !values.is_empty() => c.err(
                    key_span(req, "values"),
                    &format!("{rp}.values"),
                    msg!(
                        "avec `operator: {op}`, il n'y a pas de `values`",
                        "with `operator: {op}`, there are no `values`",
                        op = op.to_string()
                    ),
                    msg!("supprimez `values`", "remove `values`"),
                ),
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                _ => c.err(
                    req.get("operator").map_or(span, |n| n.span),
                    &format!("{rp}.operator"),
                    msg!(
                        "`operator: {op}` n'est pas un opérateur : `In`, `NotIn`, `Exists` ou `DoesNotExist`",
                        "`operator: {op}` is not an operator: `In`, `NotIn`, `Exists` or `DoesNotExist`",
                        op = op.to_string()
                    ),
                    msg!("écrivez `operator: Exists`", "write `operator: Exists`"),
                ),
            }
            sel_names.push(scope.to_string());
        }
        scope_rules(
            c,
            &sel_names,
            key_span(spec, "scopeSelector"),
            "spec.scopeSelector.matchExpressions",
            &hard,
        );
    }
}

fn scope_rules(c: &mut Cx, names: &[String], span: Span, path: &str, hard: &[&Entry]) {
    for s in names {
        if !SCOPES.contains(&s.as_str()) {
            let s = s.clone();
            c.err(
                span,
                path,
                msg!(
                    "`{s}` n'est pas une portée de quota : `BestEffort`, `NotBestEffort`, `Terminating`, `NotTerminating`, `PriorityClass`, `CrossNamespacePodAffinity` ou `VolumeAttributesClass`",
                    "`{s}` is not a quota scope: `BestEffort`, `NotBestEffort`, `Terminating`, `NotTerminating`, `PriorityClass`, `CrossNamespacePodAffinity` or `VolumeAttributesClass`",
                    s
                ),
                msg!("écrivez une de ces portées (la casse compte)", "write one of these scopes (case matters)"),
            );
            continue;
        }
        for e in hard {
            if is_standard_quota_resource(&e.key) && !scope_allows(s, &e.key) {
                let (s, key) = (s.clone(), e.key.to_string());
                c.err(
                    span,
                    path,
                    msg!(
                        "la portée `{s}` ne s'applique pas à la ressource `{key}`",
                        "scope `{s}` does not apply to resource `{key}`",
                        s,
                        key
                    ),
                    msg!(
                        "mettez `{key}` dans un autre ResourceQuota, sans cette portée",
                        "put `{key}` in another ResourceQuota, without this scope",
                        key
                    ),
                );
            }
        }
    }
    for (a, b) in [
        ("BestEffort", "NotBestEffort"),
        ("Terminating", "NotTerminating"),
    ] {
        if names.iter().any(|n| n == a) && names.iter().any(|n| n == b) {
            c.err(
                span,
                path,
                msg!(
                    "les portées `{a}` et `{b}` se contredisent : aucun pod ne serait compté",
                    "scopes `{a}` and `{b}` contradict each other: no pod would be counted",
                    a,
                    b
                ),
                msg!("gardez-en une seule", "keep only one"),
            );
        }
    }
}

fn namespace(c: &mut Cx) {
    let Some(spec) = c.obj.spec() else { return };
    for f in spec.get("finalizers").map(Node::items).unwrap_or(&[]) {
        let Some(name) = f.as_str() else { continue };
        let problem = qualified_name(name).or_else(|| {
            (!name.contains('/') && !matches!(name, "kubernetes" | "orphan" | "foregroundDeletion")).then(|| {
                msg!(
                    "un finaliseur sans préfixe ne peut être que `kubernetes` ; les autres ont un préfixe de domaine (`example.com/nettoyage`)",
                    "an unprefixed finalizer can only be `kubernetes`; the others have a domain prefix (`example.com/cleanup`)"
                )
            })
        });
        if let Some(problem) = problem {
            let name = name.to_string();
            c.err(
                f.span,
                "spec.finalizers",
                msg!(
                    "`{name}` n'est pas un finaliseur accepté : {problem}",
                    "`{name}` is not an accepted finalizer: {problem}",
                    name,
                    problem
                ),
                msg!(
                    "supprimez-le (Kubernetes ajoute `kubernetes` lui-même), ou préfixez-le par votre domaine",
                    "remove it (Kubernetes adds `kubernetes` itself), or prefix it with your domain"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("quota-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    fn lr(limits: &str) -> String {
        format!(
            "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: l\nspec:\n  limits:\n{limits}"
        )
    }

    #[test]
    fn limit_ranges() {
        let base = "    - type: Container\n      default: {cpu: 500m}\n      defaultRequest: {cpu: 100m}\n      max: {cpu: \"2\"}\n      min: {cpu: 50m}\n";
        assert!(paths(&lr(base)).is_empty());
        assert_eq!(
            paths(&lr(&base.replace("Container", "container"))),
            ["spec.limits[0].type"]
        );
        assert_eq!(
            paths(&lr(&base.replace("min: {cpu: 50m}", "min: {cpu: \"3\"}"))),
            [
                "spec.limits[0].min[cpu]",
                "spec.limits[0].min[cpu]",
                "spec.limits[0].min[cpu]"
            ]
        );
        assert_eq!(
            paths(&lr(
                "    - type: Pod\n      default: {cpu: \"1\"}\n      max: {cpu: \"2\"}\n"
            )),
            ["spec.limits[0].default"]
        );
        assert_eq!(
            paths(&lr(
                "    - type: PersistentVolumeClaim\n      max: {cpu: \"1\"}\n"
            )),
            ["spec.limits[0].limits"]
        );
        assert_eq!(
            paths(&lr(
                "    - type: Container\n      maxLimitRequestRatio: {cpus: \"2\"}\n"
            )),
            ["spec.limits[0].maxLimitRequestRatio[cpus]"]
        );
        // Container defaults: default takes max, so a bigger defaultRequest is refused.
        assert_eq!(
            paths(&lr(
                "    - type: Container\n      max: {memory: 256Mi}\n      defaultRequest: {memory: 512Mi}\n"
            )),
            [
                "spec.limits[0].defaultRequest[memory]",
                "spec.limits[0].defaultRequest[memory]"
            ]
        );
        assert!(paths(&lr("    - type: PersistentVolumeClaim\n      max: {storage: 10Gi}\n      min: {storage: 1Gi}\n")).is_empty());
    }

    fn rq(spec: &str) -> String {
        format!("apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n{spec}")
    }

    #[test]
    fn resource_quotas() {
        assert!(paths(&rq("  hard:\n    requests.cpu: \"4\"\n    pods: \"20\"\n    count/deployments.apps: \"5\"\n")).is_empty());
        assert_eq!(
            paths(&rq("  hard:\n    cpus: \"4\"\n")),
            ["spec.hard[cpus]"]
        );
        assert_eq!(
            paths(&rq("  hard:\n    storage: 10Gi\n")),
            ["spec.hard[storage]"]
        );
        assert_eq!(
            paths(&rq("  hard:\n    pods: 1500m\n")),
            ["spec.hard[pods]"]
        );
        assert_eq!(
            paths(&rq("  hard:\n    pods: \"10\"\n  scopes: [Foo]\n")),
            ["spec.scopes"]
        );
        assert_eq!(
            paths(&rq(
                "  hard:\n    requests.cpu: \"1\"\n  scopes: [BestEffort]\n"
            )),
            ["spec.scopes"]
        );
        assert_eq!(
            paths(&rq(
                "  hard:\n    pods: \"1\"\n  scopes: [Terminating, NotTerminating]\n"
            )),
            ["spec.scopes"]
        );
        assert!(paths(&rq("  hard:\n    pods: \"10\"\n  scopeSelector:\n    matchExpressions:\n      - scopeName: PriorityClass\n        operator: In\n        values: [high]\n")).is_empty());
        assert_eq!(
            paths(&rq(
                "  hard:\n    pods: \"10\"\n  scopeSelector:\n    matchExpressions:\n      - scopeName: BestEffort\n        operator: In\n        values: [x]\n"
            )),
            ["spec.scopeSelector.matchExpressions[0].operator"]
        );
    }

    #[test]
    fn namespaces() {
        let ns = |f: &str| {
            format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n1\nspec:\n  finalizers: [{f}]\n"
            )
        };
        assert!(paths(&ns("kubernetes")).is_empty());
        assert!(paths(&ns("example.com/cleanup")).is_empty());
        assert_eq!(paths(&ns("cleanup")), ["spec.finalizers"]);
    }
}
