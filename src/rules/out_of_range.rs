//! `out-of-range`: a number outside the range the API server accepts for its field.

use crate::rules::prelude::*;
use crate::rules::values::FieldTable;
use crate::schema::{Expected, Place};

pub static RULE: Rule = Rule {
    code: Code {
        id: "out-of-range",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#out-of-range",
        summary: Text {
            fr: "Un nombre hors des valeurs que l'API accepte pour ce champ (`containerPort: 123456`, `replicas: -1`)",
            en: "A number outside the values the API accepts for this field (`containerPort: 123456`, `replicas: -1`)",
        },
        what: Text {
            fr: "Les numéros de port vont de 1 à 65535 (`containerPort`, `port` et `targetPort` d'un Service, port d'une sonde, d'un backend d'Ingress, d'une NetworkPolicy) ; `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `backoffLimit`, `parallelism`, `completions`, les délais et seuils des sondes, les limites d'historique d'un CronJob ne sont jamais négatifs ; `maxSkew` et `minDomains` valent au moins 1, un `weight` d'affinité va de 1 à 100, un `defaultMode` de 0 à 0777, un identifiant d'utilisateur ou de groupe de 0 à 2147483647. Les bornes viennent du code de validation du serveur d'API de Kubernetes 1.37.",
            en: "Port numbers go from 1 to 65535 (`containerPort`, a Service's `port` and `targetPort`, a probe's, an Ingress backend's, a NetworkPolicy's port); `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `backoffLimit`, `parallelism`, `completions`, probe delays and thresholds, a CronJob's history limits are never negative; `maxSkew` and `minDomains` are at least 1, an affinity `weight` goes from 1 to 100, a `defaultMode` from 0 to 0777, a user or group id from 0 to 2147483647. The bounds come from the validation code of the Kubernetes 1.37 API server.",
        },
        why: Text {
            fr: "Le serveur d'API refuse l'objet entier (« Invalid value ») : rien n'est créé. Un port à 6 chiffres vient souvent d'une faute de frappe (`80800`), un nombre négatif d'un copier-coller.",
            en: "The API server rejects the whole object (\"Invalid value\"): nothing is created. A 6-digit port is often a typo (`80800`), a negative number a copy-paste.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/out-of-range/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/out-of-range/good.yaml"),
    },
    check: Check::Schema,
};

/// What a bound means for a field.
#[derive(Clone, Copy)]
struct Range {
    min: i64,
    max: i64,
    /// 0 means "not set" (hostPort) or is defaulted (probe numbers, targetPort).
    zero_ok: bool,
}

const PORT: Range = Range {
    min: 1,
    max: 65535,
    zero_ok: false,
};
const PORT_OR_UNSET: Range = Range {
    min: 1,
    max: 65535,
    zero_ok: true,
};
const NON_NEGATIVE: Range = Range {
    min: 0,
    max: i64::MAX,
    zero_ok: true,
};
const POSITIVE: Range = Range {
    min: 1,
    max: i64::MAX,
    zero_ok: false,
};
const ID: Range = Range {
    min: 0,
    max: 2_147_483_647,
    zero_ok: true,
};
const MODE: Range = Range {
    min: 0,
    max: 0o777,
    zero_ok: true,
};

