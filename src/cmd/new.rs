//! `lupaus new area|commitment`: files for every language of a site, with
//! comments that explain each field.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::messages::tr;
use lupaus::scaffold;

use super::root_or_cwd;

/// Flags of `lupaus new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
    /// The site root, the folder that holds content/ [default: the current folder]
    #[arg(long, value_name = "DIR", global = true)]
    root: Option<PathBuf>,
}

/// What to create.
#[derive(Debug, clap::Subcommand)]
enum What {
    /// A service area: content/areas/SLUG/_index.LANG.md for every language.
    Area {
        /// The area's name in addresses: lowercase letters, digits and -
        slug: String,
    },
    /// A commitment of an area: content/areas/AREA/SLUG.LANG.md for every language.
    Commitment {
        /// The area (its folder under content/areas/)
        area: String,
        /// The commitment's name in addresses: lowercase letters, digits and -
        slug: String,
    },
}

pub fn run(args: Args) -> ExitCode {
    let root = root_or_cwd(args.root);
    let created = match &args.what {
        What::Area { slug } => scaffold::new_area(&root, slug),
        What::Commitment { area, slug } => scaffold::new_commitment(&root, area, slug),
    };
    match created {
        Ok(files) => {
            for f in &files {
                println!("{}", tr("init.created", &[("file", f.to_string())]));
            }
            println!("\n{}", tr("new.done", &[]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{}", tr("init.nothing", &[]));
            ExitCode::FAILURE
        }
    }
}
