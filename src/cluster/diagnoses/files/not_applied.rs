//! `not-applied`: an object of the student's files that is not on the cluster.

use crate::cluster::diagnoses::cx::{
    apply, at_first, code, create_it, finding, obj_ref, text, the,
};
use crate::cluster::snapshot::Snapshot;
use crate::diag::{Area, Code, Finding, Severity};
use crate::engine::Run;
use crate::manifest::Object;
use crate::msg;

pub static CODE: Code = code(
    "not-applied",
    Area::Files,
    Severity::Warning,
    "utiliser-un-cluster.md",
    text(
        "Un objet de vos fichiers absent du cluster",
        "An object of your files that is not on the cluster",
    ),
    text(
        "Un objet écrit dans vos fichiers n'existe pas dans le namespace du cluster : le fichier n'a pas été appliqué, ou l'a été dans un autre namespace.",
        "An object written in your files does not exist in the cluster's namespace: the file was not applied, or was applied in another namespace.",
    ),
    text(
        "Ce qui n'est pas appliqué n'existe pas : le cluster ne connaît que ce que `kubectl apply` lui a envoyé.",
        "What is not applied does not exist: the cluster only knows what `kubectl apply` sent it.",
    ),
    text(
        "`kubectl apply -f FICHIER -n NAMESPACE`, avec le fichier et le namespace que donne le diagnostic.",
        "`kubectl apply -f FILE -n NAMESPACE`, with the file and namespace the diagnosis gives.",
    ),
);

pub fn detect(run: &Run, snap: &Snapshot, fo: &Object, ns: &str) -> Finding {
    let file = run.files.get(fo.file).map_or("?", |f| f.name.as_str());
    let (the_kind, name) = (the(&fo.kind), &fo.name);
    let apply = apply(run, Some(fo), ns, snap);
    let create = create_it(&fo.kind);
    finding(
        &CODE,
        obj_ref(&fo.kind, name, ns),
        msg!(
            "{the_kind} `{name}` de `{file}` n'existe pas sur le cluster (namespace `{ns}`)",
            "{the_kind} `{name}` of `{file}` does not exist on the cluster (namespace `{ns}`)",
            the_kind,
            name,
            file,
            ns
        ),
        msg!(
            "{create} dans le namespace `{ns}` : {apply}",
            "{create} in namespace `{ns}`: {apply}",
            create,
            ns,
            apply
        ),
        at_first(fo, &["metadata.name"]),
    )
}
