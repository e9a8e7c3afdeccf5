//! `lupaus build`: render the site and write it atomically.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::build::{self, BuildOptions};

use lupaus::messages::tr;

use super::{count, report, root_or_cwd};

/// Flags of `lupaus build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site root, the folder that holds content/ [default: the current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Where to write the site [default: ROOT/public]
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Publish pages marked `draft: true` too
    #[arg(long)]
    drafts: bool,
    /// Do not minify HTML and CSS
    #[arg(long)]
    no_minify: bool,
}

/// How many of the content checks' errors a build names under its
/// summary line (`check` lists them all).
const SHOWN_CHECKS: usize = 5;

pub fn run(args: Args) -> ExitCode {
    let root = root_or_cwd(args.root);
    let out_dir = args.output.unwrap_or_else(|| root.join("public"));
    let opts = BuildOptions {
        root,
        drafts: args.drafts,
        preview: false,
        minify: !args.no_minify,
    };
    // Asked before the build: a failed build leaves the folder as it was.
    let earlier = lupaus::output::is_earlier_build(&out_dir);
    match build::build(&opts, &out_dir) {
        Ok((rendered, took)) => {
            report(&rendered.warnings);
            let built = tr(
                "build.built",
                &[
                    ("pages", count(rendered.pages, "count.page", "count.pages")),
                    (
                        "languages",
                        count(
                            rendered.languages.len(),
                            "count.language",
                            "count.languages",
                        ),
                    ),
                    ("list", rendered.languages.join(", ")),
                    ("output", out_dir.display().to_string()),
                    (
                        "seconds",
                        lupaus::format::format_number(
                            took.as_secs_f64(),
                            2,
                            lupaus::messages::current().code(),
                        ),
                    ),
                ],
            );
            if rendered.warnings.is_empty() {
                eprintln!("{built}");
            } else {
                let n = count(rendered.warnings.len(), "count.warning", "count.warnings");
                eprintln!("{built}, {n}");
            }
            publisher_summary(&rendered);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            // Only an earlier build is an output to keep; a new, empty or
            // refused folder is not one.
            let kept = if earlier {
                "build.failed_kept"
            } else {
                "build.failed_nothing"
            };
            eprintln!(
                "{}",
                tr(
                    kept,
                    &[
                        ("errors", count(errors, "count.error", "count.errors")),
                        ("output", out_dir.display().to_string()),
                    ],
                )
            );
            ExitCode::FAILURE
        }
    }
}

/// What a publisher must know before publishing, one line each with its
/// count: pages shown in the default language per language, texts taken
/// from the default language, and what `check`'s content checks found.
fn publisher_summary(r: &build::Rendered) {
    let default = r.languages.first().map(String::as_str).unwrap_or("");
    for (lang, pages) in &r.missing {
        if !pages.is_empty() {
            let pages = count(pages.len(), "count.page", "count.pages");
            eprintln!(
                "{}",
                tr(
                    "build.missing",
                    &[
                        ("lang", lang.clone()),
                        ("pages", pages),
                        ("default", default.to_string()),
                    ],
                )
            );
        }
    }
    if !r.untranslated.is_empty() {
        let fields = count(r.untranslated.len(), "count.field", "count.fields");
        eprintln!(
            "{}",
            tr(
                "build.untranslated",
                &[("fields", fields), ("default", default.to_string())],
            )
        );
    }
    if !r.checks.is_empty() {
        let problems = count(r.checks.len(), "count.problem", "count.problems");
        eprintln!("{}", tr("build.checks", &[("problems", problems)]));
        // What `check` calls errors (a `#` heading, an image without alt
        // text) were published: name the first few where they are.
        for d in r.checks.iter().filter(|d| d.is_error()).take(SHOWN_CHECKS) {
            eprintln!("  {d}");
        }
    }
}
