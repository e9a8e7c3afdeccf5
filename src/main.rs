//! The `lupaus` command line: parses arguments and calls the library.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    lupaus::memory::tune_allocator();
    let cli = cmd::Cli::parse();
    cmd::run(cli)
}
