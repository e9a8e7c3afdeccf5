//! Follow-up results: `content/results/*.csv`, what they say about the
//! promise, and how they are drawn.
//!
//! - [`load`](mod@load): reading the CSV files into a [`ResultSet`], with every problem
//!   reported.
//! - [`status`]: met / not met / no data, commitment statuses, counts.
//! - [`evaluate`](mod@evaluate): each indicator's and commitment's status from the
//!   results, as the pages show them.
//! - [`trend`]: how a value changed since the previous period, in words.
//! - [`chart`]: an inline SVG line chart and its description in words.
//!
//! Reporting periods (`2025`, `2025-H1`, `2025-Q3`, `2025-03`) are
//! `crate::period`'s, re-exported here.
//!
//! This module does not define indicators (see `crate::indicators`), read
//! files from disk, or render pages; number and period formatting for readers
//! lives in `crate::format`.

pub mod chart;
pub mod evaluate;
pub mod load;
pub mod status;
pub mod trend;

pub use crate::period::{Period, PeriodKind};
pub use chart::{ChartInput, ChartLabels, axis_is_cut, chart_points, line_chart};
pub use evaluate::{Evaluation, evaluate};
pub use load::{ResultSet, ValuePoint, load};
pub use status::{CommitmentStatus, Counts, IndicatorStatus, IndicatorSummary, Trend, summarize};
pub use trend::describe_trend;
