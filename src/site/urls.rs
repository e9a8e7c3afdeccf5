//! URL policy: the one place that knows how a site address is written,
//! made absolute, and found on disk, and which page has taken the address
//! of a generated file.
//!
//! A content page's address is made here ([`page_url`]) when the site is
//! assembled (a variant's `url`), generated pages' in the route table
//! ([`super::routes`]); everything that needs an address in another form
//! (an absolute URI for the sitemap, the feeds and the open data; a file
//! path for the output) asks here, so that rendering, publishing and the
//! open data agree.

use super::Site;
use super::routes::Route;
use crate::content::front_matter::Kind;

/// A content page's address in `lang`, with the prefix: the promise is
/// `/fi/`, an area `/fi/{area}/`, a commitment `/fi/{area}/{name}/` and any
/// other page `/fi/{name}/`, where each name is the page's `slug` in that
/// language (`own_slug`; `area_slug` gives the area's) or else its file
/// name.
pub fn page_url(
    prefix: &str,
    lang: &str,
    kind: &Kind,
    own_slug: Option<&str>,
    area_slug: impl FnOnce(&str) -> String,
) -> String {
    let path = match kind {
        Kind::Promise => String::new(),
        Kind::Area { area } => format!("{}/", own_slug.unwrap_or(area)),
        Kind::Commitment { area, name } => {
            format!("{}/{}/", area_slug(area), own_slug.unwrap_or(name))
        }
        Kind::Free { name } => format!("{}/", own_slug.unwrap_or(name)),
    };
    format!("{prefix}/{lang}/{}", url_path(&path))
}

/// The absolute form of a site URL (`/fi/x/` → `https://example.fi/fi/x/`),
/// from `base_url`, which may have a path of its own. The sitemap, the
/// feeds and the open data need URIs, so letters such as `ä`, kept in a
/// page's address for HTML, are percent-encoded as UTF-8 here
/// (`/fi/yö/` → `/fi/y%C3%B6/`).
pub fn absolute(site: &Site, url: &str) -> String {
    format!("{}{}", site.config.base_url, absolute_path(site, url))
}

/// What [`absolute`] puts after `base_url`: `url` without the site's
/// prefix, percent-encoded where it must be (borrowed when nothing is).
pub fn absolute_path<'a>(site: &Site, url: &'a str) -> std::borrow::Cow<'a, str> {
    let prefix = site.options.prefix.as_str();
    let path = url.strip_prefix(prefix).unwrap_or(url);
    percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS).into()
}

/// The page that takes the address `/<lang>/<path>` (or anything under it)
/// away from a generated file, if any: `(content path, URL)`.
pub fn claimant<'a>(site: &'a Site, lang: &str, path: &str) -> Option<(&'a str, &'a str)> {
    let url = site.generated_url(lang, path);
    let dir = format!("{}/", url.trim_end_matches('/'));
    site.pages.iter().find_map(|p| {
        let v = p.variant(lang)?;
        let file = if v.fallback { p.default_file } else { v.file };
        (*v.url == *url || v.url.starts_with(&dir))
            .then(|| (site.files[file].path.as_ref(), &*v.url))
    })
}

/// URL of the search page of `lang`, unless a page has taken its address
/// or its index's (see [`Route::published`]).
pub fn search_url(site: &Site, lang: &str) -> Option<String> {
    Route::Search.url_if_published(site, lang)
}

/// URL of the Atom feed of `lang`: only where there are dated pages (a feed
/// needs a date for its `updated`), and unless a page has taken its address.
pub fn feed_url(site: &Site, lang: &str) -> Option<String> {
    Route::Feed.url_if_published(site, lang)
}

