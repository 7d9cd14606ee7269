//! A stateful fake Kubernetes API server for tests and benchmarks: std
//! `TcpListener` and threads, bound to 127.0.0.1 only, bounded in time (it
//! stops by itself), serving LIST and GET from a YAML scenario, honouring
//! `labelSelector`, injecting faults (401, 403, 404, 500, slow answers,
//! dropped connections), and recording every request.
//!
//! A scenario (`tests/fixtures/cluster/<name>.yaml`):
//!
//! ```yaml
//! base: sain                # optional: start from another scenario's objects
//! exercise: 5               # for the tests: which exercise it goes with
//! namespace: tp             # objects without a namespace go there
//! namespaces: [tp]          # namespaces that exist (default: those of the objects)
//! files: {service.yaml: "…"} # for the tests: student files replacing the solution's
//! edits:                    # for the tests: text replaced (first occurrence) in the solution's files
//!   - {file: deployment.yaml, from: ":latest", to: ":1.1.O"}
//! delete: [Service/backend] # objects of the base to remove
//! patch:                    # merge into objects of the base (lists of named items merge by `name`)
//!   - {kind: Pod, name: web-1, merge: {status: {phase: Pending}}}
//! missing_groups: [networking.k8s.io] # API groups this server does not serve (404, like a real one)
//! delay_ms: 0               # every answer waits this long
//! faults:                   # the first whose `path` is contained in the request path applies ("*": all)
//!   - {path: /secrets, status: 403}
//!   - {path: /pods, delay_ms: 3000}
//!   - {path: /services, drop: true}
//! logs:
//!   - {pod: web-1, container: app, text: "…"}
//! objects: [ … Kubernetes objects … ]
//! ```

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The server stops by itself after this long, whatever happens.
const MAX_LIFETIME: Duration = Duration::from_secs(120);
/// A connection idle for this long is closed.
const IDLE: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, Default)]
pub struct Fault {
    pub path: String,
    pub status: Option<u16>,
    pub delay_ms: u64,
    pub drop: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Scenario {
    pub exercise: Option<u32>,
    pub namespace: String,
    pub namespaces: Option<Vec<String>>,
    pub files: BTreeMap<String, String>,
    /// (file, from, to): replacements in the solution's files.
    pub edits: Vec<(String, String, String)>,
    pub objects: Vec<Value>,
    pub logs: Vec<(String, String, String)>,
    pub faults: Vec<Fault>,
    pub delay_ms: u64,
    /// API groups not served: a real API server answers `404 page not found`.
    pub missing_groups: Vec<String>,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cluster")
}

fn yaml_to_json(text: &str) -> Value {
    let stream = kubecours::yaml::parse_stream(text, kubecours::yaml::Limits::default());
    assert!(
        !stream
            .issues
            .iter()
            .any(|i| matches!(i, kubecours::yaml::YamlIssue::Syntax { .. })),
        "invalid scenario YAML: {:?}",
        stream.issues
    );
    stream
        .documents
        .first()
        .map(|d| d.root.to_json())
        .unwrap_or(Value::Null)
}

fn identity(o: &Value) -> (String, String) {
    (
        o["kind"].as_str().unwrap_or("").to_string(),
        o["metadata"]["name"].as_str().unwrap_or("").to_string(),
    )
}

/// JSON merge patch, except that lists whose items all have a `name` merge
/// item by item (like `kubectl patch`'s strategic merge for containers).
pub fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (Value::Array(t), Value::Array(p))
            if !p.is_empty() && p.iter().chain(t.iter()).all(|x| x.get("name").is_some()) =>
        {
            for item in p {
                match t.iter_mut().find(|x| x["name"] == item["name"]) {
                    Some(x) => merge(x, item),
                    None => t.push(item.clone()),
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

impl Scenario {
    /// `tests/fixtures/cluster/<name>.yaml`, with its `base` applied.
    pub fn load(name: &str) -> Scenario {
        let path = fixtures().join(format!("{name}.yaml"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Scenario::from_yaml(&text)
    }

    pub fn from_yaml(text: &str) -> Scenario {
        let v = yaml_to_json(text);
        let mut sc = match v.get("base").and_then(Value::as_str) {
            Some(b) => Scenario::load(b),
            None => Scenario {
                namespace: "tp".into(),
                ..Scenario::default()
            },
        };
        if let Some(e) = v.get("exercise").and_then(Value::as_u64) {
            sc.exercise = Some(e as u32);
        }
        if let Some(n) = v.get("namespace").and_then(Value::as_str) {
            sc.namespace = n.to_string();
        }
        if let Some(ns) = v.get("namespaces").and_then(Value::as_array) {
            sc.namespaces = Some(
                ns.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            );
        }
        if let Some(d) = v.get("delay_ms").and_then(Value::as_u64) {
            sc.delay_ms = d;
        }
        for g in v
            .get("missing_groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            sc.missing_groups.push(g.as_str().unwrap_or("").to_string());
        }
        if let Some(files) = v.get("files").and_then(Value::as_object) {
            for (k, t) in files {
                sc.files
                    .insert(k.clone(), t.as_str().unwrap_or("").to_string());
            }
        }
        for e in v
            .get("edits")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            sc.edits.push((s("file"), s("from"), s("to")));
        }
        for p in v
            .get("patch")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = (
                p["kind"].as_str().unwrap_or("").to_string(),
                p["name"].as_str().unwrap_or("").to_string(),
            );
            let target = sc
                .objects
                .iter_mut()
                .find(|o| identity(o) == id)
                .unwrap_or_else(|| panic!("patch: no {id:?} in the base"));
            merge(target, &p["merge"]);
        }
        for d in v
            .get("delete")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (kind, name) = d.as_str().unwrap_or("").split_once('/').unwrap_or(("", ""));
            sc.objects
                .retain(|o| identity(o) != (kind.to_string(), name.to_string()));
        }
        for o in v
            .get("objects")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = identity(o);
            sc.objects.retain(|x| identity(x) != id);
            sc.objects.push(o.clone());
        }
        for l in v
            .get("logs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| l[k].as_str().unwrap_or("").to_string();
            sc.logs.push((s("pod"), s("container"), s("text")));
        }
        for f in v
            .get("faults")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            sc.faults.push(Fault {
                path: f["path"].as_str().unwrap_or("*").to_string(),
                status: f["status"].as_u64().map(|s| s as u16),
                delay_ms: f["delay_ms"].as_u64().unwrap_or(0),
                drop: f["drop"].as_bool().unwrap_or(false),
            });
        }
        sc
    }

    pub fn with_fault(mut self, f: Fault) -> Scenario {
        self.faults.insert(0, f);
        self
    }

    fn ns_of(&self, o: &Value) -> String {
        o["metadata"]["namespace"]
            .as_str()
            .unwrap_or(&self.namespace)
            .to_string()
    }

    fn existing_namespaces(&self) -> BTreeSet<String> {
        match &self.namespaces {
            Some(n) => n.iter().cloned().collect(),
            None => {
                let mut s: BTreeSet<String> = self.objects.iter().map(|o| self.ns_of(o)).collect();
                s.insert(self.namespace.clone());
                s
            }
        }
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub user_agent: String,
}

struct State {
    scenario: Scenario,
    requests: Mutex<Vec<Recorded>>,
    /// TCP connections accepted.
    connections: std::sync::atomic::AtomicUsize,
    stop: AtomicBool,
}

/// A running fake API server; stops when dropped (or after [`MAX_LIFETIME`]).
pub struct FakeApi {
    pub addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

impl FakeApi {
    pub fn start(scenario: Scenario) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let state = Arc::new(State {
            scenario,
            requests: Mutex::new(Vec::new()),
            connections: std::sync::atomic::AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let st = state.clone();
        let accept = std::thread::spawn(move || {
            let started = Instant::now();
            while !st.stop.load(Ordering::Relaxed) && started.elapsed() < MAX_LIFETIME {
                match listener.accept() {
                    Ok((stream, _)) => {
                        st.connections.fetch_add(1, Ordering::Relaxed);
                        let st = st.clone();
                        std::thread::spawn(move || serve(stream, &st, started));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2))
                    }
                    Err(_) => break,
                }
            }
        });
        FakeApi {
            addr,
            state,
            accept: Some(accept),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::Relaxed)
    }

    /// Writes a kubeconfig whose current context points at this server.
    pub fn kubeconfig(&self, dir: &Path, namespace: Option<&str>) -> PathBuf {
        let ns = namespace
            .map(|n| format!("\n    namespace: {n}"))
            .unwrap_or_default();
        let text = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: faux\n  cluster:\n    server: {}\ncontexts:\n- name: faux\n  context:\n    cluster: faux\n    user: eleve{ns}\n- name: autre\n  context:\n    cluster: faux\n    user: eleve\ncurrent-context: faux\nusers:\n- name: \
                eleve\n  user:\n    token: jeton-de-test\n",
            self.url()
        );
        let path = dir.join("kubeconfig");
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(stream: TcpStream, st: &State, started: Instant) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut writer = stream;
    let mut idle = Instant::now();
    loop {
        if st.stop.load(Ordering::Relaxed)
            || started.elapsed() > MAX_LIFETIME
            || idle.elapsed() > IDLE
        {
            return;
        }
        // Request line and headers.
        let mut head = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => return,
                Ok(_) => {
                    if line == "\r\n" || line == "\n" {
                        break;
                    }
                    head.push(line.trim_end().to_string());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if head.is_empty() {
                        if st.stop.load(Ordering::Relaxed) || idle.elapsed() > IDLE {
                            return;
                        }
                        continue;
                    }
                    continue;
                }
                Err(_) => return,
            }
        }
        idle = Instant::now();
        let Some(request_line) = head.first() else {
            continue;
        };
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let user_agent = head
            .iter()
            .find_map(|h| {
                h.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default();
        let length: usize = head
            .iter()
            .find_map(|h| {
                h.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .map(|(_, v)| v.trim().parse().unwrap_or(0))
            })
            .unwrap_or(0);
        if length > 0 {
            let mut body = vec![0; length.min(1 << 20)];
            let _ = reader.read_exact(&mut body);
        }
        let (path, query) = target
            .split_once('?')
            .map_or((target.clone(), String::new()), |(p, q)| {
                (p.to_string(), q.to_string())
            });
        let fault = st
            .scenario
            .faults
            .iter()
            .find(|f| f.path == "*" || path.contains(&f.path))
            .cloned();
        let delay = st.scenario.delay_ms + fault.as_ref().map_or(0, |f| f.delay_ms);
        if delay > 0 {
            std::thread::sleep(Duration::from_millis(delay));
        }
        if fault.as_ref().is_some_and(|f| f.drop) {
            record(st, &method, &path, &query, 0, &user_agent);
            let _ = writer.shutdown(std::net::Shutdown::Both);
            return;
        }
        let (status, content_type, body) = match fault.as_ref().and_then(|f| f.status) {
            Some(code) => (
                code,
                "application/json",
                fault_status(code, &path, &st.scenario).to_string(),
            ),
            None if method != "GET" => (
                405,
                "application/json",
                status_json(
                    405,
                    "MethodNotAllowed",
                    "the fake API server only answers GET",
                    json!({}),
                ),
            ),
            None => route(&path, &query, &st.scenario),
        };
        record(st, &method, &path, &query, status, &user_agent);
        let reason = match status {
            200 => "OK",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => "Status",
        };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
        let _ = writer.flush();
    }
}

fn record(st: &State, method: &str, path: &str, query: &str, status: u16, user_agent: &str) {
    st.requests.lock().unwrap().push(Recorded {
        method: method.into(),
        path: path.into(),
        query: query.into(),
        status,
        user_agent: user_agent.into(),
    });
}

fn status_json(code: u16, reason: &str, message: &str, details: Value) -> String {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "details": details, "code": code}).to_string()
}

