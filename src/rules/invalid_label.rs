//! `invalid-label`: A label key or value with invalid syntax.
//!

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-label",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-label",
        summary: Text {
            fr: "Une clé ou une valeur de label, une clé d'annotation ou de sélecteur à la syntaxe que l'API refuse",
            en: "A label key or value, an annotation or selector key with a syntax the API rejects",
        },
        what: Text {
            fr: "Une clé de label (ou d'annotation) est un nom de 63 caractères au plus (lettres, chiffres, `-`, `_`, `.`, commençant et finissant par une lettre ou un chiffre), éventuellement précédé d'un préfixe DNS en minuscules et d'un `/` (`app.kubernetes.io/name`). Une valeur de label suit les mêmes règles, ou est vide ; une valeur d'annotation est libre. Vérifié partout où le serveur d'API le vérifie : `metadata.labels` et `metadata.annotations` de l'objet et de ses modèles, les `matchLabels` et `matchExpressions` des sélecteurs, le `selector` d'un Service, le `nodeSelector` d'un Pod, la `key` d'une toleration, les `readinessGates` et `schedulingGates`.",
            en: "A label (or annotation) key is a name of at most 63 characters (letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit), optionally after a lower-case DNS prefix and a `/` (`app.kubernetes.io/name`). A label value follows the same rules, or is empty; an annotation value is free. Checked wherever the API server checks it: `metadata.labels` and `metadata.annotations` of the object and its templates, selectors' `matchLabels` and `matchExpressions`, a Service's `selector`, a Pod's `nodeSelector`, a toleration's `key`, `readinessGates` and `schedulingGates`.",
        },
        why: Text {
            fr: "Un label invalide fait refuser l'objet ; or les labels relient tout (Deployment → pods, Service → pods) : une espace ou un accent dans une valeur casse le lien.",
            en: "An invalid label gets the object rejected; and labels link everything (Deployment → pods, Service → pods): a space or an accent in a value breaks the link.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-label/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-label/good.yaml"),
    },
    check: Check::Object(check),
};

use crate::rules::values::{label_value, qualified_name};
use crate::yaml::{Trail, push_key};

/// Replaces what a label key or value cannot hold.
fn cleaned(s: &str, max: usize) -> String {
    let c: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let c: String = c
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .take(max)
        .collect();
    let c = c
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    if c.is_empty() { "valeur".into() } else { c }
}

struct Walk<'a, 'b> {
    cx: &'a ObjCx<'b>,
    obj: &'a Object,
    out: &'a mut Vec<Finding>,
}

impl Walk<'_, '_> {
    fn key(&mut self, e: &crate::yaml::Entry, path: &str, what: Msg) {
        let key = &*e.key;
        let lower = key.to_lowercase();
        // Annotation keys are checked in lower case.
        let checked = if what.fr.contains("annotation") {
            lower.as_str()
        } else {
            key
        };
        if let Some(problem) = qualified_name(checked) {
            let good = match key.split_once('/') {
                Some((p, n)) => format!(
                    "{}/{}",
                    crate::rules::values::suggest_name(p, 253, true),
                    cleaned(n, 63)
                ),
                None => cleaned(key, 63),
            };
            let mut p = path.to_string();
            push_key(&mut p, key);
            self.out.push(
                self.cx
                    .finding(
                        &RULE,
                        self.obj,
                        e.key_span,
                        msg!(
                            "`{key}` n'est pas une clé valide de {what} : {problem}",
                            "`{key}` is not a valid key of {what}: {problem}",
                            key,
                            what,
                            problem
                        ),
                        msg!(
                            "écrivez par exemple `{good}` (sans espace ni accent)",
                            "write for instance `{good}` (no spaces or accents)",
                            good
                        ),
                    )
                    .with_path(p),
            );
        }
    }

