//! `content/indicators.yaml`: the follow-up indicators and their targets.
//!
//! Loads and validates the definitions (ids, required fields, directions,
//! translatable names). Results for the indicators are loaded by `results`;
//! this module knows nothing of values or statuses.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean_arg, did_you_mean_named};
use crate::text::Text;
use crate::yaml;

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Smaller values are better; met when value <= target.
    Lower,
    /// Larger values are better; met when value >= target.
    Higher,
}

impl Direction {
    /// Whether `value` meets `target` in this direction.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::Lower => value <= target,
            Direction::Higher => value >= target,
        }
    }

    /// Whether `a` is strictly better than `b` in this direction.
    pub fn better(self, a: f64, b: f64) -> bool {
        match self {
            Direction::Lower => a < b,
            Direction::Higher => a > b,
        }
    }
}

/// Where an indicator's figures come from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Source {
    /// The source's name.
    #[serde(default)]
    pub name: Option<Text>,
    /// A link to the source.
    #[serde(default)]
    pub url: Option<String>,
}

/// What an indicator's result says (format 1.1 `kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// What the result says about residents (the default).
    #[default]
    Outcome,
    /// How far the county's own work has come.
    Progress,
}

/// Where an indicator's results come from in THL's Sotkanet (format 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sotkanet {
    /// Sotkanet's indicator id.
    pub indicator: u32,
    /// Sotkanet's region id of the county.
    pub region: u32,
    /// `total`, `male` or `female`.
    pub gender: String,
}

/// The genders Sotkanet answers for.
pub const SOTKANET_GENDERS: [&str; 3] = ["total", "male", "female"];

/// One indicator, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Lowercase letters, digits and `-`.
    pub id: String,
    /// What is measured.
    pub name: Text,
    /// The unit (`%`, days).
    pub unit: Option<Text>,
    /// Which way is better.
    pub direction: Direction,
    /// The target value.
    pub target: f64,
    /// Decimals shown (display only; statuses use the values as written).
    pub decimals: u32,
    /// A longer explanation.
    pub description: Option<Text>,
    /// Where the figures come from.
    pub source: Option<Source>,
    /// Outcome or progress (1.1).
    pub kind: IndicatorKind,
    /// Where the figures come from in Sotkanet (1.1).
    pub sotkanet: Option<Sotkanet>,
    /// The line of the id in `indicators.yaml`, for later messages.
    pub line: usize,
    /// Where its `decimals` is written in `indicators.yaml`
    /// ([`yaml::written_key`]), found in the text the indicator was read
    /// from: `check`'s rounding warning points there without reading the
    /// file again (a preview's box, after a save, from another text).
    #[serde(skip)]
    pub decimals_at: Option<(usize, usize)>,
}

/// The indicators of a site, in the order of the file.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    /// By id, in file order.
    pub list: Vec<Indicator>,
    /// Ids defined in the file whose definition has errors (already
    /// reported): other files may name them without a second error.
    pub broken: Vec<String>,
    /// Whether the file could not be read at all (not YAML, not a map, not
    /// text; already reported): which ids it defines is then unknown, and
    /// every id named elsewhere is taken as defined, so that its one error
    /// does not come with one more per results row and commitment.
    pub unreadable: bool,
    /// Whether there is no `content/indicators.yaml`: every id named
    /// elsewhere is taken as defined too, and what names one is told once
    /// that the file is missing (see `site::assemble`), not once per
    /// results row and commitment that an unknown indicator.
    pub missing: bool,
}

impl Indicators {
    /// The indicator with this id.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.list.iter().find(|i| i.id == id)
    }

    /// The indicators of a file that could not be read (its error is
    /// reported by whoever tried).
    pub fn unreadable() -> Self {
        Indicators {
            unreadable: true,
            ..Self::default()
        }
    }

    /// The indicators of a site without `content/indicators.yaml`.
    pub fn missing() -> Self {
        Indicators {
            missing: true,
            ..Self::default()
        }
    }

    /// Whether `id` may be named without an error: it is defined, even if
    /// its definition has errors, or the file could not be read or is
    /// missing, so no name can be told wrong.
    pub fn is_defined(&self, id: &str) -> bool {
        self.unreadable
            || self.missing
            || self.get(id).is_some()
            || self.broken.iter().any(|b| b == id)
    }

    /// All ids, for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|i| i.id.as_str())
    }
}

