//! What the preview adds to the pages it serves, and never to a build.
//!
//! Every HTML response of `serve` gets the overlay stylesheet before
//! `</head>` and the reload script before `</body>`, both as separate files
//! under `/__lupaus/` (no inline script or style, so the preview works under
//! a strict `Content-Security-Policy`). While the last save left errors, the
//! overlay itself is rendered right after `<body>`, so it shows without
//! JavaScript too; the script draws the same markup from an `errors` notice.
//! This module only edits HTML text; it does not decide when.

use crate::diagnostics::Diagnostic;
use crate::markdown::escape_attr;

use super::reload::Problem;

/// URL prefix of the preview's own files; no site output lives under it.
pub const PREFIX: &str = "/__lupaus/";

/// The live-reload and overlay script.
pub const RELOAD_JS: &str = include_str!("assets/reload.js");

/// The overlay's stylesheet.
pub const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// The overlay entries for `diags`, errors first, as the terminal prints
/// them (`path:line:col` then `: message`; many links with the same
/// problem as one, see [`crate::diagnostics::grouped`]; the box's title
/// counts every link).
pub fn problems(diags: &[Diagnostic]) -> Vec<Problem> {
    let shown = crate::diagnostics::grouped(diags);
    let (errors, warnings): (Vec<_>, Vec<_>) = shown.iter().partition(|d| d.is_error());
    errors
        .into_iter()
        .chain(warnings)
        .map(|d| {
            let mut place = d.path.clone();
            if let Some(line) = d.line {
                place.push_str(&format!(":{line}"));
                if let Some(col) = d.column {
                    place.push_str(&format!(":{col}"));
                }
            }
            let line = d.to_string();
            let text = line.strip_prefix(&place).unwrap_or(&line).to_string();
            Problem { place, text }
        })
        .collect()
}

use crate::messages::tr;

/// `2 errors and 1 warning`, `3 warnings`, in the language of this run.
fn counts(diags: &[Diagnostic]) -> String {
    let n = diags.iter().filter(|d| d.is_error()).count();
    let w = diags.len() - n;
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            tr(one, &[])
        } else {
            tr(many, &[("n", n.to_string())])
        }
    };
    match (n, w) {
        (0, w) => count(w, "count.warning", "count.warnings"),
        (n, 0) => count(n, "count.error", "count.errors"),
        (n, w) => tr(
            "count.both",
            &[
                ("errors", count(n, "count.error", "count.errors")),
                ("warnings", count(w, "count.warning", "count.warnings")),
            ],
        ),
    }
}

/// The overlay's heading when the build failed: `2 errors: the preview
/// shows the last good build`.
pub fn title(diags: &[Diagnostic], have_site: bool) -> String {
    let code = if have_site {
        "overlay.failed"
    } else {
        "overlay.nothing"
    };
    tr(code, &[("counts", counts(diags))])
}

/// The overlay's heading when the site built, over its warnings and what
/// `lupaus check` reports (the same count as `check`).
pub fn built_title(diags: &[Diagnostic]) -> String {
    tr("overlay.built", &[("counts", counts(diags))])
}

