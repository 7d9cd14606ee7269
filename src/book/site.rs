//! The built site in French: mdBook's own interface strings (callout titles,
//! search, navigation labels) replaced after the build, and an
//! accent-insensitive search (the index and the query folded to letters
//! without diacritics; the pages keep their accents).

use serde_json::{Map, Value};
use std::path::Path;

/// mdBook 0.5's English interface and its French wording.
const HTML_STRINGS: &[(&str, &str)] = &[
    ("</svg>Note</p>", "</svg>Remarque</p>"),
    ("</svg>Tip</p>", "</svg>Astuce</p>"),
    ("</svg>Important</p>", "</svg>Important</p>"),
    ("</svg>Warning</p>", "</svg>Attention</p>"),
    ("</svg>Caution</p>", "</svg>Avertissement</p>"),
    (
        "placeholder=\"Search this book ...\"",
        "placeholder=\"Rechercher dans le cours…\"",
    ),
    ("\"Table of contents\"", "\"Table des matières\""),
    (
        "\"Toggle Table of Contents\"",
        "\"Afficher ou masquer la table des matières\"",
    ),
    ("\"Change theme\"", "\"Changer de thème\""),
    ("aria-label=\"Themes\"", "aria-label=\"Thèmes\""),
    ("title=\"Search (`/`)\"", "title=\"Rechercher (`/`)\""),
    (
        "\"Toggle Searchbar\"",
        "\"Afficher ou masquer la recherche\"",
    ),
    ("\"Print this book\"", "\"Imprimer le cours\""),
    ("\"Git repository\"", "\"Dépôt Git\""),
    ("\"Suggest an edit\"", "\"Proposer une modification\""),
    ("\"Page navigation\"", "\"Navigation entre les pages\""),
    ("\"Previous chapter\"", "\"Chapitre précédent\""),
    ("\"Next chapter\"", "\"Chapitre suivant\""),
    ("\"Show hidden lines\"", "\"Afficher les lignes masquées\""),
    ("\"Copy to clipboard\"", "\"Copier\""),
    (
        "    <body>\n",
        "    <body>\n    <a class=\"kubecours-sauter\" href=\"#contenu\">Aller au contenu</a>\n",
    ),
    ("<main>", "<main id=\"contenu\" tabindex=\"-1\">"),
    (">Keyboard shortcuts<", ">Raccourcis clavier<"),
    (
        "<p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters</p>",
        "<p><kbd>←</kbd> ou <kbd>→</kbd> : chapitre précédent ou suivant</p>",
    ),
    (
        "<p>Press <kbd>S</kbd> or <kbd>/</kbd> to search in the book</p>",
        "<p><kbd>S</kbd> ou <kbd>/</kbd> : rechercher dans le cours</p>",
    ),
    (
        "<p>Press <kbd>?</kbd> to show this help</p>",
        "<p><kbd>?</kbd> : afficher cette aide</p>",
    ),
    (
        "<p>Press <kbd>Esc</kbd> to hide this help</p>",
        "<p><kbd>Échap</kbd> : masquer cette aide</p>",
    ),
    (">Light<", ">Clair<"),
    (">Dark<", ">Sombre<"),
];

/// mdBook's `book.js` (code blocks' buttons), in addition to [`HTML_STRINGS`].
const BOOK_JS_STRINGS: &[(&str, &str)] = &[
    ("'Show hidden lines'", "'Afficher les lignes masquées'"),
    ("'Hide lines'", "'Masquer les lignes'"),
    ("'Copy to clipboard'", "'Copier'"),
    ("'Copied!'", "'Copié !'"),
    ("'No output'", "'Aucune sortie'"),
    ("'Run this code'", "'Exécuter ce code'"),
    ("'Undo changes'", "'Annuler les modifications'"),
];

const SEARCHER_STRINGS: &[(&str, &str)] = &[
    (
        "aria-label=\"Search Result Teaser\"",
        "aria-label=\"Extrait du résultat\"",
    ),
    (
        "return count + ' search result for \\'' + searchterm + '\\':';",
        "return '1 résultat de recherche pour « ' + searchterm + ' » :';",
    ),
    (
        "return 'No search results for \\'' + searchterm + '\\'.';",
        "return 'Aucun résultat de recherche pour « ' + searchterm + ' ».';",
    ),
    (
        "return count + ' search results for \\'' + searchterm + '\\':';",
        "return count + ' résultats de recherche pour « ' + searchterm + ' » :';",
    ),
    (
        "const results = searchindex.search(searchterm, search_options);",
        "const results = searchindex.search(kubecoursFold(searchterm), search_options);",
    ),
    (
        "return elasticlunr.stemmer(w.toLowerCase());",
        "return elasticlunr.stemmer(kubecoursFold(w.toLowerCase()));",
    ),
    (
        "if (elasticlunr.stemmer(word).startsWith(",
        "if (elasticlunr.stemmer(kubecoursFold(word)).startsWith(",
    ),
];

/// The query folded like the index (see [`fold`]).
const FOLD_JS: &str = "function kubecoursFold(s) {\n    return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '')\n        .replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE');\n}\n";

/// A letter without its diacritics (`é` → `e`, `œ` → `oe`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => out.push('A'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'È' | 'É' | 'Ê' | 'Ë' => out.push('E'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'Ì' | 'Í' | 'Î' | 'Ï' => out.push('I'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => out.push('O'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'Ù' | 'Ú' | 'Û' | 'Ü' => out.push('U'),
            'ý' | 'ÿ' => out.push('y'),
            'Ý' | 'Ÿ' => out.push('Y'),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            _ => out.push(c),
        }
    }
    out
}

