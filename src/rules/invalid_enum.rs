//! `invalid-enum`: a value that is not one of those the API server accepts for its field.

use crate::rules::prelude::*;
use crate::rules::values::FieldTable;
use crate::schema::{Expected, Place};

pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-enum",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-enum",
        summary: Text {
            fr: "Une valeur qui n'est pas l'une de celles que l'API accepte pour ce champ (`always`, `Nodeport`, `prefix`…)",
            en: "A value that is not one of those the API accepts for this field (`always`, `Nodeport`, `prefix`…)",
        },
        what: Text {
            fr: "Beaucoup de champs n'acceptent qu'une liste fermée de valeurs, écrites exactement (la casse compte) : `imagePullPolicy` (`Always`, `IfNotPresent`, `Never`), le `type` d'un Service, le `pathType` d'un Ingress, le `protocol` d'un port, le `restartPolicy` d'un Pod, le `type` de stratégie d'un Deployment, les `accessModes` d'un PersistentVolumeClaim, l'`operator` d'une toleration ou d'un sélecteur, et une quarantaine d'autres, relevés dans le code de validation du serveur d'API de Kubernetes 1.37. La règle nomme les valeurs permises et propose celle qui ne diffère que par la casse.",
            en: "Many fields accept only a closed list of values, written exactly (case matters): `imagePullPolicy` (`Always`, `IfNotPresent`, `Never`), a Service's `type`, an Ingress's `pathType`, a port's `protocol`, a Pod's `restartPolicy`, a Deployment's strategy `type`, a PersistentVolumeClaim's `accessModes`, a toleration's or a selector's `operator`, and about forty more, taken from the validation code of the Kubernetes 1.37 API server. The rule names the allowed values and suggests the one that differs only by case.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier (« Unsupported value ») : rien n'est créé. Ces fautes de casse (`always`, `Nodeport`) sont faciles à faire et difficiles à voir.",
            en: "The API server rejects the whole object (\"Unsupported value\"): nothing is created. These case mistakes (`always`, `Nodeport`) are easy to make and hard to see.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-enum/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-enum/good.yaml"),
    },
    check: Check::Schema,
};

