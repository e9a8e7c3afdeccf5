//! Resolving links written in Markdown bodies.
//!
//! `@/path.md#anchor` links go to that page in the linking page's language
//! (or to its fallback, marked with `hreflang`); `@/results/...` and
//! `@/accessibility/` go to generated pages; root-relative links get the
//! site's path prefix. Broken links and anchors are errors with a fix.

use super::{Route, Site};
use crate::diagnostics::{Message, did_you_mean};
use crate::markdown::Resolved;

/// A `/media/…` link or image must name a file under `content/media/`
/// (spec 1.1), like `@/` links name pages.
fn media_exists(site: &Site, name: &str) -> Result<(), Message> {
    let name = name.split(['?', '#']).next().unwrap_or(name);
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    let wanted = format!("media/{decoded}");
    if site.media.iter().any(|m| m.out == wanted) {
        return Ok(());
    }
    let close = did_you_mean(&wanted, site.media.iter().map(|m| m.out.as_str()))
        .map(|m| format!("/{m}"))
        .unwrap_or_default();
    Err(Message::new(
        "links.media",
        vec![("name", decoded.to_string()), ("did_you_mean", close)],
    ))
}

/// A warning for an address relative to the page's own (`areas/x.md`,
/// `media/kuva.png`, `www.example.fi`): the format names `@/`, `/media/`
/// and full addresses; a relative one resolves from the page's URL
/// (`/fi/palaute/media/kuva.png`) and leads nowhere on the published site.
/// It is kept as written (the format says other links are), with a fix.
fn relative(dest: &str) -> Option<Message> {
    let has_scheme = dest.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if dest.is_empty() || dest.starts_with(['/', '#', '?', '@']) || has_scheme {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let bare = path
        .trim_start_matches("./")
        .trim_start_matches("../")
        .trim_start_matches("content/");
    let host = bare.split('/').next().unwrap_or(bare);
    let fix = if bare.contains('@') && !bare.contains('/') {
        Some(format!("mailto:{bare}"))
    } else if bare.ends_with(".md") {
        Some(format!("@/{bare}"))
    } else if let Some(i) = bare.find("media/") {
        Some(format!("/{}", &bare[i..]))
    } else if host.starts_with("www.")
        || (host.contains('.')
            && host
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())))
    {
        Some(format!("https://{path}"))
    } else {
        None
    };
    Some(match fix {
        Some(fix) => Message::new(
            "links.relative",
            vec![("dest", dest.to_string()), ("fix", fix)],
        ),
        None => Message::new("links.relative_how", vec![("dest", dest.to_string())]),
    })
}

