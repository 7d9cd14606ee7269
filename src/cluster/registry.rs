//! The registry of cluster diagnoses: the one list of them (`kubecours
//! explain ID`, `kubecours rules`, the book's catalogue). Each diagnosis's
//! documentation is in its own file under `diagnoses/`.

use super::diagnoses::{containers, files, ingress, scheduling, services, storage, workloads};
use crate::diag::Code;

/// Every diagnosis, in the order of the catalogue.
pub static ALL: &[&Code] = &[
    &containers::image_pull::CODE,
    &containers::image_never_pull::CODE,
    &containers::invalid_image_name::CODE,
    &containers::config_error::CODE,
    &containers::crash_loop::CODE,
    &containers::oom_killed::CODE,
    &containers::readiness_failing::CODE,
    &scheduling::pending_unschedulable::CODE,
    &workloads::quota_exceeded::CODE,
    &workloads::replica_failure::CODE,
    &workloads::rollout_stuck::CODE,
    &services::loadbalancer_pending::CODE,
    &services::service_no_endpoints::CODE,
    &services::endpoints_not_ready::CODE,
    &ingress::ingress_backend_missing::CODE,
    &ingress::ingress_backend_port::CODE,
    &storage::pvc_pending::CODE,
    &files::not_applied::CODE,
    &files::drift::CODE,
];

pub fn by_id(id: &str) -> Option<&'static Code> {
    ALL.iter().copied().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagnosis_is_documented_once() {
        let mut ids: Vec<&str> = ALL.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for c in ALL {
            assert!(c.family.is_diagnosis(), "{}", c.id);
            for t in [c.summary, c.what, c.why, c.fix] {
                assert!(!t.fr.is_empty() && !t.en.is_empty(), "{}", c.id);
            }
            // One file per diagnosis, named after it, in its area's folder.
            let area = match c.family {
                crate::diag::Family::Cluster(a) => format!("{a:?}").to_lowercase(),
                _ => unreachable!(),
            };
            let file = format!(
                "{}/src/cluster/diagnoses/{area}/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                c.id.replace('-', "_")
            );
            assert!(std::path::Path::new(&file).is_file(), "{file}");
        }
    }
}
