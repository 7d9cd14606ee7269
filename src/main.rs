/// mimalloc: the engine allocates many small nodes; measured faster than the
/// system allocator on the benchmark corpus (see README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    match kubecours::cli::parse() {
        Ok(cli) => ExitCode::from(kubecours::cli::run(cli)),
        Err(e) => ExitCode::from(kubecours::cli::usage_error(e)),
    }
}
