//! The terminal in French: clap's own words (help, usage, errors) and the
//! YAML parser's messages reach the student in French, with the precise
//! information kept (which argument, which value, the valid values, where).

use std::path::Path;
use std::process::{Command, Output};

fn kubecours(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kubecours"));
    c.current_dir(dir)
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("KUBECOURS_LANG")
        .env_remove("KUBECOURS_EXERCISES")
        .env_remove("KUBECONFIG")
        .env("HOME", dir)
        .env("NO_COLOR", "1");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    kubecours(dir).args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// clap's English words, none of which may reach a French reader.
const ENGLISH: &[&str] = &[
    "Print help",
    "Print version",
    "Print this message",
    "Usage:",
    "error:",
    "Commands:",
    "Arguments:",
    "Options:",
    "possible values",
    "[default:",
    "[env:",
    "[aliases:",
    "For more information",
    "tip:",
    "required",
    "unexpected",
    "invalid value",
    "provided",
    "found",
    "subcommand",
    "did you mean",
    "cannot be used",
];

fn assert_french(what: &str, s: &str) {
    for w in ENGLISH {
        assert!(!s.contains(w), "{what}: English `{w}` in:\n{s}");
    }
}

#[test]
fn bad_command_lines_are_explained_in_french_with_the_details() {
    let tmp = tempfile::tempdir().unwrap();
    // (command line, what the message must name)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["lint", "--format", "xml"],
            &[
                "`xml`",
                "`--format <FORMAT>`",
                "human, json",
                "kubecours lint",
            ],
        ),
        (&["lint", "--formt", "json"], &["`--formt`", "`--format`"]),
        (&["chek", "3"], &["`chek`", "`check`"]),
        (&["frob"], &["`frob`", "n'existe pas"]),
        (
            &["check", "3", "--offline", "--dump", "etat.yaml"],
            &["`--offline`", "`--dump <FICHIER>`"],
        ),
        (
            &["check", "3", "--timeout", "abc"],
            &["`abc`", "`--timeout <SECONDES>`", "pas un nombre"],
        ),
        (&["check", "3", "--lang"], &["`--lang <LANGUE>`", "fr, en"]),
        (&["hint", "1", "2"], &["`2`", "kubecours hint"]),
        (&["explain"], &["il manque", "`<ID>`"]),
        (&["lint", "--bogus"], &["`--bogus`", "`-- --bogus`"]),
        (&["book", "build", "--out"], &["`--out <DOSSIER>`"]),
    ];
    for (args, parts) in cases {
        let out = run(tmp.path(), args);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {all}");
        assert!(
            all.contains("erreur : la ligne de commande n'est pas valide"),
            "{args:?}: {all}"
        );
        assert!(all.contains("Utilisation : kubecours"), "{args:?}: {all}");
        for p in *parts {
            assert!(all.contains(p), "{args:?}: `{p}` missing from:\n{all}");
        }
        assert_french(&format!("{args:?}"), &all);
    }
}

#[test]
fn bad_command_lines_in_english_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["lint", "--lang", "en", "--format", "xml"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        all.contains("error: the command line is not valid: the value `xml` is not allowed for `--format <FORMAT>`"),
        "{all}"
    );
    assert!(all.contains("possible values: human, json"), "{all}");
    let out = kubecours(tmp.path())
        .env("KUBECOURS_LANG", "en")
        .args(["check", "3", "--timeout", "abc"])
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(all.contains("not a number"), "{all}");
    assert!(!all.contains("erreur"), "{all}");
}

/// Every subcommand path (`["check"]`, `["book", "build"]`, …), read from
/// the binary's own help.
fn subcommands(dir: &Path, path: &[String]) -> Vec<Vec<String>> {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let out = run(dir, &args);
    let help = String::from_utf8_lossy(&out.stdout).to_string();
    let mut found = Vec::new();
    let Some(start) = help.find("Commandes :\n") else {
        return found;
    };
    for line in help[start..].lines().skip(1) {
        if line.trim().is_empty() {
            break;
        }
        // `  lint      Vérifie…`; continuation lines start with more spaces.
        if line.starts_with("  ") && !line.starts_with("   ") {
            let name = line.split_whitespace().next().unwrap().to_string();
            let mut p = path.to_vec();
            p.push(name);
            found.extend(subcommands(dir, &p));
            found.push(p);
        }
    }
    found
}

