//! clap's own words in French: the help template and headings, the notes
//! after each option (default, possible values, variable), the usage line,
//! and every command-line error, rendered here from clap's structured
//! context (which argument, which value, the valid values) instead of clap's
//! English sentences. English with `--lang en` or `KUBECOURS_LANG=en`.

use crate::i18n::Lang;
use clap::builder::{PossibleValue, StyledStr};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};
use std::ffi::OsString;

/// The `--lang` of a command line clap has not read (or could not read):
/// `--lang en`, `--lang=en`.
pub fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        };
        match value.as_deref() {
            Some("en") => return Some(Lang::En),
            Some("fr") => return Some(Lang::Fr),
            _ => {}
        }
    }
    None
}

fn heading(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    // clap writes `{heading}:`; French typography wants a space before it.
    lang.pick(fr, en)
}

/// The command with French (or English) headings, templates and notes, on
/// every subcommand.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let template = match lang {
        Lang::Fr => "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}",
        Lang::En => "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    };
    let cmd = cmd
        .help_template(template)
        .subcommand_help_heading(heading(lang, "Commandes ", "Commands"))
        .subcommand_value_name(lang.pick("COMMANDE", "COMMAND"))
        .mut_args(|a| localise_arg(a, lang));
    cmd.mut_subcommands(|s| localise(s, lang))
}

