//! `metadata-spec`: finalizers and owner references the API server rejects.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "metadata-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "architecture.md",
        summary: Text {
            fr: "Des `finalizers` ou des `ownerReferences` que l'API refuse",
            en: "`finalizers` or `ownerReferences` the API rejects",
        },
        what: Text {
            fr: "Un objet a un `metadata.name` (avec seulement `generateName`, `kubectl apply` le refuse). Un finalizer sans `/` est l'un des noms standard (`kubernetes`, `orphan`, `foregroundDeletion`) ; sinon il est qualifié par un domaine (`exemple.fr/nettoyage`) ; `orphan` et `foregroundDeletion` ne vont pas ensemble. Chaque `ownerReferences` a un `apiVersion`, un `kind`, un `name` et un `uid`, et une seule peut avoir `controller: true`.",
            en: "An object has a `metadata.name` (with only `generateName`, `kubectl apply` rejects it). A finalizer without a `/` is one of the standard names (`kubernetes`, `orphan`, `foregroundDeletion`); otherwise it is qualified by a domain (`example.com/cleanup`); `orphan` and `foregroundDeletion` do not go together. Each `ownerReferences` entry has an `apiVersion`, a `kind`, a `name` and a `uid`, and only one may have `controller: true`.",
        },
        why: Text {
            fr: "Ces champs pilotent la suppression des objets : le serveur d'API refuse ceux qui empêcheraient de les supprimer proprement. On les trouve surtout dans un export `kubectl get -o yaml` recopié tel quel, où il faudrait les enlever.",
            en: "These fields drive object deletion: the API server rejects those that would prevent a clean deletion. They mostly appear in a `kubectl get -o yaml` export copied as is, where they should be removed.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/metadata-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/metadata-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const STANDARD: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !matches!(
        crate::schema::lookup(&obj.api_version, &obj.kind),
        crate::schema::Lookup::Served(_)
    ) {
        return;
    }
    let Some(meta) = obj.metadata() else { return };
    let p = &obj.prefix;
    if meta.get("name").is_none()
        && p.is_empty()
        && let Some(g) = meta.get("generateName")
    {
        out.push(
            cx.finding(
                &RULE,
                obj,
                g.span,
                msg!(
                    "`kubectl apply` ne sait pas appliquer un objet sans `name` : `generateName` ne sert qu'avec `kubectl create`",
                    "`kubectl apply` cannot apply an object without a `name`: `generateName` only works with `kubectl create`"
                ),
                msg!("donnez un `name` à l'objet, ou créez-le avec `kubectl create -f`", "give the object a `name`, or create it with `kubectl create -f`"),
            )
            .with_path(format!("{p}metadata.generateName")),
        );
    }
    let fins = meta.get("finalizers").map(Node::items).unwrap_or(&[]);
    for (i, f) in fins.iter().enumerate() {
        let t = f.scalar_text();
        let problem = match crate::rules::values::qualified_name(&t) {
            Some(problem) => Some(problem),
            None if !t.contains('/') && !STANDARD.contains(&t.as_str()) => Some(msg!(
                "un finalizer sans `/` est `kubernetes`, `orphan` ou `foregroundDeletion`",
                "a finalizer without `/` is `kubernetes`, `orphan` or `foregroundDeletion`"
            )),
            None => None,
        };
        if let Some(problem) = problem {
            out.push(
                cx.finding(&RULE, obj, f.span, msg!("`{t}` n'est pas un finalizer valide : {problem}", "`{t}` is not a valid finalizer: {problem}", t, problem), msg!("qualifiez-le par un domaine, par exemple `exemple.fr/{t}` ; recopié d'un export, enlevez-le", "qualify it with a domain, e.g. `example.com/{t}`; copied from an export, remove it", t))
                    .with_path(format!("{p}metadata.finalizers[{i}]")),
            );
        }
    }
    let names: Vec<String> = fins.iter().map(Node::scalar_text).collect();
    if names.iter().any(|n| n == "orphan") && names.iter().any(|n| n == "foregroundDeletion") {
        let span = meta.entry("finalizers").map_or(meta.span, |e| e.key_span);
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                msg!(
                    "`orphan` et `foregroundDeletion` ne vont pas ensemble",
                    "`orphan` and `foregroundDeletion` do not go together"
                ),
                msg!("gardez l'un des deux", "keep one of them"),
            )
            .with_path(format!("{p}metadata.finalizers")),
        );
    }
    let owners = meta.get("ownerReferences").map(Node::items).unwrap_or(&[]);
    let mut controllers = 0;
    for (i, o) in owners.iter().enumerate() {
        for k in ["apiVersion", "kind", "name", "uid"] {
            if o.get(k).is_none_or(|v| v.scalar_text().is_empty()) {
                out.push(cx.finding(&RULE, obj, o.span, msg!("cette `ownerReferences` n'a pas de `{k}`", "this `ownerReferences` entry has no `{k}`", k), msg!("recopiée d'un export ? enlevez `ownerReferences` : le cluster les écrit lui-même", "copied from an export? remove `ownerReferences`: the cluster writes them itself")).with_path(format!("{p}metadata.ownerReferences[{i}].{k}")));
            }
        }
        if o.get("controller").and_then(Node::as_bool) == Some(true) {
            controllers += 1;
            if controllers == 2 {
                out.push(
                    cx.finding(
                        &RULE,
                        obj,
                        o.span,
                        msg!(
                            "deux `ownerReferences` ont `controller: true` : une seule le peut",
                            "two `ownerReferences` have `controller: true`: only one may"
                        ),
                        msg!(
                            "gardez `controller: true` sur une seule",
                            "keep `controller: true` on one only"
                        ),
                    )
                    .with_path(format!("{p}metadata.ownerReferences[{i}].controller")),
                );
            }
        }
    }
}
