//! The French documentation of the fields the course uses, shown when the
//! cursor hovers a key (`fields.toml`, written for the course: what the
//! field does, its type, its default), and the documentation of a finding.

use crate::catalogue;
use crate::diag::Code;
use crate::i18n::Lang;
use crate::schema::{self, Expected};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One field's entry in `fields.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    /// What the field does.
    pub doc: String,
    /// Its default ("obligatoire" when it must be written).
    pub defaut: String,
    /// The type in words, when the schema's is too vague (a free-form map,
    /// a number or a port name).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// A chapter of the course (`service.md#les-ports`).
    pub cours: Option<String>,
}

/// `fields.toml`: definition (the last segment of its OpenAPI name, `"*"`
/// for the fields every object has), then field.
type Table = HashMap<String, HashMap<String, FieldDoc>>;

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    // The file is part of the binary and checked by a unit test.
    T.get_or_init(|| toml::from_str(include_str!("fields.toml")).unwrap_or_default())
}

/// `io.k8s.api.core.v1.ServicePort` → `ServicePort`.
pub fn short_def(def: &str) -> &str {
    def.rsplit('.').next().unwrap_or(def)
}

/// The entry of a field held by the definition `holder`.
pub fn lookup(holder: &str, field: &str) -> Option<&'static FieldDoc> {
    let t = table();
    t.get(short_def(holder))
        .and_then(|m| m.get(field))
        .or_else(|| t.get("*").and_then(|m| m.get(field)))
}

/// A schema type in words.
pub fn type_words(e: Option<Expected>, lang: Lang) -> &'static str {
    match e {
        None => lang.pick("valeur libre", "any value"),
        Some(Expected::Object) => lang.pick("objet", "object"),
        Some(Expected::Array) => lang.pick("liste", "list"),
        Some(Expected::String) => lang.pick("chaîne de caractères", "string"),
        Some(Expected::Integer) => lang.pick("nombre entier", "integer"),
        Some(Expected::Number) => lang.pick("nombre", "number"),
        Some(Expected::Boolean) => lang.pick("booléen (`true` ou `false`)", "boolean"),
        Some(Expected::IntOrString) => lang.pick(
            "nombre entier ou chaîne (nom de port)",
            "integer or string (a port name)",
        ),
        Some(Expected::Quantity) => lang.pick(
            "quantité (`250m`, `128Mi`, `1Gi`)",
            "quantity (`250m`, `128Mi`, `1Gi`)",
        ),
    }
}

/// The hover text of a field (Markdown), from its path in an object of
/// `kind`; None when the schema does not know it.
pub fn field_markdown(
    api_version: &str,
    kind: &str,
    path: &[String],
    shown: &str,
    lang: Lang,
) -> Option<String> {
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    let field = *segs.last()?;
    let info = schema::field_at(api_version, kind, &segs)?;
    let doc = lookup(info.holder, field);
    let mut out = format!("**`{field}`** — {kind} · `{shown}`\n\n");
    match doc {
        Some(d) => {
            out.push_str(d.doc.trim());
            out.push_str("\n\n");
            let ty =
                d.ty.as_deref()
                    .unwrap_or_else(|| type_words(info.expected, lang));
            out.push_str(&format!("- {} {ty}\n", lang.pick("Type :", "Type:")));
            out.push_str(&format!(
                "- {} {}\n",
                lang.pick("Par défaut :", "Default:"),
                d.defaut.trim()
            ));
            if let Some(c) = &d.cours {
                out.push_str(&format!(
                    "- [{}]({})\n",
                    lang.pick("Le cours", "The course"),
                    crate::diag::course_url(c)
                ));
            }
            if lang == Lang::En {
                out.push_str("\n*(field documentation in French only)*\n");
            }
        }
        None => {
            out.push_str(&format!(
                "- {} {}\n",
                lang.pick("Type :", "Type:"),
                type_words(info.expected, lang)
            ));
            if !info.holder.is_empty() {
                out.push_str(&format!(
                    "- {} `{}`\n",
                    lang.pick("Défini dans", "Defined in"),
                    short_def(info.holder)
                ));
            }
        }
    }
    Some(out)
}

