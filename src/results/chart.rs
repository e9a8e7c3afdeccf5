//! An indicator's results as an inline SVG line chart, and the same in words.
//!
//! Owns the chart's drawing: a `viewBox` 320 units wide that scales to its
//! container (`width="100%"`, no fixed pixel size), `role="img"` named by its
//! own `<title>` and, unless the page says it in a caption, `<desc>`, a y axis with 3–5 rounded ticks in the
//! reader's number format, period labels thinned when many, the target as a
//! dashed line labelled with its value (placed where it crosses the least
//! data), and values as a line broken where a
//! value is missing, with a marker per value: a filled circle when the value
//! meets the target, a filled triangle pointing up when it does not (the
//! shapes of the status tags, ● and ▲), so that shape and not only
//! colour tells them apart. No JavaScript and no `style` attributes (the
//! site's CSP forbids inline styles): only presentation attributes, which the
//! theme's CSS overrides through the classes below. Text, axes, the value
//! line and the target line use `currentColor`, so they follow the page's
//! text colour (dark mode too); the markers' green `#1a7f37` and red
//! `#c62828` have a contrast of at least 3:1 against white and near-black.
//!
//! Classes for the theme: `chart` (the `svg`), `chart-grid`, `chart-axis`,
//! `chart-tick`, `chart-xlabel`, `chart-unit`, `chart-target`,
//! `chart-target-label`, `chart-line`, `chart-point` with `chart-met` or
//! `chart-not-met`, `chart-legend`.
//!
//! Output is deterministic (coordinates with one decimal). This module does
//! not choose the chart's texts: the caller passes the title, the text
//! alternative (e.g. from [`super::trend::describe_trend`] plus a data table on the page)
//! and the theme's labels.

use std::fmt::Write as _;

use super::load::ValuePoint;
use crate::format::{format_number, format_period_short, written_decimals};
use crate::i18n::Unit;
use crate::indicators::Direction;

/// The theme's words used inside the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartLabels {
    /// Before the target value on the target line: "Tavoite", "Mål", "Target".
    pub target: String,
    /// Legend and tooltip for a value that meets the target.
    pub met: String,
    /// Legend and tooltip for a value that does not.
    pub not_met: String,
}

/// What one chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartInput {
    /// Unique on the page; the `title` and `desc` ids are `{id_prefix}-title`
    /// and `{id_prefix}-desc` (characters other than letters, digits, `-`
    /// and `_` become `-`).
    pub id_prefix: String,
    /// The accessible name: what the chart draws, in which unit, over which
    /// periods (not the page's heading, which a screen reader has just said).
    pub title: String,
    /// The full text alternative.
    pub description: String,
    /// (short period label, value), oldest first; `None` is no data.
    pub points: Vec<(String, Option<f64>)>,
    /// The target value.
    pub target: f64,
    /// Which way is better.
    pub direction: Direction,
    /// Decimals shown for values.
    pub decimals: u32,
    /// The reader's language code.
    pub lang: String,
    /// The unit in the reader's language, may be empty.
    pub unit: Unit,
    /// The theme's words.
    pub labels: ChartLabels,
}

/// (label, value) pairs for [`ChartInput::points`] from a series, with the
/// short labels of the axis ([`format_period_short`]). The chart's text in
/// words names the periods as the theme does (`render`).
pub fn chart_points(series: &[ValuePoint], lang: &str) -> Vec<(String, Option<f64>)> {
    series
        .iter()
        .map(|p| (format_period_short(&p.period, lang), p.value))
        .collect()
}

const W: f64 = 320.0;
const PLOT_TOP: f64 = 30.0;
const PLOT_BOTTOM: f64 = 160.0;
const RIGHT: f64 = W - 12.0;
const FONT: f64 = 13.0;
/// A rough average glyph width at `FONT`, for layout.
const CHAR_W: f64 = 7.7;
const MET_COLOUR: &str = "#1a7f37";
const NOT_MET_COLOUR: &str = "#c62828";

/// A coordinate with one decimal.
fn c(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn clean_id(prefix: &str) -> String {
    let mut s: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "chart-");
    }
    s
}