/// `(group, resource)` of a path.
fn resource_of(path: &str) -> (String, String, Option<String>) {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => (String::new(), rest.to_vec()),
        ["apis", g, _v, rest @ ..] => (g.to_string(), rest.to_vec()),
        _ => (String::new(), vec![]),
    };
    match rest.as_slice() {
        ["namespaces", ns, res, ..] => (group, res.to_string(), Some(ns.to_string())),
        ["namespaces", ns] => (group, "namespaces".into(), Some(ns.to_string())),
        [res, ..] => (group, res.to_string(), None),
        [] => (group, String::new(), None),
    }
}

fn fault_status(code: u16, path: &str, sc: &Scenario) -> Value {
    let (group, res, ns) = resource_of(path);
    let ns = ns.unwrap_or_else(|| sc.namespace.clone());
    let body = match code {
        401 => status_json(401, "Unauthorized", "Unauthorized", json!({})),
        403 => status_json(
            403,
            "Forbidden",
            &format!(
                "{res} is forbidden: User \"system:serviceaccount:{ns}:default\" cannot list resource \"{res}\" in API group \"{group}\" in the namespace \"{ns}\""
            ),
            json!({"kind": res, "group": group}),
        ),
        404 => status_json(
            404,
            "NotFound",
            &format!("namespaces \"{ns}\" not found"),
            json!({"name": ns, "kind": "namespaces"}),
        ),
        500 => status_json(
            500,
            "InternalError",
            "Internal error occurred: etcdserver: request timed out",
            json!({}),
        ),
        c => status_json(c, "Unknown", "fault injected by the test", json!({})),
    };
    serde_json::from_str(&body).unwrap()
}

