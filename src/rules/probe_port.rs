//! `probe-port`: a probe checks a port its container declares.
//!
//! Complexity: O(n) in the size of the input set: one pass over the containers of the pod
//! templates ([`Ctx::pod_templates`]); a container's P ports are listed once and scanned by
//! each of its at most 9 probe handlers (3 probes × 3 handlers): O(P) per container.

use crate::rules::prelude::*;
use crate::yaml::{Node, Value};

pub static RULE: Rule = Rule {
    code: Code {
        id: "probe-port",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "deployment.md",
        summary: Text {
            fr: "Une sonde interroge un port que son conteneur ne déclare pas",
            en: "A probe checks a port its container does not declare",
        },
        what: Text {
            fr: "Pour les sondes `livenessProbe`, `readinessProbe` et `startupProbe` de chaque conteneur, le `port` de `httpGet`, `tcpSocket` ou `grpc` doit être l'un des `containerPort` de ce même conteneur (ou, s'il est écrit en toutes lettres, le `name` de l'un de ses ports). Si le conteneur ne déclare aucun port, un numéro ne peut pas être vérifié : c'est un avertissement ; un nom de port est alors une erreur. Un port nommé qu'aucun port du conteneur ne porte est une erreur (la sonde échoue toujours) ; un numéro non déclaré est un avertissement, car `containerPort` n'est qu'indicatif.",
            en: "For the `livenessProbe`, `readinessProbe` and `startupProbe` of every container, the `port` of `httpGet`, `tcpSocket` or `grpc` must be one of the `containerPort`s of that same container (or, when written as a word, the `name` of one of its ports). If the container declares no port at all, a number cannot be verified: it is a warning; a port name is then an error. A named port no port of the container carries is an error (the probe always fails); an undeclared number is a warning, since `containerPort` is only informational.",
        },
        why: Text {
            fr: "Une sonde sur un port où rien n'écoute échoue à chaque fois : avec `readinessProbe`, le pod n'est jamais prêt et ne reçoit aucun trafic (`READY 0/1`) ; avec `livenessProbe`, le conteneur est tué et redémarré en boucle (`CrashLoopBackOff`). L'application, elle, fonctionne parfaitement, ce qui rend la cause difficile à trouver.",
            en: "A probe on a port where nothing listens fails every time: with `readinessProbe`, the pod is never ready and gets no traffic (`READY 0/1`); with `livenessProbe`, the container is killed and restarted in a loop (`CrashLoopBackOff`). The application itself works perfectly, which makes the cause hard to find.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/probe-port/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/probe-port/good.yaml"),
    },
    check: Check::Set(check),
};

const PROBES: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe"];
const HANDLERS: &[&str] = &["httpGet", "tcpSocket", "grpc"];

fn probe_label(probe: &str) -> Msg {
    let t = match probe {
        "livenessProbe" => Text {
            fr: "la sonde de vivacité",
            en: "the liveness probe",
        },
        "readinessProbe" => Text {
            fr: "la sonde de disponibilité",
            en: "the readiness probe",
        },
        _ => Text {
            fr: "la sonde de démarrage",
            en: "the startup probe",
        },
    };
    msg!("{t} (`{probe}`)", "{t} (`{probe}`)", t, probe)
}

/// A port as written in a probe: a number (also a quoted number) or a name.
enum Wanted<'a> {
    Number(i64),
    Name(&'a str),
}

