//! How reading the cluster fails: each request that failed, classified
//! ([`Failure`]), and the one message that explains them and says what to do
//! ([`failure_error`], exit code 2).

use super::connect::{Limits, Origin, chain_text, innermost};
use crate::error::Error;

/// One request of a snapshot, to say which one failed.
#[derive(Clone, Debug)]
pub struct Request {
    /// `list`, `get`.
    pub verb: &'static str,
    /// `pods`, `deployments`, `pods/log`.
    pub resource: &'static str,
    /// API group (`""` core, `apps`…).
    pub group: &'static str,
    pub namespace: String,
}

/// The server a snapshot reads from, for messages.
pub struct Server<'a> {
    pub url: &'a str,
    pub origin: &'a Origin,
    pub limits: Limits,
}

/// How a request failed, classified.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Refused(String),
    Dns(String),
    Timeout,
    Tls(String),
    Dropped(String),
    Unauthorized(String),
    Forbidden(String),
    NotFound {
        namespace_missing: bool,
        message: String,
    },
    Server(u16, String),
    Unreadable(String),
    Other(String),
    /// The whole reading took longer than `--timeout`.
    Deadline,
}

impl Failure {
    pub fn classify(e: &kube::Error) -> Failure {
        if let kube::Error::Api(s) = e {
            return match s.code {
                401 => Failure::Unauthorized(s.message.clone()),
                403 => Failure::Forbidden(s.message.clone()),
                404 => Failure::NotFound {
                    namespace_missing: s.details.as_ref().is_some_and(|d| d.kind == "namespaces")
                        || s.message.starts_with("namespaces \""),
                    message: s.message.clone(),
                },
                code => Failure::Server(code, s.message.clone()),
            };
        }
        if let kube::Error::SerdeError(err) = e {
            return Failure::Unreadable(err.to_string());
        }
        let text = chain_text(e);
        let detail = innermost(e);
        let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
        if has(&["connection refused", "connectionrefused"]) {
            Failure::Refused(detail)
        } else if has(&[
            "dns error",
            "failed to lookup address",
            "name or service not known",
            "no such host",
            "nodename nor servname",
        ]) {
            Failure::Dns(detail)
        } else if has(&[
            "certificate",
            "tls",
            "handshake",
            "unknownissuer",
            "invalidcertificate",
            "corrupt message",
            "invalidcontenttype",
        ]) {
            Failure::Tls(detail)
        } else if has(&["timed out", "timedout", "deadline has elapsed"]) {
            Failure::Timeout
        } else if has(&[
            "connection closed",
            "incompletemessage",
            "connection reset",
            "broken pipe",
            "unexpected end of file",
            "unexpectedeof",
            "connectionreset",
        ]) {
            Failure::Dropped(detail)
        } else {
            Failure::Other(detail)
        }
    }

    /// Rank: the failure that explains the others comes first.
    fn rank(&self) -> u8 {
        match self {
            Failure::Tls(_) => 0,
            Failure::Dns(_) | Failure::Refused(_) => 1,
            Failure::Timeout => 2,
            Failure::Unauthorized(_) => 3,
            Failure::Dropped(_) => 4,
            Failure::Forbidden(_) => 5,
            Failure::NotFound { .. } => 6,
            Failure::Server(..) => 7,
            Failure::Unreadable(_) => 8,
            Failure::Other(_) => 9,
            Failure::Deadline => 2,
        }
    }
}

/// The `Role` rules kubecours needs, for messages and the README.
pub const RBAC_FR: &str = "`get` et `list` sur `pods`, `services`, `configmaps`, `secrets`, `persistentvolumeclaims`, `events` (groupe `\"\"`), `deployments`, `replicasets` (groupe `apps`), `jobs`, `cronjobs` (groupe `batch`), `endpointslices` (groupe `discovery.k8s.io`), \
    `ingresses` (groupe `networking.k8s.io`), et `get` sur `pods/log`";
pub const RBAC_EN: &str = "`get` and `list` on `pods`, `services`, `configmaps`, `secrets`, `persistentvolumeclaims`, `events` (group `\"\"`), `deployments`, `replicasets` (group `apps`), `jobs`, `cronjobs` (group `batch`), `endpointslices` (group `discovery.k8s.io`), \
    `ingresses` (group `networking.k8s.io`), and `get` on `pods/log`";

