//! `duplicate-name`: two containers, volumes, ports or mount paths of one pod with the same name.

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

pub static RULE: Rule = Rule {
    code: Code {
        id: "duplicate-name",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "pod.md",
        summary: Text {
            fr: "Deux conteneurs, volumes, ports ou points de montage d'un même Pod portent le même nom",
            en: "Two containers, volumes, ports or mount paths of one Pod have the same name",
        },
        what: Text {
            fr: "Dans un Pod (ou le modèle de Pod d'un Deployment, d'un Job…), le serveur d'API exige des noms uniques : les conteneurs (conteneurs d'initialisation compris), les volumes, les noms de ports d'un même conteneur, les `mountPath` d'un même conteneur, et un même `hostPort` (avec le même protocole et la même adresse) ne sert qu'une fois parmi les conteneurs. La règle montre la première définition. Deux variables d'environnement de même nom, elles, sont acceptées (voir `env-duplicate`).",
            en: "In a Pod (or the pod template of a Deployment, a Job…), the API server requires unique names: containers (init containers included), volumes, the port names of one container, the `mountPath`s of one container, and one `hostPort` (with the same protocol and address) is used only once among the containers. The rule shows the first definition. Two environment variables with the same name are accepted (see `env-duplicate`).",
        },
        why: Text {
            fr: "Un nom sert à désigner l'élément : `kubectl logs -c web`, le `name` d'un volume dans `volumeMounts`, le nom d'un port dans une sonde ou un Service. S'il y en a deux, le serveur d'API refuse tout l'objet (« Duplicate value »). C'est l'erreur typique d'un bloc copié-collé sans en changer le nom.",
            en: "A name designates the item: `kubectl logs -c web`, a volume's `name` in `volumeMounts`, a port's name in a probe or a Service. With two, the API server rejects the whole object (\"Duplicate value\"). It is the typical mistake of a block copy-pasted without renaming it.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/duplicate-name/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/duplicate-name/good.yaml"),
    },
    check: Check::Object(check),
};

/// Reports every value seen before, pointing at the first one: one per
/// kind of name (containers, volumes, the ports of one container…).
struct Seen<'a> {
    first: HashMap<String, &'a Node>,
    what: Msg,
}

/// The object being checked and where its findings go.
struct Dups<'c, 'o> {
    cx: &'c ObjCx<'c>,
    obj: &'o Object,
    out: &'c mut Vec<Finding>,
}

impl<'a> Seen<'a> {
    fn new(what: Msg) -> Self {
        Seen {
            first: HashMap::new(),
            what,
        }
    }

    /// `node` (its value being `key`) repeats a value seen before: a finding
    /// at `path` (written only then), pointing at the first one.
    fn check(&mut self, d: &mut Dups, key: String, node: &'a Node, path: impl FnOnce() -> String) {
        match self.first.entry(key) {
            Slot::Occupied(first) => push(d, node, first.get(), path(), self.what.clone()),
            Slot::Vacant(slot) => {
                slot.insert(node);
            }
        }
    }

    /// Every item of the list `parent.list` whose non-empty `field` repeats one seen before.
    fn list(&mut self, d: &mut Dups, parent: &'a Node, parent_path: &str, list: &str, field: &str) {
        for (j, item) in parent
            .get(list)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(n) = non_empty(item, field) {
                self.check(d, n.scalar_text(), n, || {
                    format!("{parent_path}.{list}[{j}].{field}")
                });
            }
        }
    }
}

fn non_empty<'a>(item: &'a Node, field: &str) -> Option<&'a Node> {
    item.get(field)
        .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
}

