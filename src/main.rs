use clap::Parser;

/// mimalloc: the engine allocates many small nodes; measured faster than the
/// system allocator on the benchmark corpus (see README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = kubecours::cli::Cli::parse();
    ExitCode::from(kubecours::cli::run(cli))
}
