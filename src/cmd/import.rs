//! `lupaus import sotkanet`: fetch results from THL's Sotkanet.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::Datelike;
use lupaus::import::sotkanet::{self, DEFAULT_BASE_URL, Options, RESULTS_PATH};

use lupaus::messages::tr;

use super::{count, report, root_or_cwd};

/// Flags of `lupaus import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    /// Fetch the yearly results of every indicator with a `sotkanet` source
    /// into content/results/sotkanet.csv (replaced only when every request succeeded).
    Sotkanet(SotkanetArgs),
}

/// Flags of `lupaus import sotkanet`.
#[derive(Debug, clap::Args)]
pub struct SotkanetArgs {
    /// The site root, the folder that holds content/ [default: the current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The years to fetch, FIRST-LAST or one year [default: the last ten full years]
    #[arg(long, value_name = "YEARS", value_parser = sotkanet::parse_years)]
    years: Option<std::ops::RangeInclusive<i32>>,
    /// Sotkanet's REST API, the address before /json
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Seconds one request may take
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,
}

pub fn run(args: Args) -> ExitCode {
    match args.source {
        Source::Sotkanet(a) => run_sotkanet(a),
    }
}

fn run_sotkanet(args: SotkanetArgs) -> ExitCode {
    let years = args
        .years
        .unwrap_or_else(|| sotkanet::default_years(chrono::Local::now().year()));
    let opts = Options {
        root: root_or_cwd(args.root),
        years: years.clone(),
        base_url: args.base_url,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    eprintln!(
        "{}",
        tr(
            "sotkanet.fetching",
            &[
                ("first", years.start().to_string()),
                ("last", years.end().to_string()),
                ("url", opts.base_url.clone()),
            ],
        )
    );
    match sotkanet::import(&opts, &mut |line| eprintln!("{line}")) {
        Ok(s) => {
            eprintln!(
                "{}",
                tr(
                    if s.changed {
                        "sotkanet.wrote"
                    } else {
                        "sotkanet.unchanged"
                    },
                    &[
                        ("rows", count(s.rows, "count.row", "count.rows")),
                        (
                            "indicators",
                            count(s.indicators, "count.indicator", "count.indicators"),
                        ),
                        ("path", RESULTS_PATH.to_string()),
                    ],
                )
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{}",
                tr(
                    "sotkanet.not_changed",
                    &[
                        ("errors", count(errors, "count.error", "count.errors")),
                        ("path", RESULTS_PATH.to_string()),
                    ],
                )
            );
            ExitCode::FAILURE
        }
    }
}
