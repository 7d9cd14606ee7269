//! From files to Kubernetes objects: documents, `kind: List` expansion,
//! identity (apiVersion, kind, name, namespace), and every problem of the
//! input itself (encoding, size, tabs, lost indentation, templates, YAML).

use crate::finding::{Finding, ObjectRef};
use crate::i18n::Lang;
use crate::rules::{self, Rule};
use crate::source::{FileProblem, SourceFile};
use crate::tr;
use crate::yaml::{self, Limits, Node, Pos, Span, Value, YamlIssue};

/// One Kubernetes object read from a file (or from a cluster).
#[derive(Debug, Clone)]
pub struct Object {
    /// Index of its file in the run's file table.
    pub file: usize,
    pub root: Node,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    /// `metadata.namespace` as written (None when absent).
    pub namespace: Option<String>,
    /// Path prefix of the object in its document (`items[2].` inside a List).
    pub prefix: String,
}

impl Object {
    pub fn metadata(&self) -> Option<&Node> {
        self.root.get("metadata")
    }

    pub fn spec(&self) -> Option<&Node> {
        self.root.get("spec")
    }

    /// Span of the `kind` value, where object-level findings point.
    pub fn kind_span(&self) -> Span {
        self.root.get("kind").map_or(self.root.span, |k| k.span)
    }

    /// Span of `metadata.name` if present, else of the kind.
    pub fn name_span(&self) -> Span {
        self.root
            .at("metadata.name")
            .map_or_else(|| self.kind_span(), |n| n.span)
    }

    pub fn labels(&self) -> Option<&Node> {
        self.root.at("metadata.labels")
    }

    pub fn reference(&self, default_ns: &str) -> ObjectRef {
        ObjectRef {
            kind: self.kind.clone(),
            name: self.name.clone(),
            namespace: if crate::schema::is_namespaced(&self.kind) {
                Some(self.namespace.clone().unwrap_or_else(|| default_ns.into()))
            } else {
                None
            },
        }
    }

    /// Builds an object from a position-less tree (a cluster object).
    pub fn from_node(file: usize, root: Node) -> Option<Object> {
        identity(&root)
            .ok()
            .map(|(api_version, kind, name, namespace)| Object {
                file,
                root,
                api_version,
                kind,
                name,
                namespace,
                prefix: String::new(),
            })
    }
}

/// Options of the loader.
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    pub limits: Limits,
    pub lang: Lang,
}

fn file_finding(
    rule: &'static Rule,
    file: usize,
    pos: Pos,
    len: u32,
    message: String,
    help: String,
) -> Finding {
    rule.finding(
        file,
        Span {
            start: pos,
            end: Pos {
                line: pos.line,
                col: pos.col + len,
            },
        },
        message,
        help,
    )
}