fn push(d: &mut Dups, node: &Node, first: &Node, path: String, what: Msg) {
    let name = node.scalar_text();
    let line = first.span.start.line;
    d.out.push(
        d.cx.finding(
            &RULE,
            d.obj,
            node.span,
            msg!(
                "{what} `{name}` est déjà défini plus haut (ligne {line}) : le serveur d'API refuse deux fois le même nom",
                "{what} `{name}` is already defined above (line {line}): the API server rejects the same name twice",
                what,
                name,
                line
            ),
            msg!(
                "donnez-lui un autre nom (par exemple `{name}-2`), ou supprimez le doublon s'il est copié par erreur",
                "give it another name (e.g. `{name}-2`), or remove the copy if it is a mistake",
                name
            ),
        )
        .with_path(path)
        .related(d.obj.file, first.span.start, msg!("première définition", "first definition")),
    );
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    let d = &mut Dups { cx, obj, out };
    let all = containers(spec, &spec_path);
    // Container names: main containers first, then init containers against all.
    let mut names = Seen::new(msg!("le conteneur", "container"));
    for c in all.iter().filter(|c| c.list != "ephemeralContainers") {
        if let Some(n) = non_empty(c.node, "name") {
            names.check(d, n.scalar_text(), n, || format!("{}.name", c.path));
        }
    }
    Seen::new(msg!("le volume", "volume")).list(d, spec, &spec_path, "volumes", "name");
    // Per container: port names and mount paths.
    for c in &all {
        Seen::new(msg!("le port", "port")).list(d, c.node, &c.path, "ports", "name");
        Seen::new(msg!("le point de montage", "mount path")).list(
            d,
            c.node,
            &c.path,
            "volumeMounts",
            "mountPath",
        );
    }
    // Host ports: protocol/hostIP/hostPort once among the main containers.
    let mut host = Seen::new(msg!("le port d'hôte", "host port"));
    for c in all.iter().filter(|c| c.list == "containers") {
        for (j, p) in c
            .node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let Some(hp) = p
                .get("hostPort")
                .filter(|h| h.as_i64().is_some_and(|n| n != 0))
            else {
                continue;
            };
            let proto = p.get("protocol").and_then(Node::as_str).unwrap_or("TCP");
            let ip = p.get("hostIP").and_then(Node::as_str).unwrap_or("");
            let key = format!("{proto}/{ip}/{}", hp.scalar_text());
            host.check(d, key, hp, || format!("{}.ports[{j}].hostPort", c.path));
        }
    }
    // Scheduling gates (an empty name repeated is a duplicate too).
    let mut gates = Seen::new(msg!("la barrière de placement", "the scheduling gate"));
    for (k, g) in spec
        .get("schedulingGates")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(n) = g.get("name") {
            gates.check(d, n.scalar_text(), n, || {
                format!("{spec_path}.schedulingGates[{k}].name")
            });
        }
    }
    // Topology spread: one constraint per (topologyKey, whenUnsatisfiable).
    let mut tsc = Seen::new(msg!(
        "la contrainte de répartition sur",
        "the spread constraint on"
    ));
    for (k, t) in spec
        .get("topologySpreadConstraints")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let (Some(key), Some(w)) = (
            t.get("topologyKey"),
            t.get("whenUnsatisfiable").and_then(Node::as_str),
        ) {
            let path = || format!("{spec_path}.topologySpreadConstraints[{k}].topologyKey");
            tsc.check(d, format!("{}|{w}", key.scalar_text()), key, path);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn duplicates_are_found_and_distinct_names_pass() {
        let pod = |c: &str| {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n{c}")
        };
        let two =
            pod("  - name: app\n    image: nginx:1.27.0\n  - name: app\n    image: nginx:1.27.0\n");
        assert_eq!(findings_of("duplicate-name", &two).len(), 1);
        let init = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: app\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27.0\n";
        assert_eq!(findings_of("duplicate-name", init).len(), 1);
        let ports = pod(
            "  - name: app\n    image: nginx:1.27.0\n    ports:\n    - name: http\n      containerPort: 80\n    - name: http\n      containerPort: 81\n",
        );
        assert_eq!(findings_of("duplicate-name", &ports).len(), 1);
        // The same containerPort twice is accepted by the API server (a warning only).
        let same_port = pod(
            "  - name: app\n    image: nginx:1.27.0\n    ports:\n    - containerPort: 80\n    - containerPort: 80\n",
        );
        assert!(findings_of("duplicate-name", &same_port).is_empty());
        let ok = pod(
            "  - name: app\n    image: nginx:1.27.0\n  - name: side\n    image: busybox:1.36\n",
        );
        assert!(findings_of("duplicate-name", &ok).is_empty());
    }
}
