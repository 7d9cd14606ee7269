//! The course book: our mdBook preprocessor (`kubecours mdbook`, also run
//! in-process by `kubecours book build|serve`).
//!
//! - `{{#exercice N}}` expands to the exercise: title, statement, what is
//!   checked, the command to run, the hints as collapsible blocks;
//! - `{{#regles}}` expands to the catalogue of rules;
//! - every ```yaml block is linted by the same engine as `kubecours lint`:
//!   a broken example fails the build with its chapter and line; a block
//!   marked ```yaml,erreur=ID must raise exactly the errors it declares;
//!   ```yaml,fragment marks a snippet that is not a whole manifest.

use crate::catalogue;
use crate::diag::Severity;
use crate::engine::{self, Options};
use crate::error::Error;
use crate::exercise::{Catalog, Exercise};
use crate::i18n::Lang;
use crate::source::SourceFile;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

mod prose;
mod selfref;
mod site;
mod typo;
mod vocab;

pub use selfref::unlinked_chapter_references;
pub use typo::french_spacing;
pub use vocab::{Term, Violation, terms_from_glossary, vocabulary_violations};

pub struct KubecoursPreprocessor {
    pub catalog: Catalog,
    /// The glossary's « Termes à éviter » (empty for a book without glossary).
    pub terms: Vec<Term>,
}

impl KubecoursPreprocessor {
    /// Exercises from `<book>/../exercises` when it exists (authors see their
    /// edits at once), else those embedded in the binary.
    pub fn for_book(root: &Path) -> Result<KubecoursPreprocessor, Error> {
        let dir = root.join("../exercises");
        let catalog = if dir.join("FORMAT.md").is_file() {
            Catalog::from_dir(&dir)?
        } else {
            Catalog::load(None)?
        };
        let terms = std::fs::read_to_string(root.join("src/glossaire.md"))
            .map(|g| terms_from_glossary(&g))
            .unwrap_or_default();
        Ok(KubecoursPreprocessor { catalog, terms })
    }
}

impl Preprocessor for KubecoursPreprocessor {
    fn name(&self) -> &str {
        "kubecours"
    }

    fn run(
        &self,
        _ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let mut problems = Vec::new();
        book.for_each_mut(|item| {
            if let BookItem::Chapter(ch) = item {
                let name = ch
                    .source_path
                    .as_ref()
                    .map_or_else(|| ch.name.clone(), |p| p.display().to_string());
                match process_chapter(&name, &ch.content, &self.catalog, &self.terms) {
                    Ok(content) => ch.content = content,
                    Err(mut e) => problems.append(&mut e),
                }
            }
        });
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(mdbook_preprocessor::errors::Error::msg(format!(
                "{} exemple(s) ou directive(s) invalides dans le livre :\n{}",
                problems.len(),
                problems.join("\n")
            )))
        }
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

/// A fenced code block found in a chapter.
struct Block<'a> {
    /// 1-based line of the opening fence.
    line: usize,
    info: &'a str,
    body: String,
}

/// The ```yaml blocks of a Markdown text (fences may be indented in lists).
fn yaml_blocks(md: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut lines = md.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let fence: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        if fence.len() < 3 {
            continue;
        }
        let info = t[fence.len()..].trim();
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l.trim_start().starts_with(&fence)
                && l.trim()
                    .chars()
                    .all(|c| c == fence.chars().next().unwrap_or('`'))
            {
                break;
            }
            body.push_str(
                l.get(indent.min(l.len() - l.trim_start().len())..)
                    .unwrap_or(l),
            );
            body.push('\n');
        }
        let lang = info.split([',', ' ']).next().unwrap_or("");
        if lang == "yaml" || lang == "yml" {
            out.push(Block {
                line: i + 1,
                info,
                body,
            });
        }
    }
    out
}

/// Attributes of a yaml block: `erreur=ID` (repeatable, or `ID+ID`), `fragment`.
fn attributes(info: &str) -> (Vec<String>, bool) {
    let mut errors = Vec::new();
    let mut fragment = false;
    for part in info.split([',', ' ']).skip(1) {
        if let Some(ids) = part
            .strip_prefix("erreur=")
            .or_else(|| part.strip_prefix("error="))
        {
            errors.extend(ids.split('+').filter(|s| !s.is_empty()).map(str::to_string));
        } else if part == "fragment" {
            fragment = true;
        }
    }
    (errors, fragment)
}

