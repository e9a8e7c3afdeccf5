//! `lupaus init DIR`: a new site root that previews as it is.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::scaffold;

/// Flags of `lupaus init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new site root: a folder that does not exist yet or is empty
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The site's languages, separated by commas, the default first
    #[arg(long, value_name = "LANGS", default_value = "fi,sv,en")]
    languages: String,
}

pub fn run(args: Args) -> ExitCode {
    let created = scaffold::parse_languages(&args.languages)
        .and_then(|langs| scaffold::init(&args.dir, &langs));
    match created {
        Ok(files) => {
            for f in &files {
                println!("created {f}");
            }
            let dir = args.dir.display();
            println!(
                "\nA new site in {dir}. It previews as it is; replace the values marked MUUTA / CHANGE and the example texts (build names each one that is left), then:\n  lupaus serve --root {dir}     preview while you write\n  lupaus check --root {dir}     what to fix before publishing\n  lupaus build --root {dir}     the site, into {dir}/public"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("Nothing was created.");
            ExitCode::FAILURE
        }
    }
}
