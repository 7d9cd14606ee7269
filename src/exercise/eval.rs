//! Evaluating an exercise's static expectations on a student's files.

use super::model::{Expect, FieldConstraint};
use super::{Exercise, File};
use crate::diag::Severity;
use crate::engine::{self, Options, Run};
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::rules::{labels_match, pod_spec_path};
use crate::source::SourceFile;
use crate::tr;
use crate::yaml::path::{self, text_form};
use crate::yaml::{Node, Value};
use std::collections::BTreeSet;

pub use crate::report::model::Outcome;

/// What the static evaluation of an exercise gives.
#[derive(Debug)]
pub struct Evaluation {
    pub outcomes: Vec<Outcome>,
    pub run: Run,
    /// Files of `files` + `provided` that were not found.
    pub missing: Vec<String>,
}

impl Evaluation {
    pub fn points(&self) -> u32 {
        self.outcomes.iter().map(|o| o.points).sum()
    }

    /// The maximum of what was evaluated.
    pub fn max_evaluated(&self) -> u32 {
        self.outcomes
            .iter()
            .filter(|o| o.passed.is_some())
            .map(|o| o.max)
            .sum()
    }

    pub fn max_total(&self) -> u32 {
        self.outcomes.iter().map(|o| o.max).sum()
    }

    /// Every evaluated expectation holds.
    pub fn passed(&self) -> bool {
        self.outcomes.iter().all(|o| o.passed != Some(false))
    }

    /// Replaces the not-evaluated cluster outcomes by those evaluated on a cluster.
    pub fn merge(&mut self, evaluated: Vec<Outcome>) {
        for o in evaluated {
            if let Some(slot) = self.outcomes.iter_mut().find(|x| x.cluster && x.id == o.id) {
                *slot = o;
            }
        }
    }

    pub fn failed_static_ids(&self) -> BTreeSet<String> {
        self.outcomes
            .iter()
            .filter(|o| !o.cluster && o.passed == Some(false))
            .map(|o| o.id.clone())
            .collect()
    }
}

/// Evaluates the static expectations on files given in memory; cluster
/// expectations are reported as not evaluated with `cluster_reason`.
pub fn evaluate(
    ex: &Exercise,
    files: Vec<File>,
    opts: &Options,
    lang: Lang,
    cluster_reason: &str,
) -> Evaluation {
    let missing: Vec<String> = ex
        .evaluated_files()
        .filter(|n| !files.iter().any(|(f, _)| f == *n))
        .cloned()
        .collect();
    let sources = files
        .into_iter()
        .map(|(name, bytes)| SourceFile::from_bytes(name, bytes, opts.max_file_size))
        .collect();
    let run = engine::lint_sources(sources, opts);
    let mut outcomes: Vec<Outcome> = ex
        .spec
        .expect
        .iter()
        .map(|e| evaluate_one(e, &run, opts, lang))
        .collect();
    for c in &ex.spec.cluster {
        outcomes.push(Outcome {
            id: c.id.clone(),
            text: c.text.clone(),
            points: 0,
            max: c.points,
            passed: None,
            detail: Some(cluster_reason.to_string()),
            cluster: true,
        });
    }
    Evaluation {
        outcomes,
        run,
        missing,
    }
}

fn evaluate_one(e: &Expect, run: &Run, opts: &Options, lang: Lang) -> Outcome {
    let (passed, detail) = if e.no_errors == Some(true) {
        let errors: Vec<&str> = run
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id())
            .collect();
        if errors.is_empty() {
            (true, None)
        } else {
            let n = errors.len();
            (
                false,
                Some(tr!(
                    lang,
                    "{n} erreur(s) dans les manifestes (détail ci-dessous)",
                    "{n} error(s) in the manifests (details below)"
                )),
            )
        }
    } else if let Some(clean) = &e.clean {
        let raised: BTreeSet<&str> = run
            .findings
            .iter()
            .map(|f| f.id())
            .filter(|id| clean.iter().any(|c| c == id))
            .collect();
        if raised.is_empty() {
            (true, None)
        } else {
            let list = raised
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ");
            (
                false,
                Some(tr!(lang, "signalé : {list}", "reported: {list}")),
            )
        }
    } else {
        evaluate_object(e, run, opts, lang)
    };
    Outcome {
        id: e.id.clone(),
        text: e.text.clone(),
        points: if passed { e.points } else { 0 },
        max: e.points,
        passed: Some(passed),
        detail,
        cluster: false,
    }
}

