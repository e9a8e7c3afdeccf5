//! Live reload: telling open preview pages that the site was rebuilt.
//!
//! Every rebuild ends in one [`Notice`], broadcast to every page that
//! listens on the Server-Sent Events stream `/__lupaus/events` (see
//! `assets/reload.js`): `reload` (the page reloads), `css` (only the
//! stylesheet changed: the page swaps its link), or `errors` (the last save
//! broke the site: the page shows the overlay). A page that connects gets a
//! `hello` with the current build id first, so a rebuild that happened
//! between serving the page and connecting is not missed. The number of
//! listeners is bounded, and every stream ends when the server shuts down.
//! This module knows nothing about how the site is built.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, watch};

/// At most this many pages listen at once (browser tabs of one writer).
pub const MAX_LISTENERS: usize = 32;

/// Notices kept for a listener that is slow to read; one that falls
/// further behind just reloads.
const BACKLOG: usize = 16;

/// One line of the error overlay: `where` is the location as the terminal
/// prints it (`content/a.fi.md:3:14`), `text` the rest of the line
/// (`: what is wrong and what to do`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `path:line:col`.
    #[serde(rename = "where")]
    pub place: String,
    /// The rest of the terminal's line, starting with `: `.
    pub text: String,
}

/// What a rebuild means for an open page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Notice {
    /// Reload the page.
    Reload {
        /// The build now served.
        build: String,
    },
    /// Only the stylesheet changed: swap it to `href`.
    Css {
        /// The build now served.
        build: String,
        /// URL of the new stylesheet (`/css/style.<hash>.css`).
        href: String,
    },
    /// The last save broke the site: show these problems.
    Errors {
        /// The build id of this failed attempt.
        build: String,
        /// The overlay's heading.
        title: String,
        /// One entry per problem, as the terminal prints them.
        problems: Vec<Problem>,
    },
}

impl Notice {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Notice::Reload { .. } => "reload",
            Notice::Css { .. } => "css",
            // Not `error`: EventSource fires its own `error` on a dropped
            // connection, and the two must not be confused.
            Notice::Errors { .. } => "errors",
        }
    }

    fn event(&self) -> Event {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        Event::default().event(self.name()).data(json)
    }
}

/// Sends notices to every listening page.
#[derive(Clone)]
pub struct Broadcaster {
    tx: broadcast::Sender<Notice>,
    listeners: Arc<Semaphore>,
    shutdown: watch::Receiver<bool>,
}

impl Broadcaster {
    /// A broadcaster whose streams end when `shutdown` turns true.
    pub fn new(shutdown: watch::Receiver<bool>) -> Self {
        let (tx, _) = broadcast::channel(BACKLOG);
        Broadcaster {
            tx,
            listeners: Arc::new(Semaphore::new(MAX_LISTENERS)),
            shutdown,
        }
    }

    /// Sends `notice` to every page listening now (none is fine).
    pub fn send(&self, notice: Notice) {
        let _ = self.tx.send(notice);
    }

    /// Number of pages listening now.
    pub fn listeners(&self) -> usize {
        self.tx.receiver_count()
    }

    /// A new listener's event stream, starting with `hello` for `build`;
    /// `None` when [`MAX_LISTENERS`] are already listening.
    pub fn subscribe(
        &self,
        build: String,
    ) -> Option<Sse<impl Stream<Item = Result<Event, Infallible>> + use<>>> {
        let permit = self.listeners.clone().try_acquire_owned().ok()?;
        let listener = Listener {
            rx: self.tx.subscribe(),
            shutdown: self.shutdown.clone(),
            _permit: permit,
        };
        let hello = Event::default()
            .event("hello")
            .data(serde_json::json!({ "build": build }).to_string())
            // Reconnect quickly after a restart of the server.
            .retry(Duration::from_millis(500));
        let first = stream::once(async move { Ok(hello) });
        let rest = stream::unfold(listener, |mut l| async move {
            let event = l.next().await?;
            Some((Ok(event), l))
        });
        Some(Sse::new(futures_util::StreamExt::chain(first, rest)).keep_alive(KeepAlive::default()))
    }
}

/// One listening page.
struct Listener {
    rx: broadcast::Receiver<Notice>,
    shutdown: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
}

impl Listener {
    /// The next event, or `None` when the stream should end.
    async fn next(&mut self) -> Option<Event> {
        if *self.shutdown.borrow() {
            return None;
        }
        tokio::select! {
            r = self.rx.recv() => match r {
                Ok(notice) => Some(notice.event()),
                // Missed some notices: whatever they were, a reload is right.
                Err(broadcast::error::RecvError::Lagged(_)) => Some(
                    Notice::Reload { build: String::new() }.event(),
                ),
                Err(broadcast::error::RecvError::Closed) => None,
            },
            _ = self.shutdown.changed() => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_serialise_for_the_script() {
        let n = Notice::Css {
            build: "a-2".into(),
            href: "/css/style.1.css".into(),
        };
        assert_eq!(n.name(), "css");
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"build":"a-2","href":"/css/style.1.css"}"#
        );
        let e = Notice::Errors {
            build: "a-3".into(),
            title: "1 error".into(),
            problems: vec![Problem {
                place: "content/a.fi.md:3:14".into(),
                text: ": bad".into(),
            }],
        };
        assert_eq!(e.name(), "errors");
        assert!(
            serde_json::to_string(&e)
                .unwrap()
                .contains(r#""where":"content/a.fi.md:3:14""#)
        );
    }

    #[tokio::test]
    async fn listeners_are_bounded() {
        let (_tx, rx) = watch::channel(false);
        let b = Broadcaster::new(rx);
        let held: Vec<_> = (0..MAX_LISTENERS)
            .map(|_| b.subscribe("x".into()).expect("room for a listener"))
            .collect();
        assert!(b.subscribe("x".into()).is_none());
        drop(held);
        assert!(b.subscribe("x".into()).is_some());
    }
}
