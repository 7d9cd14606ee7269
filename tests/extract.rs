//! Hand-in documents: the manifests recovered from the original hand-in of
//! the course, and from text, Markdown, DOCX, ODT and PDF hand-ins built
//! here; the re-indentation (`fmt`, `lint --reindent`) and its benchmark figure.

mod common;
use common::root;

use assert_cmd::Command;
use kubecours::extract::{self, Extraction};
use serde_json::Value;
use std::io::Write;

/// The objects of a YAML text, as JSON.
fn objects(text: &str) -> Vec<Value> {
    let s = kubecours::yaml::parse_stream(text, Default::default());
    assert!(s.issues.is_empty(), "{:?}\n{text}", s.issues);
    s.documents
        .iter()
        .filter(|d| !d.root.is_null())
        .map(|d| d.root.to_json())
        .collect()
}

fn file<'a>(ex: &'a Extraction, name: &str) -> &'a extract::Recovered {
    ex.files.iter().find(|f| f.name == name).unwrap_or_else(|| {
        panic!(
            "no {name} in {:?}",
            ex.files.iter().map(|f| &f.name).collect::<Vec<_>>()
        )
    })
}

const REFERENCE: &str = "../shared/reference/000_9198eebcd9aad814.txt";

#[test]
fn the_original_hand_in_gives_its_14_objects_with_their_structure_and_no_prose() {
    let path = root().join(REFERENCE);
    let Ok(bytes) = std::fs::read(&path) else {
        panic!(
            "{} is missing (shared/ beside the repository)",
            path.display()
        );
    };
    let ex = extract::extract("rendu.txt", &bytes).unwrap();
    assert_eq!(ex.objects(), 14);
    assert_eq!(
        ex.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["prod.yaml", "preprod.yaml"]
    );
    let expected = |name: &str| {
        std::fs::read_to_string(root().join("tests/fixtures/extract").join(name)).unwrap()
    };
    for name in ["prod.yaml", "preprod.yaml"] {
        let f = file(&ex, name);
        assert!(f.rebuilt.is_some(), "{name}: indentation rebuilt");
        assert_eq!(
            objects(&f.text),
            objects(&expected(name)),
            "{name}:\n{}",
            f.text
        );
        for prose in [
            "Exécuter",
            "Explication",
            "Voici",
            "STEPHANIS",
            "replicas :",
            "k get all",
        ] {
            assert!(!f.text.contains(prose), "{name} holds prose `{prose}`");
        }
    }
    assert_eq!(
        file(&ex, "prod.yaml").heading.as_deref(),
        Some("Contenu du Manifest de production")
    );
    assert_eq!(file(&ex, "preprod.yaml").origins[0].first, 134);

    // The command: files written with where they came from, and the figures.
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["extract", "--format", "json", "-o"])
        .arg(tmp.path().join("rendu"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objects"], 14);
    let prod = std::fs::read_to_string(tmp.path().join("rendu/prod.yaml")).unwrap();
    assert!(prod.starts_with("# kubecours extract : retrouvé dans `000_9198eebcd9aad814.txt` (texte) : lignes 4 à 132, après « Contenu du Manifest de production »\n# indentation reconstruite"), "{prod}");
    // The recovered files are manifests the checker reads without a schema error.
    let lint = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["lint", "--format", "json"])
        .arg(tmp.path().join("rendu"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(v["summary"]["resources"], 14);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for schema in [
        "unknown-field",
        "field-type",
        "required-field",
        "yaml-syntax",
        "yaml-flattened",
    ] {
        assert!(!ids.contains(&schema), "{schema} in {ids:?}");
    }
}

/// A hand-in as a student writes it: prose, a heading, the manifests with
/// their indentation lost, and more prose.
const PARAGRAPHS: &[(&str, &str)] = &[
    ("", "Jeanne Dupont — rendu du projet"),
    ("", "Voici mes fichiers pour le cluster."),
    ("Heading1", "Manifeste de production"),
    ("", "apiVersion: apps/v1"),
    ("", "kind: Deployment"),
    ("", "metadata:"),
    ("", "name: web"),
    ("", "spec:"),
    ("", "replicas: 2"),
    ("", "selector:"),
    ("", "matchLabels:"),
    ("", "app: web"),
    ("", "template:"),
    ("", "metadata:"),
    ("", "labels:"),
    ("", "app: web"),
    ("", "spec:"),
    ("", "containers:"),
    ("", "- name: web"),
    ("", "image: nginx:1.27"),
    ("", "ports:"),
    ("", "- containerPort: 80"),
    ("", "---"),
    ("", "apiVersion: v1"),
    ("", "kind: Service"),
    ("", "metadata:"),
    ("", "name: web"),
    ("", "spec:"),
    ("", "selector:"),
    ("", "app: web"),
    ("", "ports:"),
    ("", "- port: 80"),
    ("", "targetPort: 80"),
    ("Heading1", "Explication des composants"),
    (
        "",
        "Le Deployment garde deux réplicas ; le Service les expose sur le port 80.",
    ),
];

fn check_hand_in(ex: &Extraction) {
    assert_eq!(ex.objects(), 2, "{:#?}", ex.files);
    let f = file(ex, "prod.yaml");
    let o = objects(&f.text);
    assert_eq!(
        o[0]["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"], 80,
        "{}",
        f.text
    );
    assert_eq!(o[0]["spec"]["selector"]["matchLabels"]["app"], "web");
    assert_eq!(o[0]["spec"]["template"]["metadata"]["labels"]["app"], "web");
    assert_eq!(o[1]["spec"]["ports"][0]["targetPort"], 80);
    assert_eq!(o[1]["spec"]["selector"]["app"], "web");
    assert!(
        !f.text.contains("Explication") && !f.text.contains("Voici"),
        "{}",
        f.text
    );
    assert_eq!(f.heading.as_deref(), Some("Manifeste de production"));
}

#[test]
fn text_hand_in() {
    let text: String = PARAGRAPHS.iter().map(|(_, t)| format!("{t}\n")).collect();
    let ex = extract::extract("rendu.txt", text.as_bytes()).unwrap();
    check_hand_in(&ex);
    assert_eq!(file(&ex, "prod.yaml").origins[0].first, 4);
}

#[test]
fn markdown_hand_ins_fenced_or_not() {
    let mut md = String::new();
    let mut in_yaml = false;
    for (style, t) in PARAGRAPHS {
        if !style.is_empty() {
            if in_yaml {
                md += "```\n\n";
                in_yaml = false;
            }
            md += &format!("## {t}\n\n");
        } else if t.contains(':') || t.starts_with('-') {
            if !in_yaml {
                md += "```yaml\n";
                in_yaml = true;
            }
            md += &format!("{t}\n");
        } else {
            md += &format!("{t}\n\n");
        }
    }
    let ex = extract::extract("rendu.md", md.as_bytes()).unwrap();
    check_hand_in(&ex);
    assert!(file(&ex, "prod.yaml").rebuilt.is_some());
    // The same without fences; a well indented fenced block is kept as it is.
    let unfenced = md.replace("```yaml\n", "").replace("```\n", "");
    check_hand_in(&extract::extract("rendu.md", unfenced.as_bytes()).unwrap());
    let good = "# Mon rendu\n\n## prod\n\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  A: \"1\"\n```\n";
    let ex = extract::extract("rendu.md", good.as_bytes()).unwrap();
    let f = file(&ex, "prod.yaml");
    assert!(f.rebuilt.is_none());
    assert_eq!(
        f.text,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  A: \"1\"\n"
    );
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, body) in parts {
            let method = if *name == "mimetype" {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            z.start_file(
                *name,
                zip::write::SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// A minimal Word document: one paragraph per line, headings by style.
fn docx(paragraphs: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (i, (style, text)) in paragraphs.iter().enumerate() {
        body += "<w:p>";
        if !style.is_empty() {
            body += &format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
        }
        // Word splits text into runs; a page break before the manifests.
        if i == 2 {
            body += "<w:r><w:br w:type=\"page\"/></w:r>";
        }
        let half = (0..=text.len() / 2)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        let (a, b) = text.split_at(half);
        body += &format!(
            "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(a),
            xml_escape(b)
        );
    }
    zip_of(&[
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#)),
    ])
}

/// A minimal OpenDocument text: `text:h` headings, `text:p` paragraphs,
/// indentation written as `<text:s text:c="N"/>`.
fn odt(paragraphs: &[(&str, &str)], indent: bool) -> Vec<u8> {
    let mut body = String::new();
    for (style, text) in paragraphs {
        if style.is_empty() {
            let spaces = if indent && text.starts_with("name") {
                "<text:s text:c=\"2\"/>"
            } else {
                ""
            };
            body += &format!(
                "<text:p text:style-name=\"P1\">{spaces}<text:span>{}</text:span></text:p>",
                xml_escape(text)
            );
        } else {
            body += &format!(
                "<text:h text:outline-level=\"1\">{}</text:h>",
                xml_escape(text)
            );
        }
    }
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("META-INF/manifest.xml", r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.into()),
        ("content.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#)),
    ])
}

/// A PDF with a text layer: one line per paragraph, `per_page` lines a page.
fn pdf(paragraphs: &[(&str, &str)], per_page: usize) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for chunk in paragraphs.chunks(per_page) {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![50.into(), 780.into()]),
        ];
        for (_, text) in chunk {
            // WinAnsiEncoding: Latin-1 for French letters.
            let bytes: Vec<u8> = text
                .chars()
                .map(|c| if (c as u32) < 256 { c as u8 } else { b'-' })
                .collect();
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(bytes, lopdf::StringFormat::Literal)],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(Object::from(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn docx_hand_in() {
    let ex = extract::extract("rendu.docx", &docx(PARAGRAPHS)).unwrap();
    assert_eq!(ex.kind, extract::Kind::Docx);
    check_hand_in(&ex);
    let f = file(&ex, "prod.yaml");
    assert_eq!(
        f.origins[0].page,
        Some(2),
        "the page break before the manifests"
    );
    assert_eq!(f.origins[0].first, 4, "fourth paragraph");
    // Told by its content when the name says nothing.
    assert_eq!(
        extract::Kind::of("rendu", &docx(PARAGRAPHS)),
        Some(extract::Kind::Docx)
    );
}

#[test]
fn odt_hand_in() {
    for indent in [false, true] {
        let ex = extract::extract("rendu.odt", &odt(PARAGRAPHS, indent)).unwrap();
        assert_eq!(ex.kind, extract::Kind::Odt);
        check_hand_in(&ex);
    }
}

#[test]
fn pdf_hand_in_over_two_pages() {
    let bytes = pdf(PARAGRAPHS, 20);
    let ex = extract::extract("rendu.pdf", &bytes).unwrap();
    assert_eq!(ex.kind, extract::Kind::Pdf);
    check_hand_in(&ex);
    let f = file(&ex, "prod.yaml");
    assert_eq!(f.origins[0].page, Some(1));
    // A broken PDF is a clear error, not a crash.
    let broken = &bytes[..bytes.len() / 3];
    let e = extract::extract("casse.pdf", broken).unwrap_err();
    assert!(e.fr.contains("PDF illisible"), "{}", e.fr);
}

#[test]
fn extract_command_errors_are_french_with_their_location() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("rendu.docx");
    std::fs::write(&bad, b"PK\x03\x04 pas une archive").unwrap();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["extract", "-o"])
        .arg(tmp.path().join("out"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rendu.docx") && err.contains("archive"),
        "{err}"
    );
    // No manifest at all: exit 1 and says so.
    let prose = tmp.path().join("prose.txt");
    std::fs::write(&prose, "Bonjour,\nvoici mon rendu.\n").unwrap();
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["extract", "-o"])
        .arg(tmp.path().join("out2"))
        .arg(&prose)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("aucun manifeste"));
}

const FLAT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\nname: web\nspec:\nselector:\nmatchLabels:\napp: web\ntemplate:\nmetadata:\nlabels:\napp: web\nspec:\ncontainers:\n- name: web\nimage: nginx:1.27\nenv:\n- name: A\nvalue: \"1\"\n- name: sidecar\nimage: busybox:1.36\n";

#[test]
fn fmt_rebuilds_in_place_and_says_where_two_readings_were_possible() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("deployment.yaml");
    std::fs::write(&p, FLAT).unwrap();
    let check = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["fmt", "--check"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        FLAT,
        "--check writes nothing"
    );
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .arg("fmt")
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("indentation reconstruite"), "{said}");
    assert!(
        said.contains("ligne 20 : deux lectures possibles"),
        "{said}"
    );
    let text = std::fs::read_to_string(&p).unwrap();
    let o = objects(&text);
    let containers = &o[0]["spec"]["template"]["spec"]["containers"];
    assert_eq!(containers.as_array().unwrap().len(), 2, "{text}");
    assert_eq!(containers[1]["image"], "busybox:1.36");
    // Nothing to change the second time.
    let again = Command::cargo_bin("kubecours")
        .unwrap()
        .arg("fmt")
        .arg(&p)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("rien à changer"));
}