#[test]
fn help_of_every_subcommand_is_french() {
    let tmp = tempfile::tempdir().unwrap();
    let all = subcommands(tmp.path(), &[]);
    for expected in ["lint", "check", "init", "watch", "grade", "help"] {
        assert!(
            all.iter().any(|p| p == &[expected.to_string()]),
            "{expected} not listed: {all:?}"
        );
    }
    assert!(all.iter().any(|p| p == &["book", "build"]), "{all:?}");
    let mut paths = all.clone();
    paths.push(Vec::new());
    for path in &paths {
        for flag in ["--help", "-h"] {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push(flag);
            let out = run(tmp.path(), &args);
            let s = text(&out);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {s}");
            assert!(s.contains("Utilisation : kubecours"), "{args:?}: {s}");
            assert!(s.contains("Affiche l'aide"), "{args:?}: {s}");
            assert_french(&format!("{args:?}"), &s);
        }
    }
    // `kubecours help check` is `kubecours check --help`.
    let a = text(&run(tmp.path(), &["help", "check"]));
    let b = text(&run(tmp.path(), &["check", "--help"]));
    assert_eq!(a, b);
    let out = run(tmp.path(), &["help", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("`nope`"));
    // The version flag is ours too.
    let out = run(tmp.path(), &["-V"]);
    assert!(text(&out).starts_with("kubecours "), "{}", text(&out));
    let help = text(&run(tmp.path(), &["--help"]));
    assert!(help.contains("Affiche la version"), "{help}");
    // Defaults and possible values are said in French.
    let check = text(&run(tmp.path(), &["check", "--help"]));
    assert!(check.contains("[par défaut : 20]"), "{check}");
    assert!(check.contains("Valeurs possibles :"), "{check}");
}

#[test]
fn yaml_reader_errors_are_said_in_french_with_their_position() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // (file, position, what the French message says)
    let cases = [
        ("deux-points.yaml", "4:12", "un `:` inattendu"),
        (
            "indentation.yaml",
            "5:2",
            "l'indentation ne correspond pas au bloc au-dessus",
        ),
        (
            "arobase.yaml",
            "6:13",
            "le caractère `@` ne peut pas commencer une valeur",
        ),
        (
            "guillemets.yaml",
            "8:14",
            "des guillemets ne sont pas refermés",
        ),
        (
            "crochets.yaml",
            "9:7",
            "une liste `[ … ]` ou un objet `{ … }` au-dessus n'est pas refermé",
        ),
        (
            "alias.yaml",
            "5:11",
            "renvoie à une ancre `&…` qui n'existe pas",
        ),
        (
            "liste.yaml",
            "9:5",
            "un élément de liste `-` est attendu ici",
        ),
        (
            "antislash.yaml",
            "6:11",
            "écrivez `\\\\` pour une barre oblique inverse",
        ),
    ];
    let reader_words = [
        "mapping values",
        "did not find",
        "while parsing",
        "while scanning",
        "unexpected character",
        "unknown anchor",
        "invalid indentation",
        "expected",
        "found",
    ];
    for (file, pos, said) in cases {
        let path = format!("tests/fixtures/yaml-fr/{file}");
        let out = run(root, &["lint", &path]);
        let fr = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(out.status.code(), Some(1), "{file}: {fr}");
        assert!(fr.contains("erreur[yaml-syntax]"), "{file}: {fr}");
        assert!(fr.contains(&format!("{path}:{pos}")), "{file}: {fr}");
        assert!(fr.contains(said), "{file}: `{said}` missing from {fr}");
        for w in reader_words {
            assert!(!fr.contains(w), "{file}: reader's English `{w}` in {fr}");
        }
        // The reader's own words stay available in English.
        let out = run(root, &["lint", "--lang", "en", &path]);
        let en = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(en.contains("error[yaml-syntax]"), "{file}: {en}");
        assert!(reader_words.iter().any(|w| en.contains(w)), "{file}: {en}");
    }
    // The same words for an export given to `check --dump`.
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        root,
        &[
            "check",
            "1",
            "--dir",
            tmp.path().to_str().unwrap(),
            "--dump",
            "tests/fixtures/yaml-fr/deux-points.yaml",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("n'est pas du YAML valide (ligne 4, colonne 12 : un `:` inattendu"),
        "{err}"
    );
    assert!(!err.contains("mapping values"), "{err}");
}