/// The fields as written, every one optional so that each missing one is
/// reported with its place rather than as a parse failure.
#[derive(Debug)]
struct RawIndicator {
    name: Option<Text>,
    unit: Option<Text>,
    direction: Option<String>,
    target: Option<yaml::Value>,
    decimals: Option<u32>,
    description: Option<Text>,
    source: Option<Source>,
    kind: Option<String>,
    sotkanet: Option<yaml::Value>,
    /// Keys that are not fields of an indicator.
    other: Vec<String>,
}

impl RawIndicator {
    /// Reads each field of the mapping `fields` on its own, as the front
    /// matter is read: a field whose value cannot be read is left out, its
    /// key and error added to `failed`, so that every wrong field of an
    /// indicator is told at once, not only the first.
    fn field_by_field(fields: &yaml::Mapping, failed: &mut yaml::FieldErrors) -> RawIndicator {
        fn field<T: serde::de::DeserializeOwned>(
            fields: &yaml::Mapping,
            key: &'static str,
            failed: &mut yaml::FieldErrors,
        ) -> Option<T> {
            let value = fields.get(key)?;
            // `key:` with nothing after it: not written, as in a struct.
            if value.is_null() {
                return None;
            }
            yaml::from_value(value.clone()).unwrap_or_else(|e| {
                failed.push((key, e));
                None
            })
        }
        RawIndicator {
            name: field(fields, "name", failed),
            unit: field(fields, "unit", failed),
            direction: field(fields, "direction", failed),
            target: field(fields, "target", failed),
            decimals: field(fields, "decimals", failed),
            description: field(fields, "description", failed),
            source: field(fields, "source", failed),
            kind: field(fields, "kind", failed),
            sotkanet: field(fields, "sotkanet", failed),
            other: fields
                .keys()
                .filter_map(|k| match k {
                    yaml::Value::String(k) => Some(k.clone()),
                    yaml::Value::Number(n) => Some(n.to_string()),
                    yaml::Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .filter(|k| !KNOWN.contains(&k.as_str()))
                .collect(),
        }
    }
}

/// Where indicators are defined, relative to the site root.
pub const PATH: &str = "content/indicators.yaml";
const KNOWN: [&str; 9] = [
    "name",
    "unit",
    "direction",
    "target",
    "decimals",
    "description",
    "source",
    "kind",
    "sotkanet",
];

/// The field of an indicator that a key written in Finnish or Swedish
/// names, as writers may type it (`tavoite` → `target`; `name` as
/// [`did_you_mean_named`] looks it up); the keys are English in every
/// language.
fn field_from_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "nimi" | "namn" => "name",
        "yksikkö" | "enhet" => "unit",
        "suunta" | "riktning" => "direction",
        "tavoite" | "tavoitearvo" | "mål" | "målvärde" => "target",
        "desimaalit" | "decimaler" => "decimals",
        "kuvaus" | "beskrivning" => "description",
        "lähde" | "tietolähde" | "källa" => "source",
        "tyyppi" | "laji" | "typ" => "kind",
        _ => return None,
    })
}

/// `lower` or `higher` for the way a writer may say which way is better
/// in Finnish, Swedish or English (`pienempi` → `lower`).
fn direction_from_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "pienempi" | "alempi" | "matalampi" | "vähemmän" | "laskeva" | "lägre" | "mindre"
        | "sjunkande" | "less" | "smaller" | "low" | "down" | "decreasing" => "lower",
        "suurempi" | "isompi" | "korkeampi" | "enemmän" | "nouseva" | "högre" | "större"
        | "stigande" | "more" | "bigger" | "greater" | "high" | "up" | "increasing" => "higher",
        _ => return None,
    })
}

/// `outcome` or `progress` for an indicator's kind as a writer may name it
/// in Finnish or Swedish (`tulos` → `outcome`).
fn kind_from_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "tulos" | "tulosmittari" | "vaikutus" | "resultat" | "resultatmätare" | "result" => {
            "outcome"
        }
        "edistyminen" | "edistymismittari" | "framsteg" | "framstegsmätare" => "progress",
        _ => return None,
    })
}

