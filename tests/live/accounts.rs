//! The student's credentials: the in-cluster ServiceAccount, RBAC refusals,
//! an expired token, a CA that did not sign the server's certificate.

use super::*;

/// The VSCode pod's way: no kubeconfig, the ServiceAccount's token, CA and
/// namespace files in `/var/run/secrets/kubernetes.io/serviceaccount/`,
/// `KUBERNETES_SERVICE_HOST`/`PORT`. kube reads those fixed paths, so the
/// test runs kubecours in a private mount namespace (`unshare -rm`) where a
/// tmpfs hides `/run` and a folder of the test is bound over that path.
#[test]
fn in_cluster_service_account() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("5").unwrap();
    let ns = cp.namespace("dans-le-pod");
    let dir = folder(tmp.path(), "05-service-clusterip", &ex.solution);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let sa = tmp.path().join("serviceaccount");
    std::fs::create_dir_all(&sa).unwrap();
    std::fs::write(sa.join("token"), &cp.token).unwrap();
    std::fs::copy(&cp.ca, sa.join("ca.crt")).unwrap();
    std::fs::write(sa.join("namespace"), &ns).unwrap();
    let script = format!(
        "set -e; mount -t tmpfs tmpfs /run; mkdir -p /run/secrets/kubernetes.io/serviceaccount; mount --bind {sa} /run/secrets/kubernetes.io/serviceaccount; exec {bin} check 5 --dir {dir} \"$@\"",
        sa = sa.display(),
        bin = env!("CARGO_BIN_EXE_kubecours"),
        dir = dir.display()
    );
    let run = || {
        let mut c = bounded(Duration::from_secs(60), Path::new("unshare"));
        c.args(["-rm", "sh", "-c", &script, "sh"])
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .env("HOME", tmp.path())
            .env_remove("KUBECONFIG")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env("KUBERNETES_SERVICE_HOST", "127.0.0.1")
            .env("KUBERNETES_SERVICE_PORT", cp.port.to_string());
        Run::of(c.output().unwrap())
    };
    let r = run();
    assert!(
        !r.stderr.contains("unshare:"),
        "unshare -rm is needed for this test: {}",
        r.stderr
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            &format!(
                "Cluster : cluster du pod (https://127.0.0.1:{}), namespace `{ns}`",
                cp.port
            ),
            "✓ Le Service du cluster correspond à votre fichier `service.yaml` (cluster)",
            "✗ Le Service `backend` a un Pod prêt derrière lui (cluster)",
        ],
    );
    // A token the server no longer accepts, in the pod: what to do there.
    std::fs::write(sa.join("token"), "jeton-revoque").unwrap();
    let r = run();
    assert_fault(
        &r,
        &[
            "refuse le jeton du ServiceAccount du pod (401 Unauthorized)",
            "redémarrez le pod VSCode",
        ],
    );
    std::fs::write(sa.join("token"), &cp.token).unwrap();
    // The wrong port's CA: TLS fails, in the pod's words.
    let other = tmp.path().join("autre-ca");
    std::process::Command::new(control_plane_kcp(cp))
        .args(["certs", other.to_str().unwrap(), "--server", &cp.server])
        .output()
        .unwrap();
    std::fs::copy(other.join("ca.crt"), sa.join("ca.crt")).unwrap();
    let r = run();
    assert_fault(&r, &["échec TLS", "`ca.crt` du ServiceAccount"]);
}

fn control_plane_kcp(cp: &ControlPlane) -> PathBuf {
    let env = std::fs::read_to_string(cp.dir.join("cluster.env")).unwrap();
    PathBuf::from(
        env.lines()
            .find_map(|l| l.strip_prefix("KCP_BIN="))
            .unwrap(),
    )
}