/// The y axis: its ends, ticks, and the decimals tick labels need.
#[derive(Debug, Clone, PartialEq)]
struct Scale {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: u32,
}

/// 3–5 ticks at a round step (1, 2 or 5 times a power of ten) covering
/// `values`. Zero is included when the values lie no further from zero than
/// twice their spread (waiting times from 0; percentages of 85–95 not).
fn nice_scale(values: &[f64]) -> Scale {
    let (mut min, mut max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !min.is_finite() || !max.is_finite() {
        (min, max) = (0.0, 1.0);
    }
    let non_negative = min >= 0.0;
    let non_positive = max < 0.0;
    if non_negative && min <= 2.0 * (max - min) {
        min = 0.0;
    }
    if non_positive && -max <= 2.0 * (max - min) {
        max = 0.0;
    }
    if max - min <= f64::EPSILON * max.abs().max(1.0) {
        let pad = if max == 0.0 { 1.0 } else { max.abs() * 0.1 };
        min -= pad;
        max += pad;
        if non_negative && min < 0.0 {
            min = 0.0;
        }
        if non_positive && max > 0.0 {
            max = 0.0;
        }
    }
    let raw = (max - min) / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let mut chosen = None;
    for m in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0] {
        let step = m * mag;
        let lo = (min / step + 1e-9).floor();
        let hi = (max / step - 1e-9).ceil();
        if hi - lo <= 4.0 {
            chosen = Some((step, lo, hi.max(lo + 1.0)));
            break;
        }
    }
    let (mut step, lo, mut hi) = chosen.unwrap_or((max - min, 0.0, 1.0));
    let mut lo = lo;
    if hi - lo < 2.0 {
        // Two ticks only: halve the step for a middle one.
        step /= 2.0;
        lo *= 2.0;
        hi = lo + 2.0;
    }
    let ticks: Vec<f64> = (0..=((hi - lo) as i64))
        .map(|i| (lo + i as f64) * step)
        .collect();
    let decimals = (0..=8u32)
        .find(|&d| {
            let x = step * 10f64.powi(d as i32);
            (x - x.round()).abs() < 1e-6 * x.abs().max(1.0)
        })
        .unwrap_or(8);
    Scale {
        lo: lo * step,
        hi: hi * step,
        ticks,
        decimals,
    }
}

fn scale_is_cut(scale: &Scale) -> bool {
    scale.lo > 0.0 || scale.hi < 0.0
}

/// Whether the chart of these values and this target has a y axis that
/// does not reach zero (its values would look to change more than they
/// do): the page then says so in words.
pub fn axis_is_cut(points: &[(String, Option<f64>)], target: f64) -> bool {
    let mut range: Vec<f64> = points
        .iter()
        .filter_map(|(_, v)| v.filter(|x| x.is_finite()))
        .collect();
    if target.is_finite() {
        range.push(target);
    }
    scale_is_cut(&nice_scale(&range))
}

/// The chart as an inline `<svg>` element: its name and description, the
/// axes, the target line, the values and the legend, each written by a
/// function of its own on the one [`Layout`].
pub fn line_chart(input: &ChartInput) -> String {
    let id = clean_id(&input.id_prefix);
    let layout = Layout::of(input);
    let legend = Legend::of(input, &layout);
    let height = PLOT_BOTTOM + 28.0 + 18.0 * legend.rows() as f64;

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-title{}\" font-size=\"{FONT}\">",
        c(W),
        c(height),
        if input.description.is_empty() {
            String::new()
        } else {
            format!(" {id}-desc")
        }
    );
    let _ = write!(
        s,
        "<title id=\"{id}-title\">{}</title>",
        escape(&input.title)
    );
    // An empty description means the page says it beside the chart (a
    // caption): a `<desc>` would make screen readers read it twice.
    if !input.description.is_empty() {
        let _ = write!(
            s,
            "<desc id=\"{id}-desc\">{}</desc>",
            escape(&input.description)
        );
    }
    s.push_str("<g class=\"chart-axis\" fill=\"currentColor\">");
    write_y_axis(&mut s, input, &layout);
    write_x_labels(&mut s, input, &layout);
    s.push_str("</g>");
    if let Some(t) = layout.target {
        write_target(&mut s, input, &layout, t);
    }
    write_values(&mut s, input, &layout);
    legend.write(&mut s);
    s.push_str("</svg>");
    s
}