/// Whether `id` is a valid indicator id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses `indicators.yaml` (its text given); problems go to `diags`.
pub fn parse(src: &str, languages: &[String], diags: &Diagnostics) -> Indicators {
    let mut out = Indicators::default();
    if src.trim().is_empty() {
        return out;
    }
    let map: yaml::Mapping = match yaml::from_str(src) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                Diagnostic::err(PATH, "indicator.yaml", vec![("error", e.text_arg())])
                    .at_opt(e.line.zip(e.column)),
            );
            return Indicators::unreadable();
        }
    };
    diags.extend(crate::config::value_warnings(
        PATH,
        src,
        1,
        "yaml.hash_comment",
    ));
    for (key, value) in map {
        let Some(id) = key.as_str().map(str::to_owned) else {
            // A number or `true` as a key is found by how it is written.
            let written = match &key {
                yaml::Value::Number(n) => n.to_string(),
                yaml::Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            let (line, col) = yaml::place_key(src, &[&written]);
            let d = if written.is_empty() {
                Diagnostic::err(
                    PATH,
                    "indicator.id_not_text",
                    vec![("id", format!("{key:?}"))],
                )
            } else {
                Diagnostic::err(PATH, "indicator.id_quote", vec![("id", written)])
            };
            diags.push(d.at(line, Some(col)));
            continue;
        };
        let at = yaml::place_key(src, &[&id]);
        let line = at.0;
        let err =
            |code: &'static str, mut args: Vec<(&'static str, String)>, field: Option<&str>| {
                let (line, col) = field.map_or(at, |f| yaml::place_key(src, &[&id, f]));
                args.push(("id", id.clone()));
                Diagnostic::err(PATH, code, args).at(line, Some(col))
            };
        if !valid_id(&id) {
            let suggested = suggest_id(&id);
            diags.push(err(
                "indicator.id",
                vec![("suggested", suggested.clone())],
                None,
            ));
            // The id as the message tells to write it: a commitment or a
            // results row that already does is not told it is unknown
            // (nor to copy the id that is wrong).
            out.broken.push(suggested);
        }
        let fields = match value {
            // `id:` with nothing under it: each required field is missing.
            yaml::Value::Null => yaml::Mapping::new(),
            yaml::Value::Mapping(m) => m,
            // `id: 5` or a list: not an indicator's fields at all.
            other => match yaml::from_value::<yaml::Mapping>(other) {
                Ok(m) => m,
                Err(e) => {
                    diags.push(err("indicator.value", vec![("error", e.text_arg())], None));
                    out.broken.push(id);
                    continue;
                }
            },
        };
        // A parsed value carries no positions: each field that cannot be
        // read is told at its own line.
        let mut failed = yaml::FieldErrors::new();
        let raw = RawIndicator::field_by_field(&fields, &mut failed);
        for (field, e) in &failed {
            diags.push(err(
                "indicator.field_value",
                vec![("field", field.to_string()), ("error", e.text_arg())],
                Some(field),
            ));
        }
        let told = |field: &str| failed.iter().any(|(f, _)| *f == field);
        for field in &raw.other {
            diags.push(
                Diagnostic::warn(
                    PATH,
                    "indicator.unknown_field",
                    vec![
                        ("id", id.clone()),
                        ("field", field.clone()),
                        did_you_mean_named(field, KNOWN, field_from_name),
                    ],
                )
                .at_opt(Some(yaml::place_key(src, &[&id, field]))),
            );
        }
        let direction = match raw.direction.as_deref() {
            Some("lower") => Some(Direction::Lower),
            Some("higher") => Some(Direction::Higher),
            Some(other) => {
                diags.push(err(
                    "indicator.direction",
                    vec![
                        ("value", other.to_string()),
                        did_you_mean_named(other, ["lower", "higher"], direction_from_name),
                    ],
                    Some("direction"),
                ));
                None
            }
            None => {
                if !told("direction") {
                    diags.push(err("indicator.no_direction", vec![], None));
                }
                None
            }
        };
        let target = match &raw.target {
            None | Some(yaml::Value::Null) => {
                if !told("target") {
                    diags.push(err("indicator.no_target", vec![], None));
                }
                None
            }
            Some(v) => match number(v) {
                Some(t) => Some(t),
                None => {
                    diags.push(err(
                        "indicator.target",
                        vec![("value", written(v))],
                        Some("target"),
                    ));
                    None
                }
            },
        };
        let kind = match raw.kind.as_deref() {
            None | Some("outcome") => IndicatorKind::Outcome,
            Some("progress") => IndicatorKind::Progress,
            Some(other) => {
                diags.push(err(
                    "indicator.kind",
                    vec![
                        ("value", other.to_string()),
                        did_you_mean_named(other, ["outcome", "progress"], kind_from_name),
                    ],
                    Some("kind"),
                ));
                IndicatorKind::Outcome
            }
        };
        let sotkanet = raw
            .sotkanet
            .as_ref()
            .and_then(|v| parse_sotkanet(src, &id, v, diags));
        if raw.name.is_none() && !told("name") {
            diags.push(err("indicator.no_name", vec![], None));
        }
        for (field, text) in [
            ("name", raw.name.as_ref()),
            ("unit", raw.unit.as_ref()),
            ("description", raw.description.as_ref()),
            (
                "source.name",
                raw.source.as_ref().and_then(|s| s.name.as_ref()),
            ),
        ] {
            if let Some(t) = text {
                let keys: Vec<&str> = field.split('.').collect();
                let mut path = vec![id.as_str()];
                path.extend(keys);
                let pos = Some(yaml::place_key(src, &path));
                diags.extend(t.validate(languages, PATH, &format!("{id}.{field}"), pos));
            }
        }
        if let (Some(name), Some(direction), Some(target), true) =
            (raw.name, direction, target, failed.is_empty())
        {
            let decimals_at = yaml::written_key(src, &[&id, "decimals"]);
            out.list.push(Indicator {
                id,
                name,
                unit: raw.unit,
                direction,
                target,
                decimals: raw.decimals.unwrap_or(0),
                description: raw.description,
                source: raw.source,
                kind,
                sotkanet,
                line,
                decimals_at,
            });
        } else {
            out.broken.push(id);
        }
    }
    out
}

