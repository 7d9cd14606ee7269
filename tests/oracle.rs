//! The oracle: every manifest the project owns, every file of the shared
//! corpora (other linters' test data) and a one-field mutation of valid
//! manifests for each validation rule (`tests/fixtures/oracle/`) are sent
//! to a real Kubernetes 1.37 API server (`tests/apiserver/`) with a
//! server-side dry run and strict field validation, and the server's verdict
//! is compared with `kubecours lint`'s, file by file.
//!
//! The test fails on any file where kubecours raises an error that the API
//! server would have to reject (`basis: api-server`) while the server
//! accepts it, and when kubecours catches fewer than 95 % of the server's
//! rejections. It prints the table of every disagreement and the figures.

mod common;

use common::root;
use kubecours::diag::{Basis, Severity};
use kubecours::engine::{self, Options};
use kubecours::source::SourceFile;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A running control plane, stopped when dropped.
struct ControlPlane {
    dir: Option<tempfile::TempDir>,
    kubeconfig: PathBuf,
}

impl ControlPlane {
    /// Starts one (or, for development, uses the one whose kubeconfig
    /// `KUBECOURS_ORACLE_KUBECONFIG` names).
    fn start() -> ControlPlane {
        if let Some(k) = std::env::var_os("KUBECOURS_ORACLE_KUBECONFIG") {
            return ControlPlane {
                dir: None,
                kubeconfig: PathBuf::from(k),
            };
        }
        let dir = tempfile::Builder::new()
            .prefix("kubecours-oracle-")
            .tempdir()
            .unwrap();
        let out = Command::new(root().join("tests/apiserver/up"))
            .arg(dir.path())
            .output()
            .expect("tests/apiserver/up runs");
        assert!(
            out.status.success(),
            "the real API server did not start (tests/apiserver/up):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let kubeconfig = PathBuf::from(stdout.lines().last().unwrap_or("").trim());
        assert!(
            kubeconfig.is_file(),
            "no kubeconfig in `up`'s last line: {stdout}"
        );
        ControlPlane {
            dir: Some(dir),
            kubeconfig,
        }
    }

    fn kcp(&self) -> PathBuf {
        root().join("target/apiserver/kcp")
    }

    /// kubectl 1.37 against this control plane.
    fn kubectl(&self) -> Command {
        let mut c = Command::new(self.kcp());
        c.arg("kubectl").arg("--kubeconfig").arg(&self.kubeconfig);
        c
    }
}

impl Drop for ControlPlane {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = Command::new(root().join("tests/apiserver/down"))
                .arg(dir.path())
                .status();
        }
    }
}

/// Rules whose rejection only a real create shows: a dry run allocates no node port.
const REAL_CREATE_ONLY: &[&str] = &["nodeport-range"];

/// Creates a file's objects for real in a scratch namespace (then deletes
/// it): what the server says when nothing is dry.
fn real_create(cp: &ControlPlane, path: &Path, n: usize) -> (bool, String) {
    let ns = format!("oracle-real-{n}");
    let _ = cp.kubectl().args(["create", "namespace", &ns]).output();
    let out = cp
        .kubectl()
        .args(["create", "-n", &ns, "-f"])
        .arg(path)
        .output()
        .unwrap();
    let _ = cp
        .kubectl()
        .args(["delete", "namespace", &ns, "--wait=false"])
        .output();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

/// Where a case comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Project,
    Corpus,
    Variant,
}

struct Case {
    path: PathBuf,
    origin: Origin,
    /// For a variant: what the mutation data says the server does.
    expect: Option<&'static str>,
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(p);
        }
    }
}

