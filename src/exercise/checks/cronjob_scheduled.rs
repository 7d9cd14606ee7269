//! `cronjob-scheduled`: the CronJob `name` exists, is not suspended and has
//! already started at least one run (`status.lastScheduleTime`).

use super::{Check, Cx, Kind, Problem, Raw};
use crate::diag::Msg;
use crate::msg;
use crate::yaml::Node;

pub const KIND: Kind = Kind {
    name: "cronjob-scheduled",
    keys: &[("name", true)],
    build,
};

#[derive(Debug, Clone)]
pub struct CronJobScheduled {
    pub name: String,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::CronJobScheduled(CronJobScheduled {
        name: raw.string(&raw.name),
    }))
}

impl CronJobScheduled {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let name = &self.name;
        let cj = cx.find("CronJob", name)?;
        if cj.root.at("spec.suspend").and_then(Node::as_bool) == Some(true) {
            let apply = cx.apply("CronJob", name);
            return Err(msg!(
                "le CronJob `{name}` est suspendu (`spec.suspend: true`) : il ne lance aucune exécution ; enlevez `suspend: true` de votre fichier, puis {apply}",
                "CronJob `{name}` is suspended (`spec.suspend: true`): it starts no run; remove `suspend: true` from your file, then {apply}",
                name,
                apply
            ));
        }
        if cj
            .root
            .at("status.lastScheduleTime")
            .is_some_and(|t| !t.is_null())
        {
            return Ok(());
        }
        let schedule = cj
            .root
            .at("spec.schedule")
            .map(Node::scalar_text)
            .unwrap_or_default();
        Err(msg!(
            "le CronJob `{name}` n'a encore lancé aucune exécution (horaire `{schedule}`) : attendez la prochaine échéance (`kubectl get cronjob {name}` montre `LAST SCHEDULE`), ou vérifiez `schedule` (cinq champs : minute, heure, jour, mois, jour de la semaine)",
            "CronJob `{name}` has not started any run yet (schedule `{schedule}`): wait for the next due time (`kubectl get cronjob {name}` shows `LAST SCHEDULE`), or check `schedule` (five fields: minute, hour, day, month, weekday)",
            name,
            schedule
        ))
    }
}
