//! Starting points for writers: `lupaus init` (a new site root that previews as
//! it is) and `lupaus new area|commitment` (files for every language of an
//! existing site).
//!
//! Every file is created with `create_new`, so nothing here ever overwrites
//! a file: a target that exists is refused before anything is written, with
//! a message naming the path and what to do. The starter texts are written
//! in Finnish, Swedish, English and Northern Sámi; a language without its own texts gets
//! the English ones, marked for translation. Comments in the files (in
//! Finnish and English) say what each field is and which placeholders to
//! change. This module writes files only; parsing and validating them is
//! `config`'s and `content`'s business, as in any build.

use std::fmt;
use std::path::Path;

use crate::config;
use crate::diagnostics::Diagnostics;
use crate::site;

/// Why a scaffold command did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldError {
    /// The path the problem is about, if any.
    pub path: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl ScaffoldError {
    fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScaffoldError {
            path: Some(path.into()),
            message: message.into(),
        }
    }

    fn plain(message: impl Into<String>) -> Self {
        ScaffoldError {
            path: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// A message from the catalogs in the language of this run (these errors
/// go to the terminal only, never into `--format json`).
fn say(code: &str, args: &[(&str, String)]) -> String {
    crate::messages::tr(code, args)
}

/// Checks a slug: lowercase letters a–z, digits and `-`, not at either end.
pub fn validate_slug(slug: &str, what: &str) -> Result<(), ScaffoldError> {
    let ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        // A file name typed as the name (`clinic.fi.md`): `new` writes
        // the files, so the name is what comes before the dots.
        let bare = slug.strip_suffix(".md").unwrap_or(slug);
        let bare = match bare.rsplit_once('.') {
            Some((b, l)) if crate::config::valid_lang_code(l) => b,
            _ => bare,
        };
        let suggested = crate::content::names::suggest(bare, true);
        let example = if suggested.is_empty() || suggested == slug {
            "family-services".to_string()
        } else {
            suggested
        };
        Err(ScaffoldError::plain(say(
            "new.slug",
            &[
                ("slug", slug.to_string()),
                ("what", what.to_string()),
                ("example", example),
            ],
        )))
    }
}

/// Parses `--languages fi,sv,en`: valid, distinct codes, the default first.
pub fn parse_languages(list: &str) -> Result<Vec<String>, ScaffoldError> {
    let codes: Vec<String> = list
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return Err(ScaffoldError::plain(say("init.languages_empty", &[])));
    }
    for (i, c) in codes.iter().enumerate() {
        if !config::valid_lang_code(c) {
            return Err(ScaffoldError::plain(say(
                "init.language_code",
                &[("code", c.clone())],
            )));
        }
        if codes[..i].contains(c) {
            return Err(ScaffoldError::plain(say(
                "init.language_twice",
                &[("code", c.clone())],
            )));
        }
    }
    Ok(codes)
}

/// The starter texts of one language.
struct Texts {
    site_title: &'static str,
    organisation: &'static str,
    method: &'static str,
    decision_body: &'static str,
    promise_title: &'static str,
    promise_summary: &'static str,
    promise_body: &'static str,
    area_title: &'static str,
    area_summary: &'static str,
    area_body: &'static str,
    commitment_title: &'static str,
    commitment_summary: &'static str,
    commitment_resident_view: &'static str,
    commitment_body: &'static str,
    indicator_name: &'static str,
    indicator_unit: &'static str,
    indicator_description: &'static str,
    new_area_title: &'static str,
    new_area_summary: &'static str,
    new_area_body: &'static str,
    new_commitment_title: &'static str,
    new_commitment_summary: &'static str,
    new_commitment_resident_view: &'static str,
    new_commitment_body: &'static str,
}

