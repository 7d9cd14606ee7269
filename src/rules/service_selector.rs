//! `service-selector`: a Service's selector matches at least one pod template.
//!
//! Complexity: label indexes over the T pod templates built once; per Service, a scan of the k
//! templates on its selector's rarest pair until one matches, and if none does, uncapped scans
//! of the templates carrying each selector pair (`closest`) or its rarest owner pair (other
//! namespaces capped at 256, key-only at 64): O(S·T) worst case, S Services, no memo.

use crate::manifest::Object;
use crate::rules::prelude::*;
use crate::yaml::{Entry, Node};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code {
        id: "service-selector",
        family: Family::CrossObject,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "service.md",
        summary: Text {
            fr: "Le sélecteur d'un Service ne correspond à aucun modèle de pod",
            en: "A Service's selector matches no pod template",
        },
        what: Text {
            fr: "Pour chaque Service qui a un `selector` (sauf `type: ExternalName`), au moins un modèle de pod du même namespace (Pod, ou `spec.template` d'un Deployment, StatefulSet, DaemonSet, Job…) doit porter tous les labels du sélecteur, avec les mêmes valeurs. Sinon, le message montre les labels les plus proches trouvés dans les fichiers (le modèle qui partage le plus de clés et de valeurs) et l'entrée du sélecteur qui diffère. Un Service sans sélecteur n'est pas concerné, ni un Service vérifié sans aucun modèle de pod dans les fichiers (rien à comparer).",
            en: "For every Service that has a `selector` (except `type: ExternalName`), at least one pod template of the same namespace (a Pod, or the `spec.template` of a Deployment, StatefulSet, DaemonSet, Job…) must carry every label of the selector, with the same values. Otherwise the message shows the closest labels found in the files (the template that shares the most keys and values) and the selector entry that differs. A Service without a selector is not concerned, nor a Service checked with no pod template at all in the files (nothing to compare with).",
        },
        why: Text {
            fr: "Un Service dont le sélecteur ne retient aucun pod n'a aucun endpoint : chaque connexion échoue (« connection refused », ou 503 derrière l'Ingress), alors que le Service et les pods semblent en bonne santé. `kubectl get endpoints` montre alors une liste vide. C'est un avertissement, car les pods peuvent être créés par des fichiers que l'outil n'a pas vus.",
            en: "A Service whose selector keeps no pod has no endpoint: every connection fails (\"connection refused\", or a 503 behind the Ingress), while the Service and the pods look healthy. `kubectl get endpoints` then shows an empty list. It is a warning, because the pods may be created by files the tool has not seen.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/service-selector/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/service-selector/good.yaml"),
    },
    check: Check::Set(check),
};

/// At most this many templates sharing only a key are scored (keeps big inputs linear).
const MAX_KEY_CANDIDATES: usize = 64;
/// At most this many templates are tried when looking in other namespaces.
const MAX_OTHER_NS: usize = 256;

/// Indexes over the pod templates of the run.
struct Index<'a> {
    /// (namespace, label key, label value) → templates.
    by_value: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    /// (namespace, label key) → templates.
    by_key: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// (label key, label value) → templates, in every namespace.
    any_ns: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// (namespace, key, value) of a workload's own `metadata.labels` → templates.
    by_owner_label: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    /// (namespace, name of the object holding the template) → templates.
    by_owner: HashMap<(&'a str, &'a str), Vec<usize>>,
    /// Namespace → number of templates.
    count: HashMap<&'a str, usize>,
}

fn index<'a>(ctx: &Ctx<'a>, templates: &'a [PodTemplate<'a>]) -> Index<'a> {
    let mut ix = Index {
        by_value: HashMap::new(),
        by_key: HashMap::new(),
        any_ns: HashMap::new(),
        by_owner_label: HashMap::new(),
        by_owner: HashMap::new(),
        count: HashMap::new(),
    };
    for (i, t) in templates.iter().enumerate() {
        let ns = ctx.ns(t.obj);
        *ix.count.entry(ns).or_default() += 1;
        ix.by_owner
            .entry((ns, t.obj.name.as_str()))
            .or_default()
            .push(i);
        for e in t.labels.map(Node::entries).unwrap_or(&[]) {
            ix.by_key.entry((ns, &*e.key)).or_default().push(i);
            // Label values are strings; anything else is a schema error already reported.
            let Some(v) = e.value.as_str() else { continue };
            ix.by_value.entry((ns, &*e.key, v)).or_default().push(i);
            ix.any_ns.entry((&*e.key, v)).or_default().push(i);
        }
        if t.obj.kind != "Pod" {
            for e in t.obj.labels().map(Node::entries).unwrap_or(&[]) {
                if let Some(v) = e.value.as_str() {
                    ix.by_owner_label
                        .entry((ns, &*e.key, v))
                        .or_default()
                        .push(i);
                }
            }
        }
    }
    ix
}

