//! Static assets: the theme's stylesheet and the files copied as they are.
//!
//! The theme's `css/style.css` and everything it `@import`s are bundled by
//! `lightningcss` into one minified stylesheet, lowered for the browsers in
//! [`targets`], and written once as `css/style.<hash>.css` so that browsers
//! may cache it forever. `static/` of the theme and `content/media/` are
//! copied. Templates reference the stylesheet through the `stylesheet`
//! context variable.

use std::path::{Path, PathBuf};

use lightningcss::bundler::{BundleErrorKind, Bundler, ResolveResult, SourceProvider};
use lightningcss::error::{ParserError, SelectorError};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions};
use lightningcss::targets::{Browsers, Targets};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::theme::Theme;

/// The browsers the stylesheet is lowered for: the last versions of the
/// past five years or so (browserslist: `chrome 100, edge 100, firefox 100,
/// safari 15, ios_saf 15, samsung 18`), which every supported phone and
/// office machine in the public sector has.
pub fn targets() -> Targets {
    let v = |major: u32| Some(major << 16);
    Targets::from(Browsers {
        chrome: v(100),
        edge: v(100),
        firefox: v(100),
        safari: v(15),
        ios_saf: v(15),
        samsung: v(18),
        android: v(100),
        opera: v(86),
        ie: None,
    })
}

/// Serves the theme's `css/` files to the bundler from memory.
struct ThemeCss<'a> {
    theme: &'a Theme,
    /// `style.css` with the site's own rules after it (see [`brand_css`]).
    entry: String,
}

#[derive(Debug)]
struct MissingFile(String);

impl std::fmt::Display for MissingFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the theme has no file css/{}", self.0)
    }
}

impl std::error::Error for MissingFile {}

impl SourceProvider for ThemeCss<'_> {
    type Error = MissingFile;

    fn read<'a>(&'a self, file: &Path) -> Result<&'a str, Self::Error> {
        let name = file.to_string_lossy().replace('\\', "/");
        if name == "style.css" {
            return Ok(&self.entry);
        }
        self.theme
            .get(&format!("css/{name}"))
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
            .ok_or(MissingFile(name))
    }

    fn resolve(
        &self,
        specifier: &str,
        originating_file: &Path,
    ) -> Result<ResolveResult, Self::Error> {
        if specifier.starts_with("http://") || specifier.starts_with("https://") {
            return Ok(ResolveResult::External(specifier.to_string()));
        }
        let base = originating_file.parent().unwrap_or(Path::new(""));
        let mut out = PathBuf::new();
        for part in base.join(specifier).components() {
            match part {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::Normal(p) => out.push(p),
                _ => {}
            }
        }
        Ok(ResolveResult::File(out))
    }
}

/// The site's own custom properties, from `site.yaml` `brand`: the main
/// colour and its hover and visited shades (all checked for 4.5:1 against
/// white when `site.yaml` was read). Added after the theme's `style.css`, so
/// they win over the theme's defaults without an inline `style` (which a
/// strict Content-Security-Policy forbids). Empty without a colour.
pub fn brand_css(brand: Option<&crate::config::Brand>) -> String {
    match brand.and_then(|b| b.colour) {
        Some(c) => format!(
            "\n:root {{ --brand: {}; --brand-hover: {}; --brand-visited: {}; }}\n",
            c.hex(),
            c.hover().hex(),
            c.visited().hex()
        ),
        None => String::new(),
    }
}

