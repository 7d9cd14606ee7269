//! `kubecours lsp` spoken to over its standard input and output, as an
//! editor does: initialize, didOpen, didChange, codeAction, hover,
//! completion, executeCommand, shutdown.

mod common;
mod lsp_client;

use lsp_client::{Client, uri};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_kubecours");

fn seed(dir: &Path) {
    common::copy_dir(&common::root().join("tests/fixtures/lsp/seed"), dir);
}

fn text(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn started(dir: &Path, locale: &str) -> Client {
    let mut c = Client::start(BIN, &[]);
    let init = c.initialize(dir, locale, json!({}));
    let caps = &init["capabilities"];
    assert_eq!(
        caps["textDocumentSync"]["change"], 2,
        "incremental sync: {init}"
    );
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["completionProvider"].is_object());
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(init["serverInfo"]["name"], "kubecours");
    c
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// 0-based line of the first line of `text` that contains `needle`.
fn line_with(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32
}

fn apply(text: &str, edit: &Value) -> String {
    let pos = |p: &Value| {
        let (line, ch) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let l = text[start..].split('\n').next().unwrap();
        start
            + l.char_indices()
                .nth(ch as usize)
                .map_or(l.len(), |(i, _)| i)
    };
    let (a, b) = (pos(&edit["range"]["start"]), pos(&edit["range"]["end"]));
    format!(
        "{}{}{}",
        &text[..a],
        edit["newText"].as_str().unwrap(),
        &text[b..]
    )
}

#[test]
fn a_target_port_that_nothing_listens_on_is_reported_in_french_then_gone_once_fixed() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "fr");
    let svc_text = text(dir.path(), "service.yaml");
    // Only the Service is open: its Deployment is read from the folder.
    let svc = c.open(&dir.path().join("service.yaml"), &svc_text);
    let diags = c.diagnostics(&svc, Some(1));
    let stp = with_code(&diags, "service-target-port");
    assert_eq!(stp.len(), 1, "{diags:#?}");
    let d = stp[0];
    let line = line_with(&svc_text, "targetPort: 8080");
    assert_eq!(d["range"]["start"], json!({"line": line, "character": 18}));
    assert_eq!(d["range"]["end"], json!({"line": line, "character": 22}));
    // A number no container declares is a warning (`containerPort` is informational).
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "kubecours");
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.starts_with("le port `https` du Service `flask-service` envoie le trafic au port 8080, qu'aucun conteneur de Deployment `flask-app` ne déclare (ports déclarés : 5000)"),
        "{msg}"
    );
    assert!(msg.contains("\naide : écrivez `targetPort: 5000`"), "{msg}");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://kubecours.kub.sspcloud.fr/service.html#les-ports"
    );
    // The student types the fix: 8080 becomes 5000, one keystroke at a time.
    c.change(&svc, 2, [line, 18, line, 22], "");
    c.change(&svc, 3, [line, 18, line, 18], "5");
    c.change(&svc, 4, [line, 19, line, 19], "000");
    let diags = c.diagnostics(&svc, Some(4));
    assert!(
        with_code(&diags, "service-target-port").is_empty(),
        "{diags:#?}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn hover_on_target_port_shows_its_french_doc() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "fr");
    let svc_text = text(dir.path(), "service.yaml");
    let svc = c.open(&dir.path().join("service.yaml"), &svc_text);
    c.diagnostics(&svc, Some(1));
    // On the key of the first port (no finding there): the field's doc only.
    let line = line_with(&svc_text, "targetPort: 5000");
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": svc}, "position": {"line": line, "character": 9}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(
        md.starts_with("**`targetPort`** — Service · `spec.ports[0].targetPort`"),
        "{md}"
    );
    assert!(
        md.contains("Le port des Pods vers lequel le Service envoie le trafic"),
        "{md}"
    );
    assert!(md.contains("- Type : nombre entier ou chaîne"), "{md}");
    assert!(md.contains("- Par défaut : la valeur de `port`"), "{md}");
    assert!(md.contains("service.html#les-ports"), "{md}");
    // On the faulty value: the field, then the rule's explanation.
    let line = line_with(&svc_text, "targetPort: 8080");
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": svc}, "position": {"line": line, "character": 20}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("spec.ports[1].targetPort"), "{md}");
    assert!(md.contains("#### `service-target-port`"), "{md}");
    assert!(md.contains("##### Pourquoi"), "{md}");
    assert_eq!(h["range"]["start"]["line"], line);
    // Nothing under the cursor: no hover.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": svc}, "position": {"line": 0, "character": 0}}),
    );
    assert!(h.is_null(), "{h}");
    assert!(c.shutdown().success());
}

