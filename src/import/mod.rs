//! `lupaus import`: bringing results into `content/results/` from where
//! counties get them. One module per source.
//!
//! - [`sotkanet`]: THL's Sotkanet statistics (yearly values per region).

pub mod sotkanet;
