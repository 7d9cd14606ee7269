//! The cluster expectations of `exercises/FORMAT.md` §4, evaluated on a
//! snapshot, and drift: a value of the student's file that the live object
//! does not have (the change was not applied).

use super::diagnose::{At, Diagnosis, endpoint_counts};
use super::snapshot::{KINDS, Snapshot};
use crate::diag::{ObjectRef, Severity};
use crate::engine::Run;
use crate::exercise::Exercise;
use crate::exercise::model::ClusterExpect;
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::report::model::Outcome;
use crate::tr;
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;

fn s<'a>(n: &'a Node, path: &str) -> Option<&'a str> {
    n.at(path).and_then(Node::as_str)
}

fn items<'a>(n: &'a Node, path: &str) -> &'a [Node] {
    n.at(path).map(Node::items).unwrap_or(&[])
}

/// Is a pod `Ready`?
pub fn pod_ready(pod: &Object) -> bool {
    items(&pod.root, "status.conditions")
        .iter()
        .any(|c| s(c, "type") == Some("Ready") && s(c, "status") == Some("True"))
}

fn labels_contain(labels: Option<&Node>, selector: &BTreeMap<String, String>) -> bool {
    !selector.is_empty()
        && selector.iter().all(|(k, v)| {
            labels
                .and_then(|l| l.get(k))
                .is_some_and(|x| &x.scalar_text() == v)
        })
}

