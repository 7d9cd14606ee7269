//! Every kind and version a Kubernetes 1.37 API server knows (from
//! k8s-openapi), which of them it serves by default, and the versions that
//! were removed, with the release that removed them and what replaces them.
//!
//! Alpha and beta versions exist in the API but are switched off by
//! default (`--runtime-config`): the API server answers "no matches for
//! kind" to them, and so does kubecours. The oracle tests compare this
//! table with the discovery of the real API server.

use k8s_openapi::api;
use k8s_openapi::{apiextensions_apiserver, kube_aggregator};
use schemars::JsonSchema;
use serde_json::Value as J;
use std::sync::OnceLock;

pub struct KindInfo {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    /// Served by a default API server (not an alpha or a new beta).
    pub served: bool,
    pub(super) schema: fn() -> J,
    pub(super) cell: OnceLock<super::KindSchema>,
}

fn gen_schema<T: JsonSchema>() -> J {
    let mut g = schemars::SchemaGenerator::default();
    serde_json::to_value(g.root_schema_for::<T>()).unwrap_or(J::Null)
}

macro_rules! kinds {
    ($( $api:literal, $kind:literal, $ns:literal, $served:literal, $ty:ty; )*) => {
        /// Every kind and version of the API, served or not.
        pub fn table() -> &'static [KindInfo] {
            static TABLE: OnceLock<Vec<KindInfo>> = OnceLock::new();
            TABLE.get_or_init(|| vec![
                $( KindInfo { api_version: $api, kind: $kind, namespaced: $ns, served: $served, schema: gen_schema::<$ty>, cell: OnceLock::new() }, )*
            ])
        }
    };
}