/// A number as written in YAML: `90`, `90.5`, or as text the way the
/// results files write numbers (`90,5`, `1 234,5`, `−5`; see
/// [`crate::format::parse_number`]), so that a target reads as its results
/// do.
fn number(v: &yaml::Value) -> Option<f64> {
    match v {
        yaml::Value::Number(n) => n.as_f64(),
        yaml::Value::String(s) => crate::format::parse_number(s),
        _ => None,
    }
}

/// A value as the writer wrote it, for a message.
fn written(v: &yaml::Value) -> String {
    match v {
        yaml::Value::String(s) => format!("\"{s}\""),
        yaml::Value::Bool(b) => b.to_string(),
        yaml::Value::Number(n) => n.to_string(),
        _ => "@sotkanet.list_or_map".into(),
    }
}

/// `sotkanet: { indicator: 1234, region: 974, gender: total }`.
fn parse_sotkanet(src: &str, id: &str, v: &yaml::Value, diags: &Diagnostics) -> Option<Sotkanet> {
    let at = |field: &str| yaml::place_key(src, &[id, "sotkanet", field]);
    let error = |field: &str, code: &'static str, mut args: Vec<(&'static str, String)>| {
        let (line, col) = at(field);
        args.push(("id", id.to_string()));
        Diagnostic::err(PATH, code, args).at(line, Some(col))
    };
    let Some(map) = v.as_mapping() else {
        diags.push(error("", "sotkanet.not_map", vec![]));
        return None;
    };
    let fields = ["indicator", "region", "gender"];
    for key in map.keys() {
        let name = key.as_str().unwrap_or("");
        if !fields.contains(&name) {
            diags.push(error(
                name,
                "sotkanet.unknown_field",
                vec![("field", name.to_string()), did_you_mean_arg(name, fields)],
            ));
        }
    }
    let id_field = |field: &'static str, what: &'static str, example: u32| -> Option<u32> {
        let args = || {
            vec![
                ("field", field.to_string()),
                ("what", what.to_string()),
                ("example", example.to_string()),
            ]
        };
        match map.get(field) {
            None | Some(yaml::Value::Null) => {
                diags.push(error("", "sotkanet.no_field", args()));
                None
            }
            Some(v) => match v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
            {
                Some(n) => Some(n),
                None => {
                    let mut args = args();
                    args.push(("value", written(v)));
                    diags.push(error(field, "sotkanet.not_id", args));
                    None
                }
            },
        }
    };
    let indicator = id_field("indicator", "@sotkanet.indicator_number", 1234);
    let region = id_field("region", "@sotkanet.region_number", 974);
    let gender = match map.get("gender") {
        None | Some(yaml::Value::Null) => Some("total".to_string()),
        Some(yaml::Value::String(g)) if SOTKANET_GENDERS.contains(&g.as_str()) => Some(g.clone()),
        Some(other) => {
            let w = written(other);
            diags.push(error(
                "gender",
                "sotkanet.gender",
                vec![
                    did_you_mean_arg(w.trim_matches('"'), SOTKANET_GENDERS),
                    ("value", w),
                ],
            ));
            None
        }
    };
    Some(Sotkanet {
        indicator: indicator?,
        region: region?,
        gender: gender?,
    })
}

