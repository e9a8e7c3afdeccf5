//! From a request's path to a file of the built site, or to nothing.
//!
//! The preview serves only what the build produced: [`lookup`] turns the
//! raw, percent-encoded request path into a key of the in-memory
//! [`Output`](crate::output::Output) and never into a path on disk. Paths
//! that try to leave the site (`..`, encoded slashes or dots, backslashes,
//! absolute or protocol-relative forms, NUL) are refused before any lookup,
//! even though no key could match them, so that the answer is a plain 404
//! whatever the map holds. This module does not read files.

use percent_encoding::percent_decode_str;

/// What to answer for a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Serve this output file (`fi/family/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect here
    /// (`/fi/family` → `/fi/family/`).
    Redirect(String),
    /// Not part of the site.
    NotFound,
}

/// Resolves `raw` (the request path as sent, still percent-encoded, without
/// the query) against the output, whose keys `exists` tells.
pub fn lookup(raw: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    let Some(path) = clean(raw) else {
        return Lookup::NotFound;
    };
    if path.is_empty() || path.ends_with('/') {
        let key = format!("{path}index.html");
        return if exists(&key) {
            Lookup::File(key)
        } else {
            Lookup::NotFound
        };
    }
    if exists(&path) {
        return Lookup::File(path);
    }
    if exists(&format!("{path}/index.html")) {
        // `raw` passed `clean`, so it is a plain absolute path: safe as a
        // Location, and still encoded as the browser sent it.
        return Lookup::Redirect(format!("{raw}/"));
    }
    Lookup::NotFound
}

/// Whether a path segment names a Windows drive (`C:`, `c:x`).
fn is_drive(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// The decoded path without its leading `/`, or `None` when it is not a
/// plain path inside the site.
fn clean(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    // `//host/x` would be protocol-relative in a redirect, and `//etc` is an
    // absolute path on some systems.
    if rest.starts_with('/') {
        return None;
    }
    // Encoded separators and dots only ever serve to hide a traversal: no
    // output path needs them encoded.
    let lower = rest.to_ascii_lowercase();
    if ["%2f", "%5c", "%2e", "%00"]
        .iter()
        .any(|e| lower.contains(e))
    {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        // `C:` would be a drive on Windows. A `:` elsewhere is part of a
        // name (`klo 12:00.fi.md`): the output is looked up in memory, never
        // on disk.
        if empty_inside || *s == "." || *s == ".." || is_drive(s) {
            return None;
        }
    }
    Some(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        [
            "index.html",
            "fi/index.html",
            "fi/perhe/index.html",
            "fi/så-gjorde-vi/index.html",
            "css/style.0123456789.css",
            "media/logo.svg",
        ]
        .contains(&key)
    }

    #[test]
    fn files_folders_and_redirects() {
        assert_eq!(lookup("/", site), Lookup::File("index.html".into()));
        assert_eq!(lookup("/fi/", site), Lookup::File("fi/index.html".into()));
        assert_eq!(
            lookup("/fi/perhe/", site),
            Lookup::File("fi/perhe/index.html".into())
        );
        assert_eq!(
            lookup("/fi/perhe", site),
            Lookup::Redirect("/fi/perhe/".into())
        );
        assert_eq!(
            lookup("/css/style.0123456789.css", site),
            Lookup::File("css/style.0123456789.css".into())
        );
        assert_eq!(
            lookup("/media/logo.svg", site),
            Lookup::File("media/logo.svg".into())
        );
        assert_eq!(
            lookup("/fi/s%C3%A5-gjorde-vi/", site),
            Lookup::File("fi/så-gjorde-vi/index.html".into())
        );
        assert_eq!(
            lookup("/fi/s%C3%A5-gjorde-vi", site),
            Lookup::Redirect("/fi/s%C3%A5-gjorde-vi/".into())
        );
        // A `:` in a page's name (a file `klo 12:00.fi.md`).
        let colon = |k: &str| k == "fi/klo 12:00/index.html";
        assert_eq!(
            lookup("/fi/klo%2012:00/", colon),
            Lookup::File("fi/klo 12:00/index.html".into())
        );
        assert_eq!(
            lookup("/fi/klo%2012%3A00/", colon),
            Lookup::File("fi/klo 12:00/index.html".into())
        );
        assert_eq!(lookup("/sv/", site), Lookup::NotFound);
        assert_eq!(lookup("/fi/index.html/", site), Lookup::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let all = |_: &str| true;
        for raw in [
            "/../Cargo.toml",
            "/fi/../../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/Cargo.toml",
            "/fi/..%2f..%2fCargo.toml",
            "/fi/..%2F..%2FCargo.toml",
            "/fi/%2e./Cargo.toml",
            "/fi/..%5c..%5cCargo.toml",
            "/fi\\..\\Cargo.toml",
            "//etc/passwd",
            "/fi//index.html",
            "/./fi/index.html",
            "/C:/Windows/win.ini",
            "/c:x/win.ini",
            "/fi/%00.html",
            "/%ff",
            "etc/passwd",
            "",
        ] {
            assert_eq!(lookup(raw, all), Lookup::NotFound, "{raw}");
        }
    }
}