/// Reads the objects of one file and reports every problem of the input itself.
pub fn load(
    file_index: usize,
    src: &SourceFile,
    opts: LoadOptions,
    out: &mut Vec<Finding>,
) -> Vec<Object> {
    let lang = opts.lang;
    let first = Pos { line: 1, col: 1 };
    if let Some(problem) = &src.problem {
        match problem {
            FileProblem::TooLarge { size, limit } => out.push(file_finding(
                &rules::file_too_large::RULE,
                file_index,
                first,
                1,
                tr!(lang, "fichier trop gros : {size} octets (limite : {limit} octets)", "file too large: {size} bytes (limit: {limit} bytes)"),
                tr!(lang, "un manifeste fait quelques kilo-octets ; vérifiez que c'est le bon fichier, ou découpez-le", "a manifest is a few kilobytes; check this is the right file, or split it"),
            )),
            FileProblem::Binary => out.push(file_finding(
                &rules::file_encoding::RULE,
                file_index,
                first,
                1,
                tr!(lang, "ce fichier est binaire, pas du YAML", "this file is binary, not YAML"),
                tr!(lang, "vérifiez que c'est le bon fichier (une image, une archive ?)", "check this is the right file (an image, an archive?)"),
            )),
            FileProblem::NotUtf8 { line, col } => out.push(file_finding(
                &rules::file_encoding::RULE,
                file_index,
                Pos { line: *line, col: *col },
                1,
                tr!(lang, "ce fichier n'est pas encodé en UTF-8 (octet invalide ici)", "this file is not UTF-8 encoded (invalid byte here)"),
                tr!(lang, "enregistrez-le en UTF-8 (dans VSCode : cliquez sur l'encodage en bas à droite, « Enregistrer avec l'encodage », UTF-8)", "save it as UTF-8 (in VSCode: click the encoding at the bottom right, \"Save with Encoding\", UTF-8)"),
            )),
        }
        return Vec::new();
    }
    let text = &src.text;
    if let Some(pos) = find_template(src) {
        out.push(file_finding(
            &rules::helm_template::RULE,
            file_index,
            pos,
            2,
            tr!(lang, "ce fichier contient un gabarit Helm/Go (`{{{{ … }}}}`) : ce n'est pas encore un manifeste Kubernetes", "this file holds a Helm/Go template (`{{{{ … }}}}`): it is not a Kubernetes manifest yet"),
            tr!(lang, "produisez d'abord le YAML final avec `helm template MON-CHART > rendu.yaml`, puis vérifiez `rendu.yaml`", "render the final YAML first with `helm template MY-CHART > rendered.yaml`, then check `rendered.yaml`"),
        ));
        return Vec::new();
    }
    let tabs = if text.contains('\t') {
        find_tab_indentation(src)
    } else {
        Vec::new()
    };
    if !tabs.is_empty() {
        for pos in tabs.iter().take(5) {
            out.push(file_finding(
                &rules::yaml_tabs::RULE,
                file_index,
                *pos,
                1,
                tr!(lang, "une tabulation sert d'indentation : YAML n'accepte que des espaces", "a tab is used for indentation: YAML only accepts spaces"),
                tr!(lang, "remplacez les tabulations par des espaces (dans VSCode : « Convertir l'indentation en espaces »)", "replace tabs with spaces (in VSCode: \"Convert Indentation to Spaces\")"),
            ));
        }
        return Vec::new();
    }
    let flat = !text.contains("\n ") && !text.starts_with(' ');
    if flat && let Some((pos, key)) = find_flattened(src) {
        out.push(file_finding(
            &rules::yaml_flattened::RULE,
            file_index,
            pos,
            key.chars().count() as u32 + 1,
            tr!(lang, "l'indentation de ce fichier semble perdue : `{key}:` n'a pas de contenu indenté, toutes les lignes commencent en colonne 1", "this file seems to have lost its indentation: `{key}:` has no indented content, every line starts at column 1"),
            tr!(lang, "c'est typique d'un copier-coller depuis un PDF ou une messagerie : recopiez l'exemple depuis le site du cours, où l'indentation (2 espaces par niveau) est conservée", "typical of a copy-paste from a PDF or a chat: copy the example again from the course site, where indentation (2 spaces a level) is kept"),
        ));
        return Vec::new();
    }
    let stream = yaml::parse_stream(text, opts.limits);
    for issue in &stream.issues {
        out.push(yaml_issue_finding(file_index, src, issue, lang));
    }
    let mut objects = Vec::new();
    for doc in stream.documents {
        if doc.root.is_null() {
            continue;
        }
        collect_objects(file_index, doc.root, "", lang, out, &mut objects);
    }
    objects
}

fn yaml_issue_finding(file: usize, src: &SourceFile, issue: &YamlIssue, lang: Lang) -> Finding {
    match issue {
        YamlIssue::Syntax { pos, message } => {
            let (msg, help) = explain_syntax(message, src, *pos, lang);
            file_finding(&rules::yaml_syntax::RULE, file, *pos, 1, msg, help)
        }
        YamlIssue::DuplicateKey { key, first, second } => {
            let mut f = file_finding(
                &rules::yaml_duplicate_key::RULE,
                file,
                second.start,
                key.chars().count() as u32,
                tr!(lang, "la clé `{key}` apparaît deux fois dans le même bloc (déjà à la ligne {})", "key `{key}` appears twice in the same block (already on line {})", first.start.line),
                tr!(lang, "kubectl refuse ce fichier ; gardez une seule fois `{key}:` et regroupez son contenu", "kubectl rejects this file; keep `{key}:` once and merge its content"),
            );
            f.related.push((file, first.start, tr!(lang, "première occurrence", "first occurrence")));
            f
        }
        YamlIssue::Limit { pos, nodes, depth } => file_finding(
            &rules::yaml_alias_limit::RULE,
            file,
            *pos,
            1,
            if *depth {
                tr!(lang, "imbrication trop profonde : ce document dépasse la limite de niveaux", "nesting too deep: this document exceeds the depth limit")
            } else {
                tr!(lang, "ce document grossit au-delà de {nodes} nœuds en développant ses ancres et alias (`&` / `*`) : lecture arrêtée", "this document grows beyond {nodes} nodes when expanding its anchors and aliases (`&` / `*`): reading stopped")
            },
            tr!(lang, "un manifeste n'a pas besoin d'alias imbriqués ; écrivez les valeurs en clair", "a manifest needs no nested aliases; write the values out"),
        ),
        YamlIssue::Yaml11 { span, text, read_as } => rules::yaml_implicit_type::RULE.finding(
            file,
            *span,
            tr!(lang, "`{text}` sans guillemets est lu par Kubernetes comme `{read_as}`, pas comme le texte `{text}`", "unquoted `{text}` is read by Kubernetes as `{read_as}`, not as the text `{text}`"),
            tr!(lang, "si vous voulez le texte, mettez des guillemets : \"{text}\"", "if you mean the text, quote it: \"{text}\""),
        ),
    }
}