    fn value(&mut self, node: &Node, path: &str, key: &str) {
        let Some(v) = node.as_str() else { return };
        if let Some(problem) = label_value(v) {
            let good = cleaned(v, 63);
            self.out.push(
                self.cx
                    .finding(
                        &RULE,
                        self.obj,
                        node.span,
                        msg!(
                            "`{v}` n'est pas une valeur de label valide (`{key}`) : {problem}",
                            "`{v}` is not a valid label value (`{key}`): {problem}",
                            v,
                            key,
                            problem
                        ),
                        msg!(
                            "écrivez par exemple `{good}`",
                            "write for instance `{good}`",
                            good
                        ),
                    )
                    .with_path(path.to_string())
                    .with_fix(
                        node.span.start,
                        node.span.caret_len(),
                        crate::diag::Edit::Replace(good.clone()),
                        msg!("Remplacer par `{good}`", "Replace with `{good}`", good),
                    ),
            );
        }
    }

    /// A map of labels: keys and values.
    fn labels(&mut self, map: &Node, path: &str, what: Msg) {
        for e in map.entries() {
            self.key(e, path, what.clone());
            let mut p = path.to_string();
            push_key(&mut p, &e.key);
            self.value(&e.value, &p, &e.key);
        }
    }

    /// Walks the whole object; the path of a key is written out only where
    /// a label-like field is found.
    fn walk(&mut self, node: &Node, trail: &Trail, parent: &str) {
        match &node.value {
            Value::Map(entries) => {
                for e in entries {
                    let t = Trail::Key(trail, &e.key);
                    let k = &*e.key;
                    match (k, parent) {
                        ("labels", "metadata") => {
                            self.labels(&e.value, &t.render(), msg!("label", "label"))
                        }
                        ("annotations", "metadata") => {
                            let p = t.render();
                            for a in e.value.entries() {
                                self.key(a, &p, msg!("annotation", "annotation"));
                            }
                        }
                        ("matchLabels", _) | ("nodeSelector", _) => {
                            self.labels(&e.value, &t.render(), msg!("sélecteur", "selector"))
                        }
                        ("selector", "spec")
                            if matches!(
                                self.obj.kind.as_str(),
                                "Service" | "ReplicationController"
                            ) && self.obj.prefix.is_empty()
                                && trail.render() == "spec" =>
                        {
                            self.labels(&e.value, &t.render(), msg!("sélecteur", "selector"))
                        }
                        ("matchExpressions", _) => {
                            let p = &t.render();
                            let preferred_node =
                                p.contains("nodeAffinity.preferredDuringScheduling");
                            for (i, req) in e.value.items().iter().enumerate() {
                                let rp = format!("{p}[{i}]");
                                if let Some(key) =
                                    req.entry("key").filter(|k| k.value.as_str().is_some())
                                {
                                    let kv = key.value.scalar_text();
                                    if let Some(problem) = qualified_name(&kv) {
                                        self.out.push(
                                            self.cx
                                                .finding(&RULE, self.obj, key.value.span, msg!("`{kv}` n'est pas une clé de label valide : {problem}", "`{kv}` is not a valid label key: {problem}", kv, problem), msg!("une clé de label, par exemple `app`", "a label key, e.g. `app`"))
                                                .with_path(format!("{rp}.key")),
                                        );
                                    }
                                }
                                if !preferred_node {
                                    let key =
                                        req.get("key").map(Node::scalar_text).unwrap_or_default();
                                    for (j, v) in req
                                        .get("values")
                                        .map(Node::items)
                                        .unwrap_or(&[])
                                        .iter()
                                        .enumerate()
                                    {
                                        self.value(v, &format!("{rp}.values[{j}]"), &key);
                                    }
                                }
                            }
                        }
                        ("tolerations", _) => {
                            let p = &t.render();
                            for (i, t) in e.value.items().iter().enumerate() {
                                if let Some(key) = t.get("key")
                                    && let Some(kv) = key.as_str()
                                    && !kv.is_empty()
                                    && let Some(problem) = qualified_name(kv)
                                {
                                    self.out.push(
                                        self.cx
                                            .finding(&RULE, self.obj, key.span, msg!("`{kv}` n'est pas une clé de taint valide : {problem}", "`{kv}` is not a valid taint key: {problem}", kv, problem), msg!("une clé comme `node-role.kubernetes.io/control-plane`", "a key like `node-role.kubernetes.io/control-plane`"))
                                            .with_path(format!("{p}[{i}].key")),
                                    );
                                }
                            }
                        }
                        ("matchLabelKeys" | "mismatchLabelKeys", _) => {
                            let p = &t.render();
                            for (i, k) in e.value.items().iter().enumerate() {
                                let t = k.scalar_text();
                                if let Some(problem) = qualified_name(&t) {
                                    self.out.push(self.cx.finding(&RULE, self.obj, k.span, msg!("`{t}` n'est pas une clé de label valide : {problem}", "`{t}` is not a valid label key: {problem}", t, problem), msg!("une clé de label, par exemple `pod-template-hash`", "a label key, e.g. `pod-template-hash`")).with_path(format!("{p}[{i}]")));
                                }
                            }
                        }
                        ("readinessGates", _) => {
                            let p = &t.render();
                            for (i, g) in e.value.items().iter().enumerate() {
                                if let Some(c) = g.get("conditionType")
                                    && let Some(problem) = qualified_name(&c.scalar_text())
                                {
                                    let t = c.scalar_text();
                                    self.out.push(self.cx.finding(&RULE, self.obj, c.span, msg!("`{t}` n'est pas un nom de condition valide : {problem}", "`{t}` is not a valid condition name: {problem}", t, problem), msg!("un nom qualifié, par exemple `exemple.fr/pret`", "a qualified name, e.g. `example.com/ready`")).with_path(format!("{p}[{i}].conditionType")));
                                }
                            }
                        }
                        ("schedulingGates", _) => {
                            let p = &t.render();
                            for (i, g) in e.value.items().iter().enumerate() {
                                if let Some(c) = g.get("name")
                                    && let Some(problem) = qualified_name(&c.scalar_text())
                                {
                                    let t = c.scalar_text();
                                    self.out.push(self.cx.finding(&RULE, self.obj, c.span, msg!("`{t}` n'est pas un nom de barrière valide : {problem}", "`{t}` is not a valid gate name: {problem}", t, problem), msg!("un nom qualifié, par exemple `exemple.fr/attente`", "a qualified name, e.g. `example.com/wait`")).with_path(format!("{p}[{i}].name")));
                                }
                            }
                        }
                        ("data" | "stringData" | "binaryData", "") => {}
                        _ if matches!(e.value.value, Value::Map(_) | Value::Seq(_)) => {
                            self.walk(&e.value, &t, k)
                        }
                        _ => {}
                    }
                }
            }
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    if matches!(it.value, Value::Map(_) | Value::Seq(_)) {
                        self.walk(it, &Trail::Index(trail, i), parent);
                    }
                }
            }
            _ => {}
        }
    }
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !matches!(
        crate::schema::lookup(&obj.api_version, &obj.kind),
        crate::schema::Lookup::Served(_)
    ) {
        return;
    }
    let mut w = Walk { cx, obj, out };
    w.walk(
        &obj.root,
        &Trail::Root(obj.prefix.trim_end_matches('.')),
        "",
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn keys_and_values_everywhere_the_server_checks() {
        let d = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    owner team: x\nspec:\n  nodeSelector:\n    bad key: x\n  containers:\n  - name: app\n    image: nginx:1.27.0\n";
        assert_eq!(findings_of("invalid-label", d).len(), 2);
        let ok = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/name: web\n  annotations:\n    Example.COM/Owner: \"n'importe quoi\"\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27.0\n";
        assert!(findings_of("invalid-label", ok).is_empty());
        // A ConfigMap key called `labels` is data, not labels.
        let cm =
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  labels: \"a b\"\n";
        assert!(findings_of("invalid-label", cm).is_empty());
    }
}
