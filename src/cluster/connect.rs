//! Connecting like `kubectl`: the kubeconfig (`$KUBECONFIG`,
//! `~/.kube/config`, `--context`), else the pod's ServiceAccount; bounded
//! timeouts, no retries, a `kubecours/VERSION` User-Agent; and every
//! configuration problem turned into a message that says what to do.

use crate::diag::Msg;
use crate::error::Error;
use crate::msg;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use std::time::Duration;

/// Default bound on a whole snapshot (connection, lists and logs): `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Bounds of the per-response limit (half of `--timeout`, within these).
pub const MIN_RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);
pub const MAX_RESPONSE_TIMEOUT: Duration = Duration::from_secs(60);
/// Where a pod's ServiceAccount is mounted (kube reads it there).
pub const SA_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The User-Agent of every request (the API server's audit log shows it).
pub fn user_agent() -> String {
    format!("kubecours/{}", env!("CARGO_PKG_VERSION"))
}

/// How long a snapshot may take: as a whole (`--timeout`), to connect, and
/// for each response.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    pub total: Duration,
    pub connect: Duration,
    /// Half of `total`, between [`MIN_RESPONSE_TIMEOUT`] and
    /// [`MAX_RESPONSE_TIMEOUT`], never more than `total`.
    pub response: Duration,
}

impl Limits {
    pub fn new(total: Duration) -> Limits {
        Limits {
            total,
            connect: CONNECT_TIMEOUT.min(total),
            response: (total / 2)
                .clamp(MIN_RESPONSE_TIMEOUT, MAX_RESPONSE_TIMEOUT)
                .min(total),
        }
    }
}

/// Where the credentials come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A context of the kubeconfig.
    Context(String),
    /// The pod's ServiceAccount (token, CA and namespace files).
    Pod,
}

impl Origin {
    /// `contexte `x`` / `ServiceAccount du pod`.
    pub fn text(&self) -> Msg {
        match self {
            Origin::Context(c) => msg!("contexte `{c}`", "context `{c}`", c),
            Origin::Pod => msg!("ServiceAccount du pod", "the pod's ServiceAccount"),
        }
    }
}

/// A connection to an API server, and how to name it in messages.
pub struct Conn {
    pub client: Client,
    /// `https://…` as configured.
    pub server: String,
    pub origin: Origin,
    /// The namespace of the context or of the pod (`default` otherwise).
    pub default_namespace: String,
    pub limits: Limits,
}

impl Conn {
    /// `cluster `ctx` (https://…)`.
    pub fn describe(&self) -> Msg {
        let server = &self.server;
        match &self.origin {
            Origin::Context(c) => msg!(
                "cluster `{c}` ({server})",
                "cluster `{c}` ({server})",
                c,
                server
            ),
            Origin::Pod => msg!(
                "cluster du pod ({server})",
                "the pod's cluster ({server})",
                server
            ),
        }
    }
}

fn kubeconfig_present() -> bool {
    std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty())
        || std::env::home_dir().is_some_and(|h| h.join(".kube").join("config").is_file())
}

fn in_pod() -> bool {
    std::env::var_os("KUBERNETES_SERVICE_HOST").is_some()
        && std::path::Path::new(SA_DIR).join("token").is_file()
}

/// Is there any configuration at all: a kubeconfig (`$KUBECONFIG`,
/// `~/.kube/config`) or a pod's ServiceAccount?
pub fn configuration_exists() -> bool {
    kubeconfig_present() || in_pod()
}

/// The namespace `kubectl` would use without `-n`: the context's (current,
/// or `context`), else the pod's; `None` when there is no configuration.
pub fn context_namespace(context: Option<&str>) -> Option<String> {
    if kubeconfig_present() {
        let k = Kubeconfig::read().ok()?;
        let name = context.map(str::to_string).or(k.current_context)?;
        let ctx = k.contexts.into_iter().find(|c| c.name == name)?.context?;
        return Some(ctx.namespace.unwrap_or_else(|| "default".into()));
    }
    if in_pod() {
        return std::fs::read_to_string(std::path::Path::new(SA_DIR).join("namespace"))
            .ok()
            .map(|n| n.trim().to_string());
    }
    None
}

/// Why cluster expectations are not evaluated when no configuration exists.
pub fn no_configuration_reason() -> Msg {
    msg!(
        "non évaluée : aucun cluster configuré (ni kubeconfig ni ServiceAccount) ; `--offline` pour ne pas essayer",
        "not evaluated: no cluster configured (neither a kubeconfig nor a ServiceAccount); `--offline` not to try"
    )
}

/// The error when a cluster is required (`snapshot`, `--context`) and none is configured.
pub fn no_configuration_error() -> Error {
    Error::other(
        "aucun cluster configuré : ni kubeconfig (`$KUBECONFIG`, `~/.kube/config`) ni ServiceAccount de pod. Que faire : dans le pod VSCode du cours, c'est automatique ; sur votre machine, récupérez le kubeconfig de la plateforme, placez-le dans `~/.kube/config` (ou `export \
            KUBECONFIG=chemin`) et vérifiez avec `kubectl get pods` ; ou travaillez sans cluster avec `--offline`",
        "no cluster configured: neither a kubeconfig (`$KUBECONFIG`, `~/.kube/config`) nor a pod ServiceAccount. What to do: in the course's VSCode pod this is automatic; on your machine, get the platform's kubeconfig, put it in `~/.kube/config` (or `export KUBECONFIG=path`) and \
            check with `kubectl get pods`; or work without a cluster with `--offline`",
    )
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

/// Where the configuration comes from: the kubeconfig (all of it, or a file
/// given explicitly) with an optional context.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub context: Option<String>,
    /// A kubeconfig file instead of `$KUBECONFIG` / `~/.kube/config`.
    pub kubeconfig: Option<std::path::PathBuf>,
}

