//! Extending kubecours in one file: a rule, a cluster diagnosis and a report
//! format are each defined below, in one place, and run through the same
//! machinery as the shipped ones — the engine, the writer of every format in
//! both languages, `kubecours explain`'s documentation — with no edit
//! anywhere else. (Shipping one in the tree is the same file under
//! `src/rules/`, `src/cluster/diagnoses/AREA/` or `src/report/`, plus its
//! line in the registry, which a test requires.)

use kubecours::catalogue;
use kubecours::cluster::Snapshot;
use kubecours::cluster::diagnoses::cx::{self, Cx, Scope};
use kubecours::color::Paint;
use kubecours::diag::{Area, Basis, Code, Family, Finding, Msg, Note, Severity};
use kubecours::engine::{self, Options};
use kubecours::i18n::{Lang, Text};
use kubecours::manifest::Object;
use kubecours::msg;
use kubecours::report::model::ExerciseRef;
use kubecours::report::{self, Command, Format, Report, Subject};
use kubecours::rules::{self, Check, ObjCx, Rule};
use kubecours::source::SourceFile;
use kubecours::yaml::Node;

// ---------------------------------------------------------------- a rule

const BAD: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
";

const GOOD: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    equipe: front
spec:
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
";

/// `team-label`: every Deployment says which team owns it.
static TEAM_LABEL: Rule = Rule {
    code: Code {
        id: "team-label",
        family: Family::Pitfall,
        severity: Severity::Warning,
        basis: Basis::Judgement,
        chapter: "deployment.md",
        summary: Text {
            fr: "Un Deployment sans label `equipe`",
            en: "A Deployment with no `equipe` label",
        },
        what: Text {
            fr: "Signale un Deployment dont `metadata.labels` n'a pas de clé `equipe`.",
            en: "Flags a Deployment whose `metadata.labels` has no `equipe` key.",
        },
        why: Text {
            fr: "Sur un cluster partagé, on doit savoir à qui appartient chaque application.",
            en: "On a shared cluster, one must know whom each application belongs to.",
        },
        fix: Text::EMPTY,
        bad: BAD,
        good: GOOD,
    },
    check: Check::Object(team_label),
};

fn team_label(cx: &ObjCx, obj: &Object, out: &mut Vec<Finding>) {
    if obj.kind != "Deployment" || obj.root.at("metadata.labels.equipe").is_some() {
        return;
    }
    let Some(at) = obj.root.get("metadata") else {
        return;
    };
    let name = &obj.name;
    out.push(cx.finding(
        &TEAM_LABEL,
        obj,
        at.span,
        msg!(
            "le Deployment `{name}` ne dit pas quelle équipe le possède",
            "Deployment `{name}` does not say which team owns it",
            name
        ),
        msg!(
            "ajoutez `equipe: NOM` sous `metadata.labels`",
            "add `equipe: NAME` under `metadata.labels`"
        ),
    ));
}

/// The registry, and this one rule beside it.
fn with_team_label() -> &'static [&'static Rule] {
    let mut all: Vec<&'static Rule> = rules::ALL.to_vec();
    all.push(&TEAM_LABEL);
    Vec::leak(all)
}

fn lint(yaml: &str, rules: &'static [&'static Rule]) -> engine::Run {
    engine::lint_sources(
        vec![SourceFile::from_text("web.yaml", yaml)],
        &Options {
            rules,
            ..Options::default()
        },
    )
}

#[test]
fn a_rule_defined_in_one_file_runs_and_reports_in_every_format_and_language() {
    let rules = with_team_label();
    let bad = lint(BAD, rules);
    let found: Vec<&Finding> = bad
        .findings
        .iter()
        .filter(|f| f.id() == "team-label")
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", bad.findings);
    assert_eq!(found[0].pos.line, 4, "on the metadata: {:?}", found[0].pos);
    assert!(
        lint(GOOD, rules)
            .findings
            .iter()
            .all(|f| f.id() != "team-label")
    );
    // The registry alone does not know it.
    assert!(
        lint(BAD, rules::ALL)
            .findings
            .iter()
            .all(|f| f.id() != "team-label")
    );

    let r = Report::new(
        Command::Lint,
        vec![Subject::lint(&bad.files, &bad.findings)],
    );
    let formats: Vec<&Format> = report::FORMATS
        .iter()
        .copied()
        .filter(|f| f.fits(Command::Lint))
        .collect();
    assert!(
        formats.len() >= 6,
        "lint fits human, json, sarif, junit, github, gitlab"
    );
    for f in formats {
        let fr = report::write(f, &r, Lang::Fr, Paint::plain());
        let en = report::write(f, &r, Lang::En, Paint::plain());
        assert!(
            fr.contains("team-label") && en.contains("team-label"),
            "{}",
            f.name
        );
        assert!(fr.contains("ne dit pas quelle équipe"), "{}:\n{fr}", f.name);
        assert!(en.contains("does not say which team"), "{}:\n{en}", f.name);
        assert!(
            !en.contains("équipe le possède"),
            "{}: French in English",
            f.name
        );
    }
    // `kubecours explain` and the book's catalogue render it like the others.
    let doc = catalogue::explain(&TEAM_LABEL.code, Lang::Fr, Paint::plain());
    assert!(doc.contains("Un Deployment sans label `equipe`"), "{doc}");
    assert!(doc.contains("equipe: front"), "its good example: {doc}");
    let md = catalogue::markdown(&TEAM_LABEL.code, Lang::En, "###");
    assert!(md.contains("On a shared cluster"), "{md}");
}

