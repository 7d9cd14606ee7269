//! `data-size`: an object too big for the API server: annotations over
//! 256 KiB once `kubectl apply` has added its copy of the object
//! (`kubectl.kubernetes.io/last-applied-configuration`), ConfigMap or Secret
//! data over 1 MiB.

use crate::rules::pitfall_util::decode_base64;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code {
        id: "data-size",
        family: Family::Value,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "configmap.md",
        summary: Text {
            fr: "Un objet trop gros : annotations de plus de 256 Kio avec la copie que `kubectl apply` ajoute, ou données de ConfigMap ou de Secret de plus de 1 Mio",
            en: "An object too big: annotations over 256 KiB with the copy `kubectl apply` adds, or ConfigMap or Secret data over 1 MiB",
        },
        what: Text {
            fr: "Les annotations d'un objet (clés et valeurs) ne dépassent pas 262144 octets (256 Kio) au total. Or `kubectl apply` ajoute l'annotation `kubectl.kubernetes.io/last-applied-configuration`, qui contient tout l'objet écrit en JSON : un objet de plus de 256 Kio environ (une grosse ConfigMap, un Secret avec un certificat et beaucoup de données) est donc refusé par `kubectl apply`. Les données d'une ConfigMap (`data` et `binaryData`) ou d'un Secret (`data` et `stringData`, après décodage du base64) ne dépassent pas 1048576 octets (1 Mio).",
            en: "An object's annotations (keys and values) do not exceed 262144 bytes (256 KiB) in total. Now `kubectl apply` adds the `kubectl.kubernetes.io/last-applied-configuration` annotation, which holds the whole object written as JSON: an object of more than about 256 KiB (a big ConfigMap, a Secret with a certificate and much data) is therefore rejected by `kubectl apply`. The data of a ConfigMap (`data` and `binaryData`) or of a Secret (`data` and `stringData`, base64 decoded) does not exceed 1048576 bytes (1 MiB).",
        },
        why: Text {
            fr: "Tout objet est stocké dans la base etcd du cluster, qui n'est pas faite pour de gros fichiers : le serveur d'API refuse l'objet entier (« Too long: may not be more than 262144 bytes »). Un gros fichier de données a sa place dans un volume ou une image, pas dans une ConfigMap.",
            en: "Every object is stored in the cluster's etcd database, which is not made for big files: the API server rejects the whole object (\"Too long: may not be more than 262144 bytes\"). A big data file belongs in a volume or an image, not in a ConfigMap.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/data-size/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/data-size/good.yaml"),
    },
    check: Check::Object(check),
};

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const MAX_ANNOTATIONS: usize = 262_144;
pub const MAX_DATA: usize = 1_048_576;

