//! `site.yaml` `brand` (format 1.1): the county's logo, main colour and own
//! web addresses, and the contrast rule its colour must pass.
//!
//! The colour is the header band, links and focus ring on a white page, so
//! it and the shades the theme derives from it (hover, visited) must reach
//! 4.5:1 against white (WCAG 2.2 AA, normal text). A colour that does not is
//! an error at its line, naming the contrast it has and a darker colour that
//! would pass.

use serde::{Deserialize, Serialize};

/// The contrast ratio every brand colour must reach against white.
pub const MIN_CONTRAST: f64 = 4.5;

/// `brand` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBrand {
    pub logo: Option<String>,
    pub colour: Option<String>,
    pub url: Option<String>,
    pub privacy_url: Option<String>,
}

/// The county's look, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brand {
    /// The logo, as a path under `content/` (`media/logo.svg`); published
    /// at `/media/logo.svg`.
    pub logo: Option<String>,
    /// The main colour, `#rrggbb` in lowercase.
    pub colour: Option<Colour>,
    /// The county's own website.
    pub url: Option<String>,
    /// The county's privacy statement.
    pub privacy_url: Option<String>,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Red, green, blue.
    pub rgb: [u8; 3],
}

impl Serialize for Colour {
    /// As `#rrggbb`, which CSS and templates take as it is.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl Colour {
    /// Parses `#rgb` or `#rrggbb` (case ignored).
    pub fn parse(s: &str) -> Option<Colour> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Colour {
                rgb: [digit(0)? * 17, digit(1)? * 17, digit(2)? * 17],
            }),
            6 => Some(Colour {
                rgb: [
                    u8::from_str_radix(&hex[0..2], 16).ok()?,
                    u8::from_str_radix(&hex[2..4], 16).ok()?,
                    u8::from_str_radix(&hex[4..6], 16).ok()?,
                ],
            }),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        let [r, g, b] = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG relative luminance.
    pub fn luminance(&self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.rgb;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// The WCAG contrast ratio of this colour against white.
    pub fn contrast_with_white(&self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }

    /// This colour mixed with black: `amount` 0.0 is the colour, 1.0 black.
    pub fn darken(&self, amount: f64) -> Colour {
        let keep = (1.0 - amount).clamp(0.0, 1.0);
        let [r, g, b] = self.rgb;
        let f = |c: u8| (f64::from(c) * keep).round() as u8;
        Colour {
            rgb: [f(r), f(g), f(b)],
        }
    }

    /// The shade links take on hover and focus: a quarter darker.
    pub fn hover(&self) -> Colour {
        self.darken(0.25)
    }

    /// The shade of visited links: the colour turned towards violet, as
    /// readers expect a visited link to differ, and never lighter.
    pub fn visited(&self) -> Colour {
        let [r, g, b] = self.darken(0.15).rgb;
        let violet = [0x4c_u8, 0x2c, 0x92];
        let mix = |a: u8, v: u8| ((f64::from(a) + f64::from(v)) / 2.0).round() as u8;
        let mixed = Colour {
            rgb: [mix(r, violet[0]), mix(g, violet[1]), mix(b, violet[2])],
        };
        if mixed.contrast_with_white() >= self.contrast_with_white() {
            mixed
        } else {
            mixed.darken(0.2)
        }
    }

    /// The darkest-first check of the colour and its derived shades: the
    /// first that misses [`MIN_CONTRAST`], with its name and ratio.
    pub fn failing_shade(&self) -> Option<(&'static str, Colour, f64)> {
        [
            ("colour", *self),
            ("hover shade", self.hover()),
            ("visited shade", self.visited()),
        ]
        .into_iter()
        .map(|(name, c)| (name, c, c.contrast_with_white()))
        .find(|(_, _, ratio)| *ratio < MIN_CONTRAST)
    }

    /// The lightest shade of this colour that passes (for the message).
    pub fn passing_suggestion(&self) -> Colour {
        (1..=20)
            .map(|i| self.darken(f64::from(i) * 0.05))
            .find(|c| c.failing_shade().is_none())
            .unwrap_or(Colour { rgb: [0, 0, 0] })
    }
}

/// Rounds a contrast ratio down to two decimals for a message, so that a
/// ratio of 4.499 never reads as 4.5.
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_colours() {
        assert_eq!(
            Colour::parse("#00558C").map(|c| c.hex()),
            Some("#00558c".into())
        );
        assert_eq!(
            Colour::parse("#fff").map(|c| c.hex()),
            Some("#ffffff".into())
        );
        assert_eq!(Colour::parse("00558c"), None);
        assert_eq!(Colour::parse("#00558"), None);
        assert_eq!(Colour::parse("#gg558c"), None);
        assert_eq!(Colour::parse("#ää5"), None);
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = Colour::parse("#ffffff").expect("hex");
        assert!((white.contrast_with_white() - 1.0).abs() < 1e-9);
        let black = Colour::parse("#000").expect("hex");
        assert!((black.contrast_with_white() - 21.0).abs() < 1e-9);
        // #767676 is the well-known lightest grey that passes 4.5:1 on white.
        let grey = Colour::parse("#767676").expect("hex");
        assert!(grey.contrast_with_white() >= 4.5);
        let lighter = Colour::parse("#777777").expect("hex");
        assert!(lighter.contrast_with_white() < 4.5);
    }

    #[test]
    fn shades_are_checked_and_a_passing_colour_is_suggested() {
        let suomi_fi = Colour::parse("#003479").expect("hex");
        assert_eq!(suomi_fi.failing_shade(), None);
        let light = Colour::parse("#4a90e2").expect("hex");
        let (name, _, ratio) = light.failing_shade().expect("fails");
        assert_eq!(name, "colour");
        assert!(ratio < 4.5);
        let fix = light.passing_suggestion();
        assert!(fix.failing_shade().is_none(), "{}", fix.hex());
        assert!(fix.contrast_with_white() < 7.0, "not needlessly dark");
        assert!(light.hover().contrast_with_white() > light.contrast_with_white());
        assert_eq!(ratio_text(4.499), "4.49:1");
    }
}
