//! The `lupaus` command line: parses arguments and calls the library.

mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cmd::parse();
    cmd::run(cli)
}
