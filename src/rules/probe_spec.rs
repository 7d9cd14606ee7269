//! `probe-spec`: a probe or lifecycle hook the API server rejects (no handler, two handlers, `successThreshold`…).

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "probe-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "deployment.md",
        summary: Text {
            fr: "Une sonde ou un crochet de cycle de vie que l'API refuse : aucun ou plusieurs moyens de tester, `successThreshold` différent de 1…",
            en: "A probe or lifecycle hook the API rejects: no or several ways to test, `successThreshold` other than 1…",
        },
        what: Text {
            fr: "Une sonde (`livenessProbe`, `readinessProbe`, `startupProbe`) a exactement un moyen de tester : `httpGet`, `tcpSocket`, `exec` ou `grpc`. `exec.command` n'est pas vide, un `tcpSocket` a un `port`. Pour une sonde de vivacité ou de démarrage, `successThreshold` vaut 1 ; une sonde de disponibilité n'a pas de `terminationGracePeriodSeconds`, et celle des deux autres est positive. Un crochet `postStart`/`preStop` a exactement un moyen (`exec`, `httpGet`, `tcpSocket`, `sleep`), et un `sleep` ne dépasse pas le délai de grâce du Pod. Un conteneur d'initialisation ordinaire n'a ni sonde ni crochet.",
            en: "A probe (`livenessProbe`, `readinessProbe`, `startupProbe`) has exactly one way to test: `httpGet`, `tcpSocket`, `exec` or `grpc`. `exec.command` is not empty, a `tcpSocket` has a `port`. For a liveness or startup probe, `successThreshold` is 1; a readiness probe has no `terminationGracePeriodSeconds`, and the other two's is positive. A `postStart`/`preStop` hook has exactly one way (`exec`, `httpGet`, `tcpSocket`, `sleep`), and a `sleep` does not exceed the Pod's grace period. A plain init container has neither probes nor hooks.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet : il ne saurait pas comment tester le conteneur. Deux moyens dans une même sonde viennent souvent d'un copier-coller ; une sonde de vivacité qui demanderait plusieurs succès d'affilée n'a pas de sens, puisqu'elle sert à redémarrer dès le premier échec répété.",
            en: "The API server rejects the object: it would not know how to test the container. Two ways in one probe often come from a copy-paste; a liveness probe asking for several successes in a row makes no sense, since it is there to restart on repeated failures.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/probe-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/probe-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const PROBES: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe"];

fn handlers<'a>(n: &'a Node, allowed: &[&'static str]) -> Vec<(&'static str, &'a Node)> {
    allowed
        .iter()
        .filter_map(|h| n.get(h).map(|v| (*h, v)))
        .collect()
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    let grace = spec
        .get("terminationGracePeriodSeconds")
        .and_then(Node::as_i64)
        .unwrap_or(30);
    for c in containers(spec, &spec_path) {
        let sidecar = c.node.get("restartPolicy").and_then(Node::as_str) == Some("Always");
        let plain_init = c.list == "initContainers" && !sidecar;
        for probe in PROBES.iter().copied().chain(["lifecycle"]) {
            let Some(p) = c.node.get(probe) else { continue };
            let key_span = c.node.entry(probe).map_or(p.span, |e| e.key_span);
            let path = format!("{}.{probe}", c.path);
            if plain_init {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        key_span,
                        msg!(
                            "un conteneur d'initialisation n'a pas de `{probe}` : il s'exécute jusqu'au bout avant les autres",
                            "an init container has no `{probe}`: it runs to completion before the others",
                            probe
                        ),
                        msg!(
                            "enlevez `{probe}`, ou faites-en un conteneur annexe (sidecar) avec `restartPolicy: Always`",
                            "remove `{probe}`, or make it a sidecar with `restartPolicy: Always`",
                            probe
                        ),
                    )
                    .with_path(path),
                );
                continue;
            }
            if probe == "lifecycle" {
                for hook in ["postStart", "preStop"] {
                    let Some(h) = p.get(hook) else { continue };
                    let found = handlers(h, &["exec", "httpGet", "tcpSocket", "sleep"]);
                    let hpath = format!("{path}.{hook}");
                    count(cx, obj, h, &found, &hpath, hook, out);
                    if let Some(s) = h.get("sleep").and_then(|s| s.get("seconds"))
                        && let Some(n) = s.as_i64()
                        && !(0..=grace).contains(&n)
                    {
                        out.push(
                            cx.finding(
                                &RULE,
                                obj,
                                s.span,
                                msg!(
                                    "`sleep.seconds: {n}` dépasse le délai de grâce du Pod ({grace} s)",
                                    "`sleep.seconds: {n}` exceeds the Pod's grace period ({grace} s)",
                                    n,
                                    grace
                                ),
                                msg!(
                                    "attendez au plus {grace} s, ou allongez `terminationGracePeriodSeconds`",
                                    "wait at most {grace} s, or lengthen `terminationGracePeriodSeconds`",
                                    grace
                                ),
                            )
                            .with_path(format!("{hpath}.sleep.seconds")),
                        );
                    }
                    handler_details(cx, obj, h, &hpath, out);
                }
                continue;
            }
            let found = handlers(p, &["exec", "httpGet", "tcpSocket", "grpc"]);
            count(cx, obj, p, &found, &path, probe, out);
            handler_details(cx, obj, p, &path, out);
            if probe != "readinessProbe"
                && let Some(s) = p.get("successThreshold")
                && let Some(n) = s.as_i64()
                && n != 1
                && n > 0
            {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        s.span,
                        msg!(
                            "`successThreshold: {n}` : pour `{probe}`, il vaut toujours 1",
                            "`successThreshold: {n}`: for `{probe}`, it is always 1",
                            n,
                            probe
                        ),
                        msg!(
                            "écrivez `successThreshold: 1` ou enlevez la ligne",
                            "write `successThreshold: 1` or remove the line"
                        ),
                    )
                    .with_path(format!("{path}.successThreshold"))
                    .with_fix(
                        s.span.start,
                        s.span.caret_len(),
                        crate::diag::Edit::Replace("1".into()),
                        msg!("Mettre 1", "Set to 1"),
                    ),
                );
            }
            if let Some(t) = p.get("terminationGracePeriodSeconds")
                && let Some(n) = t.as_i64()
            {
                let problem = if probe == "readinessProbe" {
                    Some(msg!(
                        "une sonde de disponibilité n'a pas de `terminationGracePeriodSeconds` (elle ne redémarre rien)",
                        "a readiness probe has no `terminationGracePeriodSeconds` (it restarts nothing)"
                    ))
                } else if n <= 0 {
                    Some(msg!(
                        "`terminationGracePeriodSeconds` doit être positif",
                        "`terminationGracePeriodSeconds` must be positive"
                    ))
                } else {
                    None
                };
                if let Some(message) = problem {
                    out.push(
                        cx.finding(
                            &RULE,
                            obj,
                            t.span,
                            message,
                            msg!("enlevez cette ligne", "remove this line"),
                        )
                        .with_path(format!("{path}.terminationGracePeriodSeconds")),
                    );
                }
            }
        }
    }
}