fn selector_text(sel: &BTreeMap<String, String>) -> String {
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn names(snap: &Snapshot, kind: &str, ns: &str, lang: Lang) -> String {
    let v: Vec<String> = snap
        .of_kind(kind, ns)
        .map(|o| format!("`{}`", o.name))
        .take(8)
        .collect();
    if v.is_empty() {
        tr!(lang, "aucun", "none")
    } else {
        v.join(", ")
    }
}

/// `kubectl apply -f` of the student's file that holds `kind/name`, if any.
fn apply_for(run: &Run, kind: &str, name: &str, lang: Lang) -> String {
    match run
        .objects
        .iter()
        .find(|o| o.kind == kind && o.name == name)
        .and_then(|o| run.files.get(o.file))
    {
        Some(f) => format!("`kubectl apply -f {}`", f.name),
        None => tr!(
            lang,
            "`kubectl apply -f VOTRE-FICHIER.yaml`",
            "`kubectl apply -f YOUR-FILE.yaml`"
        ),
    }
}

fn missing(kind: &str, name: &str, ns: &str, snap: &Snapshot, run: &Run, lang: Lang) -> String {
    let present = names(snap, kind, ns, lang);
    let apply = apply_for(run, kind, name, lang);
    let the_kind = super::diagnose::the(kind, lang);
    tr!(
        lang,
        "{the_kind} `{name}` n'existe pas dans le namespace `{ns}` (présents : {present}) : créez-le avec {apply}",
        "{the_kind} `{name}` does not exist in namespace `{ns}` (present: {present}): create it with {apply}"
    )
}

/// Outcomes of every cluster expectation of the exercise.
pub fn outcomes(
    ex: &Exercise,
    run: &Run,
    snap: &Snapshot,
    default_ns: &str,
    lang: Lang,
) -> Vec<Outcome> {
    ex.spec
        .cluster
        .iter()
        .map(|c| {
            let ns = c.namespace.as_deref().unwrap_or(default_ns);
            let result = if snap.missing_namespaces.contains(ns) {
                Err(tr!(lang, "le namespace `{ns}` n'existe pas sur le cluster : créez-le (`kubectl apply -f` du fichier qui le déclare, ou `kubectl create namespace {ns}`)", "namespace `{ns}` does not exist on the cluster: create it (`kubectl apply -f` the file that declares it, or `kubectl create namespace {ns}`)"))
            } else {
                check(c, run, snap, ns, default_ns, lang)
            };
            let passed = result.is_ok();
            Outcome {
                id: c.id.clone(),
                text: c.text.clone(),
                points: if passed { c.points } else { 0 },
                max: c.points,
                passed: Some(passed),
                detail: result.err(),
                cluster: true,
            }
        })
        .collect()
}

/// One expectation: `Ok` or why it fails.
pub fn check(
    c: &ClusterExpect,
    run: &Run,
    snap: &Snapshot,
    ns: &str,
    default_ns: &str,
    lang: Lang,
) -> Result<(), String> {
    let min = c.min.unwrap_or(1);
    let name = c.name.as_deref().unwrap_or("");
    match c.check.as_str() {
        "deployment-available" => {
            let d = snap
                .find("Deployment", ns, name)
                .ok_or_else(|| missing("Deployment", name, ns, snap, run, lang))?;
            let avail = d
                .root
                .at("status.availableReplicas")
                .and_then(Node::as_i64)
                .unwrap_or(0);
            if avail >= min {
                return Ok(());
            }
            let wanted = d
                .root
                .at("spec.replicas")
                .and_then(Node::as_i64)
                .unwrap_or(1);
            let ready = d
                .root
                .at("status.readyReplicas")
                .and_then(Node::as_i64)
                .unwrap_or(0);
            let more = if wanted < min {
                tr!(
                    lang,
                    " ; sur le cluster, `spec.replicas` vaut {wanted}",
                    "; on the cluster, `spec.replicas` is {wanted}"
                )
            } else {
                String::new()
            };
            Err(tr!(
                lang,
                "le Deployment `{name}` a {avail} réplica(s) disponible(s) sur {min} attendu(s) ({ready} prêt(s), {wanted} souhaité(s)){more} : voir le diagnostic ci-dessous",
                "Deployment `{name}` has {avail} available replica(s) of {min} expected ({ready} ready, {wanted} desired){more}: see the diagnosis below"
            ))
        }
        "pods-ready" => {
            let sel = c.selector.clone().unwrap_or_default();
            let matching: Vec<&Object> = snap
                .of_kind("Pod", ns)
                .filter(|p| labels_contain(p.labels(), &sel))
                .collect();
            let ready = matching.iter().filter(|p| pod_ready(p)).count() as i64;
            if ready >= min {
                return Ok(());
            }
            let st = sel_text(&sel);
            let total = matching.len();
            if total == 0 {
                return Err(tr!(
                    lang,
                    "aucun Pod n'a les labels `{st}` dans le namespace `{ns}` : créez-le avec `kubectl apply -f`, et vérifiez ses labels",
                    "no Pod has labels `{st}` in namespace `{ns}`: create it with `kubectl apply -f`, and check its labels"
                ));
            }
            Err(tr!(
                lang,
                "{ready} Pod(s) prêt(s) avec les labels `{st}` sur {min} attendu(s) ({total} Pod(s) ont ces labels) : voir le diagnostic ci-dessous",
                "{ready} ready Pod(s) with labels `{st}` of {min} expected ({total} Pod(s) have these labels): see the diagnosis below"
            ))
        }
        "service-endpoints" => {
            snap.find("Service", ns, name)
                .ok_or_else(|| missing("Service", name, ns, snap, run, lang))?;
            let (ready, _) = endpoint_counts(snap, ns, name);
            let ready = ready as i64;
            if ready < min {
                return Err(tr!(
                    lang,
                    "le Service `{name}` a {ready} endpoint(s) prêt(s), il en faut au moins {min} : voir le diagnostic ci-dessous",
                    "Service `{name}` has {ready} ready endpoint(s), at least {min} needed: see the diagnosis below"
                ));
            }
            if let Some(max) = c.max
                && ready > max
            {
                return Err(tr!(
                    lang,
                    "le Service `{name}` a {ready} endpoint(s) prêt(s), au plus {max} attendu(s) : son sélecteur prend trop de Pods (ajoutez un label qui les distingue)",
                    "Service `{name}` has {ready} ready endpoint(s), at most {max} expected: its selector picks too many Pods (add a label that tells them apart)"
                ));
            }
            Ok(())
        }
        "ingress-routes" => ingress_routes(c, run, snap, ns, lang),
        "env-from-configmap" => {
            let dep = c.deployment.as_deref().unwrap_or("");
            let cm = c.configmap.as_deref().unwrap_or("");
            let key = c.key.as_deref().unwrap_or("");
            let cmo = snap
                .find("ConfigMap", ns, cm)
                .ok_or_else(|| missing("ConfigMap", cm, ns, snap, run, lang))?;
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
                    tr!(lang, "aucune", "none")
                } else {
                    keys.join(", ")
                };
                let apply = apply_for(run, "ConfigMap", cm, lang);
                return Err(tr!(
                    lang,
                    "la ConfigMap `{cm}` du cluster n'a pas la clé `{key}` (clés : {keys}) : ajoutez-la puis {apply}",
                    "ConfigMap `{cm}` on the cluster has no key `{key}` (keys: {keys}): add it then {apply}"
                ));
            }
            let d = snap
                .find("Deployment", ns, dep)
                .ok_or_else(|| missing("Deployment", dep, ns, snap, run, lang))?;
            let containers = items(&d.root, "spec.template.spec.containers");
            let uses = containers.iter().any(|ct| {
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
            let apply = apply_for(run, "Deployment", dep, lang);
            Err(tr!(
                lang,
                "sur le cluster, aucun conteneur du Deployment `{dep}` ne lit la ConfigMap `{cm}` (ni `envFrom[].configMapRef`, ni `env[].valueFrom.configMapKeyRef` vers `{key}`) : si votre fichier le fait, il n'est pas appliqué : {apply}",
                "on the cluster, no container of Deployment `{dep}` reads ConfigMap `{cm}` (neither `envFrom[].configMapRef`, nor `env[].valueFrom.configMapKeyRef` to `{key}`): if your file does, it is not applied: {apply}"
            ))
        }
        "image-running" => {
            let dep = c.deployment.as_deref().unwrap_or("");
            let pattern = c.image.as_deref().unwrap_or("");
            let re = regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())?;
            let d = snap
                .find("Deployment", ns, dep)
                .ok_or_else(|| missing("Deployment", dep, ns, snap, run, lang))?;
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
            let ready: Vec<&Object> = snap
                .of_kind("Pod", ns)
                .filter(|p| labels_contain(p.labels(), &sel) && pod_ready(p))
                .collect();
            if ready.is_empty() {
                return Err(tr!(
                    lang,
                    "aucun Pod prêt du Deployment `{dep}` : voir le diagnostic ci-dessous",
                    "no ready Pod of Deployment `{dep}`: see the diagnosis below"
                ));
            }
            let images = |p: &Object| -> Vec<String> {
                items(&p.root, "spec.containers")
                    .iter()
                    .filter_map(|c| s(c, "image"))
                    .chain(
                        items(&p.root, "status.containerStatuses")
                            .iter()
                            .filter_map(|c| s(c, "image")),
                    )
                    .map(str::to_string)
                    .collect()
            };
            let wrong: Vec<(&Object, Vec<String>)> = ready
                .iter()
                .map(|p| (*p, images(p)))
                .filter(|(_, imgs)| !imgs.iter().any(|i| re.is_match(i)))
                .collect();
            if wrong.is_empty() {
                return Ok(());
            }
            let n = wrong.len();
            let total = ready.len();
            let (p, imgs) = &wrong[0];
            let img = imgs.first().cloned().unwrap_or_default();
            let apply = apply_for(run, "Deployment", dep, lang);
            Err(tr!(
                lang,
                "{n} Pod(s) prêt(s) sur {total} du Deployment `{dep}` tournent avec une autre image (Pod `{}` : `{img}`, attendu : `{pattern}`) : appliquez la nouvelle version avec {apply} et suivez-la avec `kubectl rollout status deployment/{dep}`",
                "{n} of the {total} ready Pod(s) of Deployment `{dep}` run another image (Pod `{}`: `{img}`, expected: `{pattern}`): apply the new version with {apply} and follow it with `kubectl rollout status deployment/{dep}`",
                p.name
            ))
        }
        "matches-file" => {
            let kind = c.kind.as_deref().unwrap_or("");
            let file_obj = run
                .objects
                .iter()
                .filter(|o| o.kind == kind && o.name == name)
                .find(|o| o.namespace.as_deref().unwrap_or(default_ns) == ns)
                .or_else(|| {
                    run.objects
                        .iter()
                        .find(|o| o.kind == kind && o.name == name)
                });
            let Some(fo) = file_obj else {
                return Err(tr!(
                    lang,
                    "{} `{name}` n'est dans aucun de vos fichiers",
                    "{} `{name}` is in none of your files",
                    super::diagnose::the(kind, lang)
                ));
            };
            let live = snap
                .find(kind, ns, name)
                .ok_or_else(|| missing(kind, name, ns, snap, run, lang))?;
            let diffs = differences(fo, live);
            if diffs.is_empty() {
                return Ok(());
            }
            let file = run.files.get(fo.file).map_or("?", |f| f.name.as_str());
            let (what, fix) = describe(&diffs, kind, file, lang);
            Err(format!("{what}{} {fix}", lang.pick(" :", ":")))
        }
        other => Err(tr!(
            lang,
            "vérification `{other}` inconnue",
            "unknown check `{other}`"
        )),
    }
}

