//! The cluster expectations of `exercises/FORMAT.md` §4, typed: one file per
//! check kind, each evaluated on a [`Snapshot`] into an [`Outcome`].
//!
//! `[[cluster]]` tables are read strictly: the `check` key names the kind, and
//! a key that is not one of that kind's, a missing required key, an invalid
//! regex or a `min` below 1 is refused when `exercise.toml` is read, with the
//! French (or English) sentence `kubecours dev check` prints.
//!
//! This module reads the cluster's snapshot types (`exercise` → `cluster`);
//! the cluster side never reads exercises: it gets the outcomes and the
//! objects the expectations are about through [`crate::cluster::Expectations`].

pub mod cronjob_scheduled;
pub mod deployment_available;
pub mod deployment_revision;
pub mod env_from_configmap;
pub mod image_running;
pub mod ingress_routes;
pub mod job_complete;
pub mod matches_file;
pub mod pods_ready;
pub mod service_endpoints;

use crate::cluster::diagnoses::cx::{self as diagnoses, Subject};
use crate::cluster::snapshot::Snapshot;
use crate::diag::Msg;
use crate::engine::Run;
use crate::i18n::Lang;
use crate::manifest::Object;
use crate::msg;
use crate::report::model::Outcome;
use crate::yaml::Node;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One `[[cluster]]` expectation: the keys every check has, and the check.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Raw")]
pub struct ClusterExpect {
    pub id: String,
    pub text: String,
    pub points: u32,
    /// Evaluated in this namespace instead of the current one.
    pub namespace: Option<String>,
    pub check: Check,
}

/// The kinds of cluster checks, one variant (and one file) each.
#[derive(Debug, Clone)]
pub enum Check {
    DeploymentAvailable(deployment_available::DeploymentAvailable),
    PodsReady(pods_ready::PodsReady),
    ServiceEndpoints(service_endpoints::ServiceEndpoints),
    IngressRoutes(ingress_routes::IngressRoutes),
    EnvFromConfigMap(env_from_configmap::EnvFromConfigMap),
    ImageRunning(image_running::ImageRunning),
    MatchesFile(matches_file::MatchesFile),
    JobComplete(job_complete::JobComplete),
    CronJobScheduled(cronjob_scheduled::CronJobScheduled),
    DeploymentRevision(deployment_revision::DeploymentRevision),
}

/// How a check kind is declared: its `check` value, its own keys
/// (`(key, required)`), and how it is built from the table.
pub struct Kind {
    pub name: &'static str,
    pub keys: &'static [(&'static str, bool)],
    build: fn(&Raw) -> Result<Check, Problem>,
}

/// Every check kind, in the order of `exercises/FORMAT.md`.
pub const KINDS_OF_CHECKS: &[Kind] = &[
    deployment_available::KIND,
    pods_ready::KIND,
    service_endpoints::KIND,
    ingress_routes::KIND,
    env_from_configmap::KIND,
    image_running::KIND,
    matches_file::KIND,
    job_complete::KIND,
    cronjob_scheduled::KIND,
    deployment_revision::KIND,
];