/// (definition, field, range), from `docs/api-validation.md`.
const RANGES: &[(&str, &str, Range)] = &[
    ("core.v1.ContainerPort", "containerPort", PORT),
    ("core.v1.ContainerPort", "hostPort", PORT_OR_UNSET),
    ("core.v1.ServicePort", "port", PORT),
    ("core.v1.ServicePort", "targetPort", PORT_OR_UNSET),
    ("core.v1.HTTPGetAction", "port", PORT),
    ("core.v1.TCPSocketAction", "port", PORT),
    ("core.v1.GRPCAction", "port", PORT),
    // 0 is "not set" (`name` then gives the port; neither: `ingress-spec`).
    ("networking.v1.ServiceBackendPort", "number", PORT_OR_UNSET),
    ("networking.v1.NetworkPolicyPort", "port", PORT),
    ("networking.v1.NetworkPolicyPort", "endPort", PORT),
    ("apps.v1.DeploymentSpec", "replicas", NON_NEGATIVE),
    ("apps.v1.DeploymentSpec", "minReadySeconds", NON_NEGATIVE),
    (
        "apps.v1.DeploymentSpec",
        "revisionHistoryLimit",
        NON_NEGATIVE,
    ),
    (
        "apps.v1.DeploymentSpec",
        "progressDeadlineSeconds",
        NON_NEGATIVE,
    ),
    ("apps.v1.ReplicaSetSpec", "replicas", NON_NEGATIVE),
    ("apps.v1.ReplicaSetSpec", "minReadySeconds", NON_NEGATIVE),
    ("apps.v1.StatefulSetSpec", "replicas", NON_NEGATIVE),
    ("apps.v1.StatefulSetSpec", "minReadySeconds", NON_NEGATIVE),
    (
        "apps.v1.RollingUpdateStatefulSetStrategy",
        "partition",
        NON_NEGATIVE,
    ),
    ("apps.v1.StatefulSetOrdinals", "start", NON_NEGATIVE),
    ("apps.v1.DaemonSetSpec", "minReadySeconds", NON_NEGATIVE),
    (
        "apps.v1.DaemonSetSpec",
        "revisionHistoryLimit",
        NON_NEGATIVE,
    ),
    (
        "core.v1.ReplicationControllerSpec",
        "replicas",
        NON_NEGATIVE,
    ),
    (
        "core.v1.ReplicationControllerSpec",
        "minReadySeconds",
        NON_NEGATIVE,
    ),
    ("batch.v1.JobSpec", "parallelism", NON_NEGATIVE),
    ("batch.v1.JobSpec", "completions", NON_NEGATIVE),
    ("batch.v1.JobSpec", "activeDeadlineSeconds", NON_NEGATIVE),
    ("batch.v1.JobSpec", "backoffLimit", NON_NEGATIVE),
    ("batch.v1.JobSpec", "ttlSecondsAfterFinished", NON_NEGATIVE),
    ("batch.v1.JobSpec", "backoffLimitPerIndex", NON_NEGATIVE),
    ("batch.v1.JobSpec", "maxFailedIndexes", NON_NEGATIVE),
    (
        "batch.v1.CronJobSpec",
        "startingDeadlineSeconds",
        NON_NEGATIVE,
    ),
    (
        "batch.v1.CronJobSpec",
        "successfulJobsHistoryLimit",
        NON_NEGATIVE,
    ),
    (
        "batch.v1.CronJobSpec",
        "failedJobsHistoryLimit",
        NON_NEGATIVE,
    ),
    ("core.v1.Probe", "initialDelaySeconds", NON_NEGATIVE),
    ("core.v1.Probe", "timeoutSeconds", NON_NEGATIVE),
    ("core.v1.Probe", "periodSeconds", NON_NEGATIVE),
    ("core.v1.Probe", "successThreshold", NON_NEGATIVE),
    ("core.v1.Probe", "failureThreshold", NON_NEGATIVE),
    (
        "core.v1.PodSpec",
        "activeDeadlineSeconds",
        Range {
            min: 1,
            max: 2_147_483_647,
            zero_ok: false,
        },
    ),
    ("core.v1.TopologySpreadConstraint", "maxSkew", POSITIVE),
    ("core.v1.TopologySpreadConstraint", "minDomains", POSITIVE),
    (
        "core.v1.WeightedPodAffinityTerm",
        "weight",
        Range {
            min: 1,
            max: 100,
            zero_ok: false,
        },
    ),
    (
        "core.v1.PreferredSchedulingTerm",
        "weight",
        Range {
            min: 1,
            max: 100,
            zero_ok: false,
        },
    ),
    ("core.v1.SecurityContext", "runAsUser", ID),
    ("core.v1.SecurityContext", "runAsGroup", ID),
    ("core.v1.PodSecurityContext", "runAsUser", ID),
    ("core.v1.PodSecurityContext", "runAsGroup", ID),
    ("core.v1.PodSecurityContext", "fsGroup", ID),
    ("core.v1.PodSecurityContext", "supplementalGroups", ID),
    ("core.v1.SecretVolumeSource", "defaultMode", MODE),
    ("core.v1.ConfigMapVolumeSource", "defaultMode", MODE),
    ("core.v1.DownwardAPIVolumeSource", "defaultMode", MODE),
    ("core.v1.ProjectedVolumeSource", "defaultMode", MODE),
    ("core.v1.KeyToPath", "mode", MODE),
    ("core.v1.DownwardAPIVolumeFile", "mode", MODE),
    (
        "core.v1.ServiceAccountTokenProjection",
        "expirationSeconds",
        Range {
            min: 600,
            max: 1 << 32,
            zero_ok: false,
        },
    ),
    // ClientIPConfig.timeoutSeconds: only checked with sessionAffinity ClientIP (`service-spec`).
    (
        "coordination.v1.LeaseSpec",
        "leaseDurationSeconds",
        POSITIVE,
    ),
    (
        "coordination.v1.LeaseSpec",
        "leaseTransitions",
        NON_NEGATIVE,
    ),
    (
        "autoscaling.v2.HorizontalPodAutoscalerSpec",
        "minReplicas",
        NON_NEGATIVE,
    ),
    (
        "autoscaling.v2.HorizontalPodAutoscalerSpec",
        "maxReplicas",
        POSITIVE,
    ),
    (
        "autoscaling.v1.HorizontalPodAutoscalerSpec",
        "minReplicas",
        NON_NEGATIVE,
    ),
    (
        "autoscaling.v1.HorizontalPodAutoscalerSpec",
        "maxReplicas",
        POSITIVE,
    ),
    (
        "autoscaling.v1.HorizontalPodAutoscalerSpec",
        "targetCPUUtilizationPercentage",
        POSITIVE,
    ),
    (
        "autoscaling.v2.MetricTarget",
        "averageUtilization",
        POSITIVE,
    ),
    (
        "autoscaling.v2.HPAScalingRules",
        "stabilizationWindowSeconds",
        Range {
            min: 0,
            max: 3600,
            zero_ok: true,
        },
    ),
    ("autoscaling.v2.HPAScalingPolicy", "value", POSITIVE),
    (
        "autoscaling.v2.HPAScalingPolicy",
        "periodSeconds",
        Range {
            min: 1,
            max: 1800,
            zero_ok: false,
        },
    ),
    // PriorityClass.value: the limit depends on the name (`priority-class-spec`).
];