/// The hover text of a finding: its rule's documentation (`kubecours explain`).
pub fn finding_markdown(code: &Code, lang: Lang) -> String {
    let md = catalogue::markdown(code, lang, "####");
    // The book's fences (`yaml,erreur=…`) as plain YAML for the editor.
    let md: String = md
        .lines()
        .map(|l| {
            if l.starts_with("```yaml") {
                "```yaml"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "{md}\n\n[{}]({})",
        lang.pick("Le cours", "The course"),
        code.url()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, lint_sources};
    use crate::source::SourceFile;
    use crate::yaml::{Node, Value};
    use std::collections::BTreeSet;

    #[test]
    fn the_table_reads() {
        let t: Table = toml::from_str(include_str!("fields.toml")).expect("fields.toml");
        assert!(!t.is_empty());
        for (def, fields) in &t {
            for (name, d) in fields {
                assert!(!d.doc.trim().is_empty(), "{def}.{name}: doc");
                assert!(!d.defaut.trim().is_empty(), "{def}.{name}: defaut");
                if let Some(c) = &d.cours {
                    let page = c.split('#').next().unwrap_or(c);
                    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("book/src")
                        .join(page);
                    let md = std::fs::read_to_string(&path)
                        .unwrap_or_else(|_| panic!("{def}.{name}: no chapter {c}"));
                    if let Some((_, anchor)) = c.split_once('#') {
                        let ids = crate::exercise::devcheck::heading_ids(&md);
                        assert!(
                            ids.contains(anchor),
                            "{def}.{name}: no heading #{anchor} in {page}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn target_port_is_documented() {
        let md = field_markdown(
            "v1",
            "Service",
            &["spec".into(), "ports".into(), "targetPort".into()],
            "spec.ports[0].targetPort",
            Lang::Fr,
        )
        .unwrap();
        assert!(md.contains("Par défaut"), "{md}");
        assert!(md.contains("`port`"), "{md}");
    }

    /// Every (definition, field) written in the course's manifests: the
    /// exercises' starters and solutions, the example application and the
    /// book's examples.
    fn course_fields() -> BTreeSet<(String, String)> {
        fn walk(
            obj: &crate::manifest::Object,
            n: &Node,
            path: &mut Vec<String>,
            out: &mut BTreeSet<(String, String)>,
        ) {
            match &n.value {
                Value::Map(entries) => {
                    for e in entries {
                        path.push(e.key.to_string());
                        let segs: Vec<&str> = path.iter().map(String::as_str).collect();
                        if let Some(info) = schema::field_at(&obj.api_version, &obj.kind, &segs) {
                            // Free-form maps (labels, data) have anonymous holders.
                            if !info.holder.is_empty() {
                                out.insert((short_def(info.holder).to_string(), e.key.to_string()));
                            }
                            walk(obj, &e.value, path, out);
                        }
                        path.pop();
                    }
                }
                Value::Seq(items) => {
                    for it in items {
                        walk(obj, it, path, out);
                    }
                }
                _ => {}
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("manifests/app")];
        for e in std::fs::read_dir(root.join("exercises")).unwrap().flatten() {
            for sub in ["starter", "solution"] {
                dirs.push(e.path().join(sub));
            }
        }
        for d in dirs {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for f in rd.flatten() {
                let p = f.path();
                if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                    let text = std::fs::read_to_string(&p).unwrap();
                    files.push(SourceFile::from_text(p.display().to_string(), text));
                }
            }
        }
        // The YAML examples of the book's chapters.
        for e in std::fs::read_dir(root.join("book/src")).unwrap().flatten() {
            let p = e.path();
            if p.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let mut block: Option<String> = None;
            for line in text.lines() {
                match &mut block {
                    None if line.trim_start().starts_with("```yaml") => {
                        block = Some(String::new());
                    }
                    Some(b) if line.trim_start().starts_with("```") => {
                        files.push(SourceFile::from_text(p.display().to_string(), b.clone()));
                        block = None;
                    }
                    Some(b) => {
                        b.push_str(line);
                        b.push('\n');
                    }
                    None => {}
                }
            }
        }
        let run = lint_sources(files, &Options::default());
        let mut out = BTreeSet::new();
        for o in &run.objects {
            walk(o, &o.root, &mut Vec::new(), &mut out);
        }
        out
    }

    #[test]
    fn every_field_the_course_uses_is_documented() {
        let missing: Vec<String> = course_fields()
            .into_iter()
            .filter(|(def, field)| lookup(def, field).is_none())
            .map(|(def, field)| format!("[{def}.{field}]"))
            .collect();
        assert!(
            missing.is_empty(),
            "fields.toml lacks {} entries:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }
}
