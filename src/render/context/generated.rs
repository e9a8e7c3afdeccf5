//! What the generated pages add to the base context: `page` (`kind`,
//! `title`) on the accessibility statement and the news list, the
//! accessibility statement's `statement`, and the root redirect's whole
//! context.

use serde::Serialize;

use super::Marked;

/// `page` of a generated page.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedPage {
    /// `accessibility`, `list`, `results`, `indicator`, `changes`,
    /// `document`, `search`, `404`.
    pub kind: &'static str,
    /// Its title in the page's language (from the theme's strings).
    pub title: String,
}

/// `statement` of `accessibility.html`: `site.yaml` `accessibility`.
#[derive(Debug, Clone, Serialize)]
pub struct Statement<'a, C: Serialize> {
    /// `full`, `partial` or `none`.
    pub conformance: &'a C,
    /// When it was assessed, formatted.
    pub assessed: Option<String>,
    /// When it was assessed, `YYYY-MM-DD`.
    pub assessed_iso: Option<String>,
    /// How it was assessed.
    pub method: Option<Marked>,
    /// Where to report a problem.
    pub contact_email: &'a Option<String>,
    /// Known problems, each a text.
    pub known_issues: Vec<Marked>,
    /// The supervising authority.
    pub supervisor: SupervisorView<'a>,
}

/// `statement.supervisor`.
#[derive(Debug, Clone, Serialize)]
pub struct SupervisorView<'a> {
    /// Its name (the theme's default name unless `site.yaml` gives one).
    pub name: Marked,
    /// Its site.
    pub url: &'a str,
    /// Its email, if given.
    pub email: &'a Option<String>,
    /// Its phone number, if given.
    pub phone: &'a Option<String>,
}

/// The whole context of `redirect.html` (`/index.html`, which leads to
/// the default language's front page without JavaScript).
#[derive(Debug, Clone, Serialize)]
pub struct Redirect<'a> {
    /// The default language.
    pub lang: &'a str,
    /// The site's title in it.
    pub title: String,
    /// Absolute URL of `target`.
    pub canonical: String,
    /// The default language's front page.
    pub target: String,
    /// The theme's `skip_to_content` string in the default language.
    pub skip_to_content: String,
    /// Every language's front page.
    pub languages: Vec<RedirectLanguage<'a>>,
}

/// One entry of the redirect's `languages`.
#[derive(Debug, Clone, Serialize)]
pub struct RedirectLanguage<'a> {
    /// Language code.
    pub code: &'a str,
    /// The language's name in itself.
    pub name: String,
    /// Its front page.
    pub url: String,
}