/// The ```yaml blocks of the book (not fragments), each written to a file.
fn book_examples(tmp: &Path) -> Vec<PathBuf> {
    let mut md = Vec::new();
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    walk(&root().join("book/src"), &mut md);
    walk(&root().join("exercises"), &mut md);
    md.sort();
    let mut out = Vec::new();
    for f in md {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut block: Option<(usize, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            match &mut block {
                None => {
                    if let Some(info) = t.strip_prefix("```")
                        && (info == "yaml" || info.starts_with("yaml,"))
                        && !info.contains("fragment")
                    {
                        block = Some((i + 1, String::new()));
                    }
                }
                Some((start, body)) => {
                    if t.starts_with("```") {
                        let rel = f
                            .strip_prefix(root())
                            .unwrap()
                            .display()
                            .to_string()
                            .replace('/', "_");
                        let name = tmp.join(format!("book-{rel}-{start}.yaml"));
                        std::fs::write(&name, body.as_bytes()).unwrap();
                        out.push(name);
                        block = None;
                    } else {
                        body.push_str(line);
                        body.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// `a.b[2]["c.d"]` → segments.
fn parse_path(p: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut rest = p;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[\"") {
            let end = r.find("\"]").expect("closing \"]");
            out.push(Seg::Key(r[..end].to_string()));
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap();
            out.push(Seg::Index(r[..end].parse().unwrap()));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(Seg::Key(r[..end].to_string()));
            rest = &r[end..];
        }
    }
    out
}

#[derive(Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn step<'a>(v: &'a mut Value, s: &Seg) -> &'a mut Value {
    match s {
        Seg::Key(k) => v
            .get_mut(k.as_str())
            .unwrap_or_else(|| panic!("no key {k}")),
        Seg::Index(i) => v.get_mut(*i).unwrap_or_else(|| panic!("no index {i}")),
    }
}

/// Applies one mutation of `mutations.yaml` to a base document.
fn mutate(doc: &mut Value, m: &Value) {
    let path = parse_path(m["path"].as_str().unwrap());
    let (last, parents) = path.split_last().unwrap();
    let mut at = doc;
    for s in parents {
        at = step(at, s);
    }
    match m["op"].as_str().unwrap() {
        "set" => match last {
            Seg::Key(k) => {
                if !at.is_object() {
                    *at = Value::Object(Default::default());
                }
                at[k.as_str()] = m["value"].clone();
            }
            Seg::Index(i) => at[*i] = m["value"].clone(),
        },
        "delete" => match last {
            Seg::Key(k) => {
                at.as_object_mut().unwrap().remove(k);
            }
            Seg::Index(i) => {
                at.as_array_mut().unwrap().remove(*i);
            }
        },
        "append" => step(at, last)
            .as_array_mut()
            .unwrap()
            .push(m["value"].clone()),
        "duplicate" => {
            let Seg::Index(i) = last else {
                panic!("duplicate needs an index")
            };
            let copy = at[*i].clone();
            at.as_array_mut().unwrap().push(copy);
        }
        op => panic!("unknown op {op}"),
    }
}

fn variants(tmp: &Path) -> Vec<Case> {
    let dir = root().join("tests/fixtures/oracle");
    let text = std::fs::read_to_string(dir.join("mutations.yaml")).unwrap();
    let stream = kubecours::yaml::parse_stream(&text, Default::default());
    let list = stream.documents[0].root.to_json();
    let mut out = Vec::new();
    for m in list.as_array().unwrap() {
        let base = m["base"].as_str().unwrap();
        let base_text = std::fs::read_to_string(dir.join("bases").join(base)).unwrap();
        let s = kubecours::yaml::parse_stream(&base_text, Default::default());
        let mut doc = s.documents[0].root.to_json();
        mutate(&mut doc, m);
        let id = m["id"].as_str().unwrap();
        let file = tmp.join(format!("variant-{id}.yaml"));
        std::fs::write(&file, kubecours::cluster::yamlout::to_yaml(&doc)).unwrap();
        let expect = if m["expect"].as_str() == Some("accepted") {
            "accepted"
        } else {
            "rejected"
        };
        out.push(Case {
            path: file,
            origin: Origin::Variant,
            expect: Some(expect),
        });
    }
    for b in std::fs::read_dir(dir.join("bases")).unwrap().flatten() {
        out.push(Case {
            path: b.path(),
            origin: Origin::Variant,
            expect: Some("accepted"),
        });
    }
    out
}

/// What kubecours says of one file, linted alone.
struct Lint {
    api_errors: Vec<String>,
    input_errors: Vec<String>,
    /// Ids of every finding.
    ids: Vec<&'static str>,
}

fn lint(path: &Path) -> Lint {
    let bytes = std::fs::read(path).unwrap();
    let opts = Options::default();
    let src = SourceFile::from_bytes(path.display().to_string(), bytes, opts.max_file_size);
    let run = engine::lint_sources(vec![src], &opts);
    let mut l = Lint {
        api_errors: Vec::new(),
        input_errors: Vec::new(),
        ids: run.findings.iter().map(|f| f.id()).collect(),
    };
    for f in run
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let line = format!(
            "{} {}:{} {}",
            f.id(),
            f.pos.line,
            f.pos.col,
            f.message(kubecours::i18n::Lang::En)
        );
        match f.code.basis {
            Basis::ApiServer => l.api_errors.push(line),
            _ => l.input_errors.push(line),
        }
    }
    l
}

/// Rejections that depend on the state of a cluster, not on the manifest.
fn depends_on_cluster(messages: &[String]) -> bool {
    messages.iter().all(|m| {
        m.contains("error looking up service account")
            || m.contains("no PriorityClass with name")
            || m.contains("provided port is already allocated")
            || m.contains("not configured on this cluster")
            || m.contains("is not configured for dual-stack")
    })
}

#[test]
fn kubecours_agrees_with_the_real_api_server() {
    let cp = ControlPlane::start();
    let tmp = tempfile::tempdir().unwrap();
    // The cases.
    let mut cases = Vec::new();
    let mut project = Vec::new();
    for d in ["tests/fixtures/rules", "exercises", "manifests"] {
        yaml_files(&root().join(d), &mut project);
    }
    project.retain(|p| !p.components().any(|c| c.as_os_str() == "oracle"));
    project.extend(book_examples(tmp.path()));
    cases.extend(project.into_iter().map(|path| Case {
        path,
        origin: Origin::Project,
        expect: None,
    }));
    let mut corpus = Vec::new();
    yaml_files(&root().join("../shared/corpora"), &mut corpus);
    cases.extend(corpus.into_iter().map(|path| Case {
        path,
        origin: Origin::Corpus,
        expect: None,
    }));
    cases.extend(variants(tmp.path()));

    // The server's verdicts, all files in one oracle process.
    let list = tmp.path().join("files.txt");
    std::fs::write(
        &list,
        cases
            .iter()
            .map(|c| c.path.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let out = Command::new(cp.kcp())
        .args(["oracle", "--json", "--kubeconfig"])
        .arg(&cp.kubeconfig)
        .arg("--files-from")
        .arg(&list)
        .output()
        .expect("kcp oracle runs");
    assert!(
        out.status.success(),
        "kcp oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut server: HashMap<String, (String, Vec<String>)> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let msgs = v["messages"].as_array().map_or(vec![], |a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect()
        });
        server.insert(
            v["file"].as_str().unwrap().to_string(),
            (v["verdict"].as_str().unwrap().to_string(), msgs),
        );
    }

    // The comparison.
    #[derive(Default)]
    struct Tally {
        files: usize,
        rejected: usize,
        caught: usize,
        accepted: usize,
        false_errors: usize,
        skipped: usize,
        /// Files kubecours says it did not check (its own limits) or that are a tool's input.
        not_judged: usize,
    }
    let mut tally: BTreeMap<Origin, Tally> = BTreeMap::new();
    let mut false_errors = Vec::new();
    let mut missed = Vec::new();
    let mut input_only = Vec::new();
    let mut data_mismatch = Vec::new();
    let mut real_checked = Vec::new();
    for c in &cases {
        let key = c.path.display().to_string();
        let Some((verdict, messages)) = server.get(&key) else {
            panic!("the oracle gave no verdict for {key}");
        };
        let t = tally.entry(c.origin).or_default();
        t.files += 1;
        let shown = c
            .path
            .strip_prefix(root())
            .unwrap_or(&c.path)
            .display()
            .to_string();
        let l = lint(&c.path);
        if let Some(expect) = c.expect {
            let server_says = if matches!(verdict.as_str(), "rejected" | "unreadable") {
                "rejected"
            } else {
                verdict.as_str()
            };
            if server_says != expect {
                data_mismatch.push(format!(
                    "{shown}: mutation data says {expect}, the server says {verdict}: {}",
                    messages.join(" | ")
                ));
            }
        }
        let not_judged = l.ids.iter().any(|id| {
            matches!(
                *id,
                "file-too-large" | "yaml-depth-limit" | "not-a-manifest"
            )
        });
        match verdict.as_str() {
            "skipped" => t.skipped += 1,
            _ if not_judged && l.api_errors.is_empty() => t.not_judged += 1,
            "error" => panic!("the oracle got no answer for {shown}: {messages:?}"),
            "accepted" => {
                t.accepted += 1;
                let real_only = !l.api_errors.is_empty()
                    && l.api_errors
                        .iter()
                        .all(|e| REAL_CREATE_ONLY.iter().any(|r| e.starts_with(r)));
                if real_only {
                    let (ok, why) = real_create(&cp, &c.path, t.files);
                    if ok {
                        t.false_errors += 1;
                        false_errors.push(format!("{shown}\n    server: accepted, also on a real create\n    kubecours: {}", l.api_errors.join("\n               ")));
                    } else {
                        real_checked.push(format!(
                            "{shown}: accepted by the dry run, rejected by a real create: {why}"
                        ));
                    }
                } else if !l.api_errors.is_empty() {
                    t.false_errors += 1;
                    false_errors.push(format!(
                        "{shown}\n    server: accepted\n    kubecours: {}",
                        l.api_errors.join("\n               ")
                    ));
                } else if !l.input_errors.is_empty() {
                    input_only.push(format!("{shown}: {}", l.input_errors.join("; ")));
                }
            }
            _ if depends_on_cluster(messages) => t.skipped += 1,
            _ => {
                t.rejected += 1;
                if l.api_errors.is_empty() && l.input_errors.is_empty() {
                    missed.push(format!(
                        "{shown}\n    server: {}",
                        messages.join("\n            ")
                    ));
                } else {
                    t.caught += 1;
                }
            }
        }
    }

    // The table.
    let mut report = String::new();
    report.push_str(
        "\n== oracle: kubecours lint vs the Kubernetes 1.37 API server (dry run, strict) ==\n",
    );
    report.push_str(&format!(
        "{:<10} {:>6} {:>9} {:>7} {:>8} {:>12} {:>8}\n",
        "origin", "files", "rejected", "caught", "accepted", "false errors", "skipped"
    ));
    let (mut rej, mut caught, mut fe) = (0, 0, 0);
    for (o, t) in &tally {
        report.push_str(&format!(
            "{:<10} {:>6} {:>9} {:>7} {:>8} {:>12} {:>8}\n",
            format!("{o:?}"),
            t.files,
            t.rejected,
            t.caught,
            t.accepted,
            t.false_errors,
            t.skipped
        ));
        rej += t.rejected;
        caught += t.caught;
        fe += t.false_errors;
    }
    let rate = if rej == 0 {
        100.0
    } else {
        caught as f64 * 100.0 / rej as f64
    };
    report.push_str(&format!(
        "rejections caught: {caught}/{rej} = {rate:.1} %; false errors: {fe}\n"
    ));
    if !false_errors.is_empty() {
        report.push_str(
            "\n-- false errors (kubecours says the server rejects it; the server accepts it)\n",
        );
        for f in &false_errors {
            report.push_str(&format!("{f}\n"));
        }
    }
    if !missed.is_empty() {
        report.push_str("\n-- rejections kubecours misses\n");
        for m in &missed {
            report.push_str(&format!("{m}\n"));
        }
    }
    if !input_only.is_empty() {
        report.push_str(&format!("\n-- accepted by the server, errors of basis `input` in kubecours ({}): references or collisions inside one input, which the server does not judge\n", input_only.len()));
        for m in input_only.iter().take(40) {
            report.push_str(&format!("{m}\n"));
        }
    }
    if !data_mismatch.is_empty() {
        report.push_str(&format!("\n-- mutation data whose expected verdict the server contradicts ({}): the data is fixed, not kubecours\n", data_mismatch.len()));
        for m in &data_mismatch {
            report.push_str(&format!("{m}\n"));
        }
    }
    println!("{report}");
    let _ = std::fs::write(root().join("target/oracle-report.txt"), &report);
    assert!(false_errors.is_empty() && rate >= 95.0, "{report}");
}

#[test]
fn every_rule_that_says_the_server_rejects_its_bad_example_is_checked_by_the_server() {
    let cp = ControlPlane::start();
    let mut files = Vec::new();
    for rule in kubecours::rules::ALL
        .iter()
        .filter(|r| r.code.basis == Basis::ApiServer && r.code.severity == Severity::Error)
    {
        files.push((
            rule.id(),
            root()
                .join("tests/fixtures/rules")
                .join(rule.id())
                .join("bad.yaml"),
        ));
    }
    let out = Command::new(cp.kcp())
        .args(["oracle", "--json", "--kubeconfig"])
        .arg(&cp.kubeconfig)
        .args(files.iter().map(|f| &f.1))
        .output()
        .unwrap();
    let verdicts: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut wrong = Vec::new();
    for ((id, _), v) in files.iter().zip(&verdicts) {
        let verdict = v["verdict"].as_str().unwrap_or("");
        // nodeport-range: a dry run does not allocate node ports (see its doc).
        if !matches!(verdict, "rejected" | "unreadable") && *id != "nodeport-range" {
            wrong.push(format!("{id}: the server says `{verdict}` of its bad.yaml"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_table_of_kinds_is_the_servers_discovery() {
    let cp = ControlPlane::start();
    let versions = cp.kubectl().arg("api-versions").output().unwrap();
    assert!(versions.status.success());
    let mut served = std::collections::BTreeSet::new();
    for gv in String::from_utf8_lossy(&versions.stdout).lines() {
        let path = if gv == "v1" {
            "/api/v1".to_string()
        } else {
            format!("/apis/{gv}")
        };
        let out = cp.kubectl().args(["get", "--raw", &path]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        for r in v["resources"].as_array().unwrap() {
            let name = r["name"].as_str().unwrap();
            if !name.contains('/') {
                served.insert((
                    gv.to_string(),
                    r["kind"].as_str().unwrap().to_string(),
                    r["namespaced"].as_bool().unwrap(),
                ));
            }
        }
    }
    let mut wrong = Vec::new();
    for k in kubecours::schema::kinds::table() {
        let on_server = served
            .iter()
            .find(|(gv, kind, _)| gv == k.api_version && kind == k.kind);
        match on_server {
            Some(_) if !k.served => wrong.push(format!(
                "{} {}: the server serves it, the table says not served",
                k.api_version, k.kind
            )),
            Some((_, _, ns)) if *ns != k.namespaced => wrong.push(format!(
                "{} {}: namespaced is {ns} on the server",
                k.api_version, k.kind
            )),
            None if k.served => wrong.push(format!(
                "{} {}: the table says served, the server does not serve it",
                k.api_version, k.kind
            )),
            _ => {}
        }
    }
    // Every creatable kind the server serves is in the table.
    for (gv, kind, _) in &served {
        let known = kubecours::schema::kinds::table()
            .iter()
            .any(|k| k.api_version == gv && k.kind == kind);
        let not_creatable = matches!(
            kind.as_str(),
            "ComponentStatus"
                | "TokenReview"
                | "SelfSubjectReview"
                | "SubjectAccessReview"
                | "SelfSubjectAccessReview"
                | "SelfSubjectRulesReview"
                | "LocalSubjectAccessReview"
                | "Event"
                | "Binding"
        );
        if !known && !not_creatable {
            wrong.push(format!(
                "{gv} {kind}: served by the server, missing from the table"
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
