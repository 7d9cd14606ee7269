//! The student's workspace from the terminal: `check` with no number, `init`
//! run again inside it, paths shown from inside an exercise folder, `lint`
//! with no argument, `watch`'s screen.

use std::path::{Path, PathBuf};
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
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("HOME", dir)
        .env("NO_COLOR", "1");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    kubecours(dir).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// A fresh workspace made by `kubecours init` in a temporary folder.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ws = tmp.path().join("kubecours-exercices");
    assert!(ws.join("kubecours.toml").is_file());
    (tmp, ws)
}

fn set_current(ws: &Path, id: u32) {
    let p = ws.join("kubecours.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("current = ") {
                format!("current = {id}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&p, text + "\n").unwrap();
}

#[test]
fn check_with_no_number_checks_the_current_exercise() {
    let (_tmp, ws) = workspace();
    let out = run(&ws, &["check", "--offline"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Exercice 1 — "),
        "{}",
        stdout(&out)
    );
    // `watch`'s exercise: `current` in kubecours.toml.
    set_current(&ws, 3);
    let out = run(&ws, &["check", "--offline"]);
    assert!(
        stdout(&out).starts_with("Exercice 3 — "),
        "{}",
        stdout(&out)
    );
    // The same as `check 3`.
    let numbered = run(&ws, &["check", "3", "--offline"]);
    assert_eq!(stdout(&numbered), stdout(&out));
    // Inside an exercise folder: that exercise.
    let out = run(&ws.join("05-service-clusterip"), &["check", "--offline"]);
    assert!(
        stdout(&out).starts_with("Exercice 5 — "),
        "{}",
        stdout(&out)
    );
    // Outside a workspace: a clear French error, exit 2.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(elsewhere.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("pas d'espace de travail ici"), "{err}");
    assert!(err.contains("donnez le numéro de l'exercice"), "{err}");
    assert!(err.contains("`kubecours check 3`"), "{err}");
    assert!(stdout(&out).is_empty());
    // With `--dir` the exercise cannot be guessed either.
    let out = run(&ws, &["check", "--offline", "--dir", "01-premier-pod"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("donnez le numéro"),
        "{}",
        stderr(&out)
    );
}

/// Every `kubecours.toml` under `dir`.
fn state_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.file_name().is_some_and(|n| n == "kubecours.toml") {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn init_inside_a_workspace_completes_it_and_never_nests_or_overwrites() {
    let (tmp, ws) = workspace();
    let pod = ws.join("01-premier-pod/pod.yaml");
    let mine = format!("{}\n# ma version\n", std::fs::read_to_string(&pod).unwrap());
    std::fs::write(&pod, &mine).unwrap();
    std::fs::remove_dir_all(ws.join("03-deployment")).unwrap();
    // The student's `service.yml` is their `service.yaml`.
    std::fs::rename(
        ws.join("05-service-clusterip/service.yaml"),
        ws.join("05-service-clusterip/service.yml"),
    )
    .unwrap();
    let out = run(&ws.join("02-labels-selecteurs"), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("espace de travail `..` complété"), "{text}");
    assert!(text.contains("1 fichier(s) ajouté(s)"), "{text}");
    assert!(text.contains("+ 03-deployment/deployment.yaml"), "{text}");
    assert!(text.contains("aucun fichier remplacé"), "{text}");
    assert!(
        text.contains(
            "`05-service-clusterip/service.yml` tient lieu de `05-service-clusterip/service.yaml`"
        ),
        "{text}"
    );
    // The student's file is untouched, the folder is back, no second copy.
    assert_eq!(std::fs::read_to_string(&pod).unwrap(), mine);
    assert!(ws.join("03-deployment/deployment.yaml").is_file());
    assert!(!ws.join("05-service-clusterip/service.yaml").exists());
    assert_eq!(state_files(tmp.path()), vec![ws.join("kubecours.toml")]);
    assert!(!ws.join("02-labels-selecteurs/kubecours-exercices").exists());
    // Run again at the root, and with a folder inside: nothing to add, still no nesting.
    let out = run(&ws, &["init"]);
    assert!(
        stdout(&out).contains("déjà complet : rien à ajouter"),
        "{}",
        stdout(&out)
    );
    let out = run(tmp.path(), &["init", "kubecours-exercices/sous/dossier"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("est dans cet espace de travail"),
        "{}",
        stdout(&out)
    );
    assert!(!ws.join("sous").exists());
    assert_eq!(state_files(tmp.path()), vec![ws.join("kubecours.toml")]);
    assert_eq!(std::fs::read_to_string(&pod).unwrap(), mine);
}

#[test]
fn check_from_inside_an_exercise_folder_shows_the_files_plainly() {
    let (_tmp, ws) = workspace();
    let inside = ws.join("01-premier-pod");
    let files_line = |out: &Output| {
        stdout(out)
            .lines()
            .find(|l| l.starts_with("Fichiers"))
            .unwrap_or_default()
            .to_string()
    };
    let out = run(&inside, &["check", "1", "--offline"]);
    assert_eq!(files_line(&out), "Fichiers : pod.yaml (dossier courant)");
    let out = run(&inside, &["check", "--offline"]);
    assert_eq!(files_line(&out), "Fichiers : pod.yaml (dossier courant)");
    // Another exercise from there: its folder, relative.
    let out = run(&inside, &["check", "3", "--offline"]);
    assert_eq!(
        files_line(&out),
        "Fichiers : ../03-deployment (deployment.yaml)"
    );
    // From the root and with `--dir .`.
    let out = run(&ws, &["check", "1", "--offline"]);
    assert_eq!(files_line(&out), "Fichiers : 01-premier-pod (pod.yaml)");
    let out = run(&inside, &["check", "1", "--offline", "--dir", "."]);
    assert_eq!(files_line(&out), "Fichiers : pod.yaml (dossier courant)");
    // The findings point at the file as the student sees it.
    let out = run(&inside, &["check", "1", "--offline"]);
    assert!(!stdout(&out).contains("--> /"), "{}", stdout(&out));
}

/// The outcome lines of a check (`  ✓ text   2/2`).
fn outcome_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| ["  ✓ ", "  ✗ ", "  ○ "].iter().any(|m| l.starts_with(m)))
        .collect()
}

#[test]
fn the_points_column_lines_up_with_cluster_lines_and_long_texts() {
    let (_tmp, ws) = workspace();
    for n in ["1", "3", "5", "12"] {
        let out = run(&ws, &["check", n, "--offline"]);
        let text = stdout(&out);
        let lines = outcome_lines(&text);
        assert!(lines.len() >= 3, "{text}");
        assert!(lines.iter().any(|l| l.contains("(cluster)")), "{text}");
        let ends: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(
            ends.iter().all(|&e| e == ends[0]),
            "exercise {n}: points columns at {ends:?}:\n{text}"
        );
        for l in &lines {
            let score = l.split_whitespace().last().unwrap();
            assert!(score.contains('/'), "{l}");
        }
    }
}

#[test]
fn watch_redraws_one_screen_and_does_not_claim_offline() {
    use std::io::BufRead;
    use std::time::{Duration, Instant};
    let (_tmp, ws) = workspace();
    let mut child = kubecours(&ws)
        .env("KUBECOURS_WATCH_CLEAR", "1")
        .args(["watch", "1", "--until-pass"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while !seen.contains("En attente d'un enregistrement") {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("watch printed its first check");
        seen.push_str(&line);
        seen.push('\n');
    }
    // A save that still fails: a second screen, drawn over the first.
    let pod = ws.join("01-premier-pod/pod.yaml");
    let text = std::fs::read_to_string(&pod).unwrap();
    std::fs::write(&pod, format!("{text}\n# encore\n")).unwrap();
    while seen.matches("En attente d'un enregistrement").count() < 2 {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("watch re-checked after the save");
        seen.push_str(&line);
        seen.push('\n');
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(seen.matches("\x1b[2J\x1b[H").count(), 2, "{seen:?}");
    assert!(
        !seen.contains("─────"),
        "no separator when clearing: {seen}"
    );
    assert!(!seen.contains("hors ligne"), "{seen}");
    assert!(!seen.contains("--offline"), "{seen}");
    assert!(
        seen.contains("`watch` ne revérifie que vos fichiers"),
        "{seen}"
    );
    // Its points column lines up as well.
    let lines = outcome_lines(&seen);
    let ends: Vec<usize> = lines
        .iter()
        .map(|l| l.trim_start_matches("\x1b[2J\x1b[H").chars().count())
        .collect();
    assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}");
}

#[test]
fn watch_into_a_pipe_does_not_clear() {
    let (_tmp, ws) = workspace();
    let solution =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/01-premier-pod/solution/pod.yaml");
    std::fs::copy(solution, ws.join("01-premier-pod/pod.yaml")).unwrap();
    let out = run(&ws, &["watch", "1", "--until-pass"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Exercice réussi"), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn lint_with_no_argument_lints_the_workspace() {
    let (_tmp, ws) = workspace();
    let out = run(&ws, &["lint", "--format", "json"]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    assert!(
        files.iter().any(|f| f.starts_with("01-premier-pod/")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.starts_with("03-deployment/")),
        "{files:?}"
    );
    assert!(v["summary"]["files"].as_u64().unwrap() >= 16, "{v}");
    // Inside an exercise folder: that folder only.
    let out = run(&ws.join("03-deployment"), &["lint"]);
    let text = stdout(&out);
    assert!(text.contains("--> deployment.yaml:"), "{text}");
    assert!(!text.contains("01-premier-pod"), "{text}");
    assert!(text.contains("dans 1 fichier"), "{text}");
    // Outside a workspace, still `manifests/`.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = run(elsewhere.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`manifests`"), "{}", stderr(&out));
}

#[test]
fn list_shows_each_exercise_chapter_as_the_readme_says() {
    let (_tmp, ws) = workspace();
    let readme = std::fs::read_to_string(ws.join("README.md")).unwrap();
    assert!(
        readme.contains("chapitre indiqué par `kubecours list`"),
        "{readme}"
    );
    let text = stdout(&run(&ws, &["list"]));
    let line = |id: &str| {
        text.lines()
            .find(|l| {
                l.split_whitespace().nth(1) == Some(id) || l.split_whitespace().nth(2) == Some(id)
            })
            .unwrap_or_else(|| panic!("exercise {id} in {text}"))
            .to_string()
    };
    assert!(line("1").ends_with("chapitre Pod"), "{text}");
    assert!(line("3").ends_with("chapitre Deployment"), "{text}");
    assert!(line("5").ends_with("chapitre Service"), "{text}");
    let rows = text.lines().filter(|l| l.contains("chapitre ")).count();
    assert!(rows >= 16, "{text}");
}
