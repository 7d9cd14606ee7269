//! `service-target-port`: every Service `targetPort` reaches a `containerPort`.
//!
//! Complexity: O(S) to key each of the S Services by its sorted selector; once per distinct
//! (namespace, selector), the k templates on its rarest pair ([`Ctx::selected_by`]) and their
//! ports. Each Service port then scans the P distinct ports of its selection (`iter().any`):
//! O(S + T) usually, O(S·T) when S Services share a selector of T templates with distinct ports.

use crate::rules::prelude::*;
use crate::yaml::{Node, Value};

pub static RULE: Rule = Rule {
    code: Code {
        id: "service-target-port",
        family: Family::CrossObject,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "service.md#les-ports",
        summary: Text {
            fr: "Un `targetPort` de Service ne correspond à aucun `containerPort` des pods sélectionnés",
            en: "A Service `targetPort` matches no `containerPort` of the selected pods",
        },
        what: Text {
            fr: "Pour chaque port d'un Service, le `targetPort` (un numéro, ou un nom de port ; par défaut égal à `port`) doit correspondre à un `containerPort` (ou au `name` d'un port) d'un conteneur des pods que le `selector` du Service choisit, dans le même namespace. Le message nomme le Service, le port, les objets sélectionnés et les ports qu'ils exposent vraiment. Un port nommé qu'aucun conteneur ne porte est une erreur (le Service n'a aucune adresse où envoyer le trafic) ; un numéro qu'aucun conteneur ne déclare est un avertissement, car `containerPort` n'est qu'indicatif : l'application peut écouter sur un port qu'elle ne déclare pas.",
            en: "For each port of a Service, the `targetPort` (a number, or a port name; `port` by default) must match a `containerPort` (or a port `name`) of a container of the pods the Service's `selector` picks, in the same namespace. The message names the Service, the port, the selected objects and the ports they really expose. A named port no container carries is an error (the Service has no address to send traffic to); a number no container declares is a warning, since `containerPort` is only informational: the application may listen on a port it does not declare.",
        },
        why: Text {
            fr: "Le Service transmet le trafic au `targetPort` des pods. Si rien n'écoute sur ce port, chaque requête échoue (« connection refused », erreur 502 ou 503 derrière l'Ingress) alors que tous les objets semblent en bonne santé. C'est l'erreur de débutant la plus fréquente, et ni kube-linter ni kube-score ne la vérifient.",
            en: "The Service forwards traffic to the pods' `targetPort`. If nothing listens on that port, every request fails (\"connection refused\", a 502 or 503 behind the Ingress) while every object looks healthy. It is the most frequent beginner mistake, and neither kube-linter nor kube-score checks it.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/service-target-port/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/service-target-port/good.yaml"),
    },
    check: Check::Set(check),
};

/// The ports a template exposes: (number, name). None when a port entry has
/// no valid `containerPort` (a typo the schema reports): the exposed ports
/// are then unknown, and judging the Service would only add a false error.
fn exposed(t: &PodTemplate) -> Option<Vec<(i64, Option<String>)>> {
    t.containers()
        .flat_map(|(_, c)| c.get("ports").map(Node::items).unwrap_or(&[]))
        .map(|p| {
            let n = p.get("containerPort")?.as_i64()?;
            Some((n, p.get("name").and_then(Node::as_str).map(str::to_string)))
        })
        .collect()
}

/// Objects named in a message before the rest are counted.
const OWNERS_SHOWN: usize = 5;

/// What the pods a selector picks expose: their ports (each once, in the
/// order found) and the objects holding them, as a message shows them.
struct Selection {
    ports: Vec<(i64, Option<String>)>,
    owners: String,
}

/// None when the selector picks nothing (`service-selector` reports it) or
/// when the exposed ports are unknown.
fn selection(ctx: &Ctx, ns: &str, selector: &Node) -> Option<Selection> {
    let selected: Vec<&PodTemplate> = ctx.selected_by(ns, selector).collect();
    if selected.is_empty() {
        return None;
    }
    let ports = selected
        .iter()
        .map(|t| exposed(t))
        .collect::<Option<Vec<_>>>()?;
    let mut seen = std::collections::HashSet::new();
    let ports = ports
        .into_iter()
        .flatten()
        .filter(|p| seen.insert(p.clone()))
        .collect();
    let mut owners = selected
        .iter()
        .take(OWNERS_SHOWN)
        .map(|t| format!("{} `{}`", t.obj.kind, t.obj.name))
        .collect::<Vec<_>>()
        .join(", ");
    if selected.len() > OWNERS_SHOWN {
        owners.push_str(&format!(", … (+{})", selected.len() - OWNERS_SHOWN));
    }
    Some(Selection { ports, owners })
}

