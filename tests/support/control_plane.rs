//! The real control plane of `tests/apiserver/` (etcd, kube-apiserver 1.37,
//! kube-controller-manager; no scheduler, no kubelet), started once per test
//! binary and shared by its tests, each in namespaces of its own. Stopped
//! when the test binary exits. If it cannot start, every test that needs it
//! fails with the reason and the end of the logs.
//!
//! Bounds: the build of the `kcp` binary (`tests/apiserver/build`, minutes
//! when cold, seconds once cached) is given `KUBECOURS_LIVE_BUILD_TIMEOUT`
//! seconds (default 1800), the start 180 s, every command 60 s.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Where the students' ServiceAccount lives.
pub const HOME_NS: &str = "kubecours-live";
pub const STUDENT: &str = "etudiant";
/// Its user name in the audit log.
pub const STUDENT_USER: &str = "system:serviceaccount:kubecours-live:etudiant";

pub struct ControlPlane {
    pub dir: PathBuf,
    pub server: String,
    pub port: u16,
    pub ca: PathBuf,
    pub admin: PathBuf,
    pub kubectl: PathBuf,
    /// A token of the student's ServiceAccount (`kubectl create token`).
    pub token: String,
}

static CP: OnceLock<Result<ControlPlane, String>> = OnceLock::new();
static STOP_DIR: OnceLock<PathBuf> = OnceLock::new();

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared control plane; panics with the reason when it cannot start.
pub fn get() -> &'static ControlPlane {
    match CP.get_or_init(start) {
        Ok(cp) => cp,
        Err(e) => panic!("the real control plane (tests/apiserver) could not be started: {e}"),
    }
}

/// `cmd` with a time limit (`timeout` sends TERM, then KILL 5 s later).
pub fn bounded(limit: Duration, program: &Path) -> Command {
    let mut c = Command::new("timeout");
    c.arg("--kill-after=5")
        .arg(format!("{}", limit.as_secs().max(1)))
        .arg(program);
    c
}

fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

