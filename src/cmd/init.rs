//! `lupaus init DIR`: a new site root that previews as it is.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::messages::tr;
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
                println!("{}", tr("init.created", &[("file", f.to_string())]));
            }
            let dir = args.dir.display();
            println!("\n{}", tr("init.done", &[("dir", dir.to_string())]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{}", tr("init.nothing", &[]));
            ExitCode::FAILURE
        }
    }
}
