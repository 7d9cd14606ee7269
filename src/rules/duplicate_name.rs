//! `duplicate-name`: two containers, volumes, ports or mount paths of one pod with the same name.

use crate::rules::pod::{containers, spec_of};
use crate::rules::prelude::*;
use std::collections::HashMap;

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

/// Reports every value seen before, pointing at the first one.
struct Seen<'a> {
    first: HashMap<String, &'a Node>,
}

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    /// Some(first node) when `key` was already seen.
    fn insert(&mut self, key: String, node: &'a Node) -> Option<&'a Node> {
        match self.first.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.first.insert(key, node);
                None
            }
        }
    }
}

fn push(
    cx: &ObjCx,
    obj: &Object,
    node: &Node,
    first: &Node,
    path: String,
    what: Msg,
    out: &mut Vec<Finding>,
) {
    let name = node.scalar_text();
    let line = first.span.start.line;
    out.push(
        cx.finding(
            &RULE,
            obj,
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
        .related(obj.file, first.span.start, msg!("première définition", "first definition")),
    );
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let Some((spec, spec_path)) = spec_of(obj) else {
        return;
    };
    let all = containers(spec, &spec_path);
    // Container names: main containers first, then init containers against all.
    let mut names = Seen::new();
    for c in all.iter().filter(|c| c.list != "ephemeralContainers") {
        if let Some(n) = c
            .node
            .get("name")
            .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
            && let Some(first) = names.insert(n.scalar_text(), n)
        {
            push(
                cx,
                obj,
                n,
                first,
                format!("{}.name", c.path),
                msg!("le conteneur", "container"),
                out,
            );
        }
    }
    // Volumes.
    let mut vols = Seen::new();
    for (i, v) in spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(n) = v
            .get("name")
            .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
            && let Some(first) = vols.insert(n.scalar_text(), n)
        {
            push(
                cx,
                obj,
                n,
                first,
                format!("{spec_path}.volumes[{i}].name"),
                msg!("le volume", "volume"),
                out,
            );
        }
    }
    // Per container: port names and mount paths.
    for c in &all {
        let mut ports = Seen::new();
        for (j, p) in c
            .node
            .get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(n) = p
                .get("name")
                .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
                && let Some(first) = ports.insert(n.scalar_text(), n)
            {
                push(
                    cx,
                    obj,
                    n,
                    first,
                    format!("{}.ports[{j}].name", c.path),
                    msg!("le port", "port"),
                    out,
                );
            }
        }
        let mut mounts = Seen::new();
        for (j, m) in c
            .node
            .get("volumeMounts")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(n) = m
                .get("mountPath")
                .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
                && let Some(first) = mounts.insert(n.scalar_text(), n)
            {
                push(
                    cx,
                    obj,
                    n,
                    first,
                    format!("{}.volumeMounts[{j}].mountPath", c.path),
                    msg!("le point de montage", "mount path"),
                    out,
                );
            }
        }
    }
    // Host ports: protocol/hostIP/hostPort once among the main containers.
    let mut host = Seen::new();
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
            if let Some(first) = host.insert(format!("{proto}/{ip}/{}", hp.scalar_text()), hp) {
                push(
                    cx,
                    obj,
                    hp,
                    first,
                    format!("{}.ports[{j}].hostPort", c.path),
                    msg!("le port d'hôte", "host port"),
                    out,
                );
            }
        }
    }
    // Scheduling gates.
    let mut gates = Seen::new();
    for (k, g) in spec
        .get("schedulingGates")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(n) = g.get("name")
            && let Some(first) = gates.insert(n.scalar_text(), n)
        {
            push(
                cx,
                obj,
                n,
                first,
                format!("{spec_path}.schedulingGates[{k}].name"),
                msg!("la barrière de placement", "the scheduling gate"),
                out,
            );
        }
    }
    // Topology spread: one constraint per (topologyKey, whenUnsatisfiable).
    let mut tsc = Seen::new();
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
        ) && let Some(first) = tsc.insert(format!("{}|{w}", key.scalar_text()), key)
        {
            push(
                cx,
                obj,
                key,
                first,
                format!("{spec_path}.topologySpreadConstraints[{k}].topologyKey"),
                msg!(
                    "la contrainte de répartition sur",
                    "the spread constraint on"
                ),
                out,
            );
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
