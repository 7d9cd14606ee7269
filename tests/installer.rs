//! Distribution: `book/src/installer.sh` run against a release folder served
//! on 127.0.0.1 (built here from this test's own binary), the release
//! workflow and the GitHub CI templates through actionlint, the pinned
//! versions.

mod common;

use common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));

/// The release target of this machine, as the installer names it.
fn host_target() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x86_64-unknown-linux-musl",
        "aarch64" => "aarch64-unknown-linux-musl",
        other => panic!("no release target for {other}"),
    }
}

fn sha256_hex(file: &Path) -> String {
    let out = Command::new("sha256sum").arg(file).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A release folder like the one the release workflow publishes:
/// `RELEASES/VERSION/{kubecours-TARGET.tar.gz, SHA256SUMS}`, served on
/// 127.0.0.1. Also `RELEASES/v-tampered/`: the same files, the archive
/// changed after its checksum was written.
struct Releases {
    _dir: tempfile::TempDir,
    url: String,
}

fn releases() -> &'static Releases {
    static R: OnceLock<Releases> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let stage = dir.path().join("stage");
        std::fs::create_dir(&stage).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_kubecours"), stage.join("kubecours")).unwrap();
        let good = dir.path().join("releases").join(VERSION);
        std::fs::create_dir_all(&good).unwrap();
        let name = format!("kubecours-{}.tar.gz", host_target());
        let archive = good.join(&name);
        let tar = Command::new("sh")
            .arg("-c")
            .arg(r#"tar -cf - -C "$1" kubecours | gzip -1 > "$2""#)
            .arg("sh")
            .arg(&stage)
            .arg(&archive)
            .status()
            .unwrap();
        assert!(tar.success(), "tar | gzip");
        let sums = format!(
            "{}  {name}\n{}  kubecours-other-target.tar.gz\n",
            sha256_hex(&archive),
            "0".repeat(64)
        );
        std::fs::write(good.join("SHA256SUMS"), &sums).unwrap();

        let bad = dir.path().join("releases/v-tampered");
        std::fs::create_dir_all(&bad).unwrap();
        std::fs::copy(&archive, bad.join(&name)).unwrap();
        std::fs::write(bad.join("SHA256SUMS"), &sums).unwrap();
        use std::io::Write;
        std::fs::OpenOptions::new()
            .append(true)
            .open(bad.join(&name))
            .unwrap()
            .write_all(b"#!/bin/sh\necho pwned\n")
            .unwrap();

        let addr = kubecours::book::serve_dir(dir.path().join("releases"), 0).unwrap();
        Releases {
            _dir: dir,
            url: format!("http://{addr}"),
        }
    })
}

/// Runs `sh installer.sh` with HOME in `home` and the given extra variables.
fn install(home: &Path, path: &str, vars: &[(&str, &str)]) -> Output {
    let mut c = Command::new("sh");
    c.arg(root().join("book/src/installer.sh"))
        .env_clear()
        .env("HOME", home)
        .env("PATH", path)
        .env("KUBECOURS_RELEASES", &releases().url)
        .env("TMPDIR", home);
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().unwrap()
}

const SYSTEM_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn bin_of(home: &Path) -> PathBuf {
    home.join(".local/bin/kubecours")
}

#[test]
fn installs_the_pinned_release_into_local_bin() {
    let home = tempfile::tempdir().unwrap();
    let out = install(home.path(), SYSTEM_PATH, &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let bin = bin_of(home.path());
    let v = Command::new(&bin).arg("--version").output().unwrap();
    assert!(v.status.success());
    assert_eq!(
        text(&v.stdout).trim(),
        format!("kubecours {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        stdout.contains(&format!(
            "Téléchargement de kubecours {VERSION} pour {}",
            host_target()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("Somme SHA-256 vérifiée"), "{stdout}");
    assert!(
        stdout.contains(&format!("installé dans {}", bin.display())),
        "{stdout}"
    );
    let dir = home.path().join(".local/bin");
    assert!(
        stdout.contains(&format!("{} n'est pas dans votre PATH", dir.display())),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("export PATH=\"{}:$PATH\"", dir.display())));
    // Nothing left behind: no temporary folder, only the program.
    let left: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from(".local")]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    // Again, with the folder on PATH and in English: it replaces the program and says so.
    let path = format!("{}:{SYSTEM_PATH}", dir.display());
    let out = install(home.path(), &path, &[("LANG", "en_US.UTF-8")]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!("{} is on your PATH", dir.display())),
        "{stdout}"
    );
    assert!(stdout.contains("SHA-256 checksum verified"), "{stdout}");
}

