//! The gradebook as CSV: one line per student and exercise, then a total
//! line per student (`exercise` = `total`). Points and maxima count what was
//! evaluated: cluster expectations with no cluster are left out of both.

use super::Format;
use super::model::{Command, Report};
use crate::color::Paint;
use crate::i18n::{Lang, Text};

pub static FORMAT: Format = Format {
    name: "csv",
    summary: Text {
        fr: "carnet de notes CSV : étudiant, exercice, points, max, état (et un total par étudiant)",
        en: "CSV gradebook: student, exercise, points, max, status (and a total per student)",
    },
    commands: &[Command::Grade],
    write,
};

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@']) {
        // Quoted; a leading formula character is neutralised for spreadsheets.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write(r: &Report, _lang: Lang, _paint: Paint) -> String {
    let mut out = String::from("student,exercise,slug,points,max,status,first_failing\n");
    for (student, subjects) in r.students() {
        let (mut points, mut max) = (0, 0);
        let mut all_passed = true;
        for s in &subjects {
            let (id, slug) = s
                .exercise
                .as_ref()
                .map_or((String::new(), String::new()), |e| {
                    (e.id.to_string(), e.slug.clone())
                });
            let row = [
                field(&student),
                id,
                field(&slug),
                s.points().to_string(),
                s.max().to_string(),
                s.status().to_string(),
                field(&s.first_failure()),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
            points += s.points();
            max += s.max();
            all_passed &= s.passed();
        }
        let status = if all_passed { "passed" } else { "failed" };
        out.push_str(&format!(
            "{},total,,{points},{max},{status},\n",
            field(&student)
        ));
    }
    out
}
