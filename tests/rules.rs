//! Every rule on its fixtures, plus the meta-tests that keep every rule
//! registered, documented (its fixtures are its documentation examples)
//! and worded in both languages.

use kubecours::diag::Severity;
use kubecours::engine::{self, Options, Run};
use kubecours::i18n::Lang;
use kubecours::rules::{ALL, Rule};
use kubecours::source::SourceFile;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn options() -> Options {
    // A small size limit so that `file-too-large` has a fixture of reasonable size.
    Options {
        max_file_size: 16 * 1024,
        ..Options::default()
    }
}

fn lint_bytes(name: &str, bytes: Vec<u8>) -> Run {
    let opts = options();
    engine::lint_sources(
        vec![SourceFile::from_bytes(name, bytes, opts.max_file_size)],
        &opts,
    )
}

fn describe(run: &Run) -> String {
    run.findings
        .iter()
        .map(|f| {
            format!(
                "  {}:{}:{} {} {} {}",
                f.pos.line,
                f.pos.col,
                f.severity.as_str(),
                f.id(),
                f.message(Lang::Fr),
                f.path
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_bad(rule: &Rule, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let run = lint_bytes(name, bytes);
    let hits: Vec<_> = run
        .findings
        .iter()
        .filter(|f| f.id() == rule.id())
        .collect();
    if hits.is_empty() {
        return Err(format!(
            "{name}: `{}` not raised; got:\n{}",
            rule.id(),
            describe(&run)
        ));
    }
    for f in hits {
        for lang in [Lang::Fr, Lang::En] {
            if f.message(lang).is_empty() || f.help(lang).is_empty() {
                return Err(format!(
                    "{name}: `{}` has an empty message or help ({lang:?})",
                    rule.id()
                ));
            }
        }
        let unresolved: Vec<String> = f
            .message
            .unresolved()
            .into_iter()
            .chain(f.help.unresolved())
            .collect();
        if !unresolved.is_empty() {
            return Err(format!(
                "{name}: `{}` leaves placeholders unresolved: {unresolved:?}",
                rule.id()
            ));
        }
        if f.message(Lang::Fr) == f.message(Lang::En) {
            return Err(format!(
                "{name}: `{}` message is not translated: {}",
                rule.id(),
                f.message(Lang::Fr)
            ));
        }
        if !f.pos.is_known() {
            return Err(format!("{name}: `{}` has no position", rule.id()));
        }
    }
    Ok(())
}

fn assert_good(rule: &Rule, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let run = lint_bytes(name, bytes);
    if run
        .findings
        .iter()
        .any(|f| f.id() == rule.id() || f.severity == Severity::Error)
    {
        return Err(format!(
            "{name}: expected no `{}` and no error; got:\n{}",
            rule.id(),
            describe(&run)
        ));
    }
    Ok(())
}

#[test]
fn every_rule_raises_on_its_bad_fixture_and_not_on_its_good_one() {
    let mut failures = Vec::new();
    for rule in ALL {
        let dir = fixtures().join(rule.id());
        for (file, bad) in [("bad.yaml", true), ("good.yaml", false)] {
            let path = dir.join(file);
            let Ok(bytes) = std::fs::read(&path) else {
                failures.push(format!(
                    "missing fixture tests/fixtures/rules/{}/{file}",
                    rule.id()
                ));
                continue;
            };
            let name = format!("{}/{file}", rule.id());
            let r = if bad {
                assert_bad(rule, &name, bytes)
            } else {
                assert_good(rule, &name, bytes)
            };
            if let Err(e) = r {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Rules whose bad case cannot be shown as text in their documentation.
const DOC_EXAMPLE_NOT_TEXT: &[&str] = &["file-encoding", "file-too-large"];

#[test]
fn every_rule_documents_its_fixtures_themselves() {
    for rule in ALL {
        let dir = fixtures().join(rule.id());
        let good = std::fs::read_to_string(dir.join("good.yaml")).unwrap_or_default();
        assert_eq!(
            rule.code.good,
            good,
            "{}: the documented good example is not good.yaml",
            rule.id()
        );
        if !DOC_EXAMPLE_NOT_TEXT.contains(&rule.id()) {
            let bad = std::fs::read_to_string(dir.join("bad.yaml")).unwrap_or_default();
            assert_eq!(
                rule.code.bad,
                bad,
                "{}: the documented bad example is not bad.yaml",
                rule.id()
            );
        }
    }
}

#[test]
fn every_rule_file_is_registered_and_named_after_its_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let helpers = [
        "mod",
        "ctx",
        "pod",
        "prelude",
        "schema_pass",
        "pitfall_util",
        "refs",
        "values",
    ];
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            if !helpers.contains(&stem.as_str()) {
                files.push(stem);
            }
        }
    }
    for stem in &files {
        let id = stem.replace('_', "-");
        assert!(
            ALL.iter().any(|r| r.id() == id),
            "src/rules/{stem}.rs defines no registered rule `{id}`: add it to rules::ALL"
        );
    }
    for rule in ALL {
        let stem = rule.id().replace('-', "_");
        assert!(
            files.contains(&stem),
            "rule `{}` has no file src/rules/{stem}.rs",
            rule.id()
        );
    }
}

#[test]
fn every_rule_is_documented_in_both_languages() {
    let mut ids = std::collections::HashSet::new();
    for rule in ALL {
        let c = &rule.code;
        assert!(ids.insert(c.id), "duplicate id {}", c.id);
        assert!(
            c.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "id `{}` must be kebab-case",
            c.id
        );
        for (what, t) in [("summary", c.summary), ("what", c.what), ("why", c.why)] {
            assert!(
                t.fr.len() > 10 && t.en.len() > 10,
                "{}: {what} is too short",
                c.id
            );
            assert_ne!(t.fr, t.en, "{}: {what} is not translated", c.id);
        }
        assert!(
            c.what.fr.len() >= 60,
            "{}: `what` must explain the rule",
            c.id
        );
        assert!(
            c.why.fr.len() >= 60,
            "{}: `why` must give the consequence",
            c.id
        );
        assert!(
            !c.bad.trim().is_empty() && !c.good.trim().is_empty(),
            "{}: examples",
            c.id
        );
        assert!(
            c.chapter.contains(".md"),
            "{}: chapter must name a book page",
            c.id
        );
        // Severity means one thing: an error has a basis, a warning or an info has none.
        match c.severity {
            Severity::Error => assert_ne!(
                c.basis,
                kubecours::diag::Basis::Judgement,
                "{}: an error says why it is one",
                c.id
            ),
            _ => assert_eq!(
                c.basis,
                kubecours::diag::Basis::Judgement,
                "{}: only errors have a basis",
                c.id
            ),
        }
    }
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            ALL.iter().any(|r| r.id() == name),
            "tests/fixtures/rules/{name} matches no rule"
        );
    }
}

#[test]
fn the_catalogue_has_at_least_35_rules() {
    assert!(ALL.len() >= 35, "only {} rules", ALL.len());
}

/// `text` with a fix applied (columns count characters, 1-based).
fn apply_fix(text: &str, fix: &kubecours::diag::Fix) -> String {
    use kubecours::diag::Edit;
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let i = fix.pos.line as usize - 1;
    let chars: Vec<char> = lines[i].chars().collect();
    let start = (fix.pos.col as usize - 1).min(chars.len());
    let end = (start + fix.len as usize).min(chars.len());
    let (before, middle, after): (String, String, String) = (
        chars[..start].iter().collect(),
        chars[start..end].iter().collect(),
        chars[end..].iter().collect(),
    );
    match &fix.edit {
        Edit::Replace(s) => lines[i] = format!("{before}{s}{after}"),
        Edit::Quote => lines[i] = format!("{before}\"{middle}\"{after}"),
        Edit::DeleteLine => {
            lines.remove(i);
        }
    }
    lines.join("\n")
}

#[test]
fn every_mechanical_fix_of_a_bad_fixture_removes_its_finding() {
    let mut failures = Vec::new();
    for rule in ALL {
        if DOC_EXAMPLE_NOT_TEXT.contains(&rule.id()) {
            continue;
        }
        let text = rule.code.bad;
        let run = lint_bytes("bad.yaml", text.as_bytes().to_vec());
        for f in run.findings.iter().filter(|f| f.id() == rule.id()) {
            let Some(fix) = &f.fix else { continue };
            let fixed = apply_fix(text, fix);
            let again = lint_bytes("fixed.yaml", fixed.into_bytes());
            if again
                .findings
                .iter()
                .any(|g| g.id() == rule.id() && g.path == f.path && g.pos == f.pos)
            {
                failures.push(format!(
                    "{}: the fix of `{}` ({:?}) leaves the finding:\n{}",
                    rule.id(),
                    f.path,
                    fix.edit,
                    describe(&again)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Issue 15: every cross-object rule says what it costs in the size of the
/// input set, in its module doc (`//! Complexity: …`).
#[test]
fn every_cross_object_rule_states_its_complexity() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut set_rules = 0;
    for rule in ALL {
        if !matches!(rule.check, kubecours::rules::Check::Set(_)) {
            continue;
        }
        set_rules += 1;
        let stem = rule.id().replace('-', "_");
        let text = std::fs::read_to_string(dir.join(format!("{stem}.rs"))).unwrap();
        let doc: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        assert!(
            doc.iter().any(|l| l.starts_with("//! Complexity: ")),
            "src/rules/{stem}.rs: its module doc has no `//! Complexity: …` paragraph"
        );
    }
    assert!(set_rules >= 20, "only {set_rules} cross-object rules seen");
}
