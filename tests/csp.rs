//! The built example site works under the strict Content-Security-Policy it
//! is served with:
//!
//! `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'`
//!
//! A cheap static check beside the browser harness (tests/browser/a11y.mjs,
//! which records real violations in Chromium): every built HTML page is
//! parsed and must have no `style` attribute, no `<style>` element, no
//! inline `<script>` (one without `src`), no `on…` event handler attribute,
//! and no `javascript:` address. Zero of each allowed.

mod common;

use std::sync::OnceLock;

use scraper::Html;

fn example() -> &'static std::path::Path {
    static OUT: OnceLock<std::path::PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::example_root(), "csp-rs-example"))
}

/// Every CSP problem of one HTML document, as `element: what`.
fn csp_problems(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        if name == "style" {
            out.push("<style> element".to_string());
        }
        if name == "script" && el.attr("src").is_none() {
            // JSON data blocks are not scripts and are allowed.
            let data = el
                .attr("type")
                .is_some_and(|t| t.contains("json") && !t.contains("javascript"));
            if !data {
                out.push("inline <script>".to_string());
            }
        }
        for (attr, value) in el.attrs() {
            if attr == "style" {
                out.push(format!("<{name} style=\"{value}\">"));
            }
            if attr.len() > 2 && attr.starts_with("on") {
                out.push(format!("<{name} {attr}=\"{value}\">"));
            }
            let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            if matches!(attr, "href" | "src" | "action" | "formaction")
                && v.to_ascii_lowercase().starts_with("javascript:")
            {
                out.push(format!("<{name} {attr}=\"{value}\">"));
            }
        }
    }
    out
}

#[test]
fn the_scan_finds_what_the_policy_blocks() {
    let bad = "<!DOCTYPE html><html><head><style>p{}</style><script>x()</script>\
               <script type=\"application/ld+json\">{}</script><script src=\"/a.js\"></script></head>\
               <body><p style=\"color:red\" onclick=\"x()\">a</p><a href=\" javascript:x\">b</a>\
               <svg><rect onload=\"y()\" style=\"fill:red\"/></svg></body></html>";
    let found = csp_problems(bad);
    assert_eq!(found.len(), 7, "{found:#?}");
    assert!(csp_problems("<p class=\"x\" data-on=\"1\">on=</p><!-- style= -->").is_empty());
}

#[test]
fn every_page_of_the_example_site_passes_a_strict_csp() {
    let out = example();
    let mut pages = 0;
    let mut problems = Vec::new();
    for (path, bytes) in common::read_tree(out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        for p in csp_problems(&html) {
            problems.push(format!("{path}: {p}"));
        }
    }
    assert!(pages > 20, "only {pages} pages built");
    assert!(
        problems.is_empty(),
        "{} CSP problems in {pages} pages:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// SVG files the site serves (charts, icons) are documents too.
#[test]
fn svg_files_of_the_example_site_have_no_inline_script_or_handlers() {
    let out = example();
    for (path, bytes) in common::read_tree(out) {
        if !path.ends_with(".svg") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let found: Vec<String> = csp_problems(&text)
            .into_iter()
            .filter(|p| !p.contains("style=") && !p.contains("<style>"))
            .collect();
        assert!(found.is_empty(), "{path}: {found:?}");
    }
}