/// (definition, field, allowed values), from `docs/api-validation.md`.
const ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "core.v1.Container",
        "imagePullPolicy",
        &["Always", "IfNotPresent", "Never"],
    ),
    (
        "core.v1.Container",
        "terminationMessagePolicy",
        &["File", "FallbackToLogsOnError"],
    ),
    (
        "core.v1.Container",
        "restartPolicy",
        &["Always", "Never", "OnFailure"],
    ),
    (
        "core.v1.EphemeralContainer",
        "imagePullPolicy",
        &["Always", "IfNotPresent", "Never"],
    ),
    ("core.v1.ContainerPort", "protocol", &["TCP", "UDP", "SCTP"]),
    ("core.v1.ServicePort", "protocol", &["TCP", "UDP", "SCTP"]),
    (
        "core.v1.PodSpec",
        "restartPolicy",
        &["Always", "OnFailure", "Never"],
    ),
    (
        "core.v1.PodSpec",
        "dnsPolicy",
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    ),
    (
        "core.v1.PodSpec",
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
    ),
    ("core.v1.PodOS", "name", &["linux", "windows"]),
    (
        "core.v1.ServiceSpec",
        "type",
        &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
    ),
    (
        "core.v1.ServiceSpec",
        "sessionAffinity",
        &["ClientIP", "None"],
    ),
    (
        "core.v1.ServiceSpec",
        "externalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "core.v1.ServiceSpec",
        "internalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "core.v1.ServiceSpec",
        "ipFamilyPolicy",
        &["PreferDualStack", "RequireDualStack", "SingleStack"],
    ),
    ("core.v1.ServiceSpec", "ipFamilies", &["IPv4", "IPv6"]),
    (
        "core.v1.ServiceSpec",
        "trafficDistribution",
        &["PreferClose", "PreferSameZone", "PreferSameNode"],
    ),
    (
        "core.v1.PersistentVolumeClaimSpec",
        "accessModes",
        &[
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOnce",
            "ReadWriteOncePod",
        ],
    ),
    (
        "core.v1.PersistentVolumeClaimSpec",
        "volumeMode",
        &["Block", "Filesystem"],
    ),
    (
        "core.v1.PersistentVolumeSpec",
        "accessModes",
        &[
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOnce",
            "ReadWriteOncePod",
        ],
    ),
    (
        "core.v1.PersistentVolumeSpec",
        "volumeMode",
        &["Block", "Filesystem"],
    ),
    (
        "core.v1.PersistentVolumeSpec",
        "persistentVolumeReclaimPolicy",
        &["Delete", "Recycle", "Retain"],
    ),
    (
        "core.v1.HostPathVolumeSource",
        "type",
        &[
            "",
            "BlockDevice",
            "CharDevice",
            "Directory",
            "DirectoryOrCreate",
            "File",
            "FileOrCreate",
            "Socket",
        ],
    ),
    ("core.v1.HTTPGetAction", "scheme", &["HTTP", "HTTPS"]),
    (
        "core.v1.VolumeMount",
        "mountPropagation",
        &["Bidirectional", "HostToContainer", "None"],
    ),
    (
        "core.v1.VolumeMount",
        "recursiveReadOnly",
        &["Disabled", "Enabled", "IfPossible"],
    ),
    ("core.v1.Toleration", "operator", &["Equal", "Exists"]),
    (
        "core.v1.Toleration",
        "effect",
        &["", "NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "core.v1.TopologySpreadConstraint",
        "whenUnsatisfiable",
        &["DoNotSchedule", "ScheduleAnyway"],
    ),
    (
        "core.v1.TopologySpreadConstraint",
        "nodeAffinityPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "core.v1.TopologySpreadConstraint",
        "nodeTaintsPolicy",
        &["Honor", "Ignore"],
    ),
    (
        "core.v1.NodeSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    ),
    (
        "apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist"],
    ),
    (
        "core.v1.SeccompProfile",
        "type",
        &["Localhost", "RuntimeDefault", "Unconfined"],
    ),
    (
        "core.v1.AppArmorProfile",
        "type",
        &["Localhost", "RuntimeDefault", "Unconfined"],
    ),
    (
        "core.v1.PodSecurityContext",
        "fsGroupChangePolicy",
        &["Always", "OnRootMismatch"],
    ),
    (
        "core.v1.PodSecurityContext",
        "supplementalGroupsPolicy",
        &["Merge", "Strict"],
    ),
    (
        "core.v1.PodSecurityContext",
        "seLinuxChangePolicy",
        &["MountOption", "Recursive"],
    ),
    (
        "core.v1.SecurityContext",
        "procMount",
        &["Default", "Unmasked"],
    ),
    (
        "apps.v1.DeploymentStrategy",
        "type",
        &["Recreate", "RollingUpdate"],
    ),
    (
        "apps.v1.DaemonSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "apps.v1.StatefulSetUpdateStrategy",
        "type",
        &["RollingUpdate", "OnDelete"],
    ),
    (
        "apps.v1.StatefulSetSpec",
        "podManagementPolicy",
        &["OrderedReady", "Parallel"],
    ),
    (
        "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenDeleted",
        &["Retain", "Delete"],
    ),
    (
        "apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenScaled",
        &["Retain", "Delete"],
    ),
    (
        "batch.v1.JobSpec",
        "completionMode",
        &["NonIndexed", "Indexed"],
    ),
    (
        "batch.v1.JobSpec",
        "podReplacementPolicy",
        &["Failed", "TerminatingOrFailed"],
    ),
    (
        "batch.v1.PodFailurePolicyRule",
        "action",
        &["Count", "FailIndex", "FailJob", "Ignore"],
    ),
    (
        "batch.v1.PodFailurePolicyOnExitCodesRequirement",
        "operator",
        &["In", "NotIn"],
    ),
    (
        "batch.v1.PodFailurePolicyOnPodConditionsPattern",
        "status",
        &["False", "True", "Unknown"],
    ),
    (
        "batch.v1.CronJobSpec",
        "concurrencyPolicy",
        &["Allow", "Forbid", "Replace"],
    ),
    (
        "networking.v1.HTTPIngressPath",
        "pathType",
        &["Exact", "ImplementationSpecific", "Prefix"],
    ),
    (
        "networking.v1.NetworkPolicySpec",
        "policyTypes",
        &["Ingress", "Egress"],
    ),
    (
        "networking.v1.NetworkPolicyPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "networking.v1.IngressClassParametersReference",
        "scope",
        &["Cluster", "Namespace"],
    ),
    (
        "storage.v1.StorageClass",
        "reclaimPolicy",
        &["Delete", "Retain"],
    ),
    (
        "storage.v1.StorageClass",
        "volumeBindingMode",
        &["Immediate", "WaitForFirstConsumer"],
    ),
    // Empty is defaulted to the RBAC group.
    (
        "rbac.v1.RoleRef",
        "apiGroup",
        &["", "rbac.authorization.k8s.io"],
    ),
    (
        "rbac.v1.Subject",
        "kind",
        &["ServiceAccount", "User", "Group"],
    ),
    (
        "autoscaling.v2.MetricSpec",
        "type",
        &[
            "ContainerResource",
            "External",
            "Object",
            "Pods",
            "Resource",
        ],
    ),
    (
        "autoscaling.v2.MetricTarget",
        "type",
        &["Utilization", "Value", "AverageValue"],
    ),
    (
        "autoscaling.v2.HPAScalingRules",
        "selectPolicy",
        &["Disabled", "Max", "Min"],
    ),
    (
        "autoscaling.v2.HPAScalingPolicy",
        "type",
        &["Percent", "Pods"],
    ),
    (
        "policy.v1.PodDisruptionBudgetSpec",
        "unhealthyPodEvictionPolicy",
        &["AlwaysAllow", "IfHealthyBudget"],
    ),
    (
        "scheduling.v1.PriorityClass",
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
    ),
];

