//! The live side: reading a namespace of a cluster (read-only, GET only), or
//! an export of it, and evaluating the exercises' cluster expectations on it.
//!
//! - [`mod@self`]: connection (kubeconfig, then in-cluster ServiceAccount),
//!   bounded timeouts, and every failure turned into a French message that says
//!   what to do (exit code 2);
//! - [`snapshot`]: one LIST per kind per namespace, concurrently; the last log
//!   lines of failing containers only; Secrets reduced to their keys at once;
//!   the `kubecours snapshot` file and `--dump` (also `kubectl get -o yaml`);
//! - [`expect`]: the 7 checks of `exercises/FORMAT.md` §4, and drift between the
//!   student's files and the live objects;
//! - [`diagnose`]: why a Pod, a Deployment, a Service or an Ingress does not
//!   work, with the cause, the fix, and the line of the student's file.

pub mod diagnose;
pub mod expect;
pub mod registry;
pub mod snapshot;
pub mod yamlout;

use crate::error::Error;
use crate::i18n::Lang;
use crate::tr;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use std::time::Duration;

pub use diagnose::Diagnosis;
pub use snapshot::Snapshot;

/// Where the cluster side of `check` reads from.
#[derive(Clone, Debug)]
pub enum Mode {
    /// `--offline`: nothing is read.
    Offline,
    /// `--dump FILE` (`-` for standard input).
    Dump(std::path::PathBuf),
    /// The cluster of the kubeconfig (or of the pod).
    Live {
        context: Option<String>,
        timeout: Duration,
    },
}

/// Default bound on a whole snapshot (connection, lists and logs).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const SA_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// What the cluster side produced for `check`: where it read, the outcomes
/// of the cluster expectations, and what it found beyond them (diagnoses and
/// drift, as findings).
#[derive(Debug, Clone)]
pub struct Report {
    /// `cluster `kind-kind` (https://127.0.0.1:6443)` or `export `etat.yaml``.
    pub source: String,
    pub namespace: String,
    pub outcomes: Vec<crate::report::model::Outcome>,
    pub findings: Vec<crate::diag::Finding>,
    /// Things the reader could not do (logs it could not read…).
    pub notes: Vec<String>,
}

/// Is there any configuration at all: a kubeconfig (`$KUBECONFIG`,
/// `~/.kube/config`) or a pod's ServiceAccount?
pub fn configuration_exists() -> bool {
    if std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    if std::env::home_dir().is_some_and(|h| h.join(".kube").join("config").is_file()) {
        return true;
    }
    std::env::var_os("KUBERNETES_SERVICE_HOST").is_some()
        && std::path::Path::new(SA_TOKEN).is_file()
}

/// Why cluster expectations are not evaluated when no configuration exists.
pub fn no_configuration_reason(lang: Lang) -> String {
    lang.pick(
        "non évaluée : aucun cluster configuré (ni kubeconfig ni ServiceAccount) ; `--offline` pour ne pas essayer",
        "not evaluated: no cluster configured (neither a kubeconfig nor a ServiceAccount); `--offline` not to try",
    )
    .to_string()
}

/// The error when a cluster is required (`snapshot`, `--context`) and none is configured.
pub fn no_configuration_error() -> Error {
    Error::other(
        "aucun cluster configuré : ni kubeconfig (`$KUBECONFIG`, `~/.kube/config`) ni ServiceAccount de pod. Que faire : dans le pod VSCode du cours, c'est automatique ; sur votre machine, récupérez le kubeconfig de la plateforme, placez-le dans `~/.kube/config` (ou `export KUBECONFIG=chemin`) et vérifiez avec `kubectl get pods` ; ou travaillez sans cluster avec `--offline`",
        "no cluster configured: neither a kubeconfig (`$KUBECONFIG`, `~/.kube/config`) nor a pod ServiceAccount. What to do: in the course's VSCode pod this is automatic; on your machine, get the platform's kubeconfig, put it in `~/.kube/config` (or `export KUBECONFIG=path`) and check with `kubectl get pods`; or work without a cluster with `--offline`",
    )
}

