//! `site.yaml`'s settings for the promise's life cycle (format 1.1): when
//! results were updated and are next due (`results`), the comment round on a
//! draft (`consultation`), and the published version this one replaces
//! (`previous`).
//!
//! Only the settings are read here; the pages that use them are rendered
//! elsewhere, and the `previous` file's contents are read where the changes
//! page is made.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `results` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawResults {
    pub updated: Option<String>,
    pub next_update: Option<String>,
}

/// The results calendar.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResultsCalendar {
    /// When the results were last updated.
    pub updated: Option<NaiveDate>,
    /// When the next update is due.
    pub next_update: Option<NaiveDate>,
}

/// `consultation` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConsultation {
    pub open: Option<bool>,
    pub until: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
}

/// A comment round on the draft promise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consultation {
    /// Whether comments are still taken.
    pub open: bool,
    /// The last day for comments.
    pub until: Option<NaiveDate>,
    /// A web form; each commitment's link adds `?commitment=AREA/NAME`.
    pub url: Option<String>,
    /// An address; each commitment's link names it in the subject.
    pub email: Option<String>,
}

/// Whether `url` is an absolute `http(s)://` address with a host.
pub fn is_absolute_url(url: &str) -> bool {
    let url = url.trim();
    (url.starts_with("https://") || url.starts_with("http://"))
        && url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
        && !url.contains(char::is_whitespace)
}

/// Whether `email` looks like an address (`name@host.tld`, no spaces, no
/// `mailto:`).
pub fn is_email(email: &str) -> bool {
    let Some((name, host)) = email.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !host.contains('@')
        && !name.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_addresses() {
        assert!(is_absolute_url("https://www.example.fi/kommentoi"));
        assert!(is_absolute_url("http://example.fi"));
        assert!(!is_absolute_url("www.example.fi"));
        assert!(!is_absolute_url("https://"));
        assert!(!is_absolute_url("https://ex ample.fi"));
        assert!(is_email("kommentit@example.fi"));
        assert!(!is_email("mailto:kommentit@example.fi"));
        assert!(!is_email("kommentit.example.fi"));
        assert!(!is_email("a@b"));
    }
}