fn kind_of(group: &str, res: &str) -> Option<&'static str> {
    Some(match (group, res) {
        ("", "pods") => "Pod",
        ("", "services") => "Service",
        ("", "configmaps") => "ConfigMap",
        ("", "secrets") => "Secret",
        ("", "persistentvolumeclaims") => "PersistentVolumeClaim",
        ("", "events") => "Event",
        ("", "endpoints") => "Endpoints",
        ("", "resourcequotas") => "ResourceQuota",
        ("apps", "deployments") => "Deployment",
        ("apps", "replicasets") => "ReplicaSet",
        ("discovery.k8s.io", "endpointslices") => "EndpointSlice",
        ("networking.k8s.io", "ingresses") => "Ingress",
        ("batch", "jobs") => "Job",
        ("batch", "cronjobs") => "CronJob",
        _ => return None,
    })
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let h = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| decode(v))
}

/// `app=web,tier!=db,env,!old`.
fn selector_matches(selector: &str, labels: &Value) -> bool {
    selector
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|req| {
            let get = |k: &str| {
                labels
                    .get(k.trim())
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if let Some((k, v)) = req.split_once("!=") {
                get(k).as_deref() != Some(v.trim())
            } else if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
                get(k).as_deref() == Some(v.trim())
            } else if let Some(k) = req.strip_prefix('!') {
                get(k).is_none()
            } else {
                get(req).is_some()
            }
        })
}