/// Resolves `dest` for a page in `lang`. `Ok(None)` keeps it as written.
///
/// `fallback` says the linking page is a fallback copy: the
/// default-language file shown in `lang`. Its links are that file's, and
/// where the page a link resolves to in `lang` lacks the anchor (a heading
/// in a translation the writer did not write), the link leads to the page
/// without the anchor with a warning, as the format (1.1) says; everywhere
/// else a missing anchor is an error.
pub fn resolve(
    site: &Site,
    lang: &str,
    dest: &str,
    fallback: bool,
) -> Result<Option<Resolved>, Message> {
    if let Some(name) = dest.strip_prefix("/media/") {
        media_exists(site, name)?;
    }
    let Some(target) = dest.strip_prefix("@/") else {
        if let Some(warning) = relative(dest) {
            return Ok(Some(Resolved::as_written(dest, warning)));
        }
        if dest.starts_with('/') && !dest.starts_with("//") && !site.options.prefix.is_empty() {
            return Ok(Some(Resolved {
                href: format!("{}{dest}", site.options.prefix),
                hreflang: None,
                warning: None,
            }));
        }
        return Ok(None);
    };
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    // `@/pages/päivä%20ja%20yö.md`: a path written as a URL, escapes and all.
    let decoded;
    let path = if path.contains('%') && site.page(path).is_none() {
        decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned();
        decoded.as_str()
    } else {
        path
    };
    let with_anchor = |url: String| match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    };
    let generated = path.trim_end_matches('/');
    if generated == "accessibility" {
        return Ok(Some(Resolved {
            href: with_anchor(Route::Accessibility.url(site, lang)),
            hreflang: None,
            warning: None,
        }));
    }
    if generated == "results" {
        return Ok(Some(Resolved {
            href: with_anchor(Route::Results.url(site, lang)),
            hreflang: None,
            warning: None,
        }));
    }
    if let Some(id) = generated.strip_prefix("results/") {
        if !site.indicators.is_defined(id) {
            let close = did_you_mean(id, site.indicators.ids()).unwrap_or("");
            return Err(Message::new(
                "links.indicator",
                vec![("id", id.to_string()), ("did_you_mean", close.to_string())],
            ));
        }
        return Ok(Some(Resolved {
            href: with_anchor(Route::Indicator(id).url(site, lang)),
            hreflang: None,
            warning: None,
        }));
    }
    let Some(page) = site.page(path) else {
        if site.broken.contains(path) {
            // The target has errors of its own; do not add a second one here.
            return Ok(None);
        }
        if site.held_back.contains(path) {
            return Err(Message::new(
                "links.draft",
                vec![("path", path.to_string())],
            ));
        }
        // Its translations are there: the default-language file was
        // deleted or renamed (its own error says so too).
        if let Some(translation) = site.files.iter().find(|f| &*f.key == path) {
            let missing = format!("{}.{}.md", super::stem_of(translation), site.default_lang());
            return Err(Message::new(
                "links.default_missing",
                vec![
                    ("path", path.to_string()),
                    ("missing", missing),
                    ("translation", translation.path.to_string()),
                ],
            ));
        }
        let keys = site.pages.iter().map(|p| p.key.as_str());
        return Err(match did_you_mean(path, keys) {
            Some(close) => Message::new(
                "links.no_file",
                vec![
                    ("path", path.to_string()),
                    ("did_you_mean", format!("@/{close}")),
                ],
            ),
            None => Message::new("links.no_file_how", vec![("path", path.to_string())]),
        });
    };
    let default = site.default_lang();
    let variant = page
        .variant(lang)
        .or_else(|| page.variant(default))
        .or_else(|| page.variants.first());
    let Some(variant) = variant else {
        return Err(Message::new(
            "links.unpublished",
            vec![("path", path.to_string())],
        ));
    };
    let text_lang = if variant.fallback {
        default
    } else {
        &variant.lang
    };
    if let Some(a) = anchor {
        let there = site.has_anchor(variant.file, a);
        // Broken in the default language too: that page reports it, once.
        let everywhere = page
            .variant(default)
            .is_some_and(|d| !site.has_anchor(d.file, a));
        if !there && fallback && everywhere {
            return Ok(Some(Resolved {
                href: variant.url.to_string(),
                hreflang: (text_lang != lang).then(|| text_lang.to_string()),
                warning: None,
            }));
        }
        if !there && fallback {
            return Ok(Some(Resolved {
                href: variant.url.to_string(),
                hreflang: (text_lang != lang).then(|| text_lang.to_string()),
                warning: Some(Message::new(
                    "links.anchor_fallback",
                    vec![
                        ("lang", lang.to_string()),
                        ("path", path.to_string()),
                        ("anchor", a.to_string()),
                        ("file", site.files[variant.file].path.to_string()),
                    ],
                )),
            }));
        }
        if !there {
            let anchors = site.anchors_of(variant.file);
            let close = did_you_mean(a, anchors.iter().map(String::as_str)).unwrap_or("");
            let mut args = vec![
                ("path", path.to_string()),
                ("anchor", a.to_string()),
                ("file", site.files[variant.file].path.to_string()),
                ("did_you_mean", close.to_string()),
            ];
            let code = if anchors.is_empty() {
                "links.anchor_no_headings"
            } else {
                args.push(("anchors", anchors.join(", ")));
                "links.anchor"
            };
            return Err(Message::new(code, args));
        }
    }
    Ok(Some(Resolved {
        href: with_anchor(variant.url.to_string()),
        hreflang: (text_lang != lang).then(|| text_lang.to_string()),
        warning: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::relative;

    /// The fix a relative address gets, `""` for the general advice,
    /// `None` when it is not relative.
    fn fix(dest: &str) -> Option<String> {
        relative(dest).map(|m| {
            let text = m.to_string();
            assert!(text.contains("leads nowhere"), "{text}");
            text.split_once("; write `")
                .map(|(_, f)| f.trim_end_matches('`').to_string())
                .unwrap_or_default()
        })
    }

    #[test]
    fn relative_addresses_are_told_what_to_write() {
        for (dest, want) in [
            ("areas/health/_index.md", "@/areas/health/_index.md"),
            ("../content/pages/a.md#x", "@/pages/a.md"),
            ("media/form.png", "/media/form.png"),
            ("./content/media/a b.pdf", "/media/a b.pdf"),
            ("www.example.fi/ajat", "https://www.example.fi/ajat"),
            ("thl.fi", "https://thl.fi"),
            ("matti@example.fi", "mailto:matti@example.fi"),
        ] {
            assert_eq!(fix(dest).as_deref(), Some(want), "{dest}");
        }
        assert_eq!(fix("ohjeet").as_deref(), Some(""));
        for fine in [
            "@/pages/a.md",
            "/media/a.png",
            "/fi/results/",
            "#otsikko",
            "?q=1",
            "https://thl.fi",
            "mailto:a@b.fi",
            "tel:+358401234567",
            "",
        ] {
            assert_eq!(fix(fine), None, "{fine}");
        }
    }
}