fn sel_text(sel: &BTreeMap<String, String>) -> String {
    selector_text(sel)
}

fn ingress_routes(
    c: &ClusterExpect,
    run: &Run,
    snap: &Snapshot,
    ns: &str,
    lang: Lang,
) -> Result<(), String> {
    let path = c.path.as_deref().unwrap_or("");
    let service = c.service.as_deref().unwrap_or("");
    let host_re = match &c.host {
        Some(h) => Some(regex::Regex::new(&format!("^(?:{h})$")).map_err(|e| e.to_string())?),
        None => None,
    };
    let port_ok = |b: &Node| match &c.port {
        Some(toml::Value::Integer(n)) => b.at("port.number").and_then(Node::as_i64) == Some(*n),
        Some(toml::Value::String(p)) => s(b, "port.name") == Some(p.as_str()),
        _ => false,
    };
    let port_shown = match &c.port {
        Some(toml::Value::String(p)) => p.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let ingresses: Vec<&Object> = snap
        .of_kind("Ingress", ns)
        .filter(|i| c.name.as_ref().is_none_or(|n| &i.name == n))
        .collect();
    if ingresses.is_empty() {
        return Err(match &c.name {
            Some(n) => missing("Ingress", n, ns, snap, run, lang),
            None => tr!(
                lang,
                "aucun Ingress dans le namespace `{ns}` : créez-le avec `kubectl apply -f`",
                "no Ingress in namespace `{ns}`: create it with `kubectl apply -f`"
            ),
        });
    }
    let mut why: Option<String> = None;
    for ing in &ingresses {
        for rule in items(&ing.root, "spec.rules") {
            let host = s(rule, "host");
            if let Some(re) = &host_re
                && !host.is_some_and(|h| re.is_match(h))
            {
                why.get_or_insert_with(|| {
                    tr!(
                        lang,
                        "l'hôte `{}` de l'Ingress `{}` ne correspond pas à la forme attendue `{}`",
                        "host `{}` of Ingress `{}` does not match the expected form `{}`",
                        host.map_or_else(
                            || lang.pick("(aucun)", "(none)").to_string(),
                            str::to_string
                        ),
                        ing.name,
                        c.host.as_deref().unwrap_or("")
                    )
                });
                continue;
            }
            for p in items(rule, "http.paths") {
                if s(p, "path").unwrap_or("/") != path {
                    continue;
                }
                let Some(b) = p.at("backend.service") else {
                    continue;
                };
                let bname = s(b, "name").unwrap_or("");
                if bname != service || !port_ok(b) {
                    let bport = b
                        .at("port.number")
                        .or(b.at("port.name"))
                        .map(Node::scalar_text)
                        .unwrap_or_default();
                    why = Some(tr!(
                        lang,
                        "le chemin `{path}` de l'Ingress `{}` mène au Service `{bname}:{bport}` au lieu de `{service}:{port_shown}`",
                        "path `{path}` of Ingress `{}` leads to Service `{bname}:{bport}` instead of `{service}:{port_shown}`",
                        ing.name
                    ));
                    continue;
                }
                if snap.find("Service", ns, service).is_none() {
                    return Err(tr!(
                        lang,
                        "l'Ingress `{}` route bien `{path}` vers `{service}`, mais {}",
                        "Ingress `{}` does route `{path}` to `{service}`, but {}",
                        ing.name,
                        missing("Service", service, ns, snap, run, lang)
                    ));
                }
                return Ok(());
            }
        }
    }
    let apply = apply_for(run, "Ingress", c.name.as_deref().unwrap_or(""), lang);
    Err(why.unwrap_or_else(|| tr!(lang, "aucune règle d'Ingress pour le chemin `{path}` vers le Service `{service}:{port_shown}`", "no Ingress rule for path `{path}` to Service `{service}:{port_shown}`")) + &tr!(lang, " ; corrigez puis {apply}", "; fix then {apply}"))
}

/// A value of the student's file that the live object does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// `spec.template.spec.containers[0].image`.
    pub path: String,
    /// As written in the file (never a Secret's value).
    pub file_value: String,
    /// On the cluster, `None` when absent.
    pub live_value: Option<String>,
    pub at: Option<At>,
    /// A key of a Secret: values are never shown.
    pub secret_key: bool,
}