/// Templates of the smallest candidate list among the selector entries, if every entry has one.
fn candidates<'i, 'e, K: std::hash::Hash + Eq>(
    sel: &'e [Entry],
    map: &'i HashMap<K, Vec<usize>>,
    key: impl Fn(&'e Entry) -> K,
) -> &'i [usize] {
    let mut best: Option<&[usize]> = None;
    for e in sel {
        match map.get(&key(e)) {
            None => return &[],
            Some(list) if best.is_none_or(|b| list.len() < b.len()) => best = Some(list),
            Some(_) => {}
        }
    }
    best.unwrap_or(&[])
}

fn render(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| format!("`{}: {}`", e.key, e.value.scalar_text()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn render_labels(labels: Option<&Node>) -> Arg {
    let entries = labels.map(Node::entries).unwrap_or(&[]);
    if entries.is_empty() {
        Arg::Text(Text {
            fr: "aucun label",
            en: "no label",
        })
    } else {
        Arg::Str(render(entries).into())
    }
}

/// Where the pod labels of a template are written.
fn labels_path(obj: &Object) -> &'static str {
    match obj.kind.as_str() {
        "Pod" => "metadata.labels",
        "CronJob" => "spec.jobTemplate.spec.template.metadata.labels",
        _ => "spec.template.metadata.labels",
    }
}

/// Why a template is shown as the closest one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Why {
    /// Its object has the Service's name.
    SameName,
    /// It shares the most label values, then keys, with the selector.
    Shared,
    /// A selector value names its object (`deployment: backend`).
    NamedByValue,
}

/// The pod template closest to the selector.
fn closest<'t>(
    ns: &str,
    svc: &Object,
    sel: &[Entry],
    ix: &Index,
    templates: &'t [PodTemplate<'t>],
) -> Option<(&'t PodTemplate<'t>, Why)> {
    if let Some(&i) = ix
        .by_owner
        .get(&(ns, svc.name.as_str()))
        .and_then(|v| v.first())
    {
        let t = &templates[i];
        let names_it = sel
            .iter()
            .any(|e| e.value.as_str() == Some(t.obj.name.as_str()));
        let shares_a_key = sel
            .iter()
            .any(|e| t.labels.and_then(|l| l.get(&e.key)).is_some());
        let why = if names_it && !shares_a_key {
            Why::NamedByValue
        } else {
            Why::SameName
        };
        return Some((t, why));
    }
    let mut score: HashMap<usize, (usize, usize)> = HashMap::new();
    for e in sel {
        let v = e.value.as_str().unwrap_or_default();
        for &i in ix
            .by_value
            .get(&(ns, &*e.key, v))
            .map_or(&[][..], Vec::as_slice)
        {
            score.entry(i).or_default().0 += 1;
        }
        let keyed = ix.by_key.get(&(ns, &*e.key)).map_or(&[][..], Vec::as_slice);
        for &i in keyed.iter().take(MAX_KEY_CANDIDATES) {
            score.entry(i).or_default().1 += 1;
        }
    }
    let best = score
        .into_iter()
        .max_by(|(ia, a), (ib, b)| a.cmp(b).then(ib.cmp(ia)))
        .map(|(i, _)| (&templates[i], Why::Shared));
    if best.is_some() {
        return best;
    }
    sel.iter()
        .filter_map(|e| e.value.as_str())
        .find_map(|name| ix.by_owner.get(&(ns, name)).and_then(|v| v.first()))
        .map(|&i| (&templates[i], Why::NamedByValue))
}

fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let templates = ctx.pod_templates();
    if templates.is_empty() {
        return; // A Service checked alone: there is nothing to compare with.
    }
    let mut ix: Option<Index> = None;
    for svc in ctx.of_kind("Service") {
        let Some(spec) = svc.spec() else { continue };
        if spec.get("type").and_then(Node::as_str) == Some("ExternalName") {
            continue;
        }
        let Some(selector) = spec.get("selector") else {
            continue;
        };
        let sel = selector.entries();
        // Non-string values are a schema error (`field-type`), already reported.
        if sel.is_empty() || sel.iter().any(|e| e.value.as_str().is_none()) {
            continue;
        }
        let ix = ix.get_or_insert_with(|| index(ctx, templates));
        let ns = ctx.ns(svc);
        let here = candidates(sel, &ix.by_value, |e| {
            (ns, &*e.key, e.value.as_str().unwrap_or_default())
        });
        if here.iter().any(|&i| templates[i].matches(selector)) {
            continue;
        }
        report(ctx, svc, spec, selector, ix, templates, out);
    }
}