// ------------------------------------------------------------ a diagnosis

/// `pod-evicted`: a Pod the kubelet evicted (the node ran short of memory or disk).
static POD_EVICTED: Code = cx::code(
    "pod-evicted",
    Area::Containers,
    Severity::Error,
    "diagnostiquer.md",
    cx::text("Un Pod expulsé de son nœud", "A Pod evicted from its node"),
    cx::text(
        "Le Pod est en phase `Failed` avec la raison `Evicted` : le kubelet l'a arrêté.",
        "The Pod is in phase `Failed` with reason `Evicted`: the kubelet stopped it.",
    ),
    cx::text(
        "Un Pod expulsé ne revient pas seul ; un Deployment en recrée un ailleurs.",
        "An evicted Pod does not come back by itself; a Deployment creates another elsewhere.",
    ),
    cx::text(
        "Déclarez des `resources.requests` réalistes pour que le scheduler place le Pod sur un nœud qui a la place.",
        "Declare realistic `resources.requests` so that the scheduler places the Pod on a node with room.",
    ),
);

fn pod_evicted(cx: &Cx, ns: &str, out: &mut Vec<Finding>) {
    for pod in cx.snap.of_kind("Pod", ns) {
        let reason = pod.root.at("status.reason").and_then(Node::as_str);
        if reason != Some("Evicted") {
            continue;
        }
        let name = &pod.name;
        let f = cx::finding(
            &POD_EVICTED,
            cx::pod_ref(pod, ns),
            msg!(
                "le Pod `{name}` a été expulsé de son nœud",
                "Pod `{name}` was evicted from its node",
                name
            ),
            msg!(
                "regardez `kubectl describe pod {name}`, puis déclarez des `resources.requests`",
                "read `kubectl describe pod {name}`, then declare `resources.requests`",
                name
            ),
            None,
        );
        let said = pod
            .root
            .at("status.message")
            .and_then(Node::as_str)
            .map(String::from);
        out.push(cx::said(f, said));
    }
}

const LIVE_PODS: &str = "apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: alice}
status:
  phase: Failed
  reason: Evicted
  message: 'The node was low on resource: memory.'
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: alice}
status: {phase: Running}
";

#[test]
fn a_diagnosis_defined_in_one_file_reads_a_snapshot_and_reports_like_the_others() {
    let mut snap = Snapshot::new("alice", Msg::new("export de test", "test export"));
    let docs = kubecours::yaml::parse_stream(LIVE_PODS, Default::default());
    snap.objects = docs
        .documents
        .into_iter()
        .filter_map(|d| Object::from_node(kubecours::cluster::snapshot::NO_FILE, d.root))
        .collect();
    let run = engine::Run::default();
    let cx = Cx::new(&snap, &run, "alice", Scope::new(&run, &[]));
    let mut found = Vec::new();
    pod_evicted(&cx, "alice", &mut found);
    assert_eq!(found.len(), 1, "web-1 only: {found:#?}");
    let f = &found[0];
    assert_eq!(f.id(), "pod-evicted");
    assert!(f.file.is_none(), "about a cluster object, not a line");
    assert!(
        f.notes
            .iter()
            .any(|n| matches!(n, Note::Cluster { text } if text.contains("low on resource"))),
        "the cluster's own words are kept"
    );

    let mut subject = Subject::lint(&run.files, &found);
    subject.exercise = Some(ExerciseRef {
        id: 13,
        slug: "13-reparer-deploiement".into(),
        title: "Réparer un déploiement".into(),
        url: String::new(),
    });
    let r = Report::new(Command::Check, vec![subject]);
    // Every format that lists findings (the gradebooks, `csv` and
    // `gradescope`, show points and the checks' own words).
    for format in report::FORMATS
        .iter()
        .filter(|f| f.fits(Command::Check) && !matches!(f.name, "csv" | "gradescope"))
    {
        let en = report::write(format, &r, Lang::En, Paint::plain());
        let fr = report::write(format, &r, Lang::Fr, Paint::plain());
        assert!(en.contains("pod-evicted"), "{}:\n{en}", format.name);
        assert!(fr.contains("a été expulsé"), "{}:\n{fr}", format.name);
        assert!(
            !en.contains("expulsé"),
            "{}: French in English:\n{en}",
            format.name
        );
    }
    let human = report::write(
        report::by_name("human").unwrap(),
        &r,
        Lang::Fr,
        Paint::plain(),
    );
    assert!(human.contains("low on resource"), "{human}");
    let doc = catalogue::explain(&POD_EVICTED, Lang::En, Paint::plain());
    assert!(
        doc.contains("A Pod evicted from its node") && doc.contains("resources.requests"),
        "{doc}"
    );
}

