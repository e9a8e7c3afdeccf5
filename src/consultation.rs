//! The comment round (`consultation` in `site.yaml`): the address of each
//! commitment's "comment on this commitment" link.
//!
//! A commitment is named by `AREA/NAME`, the default-language file's folder
//! and name, the same in every language. The notice on every page is the
//! theme's (`base.html`), from the values `render` gives it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::Consultation;

/// What stays as it is in a query value: the unreserved characters of RFC
/// 3986, and `/`, which a query may hold and which keeps `AREA/NAME`
/// readable.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// What stays as it is in a `mailto:` header value (RFC 6068): the
/// unreserved characters only.
const MAILTO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The address of the link that comments on the commitment `id`
/// (`AREA/NAME`) titled `title`: the form with `?commitment=AREA/NAME`, or
/// else an e-mail whose subject is `subject` (the theme's "Comment:"),
/// the title and the id. `None` when the round has neither.
pub fn comment_link(c: &Consultation, id: &str, title: &str, subject: &str) -> Option<String> {
    if let Some(url) = &c.url {
        let url = url.trim();
        let sep = if url.contains('?') { '&' } else { '?' };
        return Some(format!(
            "{url}{sep}commitment={}",
            utf8_percent_encode(id, QUERY)
        ));
    }
    let email = c.email.as_ref()?;
    let subject = format!("{subject} {title} ({id})");
    Some(format!(
        "mailto:{}?subject={}",
        email.trim(),
        utf8_percent_encode(&subject, MAILTO)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(url: Option<&str>, email: Option<&str>) -> Consultation {
        Consultation {
            open: true,
            until: None,
            url: url.map(String::from),
            email: email.map(String::from),
        }
    }

    #[test]
    fn form_and_email_links_name_the_commitment() {
        let form = round(Some("https://x.fi/kommentoi"), Some("k@x.fi"));
        assert_eq!(
            comment_link(&form, "perhe/kesä ja yö", "T", "Kommentti:").as_deref(),
            Some("https://x.fi/kommentoi?commitment=perhe/kes%C3%A4%20ja%20y%C3%B6")
        );
        let query = round(Some("https://x.fi/f?lomake=1"), None);
        assert_eq!(
            comment_link(&query, "a/b", "T", "C:").as_deref(),
            Some("https://x.fi/f?lomake=1&commitment=a/b")
        );
        let mail = round(None, Some("k@x.fi"));
        assert_eq!(
            comment_link(&mail, "perhe/kesä ja yö", "Apu & tuki?", "Kommentti:").as_deref(),
            Some(
                "mailto:k@x.fi?subject=Kommentti%3A%20Apu%20%26%20tuki%3F%20%28perhe%2Fkes%C3%A4%20ja%20y%C3%B6%29"
            )
        );
        assert_eq!(comment_link(&round(None, None), "a/b", "T", "C:"), None);
    }
}