const FI: Texts = Texts {
    site_title: "Palvelulupaus",
    organisation: "Esimerkin hyvinvointialue",
    method: "itsearviointi",
    decision_body: "Aluevaltuusto",
    promise_title: "Palvelulupauksemme",
    promise_summary: "Lupaamme, että saat sosiaali- ja terveyspalveluja ajoissa ja selkeästi.",
    promise_body: "Tämä on palvelulupauksen esimerkkiteksti. Kirjoita tähän lupauksen ydin\nasukkaille: mitä lupaatte, kenelle ja miksi.\n\n## Miten lupausta seurataan\n\nSeuraamme jokaista lupausta mittarilla. Tulokset julkaistaan\n[seurantasivulla](@/results/).\n",
    area_title: "Terveyspalvelut",
    area_summary: "Terveysasemat, suun terveydenhuolto ja päivystys.",
    area_body: "Kerro tässä lyhyesti, mitä palveluja tähän kokonaisuuteen kuuluu ja kenelle\nne on tarkoitettu.\n",
    commitment_title: "Pääset terveysaseman lääkärille viikon kuluessa",
    commitment_summary: "Kun tarvitset kiireetöntä hoitoa, saat ajan terveysaseman lääkärille seitsemän päivän kuluessa.",
    commitment_resident_view: "Saan lääkäriajan viikon kuluessa.",
    commitment_body: "## Mitä lupaamme\n\nSaat ajan terveysaseman lääkärille seitsemän päivän kuluessa yhteydenotostasi.\n\n## Näin toimit\n\nSoita terveysasemalle tai varaa aika verkossa.\n\n## Jos lupaus ei toteudu\n\nKerro siitä meille palautteella. Vastaamme 14 päivän kuluessa.\n",
    indicator_name: "Odotusaika terveysaseman lääkärille",
    indicator_unit: "vrk",
    indicator_description: "Keskimääräinen odotusaika yhteydenotosta lääkärin vastaanotolle.",
    new_area_title: "Uusi palvelukokonaisuus",
    new_area_summary: "Yksi tai kaksi virkettä siitä, mitä palveluja tähän kokonaisuuteen kuuluu.",
    new_area_body: "Kerro tässä, mitä palveluja tähän kokonaisuuteen kuuluu ja kenelle ne on\ntarkoitettu.\n",
    new_commitment_title: "Uusi lupaus",
    new_commitment_summary: "Lupaus yhdellä tai kahdella virkkeellä.",
    new_commitment_resident_view: "Saan palvelua silloin, kun tarvitsen sitä.",
    new_commitment_body: "## Mitä lupaamme\n\nKerro selkeästi, mitä asukas voi odottaa.\n\n## Näin toimit\n\nKerro, mitä asukkaan pitää tehdä saadakseen palvelun.\n\n## Jos lupaus ei toteudu\n\nKerro, mitä asukas voi silloin tehdä ja miten hän antaa palautetta.\n",
};

const SV: Texts = Texts {
    site_title: "Servicelöfte",
    organisation: "Exempels välfärdsområde",
    method: "självbedömning",
    decision_body: "Välfärdsområdesfullmäktige",
    promise_title: "Vårt servicelöfte",
    promise_summary: "Vi lovar att du får social- och hälsovårdstjänster i tid och tydligt.",
    promise_body: "Det här är en exempeltext för servicelöftet. Skriv här kärnan i löftet till\ninvånarna: vad ni lovar, till vem och varför.\n\n## Hur löftet följs upp\n\nVi följer upp varje löfte med en mätare. Resultaten publiceras på\n[uppföljningssidan](@/results/).\n",
    area_title: "Hälsotjänster",
    area_summary: "Hälsostationer, mun- och tandvård och jour.",
    area_body: "Berätta här kort vilka tjänster som hör till området och för vem de är.\n",
    commitment_title: "Du får tid till läkare vid hälsostationen inom en vecka",
    commitment_summary: "När du behöver icke-brådskande vård får du tid till läkare vid hälsostationen inom sju dagar.",
    commitment_resident_view: "Jag får en läkartid inom en vecka.",
    commitment_body: "## Vad vi lovar\n\nDu får tid till läkare vid hälsostationen inom sju dagar från att du tog kontakt.\n\n## Så gör du\n\nRing hälsostationen eller boka tid på nätet.\n\n## Om löftet inte hålls\n\nBerätta det för oss genom att ge respons. Vi svarar inom 14 dagar.\n",
    indicator_name: "Väntetid till läkare vid hälsostationen",
    indicator_unit: "dygn",
    indicator_description: "Genomsnittlig väntetid från kontakt till läkarmottagning.",
    new_area_title: "Nytt tjänsteområde",
    new_area_summary: "En eller två meningar om vilka tjänster som hör till området.",
    new_area_body: "Berätta här vilka tjänster som hör till området och för vem de är.\n",
    new_commitment_title: "Nytt åtagande",
    new_commitment_summary: "Åtagandet i en eller två meningar.",
    new_commitment_resident_view: "Jag får service när jag behöver den.",
    new_commitment_body: "## Vad vi lovar\n\nBerätta tydligt vad invånaren kan vänta sig.\n\n## Så gör du\n\nBerätta vad invånaren ska göra för att få tjänsten.\n\n## Om löftet inte hålls\n\nBerätta vad invånaren då kan göra och hur hen ger respons.\n",
};