/// A connection to an API server, and how to name it in messages.
pub struct Conn {
    pub client: Client,
    /// `https://…` as configured.
    pub server: String,
    /// Context name, or `ServiceAccount du pod`.
    pub origin: String,
    /// The namespace of the context or of the pod (`default` otherwise).
    pub default_namespace: String,
}

impl Conn {
    /// `cluster `ctx` (https://…)`.
    pub fn describe(&self, lang: Lang) -> String {
        tr!(
            lang,
            "cluster `{}` ({})",
            "cluster `{}` ({})",
            self.origin,
            self.server
        )
    }
}

/// A single-threaded runtime for the client: the work is I/O only.
pub fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Error::other(
                format!("impossible de démarrer le client réseau : {e}"),
                format!("cannot start the network client: {e}"),
            )
        })
}

/// Builds a client from the kubeconfig (with `--context`) or the pod's
/// ServiceAccount, with bounded timeouts. Must run inside the runtime.
pub async fn connect(context: Option<&str>, timeout: Duration, lang: Lang) -> Result<Conn, Error> {
    let (mut config, origin) = match context {
        Some(ctx) => {
            let opts = KubeConfigOptions {
                context: Some(ctx.to_string()),
                ..KubeConfigOptions::default()
            };
            let config = Config::from_kubeconfig(&opts)
                .await
                .map_err(|e| kubeconfig_error(&e, Some(ctx)))?;
            (config, ctx.to_string())
        }
        None => {
            let config = match Config::infer().await {
                Ok(c) => c,
                Err(_) => return Err(infer_error().await),
            };
            let origin = match Kubeconfig::read() {
                Ok(k) => k.current_context.unwrap_or_else(|| "?".into()),
                Err(_) => lang
                    .pick("ServiceAccount du pod", "the pod's ServiceAccount")
                    .to_string(),
            };
            (config, origin)
        }
    };
    config.connect_timeout = Some(CONNECT_TIMEOUT.min(timeout));
    config.read_timeout = Some(READ_TIMEOUT.min(timeout));
    config.write_timeout = Some(READ_TIMEOUT.min(timeout));
    config.reset_reader_on_write = true;
    // One request per kind, exactly: no silent retries.
    config.default_retry = false;
    let server = config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_string();
    let default_namespace = config.default_namespace.clone();
    let client = Client::try_from(config).map_err(|e| {
        let detail = innermost(&e);
        Error::other(
            format!("impossible de préparer la connexion à `{server}` (contexte `{origin}`) : {detail}. Que faire : votre kubeconfig est peut-être incomplet ou périmé (certificats) : retéléchargez-le depuis la plateforme, puis vérifiez avec `kubectl get pods`"),
            format!("cannot set up the connection to `{server}` (context `{origin}`): {detail}. What to do: your kubeconfig may be incomplete or outdated (certificates): download it again from the platform, then check with `kubectl get pods`"),
        )
    })?;
    Ok(Conn {
        client,
        server,
        origin,
        default_namespace,
    })
}

/// What `check` gets from the cluster side.
pub enum Source {
    Snapshot(Box<Snapshot>),
    /// Not evaluated, and why (offline, no configuration).
    NotEvaluated(String),
}

/// Reads what `check` evaluates the cluster expectations on: nothing
/// (`--offline`, or no configuration at all), an export (`--dump`), or the
/// live cluster. A configured cluster that fails is an error (exit code 2).
pub fn load(
    mode: &Mode,
    namespace: Option<&str>,
    extra: &[String],
    lang: Lang,
) -> Result<Source, Error> {
    match mode {
        Mode::Offline => Ok(Source::NotEvaluated(
            lang.pick(
                "non évaluée : mode hors ligne (--offline)",
                "not evaluated: offline mode (--offline)",
            )
            .into(),
        )),
        Mode::Dump(path) => Ok(Source::Snapshot(Box::new(snapshot::read_dump(
            path, namespace, lang,
        )?))),
        Mode::Live { context, timeout } => {
            if context.is_none() && !configuration_exists() {
                return Ok(Source::NotEvaluated(no_configuration_reason(lang)));
            }
            Ok(Source::Snapshot(Box::new(read(
                context.as_deref(),
                namespace,
                extra,
                *timeout,
                lang,
            )?)))
        }
    }
}