const SKIP_ROOT: &[&str] = &["apiVersion", "kind", "status"];
const SKIP_META: &[&str] = &[
    "namespace",
    "resourceVersion",
    "uid",
    "creationTimestamp",
    "generation",
    "managedFields",
    "selfLink",
    "generateName",
];

/// Every value written in the file object that differs from the live one
/// (the file is a subset of the live object; lists compared in order).
pub fn differences(file: &Object, live: &Object) -> Vec<Difference> {
    let mut out = Vec::new();
    let secret = file.kind == "Secret";
    for e in file.root.entries() {
        let k = &*e.key;
        if SKIP_ROOT.contains(&k) {
            continue;
        }
        if secret && (k == "data" || k == "stringData") {
            // Keys only: a Secret's values are never read from the cluster.
            let live_keys = live.root.get("data");
            for entry in e.value.entries() {
                if live_keys.and_then(|d| d.get(&entry.key)).is_none() {
                    out.push(Difference {
                        path: format!("{k}.{}", entry.key),
                        file_value: String::new(),
                        live_value: None,
                        at: at_of(file, entry.key_span),
                        secret_key: true,
                    });
                }
            }
            continue;
        }
        if k == "metadata" {
            for m in e.value.entries() {
                if SKIP_META.contains(&&*m.key) {
                    continue;
                }
                compare(
                    file,
                    &m.value,
                    live.root.at("metadata").and_then(|x| x.get(&m.key)),
                    &format!("metadata.{}", m.key),
                    &mut out,
                );
            }
            continue;
        }
        compare(file, &e.value, live.root.get(k), k, &mut out);
    }
    out
}

