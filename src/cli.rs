//! Command-line interface: subcommands and flags (clap derive), and their dispatch.

use crate::color::{ColorChoice, Paint};
use crate::engine::{self, Options};
use crate::error::{Error, Exit};
use crate::exercise::{Catalog, devcheck};
use crate::i18n::Lang;
use crate::report::{self, TextOrJson as Format};
use crate::{catalogue, cluster, student};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kubecours",
    version,
    about = "Cours Kubernetes : vérifie vos manifestes et vos déploiements, en français.",
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Langue des messages (par défaut : d'après KUBECOURS_LANG, puis LANG, sinon français)
    #[arg(long, global = true, value_enum, value_name = "LANGUE")]
    pub lang: Option<Lang>,
    /// Couleurs (NO_COLOR est respecté)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "QUAND")]
    pub color: ColorChoice,
    /// Affiche l'aide (`-h` : le résumé, `--help` : le détail)
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Affiche la version
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// Dossier d'exercices à utiliser au lieu de ceux intégrés (auteurs d'exercices)
    #[arg(
        long,
        global = true,
        env = "KUBECOURS_EXERCISES",
        value_name = "DOSSIER"
    )]
    pub exercises: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Vérifie des manifestes (fichiers, dossiers, `-` pour l'entrée standard)
    Lint {
        /// Fichiers ou dossiers (*.yaml, *.yml, *.json) ; par défaut le dossier d'exercice où vous êtes, sinon ceux de l'espace de travail, sinon `manifests/`
        #[arg(value_name = "CHEMINS")]
        paths: Vec<PathBuf>,
        /// Format de sortie
        #[arg(long, default_value = "human", value_parser = formats(report::Command::Lint))]
        format: String,
        /// Namespace des objets qui n'en précisent pas
        #[arg(short = 'n', long, default_value = "default")]
        namespace: String,
        /// Un dossier et ses sous-dossiers forment un seul ensemble, comme `kubectl apply -R -f` (sinon chaque dossier est vérifié à part)
        #[arg(short = 'R', long)]
        recursive: bool,
        /// Taille maximale d'un fichier, en Mio (limite de l'outil)
        #[arg(long, value_name = "MIO", default_value_t = 64)]
        max_file_size: u64,
        /// Ne pas vérifier le rendu de `kubectl kustomize` des dossiers Kustomize
        #[arg(long)]
        no_kustomize: bool,
        /// Réindenter d'abord (en mémoire) les fichiers dont l'indentation a été perdue (copie depuis un PDF)
        #[arg(long)]
        reindent: bool,
    },
    /// Réindente des manifestes dont l'indentation a été perdue (copie depuis un PDF), d'après le schéma de Kubernetes
    Fmt {
        /// Fichiers à réindenter, réécrits sur place (`-` : l'entrée standard, résultat sur la sortie standard)
        #[arg(value_name = "FICHIERS")]
        files: Vec<PathBuf>,
        /// Écrire le résultat sur la sortie standard au lieu de réécrire les fichiers
        #[arg(long, conflicts_with = "check")]
        stdout: bool,
        /// Ne rien écrire : dire quels fichiers seraient réindentés (code de sortie 1 s'il y en a)
        #[arg(long)]
        check: bool,
        /// Réindenter même un fichier dont l'indentation semble correcte
        #[arg(long)]
        force: bool,
    },
    /// Retrouve les manifestes d'un rendu (.txt, .md, .docx, .odt, .pdf), sans la prose, et les écrit dans un dossier
    Extract {
        /// Le document rendu
        #[arg(value_name = "RENDU")]
        handin: PathBuf,
        /// Dossier où écrire les manifestes retrouvés
        #[arg(short = 'o', long, value_name = "DOSSIER")]
        output: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Liste toutes les règles
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explique une règle ou un diagnostic : ce qu'il vérifie, pourquoi, comment corriger
    Explain {
        /// Identifiant de la règle ou du diagnostic (voir `kubecours rules`)
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Vérifie un exercice : `kubecours check 3` (ou `check exercice 3`, ou son nom)
    Check {
        /// Numéro ou nom de l'exercice (par défaut : celui du dossier où vous êtes, sinon l'exercice en cours de l'espace de travail)
        #[arg(num_args = 0..=2, value_name = "EXERCICE")]
        exercise: Vec<String>,
        /// Dossier des fichiers de l'exercice (par défaut : celui de l'espace de travail)
        #[arg(long, value_name = "DOSSIER")]
        dir: Option<PathBuf>,
        /// Ne pas interroger le cluster
        #[arg(long, conflicts_with_all = ["dump", "context"])]
        offline: bool,
        /// Évaluer les attentes « cluster » sur un export au lieu du cluster
        /// (`kubecours snapshot > etat.yaml`, ou `kubectl get … -o yaml` ; `-` : entrée standard)
        #[arg(long, value_name = "FICHIER", conflicts_with = "context")]
        dump: Option<PathBuf>,
        /// Contexte du kubeconfig à utiliser (par défaut : le contexte courant)
        #[arg(long, value_name = "CONTEXTE")]
        context: Option<String>,
        /// Limite de temps de la lecture du cluster, en secondes
        #[arg(long, value_name = "SECONDES", default_value_t = 20.0)]
        timeout: f64,
        /// Format de sortie (junit, sarif, github, gitlab : pour la CI)
        #[arg(long, default_value = "human", value_parser = formats(report::Command::Check))]
        format: String,
        /// Namespace (par défaut : celui du contexte kubectl ou du pod, sinon `default`)
        #[arg(short = 'n', long)]
        namespace: Option<String>,
        /// Afficher aussi les conseils des chapitres que le cours n'a pas encore abordés (ou `--all`)
        #[arg(long = "tous", alias = "all")]
        all: bool,
    },
    /// Écrit l'état d'un namespace du cluster (lecture seule) en YAML, pour `check --dump`
    Snapshot {
        /// Namespace (par défaut : celui du contexte kubectl ou du pod)
        #[arg(short = 'n', long)]
        namespace: Option<String>,
        /// Contexte du kubeconfig à utiliser (par défaut : le contexte courant)
        #[arg(long, value_name = "CONTEXTE")]
        context: Option<String>,
        /// Limite de temps, en secondes
        #[arg(long, value_name = "SECONDES", default_value_t = 20.0)]
        timeout: f64,
    },
    /// Liste les exercices, leur état et vos points
    List {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Affiche l'indice suivant d'un exercice (un de plus à chaque appel)
    Hint {
        /// Numéro ou nom de l'exercice
        #[arg(value_name = "EXERCICE")]
        exercise: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Crée un espace de travail avec les fichiers de départ de chaque exercice
    Init {
        /// Dossier à créer (par défaut `kubecours-exercices`) ; dans un espace de travail, il est complété ; aucun fichier existant n'est remplacé
        #[arg(value_name = "DOSSIER")]
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Revérifie l'exercice en cours à chaque enregistrement, et passe au suivant quand il est réussi
    Watch {
        /// Commencer par cet exercice (par défaut : l'exercice en cours)
        #[arg(value_name = "EXERCICE")]
        exercise: Option<String>,
        /// S'arrêter dès que l'exercice est réussi (scripts, tests)
        #[arg(long, hide = true)]
        until_pass: bool,
    },
    /// Serveur de langage (LSP) sur l'entrée et la sortie standard, pour l'éditeur : diagnostics en tapant, corrections rapides, survol, complétion
    Lsp {
        /// Accepté pour les clients qui l'ajoutent d'office (la seule connexion possible)
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Note une classe : un sous-dossier par étudiant (ou un fichier liste), en parallèle
    Grade {
        /// Dossier des soumissions, ou fichier listant les dossiers des étudiants (un par ligne)
        #[arg(value_name = "SOUMISSIONS")]
        submissions: PathBuf,
        /// Exercice à noter (numéro ou nom ; par défaut : tous)
        #[arg(short = 'e', long, value_name = "EXERCICE")]
        exercise: Option<String>,
        /// Format du rapport
        #[arg(long, default_value = "csv", value_parser = formats(report::Command::Grade))]
        format: String,
        /// Écrire le rapport dans ce fichier (par défaut : la sortie standard)
        #[arg(short = 'o', long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Export du cluster de chaque étudiant (`kubecours snapshot` ou `kubectl get -o yaml`), ex. `etats/{etudiant}.yaml`
        #[arg(long, value_name = "MOTIF", conflicts_with = "namespace_pattern")]
        dump_pattern: Option<String>,
        /// Namespace vivant de chaque étudiant, ex. `user-{etudiant}` (lecture seule)
        #[arg(long, value_name = "MOTIF")]
        namespace_pattern: Option<String>,
        /// Contexte du kubeconfig pour `--namespace-pattern`
        #[arg(long, value_name = "CONTEXTE")]
        context: Option<String>,
        /// Dossier d'où partent les chemins des rapports pour la CI (SARIF, GitHub, GitLab) ; par défaut la racine du dépôt git
        #[arg(long, value_name = "DOSSIER")]
        root: Option<PathBuf>,
    },
    /// Le livre du cours : construire, servir
    Book {
        #[command(subcommand)]
        command: BookCommand,
    },
    /// Préprocesseur mdBook (appelé par `mdbook build`)
    #[command(hide = true)]
    Mdbook {
        /// `supports <renderer>` : répond si le rendu est pris en charge
        #[arg(num_args = 0..=2, value_name = "ARGUMENTS")]
        args: Vec<String>,
    },
    /// Outils pour les auteurs d'exercices
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
    /// Affiche l'aide d'une commande : `kubecours help check`
    Help {
        /// La commande (et sa sous-commande) dont afficher l'aide
        #[arg(value_name = "COMMANDE")]
        command: Vec<String>,
    },
}

/// The `--format` values a command accepts: the report formats that fit it.
fn formats(c: report::Command) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        report::FORMATS
            .iter()
            .filter(|f| f.fits(c))
            .map(|f| clap::builder::PossibleValue::new(f.name).help(f.summary.fr)),
    )
}

fn format_of(name: &str) -> &'static report::Format {
    report::by_name(name).unwrap_or(&report::human::FORMAT)
}

#[derive(Subcommand, Debug)]
pub enum BookCommand {
    /// Construit le site du cours (mdBook intégré : rien d'autre à installer)
    Build {
        /// Dossier de sortie (par défaut `book/build`)
        #[arg(long, value_name = "DOSSIER")]
        out: Option<PathBuf>,
        /// Dossier du livre
        #[arg(long, value_name = "DOSSIER", default_value = "book")]
        book: PathBuf,
    },
    /// Construit et sert le cours sur http://127.0.0.1:3000, reconstruit à chaque modification
    Serve {
        /// Port d'écoute, sur 127.0.0.1
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Dossier du livre
        #[arg(long, value_name = "DOSSIER", default_value = "book")]
        book: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum DevCommand {
    /// Vérifie tous les exercices : format, énoncés, chapitres, starters qui échouent, solutions qui passent, erreurs types
    Check {
        /// Les sources du livre, pour vérifier les chapitres (par défaut `book/src` s'il existe)
        #[arg(long, value_name = "DOSSIER")]
        book: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// The clap command with its French (or English) help and headings.
pub fn command(lang: Lang) -> clap::Command {
    crate::cli_text::localise(<Cli as clap::CommandFactory>::command(), lang)
}

/// Reads the command line of this process.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

/// Reads a command line (`args[0]` is the program).
pub fn parse_from(
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString>>,
) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let lang = Lang::detect(crate::cli_text::lang_in_args(&args));
    let matches = command(lang).try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// A command line clap could not read: `--help`/`--version` print as usual
/// (exit 0); anything else gets a French (or English) explanation, from
/// clap's context (the argument, the value, the valid values), and exit
/// code 2.
pub fn usage_error(e: clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        };
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = Lang::detect(crate::cli_text::lang_in_args(&args));
    let label = Paint::stderr(ColorChoice::Auto).red(lang.pick("erreur", "error"));
    let usage = crate::cli_text::usage_of_args(command(lang), &args);
    eprint!(
        "{}",
        crate::cli_text::render_error(&e, lang, &label, &usage)
    );
    2
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let lang = Lang::detect(cli.lang);
    let paint = Paint::stdout(cli.color);
    match dispatch(cli.command, cli.exercises.as_deref(), lang, paint) {
        Ok(code) => code,
        Err(e) => {
            let label = Paint::stderr(cli.color).red(lang.pick("erreur", "error"));
            // French puts a space before the colon.
            eprintln!("{label}{} {}", lang.pick(" :", ":"), e.message(lang));
            e.exit().code()
        }
    }
}

/// `--timeout SECONDS` as a duration (at least 0.1 s, at most an hour).
fn seconds(s: f64) -> Result<std::time::Duration, Error> {
    if !(0.1..=3600.0).contains(&s) {
        return Err(Error::other(
            format!("`--timeout {s}` : donnez un nombre de secondes entre 0.1 et 3600"),
            format!("`--timeout {s}`: give a number of seconds between 0.1 and 3600"),
        ));
    }
    Ok(std::time::Duration::from_secs_f64(s))
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn dispatch(
    command: Command,
    exercises: Option<&std::path::Path>,
    lang: Lang,
    paint: Paint,
) -> Result<u8, Error> {
    match command {
        Command::Lint {
            paths,
            format,
            namespace,
            recursive,
            max_file_size,
            no_kustomize,
            reindent,
        } => {
            let paths = if paths.is_empty() {
                student::default_lint_paths(exercises)
            } else {
                paths
            };
            let opts = Options {
                default_namespace: namespace,
                recursive,
                max_file_size: max_file_size.saturating_mul(1024 * 1024),
                kustomize: !no_kustomize,
                ..Options::default()
            };
            let run = if reindent {
                crate::reindent::lint_paths(&paths, &opts)?
            } else {
                engine::lint_paths(&paths, &opts)?
            };
            let mut subject = report::Subject::lint(&run.files, &run.findings);
            subject.resources = run.objects.len();
            let r = report::Report::new(report::Command::Lint, vec![subject]);
            print(&report::write(format_of(&format), &r, lang, paint));
            let code = Exit::from_failed(run.has_errors()).code();
            // The process ends now: freeing every tree would only cost time.
            std::mem::forget(run);
            Ok(code)
        }
        Command::Fmt {
            files,
            stdout,
            check,
            force,
        } => {
            let mode = match (stdout, check) {
                (true, _) => crate::reindent::FmtMode::Stdout,
                (_, true) => crate::reindent::FmtMode::Check,
                _ if files.iter().any(|f| f.as_os_str() == "-") => crate::reindent::FmtMode::Stdout,
                _ => crate::reindent::FmtMode::Write,
            };
            let (text, code) = crate::reindent::fmt(&files, mode, force, lang)?;
            print(&text);
            Ok(code)
        }
        Command::Extract {
            handin,
            output,
            format,
        } => {
            let catalog = Catalog::load(exercises).ok();
            let (text, code) =
                crate::extract::command(&handin, &output, format, catalog.as_ref(), lang)?;
            print(&text);
            Ok(code)
        }
        Command::Rules { format } => {
            match format {
                Format::Human => print(&catalogue::list_human(lang, paint)),
                Format::Json => print(&catalogue::list_json(lang)),
            }
            Ok(0)
        }
        Command::Explain { id } => {
            let code = catalogue::by_id(&id).ok_or_else(|| Error::UnknownRule {
                suggestion: catalogue::closest_id(&id).map(str::to_string),
                id: id.clone(),
            })?;
            print(&catalogue::explain(code, lang, paint));
            Ok(0)
        }
        Command::Check {
            exercise,
            dir,
            offline,
            dump,
            context,
            timeout,
            format,
            namespace,
            all,
        } => {
            // `check 3`, `check exercice 3`, `check exercise 3`; `check`
            // alone: the exercise in progress.
            let catalog = Catalog::load(exercises)?;
            let key = match exercise.last() {
                Some(k) => k.clone(),
                None => student::default_exercise(&catalog, dir.is_some())?,
            };
            if exercise.len() == 2 && !matches!(exercise[0].as_str(), "exercice" | "exercise") {
                return Err(Error::other(
                    format!(
                        "argument inattendu `{}` : écrivez `kubecours check 3`",
                        exercise[0]
                    ),
                    format!(
                        "unexpected argument `{}`: write `kubecours check 3`",
                        exercise[0]
                    ),
                ));
            }
            let opts = Options {
                default_namespace: namespace.clone().unwrap_or_else(|| "default".into()),
                ..Options::default()
            };
            let mode = match (offline, dump) {
                (true, _) => cluster::Mode::Offline,
                (false, Some(path)) => cluster::Mode::Dump(path),
                (false, None) => cluster::Mode::Live {
                    context,
                    timeout: seconds(timeout)?,
                },
            };
            let outcome = student::check(
                &catalog,
                &key,
                dir.as_deref(),
                &mode,
                namespace.as_deref(),
                &opts,
                lang,
            )?;
            let passed = outcome.evaluation.passed();
            let mut subject = outcome.subject(&catalog, all);
            if format != "human" {
                subject.dir = crate::error::display_path(&outcome.dir);
            }
            let r = report::Report::new(report::Command::Check, vec![subject]);
            print(&report::write(format_of(&format), &r, lang, paint));
            Ok(Exit::from_failed(!passed).code())
        }
        Command::Lsp { stdio: _ } => {
            crate::lsp::run(exercises.map(std::path::Path::to_path_buf))?;
            Ok(0)
        }
        Command::Snapshot {
            namespace,
            context,
            timeout,
        } => {
            print(&cluster::snapshot_command(
                context.as_deref(),
                namespace.as_deref(),
                seconds(timeout)?,
                lang,
            )?);
            Ok(0)
        }
        Command::List { format } => {
            let catalog = Catalog::load(exercises)?;
            print(&student::list(&catalog, format, lang, paint)?);
            Ok(0)
        }
        Command::Hint { exercise, format } => {
            let catalog = Catalog::load(exercises)?;
            print(&student::hint(&catalog, &exercise, format, lang, paint)?);
            Ok(0)
        }
        Command::Init { dir, format } => {
            let catalog = Catalog::load(exercises)?;
            print(&student::init(
                &catalog,
                dir.as_deref(),
                format,
                lang,
                paint,
            )?);
            Ok(0)
        }
        Command::Watch {
            exercise,
            until_pass,
        } => {
            let catalog = Catalog::load(exercises)?;
            student::watch(&catalog, exercise.as_deref(), until_pass, lang, paint)
        }
        Command::Grade {
            submissions,
            exercise,
            format,
            output,
            dump_pattern,
            namespace_pattern,
            context,
            root,
        } => {
            let catalog = Catalog::load(exercises)?;
            let cluster = match (dump_pattern, namespace_pattern) {
                (Some(p), _) => crate::grade::ClusterSource::DumpPattern(p),
                (None, Some(pattern)) => crate::grade::ClusterSource::NamespacePattern {
                    pattern,
                    context,
                    timeout: cluster::DEFAULT_TIMEOUT,
                },
                (None, None) => crate::grade::ClusterSource::None,
            };
            crate::grade::run(
                &catalog,
                crate::grade::Run {
                    submissions: &submissions,
                    exercise: exercise.as_deref(),
                    cluster,
                    format: format_of(&format),
                    output: output.as_deref(),
                    root: root.as_deref(),
                },
                lang,
            )
        }
        Command::Book {
            command: BookCommand::Build { out, book },
        } => {
            let dir = crate::book::build(&book, out.as_deref())?;
            let shown = crate::error::display_path(&dir);
            print(&format!(
                "{}\n",
                paint.green(&crate::tr!(
                    lang,
                    "✓ cours construit dans `{shown}` (ouvrez `{shown}/index.html`)",
                    "✓ course built in `{shown}` (open `{shown}/index.html`)"
                ))
            ));
            Ok(0)
        }
        Command::Book {
            command: BookCommand::Serve { port, book },
        } => crate::book::serve(&book, port, lang),
        Command::Mdbook { args } => {
            if args.first().map(String::as_str) == Some("supports") {
                return Ok(0);
            }
            crate::book::run_preprocessor_protocol()?;
            Ok(0)
        }
        Command::Help { command: path } => {
            print(&crate::cli_text::help_of(self::command(lang), &path)?);
            Ok(0)
        }
        Command::Dev {
            command: DevCommand::Check { book, format },
        } => {
            let catalog = Catalog::load(exercises)?;
            let book = book.or_else(|| Some(PathBuf::from("book/src")).filter(|p| p.is_dir()));
            let problems = devcheck::check(&catalog, book.as_deref(), lang);
            print(&student::dev_report(
                &catalog,
                &problems,
                book.is_some(),
                format,
                lang,
                paint,
            ));
            Ok(u8::from(!problems.is_empty()))
        }
    }
}
