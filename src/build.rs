//! A build, as a short list of steps: load → assemble → render → write.
//!
//! [`render_site`] does everything in memory and is shared by `build`,
//! `check` and `serve`, so they cannot drift apart; [`build`] adds the
//! atomic write to disk.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::assets;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::output::{self, Output};
use crate::render::{Renderer, templates};
use crate::results;
use crate::site::{self, Site};
use crate::theme;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `content/`).
    pub root: PathBuf,
    /// Publish drafts.
    pub drafts: bool,
    /// Preview mode (drafts, no minification, reload script).
    pub preview: bool,
    /// Minify HTML and CSS.
    pub minify: bool,
}

/// What a successful render produced.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file.
    pub output: Output,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Number of HTML pages.
    pub pages: usize,
    /// Languages.
    pub languages: Vec<String>,
}

/// The path prefix of `base_url` (`https://x.fi/lupaus` → `/lupaus`).
pub fn url_prefix(base_url: &str) -> String {
    let after = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    match after.find('/') {
        Some(i) => after[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Loads and assembles the site model (used by `render_site` and `check`).
pub fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    let content = content::load(&opts.root, diags)?;
    let prefix = if opts.preview {
        String::new()
    } else {
        url_prefix(&content.config.base_url)
    };
    let site_opts = site::Options {
        drafts: opts.drafts || opts.preview,
        prefix,
    };
    Some(site::assemble(content, site_opts, diags))
}

/// Renders the whole site in memory. Errors are all the problems found.
pub fn render_site(opts: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let result = render_into(opts, &diags);
    let all = diags.into_sorted();
    match result {
        Some(r) if !all.iter().any(Diagnostic::is_error) => Ok(Rendered { warnings: all, ..r }),
        _ => Err(all),
    }
}

fn render_into(opts: &BuildOptions, diags: &Diagnostics) -> Option<Rendered> {
    let site = load_site(opts, diags)?;
    let theme = theme::load(&opts.root, &site.config.theme, diags)?;
    let strings = i18n::load(&theme, &site.config.languages, diags);
    let tera = templates::compile(&theme, diags)?;
    let set = results::load(&site.results_files, &site.indicators, diags);
    let eval = results::evaluate(&site, set);
    let mut out = Output::default();
    let css = assets::stylesheet(&theme, opts.minify, &mut out, diags)?;
    let renderer = Renderer {
        site: &site,
        tera,
        i18n: strings,
        theme: &theme,
        stylesheet: format!("{}/{css}", site.options.prefix),
        preview: opts.preview,
        eval: &eval,
    };
    renderer.render_all(&mut out, diags);
    crate::data::export(&site, &eval, &mut out);
    assets::copy_static(&theme, &site.media, &mut out);
    let pages = out.files.keys().filter(|k| k.ends_with(".html")).count();
    Some(Rendered {
        output: out,
        warnings: Vec::new(),
        pages,
        languages: site.config.languages.clone(),
    })
}

/// Builds the site and writes it to `out_dir` atomically.
pub fn build(
    opts: &BuildOptions,
    out_dir: &Path,
) -> Result<(Rendered, std::time::Duration), Vec<Diagnostic>> {
    let start = Instant::now();
    let rendered = render_site(opts)?;
    output::write_atomic(&rendered.output, out_dir).map_err(|d| {
        let mut all = rendered.warnings.clone();
        all.push(d);
        all
    })?;
    Ok((rendered, start.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_from_base_url() {
        assert_eq!(url_prefix("https://x.fi"), "");
        assert_eq!(url_prefix("https://x.fi/lupaus/"), "/lupaus");
    }
}