impl Check {
    /// The `check = "…"` value.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::DeploymentAvailable(_) => deployment_available::KIND.name,
            Check::PodsReady(_) => pods_ready::KIND.name,
            Check::ServiceEndpoints(_) => service_endpoints::KIND.name,
            Check::IngressRoutes(_) => ingress_routes::KIND.name,
            Check::EnvFromConfigMap(_) => env_from_configmap::KIND.name,
            Check::ImageRunning(_) => image_running::KIND.name,
            Check::MatchesFile(_) => matches_file::KIND.name,
            Check::JobComplete(_) => job_complete::KIND.name,
            Check::CronJobScheduled(_) => cronjob_scheduled::KIND.name,
            Check::DeploymentRevision(_) => deployment_revision::KIND.name,
        }
    }

    /// `Ok`, or why the expectation does not hold.
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        match self {
            Check::DeploymentAvailable(c) => c.evaluate(cx),
            Check::PodsReady(c) => c.evaluate(cx),
            Check::ServiceEndpoints(c) => c.evaluate(cx),
            Check::IngressRoutes(c) => c.evaluate(cx),
            Check::EnvFromConfigMap(c) => c.evaluate(cx),
            Check::ImageRunning(c) => c.evaluate(cx),
            Check::MatchesFile(c) => c.evaluate(cx),
            Check::JobComplete(c) => c.evaluate(cx),
            Check::CronJobScheduled(c) => c.evaluate(cx),
            Check::DeploymentRevision(c) => c.evaluate(cx),
        }
    }

    /// The objects this check is about (the diagnoses look at them).
    pub fn subjects(&self) -> Vec<Subject> {
        let named = |kind: &str, name: &str| Subject::Named {
            kind: kind.to_string(),
            name: name.to_string(),
        };
        match self {
            Check::DeploymentAvailable(c) => vec![named("Deployment", &c.name)],
            Check::PodsReady(c) => vec![Subject::Selector(c.selector.clone())],
            Check::ServiceEndpoints(c) => vec![named("Service", &c.name)],
            Check::IngressRoutes(c) => {
                let mut v = vec![named("Service", &c.service)];
                v.extend(c.name.as_deref().map(|n| named("Ingress", n)));
                v
            }
            Check::EnvFromConfigMap(c) => vec![
                named("Deployment", &c.deployment),
                named("ConfigMap", &c.configmap),
            ],
            Check::ImageRunning(c) => vec![named("Deployment", &c.deployment)],
            Check::MatchesFile(c) => vec![named(&c.kind, &c.name)],
            Check::JobComplete(c) => vec![named("Job", &c.name)],
            Check::CronJobScheduled(c) => vec![named("CronJob", &c.name)],
            Check::DeploymentRevision(c) => vec![named("Deployment", &c.name)],
        }
    }

    /// The kinds of objects the check reads on the cluster.
    pub fn needs(&self) -> Vec<&str> {
        match self {
            Check::DeploymentAvailable(_) | Check::DeploymentRevision(_) => vec!["Deployment"],
            Check::PodsReady(_) => vec!["Pod"],
            Check::ServiceEndpoints(_) => vec!["Service", "EndpointSlice"],
            Check::IngressRoutes(_) => vec!["Ingress", "Service"],
            Check::EnvFromConfigMap(_) => vec!["ConfigMap", "Deployment"],
            Check::ImageRunning(_) => vec!["Deployment", "Pod"],
            Check::MatchesFile(c) => vec![c.kind.as_str()],
            Check::JobComplete(_) => vec!["Job"],
            Check::CronJobScheduled(_) => vec!["CronJob"],
        }
    }
}

/// Everything a check looks at.
pub struct Cx<'a> {
    pub run: &'a Run,
    pub snap: &'a Snapshot,
    /// The namespace the expectation is evaluated in.
    pub ns: &'a str,
    /// The namespace of the files' objects that declare none.
    pub default_ns: &'a str,
}

impl<'a> Cx<'a> {
    /// The live object, or why it is missing.
    pub fn find(&self, kind: &str, name: &str) -> Result<&'a Object, Msg> {
        self.snap
            .find(kind, self.ns, name)
            .ok_or_else(|| self.missing(kind, name))
    }

    /// The object of the student's files, in the namespace of the expectation.
    pub fn file_obj(&self, kind: &str, name: &str) -> Option<&'a Object> {
        diagnoses::file_object(self.run, kind, self.ns, name, self.default_ns)
    }

    /// `kubectl apply -f FILE` (with `-n` when needed) for an object of the files.
    pub fn apply(&self, kind: &str, name: &str) -> Msg {
        diagnoses::apply(self.run, self.file_obj(kind, name), self.ns, self.snap)
    }

    /// `le Deployment `x` n'existe pas … : créez-le avec …`.
    pub fn missing(&self, kind: &str, name: &str) -> Msg {
        let present = present(self.snap, kind, self.ns);
        let apply = self.apply(kind, name);
        let (the_kind, create) = (diagnoses::the(kind), diagnoses::create_it(kind));
        let ns = self.ns;
        msg!(
            "{the_kind} `{name}` n'existe pas dans le namespace `{ns}` ({present}) : {create} avec {apply}",
            "{the_kind} `{name}` does not exist in namespace `{ns}` ({present}): {create} with {apply}",
            the_kind,
            name,
            ns,
            present,
            create,
            apply
        )
    }
}

/// The names of the objects of a kind in a namespace (8 at most), or that there is none.
fn present(snap: &Snapshot, kind: &str, ns: &str) -> Msg {
    let v: Vec<String> = snap
        .of_kind(kind, ns)
        .map(|o| format!("`{}`", o.name))
        .take(8)
        .collect();
    if v.is_empty() {
        msg!("ce namespace n'en a aucun", "this namespace has none")
    } else {
        msg!(
            "dans ce namespace : {list}",
            "in this namespace: {list}",
            list = v
        )
    }
}