/// Bundles and minifies the theme's stylesheet, with `site_css` (see
/// [`brand_css`]) after `style.css`. Returns its URL path
/// (`css/style.<hash>.css`) after adding it to `out`.
pub fn stylesheet(
    theme: &Theme,
    site_css: &str,
    minify: bool,
    out: &mut Output,
    diags: &Diagnostics,
) -> Option<String> {
    let entry = "style.css";
    let origin = |name: &str| {
        theme
            .get(&format!("css/{name}"))
            .map(|f| f.origin.clone())
            .unwrap_or_else(|| format!("themes/…/css/{name}"))
    };
    let Some(style) = theme
        .get("css/style.css")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
    else {
        diags.push(Diagnostic::err("themes", "css.no_style", vec![]));
        return None;
    };
    let provider = ThemeCss {
        theme,
        entry: style + site_css,
    };
    let mut bundler = Bundler::new(&provider, None, ParserOptions::default());
    let mut sheet = match bundler.bundle(Path::new(entry)) {
        Ok(s) => s,
        Err(e) => {
            let (path, line, col) = match &e.loc {
                Some(l) => (
                    origin(&l.filename),
                    Some(l.line as usize + 1),
                    Some(l.column as usize),
                ),
                None => (origin(entry), None, None),
            };
            let mut d = Diagnostic::err(path, "css.error", vec![("error", css_words(&e.kind))]);
            if let Some(l) = line {
                d = d.at(l, col);
            }
            diags.push(d);
            return None;
        }
    };
    let targets = targets();
    if let Err(e) = sheet.minify(MinifyOptions {
        targets,
        ..Default::default()
    }) {
        diags.push(Diagnostic::err(
            origin(entry),
            "css.error",
            vec![("error", e.to_string())],
        ));
        return None;
    }
    let css = match sheet.to_css(PrinterOptions {
        minify,
        targets,
        ..Default::default()
    }) {
        Ok(r) => r.code,
        Err(e) => {
            diags.push(Diagnostic::err(
                origin(entry),
                "css.error",
                vec![("error", e.to_string())],
            ));
            return None;
        }
    };
    let path = format!(
        "css/style.{}.css",
        crate::digest::Digest::of(css.as_bytes()).short()
    );
    out.add(path.clone(), css);
    Some(path)
}

/// What a bundling error says, for the `{error}` of `css.error`: a kind
/// known here as a catalog message (see [`crate::messages::nested`]) in
/// the reader's language, else the CSS library's own (English) words.
fn css_words(kind: &BundleErrorKind<'_, MissingFile>) -> String {
    let nested = crate::messages::nested;
    let parser = match kind {
        BundleErrorKind::ResolverError(MissingFile(name)) => {
            return nested("css.missing_file", &[("file", name.clone())]);
        }
        BundleErrorKind::ParserError(p) => p,
        other => return other.to_string(),
    };
    match parser {
        ParserError::EndOfInput => nested("css.end", &[]),
        ParserError::UnexpectedToken(token) => nested(
            "css.token",
            &[("token", token_words(&format!("{token:?}")))],
        ),
        ParserError::InvalidDeclaration => nested("css.declaration", &[]),
        ParserError::InvalidValue => nested("css.value", &[]),
        ParserError::InvalidMediaQuery => nested("css.media", &[]),
        ParserError::AtRuleInvalid(name) => nested("css.at_rule", &[("name", name.to_string())]),
        ParserError::AtRuleBodyInvalid | ParserError::AtRulePreludeInvalid => {
            nested("css.at_rule_body", &[])
        }
        ParserError::UnexpectedImportRule => nested("css.import_order", &[]),
        ParserError::QualifiedRuleInvalid => nested("css.rule", &[]),
        ParserError::SelectorError(SelectorError::UnsupportedPseudoClass(name)) => {
            nested("css.pseudo", &[("name", format!(":{name}"))])
        }
        ParserError::SelectorError(SelectorError::UnsupportedPseudoElement(name)) => {
            nested("css.pseudo", &[("name", format!("::{name}"))])
        }
        ParserError::SelectorError(_) => nested("css.selector", &[]),
        other => other.to_string(),
    }
}

/// A token as the writer wrote it, from the parser's name for it
/// (`CurlyBracketBlock` → `{`, `Ident("colr")` → `colr`).
fn token_words(debug: &str) -> String {
    let named = [
        ("CurlyBracketBlock", "{"),
        ("CloseCurlyBracket", "}"),
        ("ParenthesisBlock", "("),
        ("CloseParenthesis", ")"),
        ("SquareBracketBlock", "["),
        ("CloseSquareBracket", "]"),
        ("Semicolon", ";"),
        ("Colon", ":"),
        ("Comma", ","),
    ];
    if let Some((_, c)) = named.iter().find(|(n, _)| *n == debug) {
        return (*c).to_string();
    }
    // `Ident("x")`, `Delim('x')`, `Function("x")`, `AtKeyword("x")`...
    match debug.split_once('(') {
        Some((kind, rest)) => {
            let inner = rest.trim_end_matches(')').trim_matches(['"', '\'']);
            match kind {
                "Function" => format!("{inner}("),
                "AtKeyword" => format!("@{inner}"),
                "Hash" | "IDHash" => format!("#{inner}"),
                "WhiteSpace" => " ".to_string(),
                _ => inner.to_string(),
            }
        }
        None => debug.to_string(),
    }
}