fn range_of(def: &str, field: &str) -> Option<Range> {
    let def = def.strip_prefix("io.k8s.api.").unwrap_or(def);
    static TABLE: std::sync::OnceLock<FieldTable<Range>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| FieldTable::new(RANGES))
        .get(def, field)
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
    if !matches!(
        ty,
        Expected::Integer | Expected::IntOrString | Expected::Number
    ) {
        return;
    }
    let Some(v) = node.as_i64() else { return };
    let Some(r) = range_of(place.def, place.field) else {
        return;
    };
    if (r.zero_ok && v == 0) || (r.min..=r.max).contains(&v) {
        return;
    }
    let field = place.field;
    let bounds = if r.max == i64::MAX {
        msg!("{min} ou plus", "{min} or more", min = r.min)
    } else if r.max == 0o777 && r.min == 0 {
        msg!(
            "de 0 à 0777 (en octal, 511 en décimal)",
            "from 0 to 0777 (octal, 511 in decimal)"
        )
    } else if r.min == i64::MIN {
        msg!("{max} au plus", "at most {max}", max = r.max)
    } else {
        msg!(
            "de {min} à {max}",
            "from {min} to {max}",
            min = r.min,
            max = r.max
        )
    };
    let message = if v == 0 && !r.zero_ok && r.min > 0 && field.to_lowercase().contains("port") {
        msg!(
            "`{field}: 0` : ce port est obligatoire et va {bounds}",
            "`{field}: 0`: this port is required and goes {bounds}",
            field,
            bounds
        )
    } else {
        msg!(
            "`{field}: {v}` est hors des valeurs permises : {bounds}",
            "`{field}: {v}` is outside the allowed values: {bounds}",
            field,
            v,
            bounds
        )
    };
    let help = if field.to_lowercase().contains("port") {
        msg!(
            "un numéro de port va de 1 à 65535 : vérifiez qu'un chiffre n'a pas été ajouté ou oublié",
            "a port number goes from 1 to 65535: check that a digit was not added or forgotten"
        )
    } else {
        msg!(
            "choisissez une valeur {bounds}",
            "pick a value {bounds}",
            bounds
        )
    };
    out.push(
        cx.finding(&RULE, obj, node.span, message, help)
            .with_path(place.path),
    );
}
