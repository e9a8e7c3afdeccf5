//! `lupaus init DIR`: a new site root that previews as it is.

use std::path::{Path, PathBuf};
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
            // Where the site is, as a full path: `init .` said "in ..".
            let at = scaffold::full_path(&args.dir);
            let done = tr(
                "init.done",
                &[
                    ("dir", at.display().to_string()),
                    ("root", root_flag(&args.dir)),
                    ("public", at.join("public").display().to_string()),
                ],
            );
            println!("\n{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("{}", tr("init.nothing", &[]));
            ExitCode::FAILURE
        }
    }
}

/// How the commands `init` suggests name the new site root: nothing when
/// it is the current folder (they look there), else ` --root DIR`, the
/// folder in double quotes when it has a space or a character a shell
/// reads (`lupaus serve --root Oma sivusto` serves a folder "Oma"). A
/// double-quoted path is one argument in POSIX shells, PowerShell and cmd.
fn root_flag(dir: &Path) -> String {
    let written = dir.display().to_string();
    if written.is_empty() || dir == Path::new(".") || dir == Path::new("./") {
        return String::new();
    }
    let plain = written
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./\\:+,=@".contains(c));
    if plain {
        format!(" --root {written}")
    } else {
        format!(" --root \"{written}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suggested commands work when pasted: `init .` needs no
    /// `--root`, and a folder with a space or a shell's character is
    /// quoted (unquoted, `--root Oma sivusto` named the folder "Oma").
    #[test]
    fn the_suggested_root_is_one_argument_or_none() {
        assert_eq!(root_flag(Path::new(".")), "");
        assert_eq!(root_flag(Path::new("./")), "");
        assert_eq!(root_flag(Path::new("lupaus")), " --root lupaus");
        assert_eq!(
            root_flag(Path::new("/home/viestintä/lupaus-2026")),
            " --root /home/viestintä/lupaus-2026"
        );
        assert_eq!(
            root_flag(Path::new("Oma sivusto")),
            " --root \"Oma sivusto\""
        );
        assert_eq!(root_flag(Path::new("a&b")), " --root \"a&b\"");
        assert_eq!(root_flag(Path::new("$HOME")), " --root \"$HOME\"");
    }
}