fn quoted(v: &str) -> String {
    if v.contains(char::is_whitespace) {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

fn localise_arg(a: Arg, lang: Lang) -> Arg {
    let head = if a.is_positional() {
        heading(lang, "Arguments ", "Arguments")
    } else {
        heading(lang, "Options ", "Options")
    };
    let mut notes = Vec::new();
    if let Some(env) = a.get_env() {
        notes.push(crate::tr!(
            lang,
            "[variable : {}]",
            "[env: {}]",
            env.to_string_lossy()
        ));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|d| quoted(&d.to_string_lossy()))
        .collect();
    if a.get_action().takes_values() && !defaults.is_empty() {
        notes.push(crate::tr!(
            lang,
            "[par défaut : {}]",
            "[default: {}]",
            defaults.join(" ")
        ));
    }
    let values: Vec<PossibleValue> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    // Flags (`--offline`) have the possible values `true` and `false`: not worth saying.
    let is_flag = !a.get_action().takes_values();
    if !values.is_empty() && !is_flag {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        notes.push(crate::tr!(
            lang,
            "[valeurs : {}]",
            "[values: {}]",
            names.join(", ")
        ));
    }
    let help = a.get_help().map(StyledStr::to_string).unwrap_or_default();
    let join = |text: &str, notes: &[String]| match (text.is_empty(), notes.is_empty()) {
        (_, true) => text.to_string(),
        (true, false) => notes.join(" "),
        (false, false) => format!("{text} {}", notes.join(" ")),
    };
    let short = join(&help, &notes);
    // The long help (`--help`) differs only where there is more to say: a
    // long text, or possible values that each have their own explanation.
    let explained = !is_flag && values.iter().any(|v| v.get_help().is_some());
    let original_long = a.get_long_help().map(StyledStr::to_string);
    let long = if explained || original_long.is_some() {
        let text = original_long.unwrap_or_else(|| help.clone());
        let notes: Vec<String> = if explained {
            notes
                .iter()
                .filter(|n| !n.starts_with("[val"))
                .cloned()
                .collect()
        } else {
            notes.clone()
        };
        let mut long = join(&text, &notes);
        if explained {
            long.push_str(lang.pick("\n\nValeurs possibles :", "\n\nPossible values:"));
            for v in &values {
                match v.get_help() {
                    Some(h) => long.push_str(&crate::tr!(
                        lang,
                        "\n- {} : {}",
                        "\n- {}: {}",
                        v.get_name(),
                        h
                    )),
                    None => long.push_str(&format!("\n- {}", v.get_name())),
                }
            }
        }
        Some(long)
    } else {
        None
    };
    let mut a = a.help_heading(head);
    if a.get_env().is_some() {
        a = a.hide_env(true);
    }
    if !is_flag {
        a = a.hide_default_value(true).hide_possible_values(true);
    }
    if !short.is_empty() {
        a = a.help(short);
    }
    if let Some(long) = long {
        a = a.long_help(long);
    }
    a
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.join(", ")),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

fn number(e: &clap::Error, kind: ContextKind) -> Option<isize> {
    match e.get(kind)? {
        ContextValue::Number(n) => Some(*n),
        _ => None,
    }
}

fn ticks(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a value did not parse, from the parser's own (English) error: the
/// standard library's number errors said in French.
fn reason(source: &str, lang: Lang) -> String {
    let known: &[(&str, &str, &str)] = &[
        (
            "invalid digit found in string",
            "ce n'est pas un nombre entier",
            "not a whole number",
        ),
        (
            "invalid float literal",
            "ce n'est pas un nombre (exemple : `20` ou `2.5`)",
            "not a number (for example `20` or `2.5`)",
        ),
        (
            "number too large to fit in target type",
            "ce nombre est trop grand",
            "this number is too large",
        ),
        (
            "number too small to fit in target type",
            "ce nombre est trop petit",
            "this number is too small",
        ),
        (
            "cannot parse integer from empty string",
            "la valeur est vide",
            "the value is empty",
        ),
        (
            "cannot parse float from empty string",
            "la valeur est vide",
            "the value is empty",
        ),
    ];
    for (en, fr, en_said) in known {
        if source.contains(en) {
            return lang.pick(fr, en_said).to_string();
        }
    }
    match lang {
        Lang::Fr => format!("valeur refusée (« {source} »)"),
        Lang::En => source.to_string(),
    }
}

/// The first sentence of an error: what is wrong, with the argument and the
/// value in backticks.
fn sentence(e: &clap::Error, lang: Lang) -> String {
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => crate::tr!(
            lang,
            "`{arg}` attend une valeur, et aucune n'a été donnée",
            "`{arg}` needs a value and none was given"
        ),
        ErrorKind::InvalidValue => crate::tr!(
            lang,
            "la valeur `{value}` n'est pas permise pour `{arg}`",
            "the value `{value}` is not allowed for `{arg}`"
        ),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| reason(&s.to_string(), lang))
                .unwrap_or_default();
            crate::tr!(
                lang,
                "la valeur `{value}` de `{arg}` n'est pas valide : {why}",
                "the value `{value}` of `{arg}` is not valid: {why}"
            )
        }
        ErrorKind::UnknownArgument => crate::tr!(
            lang,
            "argument inattendu `{arg}`",
            "unexpected argument `{arg}`"
        ),
        ErrorKind::InvalidSubcommand => {
            let sub = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            crate::tr!(
                lang,
                "la commande `{sub}` n'existe pas",
                "there is no command `{sub}`"
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(e, ContextKind::InvalidArg);
            let list = ticks(&missing);
            if missing.len() > 1 {
                crate::tr!(
                    lang,
                    "il manque les arguments {list}",
                    "the arguments {list} are missing"
                )
            } else {
                crate::tr!(
                    lang,
                    "il manque l'argument {list}",
                    "the argument {list} is missing"
                )
            }
        }
        ErrorKind::MissingSubcommand => {
            let name = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            crate::tr!(
                lang,
                "`{name}` attend une commande",
                "`{name}` needs a command"
            )
        }
        ErrorKind::ArgumentConflict => {
            let prior = strings(e, ContextKind::PriorArg);
            let subject = string(e, ContextKind::InvalidArg)
                .or_else(|| string(e, ContextKind::InvalidSubcommand))
                .unwrap_or_default();
            if prior.is_empty() || prior == [subject.clone()] {
                crate::tr!(
                    lang,
                    "`{subject}` ne peut être donné qu'une fois",
                    "`{subject}` can be given only once"
                )
            } else {
                let others = ticks(&prior);
                crate::tr!(
                    lang,
                    "`{subject}` ne peut pas être utilisé avec {others}",
                    "`{subject}` cannot be used with {others}"
                )
            }
        }
        ErrorKind::NoEquals => crate::tr!(
            lang,
            "`{arg}` s'écrit avec un signe égal : `{arg}=VALEUR`",
            "`{arg}` needs an equal sign: `{arg}=VALUE`"
        ),
        ErrorKind::TooManyValues => crate::tr!(
            lang,
            "valeur en trop `{value}` pour `{arg}`",
            "one value too many, `{value}`, for `{arg}`"
        ),
        ErrorKind::TooFewValues => {
            let min = number(e, ContextKind::MinValues).unwrap_or(0);
            let got = number(e, ContextKind::ActualNumValues).unwrap_or(0);
            crate::tr!(
                lang,
                "`{arg}` attend au moins {min} valeurs ({got} donnée(s))",
                "`{arg}` needs at least {min} values ({got} given)"
            )
        }
        ErrorKind::WrongNumberOfValues => {
            let want = number(e, ContextKind::ExpectedNumValues).unwrap_or(0);
            let got = number(e, ContextKind::ActualNumValues).unwrap_or(0);
            crate::tr!(
                lang,
                "`{arg}` attend {want} valeur(s) ({got} donnée(s))",
                "`{arg}` needs {want} value(s) ({got} given)"
            )
        }
        ErrorKind::InvalidUtf8 => lang
            .pick(
                "un argument n'est pas du texte UTF-8 valide",
                "an argument is not valid UTF-8 text",
            )
            .to_string(),
        _ => {
            let original = e.to_string();
            let first = original
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ");
            crate::tr!(lang, "(« {first} »)", "({first})")
        }
    }
}

/// The notes under the sentence: valid values, the likely intended spelling,
/// how to pass a value that starts with `-`.
fn notes(e: &clap::Error, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let valid = strings(e, ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push(crate::tr!(
            lang,
            "valeurs possibles : {}",
            "possible values: {}",
            valid.join(", ")
        ));
    }
    let subs = strings(e, ContextKind::ValidSubcommand);
    if !subs.is_empty() {
        out.push(crate::tr!(
            lang,
            "commandes possibles : {}",
            "possible commands: {}",
            subs.join(", ")
        ));
    }
    for kind in [
        ContextKind::SuggestedValue,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
    ] {
        let s = strings(e, kind);
        if !s.is_empty() {
            let s = ticks(&s);
            out.push(crate::tr!(
                lang,
                "vouliez-vous dire {s} ?",
                "did you mean {s}?"
            ));
        }
    }
    for tip in strings(e, ContextKind::Suggested) {
        out.push(tip_said(&tip, lang));
    }
    out
}

/// clap's free-text tips (`Suggested`), recognised by their shape and said
/// again; their quoted parts (the arguments) are kept as they are.
fn tip_said(tip: &str, lang: Lang) -> String {
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    match (quoted.as_slice(), lang) {
        ([arg, fix], _) if tip.starts_with("to pass ") => crate::tr!(
            lang,
            "pour donner `{arg}` comme valeur, écrivez `{fix}`",
            "to pass `{arg}` as a value, write `{fix}`"
        ),
        ([sub, _], _) if tip.starts_with("subcommand ") => crate::tr!(
            lang,
            "la commande `{sub}` existe : retirez le `--` qui la précède",
            "the command `{sub}` exists: remove the `--` before it"
        ),
        ([exists], _) if tip.ends_with("exists") => crate::tr!(
            lang,
            "vouliez-vous dire `{exists}` ? (cette option est celle d'une autre commande)",
            "did you mean `{exists}`? (that option belongs to another command)"
        ),
        (_, Lang::Fr) => format!("conseil de clap : « {tip} »"),
        (_, Lang::En) => format!("tip: {tip}"),
    }
}

/// The usage line clap computed for the error, without its English heading.
fn usage(e: &clap::Error) -> Option<String> {
    let u = string(e, ContextKind::Usage)?;
    let u = u.trim();
    let u = u.strip_prefix("Usage:").unwrap_or(u).trim();
    Some(u.to_string())
}

/// The usage line of the subcommand a command line names (`kubecours lint
/// --format xml` → `kubecours lint [OPTIONS] [CHEMINS]...`), for the errors
/// clap gives without one.
pub fn usage_of_args(root: Command, args: &[OsString]) -> String {
    let mut cmd = root;
    cmd.build();
    for a in args.iter().skip(1) {
        let a = a.to_string_lossy();
        if let Some(sub) = cmd.find_subcommand(a.as_ref()).cloned() {
            cmd = sub;
        }
    }
    let u = cmd.render_usage().to_string();
    let u = u.trim();
    u.strip_prefix("Usage:").unwrap_or(u).trim().to_string()
}

/// The whole message of a command-line error, on several lines, ending with
/// a newline. `fallback_usage`: the usage line to show when clap gives none.
pub fn render_error(e: &clap::Error, lang: Lang, label: &str, fallback_usage: &str) -> String {
    let mut out = crate::tr!(
        lang,
        "{label} : la ligne de commande n'est pas valide : {}\n",
        "{label}: the command line is not valid: {}\n",
        sentence(e, lang)
    );
    for n in notes(e, lang) {
        out.push_str(&format!("  {n}\n"));
    }
    let usage = usage(e).or_else(|| Some(fallback_usage.to_string()).filter(|u| !u.is_empty()));
    if let Some(u) = &usage {
        out.push_str(&crate::tr!(lang, "\nUtilisation : {u}\n", "\nUsage: {u}\n"));
    }
    // `kubecours check [OPTIONS] <EXERCICE>` → `kubecours check --help`
    let command: Vec<&str> = usage
        .as_deref()
        .unwrap_or("kubecours")
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    let command = if command.is_empty() {
        "kubecours".to_string()
    } else {
        command.join(" ")
    };
    out.push_str(&crate::tr!(
        lang,
        "L'aide : `{command} --help`\n",
        "Help: `{command} --help`\n"
    ));
    out
}

/// `kubecours help [COMMAND…]`: the long help of that command.
pub fn help_of(root: Command, path: &[String]) -> Result<String, crate::error::Error> {
    let mut cmd = root;
    cmd.build();
    for name in path {
        let Some(sub) = cmd.find_subcommand(name).cloned() else {
            return Err(crate::error::Error::other(
                format!("la commande `{name}` n'existe pas (les commandes : `kubecours --help`)"),
                format!("there is no command `{name}` (the commands: `kubecours --help`)"),
            ));
        };
        cmd = sub;
    }
    Ok(cmd.render_long_help().to_string())
}
