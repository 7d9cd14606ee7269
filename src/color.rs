//! Terminal colours, decided per output stream: `--color auto|always|never`,
//! `NO_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE` respected, and whether that
//! stream (stdout or stderr) is a terminal, as anstream decides it.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled_for<S: anstream::stream::RawStream>(self, stream: &S) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    /// For what is printed on standard output.
    pub fn stdout(choice: ColorChoice) -> Paint {
        Paint {
            enabled: choice.enabled_for(&std::io::stdout()),
        }
    }

    /// For what is printed on standard error (errors, progress).
    pub fn stderr(choice: ColorChoice) -> Paint {
        Paint {
            enabled: choice.enabled_for(&std::io::stderr()),
        }
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