/// Connects and reads the namespace (and `extra` ones), all within `timeout`.
pub fn read(
    context: Option<&str>,
    namespace: Option<&str>,
    extra: &[String],
    timeout: Duration,
    lang: Lang,
) -> Result<Snapshot, Error> {
    let rt = runtime()?;
    rt.block_on(async {
        let conn = match tokio::time::timeout(timeout, connect(context, timeout, lang)).await {
            Ok(c) => c?,
            Err(_) => {
                let s = timeout.as_secs_f64();
                return Err(Error::other(
                    format!("la connexion au cluster n'a pas abouti en {s} s (lecture du kubeconfig, authentification) : réessayez, vérifiez la commande d'authentification de votre kubeconfig, ou `--offline`"),
                    format!("connecting to the cluster did not complete within {s} s (kubeconfig, authentication): try again, check your kubeconfig's authentication command, or `--offline`"),
                ));
            }
        };
        let ns = namespace.map_or_else(|| conn.default_namespace.clone(), str::to_string);
        snapshot::read_live(&conn, &ns, extra, timeout, lang).await
    })
}

/// `kubecours snapshot`: the namespace as YAML, for `check --dump`.
pub fn snapshot_command(
    context: Option<&str>,
    namespace: Option<&str>,
    timeout: Duration,
    lang: Lang,
) -> Result<String, Error> {
    if context.is_none() && !configuration_exists() {
        return Err(no_configuration_error());
    }
    Ok(read(context, namespace, &[], timeout, lang)?.to_yaml())
}

/// Evaluates the exercise's cluster expectations on a snapshot, and finds
/// the diagnoses and the drift; the caller merges them into its report.
pub fn evaluate(
    ex: &crate::exercise::Exercise,
    run: &crate::engine::Run,
    snap: &Snapshot,
    default_ns: &str,
    lang: Lang,
) -> Report {
    let outcomes = expect::outcomes(ex, run, snap, default_ns, lang);
    let worded = |lang| {
        let mut d = diagnose::diagnose(snap, run, default_ns, &ex.spec.cluster, lang);
        d.extend(expect::drift(run, snap, default_ns, lang));
        d
    };
    let findings = worded(Lang::Fr)
        .into_iter()
        .zip(worded(Lang::En))
        .map(|(fr, en)| fr.into_finding(en))
        .collect();
    Report {
        source: snap.source.clone(),
        namespace: snap.namespace.clone(),
        outcomes,
        findings,
        notes: snap.notes.clone(),
    }
}

/// Why `Config::infer()` failed: its two attempts, retried one by one for a
/// typed error (the combined error hides them).
async fn infer_error() -> Error {
    // A kubeconfig exists, unless we are in a pod: its error is the one that matters.
    let kubeconfig_present = std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty())
        || std::env::home_dir().is_some_and(|h| h.join(".kube").join("config").is_file());
    if kubeconfig_present
        && let Err(e) = Config::from_kubeconfig(&KubeConfigOptions::default()).await
    {
        return kubeconfig_error(&e, None);
    }
    let detail = match Config::incluster() {
        Err(e) => innermost(&e),
        Ok(_) => "?".into(),
    };
    Error::other(
        format!(
            "la configuration du pod (ServiceAccount) est illisible : {detail}. Que faire : vérifiez que le pod a un ServiceAccount monté (`automountServiceAccountToken`), ou utilisez un kubeconfig ; `--offline` pour travailler sans cluster"
        ),
        format!(
            "the pod's configuration (ServiceAccount) cannot be read: {detail}. What to do: check the pod mounts a ServiceAccount (`automountServiceAccountToken`), or use a kubeconfig; `--offline` to work without a cluster"
        ),
    )
}

