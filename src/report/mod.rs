//! Writing reports: one [`model::Report`] for every command, one writer per
//! format, each in its own file, listed once in [`FORMATS`]. A format says
//! which commands it fits; `lint`, `check` and `grade` accept every format
//! that fits them (`--format NAME`).

pub mod csv;
pub mod github;
pub mod gitlab;
pub mod gradescope;
pub mod human;
pub mod json;
pub mod junit;
pub mod model;
pub mod sarif;

use crate::color::Paint;
use crate::i18n::{Lang, Text};
pub use model::{Command, Report, Subject};

/// The output of the commands that only speak to a person or a tool
/// (`rules`, `list`, `hint`, `init`, `dev check`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    #[default]
    Human,
    Json,
}

/// An output format.
pub struct Format {
    pub name: &'static str,
    pub summary: Text,
    /// The commands it fits.
    pub commands: &'static [Command],
    pub write: fn(&Report, Lang, Paint) -> String,
}

impl Format {
    pub fn fits(&self, c: Command) -> bool {
        self.commands.contains(&c)
    }
}

/// Every format.
pub static FORMATS: &[&Format] = &[
    &human::FORMAT,
    &json::FORMAT,
    &sarif::FORMAT,
    &junit::FORMAT,
    &github::FORMAT,
    &gitlab::FORMAT,
    &csv::FORMAT,
    &gradescope::FORMAT,
];

pub fn by_name(name: &str) -> Option<&'static Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// The formats of a command, for its `--help` and its error messages.
pub fn names_for(c: Command) -> Vec<&'static str> {
    FORMATS
        .iter()
        .filter(|f| f.fits(c))
        .map(|f| f.name)
        .collect()
}

/// Writes a report in a format (which must fit the report's command).
pub fn write(format: &Format, report: &Report, lang: Lang, paint: Paint) -> String {
    (format.write)(report, lang, paint)
}

/// XML 1.0 text (JUnit).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A finding's message and help in one line: "message — aide : help".
pub fn one_line(f: &crate::diag::Finding, lang: Lang) -> String {
    let help = f.help(lang);
    if help.is_empty() {
        f.message(lang)
    } else {
        format!(
            "{} — {} {help}",
            f.message(lang),
            lang.pick("aide :", "help:")
        )
    }
}

/// A lint run as a report of one subject.
pub fn lint_report(run: &crate::engine::Run) -> Report<'_> {
    let mut subject = Subject::lint(&run.files, &run.findings);
    subject.resources = run.objects.len();
    Report::new(Command::Lint, vec![subject])
}

/// A lint run written in a format (`human`, `json`…).
pub fn render_lint(run: &crate::engine::Run, format: &str, lang: Lang, paint: Paint) -> String {
    let f = by_name(format).unwrap_or(&human::FORMAT);
    write(f, &lint_report(run), lang, paint)
}