#[test]
fn the_quick_fix_for_a_misspelt_field_renames_it() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let dep_text = text(dir.path(), "deployment.yaml").replace("containerPort", "contanierPort");
    std::fs::write(dir.path().join("deployment.yaml"), &dep_text).unwrap();
    let mut c = started(dir.path(), "fr");
    let dep = c.open(&dir.path().join("deployment.yaml"), &dep_text);
    let diags = c.diagnostics(&dep, Some(1));
    let uf = with_code(&diags, "unknown-field");
    assert_eq!(uf.len(), 1, "{diags:#?}");
    // Severities: the API server rejects it (error); advice is information.
    assert_eq!(uf[0]["severity"], 1);
    assert_eq!(with_code(&diags, "replicas")[0]["severity"], 3);
    assert_eq!(with_code(&diags, "image-pull-never")[0]["severity"], 2);
    let line = line_with(&dep_text, "contanierPort");
    assert_eq!(
        uf[0]["range"]["start"],
        json!({"line": line, "character": 14})
    );
    assert!(
        uf[0]["message"]
            .as_str()
            .unwrap()
            .contains("vouliez-vous dire `containerPort` ?")
    );
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": dep},
            "range": uf[0]["range"],
            "context": {"diagnostics": [uf[0]], "only": ["quickfix"]},
        }),
    );
    let actions = actions.as_array().unwrap();
    let rename: Vec<&Value> = actions
        .iter()
        .filter(|a| a["diagnostics"][0]["code"] == "unknown-field")
        .collect();
    assert_eq!(rename.len(), 1, "{actions:#?}");
    let a = rename[0];
    assert_eq!(a["title"], "Renommer en `containerPort`");
    assert_eq!(a["kind"], "quickfix");
    assert_eq!(a["isPreferred"], true);
    let edits = a["edit"]["changes"][&dep].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0],
        json!({
            "range": {"start": {"line": line, "character": 14}, "end": {"line": line, "character": 27}},
            "newText": "containerPort",
        })
    );
    // Applied, the field is known again.
    let fixed = apply(&dep_text, &edits[0]);
    assert!(fixed.contains("- containerPort: 5000"));
    c.change_all(&dep, 2, &fixed);
    let diags = c.diagnostics(&dep, Some(2));
    assert!(with_code(&diags, "unknown-field").is_empty(), "{diags:#?}");
    // A stale range (the text changed since): no action is offered.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": dep}, "range": uf[0]["range"], "context": {"diagnostics": []}}),
    );
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["title"] != "Renommer en `containerPort`")
    );
    assert!(c.shutdown().success());
}

/// Applies edits that do not overlap (from the last to the first).
fn apply_all(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<&Value> = edits.iter().collect();
    let key = |e: &Value| {
        (
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        )
    };
    edits.sort_by_key(|e| std::cmp::Reverse(key(e)));
    edits
        .into_iter()
        .fold(text.to_string(), |t, e| apply(&t, e))
}

#[test]
fn a_flattened_paste_is_reindented_by_a_quick_fix() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let original = text(dir.path(), "service.yaml");
    let flat: String = original
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    std::fs::write(dir.path().join("service.yaml"), &flat).unwrap();
    let mut c = started(dir.path(), "fr");
    let svc = c.open(&dir.path().join("service.yaml"), &flat);
    let diags = c.diagnostics(&svc, Some(1));
    let a = actions_for(&mut c, &svc, &diags, "yaml-flattened");
    assert_eq!(a.len(), 1, "{a:#?}");
    let title = a[0]["title"].as_str().unwrap();
    assert!(
        title.starts_with("Réindenter le fichier d'après le schéma de Kubernetes"),
        "{title}"
    );
    let edits = a[0]["edit"]["changes"][&svc].as_array().unwrap();
    // Only leading spaces change.
    assert!(edits.iter().all(|e| e["range"]["start"]["character"] == 0
        && e["newText"].as_str().unwrap().chars().all(|c| c == ' ')));
    let fixed = apply_all(&flat, edits);
    assert_eq!(fixed.lines().count(), flat.lines().count());
    c.change_all(&svc, 2, &fixed);
    let diags = c.diagnostics(&svc, Some(2));
    assert!(
        with_code(&diags, "yaml-flattened").is_empty(),
        "{fixed}\n{diags:#?}"
    );
    // The structure is back: the cross-object rule sees the Service's ports again.
    assert_eq!(
        with_code(&diags, "service-target-port").len(),
        1,
        "{fixed}\n{diags:#?}"
    );
    assert!(c.shutdown().success());
}

