//! The YAML reader's (saphyr-parser's) English error messages, each said in
//! French for a student: what is wrong and what to do. The English message
//! keeps the reader's own text in parentheses; the French one keeps it only
//! for a message this table does not know, as a quoted detail.

use crate::diag::Msg;
use crate::msg;

/// One known family of reader messages: any of `patterns` (lowercase
/// substrings of the reader's message) gives this French and English text.
struct Known {
    patterns: &'static [&'static str],
    fr: &'static str,
    en: &'static str,
}

/// Most specific first: the first entry with a matching pattern wins.
const KNOWN: &[Known] = &[
    Known {
        patterns: &["mapping values are not allowed"],
        fr: "un `:` inattendu : deux clés sur une ligne, une valeur contenant `: ` sans guillemets, ou une ligne au-dessus sans `:`",
        en: "unexpected `:`: two keys on one line, a value containing `: ` without quotes, or a line above without `:`",
    },
    Known {
        patterns: &["mapping keys are not allowed"],
        fr: "une clé complexe `? ` à un endroit où YAML n'en accepte pas",
        en: "a complex `? ` key where YAML accepts none",
    },
    Known {
        patterns: &[
            "illegal placement of ':'",
            "':' may not precede",
            "':' must be followed",
        ],
        fr: "un `:` mal placé : une liste `[ … ]` ou un objet `{ … }` non refermé au-dessus, ou un `:` qui n'est pas suivi d'une espace",
        en: "a misplaced `:`: an unclosed `[ … ]` list or `{ … }` object above, or a `:` not followed by a space",
    },
    Known {
        patterns: &["block mapping, did not find expected key"],
        fr: "l'indentation ne correspond pas au bloc au-dessus : cette ligne n'est alignée sur aucune clé du bloc parent, ou un `-` de liste suit une clé qui a déjà une valeur",
        en: "the indentation does not match the block above: this line is aligned with no key of the parent block, or a `-` list item follows a key that already has a value",
    },
    Known {
        patterns: &["did not find expected '-' indicator"],
        fr: "un élément de liste `-` est attendu ici, aligné sur les précédents : l'indentation ne correspond pas à la liste au-dessus",
        en: "a `-` list item is expected here, aligned with the previous ones: the indentation does not match the list above",
    },
    Known {
        patterns: &["block sequence entries are not allowed"],
        fr: "un élément de liste `-` mal placé : sur la ligne d'une clé qui a déjà une valeur, ou mal indenté",
        en: "a misplaced `-` list item: on the line of a key that already has a value, or badly indented",
    },
    Known {
        patterns: &["flow sequence, expected ',' or ']'"],
        fr: "une liste `[ … ]` n'est pas refermée par `]`, ou il manque une virgule entre deux éléments",
        en: "a `[ … ]` list is not closed by `]`, or a comma is missing between two items",
    },
    Known {
        patterns: &["flow mapping, did not find expected ',' or '}'"],
        fr: "un objet `{ … }` n'est pas refermé par `}`, ou il manque une virgule entre deux éléments",
        en: "a `{ … }` object is not closed by `}`, or a comma is missing between two items",
    },
    Known {
        patterns: &["misplaced bracket"],
        fr: "un `]` ou un `}` qui ne ferme rien",
        en: "a `]` or `}` that closes nothing",
    },
    Known {
        patterns: &["invalid indentation in flow construct"],
        fr: "une liste `[ … ]` ou un objet `{ … }` sur plusieurs lignes est moins indenté que sa clé",
        en: "a `[ … ]` list or `{ … }` object on several lines is less indented than its key",
    },
    Known {
        patterns: &[
            "invalid indentation in quoted scalar",
            "quoted scalar, found unexpected end of stream",
            "quoted scalar, found unexpected document indicator",
        ],
        fr: "des guillemets ne sont pas refermés : vérifiez la valeur entre guillemets qui commence ici",
        en: "a quote is not closed: check the quoted value that starts here",
    },
    Known {
        patterns: &[
            "unknown escape character",
            "invalid unicode character escape",
            "expected hexadecimal number",
        ],
        fr: "une séquence `\\` inconnue entre guillemets doubles : écrivez `\\\\` pour une barre oblique inverse, ou mettez la valeur entre guillemets simples",
        en: "an unknown `\\` escape between double quotes: write `\\\\` for a backslash, or use single quotes",
    },
    Known {
        patterns: &["trailing content after double-quoted scalar"],
        fr: "du texte après le guillemet fermant : mettez toute la valeur entre les guillemets",
        en: "text after the closing quote: put the whole value between the quotes",
    },
    Known {
        patterns: &[
            "tab cannot be used as indentation",
            "tabs disallowed",
            "found a tab",
            "cannot start with a tab",
        ],
        fr: "une tabulation à un endroit où YAML n'accepte que des espaces : remplacez-la par des espaces",
        en: "a tab where YAML accepts only spaces: replace it with spaces",
    },
    Known {
        patterns: &["unknown anchor"],
        fr: "l'alias `*…` renvoie à une ancre `&…` qui n'existe pas (ou qui n'est définie que plus bas)",
        en: "the `*…` alias refers to an `&…` anchor that does not exist (or is defined only further down)",
    },
    Known {
        patterns: &["duplicated anchor"],
        fr: "deux ancres `&…` portent le même nom",
        en: "two `&…` anchors have the same name",
    },
    Known {
        patterns: &[
            "anchor or alias, did not find expected alphabetic",
            "invalid indentation for anchor",
        ],
        fr: "une ancre `&` ou un alias `*` sans nom valide : si `&` ou `*` fait partie de la valeur, mettez-la entre guillemets",
        en: "an `&` anchor or `*` alias without a valid name: if `&` or `*` is part of the value, quote it",
    },
    Known {
        patterns: &["plain scalar cannot start with '-'"],
        fr: "une valeur qui commence par `-` suivi de `,`, `[`, `]`, `{` ou `}` : mettez-la entre guillemets",
        en: "a value starting with `-` followed by `,`, `[`, `]`, `{` or `}`: quote it",
    },
    Known {
        patterns: &["'-' must be followed by"],
        fr: "un `-` de liste doit être suivi d'une espace",
        en: "a `-` list marker must be followed by a space",
    },
    Known {
        patterns: &["unexpected end of plain scalar"],
        fr: "une valeur sans guillemets s'arrête sur un caractère réservé (`[`, `]`, `{`, `}`, `,`) : mettez-la entre guillemets",
        en: "an unquoted value stops at a reserved character (`[`, `]`, `{`, `}`, `,`): quote it",
    },
    Known {
        patterns: &[
            "wrongly indented line in block scalar",
            "indentation indicator equal to 0",
            "while scanning a block scalar",
        ],
        fr: "un bloc de texte `|` ou `>` mal formé : ses lignes doivent être plus indentées que sa clé, et seul un commentaire peut suivre `|` sur sa ligne",
        en: "a malformed `|` or `>` text block: its lines must be more indented than its key, and only a comment may follow `|` on its line",
    },
    Known {
        patterns: &["comment intercepting the multiline text"],
        fr: "un commentaire `#` coupe une valeur écrite sur plusieurs lignes : écrivez la valeur sur une ligne, ou entre guillemets",
        en: "a `#` comment cuts a value written on several lines: write the value on one line, or quote it",
    },
    Known {
        patterns: &["did not find expected node content"],
        fr: "une valeur est attendue ici : un `-` ou une clé sans rien après, ou un caractère qui ne peut pas commencer une valeur",
        en: "a value is expected here: a `-` or key with nothing after it, or a character that cannot start a value",
    },
    Known {
        patterns: &["byte order mark"],
        fr: "une marque d'ordre des octets (BOM) au milieu du fichier : enregistrez-le en UTF-8 sans BOM",
        en: "a byte order mark (BOM) inside the file: save it as UTF-8 without BOM",
    },
    Known {
        patterns: &["unprintable character"],
        fr: "un caractère de contrôle invisible : supprimez-le (ou retapez la ligne)",
        en: "an invisible control character: delete it (or retype the line)",
    },
    Known {
        patterns: &[
            "directive",
            "document end marker",
            "document start",
            "document-start",
            "stream-start",
            "incompatible yaml document",
            "handle wasn't declared",
        ],
        fr: "un séparateur de documents `---` ou `...`, ou une directive `%`, mal placé",
        en: "a misplaced `---` or `...` document separator, or `%` directive",
    },
    Known {
        patterns: &["tag"],
        fr: "une étiquette `!…` mal formée : si la valeur commence par `!`, mettez-la entre guillemets",
        en: "a malformed `!…` tag: if the value starts with `!`, quote it",
    },
    Known {
        patterns: &["recursion limit exceeded"],
        fr: "trop de niveaux imbriqués : plus que la limite de l'outil",
        en: "too many nested levels: more than the tool's limit",
    },
    Known {
        patterns: &["simple key expect"],
        fr: "une clé qui n'est pas suivie de `:` (ou une clé écrite sur plusieurs lignes)",
        en: "a key not followed by `:` (or a key written on several lines)",
    },
    Known {
        patterns: &["unexpected eof"],
        fr: "le fichier s'arrête au milieu d'une valeur",
        en: "the file ends in the middle of a value",
    },
    Known {
        patterns: &["invalid indentation"],
        fr: "cette ligne est moins indentée que ce qui l'entoure : le plus souvent, une liste `[ … ]` ou un objet `{ … }` au-dessus n'est pas refermé",
        en: "this line is less indented than what surrounds it: most often, a `[ … ]` list or `{ … }` object above is not closed",
    },
    Known {
        patterns: &["expected whitespace"],
        fr: "une espace est attendue ici",
        en: "a space is expected here",
    },
];