fn wanted(node: &Node) -> Option<Wanted<'_>> {
    match &node.value {
        Value::Int(n) => Some(Wanted::Number(*n)),
        Value::Str(s) => Some(match s.parse::<i64>() {
            Ok(n) => Wanted::Number(n),
            Err(_) => Wanted::Name(s),
        }),
        _ => None,
    }
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for t in ctx.pod_templates() {
        for (cpath, c) in t.containers() {
            let raw = c.get("ports").map(Node::items).unwrap_or(&[]);
            let declared: Vec<(i64, Option<&str>)> = raw
                .iter()
                .filter_map(|p| {
                    Some((
                        p.get("containerPort")?.as_i64()?,
                        p.get("name").and_then(Node::as_str),
                    ))
                })
                .collect();
            // A port entry without a valid `containerPort` is a schema error already
            // reported: its name still counts, and numbers cannot be judged.
            let broken = declared.len() != raw.len();
            let names: Vec<&str> = raw
                .iter()
                .filter_map(|p| p.get("name").and_then(Node::as_str))
                .collect();
            let container = c
                .get("name")
                .map_or_else(|| "?".to_string(), Node::scalar_text);
            let list = declared
                .iter()
                .map(|(n, name)| match name {
                    Some(name) => format!("{n} (`{name}`)"),
                    None => n.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            for probe in PROBES {
                let Some(p) = c.get(probe) else { continue };
                for handler in HANDLERS {
                    let Some(port) = p.get(handler).and_then(|h| h.get("port")) else {
                        continue;
                    };
                    let Some(want) = wanted(port) else { continue };
                    let shown = port.scalar_text();
                    let what = probe_label(probe);
                    let path = format!("{cpath}.{probe}.{handler}.port");
                    let finding = match want {
                        Wanted::Number(n) if declared.iter().any(|(p, _)| *p == n) => continue,
                        Wanted::Name(name) if names.contains(&name) => continue,
                        Wanted::Number(_) if broken => continue,
                        Wanted::Number(_) if raw.is_empty() => ctx
                            .finding(
                                &RULE,
                                t.obj,
                                port.span,
                                msg!("{what} du conteneur `{container}` interroge le port {shown}, mais ce conteneur ne déclare aucun port : impossible de vérifier que l'application y écoute", "{what} of container `{container}` checks port {shown}, but this container declares no port: there is no way to verify the application listens there", what, container, shown),
                                msg!("déclarez le port d'écoute de l'application dans le conteneur : `ports: [{{containerPort: {shown}}}]`", "declare the application's listening port in the container: `ports: [{{containerPort: {shown}}}]`", shown),
                            )
                            .with_severity(Severity::Warning),
                        Wanted::Number(n) => {
                            // `containerPort` is informational: the application may still
                            // listen on `n`, hence a warning.
                            let first = declared[0].0;
                            ctx.finding(
                                &RULE,
                                t.obj,
                                port.span,
                                msg!("{what} du conteneur `{container}` interroge le port {n}, que ce conteneur ne déclare pas (ports déclarés : {list}) : si l'application n'écoute pas sur {n}, la sonde échouera", "{what} of container `{container}` checks port {n}, which this container does not declare (declared ports: {list}): if the application does not listen on {n}, the probe will fail", what, container, n, list),
                                msg!("écrivez `port: {first}` (le port déclaré), ou déclarez `containerPort: {n}` si l'application écoute vraiment sur {n} (`containerPort` n'est qu'indicatif : Kubernetes ne vérifie pas que l'application y écoute)", "write `port: {first}` (the declared port), or declare `containerPort: {n}` if the application really listens on {n} (`containerPort` is only informational: Kubernetes does not check the application listens there)", first, n),
                            )
                            .with_severity(Severity::Warning)
                            .with_fix(port.span.start, port.span.caret_len(), crate::diag::Edit::Replace(first.to_string()), msg!("Interroger le port {first}", "Probe port {first}", first))
                        }
                        Wanted::Name(name) if declared.is_empty() => ctx.finding(
                            &RULE,
                            t.obj,
                            port.span,
                            msg!("{what} du conteneur `{container}` interroge le port nommé `{name}`, mais ce conteneur ne déclare aucun port : le nom ne désigne rien", "{what} of container `{container}` checks the port named `{name}`, but this container declares no port: the name refers to nothing", what, container, name),
                            msg!("déclarez le port dans le conteneur (`ports: [{{name: {name}, containerPort: …}}]`), ou écrivez son numéro", "declare the port in the container (`ports: [{{name: {name}, containerPort: …}}]`), or write its number", name),
                        ),
                        Wanted::Name(name) => {
                            let names = declared.iter().filter_map(|(_, n)| *n);
                            let first = declared[0].0;
                            let help = match crate::suggest::closest(name, names) {
                                Some(s) => msg!("vouliez-vous dire `{s}` ? écrivez `port: {s}`", "did you mean `{s}`? write `port: {s}`", s),
                                None => msg!("donnez `name: {name}` au bon port du conteneur, ou écrivez le numéro : `port: {first}`", "give `name: {name}` to the right container port, or write the number: `port: {first}`", name, first),
                            };
                            ctx.finding(
                                &RULE,
                                t.obj,
                                port.span,
                                msg!("{what} du conteneur `{container}` interroge le port nommé `{name}`, qu'aucun port de ce conteneur ne porte (ports déclarés : {list})", "{what} of container `{container}` checks the port named `{name}`, which no port of this container carries (declared ports: {list})", what, container, name, list),
                                help,
                            )
                        }
                    };
                    out.push(finding.with_path(path));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn findings(ports: &str, probe: &str) -> Vec<Finding> {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n{ports}{probe}"
        );
        let run = lint_sources(
            vec![SourceFile::from_text("t.yaml", yaml)],
            &Options::default(),
        );
        run.findings
            .into_iter()
            .filter(|f| f.id() == "probe-port")
            .collect()
    }

    const PORTS: &str = "      ports:\n        - name: http\n          containerPort: 8000\n";

    #[test]
    fn numbers_and_names_that_exist() {
        let probe = "      readinessProbe:\n        httpGet:\n          path: /\n          port: http\n      livenessProbe:\n        tcpSocket:\n          port: 8000\n      startupProbe:\n        grpc:\n          port: 8000\n";
        assert!(findings(PORTS, probe).is_empty());
    }

    #[test]
    fn wrong_number_and_wrong_name() {
        let probe = "      readinessProbe:\n        httpGet:\n          path: /\n          port: htp\n      livenessProbe:\n        tcpSocket:\n          port: 8080\n";
        let f = findings(PORTS, probe);
        assert_eq!(f.len(), 2, "{f:?}");
        // A name nothing carries cannot work; a number no container declares
        // may still be listened on (`containerPort` is informational).
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[1].severity, Severity::Warning);
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("port: http`"),
            "{}",
            f[0].help
        );
        assert!(
            f[1].help(crate::i18n::Lang::Fr).contains("port: 8000`"),
            "{}",
            f[1].help
        );
        assert_eq!(f[1].path, "spec.containers[0].livenessProbe.tcpSocket.port");
    }

    #[test]
    fn no_declared_port() {
        let probe = "      livenessProbe:\n        httpGet:\n          path: /\n          port: 8080\n      readinessProbe:\n        httpGet:\n          path: /\n          port: http\n";
        let f = findings("", probe);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].severity, Severity::Error);
    }
}
