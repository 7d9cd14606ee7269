//! `field-type`: A value of the wrong type (`replicas: "2"`, an env `value: 8000`).

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "field-type",
        family: Family::Schema,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#field-type",
        summary: Text {
            fr: "Une valeur du mauvais type (`replicas: \"2\"`, une variable `value: 8000`)",
            en: "A value of the wrong type (`replicas: \"2\"`, an env `value: 8000`)",
        },
        what: Text {
            fr: "Chaque valeur est comparée au type attendu par le schéma : nombre entier, texte, booléen, liste, dictionnaire, nombre-ou-nom (les ports). Toutes les erreurs sont signalées, pas seulement la première, avec la correction : ajouter ou enlever des guillemets, un tiret, une indentation.",
            en: "Every value is compared with the type the schema expects: integer, string, boolean, list, mapping, number-or-name (ports). Every error is reported, not just the first, with the fix: add or remove quotes, a dash, an indentation.",
        },
        why: Text {
            fr: "L'API refuse l'objet entier pour une seule valeur mal typée. Le cas le plus fréquent : une variable d'environnement dont la valeur est un nombre (`value: 8000`) alors qu'elle doit être un texte (`value: \"8000\"`).",
            en: "The API rejects the whole object for a single mistyped value. The most frequent case: an environment variable whose value is a number (`value: 8000`) although it must be a string (`value: \"8000\"`).",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/field-type/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/field-type/good.yaml"),
    },
    check: Check::Schema,
};

use crate::schema::Expected;
use crate::yaml::Style;

/// What a schema type expects, in both languages.
pub fn expected_text(ty: Expected) -> Text {
    match ty {
        Expected::Object => Text {
            fr: "un dictionnaire (des clés indentées en dessous)",
            en: "a mapping (keys indented below)",
        },
        Expected::Array => Text {
            fr: "une liste (des éléments commençant par `- `)",
            en: "a list (items starting with `- `)",
        },
        Expected::String => Text {
            fr: "un texte",
            en: "a string",
        },
        Expected::Integer => Text {
            fr: "un nombre entier",
            en: "an integer",
        },
        Expected::Number => Text {
            fr: "un nombre",
            en: "a number",
        },
        Expected::Boolean => Text {
            fr: "un booléen (`true` ou `false`)",
            en: "a boolean (`true` or `false`)",
        },
        Expected::IntOrString => Text {
            fr: "un nombre ou un nom",
            en: "a number or a name",
        },
        Expected::Quantity => Text {
            fr: "une quantité (`500m`, `256Mi`)",
            en: "a quantity (`500m`, `256Mi`)",
        },
    }
}

/// What was found, in both languages.
pub fn found_text(node: &Node) -> Msg {
    match &node.value {
        Value::Null => msg!("null", "null"),
        Value::Bool(b) => msg!("le booléen `{b}`", "the boolean `{b}`", b = *b),
        Value::Int(i) => msg!("le nombre `{i}`", "the number `{i}`", i = *i),
        Value::Float(f) => msg!("le nombre `{f}`", "the number `{f}`", f = *f),
        Value::Str(s) => msg!("le texte \"{s}\"", "the string \"{s}\"", s),
        Value::Seq(_) => msg!("une liste", "a list"),
        Value::Map(_) => msg!("un dictionnaire", "a mapping"),
    }
}

/// Called by the schema walk for a value of the wrong type.
pub fn report(
    cx: &ObjCx,
    obj: &Object,
    place: &crate::schema::Place,
    node: &Node,
    ty: Expected,
    out: &mut Vec<Finding>,
) {
    let field = crate::yaml::last_key(place.path);
    let exp = expected_text(ty);
    let got = found_text(node);
    let help = match (ty, &node.value) {
        (Expected::String, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            if node.style == Style::Yaml11 {
                msg!(
                    "mettez la valeur entre guillemets : sans guillemets, YAML lit `yes`, `no`, `on`, `off` et `0755` autrement",
                    "quote the value: unquoted, YAML reads `yes`, `no`, `on`, `off` and `0755` differently"
                )
            } else {
                let t = node.scalar_text();
                msg!(
                    "mettez la valeur entre guillemets : `{field}: \"{t}\"`",
                    "quote the value: `{field}: \"{t}\"`",
                    field,
                    t
                )
            }
        }
        (Expected::Integer | Expected::Number | Expected::IntOrString, Value::Str(s))
            if s.trim().parse::<f64>().is_ok() =>
        {
            let v = s.trim();
            msg!(
                "enlevez les guillemets : `{field}: {v}`",
                "remove the quotes: `{field}: {v}`",
                field,
                v
            )
        }
        (Expected::Integer | Expected::IntOrString, Value::Float(f)) => {
            let v = f.round() as i64;
            msg!(
                "un nombre entier, sans partie décimale : `{field}: {v}`",
                "a whole number, without decimals: `{field}: {v}`",
                field,
                v
            )
        }
        (Expected::Boolean, Value::Str(s)) if matches!(s.as_ref(), "true" | "false") => msg!(
            "enlevez les guillemets : `{field}: {s}`",
            "remove the quotes: `{field}: {s}`",
            field,
            s
        ),
        (Expected::Array, Value::Map(_)) => msg!(
            "chaque élément de `{field}` commence par un tiret : `- name: …`",
            "each item of `{field}` starts with a dash: `- name: …`",
            field
        ),
        (Expected::Object, Value::Seq(_)) => msg!(
            "enlevez le tiret `- ` : `{field}` n'est pas une liste",
            "remove the `- ` dash: `{field}` is not a list",
            field
        ),
        (Expected::Object, Value::Str(_) | Value::Int(_)) => msg!(
            "passez à la ligne après `{field}:` et indentez ses clés de 2 espaces",
            "break the line after `{field}:` and indent its keys by 2 spaces",
            field
        ),
        _ => msg!(
            "`{field}` attend {exp}",
            "`{field}` expects {exp}",
            field,
            exp
        ),
    };
    let mut f = cx
        .finding(
            &RULE,
            obj,
            node.span,
            msg!(
                "`{field}` doit être {exp}, pas {got}",
                "`{field}` must be {exp}, not {got}",
                field,
                exp,
                got
            ),
            help,
        )
        .with_path(place.path);
    // Quoting a scalar, or removing the quotes of a number, is mechanical.
    let on_one_line = node.span.start.is_known() && node.span.end.line == node.span.start.line;
    match (ty, &node.value) {
        (Expected::String, Value::Int(_) | Value::Float(_) | Value::Bool(_)) if on_one_line => {
            f = f.with_fix(
                node.span.start,
                node.span.caret_len(),
                crate::diag::Edit::Quote,
                msg!("Mettre la valeur entre guillemets", "Quote the value"),
            );
        }
        (Expected::Integer | Expected::IntOrString | Expected::Number, Value::Str(s))
            if on_one_line && s.trim().parse::<i64>().is_ok() =>
        {
            f = f.with_fix(
                node.span.start,
                node.span.caret_len(),
                crate::diag::Edit::Replace(s.trim().to_string()),
                msg!("Enlever les guillemets", "Remove the quotes"),
            );
        }
        _ => {}
    }
    out.push(f);
}
