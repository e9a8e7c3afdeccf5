//! What lupaus says in the words of libraries (the YAML library's, the
//! stylesheet bundler's, clap's) reaches the writer in their language
//! (`LANG`), at the same place as in English.

mod common;

use std::process::Output;

use common::copy_fixture;

/// Runs the binary with `LANG` set to `lang` and `args`.
fn run(lang: &str, args: &[&std::ffi::OsStr]) -> Output {
    common::lupaus_command()
        .env("LANG", lang)
        .args(args)
        .output()
        .expect("run lupaus")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A front matter value of the wrong type: the YAML library's "invalid
/// type: string, expected a boolean" is written in Finnish and Swedish.
#[test]
fn a_yaml_type_error_is_in_finnish_and_swedish() {
    let dir = copy_fixture("minimal-sv");
    let page = dir.path().join("content/_index.fi.md");
    let text = std::fs::read_to_string(&page).expect("the page");
    let text = text.replacen("title:", "draft: kyllä\ntitle:", 1);
    std::fs::write(&page, text).expect("write the page");
    let root = dir.path().as_os_str();
    let check = |lang: &str| stdout(&run(lang, &["check".as_ref(), "--root".as_ref(), root]));
    let place = "content/_index.fi.md:2:8: ";
    let en = check("C.UTF-8");
    assert!(
        en.contains(&format!(
            "{place}`draft`: the text \"kyllä\" is neither true nor false; write true (lupaus reads only true and false)"
        )),
        "{en}"
    );
    let fi = check("fi_FI.UTF-8");
    assert!(
        fi.contains(&format!(
            "{place}`draft`: teksti \"kyllä\" ei ole true eikä false; kirjoita true (lupaus lukee vain arvot true ja false); korjaa kentän arvo"
        )),
        "{fi}"
    );
    let sv = check("sv_FI.UTF-8");
    assert!(
        sv.contains(&format!(
            "{place}`draft`: texten \"kyllä\" är varken true eller false; skriv true (lupaus läser bara true och false)"
        )),
        "{sv}"
    );
    for out in [&fi, &sv] {
        assert!(
            !out.contains("invalid type") && !out.contains("expected a boolean"),
            "{out}"
        );
    }
}

/// A syntax error the YAML parser finds (`mapping values are not allowed`)
/// and a field that is not known are named in Swedish.
#[test]
fn a_yaml_syntax_error_is_in_swedish() {
    let dir = copy_fixture("minimal-sv");
    let site = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&site).expect("site.yaml");
    std::fs::write(
        &site,
        text.replace("languages: [sv, fi]", "languages: sv: fi"),
    )
    .expect("write site.yaml");
    let out = run(
        "sv_FI.UTF-8",
        &["check".as_ref(), "--root".as_ref(), dir.path().as_os_str()],
    );
    let out = stdout(&out);
    assert!(
        out.contains("content/site.yaml:7:14: ett kolon och ett mellanslag kan inte stå här"),
        "{out}"
    );
    assert!(!out.contains("mapping values"), "{out}");
}

/// A site's own stylesheet that does not parse: the error is at its line,
/// in Finnish, naming what to fix.
#[test]
fn a_bad_stylesheet_in_the_sites_theme_is_in_finnish() {
    let dir = copy_fixture("minimal-sv");
    let css = dir.path().join("themes/default/css");
    std::fs::create_dir_all(&css).expect("themes/default/css");
    std::fs::write(
        css.join("style.css"),
        "main { color: red; }\n@import \"extra.css\";\n",
    )
    .expect("write style.css");
    let out = dir.path().join("public");
    let o = run(
        "fi_FI.UTF-8",
        &[
            "build".as_ref(),
            "--root".as_ref(),
            dir.path().as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "themes/default/css/style.css:2:8: tyylitiedoston virhe: @import-säännön on oltava ennen kaikkia muita sääntöjä"
        ),
        "{err}"
    );
    assert!(!err.contains("must precede"), "{err}");
    assert!(!out.exists(), "nothing is published");
}

/// An unknown flag: clap's error in Swedish and Finnish, with the
/// suggestion, the usage line and exit code 2; `--help` is unchanged.
#[test]
fn an_unknown_flag_is_in_swedish_and_finnish() {
    let o = run("sv_FI.UTF-8", &["build".as_ref(), "--draft".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: okänd flagga '--draft' (menade du \"--drafts\"?)"),
        "{err}"
    );
    assert!(err.contains("Användning: lupaus build"), "{err}");
    assert!(err.contains("Mer information får du med --help."), "{err}");
    let o = run("fi_FI.UTF-8", &["buld".as_ref()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: tuntematon komento 'buld' (tarkoititko \"build\"?)"),
        "{err}"
    );
    let o = run(
        "C.UTF-8",
        &["check".as_ref(), "--format".as_ref(), "xml".as_ref()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: 'xml' is not a possible value of '--format <FORMAT>'"),
        "{err}"
    );
    let help = run("fi_FI.UTF-8", &["build".as_ref(), "--help".as_ref()]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Käyttö: lupaus build"));
}

/// The build's summary gives its seconds as the writer's language writes
/// a decimal: `0,05 s` in Finnish and Swedish, `0.05 s` in English.
#[test]
fn the_build_time_has_the_languages_decimal_mark() {
    let dir = copy_fixture("minimal-sv");
    let root = dir.path().as_os_str();
    let out = dir.path().join("out");
    let seconds = |lang: &str| {
        let o = run(
            lang,
            &[
                "build".as_ref(),
                "--root".as_ref(),
                root,
                "--output".as_ref(),
                out.as_os_str(),
            ],
        );
        let text = stderr(&o);
        let before_unit = text
            .lines()
            .find_map(|l| l.trim_end().strip_suffix(" s"))
            .unwrap_or_else(|| panic!("no time in {text}"))
            .to_string();
        before_unit
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    for (lang, mark) in [("fi_FI.UTF-8", ','), ("sv_FI.UTF-8", ','), ("C.UTF-8", '.')] {
        let s = seconds(lang);
        assert_eq!(s.chars().nth(1), Some(mark), "{lang}: {s}");
    }
}
