//! `file-too-large`: The file exceeds the size limit.

use crate::rules::prelude::*;
pub static RULE: Rule = Rule {
    code: Code {
        id: "file-too-large",
        family: Family::Input,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "regles.md#file-too-large",
        summary: Text {
            fr: "Le fichier dépasse la taille maximale",
            en: "The file exceeds the size limit",
        },
        what: Text {
            fr: "Un fichier de plus de 4 Mio n'est pas lu : le vérificateur le signale au lieu de l'analyser, pour qu'un fichier énorme donné par erreur ne bloque pas la vérification.",
            en: "A file over 4 MiB is not read: the checker reports it instead of parsing it, so that a huge file given by mistake does not block the check.",
        },
        why: Text {
            fr: "Un manifeste fait quelques kilo-octets ; un fichier énorme est presque toujours une erreur (un journal, une archive, un export) et ralentirait la vérification de toute une classe. L'API Kubernetes refuse d'ailleurs les objets de plus de 1,5 Mio environ.",
            en: "A manifest is a few kilobytes; a huge file is almost always a mistake (a log, an archive, an export) and would slow down checking a whole class. The Kubernetes API rejects objects over about 1.5 MiB anyway.",
        },
        fix: Text::EMPTY,
        bad: r##"# un fichier de plusieurs mégaoctets (journal, export…)
"##,
        good: include_str!("../../tests/fixtures/rules/file-too-large/good.yaml"),
    },
    check: Check::Source(check),
};

fn check(file: usize, src: &SourceFile, out: &mut Vec<Finding>) -> bool {
    let Some(FileProblem::TooLarge { size, limit }) = &src.problem else {
        return false;
    };
    let (mib, limit_mib) = (size / (1024 * 1024), limit / (1024 * 1024));
    out.push(Finding::new(
        &RULE.code,
        file,
        Span::at(Pos { line: 1, col: 1 }, 1),
        msg!(
            "fichier non vérifié : {size} octets ({mib} Mio), au-delà de la limite de l'outil ({limit_mib} Mio)",
            "file not checked: {size} bytes ({mib} MiB), beyond the tool's limit ({limit_mib} MiB)",
            size, mib, limit_mib
        ),
        msg!(
            "un manifeste fait quelques kilo-octets : vérifiez que c'est le bon fichier ; sinon relancez avec `--max-file-size {next}` (en Mio)",
            "a manifest is a few kilobytes: check this is the right file; otherwise run again with `--max-file-size {next}` (in MiB)",
            next = mib + 1
        ),
    ));
    true
}
