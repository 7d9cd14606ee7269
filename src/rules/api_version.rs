//! `api-version`: A wrong or removed `apiVersion` for this `kind`.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "api-version",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#api-version",
        summary: Text {
            fr: "Un `apiVersion` faux ou supprimé pour ce `kind`",
            en: "A wrong or removed `apiVersion` for this `kind`",
        },
        what: Text {
            fr: "Chaque type vit dans un groupe et une version : `Deployment` dans `apps/v1`, `Ingress` dans `networking.k8s.io/v1`, `Pod` dans `v1`. La règle signale une version qui n'a jamais existé pour ce type, ou une version supprimée (`extensions/v1beta1`, `apps/v1beta1`…), en disant quand elle a disparu et quoi écrire.",
            en: "Every kind lives in a group and version: `Deployment` in `apps/v1`, `Ingress` in `networking.k8s.io/v1`, `Pod` in `v1`. The rule reports a version that never existed for this kind, or a removed one (`extensions/v1beta1`, `apps/v1beta1`…), saying when it disappeared and what to write.",
        },
        why: Text {
            fr: "Beaucoup de tutoriels anciens utilisent des versions retirées depuis Kubernetes 1.16 ou 1.22 : le cluster répond « no matches for kind ». Le format a parfois changé avec la version (l'Ingress surtout).",
            en: "Many old tutorials use versions removed since Kubernetes 1.16 or 1.22: the cluster answers \"no matches for kind\". The format sometimes changed with the version (Ingress above all).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/api-version/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/api-version/good.yaml"),
    },
    check: Check::Schema,
};

fn api_span(obj: &Object) -> Span {
    obj.root.get("apiVersion").map_or(obj.root.span, |n| n.span)
}

fn push(cx: &ObjCx, obj: &Object, message: Msg, help: Msg, out: &mut Vec<Finding>) {
    out.push(
        cx.finding(&RULE, obj, api_span(obj), message, help)
            .with_path(format!("{}apiVersion", obj.prefix)),
    );
}

/// A version that Kubernetes removed.
pub fn removed(
    cx: &ObjCx,
    obj: &Object,
    r: &crate::schema::kinds::Removed,
    out: &mut Vec<Finding>,
) {
    let (api, kind, release, instead) = (&obj.api_version, &obj.kind, r.release, r.instead);
    let message = msg!(
        "`{api}` n'existe plus pour `{kind}` : cette version a été supprimée dans Kubernetes {release}",
        "`{api}` no longer exists for `{kind}`: this version was removed in Kubernetes {release}",
        api,
        kind,
        release
    );
    let help = if instead.is_empty() && kind == "PodSecurityPolicy" {
        msg!(
            "les PodSecurityPolicy n'existent plus du tout : on les remplace par l'admission « Pod Security » (des labels sur le Namespace, par exemple `pod-security.kubernetes.io/enforce: restricted`)",
            "PodSecurityPolicy is gone altogether: it is replaced by Pod Security admission (labels on the Namespace, e.g. `pod-security.kubernetes.io/enforce: restricted`)"
        )
    } else if instead.is_empty() {
        msg!(
            "ce type n'existe plus dans Kubernetes 1.37 : retirez cet objet",
            "this kind no longer exists in Kubernetes 1.37: remove this object"
        )
    } else if kind == "Ingress" {
        msg!(
            "écrivez `apiVersion: {instead}` ; attention, le format a changé : `backend.serviceName`/`servicePort` deviennent `backend.service.name` et `backend.service.port.number`, et chaque chemin demande un `pathType` (par exemple `Prefix`)",
            "write `apiVersion: {instead}`; beware, the format changed: `backend.serviceName`/`servicePort` become `backend.service.name` and `backend.service.port.number`, and each path needs a `pathType` (e.g. `Prefix`)",
            instead
        )
    } else {
        msg!(
            "écrivez `apiVersion: {instead}`",
            "write `apiVersion: {instead}`",
            instead
        )
    };
    push(cx, obj, message, help, out);
}

/// The kind exists, in another version.
pub fn other_version(cx: &ObjCx, obj: &Object, right: &str, out: &mut Vec<Finding>) {
    let (api, kind) = (&obj.api_version, &obj.kind);
    push(
        cx,
        obj,
        msg!(
            "`{kind}` ne se déclare pas avec `apiVersion: {api}`",
            "`{kind}` is not declared with `apiVersion: {api}`",
            kind,
            api
        ),
        msg!(
            "écrivez `apiVersion: {right}`",
            "write `apiVersion: {right}`",
            right
        ),
        out,
    );
}

/// A version that exists but that a default API server does not serve (alpha, new beta).
pub fn not_served(
    cx: &ObjCx,
    obj: &Object,
    info: &crate::schema::kinds::KindInfo,
    out: &mut Vec<Finding>,
) {
    let (api, kind) = (info.api_version, info.kind);
    let served = crate::schema::kinds::table()
        .iter()
        .find(|k| k.kind == kind && k.served)
        .map(|k| k.api_version);
    let help = match served {
        Some(right) => msg!(
            "écrivez `apiVersion: {right}`, la version que le serveur sert",
            "write `apiVersion: {right}`, the version the server serves",
            right
        ),
        None => msg!(
            "cette version n'est servie que si l'administrateur du cluster l'active (`--runtime-config`) ; vérifiez avec `kubectl api-resources`",
            "this version is served only if the cluster's administrator enables it (`--runtime-config`); check with `kubectl api-resources`"
        ),
    };
    push(
        cx,
        obj,
        msg!(
            "`{api}` est une version alpha ou bêta de `{kind}` que Kubernetes 1.37 ne sert pas par défaut : le serveur répond « no matches for kind »",
            "`{api}` is an alpha or beta version of `{kind}` that Kubernetes 1.37 does not serve by default: the server answers \"no matches for kind\"",
            api,
            kind
        ),
        help,
        out,
    );
}