/// The reader's message said for a student, in both languages.
pub fn describe(raw: &str) -> Msg {
    let lower = raw.to_lowercase();
    // `unexpected character: `@'`: the character is worth naming.
    if let Some(rest) = raw.strip_prefix("unexpected character: `") {
        let c = rest.strip_suffix('\'').unwrap_or(rest);
        let c = if c == "`" {
            "`` ` ``".to_string()
        } else {
            format!("`{c}`")
        };
        return msg!(
            "le caractère {c} ne peut pas commencer une valeur YAML (`@` et `` ` `` sont réservés) : mettez la valeur entre guillemets",
            "the character {c} cannot start a YAML value (`@` and `` ` `` are reserved): quote the value ({raw})",
            c = c,
            raw = raw
        );
    }
    for k in KNOWN {
        if k.patterns.iter().any(|p| lower.contains(p)) {
            let what = crate::i18n::Text { fr: k.fr, en: k.en };
            return msg!("{what}", "{what} ({raw})", what = what, raw = raw);
        }
    }
    msg!(
        "YAML invalide à cet endroit (l'analyseur YAML dit : « {raw} »)",
        "invalid YAML here ({raw})",
        raw = raw
    )
}

/// Whether `raw` is one of the messages this table says in its own words.
pub fn is_known(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    raw.starts_with("unexpected character: `")
        || KNOWN
            .iter()
            .any(|k| k.patterns.iter().any(|p| lower.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Every message saphyr-parser 0.3 can give (from its sources), and ours.
    const READER: &[&str] = &[
        "'-' must be followed by a valid YAML whitespace",
        "':' may not precede any of `[{` in flow mapping",
        "':' must be followed by a valid YAML whitespace",
        "a block scalar content cannot start with a tab",
        "a byte order mark must not appear inside a document",
        "block sequence entries are not allowed in this context",
        "comment intercepting the multiline text",
        "did not find expected <document start>",
        "did not find expected <document-start>",
        "did not find expected <stream-start>",
        "duplicate version directive",
        "expected whitespace",
        "found incompatible YAML document",
        "found unprintable character",
        "illegal placement of ':' indicator",
        "invalid content after document end marker",
        "invalid global tag character",
        "invalid indentation for anchor",
        "invalid indentation in flow construct",
        "invalid indentation in quoted scalar",
        "invalid indentation",
        "invalid trailing content after double-quoted scalar",
        "mapping keys are not allowed in this context",
        "mapping values are not allowed in this context",
        "misplaced bracket",
        "missing explicit document end marker before directive",
        "plain scalar cannot start with '-' followed by ,[]{}",
        "recursion limit exceeded",
        "simple key expect ':'",
        "simple key expected",
        "tab cannot be used as indentation",
        "tabs disallowed in this context",
        "tabs disallowed within this context (block indentation)",
        "the TAG directive must only be given at most once per handle in the same document",
        "the handle wasn't declared",
        "unexpected end of plain scalar",
        "unexpected eof",
        "unexpected character: `@'",
        "unknown anchor",
        "while parsing a block collection, did not find expected '-' indicator",
        "while parsing a block mapping, did not find expected key",
        "while parsing a flow mapping, did not find expected ',' or '}'",
        "while parsing a flow sequence, expected ',' or ']'",
        "while parsing a node, did not find expected node content",
        "while parsing a quoted scalar, did not find expected hexadecimal number",
        "while parsing a quoted scalar, found invalid Unicode character escape code",
        "while parsing a quoted scalar, found unknown escape character",
        "while parsing a tag directive, did not find expected '!'",
        "while parsing a tag, did not find expected tag URI",
        "while parsing a tag, found an incorrect leading UTF-8 byte",
        "while parsing a tag, found an incorrect trailing UTF-8 byte",
        "while parsing a tag, found an invalid UTF-8 codepoint",
        "while parsing a tag, found an invalid escape sequence",
        "while parsing anchor, found duplicated anchor",
        "while parsing node, found unknown anchor",
        "while scanning TAG, did not find expected whitespace or line break",
        "while scanning a YAML directive, did not find expected digit or '.' character",
        "while scanning a YAML directive, did not find expected version number",
        "while scanning a YAML directive, found extremely long version number",
        "while scanning a block scalar, did not find expected comment or line break",
        "while scanning a block scalar, found an indentation indicator equal to 0",
        "while scanning a directive, could not find expected directive name",
        "while scanning a directive, did not find expected comment or line break",
        "while scanning a directive, found unexpected non-alphabetical character",
        "while scanning a plain scalar, found a tab",
        "while scanning a quoted scalar, found unexpected document indicator",
        "while scanning a quoted scalar, found unexpected end of stream",
        "while scanning a tag, did not find expected '!'",
        "while scanning a tag, did not find expected whitespace or line break",
        "while scanning a verbatim tag, did not find the expected '>'",
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
        "wrongly indented line in block scalar",
    ];

    #[test]
    fn every_reader_message_is_said_in_french_without_its_english() {
        for raw in READER {
            assert!(is_known(raw), "no French sentence for `{raw}`");
            let fr = describe(raw).render(Lang::Fr);
            assert!(!fr.contains(raw), "{raw}: {fr}");
            for w in ["while ", "found", "expected", "allowed", "invalid"] {
                assert!(!fr.contains(w), "{raw}: English `{w}` in {fr}");
            }
            let en = describe(raw).render(Lang::En);
            assert!(en.contains(raw), "{raw}: {en}");
        }
    }

    #[test]
    fn an_unknown_message_is_quoted_after_a_french_sentence() {
        let fr = describe("something new").render(Lang::Fr);
        assert_eq!(
            fr,
            "YAML invalide à cet endroit (l'analyseur YAML dit : « something new »)"
        );
        assert!(!is_known("something new"));
    }
}