#[test]
fn lint_reindent_checks_the_rebuilt_file_and_the_flattened_finding_offers_it() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("deployment.yaml");
    std::fs::write(&p, FLAT).unwrap();
    let plain = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["lint", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&plain.stdout).unwrap();
    let flattened = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "yaml-flattened")
        .unwrap();
    assert!(
        flattened["help"]
            .as_str()
            .unwrap()
            .contains("kubecours fmt")
    );
    let out = Command::cargo_bin("kubecours")
        .unwrap()
        .args(["lint", "--reindent", "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["severity"] == "error"),
        "{findings:#?}"
    );
    let infos: Vec<&Value> = findings
        .iter()
        .filter(|f| f["id"] == "yaml-reindented")
        .collect();
    assert_eq!(
        infos.len(),
        2,
        "the rebuild, and the one place two readings were possible"
    );
    assert!(infos.iter().all(|f| f["severity"] == "info"));
    assert_eq!(infos[1]["line"], 20);
    let both = infos[1]["message"].as_str().unwrap();
    assert!(
        both.contains("`        - name: sidecar`")
            && both.contains("`            - name: sidecar`"),
        "{both}"
    );
    assert_eq!(v["summary"]["resources"], 1);
}

#[test]
fn reindentation_benchmark_figure() {
    let samples = kubecours::flat_corpus::samples(root());
    let m = kubecours::flat_corpus::measure(&samples);
    assert!(m.files >= 100, "{} files", m.files);
    assert!(
        m.percent() >= 95.0,
        "{:.1} % rebuilt exactly; not exact: {:?}",
        m.percent(),
        m.failures
    );
}