/// Length of a string as Go's `encoding/json` writes it (HTML escaping on).
fn json_str_len(s: &str) -> usize {
    // Most strings need no escaping: then the length is the bytes' plus quotes.
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&'))
    {
        return 2 + s.len();
    }
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

/// Length of a node as compact JSON (map keys in any order: the length is the same).
fn json_len(n: &Node, skip_last_applied: bool) -> usize {
    match &n.value {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        // Digits and sign, without writing the number out.
        Value::Int(i) => {
            i.unsigned_abs()
                .checked_ilog10()
                .map_or(1, |d| d as usize + 1)
                + usize::from(*i < 0)
        }
        Value::Float(f) => f.to_string().len(),
        Value::Str(s) => json_str_len(s),
        Value::Seq(items) => {
            2 + items.iter().map(|x| json_len(x, false)).sum::<usize>()
                + items.len().saturating_sub(1)
        }
        Value::Map(entries) => {
            let kept = entries
                .iter()
                .filter(|e| !(skip_last_applied && &*e.key == LAST_APPLIED));
            let (mut len, mut count) = (2, 0usize);
            for e in kept {
                len += json_str_len(&e.key) + 1 + json_len(&e.value, false);
                count += 1;
            }
            len + count.saturating_sub(1)
        }
    }
}

/// The JSON `kubectl apply` stores in `last-applied-configuration`: the
/// object without that annotation (an empty `annotations` map when it has
/// none), with the namespace it is applied to, one line. Checked against a
/// v1.37 API server to the byte.
fn last_applied_len(obj: &Object, default_namespace: &str) -> usize {
    let root = &obj.root;
    let mut len = json_len(root, false);
    if crate::schema::is_namespaced(&obj.api_version, &obj.kind)
        && root.at("metadata.namespace").is_none()
    {
        // `,"namespace":"…"`
        len += 15 + default_namespace.len();
    }
    let meta = root.get("metadata");
    let annotations = meta.and_then(|m| m.get("annotations"));
    match annotations {
        Some(a) if matches!(a.value, Value::Map(_)) => {
            len = len - json_len(a, false) + json_len(a, true);
        }
        Some(_) => {}
        // `"annotations":{}` is added to metadata.
        // `"annotations":{}`, and a comma when metadata has other fields.
        None if meta.is_some_and(|m| !m.entries().is_empty()) => len += 17,
        None => len += 16,
    }
    len + 1
}

fn kib(n: usize) -> String {
    format!("{:.1}", n as f64 / 1024.0)
}

fn check(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    let p = &obj.prefix;
    // META-13
    let annotations = obj.root.at("metadata.annotations");
    let own: usize = annotations
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter(|e| &*e.key != LAST_APPLIED)
        .map(|e| e.key.len() + e.value.as_str().map_or(0, str::len))
        .sum();
    let with_copy = own + LAST_APPLIED.len() + last_applied_len(obj, cx.default_namespace);
    let span = obj
        .metadata()
        .and_then(|m| m.entry("annotations"))
        .map_or_else(
            || {
                obj.root
                    .entry("metadata")
                    .map_or(obj.kind_span(), |e| e.key_span)
            },
            |e| e.key_span,
        );
    if own > MAX_ANNOTATIONS {
        let size = kib(own);
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                msg!(
                    "les annotations de cet objet font {size} Kio : 256 Kio au plus",
                    "this object's annotations weigh {size} KiB: 256 KiB at most",
                    size
                ),
                msg!(
                    "gardez dans les annotations de courtes informations ; les données vont dans une ConfigMap ou un volume",
                    "keep short information in annotations; data goes in a ConfigMap or a volume"
                ),
            )
            .with_path(format!("{p}metadata.annotations")),
        );
    } else if with_copy > MAX_ANNOTATIONS {
        let size = kib(with_copy);
        out.push(
            cx.finding(
                &RULE,
                obj,
                span,
                msg!(
                    "`kubectl apply` ajoute à cet objet l'annotation `{LAST_APPLIED}`, une copie de tout l'objet en JSON : ses annotations pèseraient alors {size} Kio, au-delà des 256 Kio permis",
                    "`kubectl apply` adds to this object the `{LAST_APPLIED}` annotation, a copy of the whole object as JSON: its annotations would then weigh {size} KiB, beyond the 256 KiB allowed",
                    LAST_APPLIED,
                    size
                ),
                msg!(
                    "créez-le avec `kubectl create -f` ou `kubectl apply --server-side -f`, qui n'ajoutent pas cette copie, ou répartissez les données entre plusieurs objets",
                    "create it with `kubectl create -f` or `kubectl apply --server-side -f`, which add no such copy, or split the data between several objects"
                ),
            )
            .with_path(format!("{p}metadata.annotations")),
        );
    }
    // CM-03, SEC-02
    let (maps, kind): (&[(&str, bool)], &str) = match (obj.api_version.as_str(), obj.kind.as_str())
    {
        ("v1", "ConfigMap") => (&[("data", false), ("binaryData", true)], "ConfigMap"),
        ("v1", "Secret") => (&[("data", true), ("stringData", false)], "Secret"),
        _ => return,
    };
    let mut sizes: Vec<(String, usize)> = Vec::new();
    for (map, base64) in maps {
        for e in obj.root.get(map).map(Node::entries).unwrap_or(&[]) {
            let text = e
                .value
                .as_str()
                .map_or_else(|| e.value.scalar_text(), str::to_string);
            let n = if *base64 {
                decode_base64(&text).map_or(text.len() * 3 / 4, |b| b.len())
            } else {
                text.len()
            };
            // A Secret's stringData replaces the data entry of the same key.
            match sizes
                .iter_mut()
                .find(|(k, _)| kind == "Secret" && **k == *e.key)
            {
                Some(slot) => slot.1 = n,
                None => sizes.push((e.key.to_string(), n)),
            }
        }
    }
    let total: usize = sizes.iter().map(|(_, n)| n).sum();
    if total > MAX_DATA {
        let size = format!("{:.2}", total as f64 / 1_048_576.0);
        let at = maps
            .iter()
            .find_map(|(m, _)| obj.root.entry(m))
            .map_or(obj.kind_span(), |e| e.key_span);
        out.push(
            cx.finding(
                &RULE,
                obj,
                at,
                msg!(
                    "les données de ce {kind} font {size} Mio : 1 Mio au plus",
                    "this {kind}'s data weighs {size} MiB: 1 MiB at most",
                    kind,
                    size
                ),
                msg!(
                    "répartissez les données entre plusieurs objets, ou placez les gros fichiers dans l'image ou un volume",
                    "split the data between several objects, or put big files in the image or a volume"
                ),
            )
            .with_path(format!("{p}{}", maps[0].0)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::findings_of;

    #[test]
    fn json_lengths_follow_go() {
        let stream = crate::yaml::parse_stream(
            "a: \"<x>\\n\"\nb: [1, true, null]\nc: {}\n",
            crate::yaml::Limits::default(),
        );
        let n = &stream.documents[0].root;
        // {"a":"\u003cx\u003e\n","b":[1,true,null],"c":{}}
        assert_eq!(
            json_len(n, false),
            r#"{"a":"\u003cx\u003e\n","b":[1,true,null],"c":{}}"#.len()
        );
    }

    fn configmap(value_len: usize) -> String {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  file.txt: {}\n",
            "x".repeat(value_len)
        )
    }

    #[test]
    fn the_last_applied_copy_counts() {
        // Under 256 KiB of data: fine for the ConfigMap, too much with kubectl apply's copy.
        let f = findings_of("data-size", &configmap(262_100));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "metadata.annotations");
        assert!(findings_of("data-size", &configmap(200 * 1024)).is_empty());
        // The exact boundary: the annotation is 48 bytes of key plus the JSON and a newline.
        let small = configmap(10);
        let obj_json = r#"{"apiVersion":"v1","data":{"file.txt":"xxxxxxxxxx"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"big","namespace":"default"}}"#;
        let stream = crate::yaml::parse_stream(&small, crate::yaml::Limits::default());
        let obj = crate::manifest::Object::from_node(0, stream.documents[0].root.clone()).unwrap();
        assert_eq!(last_applied_len(&obj, "default"), obj_json.len() + 1);
    }

    #[test]
    fn data_over_one_mebibyte() {
        let f = findings_of("data-size", &configmap(1_048_577));
        assert!(f.iter().any(|f| f.path == "data"), "{f:?}");
    }

    #[test]
    fn secret_data_is_counted_decoded() {
        // 800 KiB of base64 is 600 KiB of data: under 1 MiB (but over the annotation limit).
        let secret = |n: usize| {
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  big: {}\n",
                "QUFB".repeat(n)
            )
        };
        let f = findings_of("data-size", &secret(200 * 1024));
        assert!(f.iter().all(|f| f.path != "data"), "{f:?}");
        let f = findings_of("data-size", &secret(350 * 1024));
        assert!(f.iter().any(|f| f.path == "data"), "{f:?}");
    }
}