#[test]
fn a_tampered_archive_is_refused_and_nothing_is_installed() {
    let home = tempfile::tempdir().unwrap();
    let out = install(
        home.path(),
        SYSTEM_PATH,
        &[("KUBECOURS_VERSION", "v-tampered")],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "la somme SHA-256 de kubecours-{}.tar.gz ne correspond pas",
            host_target()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("Rien n'a été installé."), "{stderr}");
    assert!(!bin_of(home.path()).exists());
    assert!(!home.path().join(".local").exists());
}

#[test]
fn an_unsupported_architecture_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let out = install(home.path(), SYSTEM_PATH, &[("KUBECOURS_ARCH", "riscv64")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("architecture « riscv64 » non prise en charge"),
        "{stderr}"
    );
    assert!(stderr.contains("x86_64 (amd64) et aarch64 (arm64)"));
    assert!(stderr.contains("cargo install kubecours"));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(!home.path().join(".local").exists());
}

#[test]
fn architecture_aliases_and_a_missing_release() {
    // `arm64` (macOS, Debian's name) asks for the aarch64 archive; `amd64` for x86_64.
    let home = tempfile::tempdir().unwrap();
    for (arch, target) in [
        ("arm64", "aarch64-unknown-linux-musl"),
        ("amd64", "x86_64-unknown-linux-musl"),
    ] {
        let out = install(
            home.path(),
            SYSTEM_PATH,
            &[
                ("KUBECOURS_ARCH", arch),
                ("KUBECOURS_VERSION", "v0.0.0-absente"),
            ],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "impossible de télécharger {}/v0.0.0-absente/kubecours-{target}.tar.gz",
                releases().url
            )),
            "{stderr}"
        );
        assert!(stderr.contains("que la version v0.0.0-absente existe"));
    }
    assert!(!home.path().join(".local").exists());
}

#[test]
fn the_installer_and_the_ci_templates_pin_this_version() {
    let installer = std::fs::read_to_string(root().join("book/src/installer.sh")).unwrap();
    assert!(
        installer.contains(&format!("PINNED_VERSION=\"{VERSION}\"")),
        "installer.sh must pin {VERSION}"
    );
    for entry in std::fs::read_dir(root().join("book/src/ci")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let pins: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("KUBECOURS_VERSION:"))
            .map(|v| v.trim().trim_matches('"'))
            .collect();
        assert_eq!(pins, [VERSION], "{}", path.display());
    }
}

