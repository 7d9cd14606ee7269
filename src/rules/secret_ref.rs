//! `secret-ref`: TO BE WRITTEN.

use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::rules::{Category, Ctx, Rule};

pub static RULE: Rule = Rule {
    id: "secret-ref",
    severity: Severity::Warning,
    category: Category::CrossObject,
    chapter: "regles.md",
    summary: Text { fr: "", en: "" },
    what: Text { fr: "", en: "" },
    why: Text { fr: "", en: "" },
    bad: "",
    good: "",
    check: Some(check),
};

fn check(_ctx: &Ctx, _out: &mut Vec<Finding>) {}