fn route(path: &str, query: &str, sc: &Scenario) -> (u16, &'static str, String) {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    if segs == ["version"] {
        return (
            200,
            "application/json",
            json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-fake"}).to_string(),
        );
    }
    // Namespace GET.
    if let ["api", "v1", "namespaces", ns] = segs.as_slice() {
        return if sc.existing_namespaces().contains(*ns) {
            (200, "application/json", json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}, "status": {"phase": "Active"}}).to_string())
        } else {
            (
                404,
                "application/json",
                status_json(
                    404,
                    "NotFound",
                    &format!("namespaces \"{ns}\" not found"),
                    json!({"name": ns, "kind": "namespaces"}),
                ),
            )
        };
    }
    // Logs.
    if let ["api", "v1", "namespaces", ns, "pods", pod, "log"] = segs.as_slice() {
        let container = param(query, "container").unwrap_or_default();
        let exists = sc
            .objects
            .iter()
            .any(|o| identity(o) == ("Pod".into(), pod.to_string()) && sc.ns_of(o) == *ns);
        if !exists {
            return (
                404,
                "application/json",
                status_json(
                    404,
                    "NotFound",
                    &format!("pods \"{pod}\" not found"),
                    json!({"name": pod, "kind": "pods"}),
                ),
            );
        }
        let text = sc
            .logs
            .iter()
            .find(|(p, c, _)| p == pod && (c == &container || container.is_empty()))
            .map(|(_, _, t)| t.clone())
            .unwrap_or_default();
        let tail = param(query, "tailLines").and_then(|t| t.parse::<usize>().ok());
        let lines: Vec<&str> = text.lines().collect();
        let start = tail.map_or(0, |t| lines.len().saturating_sub(t));
        let mut out = lines[start..].join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        return (200, "text/plain", out);
    }
    let (group, res, ns) = resource_of(path);
    if sc.missing_groups.contains(&group) {
        return (404, "text/plain", "404 page not found\n".into());
    }
    let name = {
        let idx = if group.is_empty() { 5 } else { 6 };
        segs.get(idx).map(|s| s.to_string())
    };
    let Some(kind) = kind_of(&group, &res) else {
        return (
            404,
            "application/json",
            status_json(
                404,
                "NotFound",
                "the server could not find the requested resource",
                json!({}),
            ),
        );
    };
    let in_ns = |o: &&Value| identity(o).0 == kind && ns.as_ref().is_none_or(|n| &sc.ns_of(o) == n);
    if let Some(name) = name {
        return match sc
            .objects
            .iter()
            .filter(in_ns)
            .find(|o| identity(o).1 == name)
        {
            Some(o) => (200, "application/json", o.to_string()),
            None => (
                404,
                "application/json",
                status_json(
                    404,
                    "NotFound",
                    &format!("{res} \"{name}\" not found"),
                    json!({"name": name, "kind": res}),
                ),
            ),
        };
    }
    let selector = param(query, "labelSelector");
    let items: Vec<Value> = sc
        .objects
        .iter()
        .filter(in_ns)
        .filter(|o| {
            selector
                .as_deref()
                .is_none_or(|s| selector_matches(s, &o["metadata"]["labels"]))
        })
        .map(|o| {
            let mut o = o.clone();
            if o["metadata"].get("namespace").is_none() {
                o["metadata"]["namespace"] = json!(sc.namespace);
            }
            o
        })
        .collect();
    let api_version = if group.is_empty() {
        "v1".to_string()
    } else {
        format!("{group}/v1")
    };
    (200, "application/json", json!({"apiVersion": api_version, "kind": format!("{kind}List"), "metadata": {"resourceVersion": "1"}, "items": items}).to_string())
}

#[test]
fn label_selectors_are_honoured() {
    let labels = json!({"app": "web", "tier": "front"});
    assert!(selector_matches("app=web", &labels));
    assert!(selector_matches("app==web,tier", &labels));
    assert!(!selector_matches("app=web,tier!=front", &labels));
    assert!(selector_matches("!old", &labels));
    assert_eq!(decode("app%3Dweb%2Ctier"), "app=web,tier");
}
