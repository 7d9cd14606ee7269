use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = kubecours::cli::Cli::parse();
    ExitCode::from(kubecours::cli::run(cli))
}