/// Where a chart's parts go: the y axis's scale and tick labels, the left
/// edge they leave for the plot, and each period's x and each value's y.
struct Layout {
    /// The values drawn (a value that is not a finite number is none).
    values: Vec<Option<f64>>,
    /// The target, when it is a finite number.
    target: Option<f64>,
    scale: Scale,
    tick_labels: Vec<String>,
    /// The plot's left edge: right of the widest tick label.
    left: f64,
    /// How many periods.
    n: usize,
}

impl Layout {
    fn of(input: &ChartInput) -> Layout {
        let target = input.target.is_finite().then_some(input.target);
        let values: Vec<Option<f64>> = input
            .points
            .iter()
            .map(|(_, v)| v.filter(|x| x.is_finite()))
            .collect();
        let mut range: Vec<f64> = values.iter().flatten().copied().collect();
        range.extend(target);
        let scale = nice_scale(&range);
        let tick_labels: Vec<String> = scale
            .ticks
            .iter()
            .map(|t| format_number(*t, scale.decimals, &input.lang))
            .collect();
        let widest = tick_labels
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(1) as f64;
        Layout {
            values,
            target,
            scale,
            tick_labels,
            left: (widest * CHAR_W + 12.0).max(30.0),
            n: input.points.len(),
        }
    }

    /// The y of value `v`.
    fn y(&self, v: f64) -> f64 {
        let span = self.scale.hi - self.scale.lo;
        let f = if span > 0.0 {
            (v - self.scale.lo) / span
        } else {
            0.5
        };
        PLOT_BOTTOM - f * (PLOT_BOTTOM - PLOT_TOP)
    }

    /// The x of the `i`th period.
    fn x(&self, i: usize) -> f64 {
        if self.n <= 1 {
            (self.left + RIGHT) / 2.0
        } else {
            let (a, b) = (self.left + 10.0, RIGHT - 10.0);
            a + (b - a) * i as f64 / (self.n - 1) as f64
        }
    }

    /// Whether `v` meets the target (every value does without one).
    fn met(&self, input: &ChartInput, v: f64) -> bool {
        self.target.is_none_or(|t| input.direction.meets(v, t))
    }
}

/// The unit above the y axis, the grid lines with their tick labels, the
/// x axis, and the break mark of an axis that does not start from zero.
fn write_y_axis(s: &mut String, input: &ChartInput, layout: &Layout) {
    let left = layout.left;
    if !input.unit.written.trim().is_empty() {
        let _ = write!(
            s,
            "<text class=\"chart-unit\" x=\"4\" y=\"{}\">{}</text>",
            c(PLOT_TOP - 12.0),
            escape(input.unit.written.trim())
        );
    }
    for (t, label) in layout.scale.ticks.iter().zip(&layout.tick_labels) {
        let y = layout.y(*t);
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
             stroke-opacity=\"0.2\" stroke-width=\"1\"/><text class=\"chart-tick\" x=\"{}\" y=\"{}\" \
             text-anchor=\"end\">{}</text>",
            c(left),
            c(RIGHT),
            c(left - 6.0),
            c(y + 4.0),
            escape(label),
            y = c(y)
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" stroke-width=\"1\"/>",
        c(left),
        c(RIGHT),
        y = c(PLOT_BOTTOM)
    );
    // A y axis that does not start from zero says so with a break mark on
    // the axis (and the page says it in words: see [`axis_is_cut`]).
    if scale_is_cut(&layout.scale) {
        let _ = write!(
            s,
            "<path class=\"chart-cut\" d=\"M{} {} l8 -5 M{} {} l8 -5\" stroke=\"currentColor\" \
             stroke-width=\"1.5\" fill=\"none\"/>",
            c(left - 4.0),
            c(PLOT_BOTTOM - 3.0),
            c(left - 4.0),
            c(PLOT_BOTTOM + 2.0)
        );
    }
}

