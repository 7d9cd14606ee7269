//! Tests of the re-indentation.

use super::*;

fn flat(s: &str) -> String {
    s.lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn same(a: &str, b: &str) -> bool {
    let pa = crate::yaml::parse_stream(a, Default::default());
    let pb = crate::yaml::parse_stream(b, Default::default());
    pb.issues.is_empty()
        && pa.documents.len() == pb.documents.len()
        && pa
            .documents
            .iter()
            .zip(&pb.documents)
            .all(|(x, y)| x.root.to_json() == y.root.to_json())
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
  namespace: demo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
              name: http
          env:
            - name: A
              value: \"1\"
        - name: sidecar
          image: busybox:1.36
          command:
            - sleep
            - \"3600\"
          resources:
            limits:
              cpu: 100m
            requests:
              memory: 64Mi
      volumes:
        - name: data
          emptyDir: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  nginx.conf: |
    server {
    listen 80;
    }
  other: value
";

#[test]
fn rebuilds_a_flattened_deployment() {
    let r = rebuild(&flat(DEPLOYMENT));
    assert!(same(DEPLOYMENT, &r.text), "{}", r.text);
    assert_eq!(r.choices.len(), 1, "{:?}", r.choices);
    assert_eq!(r.choices[0].line, 27);
    assert!(r.choices[0].kept_place.ends_with("containers"));
    assert!(r.choices[0].other_place.ends_with("env"));
}

#[test]
fn keeps_lines_and_comments() {
    let text = "# un Pod\napiVersion: v1\nkind: Pod\nmetadata:\n# le nom\nname: p\nspec:\ncontainers:\n- name: c\nimage: nginx:1.27\n";
    let r = rebuild(text);
    assert_eq!(r.text.lines().count(), text.lines().count());
    assert!(r.text.contains("\n  # le nom\n  name: p\n"), "{}", r.text);
    assert!(
        r.text.contains("\n    - name: c\n      image: nginx:1.27"),
        "{}",
        r.text
    );
}

#[test]
fn secret_type_after_string_data_closes_it() {
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\nname: s\nstringData:\nuser: a\npassword: b\ntype: Opaque\n";
    let r = rebuild(text);
    assert!(r.text.ends_with("\ntype: Opaque\n"), "{}", r.text);
    assert!(r.text.contains("\n  password: b\n"), "{}", r.text);
}

#[test]
fn repair_leaves_good_files_alone() {
    assert!(repair(DEPLOYMENT).is_none());
    assert!(repair(&flat(DEPLOYMENT)).is_some());
}

#[test]
fn a_last_blank_line_without_newline_stays_a_line() {
    // Found by the `reindent` fuzz target: a stream ending in a line of
    // blanks (or a lone `\r`) with no end of line lost that line, and
    // with it the line numbers of what follows in a document.
    for text in [
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: backend\n    ",
        "\r",
        "kind: Pod\n \t",
    ] {
        let out = rebuild(text).text;
        assert_eq!(
            out.lines().count(),
            text.lines().count(),
            "{text:?} -> {out:?}"
        );
    }
    assert_eq!(rebuild("kind: Pod\n  ").text, "kind: Pod\n\n");
}