const EN: Texts = Texts {
    site_title: "Service promise",
    organisation: "Example Wellbeing Services County",
    method: "self-assessment",
    decision_body: "County council",
    promise_title: "Our service promise",
    promise_summary: "We promise that you get social and health services on time and clearly.",
    promise_body: "This is example text for the service promise. Write the heart of the promise\nto residents here: what you promise, to whom, and why.\n\n## How the promise is followed up\n\nEvery commitment is followed up with an indicator. The results are published on\nthe [follow-up page](@/results/).\n",
    area_title: "Health services",
    area_summary: "Health centres, oral health care and emergency care.",
    area_body: "Say here briefly which services belong to this area and who they are for.\n",
    commitment_title: "You see a health centre doctor within a week",
    commitment_summary: "When you need non-urgent care, you get an appointment with a health centre doctor within seven days.",
    commitment_resident_view: "I get a doctor's appointment within a week.",
    commitment_body: "## What we promise\n\nYou get an appointment with a health centre doctor within seven days of contacting us.\n\n## What to do\n\nCall your health centre or book an appointment online.\n\n## If the promise is not kept\n\nTell us with the feedback form. We answer within 14 days.\n",
    indicator_name: "Waiting time for a health centre doctor",
    indicator_unit: "days",
    indicator_description: "Average waiting time from contact to a doctor's appointment.",
    new_area_title: "New service area",
    new_area_summary: "One or two sentences on the services that belong to this area.",
    new_area_body: "Say here which services belong to this area and who they are for.\n",
    new_commitment_title: "New commitment",
    new_commitment_summary: "The commitment in one or two sentences.",
    new_commitment_resident_view: "I get the service when I need it.",
    new_commitment_body: "## What we promise\n\nSay clearly what residents can expect.\n\n## What to do\n\nSay what residents need to do to get the service.\n\n## If the promise is not kept\n\nSay what residents can do then and how they give feedback.\n",
};

/// Northern Sámi, translated from the Finnish; to be reviewed by a native
/// speaker like the theme's `i18n/se.yaml`.
const SE: Texts = Texts {
    site_title: "Bálvaluslohpádus",
    organisation: "Ovdamearkka buresbirgejumiguovlu",
    method: "iešárvvoštallan",
    decision_body: "Guovlloráđđi",
    promise_title: "Min bálvaluslohpádus",
    promise_summary: "Mii lohpidit ahte oaččut sosiála- ja dearvvašvuođabálvalusaid áiggil ja čielgasit.",
    promise_body: "Dát lea bálvaluslohpádusa ovdamearkateaksta. Čále dása lohpádusa guovddáš\nássiide: maid lohpidehpet, geasa ja manne.\n\n## Movt lohpádusa čuvvot\n\nMii čuovvut juohke lohpádusa mihttáriin. Bohtosat almmuhuvvojit\n[čuovvunsiiddus](@/results/).\n",
    area_title: "Dearvvašvuođabálvalusat",
    area_summary: "Dearvvašvuođaguovddážat, njálmmi dearvvašvuođadikšu ja beaivválaš dikšu.",
    area_body: "Muital dás oanehaččat makkár bálvalusat gullet dán ollisvuhtii ja geasa\ndat leat oaivvilduvvon.\n",
    commitment_title: "Beasat dearvvašvuođaguovddáža doaktára lusa vahku siste",
    commitment_summary: "Go dárbbašat dikšu mii ii leat hoahppu, oaččut áiggi dearvvašvuođaguovddáža doaktára lusa čieža beaivvi siste.",
    commitment_resident_view: "Oaččun doaktáraáiggi vahku siste.",
    commitment_body: "## Maid mii lohpidit\n\nOaččut áiggi dearvvašvuođaguovddáža doaktára lusa čieža beaivvi siste das go váldet oktavuođa.\n\n## Ná doaimmat\n\nRiŋge dearvvašvuođaguovddážii dahje vállje áiggi neahtas.\n\n## Jus lohpádus ii ollašuva\n\nMuital dan midjiide máhcahagas. Mii vástidit 14 beaivvi siste.\n",
    indicator_name: "Vuordináigi dearvvašvuođaguovddáža doaktára lusa",
    indicator_unit: "jándor",
    indicator_description: "Gaskamearálaš vuordináigi oktavuođaváldimis doaktára vuostáiváldimii.",
    new_area_title: "Ođđa bálvalusollisvuohta",
    new_area_summary: "Okta dahje guokte cealkaga das makkár bálvalusat gullet dán ollisvuhtii.",
    new_area_body: "Muital dás makkár bálvalusat gullet dán ollisvuhtii ja geasa dat leat\noaivvilduvvon.\n",
    new_commitment_title: "Ođđa lohpádus",
    new_commitment_summary: "Lohpádus ovtta dahje guovtte cealkagiin.",
    new_commitment_resident_view: "Oaččun bálvalusa dalle go dárbbašan dan.",
    new_commitment_body: "## Maid mii lohpidit\n\nMuital čielgasit maid ássi sáhttá vuordit.\n\n## Ná doaimmat\n\nMuital maid ássi ferte dahkat oažžuma dihte bálvalusa.\n\n## Jus lohpádus ii ollašuva\n\nMuital maid ássi sáhttá dalle dahkat ja movt son addá máhcahaga.\n",
};