fn report(
    ctx: &Ctx,
    svc: &Object,
    spec: &Node,
    selector: &Node,
    ix: &Index,
    templates: &[PodTemplate],
    out: &mut Vec<Finding>,
) {
    let ns = ctx.ns(svc);
    let sel = selector.entries();
    let shown = render(sel);
    let svc_name = &svc.name;
    let selector_span = spec.entry("selector").map_or(selector.span, |e| e.key_span);
    let path = format!("{}spec.selector", svc.prefix);
    let ignore = msg!(
        "si les pods sont créés ailleurs (fichiers non fournis, autre outil), ignorez cet avertissement",
        "if the pods are created elsewhere (files not given, another tool), ignore this warning"
    );

    // Pods of the same labels in another namespace.
    let elsewhere = candidates(sel, &ix.any_ns, |e| {
        (&*e.key, e.value.as_str().unwrap_or_default())
    })
    .iter()
    .take(MAX_OTHER_NS)
    .map(|&i| &templates[i])
    .find(|t| ctx.ns(t.obj) != ns && t.matches(selector));
    // The selector copies the workload's own labels, not its pods'.
    let owner = candidates(sel, &ix.by_owner_label, |e| {
        (ns, &*e.key, e.value.as_str().unwrap_or_default())
    })
    .iter()
    .map(|&i| &templates[i])
    .find(|t| crate::rules::labels_match(selector, t.obj.labels()));

    let (span, message, help) = if let Some(t) = owner {
        let (kind, name) = (&t.obj.kind, &t.obj.name);
        let pods = render_labels(t.labels);
        (
            selector_span,
            msg!(
                "le sélecteur du Service `{svc_name}` ({shown}) reprend les labels du {kind} `{name}` lui-même (`metadata.labels`), mais un Service sélectionne des pods : ceux du {kind} portent {pods}",
                "the selector of Service `{svc_name}` ({shown}) copies the labels of {kind} `{name}` itself (`metadata.labels`), but a Service selects pods: those of the {kind} carry {pods}",
                svc_name,
                shown,
                kind,
                name,
                pods
            ),
            msg!(
                "écrivez sous `selector:` les labels de `spec.template.metadata.labels` du {kind} `{name}` ; {ignore}",
                "write under `selector:` the labels of `spec.template.metadata.labels` of {kind} `{name}`; {ignore}",
                kind,
                name,
                ignore
            ),
        )
    } else if let Some(t) = elsewhere {
        let (kind, name, other) = (&t.obj.kind, &t.obj.name, ctx.ns(t.obj));
        (
            selector_span,
            msg!(
                "le sélecteur du Service `{svc_name}` ({shown}) ne correspond à aucun pod du namespace `{ns}` ; les pods du {kind} `{name}` correspondent, mais ils sont dans le namespace `{other}`, et un Service ne sélectionne que les pods de son namespace",
                "the selector of Service `{svc_name}` ({shown}) matches no pod of namespace `{ns}`; the pods of {kind} `{name}` match, but they are in namespace `{other}`, and a Service only selects the pods of its own namespace",
                svc_name,
                shown,
                ns,
                kind,
                name,
                other
            ),
            msg!(
                "mettez le Service et le {kind} dans le même namespace (`metadata.namespace: {other}` dans le Service, ou `{ns}` dans le {kind}) ; {ignore}",
                "put the Service and the {kind} in the same namespace (`metadata.namespace: {other}` in the Service, or `{ns}` in the {kind}); {ignore}",
                kind,
                other,
                ns,
                ignore
            ),
        )
    } else if let Some((t, why)) = closest(ns, svc, sel, ix, templates) {
        let (kind, name) = (&t.obj.kind, &t.obj.name);
        let is_pod = kind == "Pod";
        let labels = render_labels(t.labels);
        let lpath = labels_path(t.obj);
        let unlabelled = t.labels.map(Node::entries).unwrap_or(&[]).is_empty();
        // "du Pod `x`" / "des pods du Deployment `x`".
        let of = if is_pod {
            msg!("du Pod `{name}`", "of Pod `{name}`", name)
        } else {
            msg!(
                "des pods du {kind} `{name}`",
                "of the pods of {kind} `{name}`",
                kind,
                name
            )
        };
        // "le Pod `x`" / "les pods du Deployment `x`".
        let them = if is_pod {
            msg!("le Pod `{name}`", "Pod `{name}`", name)
        } else {
            msg!(
                "les pods du {kind} `{name}`",
                "the pods of {kind} `{name}`",
                kind,
                name
            )
        };
        // The first selector entry that this template does not satisfy.
        let miss = sel.iter().find_map(|e| {
            let want = e.value.scalar_text();
            match t.labels.and_then(|l| l.get(&e.key)) {
                Some(v) if v.scalar_text() == want => None,
                Some(v) => Some((e, Some(v.scalar_text()))),
                None => Some((e, None)),
            }
        });
        let head = msg!(
            "le sélecteur du Service `{svc_name}` ({shown}) ne correspond à aucun modèle de pod du namespace `{ns}`",
            "the selector of Service `{svc_name}` ({shown}) matches no pod template of namespace `{ns}`",
            svc_name,
            shown,
            ns
        );
        let message = match why {
            Why::SameName => msg!(
                "{head} ; labels {of} (même nom que le Service) : {labels}",
                "{head}; labels {of} (same name as the Service): {labels}",
                head,
                of,
                labels
            ),
            Why::Shared => msg!(
                "{head} ; les labels les plus proches sont ceux {of} : {labels}",
                "{head}; the closest labels are those {of}: {labels}",
                head,
                of,
                labels
            ),
            Why::NamedByValue => msg!(
                "{head} : un Service choisit les pods par leurs labels, pas par le nom de l'objet qui les crée ; labels {of} : {labels}",
                "{head}: a Service picks pods by their labels, not by the name of the object that creates them; labels {of}: {labels}",
                head,
                of,
                labels
            ),
        };
        if unlabelled {
            (
                selector_span,
                message,
                msg!(
                    "ajoutez {shown} sous `{lpath}` du {kind} `{name}` ; {ignore}",
                    "add {shown} under `{lpath}` of {kind} `{name}`; {ignore}",
                    shown,
                    lpath,
                    kind,
                    name,
                    ignore
                ),
            )
        } else if why == Why::NamedByValue {
            (
                selector_span,
                message,
                msg!(
                    "écrivez ces labels sous `selector:` : {labels} ; {ignore}",
                    "write these labels under `selector:`: {labels}; {ignore}",
                    labels,
                    ignore
                ),
            )
        } else {
            match miss {
                Some((e, Some(got)))
                    if crate::rules::pitfall_util::is_label_placeholder(&e.value.scalar_text()) =>
                {
                    // `app: TODO`: a value to fill in, never one to give the pods.
                    let key = &e.key;
                    let want = e.value.scalar_text();
                    (
                        e.value.span,
                        message,
                        msg!(
                            "remplacez `{want}`, une valeur à compléter, par le label que portent {them} : `{key}: {got}` dans le sélecteur ; {ignore}",
                            "replace `{want}`, a value to fill in, with the label that {them} carry: `{key}: {got}` in the selector; {ignore}",
                            them,
                            key,
                            got,
                            want,
                            ignore
                        ),
                    )
                }
                Some((e, None))
                    if crate::rules::pitfall_util::is_label_placeholder(&e.value.scalar_text()) =>
                {
                    let key = &e.key;
                    let want = e.value.scalar_text();
                    (
                        e.key_span,
                        message,
                        msg!(
                            "remplacez `{key}: {want}`, une valeur à compléter, par un label que portent {them} (leurs labels sont donnés ci-dessus) ; {ignore}",
                            "replace `{key}: {want}`, a value to fill in, with a label that {them} carry (their labels are given above); {ignore}",
                            them,
                            key,
                            want,
                            ignore
                        ),
                    )
                }
                Some((e, Some(got))) => {
                    let key = &e.key;
                    let want = e.value.scalar_text();
                    (
                        e.value.span,
                        message,
                        msg!(
                            "pour sélectionner {them}, écrivez `{key}: {got}` dans le sélecteur ; si ce ne sont pas les pods voulus, donnez `{key}: {want}` aux bons pods ; {ignore}",
                            "to select {them}, write `{key}: {got}` in the selector; if these are not the intended pods, give `{key}: {want}` to the right ones; {ignore}",
                            them,
                            key,
                            got,
                            want,
                            ignore
                        ),
                    )
                }
                Some((e, None)) => {
                    let key = &e.key;
                    let want = e.value.scalar_text();
                    (
                        e.key_span,
                        message,
                        msg!(
                            "pour sélectionner {them}, retirez `{key}: {want}` du sélecteur, ou ajoutez ce label sous `{lpath}` du {kind} `{name}` ; {ignore}",
                            "to select {them}, remove `{key}: {want}` from the selector, or add this label under `{lpath}` of {kind} `{name}`; {ignore}",
                            them,
                            key,
                            want,
                            lpath,
                            kind,
                            name,
                            ignore
                        ),
                    )
                }
                None => (selector_span, message, ignore.clone()),
            }
        }
    } else if ix.count.get(ns).copied().unwrap_or(0) == 0 {
        (
            selector_span,
            msg!(
                "le sélecteur du Service `{svc_name}` ({shown}) ne correspond à aucun pod : les fichiers vérifiés ne contiennent aucun modèle de pod dans le namespace `{ns}`",
                "the selector of Service `{svc_name}` ({shown}) matches no pod: the checked files contain no pod template in namespace `{ns}`",
                svc_name,
                shown,
                ns
            ),
            msg!(
                "vérifiez aussi le fichier du Deployment dont les pods portent {shown} (en même temps que celui-ci) ; {ignore}",
                "check the file of the Deployment whose pods carry {shown} too (together with this one); {ignore}",
                shown,
                ignore
            ),
        )
    } else {
        (
            selector_span,
            msg!(
                "le sélecteur du Service `{svc_name}` ({shown}) ne correspond à aucun modèle de pod du namespace `{ns}`, et aucun ne partage l'une de ces clés",
                "the selector of Service `{svc_name}` ({shown}) matches no pod template of namespace `{ns}`, and none shares any of these keys",
                svc_name,
                shown,
                ns
            ),
            msg!(
                "copiez sous `selector:` les labels de `spec.template.metadata.labels` du Deployment visé ; {ignore}",
                "copy under `selector:` the labels of `spec.template.metadata.labels` of the intended Deployment; {ignore}",
                ignore
            ),
        )
    };
    out.push(ctx.finding(&RULE, svc, span, message, help).with_path(path));
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    fn findings(yaml: &str) -> Vec<Finding> {
        crate::rules::findings_of("service-selector", yaml)
    }

    fn deployment(ns: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend\n  namespace: {ns}\n  labels:\n    team: annuaire\nspec:\n  selector:\n    matchLabels:\n      app: backend\n  template:\n    metadata:\n      labels:\n        app: backend\n        tier: api\n    spec:\n      containers:\n        - name: b\n          image: nginx:1.27\n---\n"
        )
    }

    fn service(selector: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\nspec:\n{selector}  ports:\n    - port: 80\n"
        )
    }

    #[test]
    fn matching_without_selector_and_external_name_are_fine() {
        let d = deployment("prod");
        assert!(
            findings(&format!(
                "{d}{}",
                service("  selector:\n    app: backend\n")
            ))
            .is_empty()
        );
        assert!(findings(&format!("{d}{}", service(""))).is_empty());
        let ext = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  type: ExternalName\n  externalName: example.org\n  selector:\n    app: nothing\n";
        assert!(findings(ext).is_empty());
    }

    #[test]
    fn typo_shows_the_closest_labels_and_points_at_the_value() {
        let f = findings(&format!(
            "{}{}",
            deployment("prod"),
            service("  selector:\n    app: backend\n    tier: apii\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`tier: api`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("`tier: api`"),
            "{}",
            f[0].help
        );
        assert!(
            f[0].help(crate::i18n::Lang::Fr).contains("ailleurs"),
            "{}",
            f[0].help
        );
        assert_eq!(f[0].pos.col, 11);
    }

    #[test]
    fn other_namespace_and_owner_labels() {
        let f = findings(&format!(
            "{}{}",
            deployment("preprod"),
            service("  selector:\n    app: backend\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr).contains("`preprod`"),
            "{}",
            f[0].message
        );
        let f = findings(&format!(
            "{}{}",
            deployment("prod"),
            service("  selector:\n    team: annuaire\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("metadata.labels"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn selector_naming_the_deployment() {
        let f = findings(&format!(
            "{}{}",
            deployment("prod"),
            service("  selector:\n    deployment: backend\n")
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message(crate::i18n::Lang::Fr)
                .contains("`app: backend`"),
            "{}",
            f[0].message
        );
    }
}
