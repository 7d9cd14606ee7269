//! Command-line interface: subcommands and flags (clap derive), and their dispatch.

use crate::color::{ColorChoice, Paint};
use crate::error::Error;
use crate::i18n::Lang;
use crate::lint::{self, Options};
use crate::report::{self, Format};
use crate::{catalogue, rules};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "kubecours", version, about = "Cours Kubernetes : vérifie vos manifestes et vos déploiements, en français.", long_about = None)]
pub struct Cli {
    /// Langue des messages (par défaut : d'après LANG, sinon français)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Couleurs : auto, always, never (NO_COLOR est respecté)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Vérifie des manifestes (fichiers, dossiers, `-` pour l'entrée standard)
    Lint {
        /// Fichiers ou dossiers (*.yaml, *.yml, *.json) ; par défaut `manifests/`
        paths: Vec<PathBuf>,
        /// Format de sortie
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Namespace des objets qui n'en précisent pas
        #[arg(short = 'n', long, default_value = "default")]
        namespace: String,
    },
    /// Liste toutes les règles
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explique une règle : ce qu'elle vérifie, pourquoi, un mauvais et un bon exemple
    Explain {
        /// Identifiant de la règle (voir `kubecours rules`)
        id: String,
    },
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let lang = Lang::detect(cli.lang);
    let paint = Paint::new(cli.color);
    match dispatch(cli.command, lang, paint) {
        Ok(code) => code,
        Err(e) => {
            let label = paint.red(lang.pick("erreur", "error"));
            eprintln!("{label}: {}", e.message(lang));
            e.exit_code()
        }
    }
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn dispatch(command: Command, lang: Lang, paint: Paint) -> Result<u8, Error> {
    match command {
        Command::Lint { paths, format, namespace } => {
            let paths = if paths.is_empty() { vec![PathBuf::from("manifests")] } else { paths };
            let opts = Options { lang, default_namespace: namespace, ..Options::default() };
            let run = lint::lint_paths(&paths, &opts)?;
            match format {
                Format::Human => print(&report::human::render(&run, lang, paint)),
                Format::Json => print(&report::json::render(&run)),
            }
            let code = u8::from(run.has_errors());
            // The process ends now: freeing every tree would only cost time.
            std::mem::forget(run);
            Ok(code)
        }
        Command::Rules { format } => {
            match format {
                Format::Human => print(&catalogue::list_human(lang, paint)),
                Format::Json => print(&catalogue::list_json()),
            }
            Ok(0)
        }
        Command::Explain { id } => {
            let rule = rules::by_id(&id).ok_or_else(|| Error::UnknownRule { suggestion: rules::closest_id(&id).map(str::to_string), id: id.clone() })?;
            print(&catalogue::explain(rule, lang, paint));
            Ok(0)
        }
    }
}
