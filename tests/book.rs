//! The course book: built in-process, every example checked, the preprocessor
//! protocol, prose length, internal links, and the site opened in headless
//! Chromium.

mod common;
use common::root;

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn kubecours() -> Command {
    let mut c = Command::cargo_bin("kubecours").unwrap();
    c.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("KUBECOURS_EXERCISES");
    c
}

/// The real book, built once for all the tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("book-html");
        let _ = std::fs::remove_dir_all(&out);
        kubecours::book::build(&root().join("book"), Some(&out))
            .unwrap_or_else(|e| panic!("{}", e.message(kubecours::i18n::Lang::Fr)))
    })
}

const RESOURCE_CHAPTERS: &[&str] = &[
    "pod",
    "deployment",
    "service",
    "ingress",
    "configmap",
    "secret",
    "namespace-stockage",
];

#[test]
fn the_book_builds_with_at_least_15_chapters() {
    let out = built();
    let summary = std::fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let chapters: Vec<&str> = summary
        .lines()
        .filter_map(|l| l.split("](").nth(1)?.strip_suffix(')'))
        .collect();
    assert!(chapters.len() >= 15, "{} chapters", chapters.len());
    for c in chapters {
        let html = out.join(c.replace(".md", ".html"));
        assert!(html.is_file(), "{} not built", html.display());
    }
    let service = std::fs::read_to_string(out.join("service.html")).unwrap();
    assert!(service.contains("class=\"kubecours-exercice\""));
    assert!(service.contains("kubecours check 5"));
    assert!(service.contains("images/ports.svg"));
    let rules = std::fs::read_to_string(out.join("regles.html")).unwrap();
    for r in kubecours::rules::ALL {
        assert!(
            rules.contains(&format!("id=\"{}\"", r.id())),
            "rule {} missing from the catalogue",
            r.id()
        );
    }
}

#[test]
fn the_book_build_command_works() {
    let tmp = tempfile::tempdir().unwrap();
    kubecours()
        .args(["book", "build", "--out"])
        .arg(tmp.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("cours construit"));
    assert!(tmp.path().join("index.html").is_file());
}

#[test]
fn a_broken_example_fails_the_build_with_its_chapter_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    kubecours()
        .args([
            "book",
            "build",
            "--book",
            "tests/fixtures/book/broken",
            "--out",
        ])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "chapitre.md:22 : exemple invalide : erreur[field-type]",
        ));
}

#[test]
fn a_declared_error_must_happen() {
    let tmp = tempfile::tempdir().unwrap();
    kubecours()
        .args(["book", "build", "--book", "tests/fixtures/book/declared", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chapitre.md:5 : l'exemple annonce `erreur=service-target-port` mais ne la déclenche pas"));
}

#[test]
fn a_term_to_avoid_or_an_unlinked_chapter_fails_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("livre");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Test\"\nlanguage = \"fr\"\nsrc = \"src\"\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Sommaire\n\n- [Chapitre](chapitre.md)\n- [Glossaire](glossaire.md)\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/glossaire.md"),
        "# Glossaire\n\n## Termes à éviter\n\n```text\nreplica => réplica\n```\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/chapitre.md"),
        "# Chapitre\n\nTrois `replicas` ici.\nUn replica de plus.\nVoir le chapitre Pod.\n",
    )
    .unwrap();
    kubecours()
        .args(["book", "build", "--book"])
        .arg(&book)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "chapitre.md:4 : vocabulaire : « replica » est à éviter, employez « réplica »",
        ))
        .stderr(predicate::str::contains("chapitre.md:5 : « chapitre Pod."));
}

#[test]
fn preprocessor_protocol_on_a_json_fixture() {
    kubecours()
        .args(["mdbook", "supports", "html"])
        .assert()
        .code(0);
    let input = std::fs::read(root().join("tests/fixtures/book/preprocessor-input.json")).unwrap();
    let out = kubecours()
        .arg("mdbook")
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let service = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(
        service.contains("### Un Service ClusterIP devant le backend"),
        "{service}"
    );
    assert!(service.contains("kubecours check 5"));
    assert!(service.contains("<summary>Indice 1</summary>"));
    assert!(
        service.contains("```yaml\napiVersion"),
        "info string cleaned"
    );
    assert!(!service.contains("{{#exercice"));
    let rules = book["items"][1]["Chapter"]["content"].as_str().unwrap();
    assert!(rules.contains("### `service-target-port`") && !rules.contains("{{#regles}}"));
}

/// Words of prose: outside code blocks, HTML tags and inline code.
fn prose_words(md: &str) -> usize {
    let mut fence = false;
    let mut n = 0;
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || t.starts_with('<') || t.starts_with("{{#") {
            continue;
        }
        let mut in_code = false;
        let text: String = line
            .chars()
            .filter(|&c| {
                if c == '`' {
                    in_code = !in_code;
                    return false;
                }
                !in_code
            })
            .collect();
        n += text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
    }
    n
}

#[test]
fn every_resource_chapter_has_at_least_400_words_of_french_prose() {
    for c in RESOURCE_CHAPTERS {
        let md = std::fs::read_to_string(root().join(format!("book/src/{c}.md"))).unwrap();
        let words = prose_words(&md);
        assert!(words >= 400, "{c}.md: {words} words of prose");
        assert!(md.contains("```yaml"), "{c}.md has no checked example");
        assert!(md.contains("{{#exercice"), "{c}.md has no exercise");
    }
}

