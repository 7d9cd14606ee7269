//! `rbac-spec`: a Role, ClusterRole, RoleBinding or ClusterRoleBinding the
//! API server rejects: rules without verbs, groups or resources,
//! non-resource URLs in a Role, the role reference, the subjects.

use crate::rules::prelude::*;
use crate::rules::values::{dns1123_subdomain, label_selector, path_segment};
use crate::rules::values::{empty_list, key_span};

pub static RULE: Rule = Rule {
    code: Code {
        id: "rbac-spec",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "rbac.md",
        summary: Text {
            fr: "Un rôle ou une liaison RBAC que l'API refuse : règle sans `verbs`, `apiGroups` ou `resources`, `roleRef` d'un mauvais type, sujet mal décrit",
            en: "An RBAC role or binding the API rejects: a rule without `verbs`, `apiGroups` or `resources`, a `roleRef` of the wrong kind, a badly described subject",
        },
        what: Text {
            fr: "Chaque règle d'un Role ou d'un ClusterRole a au moins un verbe ; une règle sur des ressources a au moins un `apiGroups` (`\"\"` pour le groupe de base : Pods, Services…) et au moins une `resources` ; `nonResourceURLs` (`/healthz`) n'existe que dans un ClusterRole et ne se mélange pas aux ressources. Un `aggregationRule` a au moins un sélecteur. Le `roleRef` d'une liaison a le groupe `rbac.authorization.k8s.io` (par défaut), un `name`, et un `kind` `Role` ou `ClusterRole` (seulement `ClusterRole` pour une ClusterRoleBinding). Chaque sujet a un `name` ; un `ServiceAccount` n'a pas d'`apiGroup`, un nom DNS en minuscules, et un `namespace` dans une ClusterRoleBinding ; un `User` ou un `Group` a l'`apiGroup` `rbac.authorization.k8s.io` (par défaut).",
            en: "Each rule of a Role or ClusterRole has at least one verb; a rule on resources has at least one `apiGroups` (`\"\"` for the core group: Pods, Services…) and at least one `resources`; `nonResourceURLs` (`/healthz`) only exists in a ClusterRole and does not mix with resources. An `aggregationRule` has at least one selector. A binding's `roleRef` has the group `rbac.authorization.k8s.io` (the default), a `name`, and a `kind` `Role` or `ClusterRole` (only `ClusterRole` for a ClusterRoleBinding). Each subject has a `name`; a `ServiceAccount` has no `apiGroup`, a lower-case DNS name, and a `namespace` in a ClusterRoleBinding; a `User` or `Group` has the `apiGroup` `rbac.authorization.k8s.io` (the default).",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier : les droits ne sont pas accordés, et l'application reçoit des « forbidden ». Oublier `apiGroups: [\"\"]` en recopiant une règle, ou mettre l'`apiGroup` de RBAC sur un compte de service, sont les fautes habituelles.",
            en: "The API server rejects the whole object: the permissions are not granted, and the application gets \"forbidden\" answers. Forgetting `apiGroups: [\"\"]` when copying a rule, or putting RBAC's `apiGroup` on a service account, are the usual mistakes.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/rbac-spec/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/rbac-spec/good.yaml"),
    },
    check: Check::Object(check),
};

const GROUP: &str = "rbac.authorization.k8s.io";

