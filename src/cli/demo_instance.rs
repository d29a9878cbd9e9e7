//! The demo instance as the CLI starts it, for `trompe --demo` and
//! `trompe demo-server`. It is built in with the default `demo` feature;
//! a build without it says so and exits instead.

use url::Url;

/// A running demo instance (stopped when dropped).
pub struct Demo {
    #[cfg(feature = "demo")]
    server: trompe_demo::DemoServer,
    #[cfg(not(feature = "demo"))]
    never: std::convert::Infallible,
}

impl Demo {
    /// Starts one on 127.0.0.1 (`port` 0: any free port); `live`: its
    /// accounts post, boost and mention on their own.
    pub async fn start(port: u16, live: bool) -> Result<Demo, String> {
        Demo::start_with(port, live, false).await
    }

    /// Like [`Demo::start`]; `authorized_fetch`: its ActivityPub documents
    /// answer only signed GETs.
    pub async fn start_with(port: u16, live: bool, authorized_fetch: bool) -> Result<Demo, String> {
        Demo::start_full(port, live, authorized_fetch, false, 0).await
    }

    /// Like [`Demo::start_with`]; `fresh`: its demo user starts with no
    /// follows, lists, blocks, mutes, bookmarks, filters or followed tags,
    /// as a new account (the target of a move); `history`: that many more
    /// posts in home, older than the seeded ones (benchmarks).
    #[cfg(feature = "demo")]
    pub async fn start_full(
        port: u16,
        live: bool,
        authorized_fetch: bool,
        fresh: bool,
        history: usize,
    ) -> Result<Demo, String> {
        let options = trompe_demo::DemoOptions {
            port,
            live,
            authorized_fetch,
            fresh_account: fresh,
            history,
            ..Default::default()
        };
        match trompe_demo::DemoServer::start(options).await {
            Ok(server) => Ok(Demo { server }),
            Err(e) => Err(format!("could not start the demo instance: {e}")),
        }
    }

    /// This build has no demo instance.
    #[cfg(not(feature = "demo"))]
    pub async fn start_full(
        _port: u16,
        _live: bool,
        _signed_only: bool,
        _fresh: bool,
        _history: usize,
    ) -> Result<Demo, String> {
        Err("this trompe was built without the demo instance (the `demo` feature)".into())
    }

    /// Its base URL.
    pub fn base_url(&self) -> &Url {
        #[cfg(feature = "demo")]
        return self.server.base_url();
        #[cfg(not(feature = "demo"))]
        match self.never {}
    }

    /// A ready access token of its demo account.
    pub fn token(&self) -> &str {
        #[cfg(feature = "demo")]
        return self.server.token();
        #[cfg(not(feature = "demo"))]
        match self.never {}
    }

    /// The demo account's user name.
    pub fn username(&self) -> String {
        #[cfg(feature = "demo")]
        return self.server.username();
        #[cfg(not(feature = "demo"))]
        match self.never {}
    }

    /// Stops it.
    pub fn stop(&self) {
        #[cfg(feature = "demo")]
        self.server.stop();
        #[cfg(not(feature = "demo"))]
        match self.never {}
    }
}