/// Real RBAC refusals and credentials the server rejects: exit 2 (or the
/// documented note for logs) and a French message that says what to do.
#[test]
fn rbac_faults_tls_and_expired_tokens() {
    let cp = get();
    let tmp = tempfile::tempdir().unwrap();
    let catalog = catalog();
    let ex = catalog.find("8").unwrap();
    let dir = folder(tmp.path(), "08", &ex.solution);
    let role = readme_role();

    // A Role without `list` on `pods`.
    let no_pods = role.replacen(
        "resources: [pods, pods/log, services",
        "resources: [pods/log, services",
        1,
    );
    assert_ne!(no_pods, role);
    let ns = cp.namespace_with("sans-list-pods", &no_pods, true);
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            &format!("`{STUDENT_USER}` n'a pas le droit `list pods` dans le namespace `{ns}`"),
            &format!("kubectl auth can-i list pods -n {ns}"),
            "`jobs`, `cronjobs` (groupe `batch`)",
        ],
    );

    // No RoleBinding at all: every list is refused, each is named.
    let ns = cp.namespace_with("sans-rolebinding", &role, false);
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            "`list pods`",
            "`list deployments` (apps)",
            "`list jobs` (batch)",
            "`list ingresses` (networking.k8s.io)",
            "RoleBinding",
        ],
    );

    // A Role without `get` on `pods/log`: the check goes on (exit 1), the
    // missing logs are said, with the command to read them.
    let no_logs = role.replacen("[pods, pods/log, services", "[pods, services", 1);
    let ns = cp.namespace_with("sans-journaux", &no_logs, true);
    apply_each(cp, &ns, &dir, &ex.solution);
    cp.settle(&ns);
    let pod = cp.pods(&ns).remove(0);
    cp.pod_status(
        &ns,
        &pod,
        json!({"phase": "Running", "containerStatuses": [{"name": "backend", "ready": false, "restartCount": 2, "image": "x", "imageID": "", "started": false, "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
    );
    let r = check(cp, tmp.path(), &ns, 8, &dir, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_has(
        &r.stdout,
        &[
            "erreur[crash-loop]",
            &format!(
                "journaux de `{pod}/backend` non lus (droit `get` sur `pods/log` manquant) : `kubectl logs {pod} -c backend --previous`"
            ),
            &format!("lisez le journal : `kubectl logs {pod} --previous`"),
        ],
    );

    // An expired token: the student's own token, re-signed by the
    // cluster's key with `exp` in the past (`kubectl create token` refuses
    // durations under 10 minutes). The same claims with a future `exp` are
    // accepted: only the expiry differs.
    let ns = cp.namespace("jeton-expire");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let expired = resign(cp, now - 7200, now - 3600);
    let fresh = resign(cp, now - 60, now + 3600);
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &fresh, &cp.ca);
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "the re-signed token is accepted: {}", r.stderr);
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &expired, &cp.ca);
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_fault(
        &r,
        &[
            "refuse vos identifiants (401 Unauthorized)",
            "a expiré",
            "retéléchargez le kubeconfig",
        ],
    );
    let log = std::fs::read_to_string(cp.dir.join("kube-apiserver.log")).unwrap();
    assert!(
        log.contains("service account token has expired"),
        "the server saw an expired token"
    );

    // TLS with a CA that did not sign the server's certificate.
    let other = tmp.path().join("autre-ca");
    let out = std::process::Command::new(control_plane_kcp(cp))
        .args(["certs", other.to_str().unwrap(), "--server", &cp.server])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kc = cp.student_kubeconfig(tmp.path(), &ns, &cp.token, &other.join("ca.crt"));
    let r = kubecours(
        tmp.path(),
        Some(&kc),
        &["check", "8", "--dir", dir.to_str().unwrap()],
    );
    assert_fault(
        &r,
        &[
            "échec TLS",
            "certificate-authority-data",
            "retéléchargez-le",
        ],
    );
}

/// The student's token with new times, signed with the cluster's
/// ServiceAccount key (`openssl dgst -sha256 -sign`).
fn resign(cp: &ControlPlane, iat: i64, exp: i64) -> String {
    use control_plane::{b64url, b64url_decode};
    let mut parts = cp.token.split('.');
    let header = parts.next().unwrap();
    let mut claims: Value = serde_json::from_slice(&b64url_decode(parts.next().unwrap())).unwrap();
    claims["iat"] = json!(iat);
    claims["nbf"] = json!(iat);
    claims["exp"] = json!(exp);
    let signed = format!("{header}.{}", b64url(claims.to_string().as_bytes()));
    let mut child = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-binary", "-sign"])
        .arg(cp.dir.join("sa.key"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl is needed to sign the expired token");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(signed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    format!("{signed}.{}", b64url(&out.stdout))
}