/// Values `init` writes into `site.yaml` that belong to no real site.
pub const TEMPLATE_VALUES: [&str; 4] = [
    "https://palvelulupaus.example.fi",
    "https://example.fi/palaute",
    "palaute@example.fi",
    "saavutettavuus@example.fi",
];

/// The decision `init` writes: its reference and date, which together are
/// the example's (a real decision may well be `§ 1`, but not of that day).
pub const TEMPLATE_DECISION: (&str, &str) = ("§ 1", "2025-12-15");

/// Every starter text `init` and `new` write that a real site would not
/// keep word for word: titles, summaries and resident views of the example
/// and new pages, the example indicator's texts, and each sentence-long line
/// of the example bodies (headings such as `## Näin toimit` are left out:
/// they are good headings to keep). Generic values a real site may share
/// (`Palvelulupaus`, `Terveyspalvelut`, `vrk`, `itsearviointi`) are not here.
pub fn template_texts() -> Vec<&'static str> {
    let mut out = Vec::new();
    for t in [&FI, &SV, &EN, &SE] {
        out.extend([
            t.organisation,
            t.promise_summary,
            t.area_summary,
            t.commitment_title,
            t.commitment_summary,
            t.commitment_resident_view,
            t.indicator_name,
            t.indicator_description,
            t.new_area_title,
            t.new_area_summary,
            t.new_commitment_title,
            t.new_commitment_summary,
            t.new_commitment_resident_view,
        ]);
        for body in [
            t.promise_body,
            t.area_body,
            t.commitment_body,
            t.new_area_body,
            t.new_commitment_body,
        ] {
            out.extend(
                body.lines().map(str::trim).filter(|l| {
                    !l.starts_with('#') && !l.starts_with('[') && l.chars().count() >= 25
                }),
            );
        }
    }
    out.extend(TEMPLATE_VALUES);
    out
}

/// The titles of the pages `init` and `new` write: a translation whose
/// title is still one of them has not been translated.
pub fn template_titles() -> Vec<&'static str> {
    [&FI, &SV, &EN, &SE]
        .iter()
        .flat_map(|t| [t.commitment_title, t.new_area_title, t.new_commitment_title])
        .collect()
}

/// The texts of `lang`, and whether they are English stand-ins.
fn texts(lang: &str) -> (&'static Texts, bool) {
    match lang.split('-').next().unwrap_or(lang) {
        "fi" => (&FI, false),
        "sv" => (&SV, false),
        "en" => (&EN, false),
        "se" => (&SE, false),
        _ => (&EN, true),
    }
}

/// A YAML string in double quotes (always safe, whatever the text holds).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// A translatable text: one line per language, indented by `indent`, for
/// the languages with texts of their own (and the default, always).
fn text_map(languages: &[String], indent: &str, pick: impl Fn(&Texts) -> &'static str) -> String {
    let mut out = String::new();
    for (i, lang) in languages.iter().enumerate() {
        let (t, stand_in) = texts(lang);
        if stand_in && i > 0 {
            continue;
        }
        let note = if stand_in {
            "  # KÄÄNNÄ / TRANSLATE"
        } else {
            ""
        };
        out.push_str(&format!("{indent}{lang}: {}{note}\n", q(pick(t))));
    }
    out
}

/// A note at the top of a file whose text is an English stand-in.
fn translate_note(lang: &str) -> String {
    format!(
        "# KÄÄNNÄ / TRANSLATE: tämä teksti on englanniksi – this text is in English;\n# käännä se kielelle \"{lang}\" – translate it into \"{lang}\".\n"
    )
}

