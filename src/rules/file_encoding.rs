//! `file-encoding`: The file is not UTF-8 text.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "file-encoding",
        family: Family::Input,
        severity: Severity::Error,
        basis: Basis::Input,
        chapter: "regles.md#file-encoding",
        summary: Text {
            fr: "Le fichier n'est pas du texte UTF-8",
            en: "The file is not UTF-8 text",
        },
        what: Text {
            fr: "Un manifeste est un fichier texte encodé en UTF-8. Un fichier binaire (une image, une archive) ou en UTF-16 sans marque d'ordre des octets est une erreur : kubectl ne sait pas le lire. Un fichier en Latin-1 (Windows) ou en UTF-16 avec sa marque (l'« Unicode » du Bloc-notes) est un avertissement : kubectl le lit, mais les accents d'un fichier Latin-1 deviennent des « � » et beaucoup d'outils prennent l'UTF-16 pour du binaire. La règle donne la ligne et la colonne du premier octet invalide.",
            en: "A manifest is a UTF-8 text file. A binary file (an image, an archive) or UTF-16 without a byte order mark is an error: kubectl cannot read it. A Latin-1 (Windows) file or UTF-16 with its mark (Notepad's \"Unicode\") is a warning: kubectl reads it, but a Latin-1 file's accents become \"�\" and many tools take UTF-16 for binary. The rule gives the line and column of the first invalid byte.",
        },
        why: Text {
            fr: "Un fichier enregistré en Latin-1 a ses accents abîmés sans aucun message (« Cinéma » devient « Cin�ma » dans l'application) ; un fichier binaire passé par erreur donne des messages incompréhensibles.",
            en: "A file saved as Latin-1 gets its accents mangled without any message (\"Cinéma\" becomes \"Cin�ma\" in the application); a binary file passed by mistake gives incomprehensible messages.",
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
    // (span, message, help, severity, stop reading).
    let (span, message, help, severity, stop) = match &src.problem {
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
            Severity::Error,
            true,
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
                "ce fichier n'est pas encodé en UTF-8 (octet invalide ici) : kubectl le lit quand même, mais ses accents deviennent des « � »",
                "this file is not UTF-8 encoded (invalid byte here): kubectl reads it anyway, but its accents become \"�\""
            ),
            msg!(
                "enregistrez-le en UTF-8 (dans VSCode : cliquez sur l'encodage en bas à droite, « Enregistrer avec l'encodage », UTF-8)",
                "save it as UTF-8 (in VSCode: click the encoding at the bottom right, \"Save with Encoding\", UTF-8)"
            ),
            Severity::Warning,
            false,
        ),
        Some(p @ (FileProblem::Utf16 { .. } | FileProblem::Utf32 { .. })) => {
            let (bits, big, bom) = match p {
                FileProblem::Utf16 { big_endian, bom } => (16, *big_endian, *bom),
                FileProblem::Utf32 { big_endian } => (32, *big_endian, true),
                _ => unreachable!(),
            };
            let order = if big { "BE" } else { "LE" };
            let help = msg!(
                "enregistrez-le en UTF-8 (Bloc-notes : « Enregistrer sous », Encodage : UTF-8 ; VSCode : cliquez sur « UTF-{bits} » en bas à droite, « Enregistrer avec l'encodage », UTF-8)",
                "save it as UTF-8 (Notepad: \"Save as\", Encoding: UTF-8; VSCode: click \"UTF-{bits}\" at the bottom right, \"Save with Encoding\", UTF-8)",
                bits
            );
            if bom {
                (
                    first,
                    msg!(
                        "ce fichier est en UTF-{bits} {order} (l'« Unicode » du Bloc-notes de Windows), pas en UTF-8 : kubectl le lit, mais beaucoup d'outils (git, diff, d'autres linters) le prennent pour du binaire",
                        "this file is UTF-{bits} {order} (Windows Notepad's \"Unicode\"), not UTF-8: kubectl reads it, but many tools (git, diff, other linters) take it for binary",
                        bits,
                        order
                    ),
                    help,
                    Severity::Warning,
                    false,
                )
            } else {
                (
                    first,
                    msg!(
                        "ce fichier est en UTF-{bits} {order} sans marque d'ordre des octets : kubectl ne sait pas le lire",
                        "this file is UTF-{bits} {order} without a byte order mark: kubectl cannot read it",
                        bits,
                        order
                    ),
                    help,
                    Severity::Error,
                    true,
                )
            }
        }
        _ => return false,
    };
    out.push(Finding::new(&RULE.code, file, span, message, help).with_severity(severity));
    stop
}