/// Exactly one handler.
fn count(
    cx: &ObjCx,
    obj: &Object,
    n: &Node,
    found: &[(&'static str, &Node)],
    path: &str,
    what: &str,
    out: &mut Vec<Finding>,
) {
    if found.is_empty() {
        out.push(
            cx.finding(
                &RULE,
                obj,
                n.span,
                msg!(
                    "`{what}` ne dit pas comment tester : il faut `httpGet`, `tcpSocket`, `exec` ou `grpc`",
                    "`{what}` does not say how to test: it needs `httpGet`, `tcpSocket`, `exec` or `grpc`",
                    what
                ),
                msg!("par exemple `httpGet: {{path: /, port: 8080}}`", "for instance `httpGet: {{path: /, port: 8080}}`"),
            )
            .with_path(path),
        );
        return;
    }
    for (h, node) in found.iter().skip(1) {
        let first = found[0].0;
        let span = n.entry(h).map_or(node.span, |e| e.key_span);
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                msg!(
                    "`{what}` a déjà un moyen de tester (`{first}`) : `{h}` en serait un second, un seul est permis",
                    "`{what}` already has a way to test (`{first}`): `{h}` would be a second, only one is allowed",
                    what,
                    first,
                    h
                ),
                msg!("gardez `{first}` ou `{h}`, pas les deux", "keep `{first}` or `{h}`, not both", first, h),
            )
            .with_path(format!("{path}.{h}")),
        );
    }
}

fn handler_details(cx: &ObjCx, obj: &Object, n: &Node, path: &str, out: &mut Vec<Finding>) {
    if let Some(e) = n.get("exec")
        && e.get("command").is_none_or(|c| c.items().is_empty())
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                e.span,
                msg!("`exec` sans `command`", "`exec` without a `command`"),
                msg!(
                    "écrivez la commande à lancer : `command: [\"cat\", \"/tmp/ok\"]`",
                    "write the command to run: `command: [\"cat\", \"/tmp/ok\"]`"
                ),
            )
            .with_path(format!("{path}.exec")),
        );
    }
    if let Some(t) = n.get("tcpSocket")
        && t.get("port").is_none()
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                t.span,
                msg!("`tcpSocket` sans `port`", "`tcpSocket` without a `port`"),
                msg!(
                    "donnez le port à tester : `tcpSocket: {{port: 8080}}`",
                    "give the port to test: `tcpSocket: {{port: 8080}}`"
                ),
            )
            .with_path(format!("{path}.tcpSocket")),
        );
    }
    for (k, h) in n
        .at("httpGet.httpHeaders")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(name) = h.get("name")
            && !name
                .scalar_text()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-')
        {
            let t = name.scalar_text();
            out.push(
                cx.finding(
                    &RULE,
                    obj,
                    name.span,
                    msg!("`{t}` n'est pas un nom d'en-tête HTTP : lettres, chiffres et `-` seulement", "`{t}` is not an HTTP header name: letters, digits and `-` only", t),
                    msg!("par exemple `X-Mon-En-Tete`", "for instance `X-My-Header`"),
                )
                .with_path(format!("{path}.httpGet.httpHeaders[{k}].name")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn pod(probe: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n{probe}"
        )
    }

    #[test]
    fn one_handler_per_probe() {
        assert_eq!(findings_of("probe-spec", &pod("    readinessProbe:\n      httpGet: {path: /, port: 80}\n      tcpSocket: {port: 80}\n")).len(), 1);
        assert_eq!(
            findings_of(
                "probe-spec",
                &pod("    livenessProbe:\n      periodSeconds: 5\n")
            )
            .len(),
            1
        );
        assert_eq!(findings_of("probe-spec", &pod("    livenessProbe:\n      httpGet: {path: /, port: 80}\n      successThreshold: 2\n")).len(), 1);
        assert!(findings_of("probe-spec", &pod("    readinessProbe:\n      httpGet: {path: /, port: 80}\n      successThreshold: 2\n")).is_empty());
    }
}
