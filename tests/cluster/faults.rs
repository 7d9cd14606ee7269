//! What the cluster side does when the server refuses, is slow, closes the
//! connection, or when no cluster is configured: exit 2 and what to do.

use super::*;

// ---------------------------------------------------------------- faults

#[test]
fn fault_401_unauthorized() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("*", Some(401), 0, false)),
        &[],
    );
    assert_fault(
        &r,
        &["401 Unauthorized", "retéléchargez le kubeconfig", "`faux`"],
    );
}

#[test]
fn fault_403_names_verb_resource_and_the_role_needed() {
    let sc = Scenario::load("sain")
        .with_fault(fault("/secrets", Some(403), 0, false))
        .with_fault(fault("/events", Some(403), 0, false));
    let (r, _) = check_scenario(sc, &[]);
    assert_fault(
        &r,
        &[
            "accès refusé (403 Forbidden)",
            "`system:serviceaccount:tp:default`",
            "`list secrets`",
            "`list events`",
            "dans le namespace `tp`",
            "Role",
            "`get` sur `pods/log`",
            "kubectl auth can-i list",
            "README",
        ],
    );
}

#[test]
fn fault_404_namespace() {
    let (r, _) = check_scenario(Scenario::load("sain"), &["-n", "inexistant"]);
    assert_fault(
        &r,
        &[
            "le namespace `inexistant` n'existe pas sur ce cluster (404",
            "kubectl get namespaces",
            "kubectl create namespace inexistant",
        ],
    );
}

#[test]
fn fault_404_namespace_of_the_context() {
    // Context `autre` has no namespace: `default`, which this cluster does not have.
    let (r, _) = check_scenario(Scenario::load("sain"), &["--context", "autre"]);
    assert_fault(
        &r,
        &["le namespace `default` n'existe pas", "contexte `autre`"],
    );
}

#[test]
fn fault_500() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", Some(500), 0, false)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "erreur 500",
            "etcdserver",
            "`list pods`",
            "réessayez",
            "--offline",
        ],
    );
}

#[test]
fn fault_slow_answer_hits_the_total_timeout() {
    let started = std::time::Instant::now();
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 8000, false)),
        &["--timeout", "1"],
    );
    assert_fault(
        &r,
        &[
            "n'a pas fini en 1 s (limite : `--timeout 1`)",
            "--timeout SECONDES",
        ],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

/// One answer slower than the per-response limit (10 s with the default
/// `--timeout 20`): the message names that limit, not the total.
#[test]
fn fault_slow_answer_names_the_per_response_limit() {
    let started = std::time::Instant::now();
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 12_000, false)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "n'a pas répondu à temps à `list pods` dans `tp` (limite : 10 s par réponse)",
            "`--timeout SECONDES` allonge aussi cette limite",
        ],
    );
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_secs(9) && took < std::time::Duration::from_secs(15),
        "{took:?}"
    );
}

/// `--timeout 30` raises the per-response limit too (to 15 s): a 12 s
/// answer is waited for.
#[test]
fn a_longer_timeout_raises_the_per_response_limit() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/pods", None, 12_000, false)),
        &["--timeout", "30"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_has(&r.stdout, &["✓ Score : 16/16"]);
}

#[test]
fn fault_dropped_connection() {
    let (r, _) = check_scenario(
        Scenario::load("sain").with_fault(fault("/services", None, 0, true)),
        &[],
    );
    assert_fault(
        &r,
        &[
            "a coupé la connexion avant de répondre",
            "`list services`",
            "réessayez",
        ],
    );
}

#[test]
fn fault_unreachable_server() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:{port}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u, namespace: tp}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{token: t}}\n")).unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(8),
            ..Scenario::default()
        },
    );
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["check", "8", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(
        &r,
        &[
            "est injoignable : connexion refusée",
            "kubectl config current-context",
            "--offline",
        ],
    );
}

#[test]
fn fault_tls_failure() {
    let api = FakeApi::start(Scenario::load("sain"));
    let tmp = tempfile::tempdir().unwrap();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://{}\ncontexts:\n- name: c\n  context: {{cluster: c, user: u, namespace: tp}}\ncurrent-context: c\nusers:\n- name: u\n  user: {{token: t}}\n", api.addr)).unwrap();
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["snapshot"])
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["échec TLS", "retéléchargez-le"]);
}

#[test]
fn fault_unknown_context_and_broken_kubeconfig() {
    let (r, _) = check_scenario(Scenario::load("sain"), &["--context", "inconnu"]);
    assert_fault(
        &r,
        &[
            "le contexte `inconnu` n'existe pas",
            "`faux`, `autre`",
            "kubectl config get-contexts",
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let kc = tmp.path().join("kubeconfig");
    std::fs::write(&kc, "apiVersion: v1\nkind: Config\nclusters: [\n").unwrap();
    let out = kubecours(tmp.path(), Some(&kc))
        .args(["snapshot"])
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["kubeconfig", "retéléchargez-le"]);
}

// ---------------------------------------------------------------- no cluster

#[test]
fn without_any_configuration_check_keeps_the_static_result() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = workdir(
        tmp.path(),
        &Scenario {
            exercise: Some(5),
            ..Scenario::default()
        },
    );
    let out = kubecours(tmp.path(), None)
        .args(["check", "5", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_has(
        &stdout,
        &[
            "non évaluée : aucun cluster configuré (ni kubeconfig ni ServiceAccount) ; `--offline` pour ne pas essayer",
            "(+5 points sur le cluster, non évalués)",
        ],
    );
    // `snapshot` needs a cluster: exit 2 and what to do.
    let out = kubecours(tmp.path(), None)
        .arg("snapshot")
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    };
    assert_fault(&r, &["aucun cluster configuré", "~/.kube/config"]);
}

#[test]
fn offline_sends_no_request() {
    let (r, api) = check_scenario(Scenario::load("sain"), &["--offline"]);
    assert_eq!(r.code, 0);
    assert_has(&r.stdout, &["non évaluée : mode hors ligne (--offline)"]);
    assert!(api.requests().is_empty());
}