fn at_of(file: &Object, span: crate::yaml::Span) -> Option<At> {
    if file.file == super::snapshot::NO_FILE || !span.start.is_known() {
        return None;
    }
    let len = span.caret_len();
    Some(At {
        file: file.file,
        pos: span.start,
        len,
    })
}

fn shown(n: &Node) -> String {
    let t = match &n.value {
        Value::Seq(_) | Value::Map(_) => serde_json::to_string(&n.to_json()).unwrap_or_default(),
        _ => n.scalar_text(),
    };
    if t.chars().count() > 60 {
        t.chars().take(60).collect::<String>() + "…"
    } else {
        t
    }
}

/// Empty values the API server does not write back.
fn is_empty_value(n: &Node) -> bool {
    match &n.value {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Seq(v) => v.is_empty(),
        Value::Map(v) => v.is_empty(),
        Value::Float(f) => *f == 0.0,
    }
}

fn compare(file: &Object, f: &Node, live: Option<&Node>, path: &str, out: &mut Vec<Difference>) {
    if f.is_null() {
        return;
    }
    let Some(l) = live.filter(|l| !l.is_null()) else {
        if !is_empty_value(f) {
            out.push(Difference {
                path: path.into(),
                file_value: shown(f),
                live_value: None,
                at: at_of(file, f.span),
                secret_key: false,
            });
        }
        return;
    };
    match (&f.value, &l.value) {
        (Value::Map(fe), Value::Map(_)) => {
            for e in fe {
                let sub = if e.key.contains('.') || e.key.contains('/') {
                    format!("{path}.\"{}\"", e.key)
                } else {
                    format!("{path}.{}", e.key)
                };
                compare(file, &e.value, l.get(&e.key), &sub, out);
            }
        }
        (Value::Seq(fi), Value::Seq(li)) => {
            if li.len() < fi.len() {
                out.push(Difference {
                    path: path.into(),
                    file_value: tr_len(fi.len()),
                    live_value: Some(tr_len(li.len())),
                    at: at_of(file, f.span),
                    secret_key: false,
                });
                return;
            }
            for (i, (a, b)) in fi.iter().zip(li).enumerate() {
                compare(file, a, Some(b), &format!("{path}[{i}]"), out);
            }
        }
        (fv, lv) => {
            // A mapping or list against anything else always differs.
            let structural = matches!(fv, Value::Map(_) | Value::Seq(_))
                || matches!(lv, Value::Map(_) | Value::Seq(_));
            if structural || !scalars_equal(f, l, path) {
                out.push(Difference {
                    path: path.into(),
                    file_value: shown(f),
                    live_value: Some(shown(l)),
                    at: at_of(file, f.span),
                    secret_key: false,
                });
            }
        }
    }
}