/// `app=web,tier=front`.
pub fn selector_text(sel: &BTreeMap<String, String>) -> String {
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Do the labels hold every `key: value` of a non-empty selector?
pub fn labels_contain(labels: Option<&Node>, selector: &BTreeMap<String, String>) -> bool {
    !selector.is_empty()
        && selector.iter().all(|(k, v)| {
            labels
                .and_then(|l| l.get(k))
                .is_some_and(|x| &x.scalar_text() == v)
        })
}

/// The outcomes of the cluster expectations on a snapshot: evaluated, or
/// "non évaluée" where the snapshot cannot say (a namespace an export does
/// not cover, an API the cluster does not serve).
pub fn outcomes(
    expectations: &[ClusterExpect],
    run: &Run,
    snap: &Snapshot,
    default_ns: &str,
    lang: Lang,
) -> Vec<Outcome> {
    expectations
        .iter()
        .map(|c| {
            let ns = c.namespace.as_deref().unwrap_or(default_ns);
            let (passed, detail) = match not_evaluated(c, snap, ns) {
                Some(why) => (None, Some(why)),
                None => {
                    let cx = Cx {
                        run,
                        snap,
                        ns,
                        default_ns,
                    };
                    match c.check.evaluate(&cx) {
                        Ok(()) => (Some(true), None),
                        Err(why) => (Some(false), Some(why)),
                    }
                }
            };
            Outcome {
                id: c.id.clone(),
                text: c.text.clone(),
                points: if passed == Some(true) { c.points } else { 0 },
                max: c.points,
                passed,
                detail: detail.map(|d| d.render(lang)),
                cluster: true,
            }
        })
        .collect()
}

/// Why an expectation cannot be evaluated on this snapshot, if so; a
/// namespace the cluster says does not exist fails instead.
fn not_evaluated(c: &ClusterExpect, snap: &Snapshot, ns: &str) -> Option<Msg> {
    if snap.missing_namespaces.contains(ns) {
        return None;
    }
    if !snap.covers(ns) {
        let source = &snap.source;
        return Some(msg!(
            "non évaluée : {source} ne contient pas le namespace `{ns}` (exportez-le aussi, ou passez `-n {ns}`)",
            "not evaluated: {source} does not hold namespace `{ns}` (export it too, or pass `-n {ns}`)",
            source,
            ns
        ));
    }
    let kind = c.check.needs().into_iter().find_map(|k| {
        snap.unavailable
            .get(k)
            .map(|api| (k.to_string(), api.clone()))
    })?;
    let (kind, api) = kind;
    Some(msg!(
        "non évaluée : ce cluster ne sert pas l'API `{api}` ({kind}) ; les autres attentes sont évaluées",
        "not evaluated: this cluster does not serve the `{api}` API ({kind}); the other expectations are evaluated",
        api,
        kind
    ))
}

/// Why `[[cluster]]` was refused: the sentence in each language.
#[derive(Debug)]
pub struct Problem {
    pub fr: String,
    pub en: String,
}

/// Marks a [`Problem`] inside the TOML parser's error text, to give it back
/// in both languages (the parser keeps one string).
pub const PROBLEM_MARK: char = '\u{1f}';

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{PROBLEM_MARK}{}{PROBLEM_MARK}{}{PROBLEM_MARK}",
            self.fr, self.en
        )
    }
}

/// The French and English sentences of a refused `[[cluster]]`, if the
/// parser's message holds one.
pub fn split_problem(message: &str) -> Option<(String, String)> {
    let mut parts = message.split(PROBLEM_MARK).skip(1);
    Some((parts.next()?.to_string(), parts.next()?.to_string()))
}

/// A `[[cluster]]` table as written: every key any check takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    pub id: String,
    pub text: String,
    pub points: u32,
    pub check: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub selector: Option<BTreeMap<String, String>>,
    pub host: Option<String>,
    pub path: Option<String>,
    pub service: Option<String>,
    pub port: Option<toml::Value>,
    pub deployment: Option<String>,
    pub configmap: Option<String>,
    pub key: Option<String>,
    pub image: Option<String>,
    pub kind: Option<String>,
}

impl Raw {
    /// The check-specific keys that are set, by name.
    fn keys_set(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        macro_rules! set {
            ($($f:ident),*) => { $( if self.$f.is_some() { k.push(stringify!($f)); } )* };
        }
        set!(
            name, min, max, selector, host, path, service, port, deployment, configmap, key, image,
            kind
        );
        k
    }

    /// A problem about this expectation.
    pub fn problem(&self, fr: String, en: String) -> Problem {
        Problem {
            fr: format!("attente cluster `{}` : {fr}", self.id),
            en: format!("cluster expectation `{}`: {en}", self.id),
        }
    }

    /// A required string key (checked present before the kind builds it).
    pub fn string(&self, value: &Option<String>) -> String {
        value.clone().unwrap_or_default()
    }