fn ids_of(html: &str) -> std::collections::HashSet<String> {
    let re = regex::Regex::new(r#"\bid="([^"]+)""#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

#[test]
fn no_internal_link_is_broken() {
    let out = built();
    let href = regex::Regex::new(r#"\b(?:href|src)="([^"]*)""#).unwrap();
    let mut pages: HashMap<PathBuf, String> = HashMap::new();
    for e in std::fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") {
            pages.insert(p.clone(), std::fs::read_to_string(&p).unwrap());
        }
    }
    let mut broken = Vec::new();
    for (page, html) in &pages {
        if page.ends_with("print.html") || page.ends_with("404.html") || page.ends_with("toc.html")
        {
            continue;
        }
        for c in href.captures_iter(html) {
            let link = &c[1];
            if link.is_empty()
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let file = kubecours::book::percent_decode(file);
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(&file)
            };
            if !target.exists() {
                broken.push(format!("{}: {link} (no such file)", page.display()));
                continue;
            }
            if !anchor.is_empty() && target.extension().is_some_and(|x| x == "html") {
                let html = pages
                    .get(&target)
                    .cloned()
                    .unwrap_or_else(|| std::fs::read_to_string(&target).unwrap());
                if !ids_of(&html).contains(&kubecours::book::percent_decode(anchor)) {
                    broken.push(format!(
                        "{}: {link} (no such anchor)",
                        page.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
}

#[test]
fn the_course_manifests_lint_without_errors() {
    for dir in ["manifests/app", "manifests/site"] {
        kubecours().args(["lint", dir]).assert().code(0);
    }
}

/// Finds Chromium: `CHROMIUM`, `/usr/bin/chromium`, `chromium` on PATH; as
/// root, installs Debian's `chromium` when none is found.
fn chromium() -> PathBuf {
    let on_path = || {
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("chromium"))
                .find(|c| c.is_file())
        })
    };
    let find = || {
        std::env::var_os("CHROMIUM")
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.exists()))
            .or_else(on_path)
    };
    if let Some(c) = find() {
        return c;
    }
    // SAFETY: geteuid(2) has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    assert!(
        root_user,
        "headless Chromium is needed and this user cannot install it: run `sudo apt-get install -y chromium` or set CHROMIUM to a Chromium binary"
    );
    let apt = |args: &[&str]| {
        std::process::Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success())
    };
    if !apt(&["install", "-y", "chromium"]) {
        assert!(apt(&["update"]), "`apt-get update` failed");
        assert!(
            apt(&["install", "-y", "chromium"]),
            "`apt-get install -y chromium` failed"
        );
    }
    find().expect("chromium installed by apt-get but not found")
}

/// The Node package of `tests/node` (playwright-core), installed with
/// `npm ci` when missing.
fn node_package() -> PathBuf {
    let node_dir = root().join("tests/node");
    if !node_dir.join("node_modules/playwright-core").is_dir() {
        let ok = std::process::Command::new("npm")
            .args(["ci", "--prefix"])
            .arg(&node_dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "`npm ci --prefix tests/node` failed (are node and npm installed?)"
        );
    }
    node_dir
}

/// Headless Chromium (Debian's `chromium`) opens the built site from a local
/// server: French interface, accent-insensitive search, French spacing at
/// phone width, diagrams, headings, alt texts and the skip link. Provisions
/// itself: `npm ci --prefix tests/node` and, as root, `apt-get install
/// chromium` when they are missing.
#[test]
fn the_site_works_in_headless_chromium() {
    let chromium = chromium();
    let node_dir = node_package();
    let addr = kubecours::book::serve_dir(built().to_path_buf(), 0).unwrap();
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("service.png");
    let out = std::process::Command::new("node")
        .arg(node_dir.join("book.mjs"))
        .arg(format!("http://{addr}/"))
        .arg(&shot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("\"failures\": []"), "{report}");
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "screenshot saved at {}",
        shot.display()
    );
}

/// `kubecours book serve` serves the course on 127.0.0.1 and rebuilds it when
/// a chapter changes.
#[test]
fn book_serve_serves_and_rebuilds_on_change() {
    use std::io::{BufRead, Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("book"), &tmp.path().join("book"));
    common::copy_dir(&root().join("exercises"), &tmp.path().join("exercises"));
    let _ = std::fs::remove_dir_all(tmp.path().join("book/build"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubecours"))
        .current_dir(tmp.path())
        .args(["book", "serve", "--port", "0", "--book", "book"])
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: if the server hangs, kill it, which ends its output and fails the test.
    let pid = child.id() as i32;
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        // SAFETY: kill(2) on the child we started; harmless if it already exited.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    });
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    let get = |path: &str| -> String {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut body = String::new();
        s.read_to_string(&mut body).unwrap();
        body
    };
    let page = get("/service.html");
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("kubecours-exercice"),
        "{}",
        &page[..page.len().min(300)]
    );
    assert!(
        get("/../Cargo.toml").starts_with("HTTP/1.1 403")
            || get("/../Cargo.toml").starts_with("HTTP/1.1 404")
    );
    // Edit a chapter: the server rebuilds and serves the new text.
    let chapter = tmp.path().join("book/src/glossaire.md");
    let mut md = std::fs::read_to_string(&chapter).unwrap();
    md.push_str("\nTerme ajouté pendant le test : zygomorphe.\n");
    std::fs::write(&chapter, md).unwrap();
    let rebuilt = lines.next().unwrap().unwrap();
    assert!(rebuilt.contains("livre reconstruit"), "{rebuilt}");
    assert!(get("/glossaire.html").contains("zygomorphe"));
    child.kill().unwrap();
    let _ = child.wait();
}
