//! `file-encoding`: The file is not UTF-8 text.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "file-encoding",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::ApiServer,
        chapter: "regles.md#file-encoding",
        summary: Text {
            fr: "Le fichier n'est pas du texte UTF-8",
            en: "The file is not UTF-8 text",
        },
        what: Text {
            fr: "Un manifeste est un fichier texte encodé en UTF-8. La règle signale un fichier binaire (une image, une archive) ou un octet invalide en UTF-8, à sa ligne et sa colonne.",
            en: "A manifest is a UTF-8 text file. The rule reports a binary file (an image, an archive) or a byte that is not valid UTF-8, at its line and column.",
        },
        why: Text {
            fr: "Un fichier enregistré en Latin-1 (Windows) a ses accents abîmés ou refusés par l'API ; un fichier binaire passé par erreur donne des messages incompréhensibles.",
            en: "A file saved as Latin-1 (Windows) gets its accents mangled or rejected by the API; a binary file passed by mistake gives incomprehensible messages.",
        },
        fix: Text::EMPTY,
        bad: r##"# (un fichier enregistré en Latin-1 : « é » y est l'octet 0xE9)
apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration-backend
data:
  APP_TITLE: "Cin\xe9ma"
"##,
        good: include_str!("../../tests/fixtures/rules/file-encoding/good.yaml"),
    },
    check: Check::Source(check),
};

fn check(file: usize, src: &SourceFile, out: &mut Vec<Finding>) -> bool {
    let first = Span::at(Pos { line: 1, col: 1 }, 1);
    let (span, message, help) = match &src.problem {
        Some(FileProblem::Binary) => (
            first,
            msg!(
                "ce fichier est binaire, pas du YAML",
                "this file is binary, not YAML"
            ),
            msg!(
                "vérifiez que c'est le bon fichier (une image, une archive ?)",
                "check this is the right file (an image, an archive?)"
            ),
        ),
        Some(FileProblem::NotUtf8 { line, col }) => (
            Span::at(
                Pos {
                    line: *line,
                    col: *col,
                },
                1,
            ),
            msg!(
                "ce fichier n'est pas encodé en UTF-8 (octet invalide ici)",
                "this file is not UTF-8 encoded (invalid byte here)"
            ),
            msg!(
                "enregistrez-le en UTF-8 (dans VSCode : cliquez sur l'encodage en bas à droite, « Enregistrer avec l'encodage », UTF-8)",
                "save it as UTF-8 (in VSCode: click the encoding at the bottom right, \"Save with Encoding\", UTF-8)"
            ),
        ),
        Some(FileProblem::Utf16 { big_endian }) | Some(FileProblem::Utf32 { big_endian }) => {
            let bits = if matches!(src.problem, Some(FileProblem::Utf16 { .. })) {
                16
            } else {
                32
            };
            let order = if *big_endian { "BE" } else { "LE" };
            (
                first,
                msg!(
                    "ce fichier est en UTF-{bits} {order} (l'« Unicode » du Bloc-notes de Windows), pas en UTF-8 : kubectl ne le lit pas",
                    "this file is UTF-{bits} {order} (Windows Notepad's \"Unicode\"), not UTF-8: kubectl cannot read it",
                    bits,
                    order
                ),
                msg!(
                    "enregistrez-le en UTF-8 (Bloc-notes : « Enregistrer sous », Encodage : UTF-8 ; VSCode : cliquez sur « UTF-{bits} » en bas à droite, « Enregistrer avec l'encodage », UTF-8)",
                    "save it as UTF-8 (Notepad: \"Save as\", Encoding: UTF-8; VSCode: click \"UTF-{bits}\" at the bottom right, \"Save with Encoding\", UTF-8)",
                    bits
                ),
            )
        }
        _ => return false,
    };
    out.push(Finding::new(&RULE.code, file, span, message, help));
    true
}