/// The periods' labels, thinned so they do not overlap; the first and the
/// latest are always shown.
fn write_x_labels(s: &mut String, input: &ChartInput, layout: &Layout) {
    let n = layout.n;
    let label_w = input
        .points
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR_W;
    let slot = if n > 1 {
        (RIGHT - layout.left - 20.0) / (n - 1) as f64
    } else {
        W
    };
    let every = ((label_w + 14.0) / slot).ceil().max(1.0) as usize;
    // Every `every`-th period counted back from the latest; the earliest of
    // them moves to the first period, so that the first and the latest are
    // both labelled and no two labels come closer than `every`.
    let earliest = (n.saturating_sub(1)) % every;
    let labelled = |i: usize| {
        if i == 0 {
            true
        } else {
            i != earliest && (n - 1 - i).is_multiple_of(every)
        }
    };
    for (i, (label, _)) in input.points.iter().enumerate() {
        if !labelled(i) {
            continue;
        }
        let half = label.chars().count() as f64 * CHAR_W / 2.0;
        let x = layout.x(i).clamp(half + 2.0, W - half - 2.0);
        let _ = write!(
            s,
            "<text class=\"chart-xlabel\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(x),
            c(PLOT_BOTTOM + 16.0),
            escape(label)
        );
    }
}

/// The target line at `t` and its label, placed where it crosses the least
/// data: at the right or the left end, above or below the line.
fn write_target(s: &mut String, input: &ChartInput, layout: &Layout, t: f64) {
    let left = layout.left;
    let y = layout.y(t);
    let text = format!(
        "{} {}",
        input.labels.target,
        input.unit.quantity(t, written_decimals(t), &input.lang)
    );
    let text_w = text.chars().count() as f64 * CHAR_W;
    let values = &layout.values;
    let markers: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (layout.x(i), layout.y(v))))
        .collect();
    let segments: Vec<((f64, f64), (f64, f64))> = values
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| match (w[0], w[1]) {
            (Some(a), Some(b)) => {
                Some(((layout.x(i), layout.y(a)), (layout.x(i + 1), layout.y(b))))
            }
            _ => None,
        })
        .collect();
    // (anchor at the right end?, above the line?), in order of preference.
    let candidates = [(true, true), (true, false), (false, true), (false, false)];
    let rect_of = |right: bool, above: bool| {
        let (x0, x1) = if right {
            (RIGHT - text_w, RIGHT)
        } else {
            (left + 4.0, left + 4.0 + text_w)
        };
        let (y0, y1) = if above {
            (y - 15.0, y - 3.0)
        } else {
            (y + 4.0, y + 16.0)
        };
        Rect { x0, y0, x1, y1 }
    };
    let fits = |r: &Rect| r.y0 >= 2.0 && r.y1 <= PLOT_BOTTOM - 1.0;
    let conflicts = |r: &Rect| {
        let m = r.grown(5.0);
        let l = r.grown(1.0);
        markers.iter().filter(|p| m.contains(**p)).count() * 2
            + segments.iter().filter(|(a, b)| l.crosses(*a, *b)).count()
    };
    let (right, above) = candidates
        .iter()
        .copied()
        .filter(|(r, a)| fits(&rect_of(*r, *a)))
        .min_by_key(|(r, a)| conflicts(&rect_of(*r, *a)))
        .unwrap_or((true, y - 15.0 >= 2.0));
    let ty = if above { y - 5.0 } else { y + 14.0 };
    let (tx, anchor) = if right {
        (RIGHT, "end")
    } else {
        (left + 4.0, "start")
    };
    let _ = write!(
        s,
        "<g class=\"chart-target\"><line x1=\"{}\" x2=\"{}\" y1=\"{yy}\" y2=\"{yy}\" stroke=\"currentColor\" \
         stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text class=\"chart-target-label\" x=\"{}\" y=\"{}\" \
         text-anchor=\"{anchor}\" fill=\"currentColor\">{}</text></g>",
        c(left),
        c(RIGHT),
        c(tx),
        c(ty),
        escape(&text),
        yy = c(y)
    );
}