fn suggest_id(id: &str) -> String {
    let mut s = String::new();
    for c in id.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["fi".into(), "sv".into()]
    }

    #[test]
    fn parses_a_valid_indicator() {
        let src = "wait:\n  name: { fi: Odotus, sv: Väntan }\n  unit: vrk\n  direction: lower\n  target: 7\n";
        let d = Diagnostics::new();
        let ind = parse(src, &langs(), &d);
        assert!(!d.has_errors());
        assert_eq!(ind.list.len(), 1);
        assert_eq!(ind.list[0].direction, Direction::Lower);
        assert!(ind.list[0].direction.meets(7.0, 7.0));
    }

    #[test]
    fn an_id_to_be_renamed_is_known_by_its_new_name() {
        let d = Diagnostics::new();
        let ind = parse(
            "Odotus-Aika:\n  name: Odotus\n  direction: lower\n  target: 7\n",
            &langs(),
            &d,
        );
        let ds = d.into_sorted();
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0].message.contains("rename it, e.g. \"odotus-aika\""),
            "{ds:?}"
        );
        assert!(ind.is_defined("odotus-aika"));
    }

    /// A missing file is told once where something names an indicator
    /// (`site::assemble`), not once per name.
    #[test]
    fn a_missing_file_makes_no_name_wrong() {
        let ind = Indicators::missing();
        assert!(ind.missing && !ind.unreadable && ind.list.is_empty());
        assert!(ind.is_defined("anything"));
        assert!(!Indicators::default().is_defined("anything"));
    }

    #[test]
    fn an_unreadable_file_makes_no_name_wrong() {
        let d = Diagnostics::new();
        let ind = parse("wait:\n  name: [Odotus\n", &langs(), &d);
        assert_eq!(d.into_sorted().len(), 1);
        assert!(ind.unreadable && ind.list.is_empty());
        assert!(ind.is_defined("wait") && ind.is_defined("anything"));
        let d = Diagnostics::new();
        let ind = parse("- a\n- b\n", &langs(), &d);
        assert!(d.has_errors() && ind.is_defined("a"));
        // A file that reads, with a broken definition, still knows its ids.
        let d = Diagnostics::new();
        let ind = parse("wait:\n  name: Odotus\n", &langs(), &d);
        assert!(d.has_errors() && !ind.unreadable);
        assert!(ind.is_defined("wait") && !ind.is_defined("other"));
    }

    /// A target is read as the results files' numbers are: a Unicode
    /// minus and grouped thousands with a decimal comma too (they were "not
    /// a number" here while the CSV file beside took them).
    #[test]
    fn a_target_is_read_as_a_results_file_number() {
        for (written, value) in [
            ("7", 7.0),
            ("\"90,5\"", 90.5),
            ("\"1 234,5\"", 1234.5),
            ("\"1.234,5\"", 1234.5),
            ("\"−5\"", -5.0),
        ] {
            let d = Diagnostics::new();
            let src = format!("a:\n  name: A\n  direction: lower\n  target: {written}\n");
            let ind = parse(&src, &langs(), &d);
            assert!(!d.has_errors(), "{written}: {:?}", d.into_sorted());
            assert_eq!(ind.list[0].target, value, "{written}");
        }
        let d = Diagnostics::new();
        parse(
            "a:\n  name: A\n  direction: lower\n  target: 9 %\n",
            &langs(),
            &d,
        );
        assert!(d.has_errors());
    }

    #[test]
    fn fields_in_flow_maps_are_placed_in_their_own_indicator() {
        let report = |src: &str| -> Vec<String> {
            let d = Diagnostics::new();
            parse(src, &langs(), &d);
            d.into_sorted().iter().map(|x| x.to_string()).collect()
        };
        let text = report(
            "a:\n  name: A\n  direction: lower\n  target: 1\nb: {name: B, direction: up, \"target\": x}\n7: {}\n",
        );
        assert!(
            text.iter().any(|t| t.starts_with(
                "content/indicators.yaml:5:30: indicator \"b\": `target` \"x\" is not a number"
            )),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("content/indicators.yaml:6:4: indicator id 7 is not text")),
            "{text:?}"
        );
        let text = report("b: {name: B, direction: up, target: 1}\n");
        assert!(
            text.iter().any(|t| t.starts_with(
                "content/indicators.yaml:1:14: indicator \"b\" has unknown direction \"up\""
            )),
            "{text:?}"
        );
    }

    /// `decimals` that is not a whole number of 0 or more is told at its
    /// line: below zero too (it was told at the indicator's first line).
    #[test]
    fn wrong_decimals_are_told_at_their_line() {
        for (value, says) in [
            ("-1", "the number -1 is below zero"),
            ("1.5", "the number 1.5 is not a whole number"),
            ("kaksi", "the text \"kaksi\" is not a whole number"),
        ] {
            let src =
                format!("a:\n  name: A\n  direction: lower\n  target: 3\n  decimals: {value}\n");
            let d = Diagnostics::new();
            parse(&src, &langs(), &d);
            let text: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
            assert!(
                text.iter()
                    .any(|t| t.starts_with("content/indicators.yaml:5:") && t.contains(says)),
                "{value}: {text:?}"
            );
        }
    }

    /// Every field with a value that cannot be read is told, each at its
    /// line with its name, in one build: not only the first, and not told
    /// missing as well.
    #[test]
    fn every_wrong_field_of_an_indicator_is_told_at_once() {
        let src = "a:\n  name: [A]\n  direction: [lower]\n  target: lots\n  decimals: two\n  nimi: B\nb: 5\n";
        let d = Diagnostics::new();
        let parsed = parse(src, &langs(), &d);
        let text: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        for (line, says) in [
            (2, "`name`: write either one text for every language"),
            (3, "`direction`: a list is not text"),
            (4, "`target` \"lots\" is not a number"),
            (5, "`decimals`: the text \"two\" is not a whole number"),
            (6, "unknown field `nimi`"),
            (7, "indicator \"b\""),
        ] {
            let at = format!("content/indicators.yaml:{line}:");
            assert!(
                text.iter().any(|t| t.starts_with(&at) && t.contains(says)),
                "line {line}, {says}: {text:?}"
            );
        }
        assert!(
            !text.iter().any(|t| t.contains("has no `")),
            "a field told wrong is not told missing too: {text:?}"
        );
        assert!(parsed.get("a").is_none() && parsed.get("b").is_none());
    }

    /// An id with nothing under it is told each field it lacks, as
    /// before the fields were read one by one.
    #[test]
    fn an_indicator_with_nothing_under_it_is_told_what_it_lacks() {
        let d = Diagnostics::new();
        let parsed = parse("a:\nb: ~\n", &langs(), &d);
        let text: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        for (line, lacks) in [
            (1, "`name`"),
            (1, "`direction`"),
            (1, "`target`"),
            (2, "`target`"),
        ] {
            let at = format!("content/indicators.yaml:{line}:");
            assert!(
                text.iter()
                    .any(|t| t.starts_with(&at) && t.contains(&format!("has no {lacks}"))),
                "line {line}, {lacks}: {text:?}"
            );
        }
        assert!(parsed.get("a").is_none() && parsed.get("b").is_none());
    }

    #[test]
    fn reports_missing_and_unknown_fields_with_lines() {
        let src = "a:\n  name: A\n  direction: lowr\nb-x:\n  name: B\n  target: 3\n";
        let d = Diagnostics::new();
        parse(src, &langs(), &d);
        let v = d.into_sorted();
        let text: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert!(
            text.iter().any(|t| t.starts_with(
                "content/indicators.yaml:3:14: indicator \"a\" has unknown direction \"lowr\""
            ) && t.contains("did you mean \"lower\"")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("content/indicators.yaml:1:") && t.contains("no `target`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(
                |t| t.starts_with("content/indicators.yaml:4:") && t.contains("no `direction`")
            ),
            "{text:?}"
        );
    }

    #[test]
    fn fields_and_values_written_in_finnish_or_swedish_are_told_their_english_word() {
        let src = "a:\n  name: A\n  direction: Pienempi\n  tavoite: 7\n  kind: framsteg\nb:\n  name: B\n  direction: högre\n  target: 3\n  källa: THL\n";
        let d = Diagnostics::new();
        parse(src, &langs(), &d);
        let text: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        for (line, written, meant) in [
            (3, "direction \"Pienempi\"", "lower"),
            (4, "field `tavoite`", "target"),
            (5, "kind \"framsteg\"", "progress"),
            (8, "direction \"högre\"", "higher"),
            (10, "field `källa`", "source"),
        ] {
            let at = format!("content/indicators.yaml:{line}:");
            crate::diagnostics::assert_suggests(&text, &at, written, meant);
        }
    }
}