fn evaluate_object(e: &Expect, run: &Run, opts: &Options, lang: Lang) -> (bool, Option<String>) {
    let kind = e.kind.as_deref().unwrap_or("");
    let candidates: Vec<&Object> = run
        .objects
        .iter()
        .filter(|o| o.kind == kind)
        .filter(|o| e.name.as_ref().is_none_or(|n| &o.name == n))
        .filter(|o| {
            e.namespace
                .as_ref()
                .is_none_or(|ns| o.namespace.as_ref() == Some(ns))
        })
        .collect();
    if candidates.is_empty() {
        let others: Vec<String> = run
            .objects
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| format!("`{}`", o.name))
            .collect();
        let what = match (&e.name, &e.namespace) {
            (Some(n), Some(ns)) => tr!(
                lang,
                "aucun {kind} `{n}` dans le namespace `{ns}`",
                "no {kind} `{n}` in namespace `{ns}`"
            ),
            (Some(n), None) => tr!(lang, "aucun {kind} nommé `{n}`", "no {kind} named `{n}`"),
            (None, Some(ns)) => tr!(
                lang,
                "aucun {kind} dans le namespace `{ns}`",
                "no {kind} in namespace `{ns}`"
            ),
            (None, None) => tr!(
                lang,
                "aucun objet de type {kind}",
                "no object of kind {kind}"
            ),
        };
        let found = if others.is_empty() {
            String::new()
        } else {
            tr!(lang, " (trouvé : {})", " (found: {})", others.join(", "))
        };
        return (false, Some(format!("{what}{found}")));
    }
    let mut first_failure = None;
    for obj in &candidates {
        match check_object(e, obj, run, opts, lang) {
            Ok(()) => return (true, None),
            Err(why) => {
                first_failure.get_or_insert(why);
            }
        }
    }
    (false, first_failure)
}

fn check_object(
    e: &Expect,
    obj: &Object,
    run: &Run,
    opts: &Options,
    lang: Lang,
) -> Result<(), String> {
    for f in &e.fields {
        check_field(f, &obj.root, lang)?;
    }
    if let Some(want) = &e.selects {
        let got = selected(obj, run, &opts.default_namespace);
        let want: BTreeSet<String> = want.iter().cloned().collect();
        if got != want {
            let want_s = want
                .iter()
                .map(|g| format!("`{g}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if got.is_empty() {
                return Err(tr!(
                    lang,
                    "ne sélectionne aucun pod (attendu : {want_s})",
                    "selects no pod (expected: {want_s})"
                ));
            }
            let got_s = got
                .iter()
                .map(|g| format!("`{g}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(tr!(
                lang,
                "sélectionne {got_s} au lieu de {want_s}",
                "selects {got_s} instead of {want_s}"
            ));
        }
    }
    Ok(())
}

/// "Kind/name" of the pod-carrying objects an object's selector picks.
pub fn selected(obj: &Object, run: &Run, default_ns: &str) -> BTreeSet<String> {
    let selector = match obj.kind.as_str() {
        "Service" => obj.root.at("spec.selector"),
        _ => obj.root.at("spec.selector.matchLabels"),
    };
    let Some(selector) = selector else {
        return BTreeSet::new();
    };
    let ns = obj.namespace.as_deref().unwrap_or(default_ns);
    run.objects
        .iter()
        .filter(|o| o.namespace.as_deref().unwrap_or(default_ns) == ns)
        .filter_map(|o| {
            let (_, labels) = pod_spec_path(&o.kind)?;
            labels_match(selector, o.root.at(labels)).then(|| format!("{}/{}", o.kind, o.name))
        })
        .collect()
}

fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn node_shown(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => format!("\"{s}\""),
        Value::Null => "null".into(),
        _ => n.scalar_text(),
    }
}

/// `^(?:r)$`, compiled once per thread: a class is graded with the same
/// few expressions tens of thousands of times.
fn whole_match(r: &str) -> Result<regex::Regex, String> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>> =
            Default::default();
    }
    COMPILED.with(|c| {
        if let Some(re) = c.borrow().get(r) {
            return Ok(re.clone());
        }
        let re = regex::Regex::new(&format!("^(?:{r})$")).map_err(|e| e.to_string())?;
        c.borrow_mut().insert(r.to_string(), re.clone());
        Ok(re)
    })
}