/// The values: a line broken at missing values, then a marker for each
/// value with its period, value and status as its tooltip.
fn write_values(s: &mut String, input: &ChartInput, layout: &Layout) {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in layout.values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if pen_down { " L" } else { " M" },
                    c(layout.x(i)),
                    c(layout.y(*v))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !d.is_empty() {
        let _ = write!(
            s,
            "<path class=\"chart-line\" d=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" \
             stroke-linejoin=\"round\"/>",
            d.trim_start()
        );
    }
    for (i, v) in layout.values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let met = layout.met(input, v);
        let tip = format!(
            "{}: {} ({})",
            input.points[i].0,
            input.unit.quantity(
                v,
                super::status::decimals_to_tell(v, input.target, input.direction, input.decimals),
                &input.lang
            ),
            if met {
                &input.labels.met
            } else {
                &input.labels.not_met
            }
        );
        s.push_str(&marker(layout.x(i), layout.y(v), met));
        let _ = write!(s, "<title>{}</title>", escape(&tip));
        s.push_str(if met { "</circle>" } else { "</path>" });
    }
}

/// The legend: one entry per marker shape in use, in one row when they
/// fit, else one row each.
struct Legend<'a> {
    /// (met?, the words), met first.
    entries: Vec<(bool, &'a str)>,
    one_row: bool,
}

impl<'a> Legend<'a> {
    fn of(input: &'a ChartInput, layout: &Layout) -> Legend<'a> {
        let drawn = || layout.values.iter().flatten();
        let has_met = drawn().any(|v| layout.met(input, *v));
        let has_not_met = drawn().any(|v| !layout.met(input, *v));
        let mut entries: Vec<(bool, &str)> = Vec::new();
        if has_met && !input.labels.met.is_empty() {
            entries.push((true, &input.labels.met));
        }
        if has_not_met && !input.labels.not_met.is_empty() {
            entries.push((false, &input.labels.not_met));
        }
        let one_row = entries.iter().map(|(_, t)| item_w(t)).sum::<f64>() <= W - 8.0;
        Legend { entries, one_row }
    }

    /// How many rows of text it takes.
    fn rows(&self) -> usize {
        match (self.entries.len(), self.one_row) {
            (0, _) => 0,
            (_, true) => 1,
            (k, false) => k,
        }
    }

    fn write(&self, s: &mut String) {
        if self.rows() == 0 {
            return;
        }
        let mut x = 8.0;
        let mut y = PLOT_BOTTOM + 40.0;
        s.push_str("<g class=\"chart-legend\" fill=\"currentColor\">");
        for (met, text) in &self.entries {
            s.push_str(&marker(x + 5.0, y - 4.0, *met));
            s.push_str(if *met { "</circle>" } else { "</path>" });
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                c(x + 16.0),
                c(y),
                escape(text)
            );
            if self.one_row {
                x += item_w(text);
            } else {
                y += 18.0;
            }
        }
        s.push_str("</g>");
    }
}

/// The width of a legend entry: its marker, its words and the gap after.
fn item_w(text: &str) -> f64 {
    16.0 + text.chars().count() as f64 * CHAR_W + 16.0
}

/// An axis-aligned box in chart coordinates, for placing the target label.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn grown(self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    /// Whether the segment from `a` to `b` passes through the box
    /// (Liang–Barsky clipping).
    fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        t0 <= t1
    }
}