/// The code actions of every diagnostic of `code` in `uri`.
fn actions_for(c: &mut Client, uri: &str, diags: &[Value], code: &str) -> Vec<Value> {
    let d = with_code(diags, code);
    assert!(!d.is_empty(), "no {code} in {diags:#?}");
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d[0]["range"], "context": {"diagnostics": [d[0]]}}),
    )
    .as_array()
    .unwrap()
    .iter()
    .filter(|a| a["diagnostics"][0]["code"] == code)
    .cloned()
    .collect()
}

#[test]
fn the_other_mechanical_fixes() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "fr");
    // `targetPort` → the declared port.
    let svc_text = text(dir.path(), "service.yaml");
    let svc = c.open(&dir.path().join("service.yaml"), &svc_text);
    let diags = c.diagnostics(&svc, Some(1));
    let a = actions_for(&mut c, &svc, &diags, "service-target-port");
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(
        a[0]["title"],
        "Écrire `targetPort: 5000` (le `containerPort` déclaré)"
    );
    let fixed = apply(&svc_text, &a[0]["edit"]["changes"][&svc][0]);
    assert!(fixed.contains("targetPort: 5000\n") && !fixed.contains("targetPort: 8080"));

    // `imagePullPolicy: Never` removed with its line.
    let dep_text = text(dir.path(), "deployment.yaml");
    let dep = c.open(&dir.path().join("deployment.yaml"), &dep_text);
    let diags = c.diagnostics(&dep, Some(1));
    let a = actions_for(&mut c, &dep, &diags, "image-pull-never");
    assert_eq!(a.len(), 1, "{a:#?}");
    assert!(
        a[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Supprimer la ligne `imagePullPolicy: Never`")
    );
    let fixed = apply(&dep_text, &a[0]["edit"]["changes"][&dep][0]);
    assert!(!fixed.contains("imagePullPolicy"));
    assert!(fixed.contains("image: toniocs/flask-app:prod\n          ports:"));

    // An environment variable's number, quoted.
    let env_text = dep_text.replace(
        "          ports:\n",
        "          env:\n            - name: PORT\n              value: 5000\n          ports:\n",
    );
    c.change_all(&dep, 2, &env_text);
    let diags = c.diagnostics(&dep, Some(2));
    let a = actions_for(&mut c, &dep, &diags, "field-type");
    assert_eq!(a[0]["title"], "Mettre la valeur entre guillemets");
    let fixed = apply(&env_text, &a[0]["edit"]["changes"][&dep][0]);
    assert!(fixed.contains("value: \"5000\"\n"), "{fixed}");
    assert!(c.shutdown().success());
}

#[test]
fn completion_offers_the_fields_of_the_schema_at_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "fr");
    let dep_text = text(dir.path(), "deployment.yaml").replace(
        "          imagePullPolicy: Never\n",
        "          imagePullPolicy: Never\n          re\n",
    );
    let dep = c.open(&dir.path().join("deployment.yaml"), &dep_text);
    c.diagnostics(&dep, Some(1));
    let line = line_with(&dep_text, "          re");
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": dep}, "position": {"line": line, "character": 12}}),
    );
    let items = items.as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for want in ["resources", "readinessProbe", "env", "livenessProbe"] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    // Already written in this container: not offered again.
    for already in ["name", "image", "imagePullPolicy", "ports"] {
        assert!(!labels.contains(&already), "{already} in {labels:?}");
    }
    let res = items.iter().find(|i| i["label"] == "resources").unwrap();
    assert_eq!(res["detail"], "objet");
    assert_eq!(
        res["textEdit"],
        json!({
            "range": {"start": {"line": line, "character": 10}, "end": {"line": line, "character": 12}},
            "newText": "resources:\n            ",
        })
    );
    assert!(
        res["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("réserve")
    );
    let env = items.iter().find(|i| i["label"] == "env").unwrap();
    assert_eq!(env["textEdit"]["newText"], "env:\n            - ");
    // A Service's port, in a new list item.
    let svc_text = text(dir.path(), "service.yaml").replace(
        "      targetPort: 8080\n",
        "      targetPort: 8080\n    - \n",
    );
    let svc = c.open(&dir.path().join("service.yaml"), &svc_text);
    let line = svc_text.lines().position(|l| l == "    - ").unwrap() as u32;
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": svc}, "position": {"line": line, "character": 6}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"targetPort") && labels.contains(&"port"),
        "{labels:?}"
    );
    // On a value: nothing.
    let line = line_with(&svc_text, "type: NodePort");
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": svc}, "position": {"line": line, "character": 10}}),
    );
    assert_eq!(items, json!([]));
    assert!(c.shutdown().success());
}

