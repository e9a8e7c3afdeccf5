//! `lupaus check`: validate the site and list what a writer should fix.

use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::build::BuildOptions;
use lupaus::check::{self, Report};

use lupaus::messages::tr;

use super::{count, root_or_cwd};

/// How to print the report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Lines for people.
    Text,
    /// One JSON document (documented in the README).
    Json,
}

/// Flags of `lupaus check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site root, the folder that holds content/ [default: the current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Check drafts as if they were published
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        root: root_or_cwd(args.root),
        drafts: args.drafts,
        preview: false,
        minify: false,
    };
    let report = check::check(&opts, chrono::Local::now().date_naive());
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => out(&s),
            Err(e) => eprintln!("{}", tr("check.json_failed", &[("error", e.to_string())])),
        },
        Format::Text => print_text(&report),
    }
    if report.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to standard output, quietly stopping when the reader went away
/// (`lupaus check | head` must not panic on a closed pipe).
fn out(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn print_text(r: &Report) {
    use std::fmt::Write;
    let mut s = String::new();
    for d in &r.diagnostics {
        let _ = writeln!(s, "{d}");
    }
    let any_missing = r.missing_translations.values().any(|v| !v.is_empty());
    if any_missing {
        // A translation still as `lupaus new` wrote it is listed too: its
        // file exists, so it says what is left to do with it.
        let unfinished: std::collections::BTreeSet<&str> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == "template.translation")
            .map(|d| d.path.as_str())
            .collect();
        let _ = writeln!(s, "\n{}", tr("check.missing_heading", &[]));
        for (lang, pages) in &r.missing_translations {
            if pages.is_empty() {
                continue;
            }
            let n = count(pages.len(), "count.page", "count.pages");
            let _ = writeln!(s, "  {lang}: {n}");
            for p in pages {
                let file = format!("content/{}", p.replace(".md", &format!(".{lang}.md")));
                let note = if unfinished.contains(file.as_str()) {
                    format!(" {}", tr("check.missing_unfinished", &[]))
                } else {
                    String::new()
                };
                let _ = writeln!(s, "    {file}{note}");
            }
        }
    }
    if !r.untranslated.is_empty() {
        let _ = writeln!(s, "\n{}", tr("check.untranslated_heading", &[]));
        for u in &r.untranslated {
            let _ = writeln!(s, "  {} [{}]: {}", u.path, u.lang, u.field);
        }
    }
    // Without languages the settings could not be read: no page was
    // checked, and "0 pages ()" would say nothing.
    let code = if r.languages.is_empty() {
        "check.summary_unread"
    } else {
        "check.summary"
    };
    let summary = tr(
        code,
        &[
            ("errors", count(r.errors, "count.error", "count.errors")),
            (
                "warnings",
                count(r.warnings, "count.warning", "count.warnings"),
            ),
            ("pages", r.pages.to_string()),
            ("languages", r.languages.join(", ")),
        ],
    );
    let _ = write!(s, "\n{summary}");
    out(&s);
}