/// The files of a new site, as (relative path, text).
fn site_files(languages: &[String]) -> Vec<(String, String)> {
    let default = languages[0].as_str();
    let mut files = Vec::new();
    let list = languages.join(", ");
    files.push((
        "content/site.yaml".to_string(),
        format!(
            "# Palvelulupauksen sivuston asetukset – settings of the service promise site.\n\
             # MUUTA / CHANGE merkitsee esimerkkiarvon, joka vaihdetaan omaksi.\n\
             # MUUTA / CHANGE marks an example value to replace with your own.\n\
             # Käännettävä teksti on joko yksi teksti tai kartta kielikoodista tekstiin.\n\
             # A translatable text is one string or a map from language code to text.\n\
             \n\
             # MUUTA / CHANGE: sivuston nimi – the site's name\n\
             title:\n{title}\
             # MUUTA / CHANGE: hyvinvointialueen nimi – the name of your county\n\
             organisation:\n{org}\
             # MUUTA / CHANGE: sivuston julkinen osoite, https://... – the site's public address\n\
             # (sivustokarttaa, syötteitä ja kanonisia linkkejä varten – for the sitemap, feeds and canonical links)\n\
             base_url: https://palvelulupaus.example.fi\n\
             # Kielet, ensimmäinen on oletuskieli – languages, the first is the default\n\
             languages: [{list}]\n\
             # Teema, kansio themes/-kansiossa tai sisäänrakennettu – theme: a folder under themes/ or built in\n\
             theme: default\n\
             # MUUTA / CHANGE: mistä asukkaat antavat palautetta – where residents give feedback\n\
             feedback:\n  url: https://example.fi/palaute\n  email: palaute@example.fi\n\
             # Avoimen datan lisenssi – licence of the open data\n\
             license: CC BY 4.0\n\
             # Saavutettavuusseloste – the accessibility statement\n\
             accessibility:\n\
             \x20 # full | partial | none (WCAG 2.1 AA)\n\
             \x20 conformance: partial\n\
             \x20 # MUUTA / CHANGE: arvioinnin päivä, kun sivusto on arvioitu – the date of the assessment, once done\n\
             \x20 # assessed: 2026-01-31\n\
             \x20 method:\n{method}\
             \x20 # MUUTA / CHANGE: saavutettavuuspalautteen osoite – address for accessibility feedback\n\
             \x20 contact_email: saavutettavuus@example.fi\n\
             \x20 # Tunnetut puutteet, käännettävinä teksteinä – known issues, as translatable texts\n\
             \x20 known_issues: []\n",
            title = text_map(languages, "  ", |t| t.site_title),
            org = text_map(languages, "  ", |t| t.organisation),
            method = text_map(languages, "    ", |t| t.method),
        ),
    ));
    files.push((
        crate::indicators::PATH.to_string(),
        format!(
            "# Seurantamittarit ja tavoitteet – follow-up indicators and their targets.\n\
             # Tunnus (pienet kirjaimet, numerot, -) – id (lowercase letters, digits, -)\n\
             # MUUTA / CHANGE: esimerkkimittari – an example indicator\n\
             appointment-wait:\n\
             \x20 # Mittarin nimi – the indicator's name\n\
             \x20 name:\n{name}\
             \x20 # Yksikkö (valinnainen) – unit (optional)\n\
             \x20 unit:\n{unit}\
             \x20 # lower: pienempi on parempi, higher: suurempi on parempi – which way is better\n\
             \x20 direction: lower\n\
             \x20 # Tavoite: toteutuu, kun tulos on enintään (lower) tai vähintään (higher) tämä\n\
             \x20 # Target: met when the value is at most (lower) or at least (higher) this\n\
             \x20 target: 7\n\
             \x20 # Desimaalit näytettäessä – decimals shown\n\
             \x20 decimals: 0\n\
             \x20 # Kuvaus (valinnainen) – description (optional)\n\
             \x20 description:\n{description}",
            name = text_map(languages, "    ", |t| t.indicator_name),
            unit = text_map(languages, "    ", |t| t.indicator_unit),
            description = text_map(languages, "    ", |t| t.indicator_description),
        ),
    ));
    files.push((
        "content/results/2025.csv".to_string(),
        "indicator,period,value\nappointment-wait,2025-H1,9\nappointment-wait,2025-H2,7\n"
            .to_string(),
    ));
    for lang in languages {
        let (t, stand_in) = texts(lang);
        let note = if stand_in {
            translate_note(lang)
        } else {
            String::new()
        };
        let is_default = lang == default;
        let decision = if is_default {
            format!(
                "# Päätös, jolla lupaus hyväksyttiin – the decision that approved the promise\n\
                 # MUUTA / CHANGE\n\
                 decision:\n  body: {}\n  date: 2025-12-15\n  reference: \"§ 1\"\n\
                 # Voimassaolo – the period the promise covers\n\
                 # MUUTA / CHANGE\n\
                 valid_from: 2026-01-01\nvalid_until: 2026-12-31\n",
                q(t.decision_body)
            )
        } else {
            format!(
                "# Päivämäärät ja pykälä tulevat oletuskielen tiedostosta – dates and reference come from the default-language file\n\
                 decision:\n  body: {}\n",
                q(t.decision_body)
            )
        };
        files.push((
            format!("content/_index.{lang}.md"),
            format!(
                "---\n{note}\
                 # Palvelulupaus, sivuston etusivu – the promise itself, the front page\n\
                 # MUUTA / CHANGE: otsikko ja tiivistelmä – title and summary\n\
                 title: {}\n\
                 summary: {}\n\
                 {decision}\
                 ---\n\n{}",
                q(t.promise_title),
                q(t.promise_summary),
                t.promise_body
            ),
        ));
        let order = if is_default {
            "# Järjestys muiden kokonaisuuksien joukossa (pienin ensin) – position among the areas\norder: 1\n"
        } else {
            ""
        };
        files.push((
            format!("content/areas/health/_index.{lang}.md"),
            format!(
                "---\n{note}\
                 # Palvelukokonaisuus; sen osoite on kansion nimi – a service area; its address is the folder's name\n\
                 # MUUTA / CHANGE: nimi ja tiivistelmä – name and summary\n\
                 title: {}\n\
                 summary: {}\n\
                 {order}\
                 ---\n\n{}",
                q(t.area_title),
                q(t.area_summary),
                t.area_body
            ),
        ));
        files.push((
            format!("content/areas/health/appointment-within-a-week.{lang}.md"),
            commitment_file(
                is_default,
                &note,
                t.commitment_title,
                t.commitment_summary,
                t.commitment_resident_view,
                "[appointment-wait]",
                t.commitment_body,
            ),
        ));
    }
    files
}

