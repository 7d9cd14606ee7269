//! Every rule on its fixtures and on its documentation examples, plus the
//! meta-tests that keep every rule documented and tested.

use kubecours::finding::Severity;
use kubecours::i18n::Lang;
use kubecours::lint::{self, Options, Run};
use kubecours::rules::{ALL, Rule};
use kubecours::source::SourceFile;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn options(lang: Lang) -> Options {
    // A small size limit so that `file-too-large` has a fixture of reasonable size.
    Options {
        lang,
        max_file_size: 16 * 1024,
        ..Options::default()
    }
}

fn lint_bytes(name: &str, bytes: Vec<u8>, lang: Lang) -> Run {
    let opts = options(lang);
    lint::lint_sources(
        vec![SourceFile::from_bytes(name, bytes, opts.max_file_size)],
        &opts,
    )
}

fn describe(run: &Run) -> String {
    run.findings
        .iter()
        .map(|f| {
            format!(
                "  {}:{}:{} {} {}",
                f.pos.line,
                f.pos.col,
                f.severity.as_str(),
                f.id,
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rules whose bad case cannot be shown as text in their documentation.
const DOC_EXAMPLE_NOT_TEXT: &[&str] = &["file-encoding", "file-too-large"];

fn assert_bad(rule: &Rule, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    for lang in [Lang::Fr, Lang::En] {
        let run = lint_bytes(name, bytes.clone(), lang);
        let hits: Vec<_> = run.findings.iter().filter(|f| f.id == rule.id).collect();
        if hits.is_empty() {
            return Err(format!(
                "{name}: `{}` not raised ({lang:?}); got:\n{}",
                rule.id,
                describe(&run)
            ));
        }
        for f in hits {
            if f.message.is_empty() || f.help.is_empty() {
                return Err(format!(
                    "{name}: `{}` has an empty message or help",
                    rule.id
                ));
            }
            if !f.pos.is_known() {
                return Err(format!("{name}: `{}` has no position", rule.id));
            }
        }
    }
    Ok(())
}

fn assert_good(rule: &Rule, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let run = lint_bytes(name, bytes, Lang::Fr);
    if run
        .findings
        .iter()
        .any(|f| f.id == rule.id || f.severity == Severity::Error)
    {
        return Err(format!(
            "{name}: expected no `{}` and no error; got:\n{}",
            rule.id,
            describe(&run)
        ));
    }
    Ok(())
}

#[test]
fn every_rule_raises_on_its_bad_fixture_and_not_on_its_good_one() {
    let mut failures = Vec::new();
    for rule in ALL {
        let dir = fixtures().join(rule.id);
        for (file, bad) in [("bad.yaml", true), ("good.yaml", false)] {
            let path = dir.join(file);
            let Ok(bytes) = std::fs::read(&path) else {
                failures.push(format!(
                    "missing fixture tests/fixtures/rules/{}/{file}",
                    rule.id
                ));
                continue;
            };
            let name = format!("{}/{file}", rule.id);
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

#[test]
fn every_rule_documentation_example_behaves_as_documented() {
    let mut failures = Vec::new();
    for rule in ALL {
        if DOC_EXAMPLE_NOT_TEXT.contains(&rule.id) {
            continue;
        }
        let name = format!("{} (doc)", rule.id);
        if let Err(e) = assert_bad(rule, &format!("{name} bad"), rule.bad.as_bytes().to_vec()) {
            failures.push(e);
        }
        if let Err(e) = assert_good(rule, &format!("{name} good"), rule.good.as_bytes().to_vec()) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_rule_is_documented_in_both_languages() {
    let mut ids = std::collections::HashSet::new();
    for rule in ALL {
        assert!(ids.insert(rule.id), "duplicate id {}", rule.id);
        assert!(
            rule.id
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'),
            "id `{}` must be kebab-case",
            rule.id
        );
        for (what, t) in [
            ("summary", rule.summary),
            ("what", rule.what),
            ("why", rule.why),
        ] {
            assert!(
                t.fr.len() > 10 && t.en.len() > 10,
                "{}: {what} is too short",
                rule.id
            );
            assert_ne!(t.fr, t.en, "{}: {what} is not translated", rule.id);
        }
        assert!(
            rule.what.fr.len() >= 60,
            "{}: `what` must explain the rule",
            rule.id
        );
        assert!(
            rule.why.fr.len() >= 60,
            "{}: `why` must give the consequence",
            rule.id
        );
        assert!(
            !rule.bad.trim().is_empty() && !rule.good.trim().is_empty(),
            "{}: examples",
            rule.id
        );
        assert!(
            rule.chapter.contains(".md"),
            "{}: chapter must name a book page",
            rule.id
        );
    }
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            ALL.iter().any(|r| r.id == name),
            "tests/fixtures/rules/{name} matches no rule"
        );
    }
}

#[test]
fn the_catalogue_has_at_least_35_rules() {
    assert!(ALL.len() >= 35, "only {} rules", ALL.len());
}