/// `/fi/family/` → `fi/family/index.html`; a percent-encoded address names
/// its file decoded (`/fi/päivä%20ja%20yö/` → `fi/päivä ja yö/index.html`),
/// as the preview server and a web server look it up.
pub fn url_to_file(url: &str, prefix: &str) -> String {
    let path = url
        .strip_prefix(prefix)
        .unwrap_or(url)
        .trim_start_matches('/');
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The ASCII characters a page's address percent-encodes: those a URL path
/// may not hold or that would end it (`?`, `#`), and `%` itself, so that
/// decoding gives the name back. A file name may have spaces and such; a
/// slug may not.
const URL_PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A page's path (`päivä ja yö/`) as it stands in its address
/// (`päivä%20ja%20yö/`): ASCII that may not stand in a URL path is
/// percent-encoded, `/` separates segments, and letters such as `ä` are
/// kept as browsers show them (valid in HTML; the sitemap and feeds encode
/// them too, see [`absolute`]). [`url_to_file`] decodes it
/// back to the path on disk.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut buf = [0u8; 4];
    for c in path.chars() {
        if c.is_ascii() {
            out.extend(percent_encoding::utf8_percent_encode(
                c.encode_utf8(&mut buf),
                URL_PATH_ESCAPES,
            ));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::diagnostics::Diagnostics;
    use crate::indicators::Indicators;
    use crate::site::Options;

    #[test]
    fn a_page_address_is_its_area_and_its_slug_or_file_name() {
        let area = |a: &str| format!("{a}-x");
        let commitment = Kind::Commitment {
            area: "perhe".into(),
            name: "neuvola".into(),
        };
        assert_eq!(page_url("", "fi", &Kind::Promise, None, area), "/fi/");
        assert_eq!(
            page_url("/lupaus", "sv", &commitment, None, area),
            "/lupaus/sv/perhe-x/neuvola/"
        );
        assert_eq!(
            page_url("", "sv", &commitment, Some("rådgivning"), area),
            "/sv/perhe-x/rådgivning/"
        );
        let free = Kind::Free {
            name: "yö ja päivä".into(),
        };
        assert_eq!(
            page_url("", "fi", &free, None, area),
            "/fi/yö%20ja%20päivä/"
        );
        let area_page = Kind::Area {
            area: "perhe".into(),
        };
        assert_eq!(
            page_url("", "fi", &area_page, Some("perheet"), area),
            "/fi/perheet/"
        );
    }

    fn site_with(base_url: &str, prefix: &str) -> Site {
        let yaml =
            format!("title: T\norganisation: O\nbase_url: {base_url}\nlanguages: [fi, sv]\n");
        let diags = Diagnostics::new();
        let config: SiteConfig = crate::config::parse(&yaml, &diags).expect("config");
        let content = crate::content::Content {
            root: std::path::PathBuf::new(),
            config,
            indicators: Indicators::default(),
            files: Vec::new(),
            results: Vec::new(),
            media: Vec::new(),
            broken: Default::default(),
            kept: None,
        };
        crate::site::assemble(
            content,
            Options {
                drafts: false,
                prefix: prefix.to_string(),
                keep_parsed: false,
            },
            &diags,
        )
    }

    #[test]
    fn absolute_urls_keep_the_base_path_once() {
        let s = site_with("https://x.example/lupaus", "/lupaus");
        assert_eq!(
            absolute(&s, "/lupaus/fi/a/"),
            "https://x.example/lupaus/fi/a/"
        );
        let s = site_with("https://x.example", "");
        assert_eq!(absolute(&s, "/fi/"), "https://x.example/fi/");
    }

    #[test]
    fn absolute_urls_are_ascii() {
        let s = site_with("https://x.example", "");
        assert_eq!(
            absolute(&s, "/fi/päivä%20ja%20yö/"),
            "https://x.example/fi/p%C3%A4iv%C3%A4%20ja%20y%C3%B6/"
        );
    }

    #[test]
    fn search_page_and_no_feed_without_dated_pages() {
        let s = site_with("https://x.example", "");
        assert_eq!(search_url(&s, "sv").as_deref(), Some("/sv/search/"));
        assert_eq!(feed_url(&s, "sv"), None);
    }

    #[test]
    fn url_paths_encode_what_a_url_cannot_hold_and_keep_letters() {
        assert_eq!(url_path("päivä ja yö/"), "päivä%20ja%20yö/");
        assert_eq!(url_path("perhe/neuvola/"), "perhe/neuvola/");
        assert_eq!(
            url_path("a\"b<c>d`e{f}g|h^i[j]k\\l?m#n%o\tp/"),
            "a%22b%3Cc%3Ed%60e%7Bf%7Dg%7Ch%5Ei%5Bj%5Dk%5Cl%3Fm%23n%25o%09p/"
        );
        // The file is where the address points.
        assert_eq!(
            url_to_file(
                &format!("/lupaus/fi/{}", url_path("päivä ja yö/")),
                "/lupaus"
            ),
            "fi/päivä ja yö/index.html"
        );
        // What a path may hold stays: sub-delimiters, `:`, `@`, `~`.
        assert_eq!(
            url_path("a-b_c.d~e!f$g&h'i(j)k*l+m,n;o=p:q@r/"),
            "a-b_c.d~e!f$g&h'i(j)k*l+m,n;o=p:q@r/"
        );
    }
}