fn tr_len(n: usize) -> String {
    format!("[{n}]")
}

fn scalars_equal(f: &Node, l: &Node, path: &str) -> bool {
    let (a, b) = (f.scalar_text(), l.scalar_text());
    if a == b {
        return true;
    }
    // The API server writes quantities canonically: `0.5` → `500m`, `1000m` → `1`.
    let quantity_field = ["resources", "storage", "capacity", "sizeLimit"]
        .iter()
        .any(|k| path.contains(k));
    quantity_field
        && matches!((quantity(&a), quantity(&b)), (Some(x), Some(y)) if (x - y).abs() <= 1e-9 * x.abs().max(1.0))
}

/// A Kubernetes quantity as a number (`500m` → 0.5, `1Gi` → 1073741824).
pub fn quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        e if e.starts_with(['e', 'E']) => 10f64.powi(e[1..].parse().ok()?),
        _ => return None,
    };
    Some(n * mult)
}

/// What differs (the first difference, and how many more) and the fix.
fn describe(diffs: &[Difference], kind: &str, file: &str, lang: Lang) -> (String, String) {
    let d = &diffs[0];
    let first = if d.secret_key {
        tr!(
            lang,
            "la clé `{}` du Secret est dans `{file}` mais pas sur le cluster",
            "key `{}` of the Secret is in `{file}` but not on the cluster",
            d.path
        )
    } else {
        match &d.live_value {
            Some(l) => tr!(
                lang,
                "`{}` vaut `{}` dans `{file}` mais `{l}` sur le cluster",
                "`{}` is `{}` in `{file}` but `{l}` on the cluster",
                d.path,
                d.file_value
            ),
            None => tr!(
                lang,
                "`{}` (`{}`) est dans `{file}` mais pas sur le cluster",
                "`{}` (`{}`) is in `{file}` but not on the cluster",
                d.path,
                d.file_value
            ),
        }
    };
    let more = if diffs.len() > 1 {
        tr!(
            lang,
            " (et {} autre(s) différence(s))",
            " (and {} other difference(s))",
            diffs.len() - 1
        )
    } else {
        String::new()
    };
    let apply = if kind == "Pod" {
        tr!(
            lang,
            "vos changements ne sont pas appliqués : `kubectl apply -f {file}` (un Pod ne se modifie presque pas : `kubectl delete -f {file}` puis `kubectl apply -f {file}`)",
            "your changes are not applied: `kubectl apply -f {file}` (a Pod can hardly be changed: `kubectl delete -f {file}` then `kubectl apply -f {file}`)"
        )
    } else {
        tr!(
            lang,
            "vos changements ne sont pas appliqués : `kubectl apply -f {file}`",
            "your changes are not applied: `kubectl apply -f {file}`"
        )
    };
    (format!("{first}{more}"), apply)
}