kinds! {
    "admissionregistration.k8s.io/v1", "MutatingAdmissionPolicy", false, true, api::admissionregistration::v1::MutatingAdmissionPolicy;
    "admissionregistration.k8s.io/v1", "MutatingAdmissionPolicyBinding", false, true, api::admissionregistration::v1::MutatingAdmissionPolicyBinding;
    "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", false, true, api::admissionregistration::v1::MutatingWebhookConfiguration;
    "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", false, true, api::admissionregistration::v1::ValidatingAdmissionPolicy;
    "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", false, true, api::admissionregistration::v1::ValidatingAdmissionPolicyBinding;
    "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", false, true, api::admissionregistration::v1::ValidatingWebhookConfiguration;
    "admissionregistration.k8s.io/v1alpha1", "MutatingAdmissionPolicy", false, false, api::admissionregistration::v1alpha1::MutatingAdmissionPolicy;
    "admissionregistration.k8s.io/v1alpha1", "MutatingAdmissionPolicyBinding", false, false, api::admissionregistration::v1alpha1::MutatingAdmissionPolicyBinding;
    "admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy", false, false, api::admissionregistration::v1beta1::MutatingAdmissionPolicy;
    "admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicyBinding", false, false, api::admissionregistration::v1beta1::MutatingAdmissionPolicyBinding;
    "apiextensions.k8s.io/v1", "CustomResourceDefinition", false, true, apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
    "apiregistration.k8s.io/v1", "APIService", false, true, kube_aggregator::pkg::apis::apiregistration::v1::APIService;
    "apps/v1", "ControllerRevision", true, true, api::apps::v1::ControllerRevision;
    "apps/v1", "DaemonSet", true, true, api::apps::v1::DaemonSet;
    "apps/v1", "Deployment", true, true, api::apps::v1::Deployment;
    "apps/v1", "ReplicaSet", true, true, api::apps::v1::ReplicaSet;
    "apps/v1", "StatefulSet", true, true, api::apps::v1::StatefulSet;
    "authentication.k8s.io/v1", "SelfSubjectReview", false, true, api::authentication::v1::SelfSubjectReview;
    "authentication.k8s.io/v1", "TokenReview", false, true, api::authentication::v1::TokenReview;
    "authorization.k8s.io/v1", "LocalSubjectAccessReview", true, true, api::authorization::v1::LocalSubjectAccessReview;
    "authorization.k8s.io/v1", "SelfSubjectAccessReview", false, true, api::authorization::v1::SelfSubjectAccessReview;
    "authorization.k8s.io/v1", "SelfSubjectRulesReview", false, true, api::authorization::v1::SelfSubjectRulesReview;
    "authorization.k8s.io/v1", "SubjectAccessReview", false, true, api::authorization::v1::SubjectAccessReview;
    "autoscaling/v1", "HorizontalPodAutoscaler", true, true, api::autoscaling::v1::HorizontalPodAutoscaler;
    "autoscaling/v2", "HorizontalPodAutoscaler", true, true, api::autoscaling::v2::HorizontalPodAutoscaler;
    "batch/v1", "CronJob", true, true, api::batch::v1::CronJob;
    "batch/v1", "Job", true, true, api::batch::v1::Job;
    "certificates.k8s.io/v1", "CertificateSigningRequest", false, true, api::certificates::v1::CertificateSigningRequest;
    "certificates.k8s.io/v1", "ClusterTrustBundle", false, true, api::certificates::v1::ClusterTrustBundle;
    "certificates.k8s.io/v1", "PodCertificateRequest", true, true, api::certificates::v1::PodCertificateRequest;
    "certificates.k8s.io/v1beta1", "ClusterTrustBundle", false, false, api::certificates::v1beta1::ClusterTrustBundle;
    "certificates.k8s.io/v1beta1", "PodCertificateRequest", true, false, api::certificates::v1beta1::PodCertificateRequest;
    "coordination.k8s.io/v1", "Lease", true, true, api::coordination::v1::Lease;
    "coordination.k8s.io/v1alpha2", "LeaseCandidate", true, false, api::coordination::v1alpha2::LeaseCandidate;
    "coordination.k8s.io/v1beta1", "LeaseCandidate", true, false, api::coordination::v1beta1::LeaseCandidate;
    "discovery.k8s.io/v1", "EndpointSlice", true, true, api::discovery::v1::EndpointSlice;
    "events.k8s.io/v1", "Event", true, true, api::events::v1::Event;
    "flowcontrol.apiserver.k8s.io/v1", "FlowSchema", false, true, api::flowcontrol::v1::FlowSchema;
    "flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration", false, true, api::flowcontrol::v1::PriorityLevelConfiguration;
    "internal.apiserver.k8s.io/v1alpha1", "StorageVersion", false, false, api::apiserverinternal::v1alpha1::StorageVersion;
    "lifecycle.k8s.io/v1alpha1", "Eviction", true, false, api::lifecycle::v1alpha1::Eviction;
    "lifecycle.k8s.io/v1alpha1", "EvictionRequest", true, false, api::lifecycle::v1alpha1::EvictionRequest;
    "networking.k8s.io/v1", "IPAddress", false, true, api::networking::v1::IPAddress;
    "networking.k8s.io/v1", "Ingress", true, true, api::networking::v1::Ingress;
    "networking.k8s.io/v1", "IngressClass", false, true, api::networking::v1::IngressClass;
    "networking.k8s.io/v1", "NetworkPolicy", true, true, api::networking::v1::NetworkPolicy;
    "networking.k8s.io/v1", "ServiceCIDR", false, true, api::networking::v1::ServiceCIDR;
    "node.k8s.io/v1", "RuntimeClass", false, true, api::node::v1::RuntimeClass;
    "policy/v1", "PodDisruptionBudget", true, true, api::policy::v1::PodDisruptionBudget;
    "rbac.authorization.k8s.io/v1", "ClusterRole", false, true, api::rbac::v1::ClusterRole;
    "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false, true, api::rbac::v1::ClusterRoleBinding;
    "rbac.authorization.k8s.io/v1", "Role", true, true, api::rbac::v1::Role;
    "rbac.authorization.k8s.io/v1", "RoleBinding", true, true, api::rbac::v1::RoleBinding;
    "resource.k8s.io/v1", "DeviceClass", false, true, api::resource::v1::DeviceClass;
    "resource.k8s.io/v1", "DeviceTaintRule", false, true, api::resource::v1::DeviceTaintRule;
    "resource.k8s.io/v1", "ResourceClaim", true, true, api::resource::v1::ResourceClaim;
    "resource.k8s.io/v1", "ResourceClaimTemplate", true, true, api::resource::v1::ResourceClaimTemplate;
    "resource.k8s.io/v1", "ResourceSlice", false, true, api::resource::v1::ResourceSlice;
    "resource.k8s.io/v1alpha3", "DeviceTaintRule", false, false, api::resource::v1alpha3::DeviceTaintRule;
    "resource.k8s.io/v1alpha3", "ResourcePoolStatusRequest", false, false, api::resource::v1alpha3::ResourcePoolStatusRequest;
    "resource.k8s.io/v1beta1", "DeviceClass", false, false, api::resource::v1beta1::DeviceClass;
    "resource.k8s.io/v1beta1", "ResourceClaim", true, false, api::resource::v1beta1::ResourceClaim;
    "resource.k8s.io/v1beta1", "ResourceClaimTemplate", true, false, api::resource::v1beta1::ResourceClaimTemplate;
    "resource.k8s.io/v1beta1", "ResourceSlice", false, false, api::resource::v1beta1::ResourceSlice;
    "resource.k8s.io/v1beta2", "DeviceClass", false, false, api::resource::v1beta2::DeviceClass;
    "resource.k8s.io/v1beta2", "DeviceTaintRule", false, false, api::resource::v1beta2::DeviceTaintRule;
    "resource.k8s.io/v1beta2", "ResourceClaim", true, false, api::resource::v1beta2::ResourceClaim;
    "resource.k8s.io/v1beta2", "ResourceClaimTemplate", true, false, api::resource::v1beta2::ResourceClaimTemplate;
    "resource.k8s.io/v1beta2", "ResourceSlice", false, false, api::resource::v1beta2::ResourceSlice;
    "scheduling.k8s.io/v1", "PriorityClass", false, true, api::scheduling::v1::PriorityClass;
    "scheduling.k8s.io/v1alpha3", "CompositePodGroup", true, false, api::scheduling::v1alpha3::CompositePodGroup;
    "scheduling.k8s.io/v1alpha3", "PodGroup", true, false, api::scheduling::v1alpha3::PodGroup;
    "scheduling.k8s.io/v1alpha3", "Workload", true, false, api::scheduling::v1alpha3::Workload;
    "scheduling.k8s.io/v1beta1", "PodGroup", true, false, api::scheduling::v1beta1::PodGroup;
    "scheduling.k8s.io/v1beta1", "Workload", true, false, api::scheduling::v1beta1::Workload;
    "storage.k8s.io/v1", "CSIDriver", false, true, api::storage::v1::CSIDriver;
    "storage.k8s.io/v1", "CSINode", false, true, api::storage::v1::CSINode;
    "storage.k8s.io/v1", "CSIStorageCapacity", true, true, api::storage::v1::CSIStorageCapacity;
    "storage.k8s.io/v1", "StorageClass", false, true, api::storage::v1::StorageClass;
    "storage.k8s.io/v1", "VolumeAttachment", false, true, api::storage::v1::VolumeAttachment;
    "storage.k8s.io/v1", "VolumeAttributesClass", false, true, api::storage::v1::VolumeAttributesClass;
    "storagemigration.k8s.io/v1", "StorageVersionMigration", false, true, api::storagemigration::v1::StorageVersionMigration;
    "storagemigration.k8s.io/v1beta1", "StorageVersionMigration", false, false, api::storagemigration::v1beta1::StorageVersionMigration;
    "v1", "Binding", true, true, api::core::v1::Binding;
    "v1", "ConfigMap", true, true, api::core::v1::ConfigMap;
    "v1", "Endpoints", true, true, api::core::v1::Endpoints;
    "v1", "Event", true, true, api::core::v1::Event;
    "v1", "LimitRange", true, true, api::core::v1::LimitRange;
    "v1", "Namespace", false, true, api::core::v1::Namespace;
    "v1", "Node", false, true, api::core::v1::Node;
    "v1", "PersistentVolume", false, true, api::core::v1::PersistentVolume;
    "v1", "PersistentVolumeClaim", true, true, api::core::v1::PersistentVolumeClaim;
    "v1", "Pod", true, true, api::core::v1::Pod;
    "v1", "PodTemplate", true, true, api::core::v1::PodTemplate;
    "v1", "ReplicationController", true, true, api::core::v1::ReplicationController;
    "v1", "ResourceQuota", true, true, api::core::v1::ResourceQuota;
    "v1", "Secret", true, true, api::core::v1::Secret;
    "v1", "Service", true, true, api::core::v1::Service;
    "v1", "ServiceAccount", true, true, api::core::v1::ServiceAccount;
}

