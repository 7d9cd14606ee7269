//! Languages of the messages: French by default, English on request.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// `--lang` wins; then `KUBECOURS_LANG` (`fr` or `en`); otherwise
    /// `LANGUAGE`/`LC_ALL`/`LC_MESSAGES`/`LANG` starting with `en` gives
    /// English; anything else gives French.
    pub fn detect(explicit: Option<Lang>) -> Lang {
        if let Some(l) = explicit {
            return l;
        }
        match std::env::var("KUBECOURS_LANG").as_deref() {
            Ok(v) if v.starts_with("en") => return Lang::En,
            Ok(v) if v.starts_with("fr") => return Lang::Fr,
            _ => {}
        }
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.starts_with("en") {
                    Lang::En
                } else {
                    Lang::Fr
                };
            }
        }
        Lang::Fr
    }

    /// Picks one of two static texts.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const EMPTY: Text = Text { fr: "", en: "" };

    pub fn is_empty(&self) -> bool {
        self.fr.is_empty() && self.en.is_empty()
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// Formats only the text of the wanted language:
/// `tr!(lang, "Le Service `{name}` …", "Service `{name}` …")`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(, $($arg:tt)*)?) => {
        match $lang {
            $crate::i18n::Lang::Fr => format!($fr $(, $($arg)*)?),
            $crate::i18n::Lang::En => format!($en $(, $($arg)*)?),
        }
    };
}