// ---------------------------------------------------------- a report format

/// The Test Anything Protocol (TAP 13): one line per finding.
static TAP: Format = Format {
    name: "tap",
    summary: Text {
        fr: "Test Anything Protocol : une ligne par constat",
        en: "Test Anything Protocol: one line per finding",
    },
    commands: &[Command::Lint, Command::Check],
    write: tap,
};

fn tap(report: &Report, lang: Lang, _paint: Paint) -> String {
    let findings: Vec<_> = report.findings().collect();
    let mut out = format!("TAP version 13\n1..{}\n", findings.len().max(1));
    if findings.is_empty() {
        out.push_str("ok 1\n");
    }
    for (i, (subject, f)) in findings.iter().enumerate() {
        let place = subject
            .file_path(f)
            .map(|p| format!("{p}:{}:{}", f.pos.line, f.pos.col))
            .unwrap_or_default();
        let status = if f.severity == Severity::Error {
            "not ok"
        } else {
            "ok"
        };
        let todo = if f.severity == Severity::Error {
            ""
        } else {
            " # TODO"
        };
        out.push_str(&format!(
            "{status} {} - {} {place} {}{todo}\n",
            i + 1,
            f.id(),
            f.message.render(lang)
        ));
    }
    out
}

#[test]
fn a_report_format_defined_in_one_file_writes_the_shared_report() {
    let run = lint(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 99999\n",
        rules::ALL,
    );
    assert!(!run.findings.is_empty());
    let r = Report::new(
        Command::Lint,
        vec![Subject::lint(&run.files, &run.findings)],
    );
    let en = report::write(&TAP, &r, Lang::En, Paint::plain());
    let fr = report::write(&TAP, &r, Lang::Fr, Paint::plain());
    let lines: Vec<&str> = en.lines().collect();
    assert_eq!(lines[0], "TAP version 13");
    assert_eq!(lines[1], format!("1..{}", run.findings.len()));
    assert_eq!(lines.len(), 2 + run.findings.len(), "{en}");
    assert!(
        en.contains("not ok 1 - "),
        "an error is a failed test: {en}"
    );
    assert!(en.contains("web.yaml:7:"), "with its place: {en}");
    assert_ne!(en, fr, "worded in each language when written");
    // The same report through a shipped writer names the same findings.
    let json = report::write(
        report::by_name("json").unwrap(),
        &r,
        Lang::En,
        Paint::plain(),
    );
    for f in &run.findings {
        assert!(json.contains(f.id()) && en.contains(f.id()));
    }
}

// ------------------------------------------- registration cannot be forgotten

fn files_defining(dir: &std::path::Path, marker: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_defining(&p, marker, out);
        } else if std::fs::read_to_string(&p).is_ok_and(|t| t.contains(marker)) {
            out.push(p);
        }
    }
}

#[test]
fn every_diagnosis_file_and_every_format_file_is_registered() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diagnoses = Vec::new();
    files_defining(
        &root.join("src/cluster/diagnoses"),
        "pub static CODE: Code",
        &mut diagnoses,
    );
    assert!(diagnoses.len() >= 19, "{diagnoses:?}");
    for f in &diagnoses {
        let id = f.file_stem().unwrap().to_string_lossy().replace('_', "-");
        assert!(
            kubecours::cluster::registry::by_id(&id).is_some(),
            "{}: diagnosis `{id}` is not in cluster::registry::ALL",
            f.display()
        );
    }
    let mut formats = Vec::new();
    files_defining(
        &root.join("src/report"),
        "pub static FORMAT: Format",
        &mut formats,
    );
    assert_eq!(formats.len(), report::FORMATS.len(), "{formats:?}");
    for f in &formats {
        let text = std::fs::read_to_string(f).unwrap();
        let name = text
            .split("name: \"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap();
        assert!(
            report::by_name(name).is_some(),
            "{}: format `{name}` is not in report::FORMATS",
            f.display()
        );
    }
}