extern "C" fn stop_at_exit() {
    if let Some(dir) = STOP_DIR.get() {
        let _ = Command::new(root().join("tests/apiserver/down"))
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

fn start() -> Result<ControlPlane, String> {
    let started = Instant::now();
    let build_limit = std::env::var("KUBECOURS_LIVE_BUILD_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1800u64);
    let build = bounded(
        Duration::from_secs(build_limit),
        &root().join("tests/apiserver/build"),
    )
    .output()
    .map_err(|e| format!("cannot run tests/apiserver/build: {e}"))?;
    if !build.status.success() {
        return Err(format!(
            "tests/apiserver/build failed ({}; limit {build_limit} s, KUBECOURS_LIVE_BUILD_TIMEOUT): {}",
            build.status,
            String::from_utf8_lossy(&build.stderr)
        ));
    }
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let up = bounded(Duration::from_secs(180), &root().join("tests/apiserver/up"))
        .arg(&dir)
        .env("KCP_UP_TIMEOUT", "150")
        .output()
        .map_err(|e| format!("cannot run tests/apiserver/up: {e}"))?;
    if !up.status.success() {
        let logs: String = ["etcd", "kube-apiserver", "kube-controller-manager"]
            .iter()
            .map(|n| {
                format!(
                    "\n--- {n}.log ---\n{}",
                    tail(&dir.join(format!("{n}.log")), 15)
                )
            })
            .collect();
        let _ = Command::new(root().join("tests/apiserver/down"))
            .arg(&dir)
            .status();
        return Err(format!(
            "tests/apiserver/up {} failed ({}): {}{logs}",
            dir.display(),
            up.status,
            String::from_utf8_lossy(&up.stderr)
        ));
    }
    let _ = STOP_DIR.set(dir.clone());
    unsafe extern "C" {
        fn atexit(f: extern "C" fn()) -> i32;
    }
    // SAFETY: registers a plain function with the C runtime, once.
    unsafe {
        atexit(stop_at_exit);
    }
    let env = std::fs::read_to_string(dir.join("cluster.env")).map_err(|e| e.to_string())?;
    let var = |k: &str| {
        env.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
            .ok_or_else(|| format!("{k} missing from cluster.env"))
    };
    let server = var("KCP_SERVER")?;
    let port: u16 = var("KCP_API_PORT")?.parse().map_err(|e| format!("{e}"))?;
    let mut cp = ControlPlane {
        kubectl: dir.join("bin/kubectl"),
        admin: dir.join("admin.kubeconfig"),
        ca: dir.join("ca.crt"),
        dir,
        server,
        port,
        token: String::new(),
    };
    cp.admin_ok(&["create", "namespace", HOME_NS])?;
    cp.admin_ok(&["-n", HOME_NS, "create", "serviceaccount", STUDENT])?;
    cp.token = cp
        .admin_ok(&[
            "-n",
            HOME_NS,
            "create",
            "token",
            STUDENT,
            "--duration",
            "2h",
        ])?
        .trim()
        .to_string();
    eprintln!(
        "live: control plane up in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        cp.dir.display()
    );
    Ok(cp)
}

/// The Role of the README ("Un Role qui suffit"), as written there.
pub fn readme_role() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme
        .find("Un Role qui suffit")
        .expect("README: « Un Role qui suffit »");
    let rest = &readme[at..];
    let start = rest
        .find("```yaml\n")
        .expect("README: the Role's yaml block")
        + 8;
    let end = rest[start..].find("```").unwrap() + start;
    rest[start..end].to_string()
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl ControlPlane {
    /// `kubectl --kubeconfig admin.kubeconfig ARGS` (60 s at most).
    pub fn admin(&self, args: &[&str]) -> Output {
        bounded(Duration::from_secs(60), &self.kubectl)
            .arg("--kubeconfig")
            .arg(&self.admin)
            .args(args)
            .output()
            .unwrap()
    }

    /// The same, which must succeed: its standard output.
    pub fn admin_ok(&self, args: &[&str]) -> Result<String, String> {
        let out = self.admin(args);
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "kubectl {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// `kubectl apply` of a manifest given as text (standard input).
    pub fn admin_apply(&self, ns: &str, yaml: &str) -> Result<String, String> {
        use std::io::Write;
        let mut child = bounded(Duration::from_secs(60), &self.kubectl)
            .arg("--kubeconfig")
            .arg(&self.admin)
            .args(["-n", ns, "apply", "-f", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(yaml.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// JSON of `kubectl get ARGS -o json`.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.extend(["-o", "json"]);
        serde_json::from_str(&self.admin_ok(&a).unwrap()).unwrap()
    }

    /// A fresh namespace where the student's ServiceAccount has `role`
    /// (the README's by default), bound by a RoleBinding unless `bind` is false.
    pub fn namespace_with(&self, prefix: &str, role: &str, bind: bool) -> String {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let ns = format!("{prefix}-{n}");
        self.admin_ok(&["create", "namespace", &ns]).unwrap();
        let mut rbac = role.to_string();
        if bind {
            rbac.push_str(&format!(
                "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: kubecours-lecture\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: kubecours-lecture\nsubjects:\n  - kind: ServiceAccount\n    name: {STUDENT}\n    namespace: {HOME_NS}\n"
            ));
        }
        self.admin_apply(&ns, &rbac).unwrap();
        ns
    }

    /// A fresh namespace with the README's Role bound to the student.
    pub fn namespace(&self, prefix: &str) -> String {
        self.namespace_with(prefix, &readme_role(), true)
    }

    /// A kubeconfig for the student (`token`), its context on `ns`, trusting `ca`.
    pub fn student_kubeconfig(&self, dir: &Path, ns: &str, token: &str, ca: &Path) -> PathBuf {
        let path = dir.join(format!("kubeconfig-{ns}"));
        std::fs::write(
            &path,
            format!(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: kcp\n  cluster:\n    server: {}\n    certificate-authority: {}\ncontexts:\n- name: etudiant\n  context: {{cluster: kcp, user: etudiant, namespace: {ns}}}\ncurrent-context: etudiant\nusers:\n- name: etudiant\n  \
                    user:\n    token: {token}\n",
                self.server,
                ca.display()
            ),
        )
        .unwrap();
        path
    }

    /// Audit log entries (`Metadata` level) of one user.
    pub fn audit(&self, user: &str) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.dir.join("audit.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|e| e["user"]["username"] == user)
            .collect()
    }

    /// Waits (20 s at most) until the controllers have done their work in
    /// `ns`: every Deployment's Pods created, every Job's Pod created.
    pub fn settle(&self, ns: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.json(&["-n", ns, "get", "deployments,jobs"]);
            let done = v["items"].as_array().unwrap().iter().all(|o| {
                let spec = |k: &str| o["spec"][k].as_i64();
                let status = |k: &str| o["status"][k].as_i64().unwrap_or(0);
                match o["kind"].as_str() {
                    Some("Deployment") => {
                        status("observedGeneration")
                            >= o["metadata"]["generation"].as_i64().unwrap_or(1)
                            && status("replicas") >= spec("replicas").unwrap_or(1)
                    }
                    Some("Job") => {
                        status("active") + status("succeeded") + status("failed") >= 1
                            || o["spec"]["suspend"] == true
                    }
                    _ => true,
                }
            });
            if done || Instant::now() > deadline {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Writes a Pod's status through its `status` subresource, as a kubelet would.
    pub fn pod_status(&self, ns: &str, pod: &str, status: serde_json::Value) {
        let patch = serde_json::json!({ "status": status }).to_string();
        self.admin_ok(&[
            "-n",
            ns,
            "patch",
            "pod",
            pod,
            "--subresource=status",
            "--type=merge",
            "-p",
            &patch,
        ])
        .unwrap();
    }

    /// The names of the Pods of `ns`.
    pub fn pods(&self, ns: &str) -> Vec<String> {
        self.json(&["-n", ns, "get", "pods"])["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// An event about a Pod, as a kubelet or the scheduler writes it.
    pub fn pod_event(&self, ns: &str, pod: &str, reason: &str, note: &str, controller: &str) {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let now = now_rfc3339_micro();
        self.admin_apply(
            ns,
            &format!(
                "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata:\n  name: {pod}.{n}\neventTime: \"{now}\"\nreportingController: {controller}\nreportingInstance: {controller}-kcp\naction: {reason}\nreason: {reason}\ntype: Warning\nnote: {}\nregarding: {{apiVersion: v1, kind: \
                    Pod, name: {pod}, namespace: {ns}}}\n",
                serde_json::Value::String(note.to_string())
            ),
        )
        .unwrap();
    }
}

/// `2026-12-01T22:49:44.000000Z` (events.k8s.io's `eventTime`).
pub fn now_rfc3339_micro() -> String {
    let out = Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%S.000000Z"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// base64url without padding (JWT), both ways.
pub fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn b64url_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|c| *c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= (val(*c) as u32) << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn base64url_round_trips() {
    for s in ["", "a", "ab", "abc", "abcd", "{\"alg\":\"RS256\"}"] {
        assert_eq!(b64url_decode(&b64url(s.as_bytes())), s.as_bytes(), "{s}");
    }
    assert_eq!(b64url(b"\xfb\xff"), "-_8");
}