/// An apiVersion that was removed for a kind.
pub struct Removed {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// The Kubernetes release that stopped serving it.
    pub release: &'static str,
    /// The apiVersion to write instead; empty when the kind itself is gone.
    pub instead: &'static str,
}

macro_rules! removed {
    ($( $api:literal, [$($kind:literal),*], $rel:literal, $instead:literal; )*) => {
        pub const REMOVED: &[Removed] = &[
            $( $( Removed { api_version: $api, kind: $kind, release: $rel, instead: $instead }, )* )*
        ];
    };
}

// From the Kubernetes deprecated API migration guide.
removed! {
    "extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], "1.16", "apps/v1";
    "apps/v1beta1", ["Deployment", "StatefulSet", "ControllerRevision"], "1.16", "apps/v1";
    "apps/v1beta2", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"], "1.16", "apps/v1";
    "extensions/v1beta1", ["NetworkPolicy"], "1.16", "networking.k8s.io/v1";
    "extensions/v1beta1", ["PodSecurityPolicy"], "1.16", "";
    "extensions/v1beta1", ["Ingress"], "1.22", "networking.k8s.io/v1";
    "networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], "1.22", "networking.k8s.io/v1";
    "admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], "1.22", "admissionregistration.k8s.io/v1";
    "apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], "1.22", "apiextensions.k8s.io/v1";
    "apiregistration.k8s.io/v1beta1", ["APIService"], "1.22", "apiregistration.k8s.io/v1";
    "authentication.k8s.io/v1beta1", ["TokenReview"], "1.22", "authentication.k8s.io/v1";
    "authorization.k8s.io/v1beta1", ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"], "1.22", "authorization.k8s.io/v1";
    "certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], "1.22", "certificates.k8s.io/v1";
    "coordination.k8s.io/v1beta1", ["Lease"], "1.22", "coordination.k8s.io/v1";
    "rbac.authorization.k8s.io/v1beta1", ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"], "1.22", "rbac.authorization.k8s.io/v1";
    "rbac.authorization.k8s.io/v1alpha1", ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"], "1.22", "rbac.authorization.k8s.io/v1";
    "scheduling.k8s.io/v1beta1", ["PriorityClass"], "1.22", "scheduling.k8s.io/v1";
    "scheduling.k8s.io/v1alpha1", ["PriorityClass"], "1.17", "scheduling.k8s.io/v1";
    "storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], "1.22", "storage.k8s.io/v1";
    "batch/v1beta1", ["CronJob"], "1.25", "batch/v1";
    "batch/v2alpha1", ["CronJob"], "1.21", "batch/v1";
    "discovery.k8s.io/v1beta1", ["EndpointSlice"], "1.25", "discovery.k8s.io/v1";
    "events.k8s.io/v1beta1", ["Event"], "1.25", "events.k8s.io/v1";
    "autoscaling/v2beta1", ["HorizontalPodAutoscaler"], "1.25", "autoscaling/v2";
    "policy/v1beta1", ["PodDisruptionBudget"], "1.25", "policy/v1";
    "policy/v1beta1", ["PodSecurityPolicy"], "1.25", "";
    "node.k8s.io/v1beta1", ["RuntimeClass"], "1.25", "node.k8s.io/v1";
    "autoscaling/v2beta2", ["HorizontalPodAutoscaler"], "1.26", "autoscaling/v2";
    "flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"], "1.26", "flowcontrol.apiserver.k8s.io/v1";
    "storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "1.27", "storage.k8s.io/v1";
    "flowcontrol.apiserver.k8s.io/v1beta2", ["FlowSchema", "PriorityLevelConfiguration"], "1.29", "flowcontrol.apiserver.k8s.io/v1";
    "flowcontrol.apiserver.k8s.io/v1beta3", ["FlowSchema", "PriorityLevelConfiguration"], "1.32", "flowcontrol.apiserver.k8s.io/v1";
}

/// API groups served by Kubernetes itself: an unknown kind there is an
/// error; in any other group it is a custom resource.
pub const BUILTIN_GROUPS: &[&str] = &[
    "",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "extensions",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
];

/// Cluster-scoped kinds of API groups that are not in the table (removed
/// versions), for the namespace of a finding.
pub const CLUSTER_SCOPED_EXTRA: &[&str] = &["PodSecurityPolicy"];
