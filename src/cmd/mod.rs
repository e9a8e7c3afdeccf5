//! Subcommands, one file each: each parses its flags and calls the library.

mod build;
mod check;
mod help;
mod import;
mod init;
mod new;
mod parse_error;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use lupaus::diagnostics::{Diagnostic, grouped};

/// `0.1.0 (commit 1a2b3c4d5)`: the version and the commit it was built
/// from (`unknown` outside a git checkout; see `build.rs`).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("LUPAUS_COMMIT"),
    ")"
);

/// Publish a wellbeing services county's service promise as an accessible,
/// multilingual static site.
#[derive(Debug, Parser)]
#[command(name = "lupaus", version = VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of the messages: fi, sv or en [default: from LANG, else en]
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into public/ (or --output DIR).
    Build(build::Args),
    /// Check the site and list what to fix before publishing (exit 1 on errors).
    Check(check::Args),
    /// Fetch results from where the county gets them (`import sotkanet`).
    Import(import::Args),
    /// Create a new site in an empty folder, with a starter promise that previews as it is.
    Init(init::Args),
    /// Create a service area or a commitment, one file per language.
    New(new::Args),
    /// Preview the site at http://127.0.0.1:1111/, rebuilding and reloading on every save.
    Serve(serve::Args),
}

/// The command line, with the language of this run chosen (`--lang`, else
/// `LANG`) first, so that `--help` and clap's errors are written in it.
pub fn parse() -> Cli {
    let args: Vec<String> = std::env::args().collect();
    let lang = lupaus::messages::Lang::choose(help::lang_flag(&args).as_deref());
    lupaus::messages::set(lang);
    let matches = help::localize(Cli::command(), lang)
        .try_get_matches()
        .unwrap_or_else(|e| parse_error::exit(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| parse_error::exit(e, lang))
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> ExitCode {
    lupaus::messages::set(lupaus::messages::Lang::choose(cli.lang.as_deref()));
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
    }
}

/// The site root: `--root` or the current folder.
fn root_or_cwd(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| PathBuf::from("."))
}

/// Prints problems to standard error, errors last so they stay on screen;
/// many links with the same problem as one ([`grouped`]: the counts under
/// them are of every link, as `check` counts them).
fn report(diags: &[Diagnostic]) {
    let shown = grouped(diags);
    let (errors, warnings): (Vec<_>, Vec<_>) = shown.iter().partition(|d| d.is_error());
    for d in warnings.iter().chain(errors.iter()) {
        eprintln!("{d}");
    }
}

/// `1 error`, `3 errors`, in the language of this run (`one` and `many`
/// are the catalog's codes, `count.error` and `count.errors`).
fn count(n: usize, one: &str, many: &str) -> String {
    lupaus::messages::count(n, one, many)
}
