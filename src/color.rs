//! Terminal colours: `--color auto|always|never`, `NO_COLOR` respected.

use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    pub fn new(choice: ColorChoice) -> Paint {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Paint { enabled }
    }

    pub fn plain() -> Paint {
        Paint { enabled: false }
    }

    fn wrap(self, code: &str, s: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn red(self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    pub fn yellow(self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    pub fn cyan(self, s: &str) -> String {
        self.wrap("1;36", s)
    }
    pub fn blue(self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    pub fn green(self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
}