    /// `min` (≥ 1), with its default.
    pub fn min(&self, default: i64) -> Result<i64, Problem> {
        let min = self.min.unwrap_or(default);
        if min < 1 {
            return Err(self.problem(
                format!("`min = {min}` : il faut un entier ≥ 1"),
                format!("`min = {min}`: an integer ≥ 1 is needed"),
            ));
        }
        Ok(min)
    }

    /// A regex matched against the whole text (`^(?:…)$`).
    pub fn regex(&self, r: &str) -> Result<regex::Regex, Problem> {
        regex::Regex::new(&format!("^(?:{r})$")).map_err(|_| {
            self.problem(
                format!("expression régulière invalide `{r}`"),
                format!("invalid regex `{r}`"),
            )
        })
    }
}

impl TryFrom<Raw> for ClusterExpect {
    type Error = Problem;

    fn try_from(raw: Raw) -> Result<ClusterExpect, Problem> {
        let Some(kind) = KINDS_OF_CHECKS.iter().find(|k| k.name == raw.check) else {
            let known = KINDS_OF_CHECKS
                .iter()
                .map(|k| k.name)
                .collect::<Vec<_>>()
                .join(", ");
            return Err(raw.problem(
                format!("`check = \"{}\"` inconnu ({known})", raw.check),
                format!("unknown `check = \"{}\"` ({known})", raw.check),
            ));
        };
        let set = raw.keys_set();
        if let Some(k) = set.iter().find(|k| !kind.keys.iter().any(|(n, _)| n == *k)) {
            return Err(raw.problem(
                format!("la clé `{k}` n'existe pas pour `{}`", kind.name),
                format!("key `{k}` does not exist for `{}`", kind.name),
            ));
        }
        if let Some((k, _)) = kind
            .keys
            .iter()
            .find(|(k, required)| *required && !set.contains(k))
        {
            return Err(raw.problem(
                format!("clé `{k}` obligatoire pour `{}`", kind.name),
                format!("key `{k}` is required for `{}`", kind.name),
            ));
        }
        let check = (kind.build)(&raw)?;
        Ok(ClusterExpect {
            id: raw.id,
            text: raw.text,
            points: raw.points,
            namespace: raw.namespace,
            check,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &str) -> Result<ClusterExpect, String> {
        let text = format!("id = \"x\"\ntext = \"t\"\npoints = 1\n{extra}");
        toml::from_str::<ClusterExpect>(&text).map_err(|e| e.message().to_string())
    }

    #[test]
    fn each_kind_takes_its_keys_only() {
        let c = parse("check = \"deployment-available\"\nname = \"web\"").unwrap();
        assert!(matches!(&c.check, Check::DeploymentAvailable(d) if d.name == "web" && d.min == 1));
        let e = parse("check = \"deployment-available\"\nname = \"web\"\nselector = {a = \"b\"}")
            .unwrap_err();
        let (fr, en) = split_problem(&e).unwrap();
        assert_eq!(
            fr,
            "attente cluster `x` : la clé `selector` n'existe pas pour `deployment-available`"
        );
        assert_eq!(
            en,
            "cluster expectation `x`: key `selector` does not exist for `deployment-available`"
        );
        let e = parse("check = \"job-complete\"").unwrap_err();
        assert!(
            split_problem(&e)
                .unwrap()
                .0
                .contains("clé `name` obligatoire pour `job-complete`"),
            "{e}"
        );
        let e = parse("check = \"pod-ready\"\nname = \"x\"").unwrap_err();
        assert!(
            split_problem(&e)
                .unwrap()
                .0
                .contains("`check = \"pod-ready\"` inconnu"),
            "{e}"
        );
        let e = parse("check = \"deployment-revision\"\nname = \"web\"\nmin = 0").unwrap_err();
        assert!(split_problem(&e).unwrap().0.contains("`min = 0`"), "{e}");
        let e = parse("check = \"image-running\"\ndeployment = \"w\"\nimage = \"(\"").unwrap_err();
        assert!(
            split_problem(&e)
                .unwrap()
                .0
                .contains("expression régulière invalide `(`"),
            "{e}"
        );
        // A key no check has is refused by the parser itself.
        assert!(parse("check = \"job-complete\"\nname = \"j\"\nnom = \"j\"").is_err());
    }

    #[test]
    fn every_kind_of_format_md_exists() {
        let format =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/exercises/FORMAT.md"))
                .unwrap();
        for k in KINDS_OF_CHECKS {
            assert!(format.contains(&format!("| `{}` |", k.name)), "{}", k.name);
        }
        assert_eq!(KINDS_OF_CHECKS.len(), 10);
    }
}