/// Lints every yaml block of a Markdown file; returns the problems, each
/// with `file:line`.
pub fn check_examples(name: &str, md: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let opts = Options {
        ..Options::default()
    };
    for block in yaml_blocks(md) {
        let (declared, fragment) = attributes(block.info);
        if fragment {
            continue;
        }
        for id in &declared {
            if crate::rules::by_id(id).is_none() {
                problems.push(format!(
                    "{name}:{} : `erreur={id}` : aucune règle ne s'appelle ainsi",
                    block.line
                ));
            }
        }
        let run =
            engine::lint_sources(vec![SourceFile::from_text(name, block.body.clone())], &opts);
        let at = |line: u32| block.line + line as usize;
        for f in &run.findings {
            if f.severity == Severity::Error && !declared.iter().any(|d| d == f.id()) {
                problems.push(format!(
                    "{name}:{} : exemple invalide : erreur[{}] {}",
                    at(f.pos.line),
                    f.id(),
                    f.message(Lang::Fr)
                ));
            }
        }
        let raised: BTreeSet<&str> = run
            .findings
            .iter()
            .filter(|f| f.severity <= Severity::Warning)
            .map(|f| f.id())
            .collect();
        for id in &declared {
            if !raised.contains(id.as_str()) {
                problems.push(format!(
                    "{name}:{} : l'exemple annonce `erreur={id}` mais ne la déclenche pas",
                    block.line
                ));
            }
        }
        if run.objects.is_empty() && declared.is_empty() && run.findings.is_empty() {
            problems.push(format!("{name}:{} : bloc yaml vide ou sans objet (marquez-le ```yaml,fragment s'il n'est qu'un extrait)", block.line));
        }
    }
    problems
}

