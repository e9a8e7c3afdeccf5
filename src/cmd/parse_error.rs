//! The command line's own errors in the writer's language: an unknown flag
//! or command, a flag without its value, a value not among the possible
//! ones, a missing argument. clap finds them; this module reads the kind
//! and the values clap gives with it (the flag, the value, the possible
//! values, the suggestion) and writes the catalog's text (`cli.*` codes),
//! with the usage line and the hint to `--help`, exiting with 2 as clap
//! does. `--help` and `--version` are clap's own; a kind not known here is
//! printed in clap's (English) words.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use lupaus::messages::{self, Lang};

/// Prints `e` in `lang` and ends the run (exit 0 for `--help` and
/// `--version`, else 2).
pub fn exit(e: clap::Error, lang: Lang) -> ! {
    match render(&e, lang) {
        Some(text) => {
            eprint!("{text}");
            std::process::exit(2);
        }
        None => e.exit(),
    }
}

/// The whole error text in `lang`, or `None` for what clap prints itself.
pub fn render(e: &clap::Error, lang: Lang) -> Option<String> {
    let (code, args) = words(e)?;
    let mut out = format!(
        "error: {}\n",
        messages::text(lang, code, &args).unwrap_or_default()
    );
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim_start();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let heading = messages::text(lang, "help.usage_heading", &[]).unwrap_or_default();
        out.push_str(&format!("\n{heading} {usage}\n"));
    }
    let help = messages::text(lang, "cli.try_help", &[]).unwrap_or_default();
    out.push_str(&format!("\n{help}\n"));
    Some(out)
}

/// The catalog code and values for `e`'s kind, or `None` for a kind
/// printed as clap has it.
fn words(e: &clap::Error) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let string = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let strings = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => Some(v.clone()),
        Some(ContextValue::String(s)) => Some(vec![s.clone()]),
        _ => None,
    };
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let suggestion = |kind: ContextKind| {
        (
            "did_you_mean",
            strings(kind)
                .and_then(|v| v.into_iter().next())
                .unwrap_or_default(),
        )
    };
    Some(match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = string(ContextKind::InvalidArg)?;
            let code = if arg.starts_with('-') {
                "cli.unknown_flag"
            } else {
                "cli.unexpected_argument"
            };
            (
                code,
                vec![("arg", arg), suggestion(ContextKind::SuggestedArg)],
            )
        }
        ErrorKind::InvalidSubcommand => (
            "cli.unknown_command",
            vec![
                ("name", string(ContextKind::InvalidSubcommand)?),
                suggestion(ContextKind::SuggestedSubcommand),
            ],
        ),
        ErrorKind::InvalidValue => {
            let arg = string(ContextKind::InvalidArg)?;
            let value = string(ContextKind::InvalidValue)?;
            let valid = strings(ContextKind::ValidValue).unwrap_or_default();
            if value.is_empty() {
                ("cli.missing_value", vec![("arg", arg)])
            } else if valid.is_empty() {
                ("cli.invalid_value", vec![("arg", arg), ("value", value)])
            } else {
                (
                    "cli.invalid_choice",
                    vec![
                        ("arg", arg),
                        ("value", value),
                        ("valid", quoted(&valid)),
                        suggestion(ContextKind::SuggestedValue),
                    ],
                )
            }
        }
        ErrorKind::ValueValidation => {
            let arg = string(ContextKind::InvalidArg)?;
            let value = string(ContextKind::InvalidValue)?;
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            // The standard library's words for a number that is not one.
            let not_number = [
                "invalid digit found in string",
                "cannot parse integer from empty string",
                "number too large to fit in target type",
                "number too small to fit in target type",
                "invalid float literal",
            ];
            if not_number.contains(&why.as_str()) {
                ("cli.not_number", vec![("arg", arg), ("value", value)])
            } else {
                (
                    "cli.invalid_because",
                    vec![("arg", arg), ("value", value), ("why", why)],
                )
            }
        }
        ErrorKind::MissingRequiredArgument => (
            "cli.missing_required",
            vec![("args", quoted(&strings(ContextKind::InvalidArg)?))],
        ),
        ErrorKind::MissingSubcommand => (
            "cli.missing_command",
            vec![
                ("name", string(ContextKind::InvalidSubcommand)?),
                (
                    "valid",
                    quoted(&strings(ContextKind::ValidSubcommand).unwrap_or_default()),
                ),
            ],
        ),
        ErrorKind::TooManyValues => (
            "cli.too_many_values",
            vec![
                ("arg", string(ContextKind::InvalidArg)?),
                ("value", string(ContextKind::InvalidValue)?),
            ],
        ),
        ErrorKind::ArgumentConflict => {
            let arg = string(ContextKind::InvalidArg)?;
            match e.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => {
                    ("cli.repeated", vec![("arg", arg)])
                }
                Some(ContextValue::String(prior)) => (
                    "cli.conflict",
                    vec![("arg", arg), ("other", format!("'{prior}'"))],
                ),
                Some(ContextValue::Strings(prior)) => {
                    ("cli.conflict", vec![("arg", arg), ("other", quoted(prior))])
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn error(args: &[&str], lang: Lang) -> Option<String> {
        let cmd = crate::cmd::help::localize(crate::cmd::Cli::command(), lang);
        let e = cmd.try_get_matches_from(args).expect_err("a parse error");
        render(&e, lang)
    }

    #[test]
    fn parse_errors_in_the_writers_language() {
        let fi = error(&["lupaus", "build", "--draft"], Lang::Fi).unwrap_or_default();
        assert!(
            fi.starts_with("error: tuntematon valitsin '--draft' (tarkoititko \"--drafts\"?)"),
            "{fi}"
        );
        assert!(fi.contains("\nKäyttö: lupaus build"), "{fi}");
        assert!(
            fi.ends_with("Lisätietoja saat valitsimella --help.\n"),
            "{fi}"
        );
        let sv = error(&["lupaus", "biuld"], Lang::Sv).unwrap_or_default();
        assert!(
            sv.starts_with("error: okänt kommando 'biuld' (menade du \"build\"?)"),
            "{sv}"
        );
        let en = error(&["lupaus", "check", "--format", "xml"], Lang::En).unwrap_or_default();
        assert!(
            en.starts_with("error: 'xml' is not a possible value of '--format"),
            "{en}"
        );
        assert!(en.contains("'text', 'json'"), "{en}");
        let fi = error(&["lupaus", "build", "--output"], Lang::Fi).unwrap_or_default();
        assert!(
            fi.contains("valitsimen '--output <DIR>' arvo puuttuu"),
            "{fi}"
        );
        let sv = error(&["lupaus", "new", "area"], Lang::Sv).unwrap_or_default();
        assert!(
            sv.starts_with("error: de här obligatoriska argumenten saknas: '<SLUG>'"),
            "{sv}"
        );
        let fi = error(
            &["lupaus", "import", "sotkanet", "--timeout", "x"],
            Lang::Fi,
        );
        let fi = fi.unwrap_or_default();
        assert!(fi.contains("arvon on oltava kokonaisluku, ei 'x'"), "{fi}");
        let en = error(&["lupaus", "build", "--drafts", "--drafts"], Lang::En);
        assert!(
            en.unwrap_or_default()
                .starts_with("error: '--drafts' may be given only once")
        );
    }

    #[test]
    fn help_and_version_stay_claps() {
        for args in [
            &["lupaus", "--help"][..],
            &["lupaus", "--version"],
            &["lupaus", "new"],
        ] {
            assert_eq!(error(args, Lang::Fi), None);
        }
    }
}