/// Adds the theme's `static/` files and the site's media to `out`.
pub fn copy_static(theme: &Theme, media: &[crate::content::Asset], out: &mut Output) {
    for (rel, file) in theme.under("static/") {
        out.add(rel.to_string(), file.bytes.clone());
    }
    for m in media {
        out.copy(m.out.clone(), m.src.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> Theme {
        Theme::of_own_files(files)
    }

    #[test]
    fn bundles_imports_minifies_lowers_and_fingerprints() {
        let t = theme(&[
            (
                "css/style.css",
                "@import \"parts/a.css\";\nmain { color: red; }\n",
            ),
            (
                "css/parts/a.css",
                "/* a comment */\n.card {\n  margin: 0;\n  &:hover { color: blue; }\n}\n",
            ),
        ]);
        let mut out = Output::default();
        let diags = Diagnostics::new();
        let path = stylesheet(&t, "", true, &mut out, &diags).expect("a stylesheet");
        assert!(diags.into_sorted().is_empty());
        assert!(
            path.starts_with("css/style.") && path.ends_with(".css"),
            "{path}"
        );
        let css = String::from_utf8(out.files[&path].to_vec()).unwrap();
        assert!(!css.contains("@import"), "imports are bundled: {css}");
        assert!(
            !css.contains("comment") && !css.contains('\n'),
            "minified: {css}"
        );
        // Nesting is lowered for the oldest targets (Chrome 100, Safari 15).
        assert!(css.contains(".card:hover{color:#00f}"), "{css}");
        assert!(!css.contains('&'), "{css}");
        assert!(css.ends_with("main{color:red}"), "import first: {css}");
        // The name changes with the content, so browsers may cache it forever.
        let mut again = Output::default();
        let t2 = theme(&[("css/style.css", "main { color: green; }")]);
        let other = stylesheet(&t2, "", true, &mut again, &Diagnostics::new()).unwrap();
        assert_ne!(path, other);
    }

    #[test]
    fn the_brand_colour_comes_after_the_theme_and_wins() {
        let t = theme(&[(
            "css/style.css",
            ":root { --brand: #003479; }\na { color: var(--brand); }\n",
        )]);
        let colour = crate::config::Colour::parse("#00558c").expect("hex");
        let brand = crate::config::Brand {
            logo: None,
            colour: Some(colour),
            url: None,
            privacy_url: None,
        };
        let css = brand_css(Some(&brand));
        let mut out = Output::default();
        let path = stylesheet(&t, &css, true, &mut out, &Diagnostics::new()).expect("css");
        let text = String::from_utf8(out.files[&path].to_vec()).unwrap();
        let theirs = text.find("#003479").expect("theme default");
        let ours = text.find("#00558c").expect("brand colour");
        assert!(theirs < ours, "{text}");
        assert!(text.contains(&colour.hover().hex()), "{text}");
        assert_eq!(brand_css(None), "");
    }

    #[test]
    fn a_missing_import_names_the_file() {
        let t = theme(&[("css/style.css", "@import \"nope.css\";")]);
        let diags = Diagnostics::new();
        assert!(stylesheet(&t, "", true, &mut Output::default(), &diags).is_none());
        let all = diags.into_sorted();
        assert!(all[0].message.contains("nope.css"), "{:?}", all);
    }

    /// The problem a stylesheet has, in `lang`.
    fn css_problem(css: &str, lang: crate::messages::Lang) -> (Diagnostic, String) {
        let t = theme(&[("css/style.css", css)]);
        let diags = Diagnostics::new();
        assert!(stylesheet(&t, "", true, &mut Output::default(), &diags).is_none());
        let d = diags.into_sorted().remove(0);
        let text = crate::messages::text(lang, d.code, &d.args).expect("a catalog text");
        (d, text)
    }

    #[test]
    fn stylesheet_errors_are_said_in_the_writers_language() {
        use crate::messages::Lang;
        let (d, fi) = css_problem("main { color: red; }\n@import \"x.css\";\n", Lang::Fi);
        assert_eq!((d.code, d.line), ("css.error", Some(2)), "{fi}");
        assert!(
            fi.starts_with("tyylitiedoston virhe: @import-säännön"),
            "{fi}"
        );
        let (_, sv) = css_problem("main { color red; }", Lang::Sv);
        assert!(
            sv.starts_with("fel i stilmallen: oväntat \"red\" här"),
            "{sv}"
        );
        let (_, sv) = css_problem("@import \"nope.css\";", Lang::Sv);
        assert!(sv.contains("css/nope.css") && sv.contains("saknar"), "{sv}");
        assert_eq!(token_words("Ident(\"colr\")"), "colr");
        assert_eq!(token_words("Delim('!')"), "!");
        assert_eq!(token_words("CurlyBracketBlock"), "{");
    }
}