/// Removes our attributes from the info strings so that highlighting sees `yaml`.
fn clean_info_strings(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        if (t.starts_with("```yaml,") || t.starts_with("```yml,")) && !t.trim_end().ends_with("```")
        {
            out.push_str(indent);
            out.push_str("```yaml");
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The texts a student reads: the forms to avoid (except in the glossary,
/// which lists them) and the chapter names that are not links.
pub fn check_prose(name: &str, md: &str, terms: &[Term]) -> Vec<String> {
    let mut problems = Vec::new();
    if !name.ends_with("glossaire.md") {
        for v in vocabulary_violations(md, terms) {
            problems.push(format!(
                "{name}:{} : vocabulaire : « {} » est à éviter, employez « {} » (voir le glossaire)",
                v.line, v.found, v.use_instead
            ));
        }
    }
    for (line, text) in unlinked_chapter_references(md) {
        problems.push(format!(
            "{name}:{line} : « {text}… » nomme un chapitre sans lien : écrivez [le chapitre](fichier.md)"
        ));
    }
    problems
}

/// Lints, then expands the directives of one chapter.
pub fn process_chapter(
    name: &str,
    content: &str,
    catalog: &Catalog,
    terms: &[Term],
) -> Result<String, Vec<String>> {
    let mut problems = check_examples(name, content);
    problems.extend(check_prose(name, content, terms));
    let mut out = String::with_capacity(content.len() * 2);
    let mut in_fence = false;
    for (i, line) in content.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && t.starts_with("{{#exercice") && t.ends_with("}}") {
            let arg = t
                .trim_start_matches("{{#exercice")
                .trim_end_matches("}}")
                .trim();
            match catalog.find(arg) {
                Ok(ex) => {
                    let statement = format!("exercises/{}/enonce.md", ex.dir_name);
                    problems.extend(check_examples(&statement, &ex.enonce));
                    problems.extend(check_prose(&statement, &ex.enonce, terms));
                    out.push_str(&exercise_markdown(ex));
                }
                Err(e) => problems.push(format!(
                    "{name}:{} : {{{{#exercice {arg}}}}} : {}",
                    i + 1,
                    e.message(Lang::Fr)
                )),
            }
            continue;
        }
        if !in_fence && t == "{{#regles}}" {
            // Generated from src/rules: exempt from the vocabulary check for now.
            out.push_str(&rules_markdown());
            continue;
        }
        out.push_str(line);
    }
    if problems.is_empty() {
        Ok(french_spacing(&link_diagrams(&clean_info_strings(&out))))
    } else {
        Err(problems)
    }
}

fn demote_headings(md: &str) -> String {
    let mut fence = false;
    md.lines()
        .map(|l| {
            if l.trim_start().starts_with("```") {
                fence = !fence;
            }
            if !fence && l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown of an exercise block in the book.
pub fn exercise_markdown(ex: &Exercise) -> String {
    let s = &ex.spec;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<div class=\"kubecours-exercice\" id=\"kubecours-exercice-{}\">\n",
        s.id
    );
    let _ = writeln!(out, "### {}\n", s.title);
    let _ = writeln!(out, "{}\n", demote_headings(ex.enonce.trim()));
    let files = ex
        .spec
        .files
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    // Plain headings (no anchor): the sidebar lists each exercise once, not
    // these two generic titles for every exercise of the page.
    let _ = writeln!(
        out,
        "<h4 class=\"kubecours-titre\">Ce qui est vérifié</h4>\n"
    );
    let _ = writeln!(
        out,
        "Fichier(s) à écrire : {files}, dans le dossier `{}/` de votre espace de travail.\n",
        ex.dir_name
    );
    for e in &s.expect {
        let _ = writeln!(
            out,
            "- {} — {} point{}",
            e.text,
            e.points,
            if e.points > 1 { "s" } else { "" }
        );
    }
    for c in &s.cluster {
        let _ = writeln!(
            out,
            "- *Sur le cluster :* {} — {} point{}",
            c.text,
            c.points,
            if c.points > 1 { "s" } else { "" }
        );
    }
    let total = ex.max_static() + ex.max_cluster();
    let _ = writeln!(out, "\nTotal : {total} points.\n");
    let _ = writeln!(
        out,
        "<h4 class=\"kubecours-titre\">Vérifier votre travail</h4>\n"
    );
    let _ = writeln!(out, "```console\nkubecours check {}\n```\n", s.id);
    let _ = writeln!(
        out,
        "Sans cluster sous la main : `kubecours check {} --offline` ne vérifie que les fichiers.\n",
        s.id
    );
    for (i, h) in s.hints.iter().enumerate() {
        let _ = writeln!(
            out,
            "<details class=\"kubecours-indice\">\n<summary>Indice {}</summary>\n\n{h}\n\n</details>\n",
            i + 1
        );
    }
    let _ = writeln!(out, "</div>\n");
    out
}

/// The catalogue of rules, grouped by category.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    let mut last = None;
    for c in catalogue::all() {
        if last != Some(c.family) {
            let _ = writeln!(out, "## {}\n", c.family.title(Lang::Fr));
            last = Some(c.family);
        }
        out.push_str(&catalogue::markdown(c, Lang::Fr, "###"));
    }
    out
}

/// `kubecours mdbook`: the preprocessor protocol on stdin/stdout.
pub fn run_preprocessor_protocol() -> Result<(), Error> {
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin()).map_err(|e| {
        Error::other(
            format!("entrée du préprocesseur illisible : {e}"),
            format!("unreadable preprocessor input: {e}"),
        )
    })?;
    let pre = KubecoursPreprocessor::for_book(&ctx.root)?;
    let book = pre
        .run(&ctx, book)
        .map_err(|e| Error::other(format!("{e}"), format!("{e}")))?;
    serde_json::to_writer(std::io::stdout().lock(), &book).map_err(|e| {
        Error::other(
            format!("écriture impossible : {e}"),
            format!("cannot write: {e}"),
        )
    })
}

/// Builds the book in-process; returns the output folder.
pub fn build(book_dir: &Path, out: Option<&Path>) -> Result<PathBuf, Error> {
    if !book_dir.join("book.toml").is_file() {
        return Err(Error::other(
            format!(
                "pas de livre dans `{}` (book.toml introuvable) ; lancez la commande depuis le dépôt du cours ou précisez `--book DOSSIER`",
                book_dir.display()
            ),
            format!(
                "no book in `{}` (book.toml not found); run from the course repository or give `--book FOLDER`",
                book_dir.display()
            ),
        ));
    }
    let fail = |e: mdbook_driver::errors::Error| {
        let chain = e
            .chain()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\n  ");
        Error::other(
            format!("le livre ne se construit pas :\n  {chain}"),
            format!("the book does not build:\n  {chain}"),
        )
    };
    let mut md = mdbook_driver::MDBook::load(book_dir).map_err(fail)?;
    if let Some(out) = out {
        let abs = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io(out, e))?
                .join(out)
        };
        md.config.build.build_dir = abs;
    }
    md.with_preprocessor(KubecoursPreprocessor::for_book(book_dir)?);
    md.build().map_err(fail)?;
    let html = md.build_dir_for("html");
    site::frenchify(&html).map_err(|e| Error::io(&html, e))?;
    Ok(html)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "application/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "sh" => "text/x-shellscript; charset=utf-8",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Answers one HTTP request with a file of `root` (GET and HEAD only).
fn serve_one(mut stream: std::net::TcpStream, root: &Path) {
    use std::io::{BufRead, BufReader, Write as _};
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Drain the headers.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    let (status, body, ctype) = if method != "GET" && method != "HEAD" {
        ("405 Method Not Allowed", Vec::new(), "text/plain")
    } else if rel.split('/').any(|s| s == "..") {
        ("403 Forbidden", Vec::new(), "text/plain")
    } else {
        let mut file = root.join(rel);
        if file.is_dir() {
            file = file.join("index.html");
        }
        match std::fs::read(&file) {
            Ok(b) => ("200 OK", b, content_type(&file)),
            Err(_) => (
                "404 Not Found",
                std::fs::read(root.join("404.html")).unwrap_or_default(),
                "text/html; charset=utf-8",
            ),
        }
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method == "GET" {
        let _ = stream.write_all(&body);
    }
}

/// Decodes `%XX` escapes of a URL path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves a folder on 127.0.0.1:`port` until the process ends.
pub fn serve_dir(root: PathBuf, port: u16) -> Result<std::net::SocketAddr, Error> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Error::other(
            format!("impossible d'écouter sur 127.0.0.1:{port} : {e} (port déjà pris ? essayez `--port 3001`)"),
            format!("cannot listen on 127.0.0.1:{port}: {e} (port in use? try `--port 3001`)"),
        )
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::other(e.to_string(), e.to_string()))?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || serve_one(stream, &root));
        }
    });
    Ok(addr)
}

