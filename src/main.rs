//! The `lupaus` command line: parses arguments and calls the library.

mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    lupaus::memory::tune();
    let cli = cmd::parse();
    cmd::run(cli)
}