/// Merges the trie node `src` into `dst` (documents' term frequencies added).
fn merge_node(dst: &mut Map<String, Value>, src: Map<String, Value>) {
    for (k, v) in src {
        match k.as_str() {
            "df" => {}
            "docs" => {
                let docs = dst
                    .entry("docs")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let (Some(d), Value::Object(s)) = (docs.as_object_mut(), v) {
                    for (r, tf) in s {
                        match d.get_mut(&r) {
                            Some(old) => {
                                let sum = old["tf"].as_f64().unwrap_or(0.0)
                                    + tf["tf"].as_f64().unwrap_or(0.0);
                                old["tf"] = Value::from(sum);
                            }
                            None => {
                                d.insert(r, tf);
                            }
                        }
                    }
                }
            }
            _ => {
                let Value::Object(child) = v else { continue };
                // Descend along the folded key (one or two letters).
                let folded = fold(&k);
                let mut node = &mut *dst;
                let letters: Vec<char> = folded.chars().collect();
                for (n, letter) in letters.iter().enumerate() {
                    let entry = node.entry(letter.to_string()).or_insert_with(|| {
                        let mut m = Map::new();
                        m.insert("docs".into(), Value::Object(Map::new()));
                        m.insert("df".into(), Value::from(0));
                        Value::Object(m)
                    });
                    let Some(obj) = entry.as_object_mut() else {
                        break;
                    };
                    node = obj;
                    if n + 1 == letters.len() {
                        merge_node(node, child.clone());
                    }
                }
            }
        }
    }
    let df = dst
        .get("docs")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    dst.insert("df".into(), Value::from(df));
}

/// Folds every term of an elasticlunr index (`index.<field>.root`).
fn fold_index(json: &mut Value) {
    let Some(fields) = json
        .pointer_mut("/index/index")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for field in fields.values_mut() {
        if let Some(root) = field.get_mut("root")
            && let Value::Object(old) = root.take()
        {
            let mut new = Map::new();
            merge_node(&mut new, old);
            *root = Value::Object(new);
        }
    }
}

fn replace_all(text: &str, table: &[(&str, &str)]) -> String {
    table
        .iter()
        .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// Rewrites the built site in `out` (an mdBook html folder).
pub fn frenchify(out: &Path) -> std::io::Result<()> {
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir)? {
            let path = e?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".html") {
                let html = std::fs::read_to_string(&path)?;
                std::fs::write(&path, replace_all(&html, HTML_STRINGS))?;
            } else if name.starts_with("searcher") && name.ends_with(".js") {
                let js = std::fs::read_to_string(&path)?;
                let js = replace_all(&js, SEARCHER_STRINGS);
                std::fs::write(&path, format!("{FOLD_JS}{js}"))?;
            } else if name.starts_with("book") && name.ends_with(".js") {
                let js = std::fs::read_to_string(&path)?;
                let js = replace_all(&js, HTML_STRINGS);
                std::fs::write(&path, replace_all(&js, BOOK_JS_STRINGS))?;
            } else if name.starts_with("searchindex") && name.ends_with(".js") {
                let js = std::fs::read_to_string(&path)?;
                std::fs::write(&path, fold_searchindex_js(&js))?;
            } else if name.starts_with("searchindex") && name.ends_with(".json") {
                let text = std::fs::read_to_string(&path)?;
                if let Ok(mut v) = serde_json::from_str::<Value>(&text) {
                    fold_index(&mut v);
                    std::fs::write(&path, v.to_string())?;
                }
            }
        }
    }
    Ok(())
}

/// `window.search = Object.assign(window.search, JSON.parse('…'));` with the
/// index folded.
fn fold_searchindex_js(js: &str) -> String {
    const HEAD: &str = "JSON.parse('";
    const TAIL: &str = "'));";
    let (Some(a), Some(b)) = (js.find(HEAD), js.rfind(TAIL)) else {
        return js.to_string();
    };
    let quoted = &js[a + HEAD.len()..b];
    let json = quoted.replace("\\'", "'").replace("\\\\", "\\");
    let Ok(mut v) = serde_json::from_str::<Value>(&json) else {
        return js.to_string();
    };
    fold_index(&mut v);
    let text = v.to_string().replace('\\', "\\\\").replace('\'', "\\'");
    format!("{}{HEAD}{text}{}", &js[..a], &js[b..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_merges_accented_terms() {
        // "ré" (doc 1) and "re" (doc 2) become one "re" entry with both.
        let mut v = serde_json::json!({"index": {"index": {"body": {"root": {
            "docs": {}, "df": 0,
            "r": {"docs": {}, "df": 0,
                "é": {"docs": {"1": {"tf": 1.0}}, "df": 1},
                "e": {"docs": {"2": {"tf": 2.0}, "1": {"tf": 1.0}}, "df": 2}}
        }}}}});
        fold_index(&mut v);
        let re = &v["index"]["index"]["body"]["root"]["r"]["e"];
        assert_eq!(re["df"], 2);
        assert_eq!(re["docs"]["1"]["tf"], 2.0);
        assert!(v["index"]["index"]["body"]["root"]["r"].get("é").is_none());
        assert_eq!(fold("sélecteur cœur"), "selecteur coeur");
    }
}