/// Turns the failures of a snapshot into one message that says what to do.
/// `failures` holds every failed request; the most telling one is explained,
/// and for 403 every missing permission is listed.
pub fn failure_error(failures: &[(Request, Failure)], to: &Server) -> Error {
    let server = to.url;
    let (ofr, oen) = match to.origin {
        Origin::Context(c) => (format!("contexte `{c}`"), format!("context `{c}`")),
        Origin::Pod => (
            "ServiceAccount du pod".to_string(),
            "the pod's ServiceAccount".to_string(),
        ),
    };
    let pod = *to.origin == Origin::Pod;
    let Some((req, first)) = failures.iter().min_by_key(|(_, f)| f.rank()) else {
        return Error::other(
            "échec inconnu de la lecture du cluster",
            "unknown failure reading the cluster",
        );
    };
    let what = format!("`{} {}`", req.verb, req.resource);
    let ns = &req.namespace;
    let offline_fr = "ou travaillez sans cluster : `--offline`";
    let offline_en = "or work without a cluster: `--offline`";
    match first {
        Failure::Refused(d) => Error::other(
            format!(
                "le serveur API `{server}` ({ofr}) est injoignable : connexion refusée ({d}). Que faire : vérifiez que le cluster tourne et que vous visez le bon (`kubectl config current-context`, `kubectl cluster-info`), votre connexion ou votre VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` ({oen}) is unreachable: connection refused ({d}). What to do: check the cluster is running and that you target the right one (`kubectl config current-context`, `kubectl cluster-info`), your network or VPN; {offline_en}"
            ),
        ),
        Failure::Dns(d) => Error::other(
            format!(
                "le serveur API `{server}` ({ofr}) est injoignable : son nom est inconnu ({d}). Que faire : vérifiez l'adresse `server:` du kubeconfig, votre connexion ou votre VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` ({oen}) is unreachable: its name is unknown ({d}). What to do: check the kubeconfig's `server:` address, your network or VPN; {offline_en}"
            ),
        ),
        Failure::Timeout => {
            let r = to.limits.response.as_secs_f64();
            Error::other(
                format!(
                    "le serveur API `{server}` ({ofr}) n'a pas répondu à temps à {what} dans `{ns}` (limite : {r} s par réponse). Que faire : réessayez ; si cela se répète, vérifiez votre connexion ou votre VPN ; `--timeout SECONDES` allonge aussi cette limite (la moitié de \
                        `--timeout`, entre 10 et 60 s) ; {offline_fr}"
                ),
                format!(
                    "the API server `{server}` ({oen}) did not answer {what} in `{ns}` in time (limit: {r} s per response). What to do: try again; if it keeps happening, check your network or VPN; `--timeout SECONDS` raises this limit too (half of `--timeout`, between 10 and 60 s); {offline_en}"
                ),
            )
        }
        Failure::Deadline => {
            let t = to.limits.total.as_secs_f64();
            Error::other(
                format!(
                    "la lecture du cluster `{server}` ({ofr}, namespace `{ns}`) n'a pas fini en {t} s (limite : `--timeout {t}`). Que faire : réessayez ; si cela se répète, vérifiez votre connexion ou votre VPN, augmentez la limite avec `--timeout SECONDES`, {offline_fr}"
                ),
                format!(
                    "reading the cluster `{server}` ({oen}, namespace `{ns}`) did not finish within {t} s (limit: `--timeout {t}`). What to do: try again; if it keeps happening, check your network or VPN, raise the limit with `--timeout SECONDS`, {offline_en}"
                ),
            )
        }
        Failure::Tls(d) if pod => Error::other(
            format!(
                "échec TLS avec le serveur API `{server}` ({ofr}) : son certificat n'est pas signé par l'autorité du pod (`ca.crt` du ServiceAccount), ou il ne parle pas HTTPS à cette adresse ({d}). Que faire : vérifiez `KUBERNETES_SERVICE_HOST` et `KUBERNETES_SERVICE_PORT` ; \
                    redémarrez le pod (son `ca.crt` est peut-être périmé) ; ne désactivez pas la vérification"
            ),
            format!(
                "TLS failure with the API server `{server}` ({oen}): its certificate is not signed by the pod's authority (the ServiceAccount's `ca.crt`), or it does not speak HTTPS at this address ({d}). What to do: check `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`; \
                    restart the pod (its `ca.crt` may be outdated); do not disable verification"
            ),
        ),
        Failure::Tls(d) => Error::other(
            format!(
                "échec TLS avec le serveur API `{server}` ({ofr}) : son certificat n'est pas reconnu, ou il ne parle pas HTTPS à cette adresse ({d}). Que faire : votre kubeconfig est périmé ou pour un autre cluster (le `certificate-authority-data` ne correspond pas) : \
                    retéléchargez-le depuis la plateforme ; ne désactivez pas la vérification (`insecure-skip-tls-verify`)"
            ),
            format!(
                "TLS failure with the API server `{server}` ({oen}): its certificate is not trusted, or it does not speak HTTPS at this address ({d}). What to do: your kubeconfig is outdated or for another cluster (its `certificate-authority-data` does not match): download it \
                    again from the platform; do not disable verification (`insecure-skip-tls-verify`)"
            ),
        ),
        Failure::Dropped(d) => Error::other(
            format!(
                "le serveur API `{server}` ({ofr}) a coupé la connexion avant de répondre (en lisant {what} dans `{ns}` : {d}). Que faire : réessayez ; si cela se répète, vérifiez votre connexion, un proxy ou un VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` ({oen}) closed the connection before answering (reading {what} in `{ns}`: {d}). What to do: try again; if it keeps happening, check your network, a proxy or a VPN; {offline_en}"
            ),
        ),
        Failure::Unauthorized(m) if pod => Error::other(
            format!(
                "le serveur API `{server}` refuse le jeton du ServiceAccount du pod (401 Unauthorized{}) : il a expiré ou a été révoqué. Que faire : redémarrez le pod VSCode (il reçoit un jeton neuf), puis vérifiez avec `kubectl get pods`",
                paren(m)
            ),
            format!(
                "the API server `{server}` rejects the pod's ServiceAccount token (401 Unauthorized{}): it has expired or was revoked. What to do: restart the VSCode pod (it gets a fresh token), then check with `kubectl get pods`",
                paren(m)
            ),
        ),
        Failure::Unauthorized(m) => Error::other(
            format!(
                "le serveur API `{server}` refuse vos identifiants (401 Unauthorized{}) : le jeton du {ofr} a expiré ou il est pour un autre cluster. Que faire : retéléchargez le kubeconfig depuis la plateforme (ou reconnectez-vous), puis vérifiez avec `kubectl get pods`",
                paren(m)
            ),
            format!(
                "the API server `{server}` rejects your credentials (401 Unauthorized{}): the token of {oen} has expired or is for another cluster. What to do: download the kubeconfig again from the platform (or log in again), then check with `kubectl get pods`",
                paren(m)
            ),
        ),
        Failure::Forbidden(m) => {
            let mut missing: Vec<String> = Vec::new();
            for (r, f) in failures {
                if matches!(f, Failure::Forbidden(_)) {
                    let g = if r.group.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", r.group)
                    };
                    let item = format!("`{} {}`{g}", r.verb, r.resource);
                    if !missing.contains(&item) {
                        missing.push(item);
                    }
                }
            }
            let who = user_of(m)
                .map(|u| format!("`{u}`"))
                .unwrap_or_else(|| "votre compte".into());
            let who_en = user_of(m)
                .map(|u| format!("`{u}`"))
                .unwrap_or_else(|| "your account".into());
            let list = missing.join(", ");
            Error::other(
                format!(
                    "accès refusé (403 Forbidden) : {who} n'a pas le droit {list} dans le namespace `{ns}`. kubecours ne fait que lire ; il lui faut un Role (lié à votre compte par un RoleBinding) avec {RBAC_FR}. Que faire : vérifiez le namespace (vos droits sont peut-être dans \
                        le vôtre seulement : `-n VOTRE-NAMESPACE`), testez avec `kubectl auth can-i {} {} -n {ns}`, sinon demandez ces droits à l'enseignant (exemple de Role dans le README) ; {offline_fr}",
                    req_verb(failures),
                    req_res(failures)
                ),
                format!(
                    "access denied (403 Forbidden): {who_en} may not {list} in namespace `{ns}`. kubecours only reads; it needs a Role (bound to your account by a RoleBinding) with {RBAC_EN}. What to do: check the namespace (your rights may be in your own only: `-n \
                        YOUR-NAMESPACE`), test with `kubectl auth can-i {} {} -n {ns}`, otherwise ask the teacher for these rights (a Role example is in the README); {offline_en}",
                    req_verb(failures),
                    req_res(failures)
                ),
            )
        }
        Failure::NotFound { .. } => Error::other(
            format!(
                "le namespace `{ns}` n'existe pas sur ce cluster (404, {ofr}). Que faire : vérifiez son nom (`kubectl get namespaces`, ou celui de votre contexte : `kubectl config view --minify`), passez le bon avec `-n NAMESPACE`, ou créez-le : `kubectl create namespace {ns}`"
            ),
            format!(
                "namespace `{ns}` does not exist on this cluster (404, {oen}). What to do: check its name (`kubectl get namespaces`, or your context's: `kubectl config view --minify`), pass the right one with `-n NAMESPACE`, or create it: `kubectl create namespace {ns}`"
            ),
        ),
        Failure::Server(code, m) => Error::other(
            format!(
                "le serveur API `{server}` a répondu par une erreur {code}{} en lisant {what} dans `{ns}`. Que faire : réessayez dans un instant ; si cela persiste, prévenez l'enseignant (le cluster a un problème) ; {offline_fr}",
                paren(m)
            ),
            format!(
                "the API server `{server}` answered with error {code}{} reading {what} in `{ns}`. What to do: try again in a moment; if it persists, tell the teacher (the cluster has a problem); {offline_en}",
                paren(m)
            ),
        ),
        Failure::Unreadable(d) => Error::other(
            format!(
                "réponse illisible du serveur `{server}` pour {what} ({d}) : ce n'est peut-être pas un serveur API Kubernetes. Que faire : vérifiez l'adresse `server:` de votre kubeconfig ({ofr}) ; {offline_fr}"
            ),
            format!(
                "unreadable answer from `{server}` for {what} ({d}): it may not be a Kubernetes API server. What to do: check the `server:` address of your kubeconfig ({oen}); {offline_en}"
            ),
        ),
        Failure::Other(d) => Error::other(
            format!(
                "échec de la lecture de {what} dans `{ns}` sur `{server}` ({ofr}) : {d}. Que faire : vérifiez que `kubectl get pods -n {ns}` fonctionne ; {offline_fr}"
            ),
            format!(
                "failed to read {what} in `{ns}` from `{server}` ({oen}): {d}. What to do: check that `kubectl get pods -n {ns}` works; {offline_en}"
            ),
        ),
    }
}

