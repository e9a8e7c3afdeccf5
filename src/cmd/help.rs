//! The command-line help in the writer's language: the texts of `--help`
//! (what each command and flag does, and clap's headings) from the message
//! catalogs, `help.*` codes, put over the English doc comments at run time.
//!
//! A flag's text is `help.<command>_<flag>` (`help.build_drafts`), else
//! `help.any_<flag>` (`help.any_root`, shared by the commands with it); a
//! command's is `help.<command>` (`help.import_sotkanet`), the program's
//! `help.lupaus`. English keeps the doc comments, which a test compares
//! with the English catalog. clap's errors are [`super::parse_error`]'s.

use clap::Command;
use lupaus::messages::{self, Lang};

/// The value of `--lang` in the raw arguments, read before clap parses
/// them, so that the help it prints is already in that language.
pub fn lang_flag(args: &[String]) -> Option<String> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().cloned();
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_string());
        }
    }
    None
}

/// The catalog code of a command's text (`path`, no flag) or of a flag's.
fn codes(path: &[String], flag: Option<&str>) -> Vec<String> {
    // clap's `help` subcommand repeats every command (`help build`):
    // those have the command's own text, and `help` itself one of its own.
    let command = if path.last().is_some_and(|p| p == "help") {
        "help".to_string()
    } else if path.is_empty() {
        "lupaus".to_string()
    } else {
        path.iter()
            .filter(|p| *p != "help")
            .cloned()
            .collect::<Vec<_>>()
            .join("_")
    };
    match flag {
        None => vec![format!("help.{command}")],
        Some(f) => vec![format!("help.{command}_{f}"), format!("help.any_{f}")],
    }
}

fn lookup(lang: Lang, codes: &[String]) -> Option<String> {
    codes
        .iter()
        .find_map(|c| messages::text(lang, c, &[]).filter(|_| messages::has(c)))
}

/// `cmd` with its help in `lang` (unchanged for English).
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    cmd.build();
    localize_at(cmd, &[], lang)
}

fn localize_at(mut cmd: Command, path: &[String], lang: Lang) -> Command {
    // clap's headings take `&'static str`; these few live as long as the run.
    let t = |code: &str| -> &'static str {
        Box::leak(
            messages::text(lang, code, &[])
                .unwrap_or_default()
                .into_boxed_str(),
        )
    };
    if let Some(about) = lookup(lang, &codes(path, None)) {
        cmd = cmd.about(about);
    }
    cmd = cmd
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}\n",
            t("help.usage_heading")
        ))
        .subcommand_help_heading(t("help.commands_heading"))
        .subcommand_value_name(t("help.command_value"));
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in args {
        let help = lookup(lang, &codes(path, Some(&id)));
        let heading = t(if positional {
            "help.arguments_heading"
        } else {
            "help.options_heading"
        });
        cmd = cmd.mut_arg(&id, |a| {
            let a = a.help_heading(heading);
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let mut sub_path = path.to_vec();
        sub_path.push(name.clone());
        cmd = cmd.mut_subcommand(&name, |s| localize_at(s, &sub_path, lang));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and flag has a text in the catalog, the English one
    /// the same as its doc comment (so fi and sv, which the catalog test
    /// holds to English's codes, have one too).
    #[test]
    fn every_command_and_flag_has_a_text_equal_to_its_doc_comment() {
        fn walk(cmd: &Command, path: &[String], seen: &mut usize) {
            if let Some(about) = cmd.get_about() {
                let code = &codes(path, None)[0];
                assert_eq!(
                    messages::text(Lang::En, code, &[]).as_deref(),
                    Some(about.to_string().as_str()),
                    "{code}"
                );
                *seen += 1;
            }
            for a in cmd.get_arguments() {
                let Some(help) = a.get_help() else { continue };
                let id = a.get_id().to_string();
                let found = lookup(Lang::En, &codes(path, Some(&id)));
                assert_eq!(
                    found.as_deref(),
                    Some(help.to_string().as_str()),
                    "{path:?} {id}"
                );
                *seen += 1;
            }
            for s in cmd.get_subcommands() {
                let mut p = path.to_vec();
                p.push(s.get_name().to_string());
                walk(s, &p, seen);
            }
        }
        let mut cmd = crate::cmd::Cli::command();
        cmd.build();
        let mut seen = 0;
        walk(&cmd, &[], &mut seen);
        assert!(seen > 20, "{seen}");
    }

    #[test]
    fn help_in_finnish_and_swedish() {
        let fi = localize(crate::cmd::Cli::command(), Lang::Fi)
            .render_help()
            .to_string();
        assert!(fi.contains("Käyttö:") && fi.contains("Komennot:"), "{fi}");
        assert!(!fi.contains("Build the site"), "{fi}");
        let mut sv = localize(crate::cmd::Cli::command(), Lang::Sv);
        let build = sv
            .find_subcommand_mut("build")
            .unwrap()
            .render_help()
            .to_string();
        assert!(build.contains("Användning:"), "{build}");
        assert!(!build.contains("The site root"), "{build}");
    }

    #[test]
    fn lang_flag_is_found_before_parsing() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_flag(&a(&["lupaus", "build", "--lang", "fi"])).as_deref(),
            Some("fi")
        );
        assert_eq!(
            lang_flag(&a(&["lupaus", "--lang=sv", "check"])).as_deref(),
            Some("sv")
        );
        assert_eq!(lang_flag(&a(&["lupaus", "build", "--", "--lang"])), None);
    }
}