fn kubeconfig_error(e: &kube::config::KubeconfigError, context: Option<&str>) -> Error {
    use kube::config::KubeconfigError as K;
    let path = std::env::var("KUBECONFIG")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "~/.kube/config".into());
    match e {
        K::LoadContext(_) | K::CurrentContextNotSet => {
            let contexts = Kubeconfig::read()
                .map(|k| {
                    k.contexts
                        .into_iter()
                        .map(|c| format!("`{}`", c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let (fr, en) = match context {
                Some(c) => (
                    format!("le contexte `{c}` n'existe pas dans votre kubeconfig `{path}`"),
                    format!("context `{c}` does not exist in your kubeconfig `{path}`"),
                ),
                None => (
                    format!(
                        "votre kubeconfig `{path}` n'a pas de contexte courant (`current-context`)"
                    ),
                    format!("your kubeconfig `{path}` has no current context (`current-context`)"),
                ),
            };
            Error::other(
                format!(
                    "{fr} (contextes : {}). Que faire : choisissez-en un avec `--context NOM` ou `kubectl config use-context NOM` (la liste : `kubectl config get-contexts`)",
                    if contexts.is_empty() {
                        "aucun".into()
                    } else {
                        contexts.clone()
                    }
                ),
                format!(
                    "{en} (contexts: {}). What to do: pick one with `--context NAME` or `kubectl config use-context NAME` (the list: `kubectl config get-contexts`)",
                    if contexts.is_empty() {
                        "none".into()
                    } else {
                        contexts
                    }
                ),
            )
        }
        K::ReadConfig(io, p) => {
            let p = p.display();
            Error::other(
                format!(
                    "impossible de lire le kubeconfig `{p}` : {io}. Que faire : vérifiez `KUBECONFIG` (il doit désigner un fichier qui existe) ou placez le fichier dans `~/.kube/config` ; `--offline` pour travailler sans cluster"
                ),
                format!(
                    "cannot read the kubeconfig `{p}`: {io}. What to do: check `KUBECONFIG` (it must name an existing file) or put the file in `~/.kube/config`; `--offline` to work without a cluster"
                ),
            )
        }
        K::Parse(_) | K::KindMismatch | K::ApiVersionMismatch => {
            let detail = innermost(e);
            Error::other(
                format!(
                    "le kubeconfig `{path}` n'est pas un kubeconfig valide ({detail}). Que faire : retéléchargez-le depuis la plateforme (un copier-coller perd souvent l'indentation)"
                ),
                format!(
                    "the kubeconfig `{path}` is not a valid kubeconfig ({detail}). What to do: download it again from the platform (copy-pasting often loses the indentation)"
                ),
            )
        }
        other => {
            let detail = innermost(other);
            Error::other(
                format!(
                    "le kubeconfig `{path}` est inutilisable : {detail}. Que faire : retéléchargez-le depuis la plateforme, puis vérifiez avec `kubectl get pods`"
                ),
                format!(
                    "the kubeconfig `{path}` cannot be used: {detail}. What to do: download it again from the platform, then check with `kubectl get pods`"
                ),
            )
        }
    }
}

/// The last message of an error's chain: the precise cause, without the
/// wrappers' noise.
pub fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    // One line: some errors (YAML) add a source snippet below.
    let s = cur.to_string();
    let s = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let s = s.strip_prefix("error: ").unwrap_or(s);
    if s.chars().count() > 200 {
        s.chars().take(200).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// Every message of an error's chain, lower-cased, to classify it.
fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    let mut cur = Some(e);
    while let Some(c) = cur {
        out.push_str(&c.to_string().to_lowercase());
        out.push_str(" | ");
        out.push_str(&format!("{c:?}").to_lowercase());
        out.push_str(" || ");
        cur = c.source();
    }
    out
}

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
        }
    }
}