/// The opening tag of a marker: a filled circle when met, a filled
/// triangle pointing up when not (the status tags' ● and ▲).
/// The caller closes it (`</circle>` or `</path>`) after an optional title.
fn marker(x: f64, y: f64, met: bool) -> String {
    if met {
        format!(
            "<circle class=\"chart-point chart-met\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{MET_COLOUR}\">",
            c(x),
            c(y)
        )
    } else {
        // About the circle's area, centred on the value.
        let r = 5.5;
        format!(
            "<path class=\"chart-point chart-not-met\" d=\"M{} {} L{} {} L{} {} Z\" \
             fill=\"{NOT_MET_COLOUR}\" stroke=\"{NOT_MET_COLOUR}\" stroke-width=\"1\" \
             stroke-linejoin=\"round\">",
            c(x),
            c(y - r),
            c(x + r),
            c(y + r * 0.75),
            c(x - r),
            c(y + r * 0.75)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: char = '\u{a0}';

    fn input(points: &[(&str, Option<f64>)]) -> ChartInput {
        ChartInput {
            id_prefix: "chart-child-clinic-wait".into(),
            title: "Odotusaika lastenneuvolaan".into(),
            description: "Laski: 12 vrk (2023) <tavoite> & muuta".into(),
            points: points.iter().map(|(l, v)| (l.to_string(), *v)).collect(),
            target: 7.0,
            direction: Direction::Lower,
            decimals: 1,
            lang: "fi".into(),
            unit: "vrk".into(),
            labels: ChartLabels {
                target: "Tavoite".into(),
                met: "Saavutettu".into(),
                not_met: "Ei saavutettu".into(),
            },
        }
    }

    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    #[test]
    fn structure_is_accessible_and_csp_safe() {
        let svg = line_chart(&input(&[
            ("2023", Some(12.0)),
            ("2024", None),
            ("2025 H1", Some(9.0)),
            ("2025 H2", Some(6.5)),
        ]));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(
            "aria-labelledby=\"chart-child-clinic-wait-title chart-child-clinic-wait-desc\""
        ));
        assert!(svg.contains(
            "<title id=\"chart-child-clinic-wait-title\">Odotusaika lastenneuvolaan</title>"
        ));
        assert!(svg.contains("<desc id=\"chart-child-clinic-wait-desc\">Laski: 12 vrk (2023) &lt;tavoite&gt; &amp; muuta</desc>"));
        assert!(svg.contains("viewBox=\"0 0 320.0 "));
        assert!(svg.contains("width=\"100%\""));
        assert!(!svg.contains("style="));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("height=\""));
        assert!(!svg.contains(" on"), "no event handlers");
        // One marker per value (3 values), plus the legend's two.
        assert_eq!(count(&svg, "chart-point"), 5, "{svg}");
        assert_eq!(count(&svg, "class=\"chart-point chart-met\""), 2);
        assert_eq!(count(&svg, "class=\"chart-point chart-not-met\""), 3);
        // Not met: the tags' ▲, a closed and filled triangle, apex up.
        let tri = svg.split("chart-not-met\" d=\"").nth(1).unwrap();
        let (d, rest) = tri.split_once('"').unwrap();
        assert_eq!(
            (count(d, "M"), count(d, "L"), d.ends_with(" Z")),
            (1, 2, true),
            "{d}"
        );
        let ys: Vec<f64> = d
            .trim_end_matches(" Z")
            .split(['M', 'L'])
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.split_whitespace().nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(ys[0] < ys[1] && ys[1] == ys[2], "apex up: {d}");
        assert!(
            rest.starts_with(&format!(" fill=\"{NOT_MET_COLOUR}\"")),
            "{rest}"
        );
        // The target line, dashed and labelled with its value.
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert!(svg.contains(&format!(">Tavoite 7{NB}vrk</text>")), "{svg}");
        // The gap: the line restarts after the missing 2024.
        let path = svg.split("class=\"chart-line\" d=\"").nth(1).unwrap();
        let d = &path[..path.find('"').unwrap()];
        assert_eq!(count(d, "M"), 2, "{d}");
        assert_eq!(count(d, "L"), 1, "{d}");
        // Balanced elements.
        assert_eq!(count(&svg, "<circle"), count(&svg, "</circle>"));
        assert_eq!(
            count(&svg, "<path"),
            count(&svg, "</path>") + 1,
            "the value line is self-closing"
        );
        assert_eq!(count(&svg, "<g"), count(&svg, "</g>"));
        // Tooltips in the reader's format.
        assert!(
            svg.contains(&format!("<title>2025 H2: 6,5{NB}vrk (Saavutettu)</title>")),
            "{svg}"
        );
    }

    #[test]
    fn y_ticks_are_few_round_and_localised() {
        let svg = line_chart(&input(&[("2024", Some(12.0)), ("2025", Some(6.5))]));
        let ticks: Vec<&str> = svg
            .split("class=\"chart-tick\"")
            .skip(1)
            .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
            .collect();
        assert!((3..=5).contains(&ticks.len()), "{ticks:?}");
        assert_eq!(ticks, ["0", "5", "10", "15"]);

        for vals in [
            vec![88.0, 91.5, 90.0],
            vec![0.0],
            vec![7.0],
            vec![-3.0, 4.0],
            vec![0.12, 0.13],
            vec![1234.0, 5678.0],
            vec![-50.0, -20.0],
            vec![1e9, 1.0000001e9],
        ] {
            let sc = nice_scale(&vals);
            assert!((3..=5).contains(&sc.ticks.len()), "{vals:?} {sc:?}");
            for v in &vals {
                assert!(sc.lo <= *v && *v <= sc.hi, "{vals:?} {sc:?}");
            }
        }
        let sc = nice_scale(&[1234.0, 5678.0]);
        assert_eq!(
            format_number(sc.ticks[1], sc.decimals, "fi"),
            format!("2{NB}000")
        );
        let sc = nice_scale(&[0.12, 0.13]);
        assert_eq!(sc.decimals, 3);
        let sc = nice_scale(&[88.0, 91.5, 90.0]);
        assert_eq!(sc.ticks, vec![88.0, 89.0, 90.0, 91.0, 92.0]);
    }

    #[test]
    fn many_points_thin_labels_but_keep_the_latest() {
        let pts: Vec<(String, Option<f64>)> = (1..=24)
            .map(|m| {
                (
                    format!("{}/{}", (m - 1) % 12 + 1, 2024 + (m - 1) / 12),
                    Some(m as f64),
                )
            })
            .collect();
        let mut inp = input(&[]);
        inp.points = pts;
        let svg = line_chart(&inp);
        let labels = count(&svg, "class=\"chart-xlabel\"");
        assert!((3..=8).contains(&labels), "{labels}");
        assert!(svg.contains(">12/2025</text>"));
        assert_eq!(count(&svg, "class=\"chart-point "), 24 + 2);
    }

    #[test]
    fn no_values_and_one_value() {
        let svg = line_chart(&input(&[("2025", None)]));
        assert!(!svg.contains("chart-line"));
        assert!(!svg.contains("chart-point"));
        assert!(svg.contains("chart-target"));
        let svg = line_chart(&input(&[("2025", Some(7.0))]));
        assert_eq!(count(&svg, "class=\"chart-point chart-met\""), 2);
        assert!(!svg.contains("chart-not-met"));
    }

    #[test]
    fn deterministic_and_ids_cleaned() {
        let mut i = input(&[("2024", Some(3.0)), ("2025", Some(8.0))]);
        i.id_prefix = "1 bad\"id".into();
        let a = line_chart(&i);
        assert_eq!(a, line_chart(&i));
        assert!(a.contains("aria-labelledby=\"chart-1-bad-id-title chart-1-bad-id-desc\""));
    }

    fn luminance(hex: &str) -> f64 {
        let ch = |i: usize| {
            let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
    }

    #[test]
    fn marker_colours_have_contrast_on_light_and_dark() {
        for colour in [MET_COLOUR, NOT_MET_COLOUR] {
            let l = luminance(colour);
            assert!((1.05) / (l + 0.05) >= 3.0, "{colour} on white");
            assert!(
                (l + 0.05) / (luminance("#121212") + 0.05) >= 3.0,
                "{colour} on dark"
            );
        }
    }

    #[test]
    fn points_from_a_series() {
        let series = vec![ValuePoint {
            period: crate::period::Period::parse("2025-H2").unwrap(),
            value: Some(6.5),
            note: None,
            source: ("content/results/a.csv".into(), 2),
        }];
        assert_eq!(
            chart_points(&series, "fi"),
            vec![("7\u{2013}12/2025".to_string(), Some(6.5))]
        );
    }
}
#[cfg(test)]
mod rect_tests {
    use super::*;
    #[test]
    fn segments_crossing_boxes() {
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        assert!(r.crosses((-5.0, 5.0), (15.0, 5.0)));
        assert!(r.crosses((2.0, 2.0), (3.0, 3.0)));
        assert!(!r.crosses((-5.0, -5.0), (-1.0, 20.0)));
        assert!(!r.crosses((11.0, 0.0), (20.0, 10.0)));
        assert!(r.crosses((-5.0, 15.0), (15.0, -5.0)));
    }
}