fn list_len(n: &Node, key: &str) -> usize {
    n.get(key).map_or(0, |v| v.items().len())
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if !obj.api_version.starts_with("rbac.authorization.k8s.io/") {
        return;
    }
    let p = &obj.prefix;
    let kind = obj.kind.as_str();
    let mut err = |span: Span, path: String, message: Msg, help: Msg| {
        out.push(
            cx.finding(&RULE, obj, span, message, help)
                .with_path(format!("{p}{path}")),
        );
    };
    match kind {
        "Role" | "ClusterRole" => {
            let namespaced = kind == "Role";
            for (i, rule) in obj
                .root
                .get("rules")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let rp = format!("rules[{i}]");
                let first = rule.entries().first().map_or(rule.span, |e| e.key_span);
                if empty_list(rule.get("verbs")) {
                    err(
                        key_span(rule, "verbs"),
                        format!("{rp}.verbs"),
                        msg!(
                            "cette règle n'a aucun verbe : elle n'autoriserait rien",
                            "this rule has no verb: it would allow nothing"
                        ),
                        msg!(
                            "écrivez les actions permises, par exemple `verbs: [get, list, watch]`",
                            "write the allowed actions, for instance `verbs: [get, list, watch]`"
                        ),
                    );
                }
                if list_len(rule, "nonResourceURLs") > 0 {
                    if namespaced {
                        err(
                            key_span(rule, "nonResourceURLs"),
                            format!("{rp}.nonResourceURLs"),
                            msg!(
                                "`nonResourceURLs` (comme `/healthz`) n'existe pas dans un Role : ces adresses n'appartiennent à aucun namespace",
                                "`nonResourceURLs` (like `/healthz`) does not exist in a Role: these addresses belong to no namespace"
                            ),
                            msg!(
                                "mettez cette règle dans un ClusterRole, lié par une ClusterRoleBinding",
                                "put this rule in a ClusterRole, bound by a ClusterRoleBinding"
                            ),
                        );
                    }
                    if ["apiGroups", "resources", "resourceNames"]
                        .iter()
                        .any(|k| list_len(rule, k) > 0)
                    {
                        err(
                            key_span(rule, "nonResourceURLs"),
                            format!("{rp}.nonResourceURLs"),
                            msg!(
                                "une règle vise soit des ressources (`apiGroups`, `resources`), soit des `nonResourceURLs`, pas les deux",
                                "a rule aims at either resources (`apiGroups`, `resources`) or `nonResourceURLs`, not both"
                            ),
                            msg!("faites-en deux règles", "make two rules of it"),
                        );
                    }
                    continue;
                }
                if list_len(rule, "apiGroups") == 0 {
                    err(
                        rule.get("apiGroups").map_or(first, |n| n.span),
                        format!("{rp}.apiGroups"),
                        msg!(
                            "cette règle n'a pas d'`apiGroups` : il faut au moins un groupe d'API",
                            "this rule has no `apiGroups`: at least one API group is needed"
                        ),
                        msg!(
                            "ajoutez `apiGroups: [\"\"]` pour le groupe de base (Pods, Services, ConfigMaps…), ou le groupe des ressources (`apps` pour les Deployments)",
                            "add `apiGroups: [\"\"]` for the core group (Pods, Services, ConfigMaps…), or the resources' group (`apps` for Deployments)"
                        ),
                    );
                }
                if list_len(rule, "resources") == 0 {
                    err(
                        rule.get("resources").map_or(first, |n| n.span),
                        format!("{rp}.resources"),
                        msg!(
                            "cette règle n'a pas de `resources` : il faut au moins un type de ressource",
                            "this rule has no `resources`: at least one resource type is needed"
                        ),
                        msg!(
                            "ajoutez par exemple `resources: [pods]` (au pluriel, en minuscules)",
                            "add for instance `resources: [pods]` (plural, lower case)"
                        ),
                    );
                }
            }
            if kind == "ClusterRole"
                && let Some(agg) = obj.root.get("aggregationRule").filter(|n| !n.is_null())
            {
                for (i, sel) in agg
                    .get("clusterRoleSelectors")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    for (span, sub, problem) in label_selector(sel) {
                        err(
                            span,
                            format!("aggregationRule.clusterRoleSelectors[{i}]{sub}"),
                            problem,
                            msg!(
                                "reprenez les labels des ClusterRoles à réunir",
                                "use the labels of the ClusterRoles to gather"
                            ),
                        );
                    }
                }
            }
            if kind == "ClusterRole"
                && let Some(agg) = obj.root.get("aggregationRule").filter(|n| !n.is_null())
                && list_len(agg, "clusterRoleSelectors") == 0
            {
                err(
                    key_span(&obj.root, "aggregationRule"),
                    "aggregationRule.clusterRoleSelectors".into(),
                    msg!(
                        "`aggregationRule` n'a aucun sélecteur : il ne saurait pas quels ClusterRoles réunir",
                        "`aggregationRule` has no selector: it would not know which ClusterRoles to gather"
                    ),
                    msg!(
                        "ajoutez `clusterRoleSelectors: [{{matchLabels: {{…}}}}]`, ou supprimez `aggregationRule`",
                        "add `clusterRoleSelectors: [{{matchLabels: {{…}}}}]`, or remove `aggregationRule`"
                    ),
                );
            }
        }
        "RoleBinding" | "ClusterRoleBinding" => {
            let cluster = kind == "ClusterRoleBinding";
            if let Some(rr) = obj.root.get("roleRef") {
                if let Some(k) = rr.get("kind")
                    && let Some(v) = k.as_str()
                {
                    let ok: &[&str] = if cluster {
                        &["ClusterRole"]
                    } else {
                        &["Role", "ClusterRole"]
                    };
                    if !ok.contains(&v) {
                        let close = ok.iter().find(|o| o.eq_ignore_ascii_case(v)).copied();
                        let list = ok
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let v = v.to_string();
                        err(
                            k.span,
                            "roleRef.kind".into(),
                            msg!(
                                "`roleRef.kind: {v}` n'est pas accepté dans une {kind} : seulement {list}",
                                "`roleRef.kind: {v}` is not accepted in a {kind}: only {list}",
                                v,
                                kind = kind.to_string(),
                                list
                            ),
                            match close {
                                Some(c) => msg!(
                                    "écrivez `kind: {c}` (la casse compte)",
                                    "write `kind: {c}` (case matters)",
                                    c
                                ),
                                None if cluster => msg!(
                                    "une ClusterRoleBinding lie un ClusterRole ; pour un Role, utilisez une RoleBinding dans son namespace",
                                    "a ClusterRoleBinding binds a ClusterRole; for a Role, use a RoleBinding in its namespace"
                                ),
                                None => msg!(
                                    "écrivez `kind: Role` ou `kind: ClusterRole`",
                                    "write `kind: Role` or `kind: ClusterRole`"
                                ),
                            },
                        );
                    }
                }
                if let Some(n) = rr.get("name")
                    && let Some(v) = n.as_str()
                {
                    let problem = if v.is_empty() {
                        Some(msg!("le nom est vide", "the name is empty"))
                    } else {
                        path_segment(v)
                    };
                    if let Some(problem) = problem {
                        let v = v.to_string();
                        err(
                            n.span,
                            "roleRef.name".into(),
                            msg!(
                                "`roleRef.name: {v}` n'est pas accepté : {problem}",
                                "`roleRef.name: {v}` is not accepted: {problem}",
                                v,
                                problem
                            ),
                            msg!(
                                "écrivez le nom du rôle à lier",
                                "write the name of the role to bind"
                            ),
                        );
                    }
                }
            }
            for (i, s) in obj
                .root
                .get("subjects")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let sp = format!("subjects[{i}]");
                let first = s.entries().first().map_or(s.span, |e| e.key_span);
                let name = s.get("name").and_then(Node::as_str);
                if name == Some("") {
                    err(
                        s.get("name").map_or(first, |n| n.span),
                        format!("{sp}.name"),
                        msg!(
                            "le nom de ce sujet est vide",
                            "this subject's name is empty"
                        ),
                        msg!(
                            "écrivez le nom de l'utilisateur, du groupe ou du compte de service",
                            "write the name of the user, group or service account"
                        ),
                    );
                }
                let group = s.get("apiGroup").and_then(Node::as_str).unwrap_or("");
                match s.get("kind").and_then(Node::as_str) {
                    Some("ServiceAccount") => {
                        if let Some(n) = name
                            && !n.is_empty()
                            && let Some(problem) = dns1123_subdomain(n)
                        {
                            err(
                                s.get("name").map_or(first, |x| x.span),
                                format!("{sp}.name"),
                                msg!(
                                    "`{n}` n'est pas un nom de compte de service : {problem}",
                                    "`{n}` is not a service account name: {problem}",
                                    n = n.to_string(),
                                    problem
                                ),
                                msg!(
                                    "écrivez le nom du ServiceAccount seul (sans `system:serviceaccount:`), en minuscules",
                                    "write the ServiceAccount's name alone (without `system:serviceaccount:`), in lower case"
                                ),
                            );
                        }
                        if !group.is_empty() {
                            let g = group.to_string();
                            err(
                                s.get("apiGroup").map_or(first, |x| x.span),
                                format!("{sp}.apiGroup"),
                                msg!(
                                    "un sujet `ServiceAccount` n'a pas d'`apiGroup` (ici `{g}`) : les comptes de service sont dans le groupe de base",
                                    "a `ServiceAccount` subject has no `apiGroup` (here `{g}`): service accounts are in the core group",
                                    g
                                ),
                                msg!(
                                    "supprimez la ligne `apiGroup`",
                                    "remove the `apiGroup` line"
                                ),
                            );
                        }
                        if cluster
                            && s.get("namespace")
                                .and_then(Node::as_str)
                                .is_none_or(str::is_empty)
                        {
                            err(
                                first,
                                format!("{sp}.namespace"),
                                msg!(
                                    "dans une ClusterRoleBinding, un sujet `ServiceAccount` doit dire son `namespace` : les comptes de service vivent dans un namespace",
                                    "in a ClusterRoleBinding, a `ServiceAccount` subject must give its `namespace`: service accounts live in a namespace"
                                ),
                                msg!(
                                    "ajoutez `namespace:` avec le namespace du compte de service",
                                    "add `namespace:` with the service account's namespace"
                                ),
                            );
                        }
                    }
                    Some("User" | "Group") if !group.is_empty() && group != GROUP => {
                        let g = group.to_string();
                        err(
                            s.get("apiGroup").map_or(first, |x| x.span),
                            format!("{sp}.apiGroup"),
                            msg!(
                                "l'`apiGroup` d'un utilisateur ou d'un groupe est `{GROUP}`, pas `{g}`",
                                "the `apiGroup` of a user or group is `{GROUP}`, not `{g}`",
                                GROUP,
                                g
                            ),
                            msg!(
                                "écrivez `apiGroup: {GROUP}`, ou supprimez la ligne (c'est la valeur par défaut)",
                                "write `apiGroup: {GROUP}`, or remove the line (it is the default)",
                                GROUP
                            ),
                        );
                    }
                    _ => {} // `invalid-enum`
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    fn paths(yaml: &str) -> Vec<String> {
        findings_of("rbac-spec", yaml)
            .iter()
            .map(|f| f.path.clone())
            .collect()
    }

    fn role(kind: &str, rules: &str) -> String {
        format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\nrules:\n{rules}"
        )
    }

    #[test]
    fn rules() {
        assert!(
            paths(&role(
                "Role",
                "  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [GET]\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&role(
                "Role",
                "  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: []\n"
            )),
            ["rules[0].verbs"]
        );
        assert_eq!(
            paths(&role("Role", "  - resources: [pods]\n    verbs: [get]\n")),
            ["rules[0].apiGroups"]
        );
        assert_eq!(
            paths(&role(
                "Role",
                "  - nonResourceURLs: [/healthz]\n    verbs: [get]\n"
            )),
            ["rules[0].nonResourceURLs"]
        );
        assert!(
            paths(&role(
                "ClusterRole",
                "  - nonResourceURLs: [/healthz]\n    verbs: [get]\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&role(
                "ClusterRole",
                "  - nonResourceURLs: [/healthz]\n    resources: [pods]\n    verbs: [get]\n"
            )),
            ["rules[0].nonResourceURLs"]
        );
        assert_eq!(
            paths(
                &role(
                    "ClusterRole",
                    "  []\naggregationRule:\n  clusterRoleSelectors: []\n"
                )
                .replace("rules:\n  []", "rules: []")
            ),
            ["aggregationRule.clusterRoleSelectors"]
        );
    }

    fn binding(kind: &str, role_kind: &str, subjects: &str) -> String {
        format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: r\nsubjects:\n{subjects}"
        )
    }

    #[test]
    fn bindings() {
        let sa = "  - kind: ServiceAccount\n    name: web\n";
        assert!(paths(&binding("RoleBinding", "Role", sa)).is_empty());
        assert_eq!(paths(&binding("RoleBinding", "role", sa)), ["roleRef.kind"]);
        // RBAC-08
        assert_eq!(
            paths(&binding("RoleBinding", "Role", sa).replace("  name: r\n", "  name: \"\"\n")),
            ["roleRef.name"]
        );
        assert!(
            paths(
                &binding("RoleBinding", "ClusterRole", sa)
                    .replace("  name: r\n", "  name: system:metrics-reader\n")
            )
            .is_empty()
        );
        assert_eq!(
            paths(&binding(
                "ClusterRoleBinding",
                "Role",
                "  - kind: ServiceAccount\n    name: web\n    namespace: team\n"
            )),
            ["roleRef.kind"]
        );
        // RBAC-12: a namespace is required in a ClusterRoleBinding only.
        assert_eq!(
            paths(&binding("ClusterRoleBinding", "ClusterRole", sa)),
            ["subjects[0].namespace"]
        );
        // RBAC-11
        assert_eq!(
            paths(&binding(
                "RoleBinding",
                "Role",
                "  - kind: ServiceAccount\n    name: web\n    apiGroup: rbac.authorization.k8s.io\n"
            )),
            ["subjects[0].apiGroup"]
        );
        assert!(
            paths(&binding(
                "RoleBinding",
                "Role",
                "  - kind: User\n    name: Jane Doe <jane@example.com>\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&binding(
                "RoleBinding",
                "Role",
                "  - kind: Group\n    name: devs\n    apiGroup: users\n"
            )),
            ["subjects[0].apiGroup"]
        );
        assert_eq!(
            paths(&binding(
                "RoleBinding",
                "Role",
                "  - kind: ServiceAccount\n    name: system:serviceaccount:n:web\n"
            )),
            ["subjects[0].name"]
        );
    }

    #[test]
    fn aggregation_selectors() {
        let agg = |sel: &str| {
            format!(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\naggregationRule:\n  clusterRoleSelectors:\n{sel}rules: []\n"
            )
        };
        assert!(
            paths(&agg(
                "    - matchLabels:\n        rbac.example.com/aggregate-to-monitoring: \"true\"\n"
            ))
            .is_empty()
        );
        assert_eq!(
            paths(&agg(
                "    - matchLabels:\n        rbac.example.com/aggregate: \"yes please\"\n"
            )),
            ["aggregationRule.clusterRoleSelectors[0].matchLabels[\"rbac.example.com/aggregate\"]"]
        );
    }
}
