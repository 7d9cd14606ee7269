//! Messages as data: a pair of static templates (French, English) and typed
//! arguments, rendered in the report's language only when a report is written.
//!
//! `msg!("le Service `{name}` …", "Service `{name}` …", name = svc.name)`:
//! no string is formatted while checking; `{name}` is replaced at rendering
//! time, `{{` and `}}` are literal braces. Arguments may themselves be
//! messages (a phrase whose wording depends on the language) or lists.

use crate::i18n::{Lang, Text};
use serde_json::Value;
use std::fmt::Write;

/// One argument of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(Box<str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A fixed phrase in both languages.
    Text(Text),
    /// A phrase with arguments of its own.
    Msg(Box<Msg>),
    /// Items joined with ", ".
    List(Vec<Arg>),
    /// Items joined with a separator in each language, and another before the last item.
    Join {
        items: Vec<Arg>,
        sep: Text,
        last: Text,
    },
}

/// Items joined with `sep`, and `last` before the last one (`a, b et c`).
pub fn join<T: ToArg>(items: impl IntoIterator<Item = T>, sep: Text, last: Text) -> Arg {
    Arg::Join {
        items: items.into_iter().map(|i| i.to_arg()).collect(),
        sep,
        last,
    }
}

impl Arg {
    /// The argument in `lang`, appended to `out`.
    pub fn render_into(&self, lang: Lang, out: &mut String) {
        match self {
            Arg::Str(s) => out.push_str(s),
            Arg::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Arg::Float(f) => {
                let _ = write!(out, "{f}");
            }
            Arg::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Arg::Text(t) => out.push_str(t.get(lang)),
            Arg::Msg(m) => m.render_into(lang, out),
            Arg::List(items) => {
                for (i, a) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    a.render_into(lang, out);
                }
            }
            Arg::Join { items, sep, last } => {
                for (i, a) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(if i + 1 == items.len() {
                            last.get(lang)
                        } else {
                            sep.get(lang)
                        });
                    }
                    a.render_into(lang, out);
                }
            }
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::new();
        self.render_into(lang, &mut s);
        s
    }

    /// The argument as JSON (messages rendered in `lang`).
    pub fn to_json(&self, lang: Lang) -> Value {
        match self {
            Arg::Str(s) => Value::from(&**s),
            Arg::Int(i) => Value::from(*i),
            Arg::Float(f) => Value::from(*f),
            Arg::Bool(b) => Value::from(*b),
            Arg::Text(t) => Value::from(t.get(lang)),
            Arg::Msg(m) => Value::from(m.render(lang)),
            Arg::List(items) | Arg::Join { items, .. } => {
                Value::Array(items.iter().map(|a| a.to_json(lang)).collect())
            }
        }
    }
}

/// Conversion of a value into an [`Arg`] (by reference: the caller keeps its value).
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.into())
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.as_str().into())
    }
}
impl ToArg for Box<str> {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.clone())
    }
}
impl ToArg for std::borrow::Cow<'_, str> {
    fn to_arg(&self) -> Arg {
        Arg::Str((**self).into())
    }
}
impl ToArg for char {
    fn to_arg(&self) -> Arg {
        Arg::Str(self.to_string().into())
    }
}
impl ToArg for bool {
    fn to_arg(&self) -> Arg {
        Arg::Bool(*self)
    }
}
impl ToArg for f64 {
    fn to_arg(&self) -> Arg {
        Arg::Float(*self)
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => { $( impl ToArg for $t { fn to_arg(&self) -> Arg { Arg::Int(*self as i64) } } )* };
}
int_arg!(i64, i32, u32, u64, usize, u16, u8);
impl ToArg for Text {
    fn to_arg(&self) -> Arg {
        Arg::Text(*self)
    }
}
impl ToArg for Msg {
    fn to_arg(&self) -> Arg {
        Arg::Msg(Box::new(self.clone()))
    }
}
impl ToArg for Arg {
    fn to_arg(&self) -> Arg {
        self.clone()
    }
}
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}
impl<T: ToArg> ToArg for Vec<T> {
    fn to_arg(&self) -> Arg {
        Arg::List(self.iter().map(ToArg::to_arg).collect())
    }
}
impl<T: ToArg> ToArg for [T] {
    fn to_arg(&self) -> Arg {
        Arg::List(self.iter().map(ToArg::to_arg).collect())
    }
}