fn paren(m: &str) -> String {
    let m = m.trim();
    if m.is_empty() || m == "Unauthorized" || m == "Forbidden" {
        String::new()
    } else {
        format!(" : « {} »", m.chars().take(300).collect::<String>())
    }
}

fn req_verb(failures: &[(Request, Failure)]) -> &'static str {
    failures
        .iter()
        .find(|(_, f)| matches!(f, Failure::Forbidden(_)))
        .map_or("list", |(r, _)| r.verb)
}

fn req_res(failures: &[(Request, Failure)]) -> &'static str {
    failures
        .iter()
        .find(|(_, f)| matches!(f, Failure::Forbidden(_)))
        .map_or("pods", |(r, _)| r.resource)
}

/// `User "x" cannot list…` → `x`.
fn user_of(message: &str) -> Option<&str> {
    let rest = message.split_once("User \"")?.1;
    rest.split_once('"').map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn user_is_read_from_a_forbidden_message() {
        let m = r#"pods is forbidden: User "system:serviceaccount:tp:default" cannot list resource "pods" in API group "" in the namespace "tp""#;
        assert_eq!(user_of(m), Some("system:serviceaccount:tp:default"));
        assert_eq!(user_of("nothing"), None);
    }

    #[test]
    fn forbidden_lists_every_missing_permission() {
        let r = |res: &'static str, group: &'static str| Request {
            verb: "list",
            resource: res,
            group,
            namespace: "tp".into(),
        };
        let f = Failure::Forbidden("secrets is forbidden: User \"alice\" cannot list".into());
        let e = failure_error(
            &[
                (r("secrets", ""), f.clone()),
                (r("ingresses", "networking.k8s.io"), f),
            ],
            &Server {
                url: "https://x",
                origin: &Origin::Context("ctx".into()),
                limits: Limits::new(crate::cluster::connect::DEFAULT_TIMEOUT),
            },
        );
        let m = e.message(Lang::Fr);
        assert!(
            m.contains("`alice`")
                && m.contains("`list secrets`")
                && m.contains("`list ingresses` (networking.k8s.io)"),
            "{m}"
        );
        assert!(m.contains("kubectl auth can-i list secrets -n tp"), "{m}");
        assert_eq!(e.exit().code(), 2);
    }
}
