//! A synthetic class of students, for benchmarks and load tests.
//!
//! Each student `etudiant-NNNN` hands in four files in their own folder:
//! `deployment.yaml` (a Deployment), `service.yaml` (a Service),
//! `ingress.yaml` (an Ingress) and `config.yaml` (a ConfigMap and a Secret):
//! five resources and about 150 lines per student. One student in seven makes
//! a typical mistake (a `targetPort` matching no `containerPort`, a misspelt
//! field, a `latest` tag, a quoted `replicas`), so that the rules have
//! findings to produce. The output is deterministic.
//!
//! 2,000 students give 8,000 files and 10,000 resources: the benchmark corpus.
//!
//! Two layouts ([`Layout`]): one namespace per student (every object says
//! `metadata.namespace: etudiant-NNNN`), or the class folder as instructors
//! really get it, with no `metadata.namespace` at all and the same names
//! (`application`, `configuration`…) in every student's folder.

/// How the students' objects are placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `metadata.namespace: etudiant-NNNN` in every object.
    Namespaced,
    /// No `metadata.namespace`: every student's objects have the same
    /// kinds and names, in the default namespace.
    Class,
}

/// One generated file: relative path and content.
pub struct CorpusFile {
    pub path: String,
    pub text: String,
}

/// The files of one student, one namespace per student.
pub fn student(i: usize) -> Vec<CorpusFile> {
    student_in(i, Layout::Namespaced)
}

/// The files of one student, in the given layout.
pub fn student_in(i: usize, layout: Layout) -> Vec<CorpusFile> {
    let ns = format!("etudiant-{i:04}");
    let ns_line = match layout {
        Layout::Namespaced => format!("\n  namespace: {ns}"),
        Layout::Class => String::new(),
    };
    let mistake = i % 7;
    let port = [8000, 5000, 8080][i % 3];
    let target = if mistake == 1 { port + 1 } else { port };
    let tag = if mistake == 2 {
        "latest".to_string()
    } else {
        format!("1.{}.0", i % 5)
    };
    let replicas = if mistake == 3 { "\"2\"" } else { "2" };
    let port_key = if mistake == 4 {
        "contanierPort"
    } else {
        "containerPort"
    };
    let deployment = format!(
        r#"# Déploiement de l'application de {ns}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: application{ns_line}
  labels:
    app: application
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: application
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app: application
    spec:
      containers:
        - name: application
          image: registry.example.org/{ns}/application:{tag}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              {port_key}: {port}
          envFrom:
            - configMapRef:
                name: configuration
            - secretRef:
                name: secrets-application
          env:
            - name: PORT
              value: "{port}"
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /health
              port: http
            initialDelaySeconds: 10
"#
    );
    let service = format!(
        r#"apiVersion: v1
kind: Service
metadata:
  name: application{ns_line}
spec:
  type: ClusterIP
  selector:
    app: application
  ports:
    - name: http
      port: 80
      targetPort: {target}
"#
    );
    let ingress = format!(
        r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: application{ns_line}
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - {ns}.kub.sspcloud.fr
  rules:
    - host: {ns}.kub.sspcloud.fr
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: application
                port:
                  number: 80
"#
    );
    let config = format!(
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: configuration{ns_line}
data:
  APP_TITLE: "Application de {ns}"
  LOG_LEVEL: "info"
  API_URL: "https://{ns}.kub.sspcloud.fr/api"
---
apiVersion: v1
kind: Secret
metadata:
  name: secrets-application{ns_line}
type: Opaque
stringData:
  API_KEY: "changez-moi"
  DATABASE_PASSWORD: "changez-moi"
"#
    );
    [
        ("deployment", deployment),
        ("service", service),
        ("ingress", ingress),
        ("config", config),
    ]
    .into_iter()
    .map(|(name, text)| CorpusFile {
        path: format!("{ns}/{name}.yaml"),
        text,
    })
    .collect()
}

/// A whole class, one namespace per student.
pub fn class(students: usize) -> Vec<CorpusFile> {
    class_in(students, Layout::Namespaced)
}

/// A whole class, in the given layout.
pub fn class_in(students: usize, layout: Layout) -> Vec<CorpusFile> {
    (0..students).flat_map(|i| student_in(i, layout)).collect()
}

/// Writes a class under `dir` (one namespace per student); returns the
/// number of files.
pub fn write_class(dir: &std::path::Path, students: usize) -> std::io::Result<usize> {
    write_class_in(dir, students, Layout::Namespaced)
}

/// Writes a class under `dir` in the given layout; returns the number of files.
pub fn write_class_in(
    dir: &std::path::Path,
    students: usize,
    layout: Layout,
) -> std::io::Result<usize> {
    let files = class_in(students, layout);
    for f in &files {
        let p = dir.join(&f.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, &f.text)?;
    }
    Ok(files.len())
}

/// A class of submissions for `kubecours grade`: `students` folders
/// `etudiant-NNNN/NN-slug/…`, each exercise handed in as its solution, its
/// starter or one of its known mistakes, in turn (deterministic). Returns the
/// number of files written.
pub fn write_submissions(
    dir: &std::path::Path,
    students: usize,
    catalog: &crate::exercise::Catalog,
) -> std::io::Result<usize> {
    let mut n = 0;
    for i in 0..students {
        let student = dir.join(format!("etudiant-{i:04}"));
        for ex in &catalog.exercises {
            let variants = 2 + ex.mistakes.len();
            let files = match (i + ex.spec.id as usize) % variants {
                0 => ex.solution.clone(),
                1 => ex.starter.clone(),
                k => ex.mistake_files(&ex.mistakes[k - 2]),
            };
            let d = student.join(&ex.dir_name);
            std::fs::create_dir_all(&d)?;
            for (name, bytes) in files {
                std::fs::write(d.join(name), bytes)?;
                n += 1;
            }
        }
    }
    Ok(n)
}