/// Turns the scanner's English message into a student-friendly explanation.
fn explain_syntax(message: &str, src: &SourceFile, pos: Pos, lang: Lang) -> (String, String) {
    let line = src.line(pos.line).unwrap_or("");
    let m = message.to_ascii_lowercase();
    let (fr, en) = if m.contains("mapping values are not allowed") {
        (
            "un `:` inattendu : deux clés sur une ligne, ou une valeur contenant `: ` sans guillemets",
            "unexpected `:`: two keys on one line, or a value containing `: ` without quotes",
        )
    } else if m.contains("did not find expected key")
        || m.contains("did not find expected '-'")
        || m.contains("indentation")
    {
        (
            "l'indentation ne correspond pas au bloc au-dessus",
            "the indentation does not match the block above",
        )
    } else if m.contains("while parsing a flow") || m.contains("did not find expected ',' or") {
        (
            "une liste `[ … ]` ou un objet `{ … }` n'est pas refermé",
            "a `[ … ]` list or `{ … }` object is not closed",
        )
    } else if m.contains("quoted scalar") {
        (
            "des guillemets ne sont pas refermés",
            "a quote is not closed",
        )
    } else if m.contains("block sequence entries are not allowed") {
        (
            "un élément de liste `-` est mal placé (indentation, ou `-` après une valeur)",
            "a `-` list item is misplaced (indentation, or `-` after a value)",
        )
    } else {
        ("YAML invalide", "invalid YAML")
    };
    let msg = tr!(lang, "{fr} ({message})", "{en} ({message})");
    let help = if line.trim_start().starts_with('-') || line.contains(':') {
        tr!(
            lang,
            "comparez l'indentation de cette ligne à celle des lignes au-dessus : 2 espaces par niveau, alignés sur le bloc parent",
            "compare this line's indentation with the lines above: 2 spaces a level, aligned on the parent block"
        )
    } else {
        tr!(
            lang,
            "vérifiez cette ligne et celle du dessus (guillemets, `:` et indentation)",
            "check this line and the one above (quotes, `:` and indentation)"
        )
    };
    (msg, help)
}

/// First `{{` outside a comment: Helm or Go templates.
fn find_template(src: &SourceFile) -> Option<Pos> {
    if !src.text.contains("{{") {
        return None;
    }
    for (i, line) in src.text.lines().enumerate() {
        let code = line.split(" #").next().unwrap_or(line);
        if code.trim_start().starts_with('#') {
            continue;
        }
        if let Some(b) = code.find("{{") {
            return Some(Pos {
                line: i as u32 + 1,
                col: code[..b].chars().count() as u32 + 1,
            });
        }
    }
    None
}

/// Lines whose indentation contains a tab.
fn find_tab_indentation(src: &SourceFile) -> Vec<Pos> {
    let mut out = Vec::new();
    let mut in_block = None::<usize>;
    for (i, line) in src.text.lines().enumerate() {
        let indent: &str = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let rest = &line[indent.len()..];
        // Inside a literal block (`|`), tabs are content.
        if let Some(min) = in_block {
            if rest.is_empty() || indent.len() > min {
                continue;
            }
            in_block = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(t) = indent.find('\t') {
            out.push(Pos {
                line: i as u32 + 1,
                col: t as u32 + 1,
            });
        }
        let code = rest.split(" #").next().unwrap_or(rest).trim_end();
        if code.ends_with('|')
            || code.ends_with('>')
            || code.ends_with("|-")
            || code.ends_with(">-")
        {
            in_block = Some(indent.len());
        }
    }
    out
}

const NESTING_KEYS: &[&str] = &[
    "metadata",
    "spec",
    "template",
    "selector",
    "labels",
    "matchLabels",
    "resources",
    "limits",
    "requests",
    "data",
    "strategy",
    "backend",
    "service",
];

/// Detects a manifest whose indentation was lost: no line is indented, yet a
/// key that always opens a block (`metadata:`, `spec:`) is directly followed by
/// another key at the same column.
fn find_flattened(src: &SourceFile) -> Option<(Pos, String)> {
    let lines: Vec<(usize, &str)> = src
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---" && t != "..."
        })
        .collect();
    if lines.iter().any(|(_, l)| l.starts_with(' ')) {
        return None;
    }
    for w in lines.windows(2) {
        let (i, line) = w[0];
        let next = w[1].1;
        let Some(key) = line.strip_suffix(':').or_else(|| {
            line.split(" #")
                .next()
                .and_then(|l| l.trim_end().strip_suffix(':'))
        }) else {
            continue;
        };
        let key = key.trim_start_matches("- ");
        if NESTING_KEYS.contains(&key) && !next.starts_with('-') && next.contains(':') {
            return Some((
                Pos {
                    line: i as u32 + 1,
                    col: 1,
                },
                key.to_string(),
            ));
        }
    }
    None
}