/// The `Role` rules kubecours needs, for messages and the README.
pub const RBAC_FR: &str = "`get` et `list` sur `pods`, `services`, `configmaps`, `secrets`, `persistentvolumeclaims`, `events` (groupe `\"\"`), `deployments`, `replicasets` (groupe `apps`), `endpointslices` (groupe `discovery.k8s.io`), `ingresses` (groupe `networking.k8s.io`), et `get` sur `pods/log`";
pub const RBAC_EN: &str = "`get` and `list` on `pods`, `services`, `configmaps`, `secrets`, `persistentvolumeclaims`, `events` (group `\"\"`), `deployments`, `replicasets` (group `apps`), `endpointslices` (group `discovery.k8s.io`), `ingresses` (group `networking.k8s.io`), and `get` on `pods/log`";

/// Turns the failures of a snapshot into one message that says what to do.
/// `failures` holds every failed request; the most telling one is explained,
/// and for 403 every missing permission is listed.
pub fn failure_error(
    failures: &[(Request, Failure)],
    server: &str,
    origin: &str,
    timeout: Duration,
) -> Error {
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
                "le serveur API `{server}` (contexte `{origin}`) est injoignable : connexion refusée ({d}). Que faire : vérifiez que le cluster tourne et que vous visez le bon (`kubectl config current-context`, `kubectl cluster-info`), votre connexion ou votre VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` (context `{origin}`) is unreachable: connection refused ({d}). What to do: check the cluster is running and that you target the right one (`kubectl config current-context`, `kubectl cluster-info`), your network or VPN; {offline_en}"
            ),
        ),
        Failure::Dns(d) => Error::other(
            format!(
                "le serveur API `{server}` (contexte `{origin}`) est injoignable : son nom est inconnu ({d}). Que faire : vérifiez l'adresse `server:` du kubeconfig, votre connexion ou votre VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` (context `{origin}`) is unreachable: its name is unknown ({d}). What to do: check the kubeconfig's `server:` address, your network or VPN; {offline_en}"
            ),
        ),
        Failure::Timeout => {
            let s = timeout.as_secs_f64();
            Error::other(
                format!(
                    "le serveur API `{server}` (contexte `{origin}`) n'a pas répondu à temps (limite : {s} s, lecture du namespace `{ns}`). Que faire : réessayez ; si cela se répète, vérifiez votre connexion ou votre VPN, augmentez la limite avec `--timeout SECONDES`, {offline_fr}"
                ),
                format!(
                    "the API server `{server}` (context `{origin}`) did not answer in time (limit: {s} s, reading namespace `{ns}`). What to do: try again; if it keeps happening, check your network or VPN, raise the limit with `--timeout SECONDS`, {offline_en}"
                ),
            )
        }
        Failure::Tls(d) => Error::other(
            format!(
                "échec TLS avec le serveur API `{server}` (contexte `{origin}`) : son certificat n'est pas reconnu, ou il ne parle pas HTTPS à cette adresse ({d}). Que faire : votre kubeconfig est périmé ou pour un autre cluster (le `certificate-authority-data` ne correspond pas) : retéléchargez-le depuis la plateforme ; ne désactivez pas la vérification (`insecure-skip-tls-verify`)"
            ),
            format!(
                "TLS failure with the API server `{server}` (context `{origin}`): its certificate is not trusted, or it does not speak HTTPS at this address ({d}). What to do: your kubeconfig is outdated or for another cluster (its `certificate-authority-data` does not match): download it again from the platform; do not disable verification (`insecure-skip-tls-verify`)"
            ),
        ),
        Failure::Dropped(d) => Error::other(
            format!(
                "le serveur API `{server}` (contexte `{origin}`) a coupé la connexion avant de répondre (en lisant {what} dans `{ns}` : {d}). Que faire : réessayez ; si cela se répète, vérifiez votre connexion, un proxy ou un VPN ; {offline_fr}"
            ),
            format!(
                "the API server `{server}` (context `{origin}`) closed the connection before answering (reading {what} in `{ns}`: {d}). What to do: try again; if it keeps happening, check your network, a proxy or a VPN; {offline_en}"
            ),
        ),
        Failure::Unauthorized(m) => Error::other(
            format!(
                "le serveur API `{server}` refuse vos identifiants (401 Unauthorized{}) : le jeton du contexte `{origin}` a expiré ou il est pour un autre cluster. Que faire : retéléchargez le kubeconfig depuis la plateforme (ou reconnectez-vous), puis vérifiez avec `kubectl get pods`",
                paren(m)
            ),
            format!(
                "the API server `{server}` rejects your credentials (401 Unauthorized{}): the token of context `{origin}` has expired or is for another cluster. What to do: download the kubeconfig again from the platform (or log in again), then check with `kubectl get pods`",
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
                    "accès refusé (403 Forbidden) : {who} n'a pas le droit {list} dans le namespace `{ns}`. kubecours ne fait que lire ; il lui faut un Role (lié à votre compte par un RoleBinding) avec {RBAC_FR}. Que faire : vérifiez le namespace (vos droits sont peut-être dans le vôtre seulement : `-n VOTRE-NAMESPACE`), testez avec `kubectl auth can-i {} {} -n {ns}`, sinon demandez ces droits à l'enseignant (exemple de Role dans le README) ; {offline_fr}",
                    req_verb(failures),
                    req_res(failures)
                ),
                format!(
                    "access denied (403 Forbidden): {who_en} may not {list} in namespace `{ns}`. kubecours only reads; it needs a Role (bound to your account by a RoleBinding) with {RBAC_EN}. What to do: check the namespace (your rights may be in your own only: `-n YOUR-NAMESPACE`), test with `kubectl auth can-i {} {} -n {ns}`, otherwise ask the teacher for these rights (a Role example is in the README); {offline_en}",
                    req_verb(failures),
                    req_res(failures)
                ),
            )
        }
        Failure::NotFound { .. } => Error::other(
            format!(
                "le namespace `{ns}` n'existe pas sur ce cluster (404, contexte `{origin}`). Que faire : vérifiez son nom (`kubectl get namespaces`, ou celui de votre contexte : `kubectl config view --minify`), passez le bon avec `-n NAMESPACE`, ou créez-le : `kubectl create namespace {ns}`"
            ),
            format!(
                "namespace `{ns}` does not exist on this cluster (404, context `{origin}`). What to do: check its name (`kubectl get namespaces`, or your context's: `kubectl config view --minify`), pass the right one with `-n NAMESPACE`, or create it: `kubectl create namespace {ns}`"
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
                "réponse illisible du serveur `{server}` pour {what} ({d}) : ce n'est peut-être pas un serveur API Kubernetes. Que faire : vérifiez l'adresse `server:` de votre kubeconfig (contexte `{origin}`) ; {offline_fr}"
            ),
            format!(
                "unreadable answer from `{server}` for {what} ({d}): it may not be a Kubernetes API server. What to do: check the `server:` address of your kubeconfig (context `{origin}`); {offline_en}"
            ),
        ),
        Failure::Other(d) => Error::other(
            format!(
                "échec de la lecture de {what} dans `{ns}` sur `{server}` (contexte `{origin}`) : {d}. Que faire : vérifiez que `kubectl get pods -n {ns}` fonctionne ; {offline_fr}"
            ),
            format!(
                "failed to read {what} in `{ns}` from `{server}` (context `{origin}`): {d}. What to do: check that `kubectl get pods -n {ns}` works; {offline_en}"
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
            "https://x",
            "ctx",
            DEFAULT_TIMEOUT,
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