/// A commitment's file in one language.
#[allow(clippy::too_many_arguments)]
fn commitment_file(
    is_default: bool,
    note: &str,
    title: &str,
    summary: &str,
    resident_view: &str,
    indicators: &str,
    body: &str,
) -> String {
    let structure = if is_default {
        format!(
            "# Näkökulma, yksi näistä – the perspective, one of:\n\
             # availability (saatavuus), accessibility (saavutettavuus), quality (laatu),\n\
             # effectiveness (vaikuttavuus), integration (sote-integraatio)\n\
             perspective: availability\n\
             # Mittarit, joilla lupausta seurataan (tunnukset indicators.yaml-tiedostosta; voi olla tyhjä)\n\
             # Indicators that follow this commitment up (ids from indicators.yaml; may be empty)\n\
             indicators: {indicators}\n"
        )
    } else {
        "# Näkökulma ja mittarit tulevat oletuskielen tiedostosta – perspective and indicators come from the default-language file\n".to_string()
    };
    format!(
        "---\n{note}\
         # Lupaus – a commitment\n\
         # MUUTA / CHANGE: otsikko, tiivistelmä ja asukkaan näkökulma – title, summary and resident's view\n\
         title: {}\n\
         # Yksi tai kaksi virkettä; näkyy listoissa ja hakutuloksissa – one or two sentences, shown in listings and search results\n\
         summary: {}\n\
         {structure}\
         # Lupaus asukkaan omin sanoin, minä-muodossa – the commitment in the resident's own voice\n\
         resident_view: {}\n\
         ---\n\n{body}",
        q(title),
        q(summary),
        q(resident_view),
    )
}

/// Writes `files` under `root`, each only if it does not exist yet. Returns
/// the paths written.
fn write_files(root: &Path, files: &[(String, String)]) -> Result<Vec<String>, ScaffoldError> {
    for (rel, _) in files {
        if root.join(rel).exists() {
            return Err(ScaffoldError::at(shown(root, rel), say("init.exists", &[])));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                ScaffoldError::at(
                    dir.display().to_string(),
                    say(
                        "init.cannot_create_folder",
                        &[("error", crate::diagnostics::os_error(&e))],
                    ),
                )
            })?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| {
                ScaffoldError::at(
                    shown(root, rel),
                    say(
                        "init.cannot_create_file",
                        &[("error", crate::diagnostics::os_error(&e))],
                    ),
                )
            })?;
        written.push(shown(root, rel));
    }
    Ok(written)
}