type Identity = (String, String, String, Option<String>);

/// Why a document has no usable identity.
enum IdentityError {
    NotAMap,
    Missing(Vec<&'static str>),
}

fn identity(root: &Node) -> Result<Identity, IdentityError> {
    if !matches!(root.value, Value::Map(_)) {
        return Err(IdentityError::NotAMap);
    }
    let api = root.get("apiVersion").and_then(Node::as_str);
    let kind = root.get("kind").and_then(Node::as_str);
    let name = root
        .at("metadata.name")
        .or_else(|| root.at("metadata.generateName"))
        .and_then(Node::as_str);
    let mut missing = Vec::new();
    if api.is_none_or(str::is_empty) {
        missing.push("apiVersion");
    }
    if kind.is_none_or(str::is_empty) {
        missing.push("kind");
    }
    if name.is_none_or(str::is_empty) && kind != Some("List") {
        missing.push("metadata.name");
    }
    if !missing.is_empty() {
        return Err(IdentityError::Missing(missing));
    }
    let namespace = root
        .at("metadata.namespace")
        .and_then(Node::as_str)
        .map(str::to_string);
    Ok((
        api.unwrap().into(),
        kind.unwrap().into(),
        name.unwrap_or("").into(),
        namespace,
    ))
}

fn collect_objects(
    file: usize,
    root: Node,
    prefix: &str,
    lang: Lang,
    out: &mut Vec<Finding>,
    objects: &mut Vec<Object>,
) {
    match identity(&root) {
        Ok((api_version, kind, name, namespace)) => {
            if kind == "List" {
                let Value::Map(entries) = root.value else { return };
                for e in entries {
                    if &*e.key == "items" {
                        let Value::Seq(items) = e.value.value else { continue };
                        for (i, item) in items.into_iter().enumerate() {
                            collect_objects(file, item, &format!("{prefix}items[{i}]."), lang, out, objects);
                        }
                    }
                }
                return;
            }
            objects.push(Object { file, root, api_version, kind, name, namespace, prefix: prefix.to_string() });
        }
        Err(IdentityError::NotAMap) => out.push(rules::missing_identity::RULE.finding(
            file,
            root.span,
            tr!(lang, "ce document n'est pas un objet Kubernetes : il devrait commencer par `apiVersion:`, `kind:` et `metadata:`", "this document is not a Kubernetes object: it should start with `apiVersion:`, `kind:` and `metadata:`"),
            tr!(lang, "un manifeste est un dictionnaire (des clés `nom: valeur`), pas une liste ni un texte seul", "a manifest is a mapping (`name: value` keys), not a list or a lone text"),
        )),
        Err(IdentityError::Missing(missing)) => {
            let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            let span = root.get("kind").map_or(root.span, |k| k.span);
            out.push(rules::missing_identity::RULE.finding(
                file,
                span,
                tr!(lang, "ce document n'a pas de {list} : Kubernetes ne saurait pas quel objet créer", "this document has no {list}: Kubernetes would not know which object to create"),
                tr!(lang, "chaque objet commence par `apiVersion`, `kind` et `metadata.name` (par exemple `apiVersion: apps/v1`, `kind: Deployment`)", "every object starts with `apiVersion`, `kind` and `metadata.name` (e.g. `apiVersion: apps/v1`, `kind: Deployment`)"),
            ).with_path(prefix.trim_end_matches('.')));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Object>, Vec<Finding>) {
        let src = SourceFile::from_text("t.yaml", text);
        let mut out = Vec::new();
        let objs = load(
            0,
            &src,
            LoadOptions {
                limits: Limits::default(),
                lang: Lang::Fr,
            },
            &mut out,
        );
        (objs, out)
    }

    #[test]
    fn lists_are_expanded() {
        let (objs, f) = run(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[1].prefix, "items[1].");
    }

    #[test]
    fn flattened_file_is_recognised() {
        let (_, f) = run(
            "apiVersion: v1\nkind: Pod\nmetadata:\nname: web\nspec:\ncontainers:\n- name: web\nimage: nginx\n",
        );
        assert_eq!(f[0].id, "yaml-flattened");
        assert_eq!(f[0].pos.line, 3);
    }

    #[test]
    fn tabs_in_literal_blocks_are_content() {
        let (_, f) = run(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: |\n    a\tb\n  \t\n",
        );
        assert!(f.iter().all(|f| f.id != "yaml-tabs"), "{f:?}");
    }
}
