//! `drift`: a value written in the student's file that the live object
//! does not have (the file changed since the last `kubectl apply`, or the
//! object was edited by hand). Also what `matches-file` compares.

use crate::cluster::diagnoses::cx::{At, apply, code, finding, obj_ref, text, the};
use crate::cluster::snapshot::{NO_FILE, Snapshot};
use crate::diag::{Area, Code, Finding, Msg, Severity};
use crate::engine::Run;
use crate::manifest::Object;
use crate::msg;
use crate::yaml::{Node, Value};

pub static CODE: Code = code(
    "drift",
    Area::Files,
    Severity::Warning,
    "utiliser-un-cluster.md",
    text(
        "Un objet du cluster qui ne correspond plus à votre fichier",
        "An object on the cluster that no longer matches your file",
    ),
    text(
        "Une valeur écrite dans votre fichier n'est pas celle de l'objet du cluster : le fichier a changé depuis le dernier `kubectl apply`, ou l'objet a été modifié à la main.",
        "A value written in your file is not the one of the object on the cluster: the file changed since the last `kubectl apply`, or the object was edited by hand.",
    ),
    text(
        "Le cluster fait tourner ce qui a été appliqué, pas ce que contient votre fichier : vos changements ne sont pas en place.",
        "The cluster runs what was applied, not what your file holds: your changes are not in place.",
    ),
    text(
        "`kubectl apply -f FICHIER` ; `kubectl diff -f FICHIER` montre les différences avant.",
        "`kubectl apply -f FILE`; `kubectl diff -f FILE` shows the differences first.",
    ),
);

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
    if file.file == NO_FILE || !span.start.is_known() {
        return None;
    }
    Some(At {
        file: file.file,
        pos: span.start,
        len: span.caret_len(),
        namespaced: file.namespace.is_some(),
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
                    file_value: len_text(fi.len()),
                    live_value: Some(len_text(li.len())),
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

fn len_text(n: usize) -> String {
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

/// What differs (the first difference, and how many more) and the fix,
/// `apply` being the `kubectl apply` of the object's file.
pub fn describe(diffs: &[Difference], fo: &Object, run: &Run, apply: Msg) -> (Msg, Msg) {
    let file = run.files.get(fo.file).map_or("?", |f| f.name.as_str());
    let d = &diffs[0];
    let path = &d.path;
    let first = if d.secret_key {
        msg!(
            "la clé `{path}` du Secret est dans `{file}` mais pas sur le cluster",
            "key `{path}` of the Secret is in `{file}` but not on the cluster",
            path,
            file
        )
    } else {
        let value = &d.file_value;
        match &d.live_value {
            Some(live) => msg!(
                "`{path}` vaut `{value}` dans `{file}` mais `{live}` sur le cluster",
                "`{path}` is `{value}` in `{file}` but `{live}` on the cluster",
                path,
                value,
                file,
                live
            ),
            None => msg!(
                "`{path}` (`{value}`) est dans `{file}` mais pas sur le cluster",
                "`{path}` (`{value}`) is in `{file}` but not on the cluster",
                path,
                value,
                file
            ),
        }
    };
    let what = match diffs.len() - 1 {
        0 => first,
        more => msg!(
            "{first} (et {more} autre(s) différence(s))",
            "{first} (and {more} other difference(s))",
            first,
            more
        ),
    };
    let fix = if fo.kind == "Pod" {
        msg!(
            "vos changements ne sont pas appliqués : {apply} (un Pod ne se modifie presque pas : `kubectl delete -f {file}` puis {apply})",
            "your changes are not applied: {apply} (a Pod can hardly be changed: `kubectl delete -f {file}` then {apply})",
            apply,
            file
        )
    } else {
        msg!(
            "vos changements ne sont pas appliqués : {apply}",
            "your changes are not applied: {apply}",
            apply
        )
    };
    (what, fix)
}

/// The drift of one object of the files, if its live object differs.
pub fn detect(run: &Run, snap: &Snapshot, fo: &Object, live: &Object, ns: &str) -> Option<Finding> {
    let diffs = differences(fo, live);
    let first = diffs.first()?;
    let (what, fix) = describe(&diffs, fo, run, apply(run, Some(fo), ns, snap));
    let (the_kind, name) = (the(&fo.kind), &fo.name);
    let f = finding(
        &CODE,
        obj_ref(&fo.kind, name, ns),
        msg!(
            "{the_kind} `{name}` du cluster ne correspond pas à votre fichier : {what}",
            "{the_kind} `{name}` on the cluster does not match your file: {what}",
            the_kind,
            name,
            what
        ),
        fix,
        first.at,
    );
    Some(f)
}
