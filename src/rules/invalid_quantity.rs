//! `invalid-quantity`: An unreadable resource quantity (`512MB`, `0.5 cpu`).

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "invalid-quantity",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#invalid-quantity",
        summary: Text {
            fr: "Une quantité de ressource illisible (`512MB`, `0.5 cpu`)",
            en: "An unreadable resource quantity (`512MB`, `0.5 cpu`)",
        },
        what: Text {
            fr: "Les quantités (CPU, mémoire, stockage) s'écrivent un nombre suivi d'un suffixe : `m` pour les millièmes (`500m` de CPU), `Ki`, `Mi`, `Gi` (puissances de 1024), `k`, `M`, `G` (puissances de 1000). La règle propose la bonne écriture (`512MB` → `512M`, `1 Gi` → `1Gi`).",
            en: "Quantities (CPU, memory, storage) are a number followed by a suffix: `m` for thousandths (`500m` of CPU), `Ki`, `Mi`, `Gi` (powers of 1024), `k`, `M`, `G` (powers of 1000). The rule suggests the right spelling (`512MB` → `512M`, `1 Gi` → `1Gi`).",
        },
        why: Text {
            fr: "L'API refuse l'objet (« quantities must match the regular expression… »). Attention aussi à `m` contre `M` : `512m` de mémoire, c'est la moitié d'un octet.",
            en: "The API rejects the object (\"quantities must match the regular expression…\"). Mind `m` versus `M` too: `512m` of memory is half a byte.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/invalid-quantity/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/invalid-quantity/good.yaml"),
    },
    check: Check::Schema,
};

use crate::schema::{Expected, Place};

/// Called by the schema walk on every scalar; judges quantities.
pub fn check_scalar(
    cx: &ObjCx,
    obj: &Object,
    place: &Place,
    node: &Node,
    ty: Expected,
    out: &mut Vec<Finding>,
) {
    if ty != Expected::Quantity {
        return;
    }
    let s = match &node.value {
        Value::Str(s) if !is_quantity(s) => s.to_string(),
        Value::Float(f) if *f < 0.0 || !f.is_finite() => f.to_string(),
        _ => return,
    };
    let field = crate::yaml::last_key(place.path);
    let help = match quantity_hint(&s) {
        Some(h) => msg!(
            "écrivez `{h}` ; les unités : `m` (millième de CPU), `Ki`, `Mi`, `Gi` (puissances de 1024), `k`, `M`, `G`",
            "write `{h}`; units: `m` (thousandth of a CPU), `Ki`, `Mi`, `Gi` (powers of 1024), `k`, `M`, `G`",
            h
        ),
        None => msg!(
            "les unités : `m` (millième de CPU, `500m`), `Ki`, `Mi`, `Gi` (`256Mi`), `k`, `M`, `G`",
            "units: `m` (thousandth of a CPU, `500m`), `Ki`, `Mi`, `Gi` (`256Mi`), `k`, `M`, `G`"
        ),
    };
    out.push(
        cx.finding(
            &RULE,
            obj,
            node.span,
            msg!(
                "`{field}: {s}` n'est pas une quantité que Kubernetes sait lire",
                "`{field}: {s}` is not a quantity Kubernetes can read",
                field,
                s
            ),
            help,
        )
        .with_path(place.path),
    );
}

/// A Kubernetes quantity: `<number><suffix>` with suffix in
/// `Ki Mi Gi Ti Pi Ei`, `n u m k M G T P E`, or `e<exp>`/`E<exp>`.
pub fn is_quantity(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, suffix) = s.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return false;
    }
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        _ => {
            let exp = suffix.strip_prefix(['e', 'E']);
            exp.is_some_and(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
            })
        }
    }
}

/// What the student probably meant (`512MB` → `512M`, `1 Gi` → `1Gi`).
pub fn quantity_hint(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if is_quantity(&compact) {
        return Some(compact);
    }
    for (bad, good) in [
        ("KB", "k"),
        ("kB", "k"),
        ("MB", "M"),
        ("GB", "G"),
        ("TB", "T"),
        ("KiB", "Ki"),
        ("MiB", "Mi"),
        ("GiB", "Gi"),
        ("mb", "M"),
        ("gb", "G"),
        ("Mo", "M"),
        ("Go", "G"),
        ("mi", "Mi"),
        ("gi", "Gi"),
        ("ki", "Ki"),
        ("K", "k"),
    ] {
        if let Some(n) = compact.strip_suffix(bad) {
            let candidate = format!("{n}{good}");
            if is_quantity(&candidate) {
                return Some(candidate);
            }
        }
    }
    for unit in ["cpu", "cpus", "core", "cores"] {
        if let Some(n) = compact.to_lowercase().strip_suffix(unit)
            && is_quantity(n)
        {
            return Some(n.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn quantities() {
        for ok in ["500m", "1", "0.5", "256Mi", "1Gi", "2e3", "1.5G", "100k"] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in ["512MB", "1 Gi", "0.5cpu", "Mi", "1..2", "abc"] {
            assert!(!is_quantity(bad), "{bad}");
        }
        assert_eq!(quantity_hint("512MB").as_deref(), Some("512M"));
        assert_eq!(quantity_hint("0.5 cpu").as_deref(), Some("0.5"));
    }
}
