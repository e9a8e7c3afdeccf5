//! An indicator's results in words: the sentence that says what the latest
//! value is, how it compares with the previous and the first one, which
//! direction is better and whether the target is met. It is the chart's text
//! alternative and caption, written so that it can never contradict the
//! facts box (the same words of better and worse). Every word comes from the
//! theme's interface strings.

use crate::i18n::Unit;
use crate::indicators::Direction;

/// The chart's text alternative and caption in one sentence per fact: the
/// latest value, how it compares with the previous value and the first one
/// in words of better and worse (the same words as the facts box's trend,
/// so the two can never contradict each other), which direction is better,
/// and whether the latest meets the target. `points` are (period in words,
/// value) oldest first, the periods as the table names them; `target_text`
/// is the target as the facts box writes it ("enintään 7 vrk").
///
/// Every sentence comes from the theme's interface strings through `words`
/// (`chart_none`, `chart_one`, `chart_two`, `chart_many`, with
/// `chart_change_improving|worsening|unchanged`, `chart_better_lower|higher`,
/// `chart_met`, `chart_not_met`), for example fi `elokuu 2026: 15 vrk.
/// Edelliseen tulokseen (heinäkuu 2026: 14 vrk) verrattuna heikentynyt,
/// ensimmäiseen (tammikuu 2025: 16 vrk) verrattuna parantunut; pienempi arvo
/// on parempi. Tavoite enintään 14 vrk: ei saavutettu.`
///
/// When two compared values round to the same text, more decimals are
/// shown (up to three more).
#[allow(clippy::too_many_arguments)]
pub fn describe_trend(
    points: &[(String, Option<f64>)],
    target: f64,
    target_text: &str,
    direction: Direction,
    decimals: u32,
    unit: &Unit,
    lang: &str,
    words: &dyn Fn(&str) -> String,
) -> String {
    let with_values: Vec<(&str, f64)> = points
        .iter()
        .filter_map(|(l, v)| v.filter(|x| x.is_finite()).map(|v| (l.as_str(), v)))
        .collect();
    let q = |v: f64, d: u32| unit.quantity(v, d, lang);
    // The text starts a caption: a period's words (sv `första halvåret
    // 2026`) start it with a capital.
    let fill = |key: &str, parts: &[(&str, &str)]| {
        let text = parts
            .iter()
            .fold(words(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v));
        let mut chars = text.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => text,
        }
    };
    let Some(&(p_last, v_last)) = with_values.last() else {
        return fill("chart_none", &[("target", target_text)]);
    };
    // Enough decimals that the latest value never reads as meeting a target
    // it misses, or missing one it meets.
    let decimals = super::status::decimals_to_tell(v_last, target, direction, decimals);
    // The target is written as it is: `enintään 7 vrk` already says it.
    let status = words(if direction.meets(v_last, target) {
        "chart_met"
    } else {
        "chart_not_met"
    });
    let better = words(match direction {
        Direction::Lower => "chart_better_lower",
        Direction::Higher => "chart_better_higher",
    });
    // Enough decimals that compared values differ when they do.
    let distinct = |a: f64, b: f64| {
        let mut d = decimals;
        while a != b && q(a, d) == q(b, d) && d < decimals + 3 {
            d += 1;
        }
        d
    };
    let change = |from: f64, to: f64| {
        let key = if from == to {
            "chart_change_unchanged"
        } else if direction.better(to, from) {
            "chart_change_improving"
        } else {
            "chart_change_worsening"
        };
        words(key)
    };
    let n = with_values.len();
    if n == 1 {
        let latest = q(v_last, decimals);
        return fill(
            "chart_one",
            &[
                ("latest_period", p_last),
                ("latest", &latest),
                ("target", target_text),
                ("status", &status),
                ("better", &better),
            ],
        );
    }
    let (p_prev, v_prev) = with_values[n - 2];
    let (p_first, v_first) = with_values[0];
    let mut d = distinct(v_prev, v_last);
    if n > 2 {
        d = d.max(distinct(v_first, v_last));
    }
    let (latest, previous, first) = (q(v_last, d), q(v_prev, d), q(v_first, d));
    let key = if n == 2 { "chart_two" } else { "chart_many" };
    fill(
        key,
        &[
            ("latest_period", p_last),
            ("latest", &latest),
            ("previous_period", p_prev),
            ("previous", &previous),
            ("change_previous", &change(v_prev, v_last)),
            ("first_period", p_first),
            ("first", &first),
            ("change_first", &change(v_first, v_last)),
            ("better", &better),
            ("target", target_text),
            ("status", &status),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: char = '\u{a0}';

    fn pts(v: &[(&str, Option<f64>)]) -> Vec<(String, Option<f64>)> {
        v.iter().map(|(l, v)| (l.to_string(), *v)).collect()
    }

    /// The default theme's words, as a build reads them.
    fn words(lang: &str) -> impl Fn(&str) -> String {
        let text = match lang {
            "fi" => include_str!("../../themes/default/i18n/fi.yaml"),
            "sv" => include_str!("../../themes/default/i18n/sv.yaml"),
            _ => include_str!("../../themes/default/i18n/en.yaml"),
        };
        let strings: crate::i18n::Strings = serde_yaml::from_str(text).expect("i18n yaml");
        move |k: &str| match strings.get(k) {
            Some(crate::i18n::Entry::Plain(s)) => s.clone(),
            _ => panic!("no key {k}"),
        }
    }

    fn say(
        points: &[(String, Option<f64>)],
        target: f64,
        target_text: &str,
        direction: Direction,
        decimals: u32,
        unit: &str,
        lang: &str,
    ) -> String {
        describe_trend(
            points,
            target,
            target_text,
            direction,
            decimals,
            &Unit::from(unit),
            lang,
            &words(lang),
        )
    }

    #[test]
    fn a_caption_that_starts_with_a_period_in_words_starts_with_a_capital() {
        let halves = pts(&[
            ("första halvåret 2025", Some(88.0)),
            ("första halvåret 2026", Some(91.3)),
        ]);
        let text = say(
            &halves,
            90.0,
            &format!("minst 90{NB}%"),
            Direction::Higher,
            1,
            "%",
            "sv",
        );
        assert!(
            text.starts_with(&format!("Första halvåret 2026: 91,3{NB}%")),
            "{text}"
        );
        assert!(
            text.contains("(första halvåret 2025"),
            "only the first letter: {text}"
        );
    }

    #[test]
    fn trend_in_words() {
        // The ambulance case: worse than the period before, better than the
        // first; the facts box says "worsened", and so does the sentence.
        let ambulance = pts(&[
            ("2024", Some(16.0)),
            ("H1 2025", Some(13.0)),
            ("H2 2025", None),
            ("H1 2026", Some(15.0)),
        ]);
        let at_most = format!("enintään 14{NB}vrk");
        assert_eq!(
            say(&ambulance, 14.0, &at_most, Direction::Lower, 0, "vrk", "fi"),
            format!(
                "H1 2026: 15{NB}vrk. Edelliseen tulokseen (H1 2025: 13{NB}vrk) verrattuna heikentynyt, ensimmäiseen (2024: 16{NB}vrk) verrattuna parantunut; pienempi arvo on parempi. Tavoite enintään 14{NB}vrk: ei saavutettu."
            )
        );
        assert_eq!(
            say(
                &ambulance,
                14.0,
                &format!("at most 14{NB}days"),
                Direction::Lower,
                0,
                "days",
                "en"
            ),
            format!(
                "H1 2026: 15{NB}days, worse than the previous result (H1 2025: 13{NB}days) and better than the first (2024: 16{NB}days); lower is better. Target at most 14{NB}days: not met."
            )
        );
        assert_eq!(
            say(
                &ambulance,
                14.0,
                &format!("högst 14{NB}dygn"),
                Direction::Lower,
                0,
                "dygn",
                "sv"
            ),
            format!(
                "H1 2026: 15{NB}dygn, försämrat jämfört med föregående resultat (H1 2025: 13{NB}dygn) och förbättrat jämfört med det första (2024: 16{NB}dygn); ett lägre värde är bättre. Mål högst 14{NB}dygn: inte uppnått."
            )
        );
        // Higher is better: a rise is an improvement.
        let rose = pts(&[("2024", Some(88.0)), ("2025", Some(89.0))]);
        assert_eq!(
            say(&rose, 90.0, "at least 90%", Direction::Higher, 0, "%", "en"),
            "2025: 89%, better than the previous result (2024: 88%); higher is better. Target at least 90%: not met."
        );
        let same = pts(&[("2024", Some(7.0)), ("2025", Some(7.0))]);
        assert_eq!(
            say(
                &same,
                7.0,
                &format!("högst 7{NB}dygn"),
                Direction::Lower,
                0,
                "dygn",
                "sv"
            ),
            format!(
                "2025: 7{NB}dygn, oförändrat jämfört med föregående resultat (2024: 7{NB}dygn); ett lägre värde är bättre. Mål högst 7{NB}dygn: uppnått."
            )
        );
        let one = pts(&[("2024", None), ("2025", Some(8.0))]);
        assert_eq!(
            say(
                &one,
                7.0,
                &format!("enintään 7{NB}vrk"),
                Direction::Lower,
                0,
                "vrk",
                "fi"
            ),
            format!(
                "2025: 8{NB}vrk; pienempi arvo on parempi. Tavoite enintään 7{NB}vrk: ei saavutettu."
            )
        );
        let none = pts(&[("2025", None)]);
        assert_eq!(
            say(
                &none,
                7.5,
                "at most 7.5 days",
                Direction::Lower,
                0,
                "days",
                "en"
            ),
            "No results yet. Target at most 7.5 days."
        );
        // Values that round alike get more decimals rather than "better than 90 → 90".
        let close = pts(&[("2024", Some(90.0)), ("2025", Some(90.4))]);
        assert_eq!(
            say(
                &close,
                90.0,
                "at least 90%",
                Direction::Higher,
                0,
                "%",
                "en"
            ),
            "2025: 90.4%, better than the previous result (2024: 90.0%); higher is better. Target at least 90%: met."
        );
    }
}