/// One field constraint on an object; the error says what was found.
pub fn check_field(f: &FieldConstraint, root: &Node, lang: Lang) -> Result<(), String> {
    let segments = path::parse(&f.path).map_err(|(fr, en)| lang.pick(&fr, &en).to_string())?;
    let nodes: Vec<&Node> = path::select(root, &segments)
        .into_iter()
        .filter(|n| !n.is_null())
        .collect();
    let p = &f.path;
    if f.present == Some(false) {
        return if nodes.is_empty() {
            Ok(())
        } else {
            Err(tr!(
                lang,
                "`{p}` ne devrait pas être présent",
                "`{p}` should not be present"
            ))
        };
    }
    if nodes.is_empty() {
        return Err(tr!(lang, "`{p}` est absent", "`{p}` is missing"));
    }
    let regex = match &f.regex {
        Some(r) => Some(whole_match(r)?),
        None => None,
    };
    let ok = |n: &Node| -> bool {
        f.equals.as_ref().is_none_or(|v| equals(v, n))
            && f.not_equals.as_ref().is_none_or(|v| !equals(v, n))
            && f.one_of
                .as_ref()
                .is_none_or(|vs| vs.iter().any(|v| equals(v, n)))
            && regex
                .as_ref()
                .is_none_or(|r| text_form(n).is_some_and(|t| r.is_match(&t)))
            && f.min.is_none_or(|m| number(n).is_some_and(|x| x >= m))
            && f.max.is_none_or(|m| number(n).is_some_and(|x| x <= m))
    };
    if nodes.iter().any(|n| ok(n)) {
        return Ok(());
    }
    let found = nodes
        .iter()
        .take(4)
        .map(|n| node_shown(n))
        .collect::<Vec<_>>()
        .join(", ");
    let expected = if let Some(v) = &f.equals {
        tr!(lang, "attendu {}", "expected {}", shown(v))
    } else if let Some(v) = &f.not_equals {
        tr!(
            lang,
            "doit être différent de {}",
            "must differ from {}",
            shown(v)
        )
    } else if let Some(vs) = &f.one_of {
        tr!(
            lang,
            "attendu l'une de : {}",
            "expected one of: {}",
            vs.iter().map(shown).collect::<Vec<_>>().join(", ")
        )
    } else if let Some(r) = &f.regex {
        tr!(lang, "attendu de la forme `{r}`", "expected to match `{r}`")
    } else {
        match (f.min, f.max) {
            (Some(a), Some(b)) => tr!(
                lang,
                "attendu un nombre entre {a} et {b}",
                "expected a number between {a} and {b}"
            ),
            (Some(a), None) => tr!(lang, "attendu un nombre ≥ {a}", "expected a number ≥ {a}"),
            (None, Some(b)) => tr!(lang, "attendu un nombre ≤ {b}", "expected a number ≤ {b}"),
            (None, None) => String::new(),
        }
    };
    Err(tr!(
        lang,
        "`{p}` vaut {found} ; {expected}",
        "`{p}` is {found}; {expected}"
    ))
}

fn number(n: &Node) -> Option<f64> {
    match n.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

/// TOML value = YAML node, without type conversion (FORMAT.md §3.2).
pub fn equals(v: &toml::Value, n: &Node) -> bool {
    use toml::Value as T;
    match (v, &n.value) {
        (_, Value::Null) => false,
        (T::Integer(a), Value::Int(b)) => a == b,
        (T::Float(a), Value::Int(b)) => *a == *b as f64,
        (T::Float(a), Value::Float(b)) => a == b,
        (T::Integer(a), Value::Float(b)) => *a as f64 == *b,
        (T::String(a), Value::Str(b)) => a.as_str() == &**b,
        (T::Boolean(a), Value::Bool(b)) => a == b,
        (T::Array(a), Value::Seq(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equals(x, y))
        }
        (T::Table(a), Value::Map(b)) => {
            a.len() == b.len()
                && b.iter()
                    .all(|e| a.get(&*e.key).is_some_and(|x| equals(x, &e.value)))
        }
        _ => false,
    }
}