/// The overlay block (empty when there are no problems). Its markup is
/// mirrored by `showOverlay` in `assets/reload.js`.
pub fn overlay(title: &str, problems: &[Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let marked = format!(": {}:", crate::diagnostics::warning_label());
    let is_warning = |p: &Problem| p.text.starts_with(&marked);
    let items: String = problems
        .iter()
        .map(|p| {
            format!(
                "<li{}><code class=\"lupaus-overlay__where\">{}</code>{}</li>\n",
                if is_warning(p) {
                    " class=\"lupaus-overlay__warning\""
                } else {
                    ""
                },
                escape_attr(&p.place),
                escape_attr(&p.text)
            )
        })
        .collect();
    // Only warnings: a quieter box that does not interrupt a screen reader.
    let (class, role) = if problems.iter().all(is_warning) {
        ("lupaus-overlay lupaus-overlay--quiet", "status")
    } else {
        ("lupaus-overlay", "alert")
    };
    format!(
        "<div id=\"lupaus-overlay\" class=\"{class}\" role=\"{role}\" lang=\"{lang}\">\n\
         <p class=\"lupaus-overlay__title\">{}</p>\n\
         <ul class=\"lupaus-overlay__list\">\n{items}</ul>\n\
         <p class=\"lupaus-overlay__hint\">{hint}</p>\n\
         </div>\n",
        escape_attr(title),
        lang = crate::messages::current().code(),
        hint = escape_attr(&tr("overlay.hint", &[])),
    )
}

/// `html` with the preview's stylesheet, script and (when `overlay` is not
/// empty) overlay added. `build` is the id of the build the page shows.
/// Bytes in, bytes out: a page is served as it was written, without
/// reading it as text first (the whole-promise page is 20 MB at 10,000
/// pages).
pub fn inject(html: &[u8], build: &str, overlay: &str) -> Vec<u8> {
    let css = format!("<link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">\n");
    let script = format!(
        "<script src=\"{PREFIX}reload.js\" data-build=\"{}\" data-lang=\"{}\" data-hint=\"{}\" defer></script>\n",
        escape_attr(build),
        crate::messages::current().code(),
        escape_attr(&tr("overlay.hint", &[])),
    );
    // The tags in any case, looked for from the start and the end, not
    // in a lowercased copy of the whole page.
    let head_end = find_tag(html, "</head>");
    let body_start = find_tag(html, "<body")
        .and_then(|i| html[i..].iter().position(|&b| b == b'>').map(|j| i + j + 1));
    let body_end = rfind_tag(html, "</body>");
    let mut out = Vec::with_capacity(html.len() + css.len() + script.len() + overlay.len());
    let mut at = 0;
    // Insertions in document order; each falls back to a sensible place
    // when a page lacks the tag (the root redirect has all of them).
    let mut insert = |pos: usize, text: &str, out: &mut Vec<u8>| {
        if pos >= at {
            out.extend_from_slice(&html[at..pos]);
            out.extend_from_slice(text.as_bytes());
            at = pos;
        }
    };
    if let Some(p) = head_end {
        insert(p, &css, &mut out);
    }
    if let Some(p) = body_start {
        let nl = usize::from(html[p..].starts_with(b"\n"));
        insert(p + nl, overlay, &mut out);
    }
    match body_end {
        Some(p) => insert(p, &script, &mut out),
        None => insert(html.len(), &script, &mut out),
    }
    out.extend_from_slice(&html[at..]);
    if head_end.is_none() {
        out.splice(0..0, css.bytes());
    }
    out
}

/// Where `tag` (lowercase ASCII) first is in `html`, in any case.
fn find_tag(html: &[u8], tag: &str) -> Option<usize> {
    html.windows(tag.len())
        .position(|w| w.eq_ignore_ascii_case(tag.as_bytes()))
}

/// Where `tag` (lowercase ASCII) last is in `html`, in any case.
fn rfind_tag(html: &[u8], tag: &str) -> Option<usize> {
    html.windows(tag.len())
        .rposition(|w| w.eq_ignore_ascii_case(tag.as_bytes()))
}

/// A whole page for when there is nothing to show: no good build yet, or a
/// path the site does not have.
pub fn page(build: &str, heading: &str, text: &str, overlay: &str) -> String {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{h} – lupaus serve</title>\n</head>\n<body>\n\
         <main class=\"lupaus-page\">\n<h1>{h}</h1>\n<p>{t}</p>\n\
         <p><a href=\"/\">{front}</a></p>\n</main>\n</body>\n</html>\n",
        lang = crate::messages::current().code(),
        h = escape_attr(heading),
        t = escape_attr(text),
        front = escape_attr(&crate::messages::tr("serve.front_page", &[])),
    );
    String::from_utf8_lossy(&inject(html.as_bytes(), build, overlay)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::inject`] on text.
    fn inject(html: &str, build: &str, overlay: &str) -> String {
        String::from_utf8_lossy(&super::inject(html.as_bytes(), build, overlay)).into_owned()
    }

    const PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n</head>\n<body class=\"a\">\n<p>hei</p>\n</body>\n</html>\n";

    #[test]
    fn adds_stylesheet_script_and_overlay_in_place() {
        let out = inject(PAGE, "b-1", "<div>OVERLAY</div>\n");
        assert_eq!(
            out,
            "<!DOCTYPE html>\n<html>\n<head>\n<title>x</title>\n\
             <link rel=\"stylesheet\" href=\"/__lupaus/overlay.css\">\n</head>\n\
             <body class=\"a\">\n<div>OVERLAY</div>\n<p>hei</p>\n\
             <script src=\"/__lupaus/reload.js\" data-build=\"b-1\" data-lang=\"en\" data-hint=\"Fix the file and save it: this page reloads by itself.\" defer></script>\n\
             </body>\n</html>\n"
        );
        assert!(!out.contains("<script>"), "no inline script");
    }

    #[test]
    fn tags_in_any_case_and_the_last_body_end() {
        let page =
            "<HTML><Head><title>x</title></HEAD><Body>\n<p>&lt;/body&gt; </body></p></BODY></html>";
        let out = inject(page, "b", "<div>O</div>");
        assert!(
            out.contains(
                "</title><link rel=\"stylesheet\" href=\"/__lupaus/overlay.css\">\n</HEAD>"
            )
        );
        assert!(out.contains("<Body>\n<div>O</div><p>"));
        assert!(out.contains("</body></p><script src="), "{out}");
        assert!(out.ends_with("defer></script>\n</BODY></html>"));
    }

    #[test]
    fn pages_without_tags_still_get_the_script() {
        let out = inject("<p>bare</p>", "b", "");
        assert!(out.starts_with("<link rel=\"stylesheet\""));
        assert!(out.ends_with("defer></script>\n"));
        assert!(out.contains("<p>bare</p>"));
    }

    #[test]
    fn overlay_shows_what_the_terminal_prints_escaped() {
        let d = Diagnostic::error("content/a.fi.md", "no <perspective>").at(3, Some(14));
        let w = Diagnostic::warning("content/b.fi.md", "hm");
        let ps = problems(&[w, d.clone()]);
        assert_eq!(ps[0].place, "content/a.fi.md:3:14");
        assert_eq!(format!("{}{}", ps[0].place, ps[0].text), d.to_string());
        assert_eq!(ps[1].text, ": warning: hm");
        let html = overlay(&title(&[d], true), &ps);
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("<code class=\"lupaus-overlay__where\">content/a.fi.md:3:14</code>: no &lt;perspective&gt;"));
        assert!(html.contains("1 error: the preview shows the last good build"));
        assert!(!html.contains("style="), "no inline styles");
        assert_eq!(overlay("x", &[]), "");
    }

    /// Many links to one missing page are one entry in the box, as in the
    /// terminal; the box's title counts every link.
    #[test]
    fn the_box_tells_many_links_with_the_same_problem_once() {
        let ds: Vec<Diagnostic> = (1..=40)
            .map(|i| {
                Diagnostic::err(
                    format!("content/pages/p{i:02}.fi.md"),
                    "links.no_file_how",
                    vec![("path", "pages/palaute.md".to_string())],
                )
                .at(6, Some(7))
            })
            .collect();
        let ps = problems(&ds);
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].place, "content/pages/p01.fi.md:6:7");
        assert!(
            ps[0]
                .text
                .starts_with(": 40 links have this problem: link to @/pages/palaute.md")
                && ps[0]
                    .text
                    .contains(" and 37 more; `lupaus check` lists every one"),
            "{}",
            ps[0].text
        );
        assert!(title(&ds, true).starts_with("40 errors: "));
    }
}