/// The allowed values of a field, by its definition (`io.k8s.api.core.v1.Container`) and key.
pub fn allowed(def: &str, field: &str) -> Option<&'static [&'static str]> {
    let def = def
        .strip_prefix("io.k8s.api.")
        .or_else(|| def.strip_prefix("io.k8s."))
        .unwrap_or(def);
    static TABLE: std::sync::OnceLock<FieldTable<&'static [&'static str]>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| FieldTable::new(ENUMS)).get(def, field)
}

/// Called by the schema walk on every scalar.
pub fn check_scalar(
    cx: &ObjCx,
    obj: &Object,
    place: &Place,
    node: &Node,
    ty: Expected,
    out: &mut Vec<Finding>,
) {
    if ty != Expected::String {
        return;
    }
    let Some(values) = allowed(place.def, place.field) else {
        return;
    };
    let Some(v) = node.as_str() else { return };
    if values.contains(&v) {
        return;
    }
    let field = place.field;
    let list: Vec<String> = values
        .iter()
        .filter(|x| !x.is_empty())
        .map(|x| format!("`{x}`"))
        .collect();
    let close = values
        .iter()
        .find(|x| x.eq_ignore_ascii_case(v.trim()))
        .or_else(|| {
            crate::suggest::closest(v, values.iter().copied().filter(|x| !x.is_empty()))
                .and_then(|c| values.iter().find(|x| **x == c))
        });
    let help = match close {
        Some(c) => msg!(
            "écrivez `{field}: {c}` (la casse compte)",
            "write `{field}: {c}` (case matters)",
            field,
            c
        ),
        None => msg!(
            "les valeurs possibles : {list}",
            "the allowed values: {list}",
            list
        ),
    };
    let mut f = cx
        .finding(
            &RULE,
            obj,
            node.span,
            msg!(
                "`{field}: {v}` n'est pas une valeur acceptée ; l'API n'accepte que {list}",
                "`{field}: {v}` is not an accepted value; the API only accepts {list}",
                field,
                v,
                list
            ),
            help,
        )
        .with_path(place.path);
    if let Some(c) = close
        && node.span.start.is_known()
        && node.span.end.line == node.span.start.line
    {
        let c = c.to_string();
        f = f.with_fix(
            node.span.start,
            node.span.caret_len(),
            crate::diag::Edit::Replace(c.clone()),
            msg!("Remplacer par `{c}`", "Replace with `{c}`", c),
        );
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn every_enum_of_the_issue_is_caught() {
        let pod = |extra: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27.0\n{extra}"
            )
        };
        assert_eq!(
            findings_of("invalid-enum", &pod("    imagePullPolicy: always\n")).len(),
            1
        );
        assert_eq!(
            findings_of(
                "invalid-enum",
                &pod("    ports:\n    - containerPort: 80\n      protocol: tcp\n")
            )
            .len(),
            1
        );
        assert!(
            findings_of("invalid-enum", &pod("    imagePullPolicy: IfNotPresent\n")).is_empty()
        );
        let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Nodeport\n  ports:\n  - port: 80\n";
        let f = findings_of("invalid-enum", svc);
        assert_eq!(f.len(), 1);
        assert!(f[0].help.to_string().contains("NodePort"), "{}", f[0].help);
        let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: d\nspec:\n  accessModes: [ReadWriteOnly]\n  resources:\n    requests:\n      storage: 1Gi\n";
        assert_eq!(findings_of("invalid-enum", pvc).len(), 1);
    }
}