/// Drift and objects not applied: for each object of the student's files, of
/// a kind the snapshot reads and in a namespace it covers.
pub fn drift(run: &Run, snap: &Snapshot, default_ns: &str, lang: Lang) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    for fo in &run.objects {
        if !KINDS.iter().any(|(k, _, _)| *k == fo.kind) || fo.kind == "Event" {
            continue;
        }
        let ns = fo.namespace.as_deref().unwrap_or(default_ns);
        if !snap.covers(ns) || snap.missing_namespaces.contains(ns) {
            continue;
        }
        let file = run.files.get(fo.file).map_or("?", |f| f.name.as_str());
        let obj = ObjectRef {
            kind: fo.kind.clone(),
            name: fo.name.clone(),
            namespace: Some(ns.to_string()),
        };
        let kind = &fo.kind;
        let name = &fo.name;
        match snap.find(kind, ns, name) {
            None => {
                let at = super::diagnose::at_first(fo, &["metadata.name"]);
                out.push(
                    Diagnosis::new("not-applied", Severity::Warning, obj, tr!(lang, "{} `{name}` de `{file}` n'existe pas sur le cluster (namespace `{ns}`)", "{} `{name}` of `{file}` does not exist on the cluster (namespace `{ns}`)", super::diagnose::the(kind, lang)), tr!(lang, "créez-le : `kubectl apply -f {file}` (vérifiez le namespace : `-n {ns}`)", "create it: `kubectl apply -f {file}` (check the namespace: `-n {ns}`)"), "utiliser-un-cluster.md")
                        .at(at, &run.files),
                );
            }
            Some(live) => {
                let diffs = differences(fo, live);
                if diffs.is_empty() {
                    continue;
                }
                let (what, fix) = describe(&diffs, kind, file, lang);
                out.push(
                    Diagnosis::new(
                        "drift",
                        Severity::Warning,
                        obj,
                        tr!(
                            lang,
                            "{} `{name}` du cluster ne correspond pas à votre fichier : {what}",
                            "{} `{name}` on the cluster does not match your file: {what}",
                            super::diagnose::the(kind, lang)
                        ),
                        fix,
                        "utiliser-un-cluster.md",
                    )
                    .at(diffs[0].at, &run.files),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, lint_sources};
    use crate::source::SourceFile;

    fn live(yaml: &str) -> Snapshot {
        super::super::snapshot::parse_dump(yaml, "t", Some("tp"), Lang::Fr).unwrap()
    }

    #[test]
    fn quantities_compare_by_value() {
        assert_eq!(quantity("500m"), Some(0.5));
        assert_eq!(quantity("1Gi"), Some(1073741824.0));
        assert_eq!(quantity("1e3"), Some(1000.0));
        assert_eq!(quantity("12MB"), None);
    }

    #[test]
    fn drift_points_at_the_differing_line() {
        let files = vec![SourceFile::from_text(
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          limits: {cpu: \"0.5\"}\n",
        )];
        let run = lint_sources(
            files,
            &Options {
                default_namespace: "tp".into(),
                ..Options::default()
            },
        );
        let snap = live(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, namespace: tp}\n  spec:\n    replicas: 2\n    template:\n      spec:\n        containers:\n        - name: app\n          image: nginx:1.27\n          imagePullPolicy: IfNotPresent\n          resources: {limits: {cpu: 500m}}\n",
        );
        let d = drift(&run, &snap, "tp", Lang::Fr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, Some(6));
        assert!(
            d[0].message.contains(
                "`spec.replicas` vaut `3` dans `deployment.yaml` mais `2` sur le cluster"
            ),
            "{}",
            d[0].message
        );
        assert_eq!(
            d[0].help,
            "vos changements ne sont pas appliqués : `kubectl apply -f deployment.yaml`"
        );
    }
}