/// A selector in its namespace: (namespace, sorted `key`/value pairs).
type SelectorKey<'a> = (&'a str, Vec<(&'a str, String)>);

/// Services with the same selector in one namespace pick the same pods, so
/// what those pods expose is computed once per distinct (namespace, selector),
/// through the label index of [`Ctx::selected_by`] (complexity: see the module doc).
fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut memo: std::collections::HashMap<SelectorKey, Option<Selection>> =
        std::collections::HashMap::new();
    for svc in ctx.of_kind("Service") {
        let Some(spec) = svc.spec() else { continue };
        if spec.get("type").and_then(Node::as_str) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = spec.get("selector") else {
            continue;
        };
        let ns = ctx.ns(svc);
        let mut key: Vec<(&str, String)> = selector
            .entries()
            .iter()
            .map(|e| (&*e.key, e.value.scalar_text()))
            .collect();
        key.sort();
        let Some(Selection { ports, owners }) = memo
            .entry((ns, key))
            .or_insert_with(|| selection(ctx, ns, selector))
            .as_ref()
        else {
            continue;
        };
        for (i, port) in spec
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(port_node) = port.get("port") else {
                continue;
            };
            let (target, path_leaf) = match port.get("targetPort") {
                Some(t) => (t, "targetPort"),
                None => (port_node, "port"),
            };
            let label = port
                .get("name")
                .and_then(Node::as_str)
                .map_or_else(|| port_node.scalar_text(), |n| n.to_string());
            let path = format!("{}spec.ports[{i}].{path_leaf}", svc.prefix);
            let shown = target.scalar_text();
            let found = match &target.value {
                Value::Int(n) => ports.iter().any(|(p, _)| p == n),
                Value::Str(name) => ports.iter().any(|(_, pn)| pn.as_deref() == Some(name)),
                _ => continue,
            };
            if found {
                continue;
            }
            let svc_name = &svc.name;
            if ports.is_empty() {
                // Numeric target and no declared port: cannot be proven wrong.
                let severity = if matches!(target.value, Value::Str(_)) {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                out.push(
                    ctx.finding(
                        &RULE,
                        svc,
                        target.span,
                        msg!("le port `{label}` du Service `{svc_name}` vise le port `{shown}`, mais les conteneurs de {owners} ne déclarent aucun `containerPort`", "port `{label}` of Service `{svc_name}` targets port `{shown}`, but the containers of {owners} declare no `containerPort`", label, svc_name, shown, owners),
                        msg!("déclarez le port d'écoute dans le conteneur : `ports: [{{containerPort: …}}]`, puis visez ce numéro", "declare the listening port in the container: `ports: [{{containerPort: …}}]`, then target that number"),
                    )
                    .with_path(path)
                    .with_severity(severity),
                );
                continue;
            }
            let list = ports
                .iter()
                .map(|(n, name)| match name {
                    Some(name) => format!("{n} (`{name}`)"),
                    None => n.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let first = ports[0].0;
            let named = matches!(target.value, Value::Str(_));
            let (message, help) = if named {
                (
                    msg!(
                        "le port `{label}` du Service `{svc_name}` vise le port nommé `{shown}`, qu'aucun conteneur de {owners} ne déclare (ports exposés : {list}) : le Service n'a aucune adresse où envoyer ce trafic",
                        "port `{label}` of Service `{svc_name}` targets the port named `{shown}`, which no container of {owners} declares (exposed ports: {list}): the Service has no address to send this traffic to",
                        label,
                        svc_name,
                        shown,
                        owners,
                        list
                    ),
                    msg!(
                        "donnez `name: {shown}` au bon port du conteneur, ou écrivez le numéro : `targetPort: {first}`",
                        "give `name: {shown}` to the right container port, or write the number: `targetPort: {first}`",
                        shown,
                        first
                    ),
                )
            } else {
                (
                    msg!(
                        "le port `{label}` du Service `{svc_name}` envoie le trafic au port {shown}, qu'aucun conteneur de {owners} ne déclare (ports déclarés : {list}) : si l'application n'écoute pas sur {shown}, chaque connexion sera refusée",
                        "port `{label}` of Service `{svc_name}` sends traffic to port {shown}, which no container of {owners} declares (declared ports: {list}): if the application does not listen on {shown}, every connection will be refused",
                        label,
                        svc_name,
                        shown,
                        owners,
                        list
                    ),
                    msg!(
                        "écrivez `targetPort: {first}` (le `containerPort` de l'application), ou déclarez `containerPort: {shown}` si l'application écoute vraiment sur {shown} (`containerPort` n'est qu'indicatif)",
                        "write `targetPort: {first}` (the application's `containerPort`), or declare `containerPort: {shown}` if the application really listens on {shown} (`containerPort` is only informational)",
                        first,
                        shown
                    ),
                )
            };
            let mut f = ctx
                .finding(&RULE, svc, target.span, message, help)
                .with_path(path);
            // One port number exposed, and an explicit `targetPort` on one
            // line: writing that number is mechanical.
            let mut numbers: Vec<i64> = ports.iter().map(|(n, _)| *n).collect();
            numbers.sort_unstable();
            numbers.dedup();
            if path_leaf == "targetPort"
                && numbers.len() == 1
                && target.span.start.is_known()
                && target.span.end.line == target.span.start.line
            {
                f = f.with_fix(
                    target.span.start,
                    target.span.caret_len(),
                    crate::diag::Edit::Replace(first.to_string()),
                    msg!(
                        "Écrire `targetPort: {first}` (le `containerPort` déclaré)",
                        "Write `targetPort: {first}` (the declared `containerPort`)",
                        first
                    ),
                );
            }
            if !named {
                f = f.with_severity(Severity::Warning);
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Options, lint_sources};
    #[allow(unused_imports)]
    use crate::rules::prelude::*;
    use crate::source::SourceFile;

    fn ids(yaml: &str) -> Vec<&'static str> {
        lint_sources(
            vec![SourceFile::from_text("t.yaml", yaml)],
            &Options::default(),
        )
        .findings
        .iter()
        .map(|f| f.id())
        .collect()
    }

    const BASE: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: flask
spec:
  replicas: 2
  selector:
    matchLabels:
      app: flask
  template:
    metadata:
      labels:
        app: flask
    spec:
      containers:
        - name: flask
          image: ghcr.io/exemple/flask:1.0.0
          ports:
            - containerPort: 5000
---
apiVersion: v1
kind: Service
metadata:
  name: flask
spec:
  selector:
    app: flask
  ports:
    - name: http
      port: 80
      targetPort: 5000
";

    #[test]
    fn a_misspelt_container_port_is_not_reported_twice() {
        let bad = BASE
            .replace("targetPort: 5000", "targetPort: 8080")
            .replace("- containerPort: 5000", "- contanierPort: 5000");
        let found = ids(&bad);
        assert!(found.contains(&"unknown-field"), "{found:?}");
        assert!(!found.contains(&"service-target-port"), "{found:?}");
    }

    #[test]
    fn the_declared_port_is_offered_as_a_fix() {
        let bad = BASE.replace("targetPort: 5000", "targetPort: 8080");
        let run = lint_sources(
            vec![SourceFile::from_text("t.yaml", bad)],
            &Options::default(),
        );
        let f = run
            .findings
            .iter()
            .find(|f| f.id() == "service-target-port")
            .unwrap();
        let fix = f.fix.as_ref().unwrap();
        assert_eq!(fix.edit, crate::diag::Edit::Replace("5000".into()));
        assert_eq!((fix.pos, fix.len), (f.pos, 4));
        // Two ports exposed: which one is meant is the student's choice.
        let two = BASE
            .replace("targetPort: 5000", "targetPort: 8080")
            .replace(
                "- containerPort: 5000",
                "- containerPort: 5000\n            - containerPort: 9000",
            );
        let run = lint_sources(
            vec![SourceFile::from_text("t.yaml", two)],
            &Options::default(),
        );
        let f = run
            .findings
            .iter()
            .find(|f| f.id() == "service-target-port")
            .unwrap();
        assert!(f.fix.is_none());
    }

    #[test]
    fn a_named_target_port_must_exist() {
        assert!(!ids(BASE).contains(&"service-target-port"));
        let bad = BASE.replace("targetPort: 5000", "targetPort: web");
        assert!(ids(&bad).contains(&"service-target-port"));
        let good = bad.replace(
            "- containerPort: 5000",
            "- name: web\n              containerPort: 5000",
        );
        assert!(!ids(&good).contains(&"service-target-port"));
    }
}