#[test]
fn messages_follow_the_editor_locale() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "en-US");
    let svc = c.open(
        &dir.path().join("service.yaml"),
        &text(dir.path(), "service.yaml"),
    );
    let diags = c.diagnostics(&svc, Some(1));
    let d = with_code(&diags, "service-target-port")[0];
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.starts_with("port `https` of Service `flask-service` sends traffic to port 8080"),
        "{msg}"
    );
    assert!(msg.contains("\nhelp: write `targetPort: 5000`"), "{msg}");
    let a = actions_for(&mut c, &svc, &diags, "service-target-port");
    assert_eq!(
        a[0]["title"],
        "Write `targetPort: 5000` (the declared `containerPort`)"
    );
    assert!(c.shutdown().success());
    // `initializationOptions.lang` wins over the locale.
    let mut c = Client::start(BIN, &[]);
    c.initialize(dir.path(), "en", json!({"lang": "fr"}));
    let svc = c.open(
        &dir.path().join("service.yaml"),
        &text(dir.path(), "service.yaml"),
    );
    let diags = c.diagnostics(&svc, Some(1));
    assert!(
        with_code(&diags, "service-target-port")[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("le port")
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_keystroke_checks_its_folder_only_and_bursts_are_debounced() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    seed(&a);
    seed(&b);
    let mut c = Client::start(BIN, &[]);
    c.initialize(dir.path(), "fr", json!({"debounceMs": 150}));
    let sa = c.open(&a.join("service.yaml"), &text(&a, "service.yaml"));
    let sb = c.open(&b.join("service.yaml"), &text(&b, "service.yaml"));
    c.diagnostics(&sa, Some(1));
    c.diagnostics(&sb, Some(1));
    // The Deployment of folder `a`, closed, was checked with it.
    let da = uri(&a.join("deployment.yaml"));
    assert!(!c.diagnostics(&da, None).is_empty());
    c.drain(Duration::from_millis(300));
    // A burst of 20 keystrokes in `a` (a comment typed at the end).
    let lines = text(&a, "service.yaml").lines().count() as u32;
    for (i, ch) in "# une note pour moi"
        .chars()
        .chain(" !".chars())
        .enumerate()
    {
        let v = 2 + i as i64;
        let col = i as u32;
        c.change(&sa, v, [lines, col, lines, col], &ch.to_string());
    }
    let last = 2 + 20;
    let diags = c.diagnostics(&sa, Some(last));
    assert_eq!(with_code(&diags, "service-target-port").len(), 1);
    let seen = c.drain(Duration::from_millis(400));
    let published: Vec<&Value> = seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    // Nothing for folder `b`; the closed Deployment of `a` is unchanged, so not sent again.
    assert!(
        published.iter().all(|m| m["params"]["uri"] == sa),
        "{published:#?}"
    );
    // The burst was checked far fewer times than it had keystrokes.
    let versions: Vec<&Value> = published.iter().map(|m| &m["params"]["version"]).collect();
    assert!(versions.len() <= 2, "{versions:?}");
    assert!(c.shutdown().success());
}

#[test]
fn closing_a_file_checks_its_folder_as_saved_and_untitled_buffers_alone() {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut c = started(dir.path(), "fr");
    let svc_path = dir.path().join("service.yaml");
    let svc = c.open(&svc_path, &text(dir.path(), "service.yaml"));
    c.diagnostics(&svc, Some(1));
    // Unsaved fix, then closed without saving: the file on disk still has the error.
    c.change_all(
        &svc,
        2,
        &text(dir.path(), "service.yaml").replace("8080", "5000"),
    );
    assert!(with_code(&c.diagnostics(&svc, Some(2)), "service-target-port").is_empty());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": svc}}),
    );
    let diags = c.diagnostics(&svc, None);
    assert_eq!(with_code(&diags, "service-target-port").len(), 1);
    // An untitled buffer is checked alone.
    let u = "untitled:Untitled-1";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 1,
               "text": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      contanierPort: 80\n"}}),
    );
    let diags = c.diagnostics(u, Some(1));
    assert_eq!(with_code(&diags, "unknown-field").len(), 1, "{diags:#?}");
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert!(c.diagnostics(u, None).is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn bad_input_is_findings_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = started(dir.path(), "fr");
    let cases = [
        "apiVersion: v1\nkind: [unclosed\n",
        "apiVersion: v1\nkind: Pod\n\tmetadata: x\n",
        "apiVersion: v1\nkind: Pod\nmetadata: &a [*a]\n",
        "kind: \"\\uD800\"\napiVersion: 😀😀\n",
        "{\"apiVersion\": \"v1\", \"kind\":",
    ];
    for (i, t) in cases.iter().enumerate() {
        let u = c.open(&dir.path().join(format!("bad{i}.yaml")), t);
        let diags = c.diagnostics(&u, Some(1));
        assert!(!diags.is_empty(), "{t}");
        // Hover and completion anywhere in a broken file.
        for line in 0..4 {
            for ch in [0, 3, 40] {
                let p = json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}});
                c.request("textDocument/hover", p.clone());
                c.request("textDocument/completion", p);
            }
        }
    }
    // A change past the end of the document, and unknown or malformed requests.
    let u = uri(&dir.path().join("bad0.yaml"));
    c.change(&u, 2, [99, 99, 120, 0], "x");
    c.diagnostics(&u, Some(2));
    let r = c.request_full("textDocument/hover", json!({"nonsense": true}));
    assert!(r["result"].is_null(), "{r}");
    let r = c.request_full("kubecours/nope", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request_full("workspace/executeCommand", json!({"command": 3}));
    assert!(r.get("error").is_some(), "{r}");
    // Still alive.
    let r = c.request("kubecours/status", json!({"uri": u}));
    assert_eq!(r["workspace"], false);
    assert!(c.shutdown().success());
}

