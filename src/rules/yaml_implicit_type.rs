//! `yaml-implicit-type`: An unquoted value YAML reads differently (`yes`, `on`, `0755`).

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "yaml-implicit-type",
        family: Family::Input,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "regles.md#yaml-implicit-type",
        summary: Text {
            fr: "Une valeur sans guillemets que YAML lit autrement (`yes`, `on`, `0755`)",
            en: "An unquoted value YAML reads differently (`yes`, `on`, `0755`)",
        },
        what: Text {
            fr: "Kubernetes lit le YAML à la manière de YAML 1.1 : sans guillemets, `yes`, `no`, `on`, `off`, `y` et `n` deviennent des booléens, et un nombre commençant par `0` (`0755`) est lu en octal. La règle signale chacune de ces valeurs.",
            en: "Kubernetes reads YAML the YAML 1.1 way: unquoted, `yes`, `no`, `on`, `off`, `y` and `n` become booleans, and a number starting with `0` (`0755`) is read as octal. The rule reports each such value.",
        },
        why: Text {
            fr: "Dans une ConfigMap ou une variable d'environnement, `DEBUG: on` n'est pas le texte « on » : c'est le booléen `true`, que l'API refuse ou transforme. Un code postal `01000` devient le nombre 512.",
            en: "In a ConfigMap or an environment variable, `DEBUG: on` is not the text \"on\": it is the boolean `true`, which the API rejects or transforms. A postcode `01000` becomes the number 512.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/yaml-implicit-type/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/yaml-implicit-type/good.yaml"),
    },
    check: Check::Yaml(check),
};

fn check(file: usize, _src: &SourceFile, issue: &YamlIssue, out: &mut Vec<Finding>) {
    let YamlIssue::Yaml11 {
        span,
        text,
        read_as,
    } = issue
    else {
        return;
    };
    out.push(Finding::new(
        &RULE.code,
        file,
        *span,
        msg!(
            "`{text}` sans guillemets est lu par Kubernetes comme `{read_as}`, pas comme le texte `{text}`",
            "unquoted `{text}` is read by Kubernetes as `{read_as}`, not as the text `{text}`",
            text, read_as
        ),
        msg!(
            "si vous voulez le texte, mettez des guillemets : \"{text}\"",
            "if you mean the text, quote it: \"{text}\"",
            text
        ),
    ));
}
