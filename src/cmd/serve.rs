//! `lupaus serve`: preview the site from memory, rebuilding on every save.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use lupaus::serve::{self, DEFAULT_PORT, ServeOptions};

use super::root_or_cwd;

/// Flags of `lupaus serve`. Drafts are always shown, each with its banner.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site root, the folder that holds content/ [default: the current folder]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The port to listen on; 0 picks a free one (printed)
    #[arg(long, short, value_name = "N", default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on. Anything but a loopback address makes the
    /// preview, drafts included, reachable from the network
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Open the preview in the default web browser
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> ExitCode {
    lupaus::memory::tune_for_preview();
    let opts = ServeOptions {
        root: root_or_cwd(args.root),
        addr: SocketAddr::new(args.bind, args.port),
        open: args.open,
    };
    match serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lupaus serve: {e}");
            ExitCode::FAILURE
        }
    }
}