/// A message: templates in both languages and named arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub fr: &'static str,
    pub en: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub const EMPTY: Msg = Msg {
        fr: "",
        en: "",
        args: Vec::new(),
    };

    pub fn new(fr: &'static str, en: &'static str) -> Msg {
        Msg {
            fr,
            en,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToArg) -> Msg {
        self.args.push((name, value.to_arg()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.fr.is_empty() && self.en.is_empty()
    }

    pub fn template(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }

    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// Renders in `lang`, appending to `out`. An unknown `{name}` stays as written.
    pub fn render_into(&self, lang: Lang, out: &mut String) {
        let t = self.template(lang);
        let mut rest = t;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if let Some(r) = tail.strip_prefix("{{") {
                out.push('{');
                rest = r;
            } else if let Some(r) = tail.strip_prefix("}}") {
                out.push('}');
                rest = r;
            } else if tail.starts_with('{')
                && let Some(end) = tail.find('}')
                && let Some(a) = self.arg(&tail[1..end])
            {
                a.render_into(lang, out);
                rest = &tail[end + 1..];
            } else {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
    }

    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::with_capacity(self.template(lang).len() + 32);
        self.render_into(lang, &mut s);
        s
    }

    /// Placeholders of both templates that have no argument (a test checks there are none).
    pub fn unresolved(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in [self.fr, self.en] {
            let mut rest = t;
            while let Some(i) = rest.find('{') {
                let tail = &rest[i..];
                if let Some(r) = tail.strip_prefix("{{") {
                    rest = r;
                    continue;
                }
                match tail.find('}') {
                    Some(end) => {
                        let name = &tail[1..end];
                        if self.arg(name).is_none() {
                            out.push(name.to_string());
                        }
                        rest = &tail[end + 1..];
                    }
                    None => break,
                }
            }
        }
        fn walk(a: &Arg, out: &mut Vec<String>) {
            match a {
                Arg::Msg(m) => out.extend(m.unresolved()),
                Arg::List(items) | Arg::Join { items, .. } => {
                    items.iter().for_each(|i| walk(i, out))
                }
                _ => {}
            }
        }
        for (_, a) in &self.args {
            walk(a, &mut out);
        }
        out
    }

    /// Arguments as a JSON object (nested messages rendered in `lang`).
    pub fn args_json(&self, lang: Lang) -> Value {
        let mut m = serde_json::Map::new();
        for (k, a) in &self.args {
            m.insert((*k).to_string(), a.to_json(lang));
        }
        Value::Object(m)
    }
}

/// A message shows in French, the default language (tests, debugging).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

impl From<Text> for Msg {
    fn from(t: Text) -> Msg {
        Msg::new(t.fr, t.en)
    }
}

/// `msg!("fr {a}", "en {a}", a = expr, b)`: a [`Msg`] whose arguments are
/// taken by reference and converted with [`ToArg`]; `b` alone means `b = b`.
#[macro_export]
macro_rules! msg {
    ($fr:literal, $en:literal $(,)?) => {
        $crate::diag::Msg::new($fr, $en)
    };
    ($fr:literal, $en:literal, $($name:ident $(= $e:expr)?),+ $(,)?) => {
        $crate::diag::Msg {
            fr: $fr,
            en: $en,
            args: vec![$( (stringify!($name), $crate::msg!(@arg $name $(= $e)?)) ),+],
        }
    };
    (@arg $name:ident = $e:expr) => { $crate::diag::ToArg::to_arg(&$e) };
    (@arg $name:ident) => { $crate::diag::ToArg::to_arg(&$name) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_each_language() {
        let name = "web";
        let n = 3usize;
        let m = crate::msg!(
            "le Service `{name}` a {n} ports {{ok}}",
            "Service `{name}` has {n} ports {{ok}}",
            name,
            n
        );
        assert_eq!(m.render(Lang::Fr), "le Service `web` a 3 ports {ok}");
        assert_eq!(m.render(Lang::En), "Service `web` has 3 ports {ok}");
        assert!(m.unresolved().is_empty());
    }

    #[test]
    fn nested_and_lists() {
        let inner = crate::msg!("du {k}", "of {k}", k = "Deployment");
        let m = crate::msg!("x {a} {l}", "y {a} {l}", a = inner, l = vec!["1", "2"]);
        assert_eq!(m.render(Lang::Fr), "x du Deployment 1, 2");
        assert_eq!(m.render(Lang::En), "y of Deployment 1, 2");
    }

    #[test]
    fn unknown_placeholders_are_reported() {
        let m = crate::msg!("a {b}", "a {c}", b = 1);
        assert_eq!(m.unresolved(), vec!["c".to_string()]);
        assert_eq!(m.render(Lang::En), "a {c}");
    }
}