/// `kubecours book serve`: builds, serves on 127.0.0.1 and rebuilds when the
/// book or the exercises change.
pub fn serve(book_dir: &Path, port: u16, lang: Lang) -> Result<u8, Error> {
    use notify::{RecursiveMode, Watcher};
    let out = build(book_dir, None)?;
    let addr = serve_dir(out, port)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && !ev.kind.is_access()
            && !ev
                .paths
                .iter()
                .any(|p| p.components().any(|c| c.as_os_str() == "build"))
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| {
        Error::other(
            format!("surveillance impossible : {e}"),
            format!("cannot watch: {e}"),
        )
    })?;
    for dir in [book_dir.join("src"), book_dir.join("../exercises")] {
        if dir.is_dir() {
            let _ = watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }
    // Announced once the folders are watched: an edit made as soon as the
    // address is shown is never missed.
    println!(
        "{}",
        crate::tr!(
            lang,
            "Le cours est servi sur http://{addr}/ (Ctrl-C pour arrêter)",
            "The course is served at http://{addr}/ (Ctrl-C to stop)"
        )
    );
    while rx.recv().is_ok() {
        std::thread::sleep(std::time::Duration::from_millis(200));
        while rx.try_recv().is_ok() {}
        match build(book_dir, None) {
            Ok(_) => println!("{}", lang.pick("✓ livre reconstruit", "✓ book rebuilt")),
            Err(e) => eprintln!("{}", e.message(lang)),
        }
    }
    Ok(0)
}

/// Diagrams open full size on tap: `![alt](images/x.svg)` becomes a link to
/// the image, unless it already is one.
fn link_diagrams(md: &str) -> String {
    let re = regex::Regex::new(r"!\[([^\]]*)\]\(([^)\s]+\.(?:svg|png|jpe?g))\)").expect("regex");
    let mask = prose::prose_mask(md);
    let mut out = String::with_capacity(md.len() + 256);
    let mut last = 0;
    for m in re.find_iter(md) {
        let linked = md[..m.start()].ends_with('[');
        if linked || !mask[m.start()] {
            continue;
        }
        let target = &re.captures(m.as_str()).expect("match")[2];
        out.push_str(&md[last..m.start()]);
        let _ = write!(
            out,
            "[{}]({target} \"Ouvrir le schéma en grand\")",
            m.as_str()
        );
        last = m.end();
    }
    out.push_str(&md[last..]);
    out
}
