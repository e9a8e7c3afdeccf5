//! Resolving links written in Markdown bodies.
//!
//! `@/path.md#anchor` links go to that page in the linking page's language
//! (or to its fallback, marked with `hreflang`); `@/results/...` and
//! `@/accessibility/` go to generated pages; root-relative links get the
//! site's path prefix. Broken links and anchors are errors with a fix.

use super::{Route, Site};
use crate::diagnostics::suggestion;
use crate::markdown::Resolved;

/// A `/media/…` link or image must name a file under `content/media/`
/// (spec 1.1), like `@/` links name pages.
fn media_exists(site: &Site, name: &str) -> Result<(), String> {
    let name = name.split(['?', '#']).next().unwrap_or(name);
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    let wanted = format!("media/{decoded}");
    if site.media.iter().any(|m| m.out == wanted) {
        return Ok(());
    }
    let hint = suggestion(&wanted, site.media.iter().map(|m| m.out.as_str()))
        .replace("did you mean \"", "did you mean \"/");
    Err(format!(
        "link to /media/{decoded}, but there is no file content/media/{decoded}{hint}; check the name, or put the file in content/media/"
    ))
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
) -> Result<Option<Resolved>, String> {
    if let Some(name) = dest.strip_prefix("/media/") {
        media_exists(site, name)?;
    }
    let Some(target) = dest.strip_prefix("@/") else {
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
            return Err(format!(
                "link to @/results/{id}/, but there is no indicator \"{id}\" in content/indicators.yaml{}",
                suggestion(id, site.indicators.ids())
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
            return Err(format!(
                "link to @/{path}, which is a draft and not published; remove `draft: true` from it, remove the link, or build with --drafts"
            ));
        }
        let keys = site.pages.iter().map(|p| p.key.as_str());
        let hint = suggestion(path, keys);
        let hint = if hint.is_empty() {
            " (write the path under content/ without the language, e.g. @/areas/family/_index.md)"
                .to_string()
        } else {
            hint.replace("did you mean \"", "did you mean \"@/")
        };
        return Err(format!(
            "link to @/{path}, but there is no such file in content/; check the path{hint}"
        ));
    };
    let default = site.default_lang();
    let variant = page
        .variant(lang)
        .or_else(|| page.variant(default))
        .or_else(|| page.variants.first());
    let Some(variant) = variant else {
        return Err(format!(
            "link to @/{path}, which is not published in any language"
        ));
    };
    let text_lang = if variant.fallback {
        default
    } else {
        variant.lang.as_str()
    };
    if let Some(a) = anchor {
        let parsed = &site.parsed[variant.file];
        // Broken in the default language too: that page reports it, once.
        let everywhere = page
            .variant(default)
            .is_some_and(|d| !site.parsed[d.file].has_anchor(a));
        if !parsed.has_anchor(a) && fallback && everywhere {
            return Ok(Some(Resolved {
                href: variant.url.clone(),
                hreflang: (text_lang != lang).then(|| text_lang.to_string()),
                warning: None,
            }));
        }
        if !parsed.has_anchor(a) && fallback {
            return Ok(Some(Resolved {
                href: variant.url.clone(),
                hreflang: (text_lang != lang).then(|| text_lang.to_string()),
                warning: Some(format!(
                    "in the {lang} version of this page (shown in the default language), the link to @/{path}#{a} leads to the top of the page: {} has no heading with the anchor \"{a}\". Give the heading the same explicit id in every language, `## Heading {{#{a}}}`, or add the {lang} translation of this page",
                    site.files[variant.file].path
                )),
            }));
        }
        if !parsed.has_anchor(a) {
            let anchors: Vec<&str> = parsed.headings.iter().map(|h| h.anchor.as_str()).collect();
            let hint = suggestion(a, anchors.iter().copied());
            let list = if anchors.is_empty() {
                "it has no headings".to_string()
            } else {
                format!("its anchors are {}", anchors.join(", "))
            };
            return Err(format!(
                "link to @/{path}#{a}, but {} has no heading with the anchor \"{a}\"{hint}; {list}. Give the heading an explicit id with `## Heading {{#{a}}}` to use the same anchor in every language",
                site.files[variant.file].path
            ));
        }
    }
    Ok(Some(Resolved {
        href: with_anchor(variant.url.clone()),
        hreflang: (text_lang != lang).then(|| text_lang.to_string()),
        warning: None,
    }))
}