#[test]
fn the_server_ends_when_the_client_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = started(dir.path(), "fr");
    c.open(&dir.path().join("x.yaml"), "apiVersion: v1\nkind: Pod\n");
    assert!(c.hang_up().success());
    // Broken framing ends the connection too, without a panic.
    let mut c = started(dir.path(), "fr");
    c.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    let status = c.hang_up();
    assert!(status.code().is_some(), "{status:?}");
}

#[test]
fn the_exercise_status_and_the_check_and_hint_commands() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let st = std::process::Command::new(BIN)
        .args(["init"])
        .arg(&ws)
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert!(st.status.success());
    let ex = ws.join("05-service-clusterip");
    let mut c = Client::start(BIN, &[]);
    c.initialize(&ws, "fr", json!({"checkOffline": true}));
    let svc = c.open(&ex.join("service.yaml"), &text(&ex, "service.yaml"));
    let s = c.request("kubecours/status", json!({"uri": svc}));
    assert_eq!(s["workspace"], true);
    assert_eq!(s["exercise"], 5);
    assert_eq!(s["status"], "todo");
    assert!(
        s["label"].as_str().unwrap().starts_with("Exercice 5 : –/"),
        "{s}"
    );
    // "Vérifier l'exercice": the starter fails.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kubecours.runCheck", "arguments": [{"uri": svc}]}),
    );
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["passed"], false);
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .starts_with("Exercice 5 pas encore réussi"),
        "{r}"
    );
    assert!(
        r["text"].as_str().unwrap().contains("service-target-port")
            || r["text"].as_str().unwrap().contains("selector"),
        "{r}"
    );
    assert_eq!(r["status"]["status"], "failed");
    // Recorded in the workspace, as `kubecours check 5` would.
    let state = std::fs::read_to_string(ws.join("kubecours.toml")).unwrap();
    assert!(
        state.contains("[exercises.5]") && state.contains("status = \"failed\""),
        "{state}"
    );
    // "Indice suivant": one more each time.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kubecours.runHint", "arguments": [{"uri": svc}]}),
    );
    assert!(
        r["summary"].as_str().unwrap().starts_with("Indice 1/"),
        "{r}"
    );
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kubecours.runHint", "arguments": [svc]}),
    );
    assert!(
        r["summary"].as_str().unwrap().starts_with("Indice 2/"),
        "{r}"
    );
    // The solution passes and the status says so.
    for f in ["service.yaml", "deployment.yaml"] {
        let sol = common::root()
            .join("exercises/05-service-clusterip/solution")
            .join(f);
        if sol.is_file() {
            std::fs::copy(sol, ex.join(f)).unwrap();
        }
    }
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": svc}}),
    );
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kubecours.runCheck", "arguments": [{"uri": uri(&ex.join("service.yaml"))}]}),
    );
    assert_eq!(r["passed"], true, "{}", r["text"]);
    assert!(r["status"]["label"].as_str().unwrap().ends_with('✓'), "{r}");
    // Outside a workspace: a message that says what to do.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "kubecours.runCheck", "arguments": [{"uri": uri(&dir.path().join("x.yaml"))}]}),
    );
    assert_eq!(r["ok"], false);
    assert!(
        r["text"].as_str().unwrap().contains("kubecours init"),
        "{r}"
    );
    assert!(c.shutdown().success());
}
