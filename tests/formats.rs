//! `kubecours lint` in every format it fits, in both languages: each output
//! parses as its format says, and an English report has no French in it
//! (messages, help, rule descriptions are worded when the report is written).

use assert_cmd::Command;

const FILES: &[&str] = &[
    "exercises/03-deployment/starter/deployment.yaml",
    "exercises/05-service-clusterip/mistakes/target-port-80/service.yaml",
];

fn lint(format: &str, lang: &str) -> (i32, String) {
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "lint", "--format", format, "--lang", lang, "--color", "never",
        ])
        .args(FILES)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Letters and words that only French text has here.
fn french(text: &str) -> Vec<String> {
    let mut hits: Vec<String> = text
        .lines()
        .filter(|l| l.chars().any(|c| "éèêàâçùûôîœÉÈ«»".contains(c)))
        .map(|l| l.trim().chars().take(120).collect())
        .collect();
    for w in [" le ", " les ", " des ", " du ", " une ", " est ", " pas "] {
        if let Some(l) = text.lines().find(|l| l.contains(w)) {
            hits.push(format!("{w:?} in {}", l.trim()));
        }
    }
    hits
}

#[test]
fn every_lint_format_works_in_both_languages_and_english_has_no_french() {
    for format in ["human", "json", "sarif", "junit", "github", "gitlab"] {
        let (code_en, en) = lint(format, "en");
        let (code_fr, fr) = lint(format, "fr");
        // The starter has errors: exit 1, whatever the format.
        assert_eq!((code_en, code_fr), (1, 1), "{format}");
        assert!(en.contains("workload-selector"), "{format}: {en}");
        assert!(
            en.contains("service-target-port") || en.contains("target"),
            "{format}"
        );
        assert!(
            french(&en).is_empty(),
            "{format} --lang en: {:#?}",
            french(&en)
        );
        assert!(!french(&fr).is_empty(), "{format} --lang fr is French");
        match format {
            "json" | "sarif" | "gitlab" => {
                serde_json::from_str::<serde_json::Value>(&en).expect(format);
            }
            "junit" => {
                roxmltree::Document::parse(&en).expect("JUnit XML");
            }
            "github" => assert!(
                en.lines().all(|l| l.starts_with("::")),
                "workflow commands only: {en}"
            ),
            _ => {}
        }
    }
}

#[test]
fn sarif_in_english_describes_its_rules_in_english() {
    let (_, en) = lint("sarif", "en");
    let v: serde_json::Value = serde_json::from_str(&en).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["language"], "en-US");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for r in rules {
        let text = r.to_string();
        assert!(french(&text).is_empty(), "{text}");
    }
}