/// A path as shown to the user: the root as given, joined with `rel`.
fn shown(root: &Path, rel: &str) -> String {
    root.join(rel).display().to_string()
}

/// `dir` as a full path, as `init` names the new site to the user (`.`
/// says nothing); as given when it cannot be made one.
pub fn full_path(dir: &Path) -> std::path::PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `lupaus init DIR`: a new site root in `dir`, which must be missing or
/// empty. Returns the files created.
pub fn init(dir: &Path, languages: &[String]) -> Result<Vec<String>, ScaffoldError> {
    if languages.is_empty() {
        return Err(ScaffoldError::plain(say("init.no_languages", &[])));
    }
    // The folder by its full path: `init .` was told as ".: the folder is
    // not empty".
    let named = full_path(dir).display().to_string();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ScaffoldError::at(named.clone(), say("init.is_file", &[])));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| {
            ScaffoldError::at(
                named.clone(),
                say(
                    "init.cannot_read_folder",
                    &[("error", crate::diagnostics::os_error(&e))],
                ),
            )
        })?;
        if entries.next().is_some() {
            return Err(ScaffoldError::at(named.clone(), say("init.not_empty", &[])));
        }
    }
    write_files(dir, &site_files(languages))
}

/// The languages of the site at `root`, from its `content/site.yaml`.
pub fn site_languages(root: &Path) -> Result<Vec<String>, ScaffoldError> {
    let path = root.join(config::PATH);
    let src = std::fs::read_to_string(&path).map_err(|e| {
        ScaffoldError::at(
            path.display().to_string(),
            say(
                "new.no_settings",
                &[("error", crate::diagnostics::os_error(&e))],
            ),
        )
    })?;
    let diags = Diagnostics::new();
    match config::parse(&src, &diags) {
        Some(c) => Ok(c.languages),
        None => {
            let problems: Vec<String> = diags
                .into_sorted()
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            Err(ScaffoldError::plain(format!(
                "{}\n{}",
                say("new.settings_errors", &[]),
                problems.join("\n")
            )))
        }
    }
}

