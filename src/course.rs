//! The course's order: the chapters of the book as its summary lists them,
//! so that `check N` can tell advice from chapters the student has not
//! reached yet (shown as one line, in full with `--tous`).

use crate::diag::{Finding, Severity};
use crate::exercise::Exercise;

static SUMMARY: &str = include_str!("../book/src/SUMMARY.md");

/// The pages of the book, in reading order.
pub fn pages() -> Vec<&'static str> {
    SUMMARY
        .lines()
        .filter_map(|l| {
            let start = l.find("](")? + 2;
            let end = l[start..].find(')')? + start;
            Some(&l[start..end])
        })
        .collect()
}

/// The title the book's summary gives a page (`pod.md#…` → `Pod`).
pub fn chapter_title(chapter: &str) -> Option<&'static str> {
    let page = chapter.split('#').next().unwrap_or(chapter);
    SUMMARY.lines().find_map(|l| {
        let open = l.find('[')? + 1;
        let mid = l[open..].find("](")? + open;
        let end = l[mid + 2..].find(')')? + mid + 2;
        (&l[mid + 2..end] == page).then(|| &l[open..mid])
    })
}

/// Position of a page (`service.md`, `service.md#les-ports`) in the book; None if not in it.
pub fn position(chapter: &str) -> Option<usize> {
    let page = chapter.split('#').next().unwrap_or(chapter);
    pages().iter().position(|p| *p == page)
}

/// The findings (by index) that are advice from a chapter after the exercise's:
/// warnings and infos only; an error is always shown.
pub fn later_advice(ex: &Exercise, findings: &[&Finding]) -> Vec<usize> {
    let Some(here) = position(&ex.spec.chapter) else {
        return Vec::new();
    };
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.severity != Severity::Error && !f.code.family.is_diagnosis())
        .filter(|(_, f)| position(f.code.chapter).is_some_and(|p| p > here))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_lists_the_chapters_in_order() {
        let p = super::pages();
        let pod = p.iter().position(|x| *x == "pod.md").unwrap();
        let svc = p.iter().position(|x| *x == "service.md").unwrap();
        assert!(pod < svc);
    }
}