async fn config_of(target: &Target) -> Result<(Config, Origin), Error> {
    let opts = KubeConfigOptions {
        context: target.context.clone(),
        ..KubeConfigOptions::default()
    };
    if let Some(path) = &target.kubeconfig {
        let k = Kubeconfig::read_from(path)
            .map_err(|e| kubeconfig_error(&e, opts.context.as_deref()))?;
        let name = opts
            .context
            .clone()
            .or(k.current_context.clone())
            .unwrap_or_default();
        let config = Config::from_custom_kubeconfig(k, &opts)
            .await
            .map_err(|e| kubeconfig_error(&e, opts.context.as_deref()))?;
        return Ok((config, Origin::Context(name)));
    }
    if target.context.is_some() || kubeconfig_present() {
        match Config::from_kubeconfig(&opts).await {
            Ok(config) => {
                let name = match &target.context {
                    Some(c) => c.clone(),
                    None => Kubeconfig::read()
                        .ok()
                        .and_then(|k| k.current_context)
                        .unwrap_or_else(|| "?".into()),
                };
                return Ok((config, Origin::Context(name)));
            }
            // Like kubectl in a pod: a kubeconfig that does not work falls
            // back to the pod's ServiceAccount, unless a context was asked for.
            Err(e) if target.context.is_some() || !in_pod() => {
                return Err(kubeconfig_error(&e, target.context.as_deref()));
            }
            Err(_) => {}
        }
    }
    let config = Config::incluster().map_err(|e| {
        let detail = innermost(&e);
        Error::other(
            format!(
                "la configuration du pod (ServiceAccount) est illisible : {detail}. Que faire : vérifiez que le pod a un ServiceAccount monté (`automountServiceAccountToken`, fichiers dans `{SA_DIR}`) et que `KUBERNETES_SERVICE_HOST` et `KUBERNETES_SERVICE_PORT` sont définis, ou \
                    utilisez un kubeconfig ; `--offline` pour travailler sans cluster"
            ),
            format!(
                "the pod's configuration (ServiceAccount) cannot be read: {detail}. What to do: check the pod mounts a ServiceAccount (`automountServiceAccountToken`, files in `{SA_DIR}`) and that `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` are set, or use a \
                    kubeconfig; `--offline` to work without a cluster"
            ),
        )
    })?;
    Ok((config, Origin::Pod))
}

/// Builds a client with bounded timeouts, no retries and kubecours's
/// User-Agent. Must run inside the runtime.
pub async fn connect(target: &Target, limits: Limits) -> Result<Conn, Error> {
    let (mut config, origin) = config_of(target).await?;
    config.connect_timeout = Some(limits.connect);
    config.read_timeout = Some(limits.response);
    config.write_timeout = Some(limits.response);
    config.reset_reader_on_write = true;
    // One request per kind, exactly: no silent retries.
    config.default_retry = false;
    if let Ok(v) = http::HeaderValue::from_str(&user_agent()) {
        config.headers.push((http::header::USER_AGENT, v));
    }
    let server = config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_string();
    let default_namespace = config.default_namespace.clone();
    let client = Client::try_from(config).map_err(|e| {
        let detail = innermost(&e);
        let (fr, en) = match &origin {
            Origin::Context(c) => (format!("contexte `{c}`"), format!("context `{c}`")),
            Origin::Pod => ("ServiceAccount du pod".into(), "the pod's ServiceAccount".into()),
        };
        Error::other(
            format!("impossible de préparer la connexion à `{server}` ({fr}) : {detail}. Que faire : votre kubeconfig est peut-être incomplet ou périmé (certificats) : retéléchargez-le depuis la plateforme, puis vérifiez avec `kubectl get pods`"),
            format!("cannot set up the connection to `{server}` ({en}): {detail}. What to do: your kubeconfig may be incomplete or outdated (certificates): download it again from the platform, then check with `kubectl get pods`"),
        )
    })?;
    Ok(Conn {
        client,
        server,
        origin,
        default_namespace,
        limits,
    })
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
            let (list_fr, list_en) = if contexts.is_empty() {
                ("aucun".to_string(), "none".to_string())
            } else {
                (contexts.clone(), contexts)
            };
            Error::other(
                format!(
                    "{fr} (contextes : {list_fr}). Que faire : choisissez-en un avec `--context NOM` ou `kubectl config use-context NOM` (la liste : `kubectl config get-contexts`)"
                ),
                format!(
                    "{en} (contexts: {list_en}). What to do: pick one with `--context NAME` or `kubectl config use-context NAME` (the list: `kubectl config get-contexts`)"
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
pub fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_raises_the_per_response_limit_within_bounds() {
        let l = |s| Limits::new(Duration::from_secs(s)).response.as_secs();
        assert_eq!(l(20), 10);
        assert_eq!(l(30), 15);
        assert_eq!(l(300), 60);
        assert_eq!(l(4), 4);
        assert_eq!(l(1), 1);
        assert_eq!(Limits::new(Duration::from_secs(1)).connect.as_secs(), 1);
    }

    #[test]
    fn user_agent_names_the_version() {
        assert_eq!(
            user_agent(),
            format!("kubecours/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