/// Existing service areas of the site at `root` (folders under `content/areas/`).
fn existing_areas(root: &Path) -> Vec<String> {
    let mut areas: Vec<String> = std::fs::read_dir(root.join("content/areas"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    areas.sort();
    areas
}

/// Refuses when `NAME.md` or `NAME.LANG.md` of any language exists in `dir`.
fn refuse_existing(
    root: &Path,
    dir: &str,
    name: &str,
    languages: &[String],
) -> Result<(), ScaffoldError> {
    let mut candidates = vec![format!("{dir}/{name}.md")];
    candidates.extend(languages.iter().map(|l| format!("{dir}/{name}.{l}.md")));
    for rel in candidates {
        if root.join(&rel).exists() {
            return Err(ScaffoldError::at(shown(root, &rel), say("new.exists", &[])));
        }
    }
    Ok(())
}

/// `lupaus new area SLUG`: `content/areas/SLUG/_index.LANG.md` for every
/// language of the site at `root`. Returns the files created.
pub fn new_area(root: &Path, slug: &str) -> Result<Vec<String>, ScaffoldError> {
    validate_slug(slug, "@noun.area_name")?;
    let generated: Vec<&str> = site::routes::RESERVED
        .iter()
        .chain(&site::routes::YIELDING)
        .copied()
        .collect();
    if generated.contains(&slug) {
        return Err(ScaffoldError::plain(say(
            "new.area_reserved",
            &[
                ("slug", slug.to_string()),
                ("reserved", generated.join(", ")),
            ],
        )));
    }
    let languages = site_languages(root)?;
    let dir = format!("content/areas/{slug}");
    refuse_existing(root, &dir, "_index", &languages)?;
    let files: Vec<(String, String)> = languages
        .iter()
        .enumerate()
        .map(|(i, lang)| {
            let (t, stand_in) = texts(lang);
            let note = if stand_in { translate_note(lang) } else { String::new() };
            let order = if i == 0 {
                "# Järjestys muiden kokonaisuuksien joukossa (pienin ensin); voit poistaa\n# Position among the areas (smallest first); may be removed\norder: 10\n# Symbolin nimi, jos teema tuntee sen (valinnainen) – a symbol name the theme may show (optional)\n# icon: health\n"
            } else {
                "# Järjestys tulee oletuskielen tiedostosta – the order comes from the default-language file\n"
            };
            (
                format!("{dir}/_index.{lang}.md"),
                format!(
                    "---\n{note}\
                     # Palvelukokonaisuus; sen osoite on /{lang}/{slug}/ – a service area at /{lang}/{slug}/\n\
                     # MUUTA / CHANGE: nimi, näkyy otsikkona ja valikossa – name, shown as title and in the menu\n\
                     title: {}\n\
                     # MUUTA / CHANGE: yksi tai kaksi virkettä; näkyy listoissa – one or two sentences, shown in listings\n\
                     summary: {}\n\
                     {order}\
                     # Halutessasi oma osoite tällä kielellä – optionally another address in this language\n\
                     # slug: {slug}\n\
                     ---\n\n{}",
                    q(t.new_area_title),
                    q(t.new_area_summary),
                    t.new_area_body
                ),
            )
        })
        .collect();
    write_files(root, &files)
}

/// `lupaus new commitment AREA SLUG`: `content/areas/AREA/SLUG.LANG.md` for
/// every language of the site at `root`. Returns the files created.
pub fn new_commitment(root: &Path, area: &str, slug: &str) -> Result<Vec<String>, ScaffoldError> {
    validate_slug(area, "@noun.area_name")?;
    validate_slug(slug, "@noun.commitment_name")?;
    let languages = site_languages(root)?;
    let default = &languages[0];
    let dir = format!("content/areas/{area}");
    let has_area = [
        format!("{dir}/_index.{default}.md"),
        format!("{dir}/_index.md"),
    ]
    .iter()
    .any(|p| root.join(p).is_file());
    if !has_area {
        let areas = existing_areas(root);
        return Err(ScaffoldError::at(shown(root, &dir), {
            let close = crate::diagnostics::did_you_mean(area, areas.iter().map(String::as_str));
            let mut args = vec![
                ("area", area.to_string()),
                ("did_you_mean", close.unwrap_or("").to_string()),
            ];
            if areas.is_empty() {
                say("new.no_area", &args)
            } else {
                args.push(("areas", areas.join(", ")));
                say("new.no_area_list", &args)
            }
        }));
    }
    refuse_existing(root, &dir, slug, &languages)?;
    let files: Vec<(String, String)> = languages
        .iter()
        .map(|lang| {
            let (t, stand_in) = texts(lang);
            let note = if stand_in {
                translate_note(lang)
            } else {
                String::new()
            };
            (
                format!("{dir}/{slug}.{lang}.md"),
                commitment_file(
                    lang == default,
                    &note,
                    t.new_commitment_title,
                    t.new_commitment_summary,
                    t.new_commitment_resident_view,
                    "[]",
                    t.new_commitment_body,
                ),
            )
        })
        .collect();
    write_files(root, &files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(validate_slug("family-services", "x").is_ok());
        assert!(validate_slug("a1", "x").is_ok());
        for bad in [
            "",
            "Perhe",
            "perhe palvelut",
            "-x",
            "x-",
            "perhe_x",
            "päivä",
            "a/b",
        ] {
            assert!(validate_slug(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn a_name_with_spaces_and_letters_gets_a_suggestion() {
        let e = validate_slug("Ikääntyneiden palvelut", "an area's name").unwrap_err();
        assert!(e.message.contains("`ikaantyneiden-palvelut`"), "{e}");
        // A file name typed as the name: the name is before the dots.
        for typed in ["school-nurse.fi.md", "school-nurse.md", "school-nurse.sv"] {
            let e = validate_slug(typed, "a commitment's name").unwrap_err();
            assert!(e.message.contains("e.g. `school-nurse`;"), "{typed}: {e}");
        }
    }

    #[test]
    fn languages_flag() {
        assert_eq!(parse_languages("fi, sv").unwrap(), ["fi", "sv"]);
        assert!(parse_languages("fi,fi").is_err());
        assert!(parse_languages("FI").is_err());
        assert!(parse_languages(" , ").is_err());
    }

    #[test]
    fn site_yaml_parses_for_any_languages() {
        for langs in [vec!["fi", "sv", "en"], vec!["sv"], vec!["se", "fi"]] {
            let langs: Vec<String> = langs.into_iter().map(String::from).collect();
            let files = site_files(&langs);
            let (_, yaml) = files
                .iter()
                .find(|(p, _)| p == "content/site.yaml")
                .unwrap();
            let diags = Diagnostics::new();
            let c = config::parse(yaml, &diags).expect("site.yaml parses");
            assert_eq!(c.languages, langs);
            assert!(!diags.has_errors(), "{yaml}");
        }
    }

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.txt"), "x").unwrap();
        let e = init(dir.path(), &["fi".into()]).unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        assert!(!dir.path().join("content").exists());
    }
}