/// actionlint: on PATH or where `go install` puts it. Required under CI
/// (`.ci/run` installs it and sets `KUBECOURS_CI`).
fn actionlint() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Ok(out) = Command::new("go").args(["env", "GOPATH"]).output() {
        dirs.push(PathBuf::from(text(&out.stdout).trim()).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join("go/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join("actionlint"))
        .find(|p| p.is_file())
}

fn under_ci() -> bool {
    ["CI", "KUBECOURS_CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|s| !s.is_empty() && s != "false" && s != "0"))
}

#[test]
fn the_release_workflow_and_the_github_templates_pass_actionlint() {
    let Some(lint) = actionlint() else {
        assert!(
            !under_ci(),
            "actionlint is required under CI: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
        );
        eprintln!("actionlint not installed: skipped");
        return;
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for (dir, pick) in [
        (
            ".github/workflows",
            (|n: &str| n.ends_with(".yml")) as fn(&str) -> bool,
        ),
        ("book/src/ci", |n: &str| {
            n.contains("github") && n.ends_with(".yml")
        }),
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if pick(&p.file_name().unwrap().to_string_lossy()) {
                files.push(p);
            }
        }
    }
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"release.yml".to_string()), "{names:?}");
    assert!(
        names.contains(&"etudiant-github.yml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"enseignant-github.yml".to_string()),
        "{names:?}"
    );
    let out = Command::new(&lint)
        .arg("-no-color")
        .args(&files)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    // And it does catch a mistake (an unknown context, a shell bug when shellcheck is there).
    let bad = tempfile::Builder::new().suffix(".yml").tempfile().unwrap();
    std::fs::write(
        bad.path(),
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new(&lint).arg(bad.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
}

#[test]
fn the_installer_is_posix_sh_for_shellcheck() {
    let found = Command::new("shellcheck").arg("--version").output().is_ok();
    if !found {
        assert!(
            !under_ci(),
            "shellcheck is required under CI (apt-get install shellcheck)"
        );
        eprintln!("shellcheck not installed: skipped");
        return;
    }
    let out = Command::new("shellcheck")
        .args(["-s", "sh"])
        .arg(root().join("book/src/installer.sh"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// The files the binary embeds at compile time, from the `include_str!`,
/// `include_bytes!` and `include_dir!` calls of `src/` (relative to the
/// repository root); every call must be one this reads.
fn embedded_paths() -> Vec<String> {
    let literal = regex::Regex::new(r#"include_(str|bytes)!\(\s*"([^"]+)"\s*\)"#).unwrap();
    let dir = regex::Regex::new(r#"include_dir!\(\s*"\$CARGO_MANIFEST_DIR/([^"]+)"\s*\)"#).unwrap();
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            let calls = ["include_str!(", "include_bytes!(", "include_dir!("]
                .iter()
                .map(|m| src.matches(m).count())
                .sum::<usize>();
            let mut read = 0;
            for c in literal.captures_iter(&src) {
                let file = p.parent().unwrap().join(&c[2]);
                let file = file.canonicalize().unwrap_or_else(|e| {
                    panic!("{}: {} is embedded but missing: {e}", p.display(), &c[2])
                });
                let rel = file.strip_prefix(root().canonicalize().unwrap()).unwrap();
                out.push(rel.to_string_lossy().into_owned());
                read += 1;
            }
            for c in dir.captures_iter(&src) {
                let base = root().join(&c[1]);
                let mut files = vec![base];
                while let Some(f) = files.pop() {
                    if f.is_dir() {
                        files.extend(std::fs::read_dir(&f).unwrap().map(|e| e.unwrap().path()));
                    } else {
                        let rel = f.strip_prefix(root()).unwrap();
                        out.push(rel.to_string_lossy().into_owned());
                    }
                }
                read += 1;
            }
            assert_eq!(
                read,
                calls,
                "{}: an include macro this test cannot read",
                p.display()
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn cargo_package_ships_every_embedded_file_and_not_the_big_fixtures() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = match Command::new(&cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("cargo not available ({e}): skipped");
            return;
        }
    };
    assert!(
        out.status.success(),
        "cargo package --list: {}",
        text(&out.stderr)
    );
    let listed: std::collections::HashSet<String> =
        text(&out.stdout).lines().map(str::to_string).collect();
    let embedded = embedded_paths();
    // The exercises, the book's summary (the course order) and the rules' examples.
    for must in [
        "exercises/01-premier-pod/exercise.toml",
        "book/src/SUMMARY.md",
        "tests/fixtures/rules/image-tag/bad.yaml",
        "src/lsp/fields.toml",
    ] {
        assert!(
            embedded.iter().any(|p| p == must),
            "{must} not found among the embedded files"
        );
    }
    let missing: Vec<&String> = embedded.iter().filter(|p| !listed.contains(*p)).collect();
    assert!(missing.is_empty(), "embedded but not packaged: {missing:?}");
    for must in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "src/lib.rs",
    ] {
        assert!(listed.contains(must), "{must} not packaged");
    }
    // The other tests and their fixtures stay in the repository.
    let extra: Vec<&String> = listed
        .iter()
        .filter(|p| {
            p.starts_with("tests/") && !p.starts_with("tests/fixtures/rules/")
                || p.starts_with("editors/")
                || p.starts_with("manifests/")
        })
        .collect();
    assert!(extra.is_empty(), "packaged but not needed: {extra:?}");
    assert!(
        !listed.iter().any(|p| p.starts_with("book/src/")
            && p.ends_with(".md")
            && p != "book/src/SUMMARY.md")
    );
}
