//! `helm-template`: A Helm/Go template (`{{ .Values… }}`) instead of a manifest.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "helm-template",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#helm-template",
        summary: Text {
            fr: "Un gabarit Helm/Go (`{{ .Values… }}`) à la place d'un manifeste",
            en: "A Helm/Go template (`{{ .Values… }}`) instead of a manifest",
        },
        what: Text {
            fr: "Repère `{{` en dehors d'un commentaire : c'est la syntaxe des gabarits Helm et Go, pas du YAML Kubernetes.",
            en: "Spots `{{` outside a comment: the syntax of Helm and Go templates, not Kubernetes YAML.",
        },
        why: Text {
            fr: "Un gabarit n'est pas encore un manifeste : Helm doit d'abord le remplir avec des valeurs. Le donner à `kubectl` ou au vérificateur produit des erreurs sans rapport avec le vrai problème. Il faut vérifier le rendu de `helm template`.",
            en: "A template is not a manifest yet: Helm must first fill it with values. Giving it to `kubectl` or to the checker produces errors unrelated to the real problem. Check the output of `helm template` instead.",
        },
        fix: Text::EMPTY,
        bad: include_str!("../../tests/fixtures/rules/helm-template/bad.yaml"),
        good: include_str!("../../tests/fixtures/rules/helm-template/good.yaml"),
    },
    check: Check::Source(check),
};

fn check(file: usize, src: &SourceFile, out: &mut Vec<Finding>) -> bool {
    let Some(pos) = find_template(&src.text) else {
        return false;
    };
    out.push(Finding::new(
        &RULE.code,
        file,
        Span::at(pos, 2),
        msg!(
            "ce fichier contient un gabarit Helm/Go (`{{{{ … }}}}`) : ce n'est pas encore un manifeste Kubernetes",
            "this file holds a Helm/Go template (`{{{{ … }}}}`): it is not a Kubernetes manifest yet"
        ),
        msg!(
            "produisez d'abord le YAML final avec `helm template MON-CHART > rendu.yaml`, puis vérifiez `rendu.yaml`",
            "render the final YAML first with `helm template MY-CHART > rendered.yaml`, then check `rendered.yaml`"
        ),
    ));
    true
}

/// Words that only a Helm chart's templates use after `{{`.
const HELM_WORDS: &[&str] = &[
    ".Values",
    ".Release",
    ".Chart",
    ".Capabilities",
    ".Files",
    "include ",
    "template ",
    "toYaml",
    "define ",
    "tpl ",
];

/// The first `{{` of a Helm/Go template: one that stands where YAML expects
/// a key, a value or a list item (YAML cannot read the file then), or one
/// followed by Helm's own words. A `{{ … }}` inside a quoted or block
/// string (a Prometheus legend, a Grafana dashboard, an alert text) is data.
pub fn find_template(text: &str) -> Option<Pos> {
    if !text.contains("{{") {
        return None;
    }
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        if let Some(min) = block {
            if rest.is_empty() || indent > min {
                continue;
            }
            block = None;
        }
        if rest.starts_with('#') {
            continue;
        }
        let pos = |b: usize| Pos {
            line: i as u32 + 1,
            col: line[..b].chars().count() as u32 + 1,
        };
        // Helm's own words, anywhere on the line (quoted or not).
        let mut from = 0;
        while let Some(b) = line[from..].find("{{") {
            let at = from + b;
            let after = line[at + 2..].trim_start_matches('-').trim_start();
            if HELM_WORDS.iter().any(|w| after.starts_with(w))
                || after.starts_with("if ") && after.contains(".Values")
                || after.starts_with("end") && line.trim().starts_with("{{")
            {
                return Some(pos(at));
            }
            from = at + 2;
        }
        // A `{{` where a YAML node starts.
        let mut node = rest;
        let mut offset = indent;
        loop {
            if let Some(r) = node.strip_prefix("- ") {
                offset += 2 + (r.len() - r.trim_start().len());
                node = r.trim_start();
                continue;
            }
            break;
        }
        if node.starts_with("{{") {
            return Some(pos(offset));
        }
        if let Some(colon) = find_value_colon(node) {
            let value = &node[colon + 1..];
            let v = value.trim_start();
            if v.starts_with("{{") {
                return Some(pos(offset + colon + 1 + (value.len() - v.len())));
            }
            let code = v.split(" #").next().unwrap_or(v).trim_end();
            if matches!(code, "|" | ">" | "|-" | ">-" | "|+" | ">+") {
                block = Some(indent);
            }
        }
    }
    None
}

/// The `:` that ends a plain key on this line (not one inside quotes).
fn find_value_colon(s: &str) -> Option<usize> {
    if s.starts_with(['"', '\'', '{', '[']) {
        return None;
    }
    let b = s
        .find(": ")
        .or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::find_template;
    #[allow(unused_imports)]
    use crate::rules::prelude::*;

    #[test]
    fn templates_and_data_are_told_apart() {
        assert!(find_template("image: {{ .Values.image }}\n").is_some());
        assert!(find_template("{{- if .Values.enabled }}\nkind: Pod\n{{- end }}\n").is_some());
        assert!(find_template("  name: \"{{ include \\\"x\\\" . }}\"\n").is_some());
        assert!(find_template("- {{ .Values.x }}\n").is_some());
        assert_eq!(find_template("legendFormat: \"{{ pod }}\"\n"), None);
        assert_eq!(
            find_template("summary: \"CPU {{ $labels.instance }} à {{ $value }}\"\n"),
            None
        );
        assert_eq!(
            find_template(
                "data:\n  dash.json: |\n    {\"legend\": \"{{instance}}\"}\n    {{ x }}\n"
            ),
            None
        );
        assert_eq!(
            find_template("description: plain text {{ value }} here\n"),
            None
        );
    }
}
