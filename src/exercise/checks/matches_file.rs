//! `matches-file`: the object `kind`/`name` exists on the cluster and every
//! value written for it in the files is, equal, in the live object.

use super::{Check, Cx, Kind, Problem, Raw};
use crate::cluster::diagnoses::cx::the;
use crate::cluster::diagnoses::files::drift::{describe, differences};
use crate::diag::Msg;
use crate::msg;

pub const KIND: Kind = Kind {
    name: "matches-file",
    keys: &[("kind", true), ("name", true)],
    build,
};

#[derive(Debug, Clone)]
pub struct MatchesFile {
    pub kind: String,
    pub name: String,
}

fn build(raw: &Raw) -> Result<Check, Problem> {
    Ok(Check::MatchesFile(MatchesFile {
        kind: raw.string(&raw.kind),
        name: raw.string(&raw.name),
    }))
}

impl MatchesFile {
    pub fn evaluate(&self, cx: &Cx) -> Result<(), Msg> {
        let (kind, name) = (&self.kind, &self.name);
        // The file's object in this namespace, else one of that name anywhere.
        let file_obj = cx.file_obj(kind, name).or_else(|| {
            cx.run
                .objects
                .iter()
                .find(|o| &o.kind == kind && &o.name == name)
        });
        let Some(fo) = file_obj else {
            let the_kind = the(kind);
            return Err(msg!(
                "{the_kind} `{name}` n'est dans aucun de vos fichiers",
                "{the_kind} `{name}` is in none of your files",
                the_kind,
                name
            ));
        };
        let live = cx.find(kind, name)?;
        let diffs = differences(fo, live);
        if diffs.is_empty() {
            return Ok(());
        }
        let apply = cx.apply(kind, name);
        let (what, fix) = describe(&diffs, fo, cx.run, apply);
        Err(msg!("{what} : {fix}", "{what}: {fix}", what, fix))
    }
}
