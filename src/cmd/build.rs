//! `lupaus build`: render the site and write it atomically.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::build::{self, BuildOptions};

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
            eprintln!(
                "Built {} in {} ({}) into {} in {:.2} s{}",
                count(rendered.pages, "page", "pages"),
                count(rendered.languages.len(), "language", "languages"),
                rendered.languages.join(", "),
                out_dir.display(),
                took.as_secs_f64(),
                if rendered.warnings.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", {}",
                        count(rendered.warnings.len(), "warning", "warnings")
                    )
                }
            );
            publisher_summary(&rendered);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            // Only an earlier build is an output to keep; a new, empty or
            // refused folder is not one.
            let kept = if earlier {
                format!("the previous output in {} is unchanged", out_dir.display())
            } else {
                format!("nothing was written to {}", out_dir.display())
            };
            eprintln!(
                "{}: nothing was published; {kept}.",
                count(errors, "error", "errors")
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
            eprintln!(
                "Missing translations in {lang}: {} shown in {default}; see lupaus check",
                count(pages.len(), "page", "pages")
            );
        }
    }
    if !r.untranslated.is_empty() {
        eprintln!(
            "Untranslated texts: {} shown in {default}; see lupaus check",
            count(r.untranslated.len(), "field", "fields")
        );
    }
    if !r.checks.is_empty() {
        eprintln!(
            "Content checks: {}; see lupaus check",
            count(r.checks.len(), "problem", "problems")
        );
    }
}
