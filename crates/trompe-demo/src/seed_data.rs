//! The demo world as plain static tables: accounts, statuses, notifications,
//! lists, followed tags and custom emoji. [`super::world`] turns them into
//! Mastodon entities.
//!
//! Status and bio text uses a small plain-text mini-markup, formatted the way
//! Mastodon formats a plain-text post: a blank line starts a new paragraph, a
//! single newline is a `<br>`, `@user` / `@user@domain` is a mention, `#tag` a
//! hashtag, `https://…` a link and `:shortcode:` a custom emoji. A text that
//! starts with `<` is raw HTML instead, as Akkoma and GoToSocial send for
//! Markdown posts.
//!
//! Everything here is made up: the accounts, the city of Harbourtown and its
//! weather, and every `*.example` domain.

/// An account of the demo world. `domain: None` means local to the demo
/// instance.
#[derive(Debug, Clone, Copy)]
pub struct SeedAccount {
    pub username: &'static str,
    /// `None` = local to the demo instance; `Some("other.example")` = remote.
    pub domain: Option<&'static str>,
    /// May contain `:custom_emoji:` shortcodes.
    pub display_name: &'static str,
    /// Bio, in the same mini-markup as statuses.
    pub note: &'static str,
    /// `(name, value text, verified)`.
    pub fields: &'static [(&'static str, &'static str, bool)],
    pub bot: bool,
    pub locked: bool,
    /// The demo user ("me") follows them.
    pub followed_by_me: bool,
    pub follows_me: bool,
    pub joined_days_ago: u32,
}

/// A media attachment; the server renders a placeholder PNG of `color`.
#[derive(Debug, Clone, Copy)]
pub struct SeedMedia {
    /// `"image"`, `"video"`, `"gifv"` or `"audio"`.
    pub kind: &'static str,
    /// Alt text; `None` for the (deliberate) images without one.
    pub description: Option<&'static str>,
    pub width: u32,
    pub height: u32,
    pub color: (u8, u8, u8),
}

/// A poll attached to a status.
#[derive(Debug, Clone, Copy)]
pub struct SeedPoll {
    pub options: &'static [&'static str],
    /// One count per option.
    pub votes: &'static [u32],
    pub multiple: bool,
    /// Negative = already expired.
    pub expires_in_hours: i32,
    /// Option indexes the demo user chose; empty = not voted.
    pub voted_by_me: &'static [usize],
}

/// A status (or a boost, when `boost_of` is set).
#[derive(Debug, Clone, Copy)]
pub struct SeedStatus {
    /// Unique label, used by `reply_to` / `boost_of` / notifications.
    pub key: &'static str,
    /// Username of a [`SeedAccount`] ([`ME`] is the demo user).
    pub author: &'static str,
    /// Mini-markup, or raw HTML when it starts with `<`. Empty for boosts.
    pub text: &'static str,
    /// Content warning; `""` = none.
    pub cw: &'static str,
    /// `public`, `unlisted`, `private` or `direct`.
    pub visibility: &'static str,
    pub language: &'static str,
    pub sensitive: bool,
    pub reply_to: Option<&'static str>,
    pub boost_of: Option<&'static str>,
    pub media: &'static [SeedMedia],
    pub poll: Option<SeedPoll>,
    /// Age; any order, the loader sorts.
    pub minutes_ago: u32,
    pub favourited_by_me: bool,
    pub bookmarked_by_me: bool,
    pub edited: bool,
}

/// A notification for the demo user.
#[derive(Debug, Clone, Copy)]
pub struct SeedNotification {
    /// `mention`, `status`, `reblog`, `follow`, `follow_request`, `favourite`,
    /// `poll` or `update`.
    pub kind: &'static str,
    /// Username of the account that caused it.
    pub from: &'static str,
    /// Key of the status it is about.
    pub status: Option<&'static str>,
    pub minutes_ago: u32,
}

/// A list owned by the demo user.
#[derive(Debug, Clone, Copy)]
pub struct SeedList {
    pub title: &'static str,
    pub members: &'static [&'static str],
    /// `followed`, `list` or `none`.
    pub replies_policy: &'static str,
}

/// The demo user's username.
pub const ME: &str = "demo";

// ---------------------------------------------------------------------------
// Builders (const, so the tables below stay plain statics).

/// A public, English, plain status.
const fn post(
    key: &'static str,
    author: &'static str,
    minutes_ago: u32,
    text: &'static str,
) -> SeedStatus {
    SeedStatus {
        key,
        author,
        text,
        cw: "",
        visibility: "public",
        language: "en",
        sensitive: false,
        reply_to: None,
        boost_of: None,
        media: &[],
        poll: None,
        minutes_ago,
        favourited_by_me: false,
        bookmarked_by_me: false,
        edited: false,
    }
}

/// A boost of the status `of` by `author`.
const fn boost(
    key: &'static str,
    author: &'static str,
    of: &'static str,
    minutes_ago: u32,
) -> SeedStatus {
    let mut s = post(key, author, minutes_ago, "");
    s.boost_of = Some(of);
    s.language = "";
    s
}

impl SeedStatus {
    const fn re(mut self, key: &'static str) -> Self {
        self.reply_to = Some(key);
        self
    }
    const fn warn(mut self, cw: &'static str) -> Self {
        self.cw = cw;
        self
    }
    const fn lang(mut self, language: &'static str) -> Self {
        self.language = language;
        self
    }
    const fn vis(mut self, visibility: &'static str) -> Self {
        self.visibility = visibility;
        self
    }
    const fn nsfw(mut self) -> Self {
        self.sensitive = true;
        self
    }
    const fn with_media(mut self, media: &'static [SeedMedia]) -> Self {
        self.media = media;
        self
    }
    const fn with_poll(mut self, poll: SeedPoll) -> Self {
        self.poll = Some(poll);
        self
    }
    const fn fav(mut self) -> Self {
        self.favourited_by_me = true;
        self
    }
    const fn saved(mut self) -> Self {
        self.bookmarked_by_me = true;
        self
    }
    const fn was_edited(mut self) -> Self {
        self.edited = true;
        self
    }
}

/// An image with alt text.
const fn img(alt: &'static str, width: u32, height: u32, color: (u8, u8, u8)) -> SeedMedia {
    SeedMedia {
        kind: "image",
        description: Some(alt),
        width,
        height,
        color,
    }
}

/// An attachment without alt text.
const fn no_alt(kind: &'static str, width: u32, height: u32, color: (u8, u8, u8)) -> SeedMedia {
    SeedMedia {
        kind,
        description: None,
        width,
        height,
        color,
    }
}

/// Any attachment with alt text.
const fn described(
    kind: &'static str,
    alt: &'static str,
    width: u32,
    height: u32,
    color: (u8, u8, u8),
) -> SeedMedia {
    SeedMedia {
        kind,
        description: Some(alt),
        width,
        height,
        color,
    }
}

const fn note(
    kind: &'static str,
    from: &'static str,
    status: Option<&'static str>,
    minutes_ago: u32,
) -> SeedNotification {
    SeedNotification {
        kind,
        from,
        status,
        minutes_ago,
    }
}

// ---------------------------------------------------------------------------
// Accounts

pub static ACCOUNTS: &[SeedAccount] = &[
    SeedAccount {
        username: ME,
        domain: None,
        display_name: "Demo User",
        note: "Kicking the tyres of #trompe, a terminal client for Mastodon.\n\nEverything you see here is made up, so poke around freely: nothing is real and nothing breaks 🙂",
        fields: &[
            ("Client", "trompe --demo", false),
            ("Website", "https://trompe.example", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: false,
        follows_me: false,
        joined_days_ago: 12,
    },
    SeedAccount {
        username: "ferris",
        domain: None,
        display_name: "Ferris :rustacean:",
        note: "Crab. Compiler whisperer. I'll review your borrow checker errors for free.\n\nPosts about #rust, #terminal tools and the occasional beach. Contributor to #trompe.",
        fields: &[
            ("Pronouns", "it/its", false),
            ("Shell", "fish, obviously", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 1460,
    },
    SeedAccount {
        username: "sam",
        domain: None,
        display_name: "Sam :verified: (admin)",
        note: "Running this little :mastodon: instance on a Raspberry Pi and good intentions.\n\nHouse rules: be kind, describe your images, use content warnings generously. Questions? Just mention me.",
        fields: &[
            ("Status page", "https://status.example.com", false),
            ("Matrix", "sam:matrix.example", false),
            ("Role", "admin & janitor", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 900,
    },
    SeedAccount {
        username: "marisol",
        domain: None,
        display_name: "Marisol Vega",
        note: "Accessibility engineer. Screen reader user, advocate every day.\n\nPlease describe your images 💜 #a11y #accessibility",
        fields: &[
            ("Website", "https://marisol.example", true),
            ("Code", "https://code.example/marisol", true),
            ("Pronouns", "she/her", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 1200,
    },
    SeedAccount {
        username: "zoe",
        domain: None,
        // "Zoë" written with a combining diaeresis (e + U+0308).
        display_name: "Zoe\u{308} 👩‍💻",
        note: "Backend dev by day, synth noodler by night. Learning #rust one lifetime at a time.\n\nShe/her. Bad puns guaranteed.",
        fields: &[
            ("Pronouns", "she/her", false),
            ("Synths", "too many", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 430,
    },
    SeedAccount {
        username: "weather",
        domain: None,
        display_name: "Harbourtown Weather ⛅",
        note: "Automated forecasts for Harbourtown, four times a day. Not affiliated with any real weather service.\n\nMaintained by @sam. #weather",
        fields: &[
            ("Source", "https://weather.example/api", false),
            ("Schedule", "every 6 hours", false),
        ],
        bot: true,
        locked: false,
        followed_by_me: true,
        follows_me: false,
        joined_days_ago: 700,
    },
    SeedAccount {
        username: "buildbot",
        domain: None,
        display_name: "trompe CI 🤖",
        note: "I build #trompe every night and on every pull request, then tell you how it went. Beep boop.\n\nOperated by @ferris.",
        fields: &[("Dashboard", "https://ci.example/trompe", false)],
        bot: true,
        locked: false,
        followed_by_me: true,
        follows_me: false,
        joined_days_ago: 200,
    },
    SeedAccount {
        username: "camille",
        domain: Some("social.example.org"),
        display_name: "Camille Dubois 📷",
        note: "Photographe amateure à Lyon. Brouillard, toits et chats.\n\nJe poste en français, et parfois en anglais. #photographie #photography",
        fields: &[
            ("Portfolio", "https://camille.example/photos", false),
            ("Ville", "Lyon", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 2100,
    },
    SeedAccount {
        username: "haruki",
        domain: Some("other.example"),
        display_name: "佐藤 春樹",
        note: "ターミナルとフォントが好きなエンジニアです。東京在住。\n#vim #terminal\n\nEnglish OK (slowly).",
        fields: &[
            ("Blog", "https://haruki.example/blog", false),
            ("場所", "東京", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 1800,
    },
    SeedAccount {
        username: "layla",
        domain: Some("akkoma.example"),
        display_name: "ليلى | Layla",
        note: "مترجمة ومطورة برمجيات. أعمل على دعم اللغة العربية في الواجهات والطرفيات.\n\nTranslator and developer working on right-to-left support. #i18n #bidi",
        fields: &[
            ("اللغات", "العربية، English، Français", false),
            ("Website", "https://layla.example", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 1000,
    },
    SeedAccount {
        username: "theo",
        domain: Some("gts.example"),
        display_name: "Theo :blobcat:",
        note: "Self-hosting GoToSocial on a very small VPS. Writes long posts in Markdown because I can.\n\n#selfhosting #gotosocial",
        fields: &[("Uptime", "99.2 % (the cat)", false)],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 600,
    },
    SeedAccount {
        username: "priya",
        domain: Some("social.example.org"),
        display_name: "Priya 🧑🏽‍🚀",
        note: "Astrophotography from a light-polluted balcony. Clear skies! 🔭\n\n#astrophotography #photography",
        fields: &[("Gear", "80 mm refractor, a 1985 Celestron, patience", false)],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: true,
        joined_days_ago: 1500,
    },
    SeedAccount {
        username: "jonas",
        domain: Some("other.example"),
        display_name: "Jonas 🏳️‍🌈",
        note: "Dad of three 👨‍👩‍👧‍👦, builder of mechanical keyboards, knitter of questionable scarves.\n\n#mechanicalkeyboards #knitting",
        fields: &[
            ("Keyboards built", "7", false),
            ("Scarves finished", "0.5", false),
        ],
        bot: false,
        locked: false,
        followed_by_me: true,
        follows_me: false,
        joined_days_ago: 1300,
    },
    SeedAccount {
        username: "owl",
        domain: Some("akkoma.example"),
        display_name: "night owl 🦉",
        note: "Followers-only ramblings at unreasonable hours. I approve follow requests slowly, please don't take it personally.",
        fields: &[],
        bot: false,
        locked: true,
        followed_by_me: true,
        follows_me: false,
        joined_days_ago: 2500,
    },
    SeedAccount {
        username: "robin",
        domain: None,
        display_name: "Robin :ablobwave:",
        note: "new here! birds, bad puns and strong tea 🐦",
        fields: &[],
        bot: false,
        locked: false,
        followed_by_me: false,
        follows_me: false,
        joined_days_ago: 1,
    },
];

// ---------------------------------------------------------------------------
// Statuses (roughly oldest first; the loader sorts by age anyway)

pub static STATUSES: &[SeedStatus] = &[
    // ---- three days ago -------------------------------------------------
    post("wx_01", "weather", 4440, "🌤️ Harbourtown — evening update\nPartly cloudy, 14 °C (feels like 13 °C)\nWind W 12 km/h · Humidity 64 % · Pressure 1019 hPa\nTonight: clear spells, low 8 °C. A good night for stargazing.\n\n#weather #Harbourtown").vis("unlisted"),
    post("priya_clear", "priya", 4400, "Clear skies forecast tonight for once! Setting up the tracker on the balcony, fingers crossed the neighbours keep their floodlight off 🤞🔭\n\n#astrophotography"),
    post("ci_410", "buildbot", 4320, "✅ Nightly build #410 passed\nCommit 3f9c2e1 “compose: count characters by grapheme, not by byte”\n1,262 tests · 0 failed · 3 ignored · 6m 41s\nclippy: clean · MSRV: ok\n\nhttps://ci.example/trompe/builds/410 #trompe"),
    post("ferris_clippy", "ferris", 4300, "Reminder that cargo clippy with -W clippy::pedantic is a free code review from a very opinionated crab. You're welcome 🦀\n\n#rust"),
    post("jonas_morning", "jonas", 4250, "School run done, coffee acquired, keyboard build number seven waiting on my desk. Today is a good day ⌨️☕"),
    post("sam_stats", "sam", 4200, "Instance stats this week: 42 active users, 3,118 posts, 0 incidents and 1 raccoon sighting near the server closet (unconfirmed) 🦝\n\n#mastoadmin"),
    post("zoe_side", "zoe", 4150, "new week, new side project. this one will definitely get finished 🙃"),
    post("cam_fog", "camille", 4100, "Brouillard sur la Saône ce matin. On ne voyait même plus Fourvière 🌫️\n\n#photographie #photography #Lyon")
        .lang("fr")
        .with_media(&[img("Un pont de pierre qui disparaît dans un brouillard épais au-dessus d'une rivière calme ; quelques lampadaires sont encore allumés.", 1200, 800, (168, 176, 184))])
        .fav(),
    post("wx_02", "weather", 4080, "🌙 Harbourtown — night update\nClear, 9 °C (feels like 7 °C)\nWind NW 6 km/h · Humidity 71 % · Pressure 1021 hPa\nEarly morning: fog patches near the harbour, visibility under 200 m.\n\n#weather #Harbourtown").vis("unlisted"),
    post("priya_fog_re", "priya", 4050, "@camille@social.example.org This is gorgeous. Those lamps fading into the fog 😍").re("cam_fog"),
    boost("b_priya_fog", "priya", "cam_fog", 4045),
    post("cam_fog_re1", "camille", 4030, "@priya@social.example.org Merci ! I was late for work because of it, totally worth it.").re("priya_fog_re"),
    boost("b_demo_fog", ME, "cam_fog", 4010),
    post("demo_fog_re", ME, 4000, "@camille@social.example.org Superbe ! On dirait un tableau de Turner.").re("cam_fog").lang("fr"),
    post("cam_fog_re2", "camille", 3980, "@demo Merci beaucoup 😊 C'était vers 7 h, le meilleur moment de la journée pour ça.").re("demo_fog_re").lang("fr"),
    post("demo_morning", ME, 3950, "Morning, fediverse ☕ Today's experiment: a whole day on Mastodon without opening a single browser tab."),
    post("priya_nebula", "priya", 3900, "First light with the new dual-band filter! The Orion Nebula from my balcony, two hours of 30 s exposures stacked. Light pollution, you shall not pass 🧑🏽‍🚀✨\n\n#astrophotography #photography")
        .with_media(&[no_alt("image", 1024, 768, (40, 24, 64))])
        .fav(),
    post("ci_pr86", "buildbot", 3880, "🔨 PR #86 “Show a marker on images without alt text” by @zoe\n✅ All checks passed · 1,270 tests · 12m 10s\n\nhttps://ci.example/trompe/pr/86"),
    post("marisol_alt_re", "marisol", 3870, "@priya@social.example.org Stunning! Could you add a description for those of us using screen readers? Even one sentence helps 💜").re("priya_nebula"),
    post("priya_alt_re", "priya", 3850, "@marisol Oops, sorry! Here it is: a glowing pink and teal cloud of gas with four bright stars at its heart, on a black sky full of tiny stars. I'll remember next time 🙏").re("marisol_alt_re"),
    boost("b_cam_nebula", "camille", "priya_nebula", 3840),
    post("owl_birds", "owl", 3800, "The birds are starting. That means I've failed at sleeping again. Good morning, I guess 🐦").vis("private"),
    post("layla_evening", "layla", 3760, "مساء الخير من عمّان 🌙 أنهيت اليوم ترجمة ٣٠٠ سطر من الواجهة.\n\nالأرقام العربية أم الهندية؟ نقاش لا ينتهي 😄 #ترجمة").lang("ar"),
    post("wx_03", "weather", 3720, "🌫️ Harbourtown — morning update\nFog, 7 °C (feels like 5 °C)\nWind calm · Humidity 97 % · Visibility 150 m\nFog lifting by late morning, then sunny spells, high 15 °C.\n\n#weather #Harbourtown").vis("unlisted"),
    post("haruki_font1", "haruki", 3700, "おはようございます。今日は新しいフォントを試しています。日本語と英語の幅がちゃんと揃うと気持ちいい ☕\n\n#terminal #フォント").lang("ja"),
    post("ferris_ctrlr", "ferris", 3650, "Unpopular opinion: the best terminal feature is still Ctrl-R reverse history search. Everything else is decoration.\n\n#terminal"),
    post("zoe_pin", "zoe", 3600, "Good morning! ☕ Today's plan: finally understand what Pin<&mut Self> means. Tomorrow's plan: recover.\n\n#rust"),
    post("sam_maint", "sam", 3500, "Heads up: I'll be upgrading the server tonight around 22:00 UTC. Expect about 15 minutes of downtime. Anything you post during that window may get lost, so maybe go touch grass instead 🌱\n\nI'll reply here when we're back.")
        .warn("instance maintenance tonight (short downtime)")
        .was_edited(),
    post("layla_tip", "layla", 3450, r#"<p>Quick tip for anyone testing RTL support: don't just use Arabic text, use <strong>mixed</strong> text. The things that break most often:</p><ul><li>numbers inside Arabic sentences (<code>١٢٣</code> vs <code>123</code>)</li><li>trailing punctuation, like <code>مرحبا!</code></li><li>URLs and <code>inline code</code> in the middle of a sentence</li></ul><p>If your client survives all three, you're ahead of most. <a href="https://akkoma.example/tag/bidi" class="hashtag" rel="tag">#<span>bidi</span></a></p>"#)
        .saved(),
    post("wx_04", "weather", 3360, "☀️ Harbourtown — midday update\nSunny, 16 °C (feels like 15 °C)\nWind S 9 km/h · Humidity 58 % · Pressure 1017 hPa\nUV index 3. Clouds building from the west this afternoon.\n\n#weather #Harbourtown").vis("unlisted"),
    post("cam_coffee", "camille", 3330, "Premier café, premier rayon de soleil sur les pentes de la Croix-Rousse ☕☀️ Belle journée à toutes et à tous !").lang("fr"),
    post("theo_upgrade", "theo", 3300, r#"<p>Upgraded my GoToSocial instance to the latest release. The whole procedure:</p><pre><code>systemctl stop gotosocial
cp gotosocial.db gotosocial.db.bak
./gotosocial --config-path config.yaml server start</code></pre><p>That's it. No <del>three-hour</del> downtime, no drama. 🎉</p><p><a href="https://gts.example/tags/gotosocial" class="mention hashtag" rel="tag">#<span>gotosocial</span></a></p>"#)
        .was_edited()
        .saved(),
    post("sam_upg_re", "sam", 3280, "@theo@gts.example Must be nice. My Mastodon upgrades involve database migrations, a Sidekiq queue the size of a small country and at least one existential crisis.").re("theo_upgrade"),
    post("theo_upg_re", "theo", 3260, "@sam SQLite and a single binary. Come to the dark side, we have :blobcat:").re("sam_upg_re"),
    boost("b_demo_theo", ME, "theo_upgrade", 3250),
    post("sam_upg_re2", "sam", 3240, "@theo@gts.example Don't tempt me. Actually, do tempt me, I'll be awake at 22:00 anyway.").re("theo_upg_re"),
    post("ferris_errors", "ferris", 3200, "Compiler error messages are love letters from the past to the future. Some of them are a bit passive-aggressive, but still 💌\n\n#rust"),
    boost("b_jonas_theo", "jonas", "theo_upgrade", 3190),
    post("jonas_kb", "jonas", 3150, "New build finally done! 65 % layout, lubed linear switches, cherry-profile PBT keycaps in a very questionable orange. The kids call it “the pumpkin” 🎃⌨️\n\n#mechanicalkeyboards")
        .with_media(&[no_alt("image", 1280, 720, (230, 126, 34))]),
    post("marisol_psa", "marisol", 3100, "Friendly reminder: alt text isn't only for blind folks. It helps people on slow connections, people with cognitive disabilities, and anyone whose images didn't load. Write what you'd say if you were describing the picture to a friend on the phone 💜\n\n#a11y #accessibility #fediverse")
        .fav()
        .saved(),
    boost("b_demo_psa", ME, "marisol_psa", 3090),
    boost("b_sam_psa", "sam", "marisol_psa", 3080),
    post("haruki_vimrc", "haruki", 3010, "vimrcがついに1000行を超えました。これは誇りなのか、反省なのか… 🤔\n\n#vim").lang("ja"),
    post("wx_05", "weather", 3000, "🌧️ Harbourtown — evening update\nRain arriving, 12 °C (feels like 10 °C)\nWind SW 28 km/h, gusts 45 km/h · Humidity 86 % · Pressure 1008 hPa\nTonight: heavy rain at times. Yellow wind warning for the coast.\n\n#weather #Harbourtown").vis("unlisted"),
    post("zoe_script", "zoe", 2950, "Me: I'll just write a quick script.\nAlso me, four hours later: a tiny state machine with exhaustive pattern matching and property tests.\n\n#rust"),
    // ---- the big thread: "what do you need from a terminal client?" -------
    post("demo_hello", ME, 2900, "Hello from the terminal! 👋 I'm writing this with #trompe, a TUI client for Mastodon, no browser involved.\n\nWhat's the one feature you'd need from a terminal client before switching? #fediverse"),
    post("t1_ferris", "ferris", 2880, "@demo Welcome! Vim-style keys or I riot. j/k to scroll, gg to jump to the top, that's the contract :rustacean:").re("demo_hello"),
    post("ci_411", "buildbot", 2879, "✅ Nightly build #411 passed\nCommit 8a41d07 “timeline: mark images that have no alt text”\n1,281 tests · 0 failed · 3 ignored · 6m 55s\nclippy: clean · MSRV: ok\n\nhttps://ci.example/trompe/builds/411 #trompe"),
    post("t1_marisol", "marisol", 2875, "@demo Good screen reader support, please! A TUI can be surprisingly accessible, as long as it doesn't redraw the entire screen ten times a second.").re("demo_hello"),
    post("t1_demo2", ME, 2870, "@ferris j/k are already there, and gg/G too! What about a command palette on the colon key, like in vim?").re("t1_ferris"),
    post("t1_demo_m", ME, 2865, "@marisol That's a great point. Would a “reduced motion” mode that turns off spinners and live counters help?").re("t1_marisol"),
    post("t1_ferris3", "ferris", 2860, "@demo A command palette. In a Mastodon client. You've done it, you've nerd-sniped me. Give me a week.").re("t1_demo2"),
    post("t1_layla", "layla", 2850, "@demo Right-to-left text, please! مرحبا — most terminal clients mangle Arabic. Try mixed strings like “تم تحديث trompe إلى الإصدار 0.3” and see what happens 😅").re("demo_hello"),
    post("t1_marisol2", "marisol", 2845, "@demo Yes! And show alt text inline, or at least tell me clearly when an image has none. #a11y").re("t1_demo_m"),
    post("t1_haruki", "haruki", 2840, "@ferris @demo コマンドパレット、いいですね！ Vim user here too. Please also support Ctrl-[ as Esc 🙏").re("t1_ferris3").lang("ja"),
    post("t1_demo_l", ME, 2835, "@layla@akkoma.example Adding your example to the test suite right now. شكراً!").re("t1_layla"),
    post("t1_demo5", ME, 2830, "@haruki@other.example @ferris Noted! Ctrl-[ sends the same byte as Esc at the terminal level, so it should already work. ありがとう！").re("t1_haruki"),
    boost("b_zoe_hello", "zoe", "demo_hello", 2825),
    post("t1_zoe", "zoe", 2820, "@marisol @demo +1 to flagging missing alt text. A gentle nudge works so much better than shaming people.").re("t1_marisol2"),
    post("t1_layla2", "layla", 2810, "@demo عفواً! Ping me whenever you want more nasty test strings 😈").re("t1_demo_l"),
    post("t1_haruki2", "haruki", 2800, "@demo 本当だ、動きました！ Thanks 😄").re("t1_demo5").lang("ja"),
    post("t1_ferris4", "ferris", 2790, "@haruki@other.example @demo The terminal is older than all of us and it still has surprises.").re("t1_haruki2"),
    // ---- two days ago -----------------------------------------------------
    post("jonas_movie", "jonas", 2750, "Family movie night 👨‍👩‍👧‍👦 Three kids, two bowls of popcorn, one very lucky dog under the sofa."),
    post("sam_back", "sam", 2700, "And we're back! The upgrade went smoothly: only one migration complained, and it apologised. Thanks for your patience 💙\n\n#mastoadmin").re("sam_maint"),
    post("wx_06", "weather", 2640, "⛈️ Harbourtown — night update\nThunderstorms, 11 °C (feels like 7 °C)\nWind SW 41 km/h, gusts 70 km/h · Humidity 93 % · Pressure 996 hPa\nAmber wind warning until 6 am. Stay away from the seafront.\n\n#weather #Harbourtown").vis("unlisted"),
    post("marisol_quiet", "marisol", 2620, "Testing terminal apps with a screen reader today. Surprise of the day: the app that announces the least is the most pleasant to use. Less noise, more signal.\n\n#a11y #terminal"),
    post("owl_fridge", "owl", 2600, "3 am and the fridge is making a noise I can only describe as “existential”. Anyone else awake?").vis("private"),
    post("owl_fridge2", "owl", 2580, "Update: it was the ice maker. We are friends now.").re("owl_fridge").vis("private"),
    post("zoe_cat", "zoe", 2560, "rubber duck debugging, except the duck is my cat and she is judging every single line"),
    post("demo_procrast", ME, 2520, "Things I did today: configured a terminal Mastodon client, picked a colour scheme, wrote a keybinding cheat sheet.\nThings I did not do: the thing I was supposed to do.\n\n#terminal"),
    post("haruki_frieren", "haruki", 2500, "最終話、泣きました。フリーレンがヒンメルの言葉を思い出すシーンは反則です 😭\n\n#アニメ")
        .warn("ネタバレ: 葬送のフリーレン 最終話")
        .lang("ja"),
    post("demo_martian", ME, 2450, "Finally finished The Martian. The moment he realises he has to science the potatoes is the most relatable thing I've read all year 🥔🚀\n\n#books")
        .warn("book spoilers: The Martian"),
    post("theo_ram", "theo", 2480, "GoToSocial is using 45 MB of RAM on my VPS right now. My text editor is using 600. I have questions about my life choices.\n\n#gotosocial #selfhosting"),
    post("ferris_impl", "ferris", 2400, "Rust tip: impl Trait in argument position is sugar for a generic parameter. In return position it is not: the function picks the type, not the caller. This difference has cost me approximately one (1) afternoon.\n\n#rust"),
    post("cam_film", "camille", 2300, "Quelqu'un connaît un bon labo pour développer de la pellicule à Lyon ? Mon vieil Olympus argentique sort du placard après dix ans 📷\n\n#argentique #photographie").lang("fr"),
    post("wx_07", "weather", 2280, "🌬️ Harbourtown — morning update\nShowers, 10 °C (feels like 6 °C)\nWind W 33 km/h · Humidity 81 % · Pressure 1003 hPa\nThe storm is moving away. Fallen branches reported on Quay Road, take care.\n\n#weather #Harbourtown").vis("unlisted"),
    post("jonas_film_re", "jonas", 2270, "@camille@social.example.org Not in Lyon, but if nobody answers: developing black and white at home is easier than it looks! A changing bag, a tank and a lot of patience.").re("cam_film"),
    post("cam_film_re", "camille", 2250, "@jonas@other.example Oh, bonne idée ! My bathroom is about to become a darkroom 😄").re("jonas_film_re"),
    post("theo_s3", "theo", 2230, "Moved my instance's media to a cheaper object store today. Saved €3 a month. Spent six hours. Worth it? Absolutely, it's the principle.\n\n#selfhosting"),
    post("layla_bidi", "layla", 2200, "سؤال لمطوري الطرفيات: كيف تتعاملون مع النصوص ثنائية الاتجاه؟ معظم المحاكيات تعرض العربية من اليسار إلى اليمين وبحروف منفصلة 😕\n\nأي نصائح أو مكتبات تنصحون بها؟ #bidi #العربية #terminal").lang("ar"),
    post("haruki_bidi_re", "haruki", 2170, "@layla@akkoma.example Same story with Japanese full-width characters! Many emulators still assume every character is one column wide. Solidarity 🤝").re("layla_bidi"),
    boost("b_demo_bidi", ME, "layla_bidi", 2160),
    post("layla_bidi_re", "layla", 2150, "@haruki@other.example بالضبط! العرض والاتجاه مشكلتان مختلفتان، لكن الحل واحد: اختبروا بنصوص حقيقية، لا بأمثلة مصطنعة.").re("haruki_bidi_re").lang("ar"),
    post("marisol_bidi_re", "marisol", 2140, "@layla@akkoma.example And screen readers! If the text is only reordered visually, the reading order can end up completely scrambled.").re("layla_bidi"),
    post("layla_bidi_re2", "layla", 2120, "@marisol نقطة مهمة جداً، شكراً لكِ 🙏 I'll add a section about screen readers to my write-up.").re("marisol_bidi_re").lang("ar"),
    post("priya_stack", "priya", 2100, "Processing tip: stack first, stretch later. Stretching individual frames before stacking amplifies exactly the noise you were trying to average out.\n\n#astrophotography"),
    post("sam_poll", "sam", 2000, "Should we enable the translate button on this instance? It would send post text to a small LibreTranslate running on the same box; nothing leaves the server 🗳️")
        .with_poll(SeedPoll {
            options: &["Yes, please!", "Yes, but only when I click", "No thanks", "I'm only here for the cat pictures"],
            votes: &[18, 25, 4, 11],
            multiple: false,
            expires_in_hours: -9,
            voted_by_me: &[1],
        }),
    post("ci_pr91", "buildbot", 1980, "🔨 PR #91 “Command palette” by @ferris\n✅ All checks passed · 1,290 tests · 11m 48s\n\nhttps://ci.example/trompe/pr/91"),
    post("wx_08", "weather", 1920, "🌥️ Harbourtown — midday update\nCloudy, 13 °C (feels like 11 °C)\nWind W 19 km/h · Humidity 74 % · Pressure 1011 hPa\nDrying up this afternoon. Cleanup crews are still busy on Quay Road.\n\n#weather #Harbourtown").vis("unlisted"),
    post("demo_help", ME, 1900, "TIL you can press ? in #trompe to see every keybinding. I've been guessing for two days 🙃"),
    post("priya_starlink", "priya", 1890, "Tried again last night: 40 frames of 30 s, and 38 of them have a satellite streak. Photobombed by low orbit 🛰️😤\n\n#astrophotography"),
    post("haruki_rain", "haruki", 1880, "東京はまた雨。リファクタリング日和です 🌧️💻").lang("ja"),
    post("zoe_lifetimes", "zoe", 1800, "Day 12 of learning #rust:\nI finally understand lifetimes.\n\nDay 13:\nI no longer understand lifetimes."),
    post("zl_ferris", "ferris", 1790, "@zoe This is the way. Understanding lifetimes is not a state, it's a cycle. Like the moon 🌙🦀").re("zoe_lifetimes"),
    post("zl_zoe", "zoe", 1780, "@ferris so what you're saying is that by day 14 I'll understand them again?").re("zl_ferris"),
    post("zl_ferris2", "ferris", 1770, "@zoe By day 14 you'll understand them differently. That's called growth.").re("zl_zoe"),
    post("zl_theo", "theo", 1760, "@zoe What helped me: read a lifetime as “the region of code where this borrow is valid”. Not a duration, a region.").re("zoe_lifetimes"),
    boost("b_ferris_zoe", "ferris", "zoe_lifetimes", 1750),
    post("zl_zoe2", "zoe", 1740, "@theo@gts.example oh. OH. That actually helps a lot, thank you! 💡").re("zl_theo"),
    post("demo_poll", ME, 1700, "Quick poll for the timeline people: how do you read your home timeline?")
        .with_poll(SeedPoll {
            options: &["Everything, oldest first", "Newest first, stop when bored", "Only through lists", "I don't, I just post"],
            votes: &[7, 15, 3, 5],
            multiple: false,
            expires_in_hours: -4,
            voted_by_me: &[],
        }),
    post("jonas_scarf", "jonas", 1690, "Scarf progress: 1.2 metres. The pattern is officially called “whatever happens, happens” 🧶\n\n#knitting"),
    post("layla_callback", "layla", 1600, "صباح الخير! ☕ اليوم أترجم توثيق مشروع مفتوح المصدر إلى العربية. أصعب كلمة حتى الآن: “callback” 😅\n\n#ترجمة #opensource").lang("ar"),
    post("wx_09", "weather", 1560, "🌇 Harbourtown — evening update\nClearing, 12 °C (feels like 11 °C)\nWind NW 11 km/h · Humidity 68 % · Pressure 1016 hPa\nTonight: mostly clear, low 6 °C. Grab a jacket.\n\n#weather #Harbourtown").vis("unlisted"),
    post("marisol_orca", "marisol", 1520, "Tried three terminal Mastodon clients with Orca this week. The one that behaved best was the one that… didn't redraw the whole screen every second. Coincidence? I think not.\n\n#a11y #terminal"),
    post("ferris_poll", "ferris", 1500, "Poll for the terminal people: which emulator are you typing in right now? 🖥️\n\n#terminal")
        .with_poll(SeedPoll {
            options: &["Alacritty", "kitty", "WezTerm", "foot", "GNOME Terminal / Konsole", "Something else (reply!)"],
            votes: &[34, 51, 29, 12, 40, 9],
            multiple: false,
            expires_in_hours: 48,
            voted_by_me: &[1],
        })
        .fav(),
    boost("b_demo_poll", ME, "ferris_poll", 1495),
    post("fp_haruki", "haruki", 1490, "@ferris kitty です！ 合字とグリフのサポートが最高です。").re("ferris_poll").lang("ja"),
    boost("b_haruki_poll", "haruki", "ferris_poll", 1485),
    post("fp_jonas", "jonas", 1480, "@ferris Something else: plain old xterm. I like my terminals like my scarves: old, warm and slightly broken 🧶").re("ferris_poll"),
    post("fp_ferris", "ferris", 1470, "@jonas@other.example Respect. xterm has seen things.").re("fp_jonas"),
    post("fp_zoe", "zoe", 1460, "@ferris WezTerm, because I configure it in Lua and that makes me feel powerful ✨").re("ferris_poll"),
    // ---- yesterday ----------------------------------------------------------
    post("ci_412", "buildbot", 1440, "❌ Nightly build #412 failed\nCommit 91d04ab “timeline: wrap RTL paragraphs in bidi isolates”\n1,297 tests · 2 failed (bidi::mixed_numbers, bidi::trailing_punctuation) · 7m 02s\n\nhttps://ci.example/trompe/builds/412 cc @zoe"),
    post("ci_412_zoe", "zoe", 1400, "@buildbot oops, that one's mine 😅 Trailing punctuation in RTL strikes again. Fix incoming.").re("ci_412"),
    post("cam_tarte", "camille", 1350, "J'ai enfin réussi la tarte aux pralines de ma grand-mère. Rose, sucrée, parfaite. Je mets la recette en réponse si ça intéresse quelqu'un !\n\n#cuisine #Lyon")
        .lang("fr")
        .warn("nourriture 🍰")
        .nsfw()
        .with_media(&[img("Une tarte aux pralines roses sur une assiette blanche, une part déjà découpée.", 1024, 1024, (214, 92, 120))]),
    post("ct_demo", ME, 1330, "@camille@social.example.org Oui, la recette s'il te plaît ! 🙏").re("cam_tarte").lang("fr"),
    post("ct_cam", "camille", 1320, "@demo 200 g de pralines roses concassées, 20 cl de crème, une pâte brisée. On fait fondre les pralines dans la crème, on verse sur la pâte, 25 min à 180 °C. C'est tout, et c'est magique ✨")
        .re("ct_demo")
        .lang("fr")
        .fav()
        .saved(),
    post("theo_clock", "theo", 1310, r#"<p><strong>PSA</strong> for fellow self-hosters: if your server suddenly stops federating, check the clock <em>first</em>.</p><pre><code>timedatectl status</code></pre><p>HTTP signatures are rejected when your clock drifts more than a few minutes. Ask me how I know. 🙃</p>"#),
    post("ci_413", "buildbot", 1300, "✅ Build #413 (main) passed\nCommit c07e5b2 “bidi: keep trailing punctuation with its run” by @zoe\n1,299 tests · 0 failed · both failing tests fixed\n\nhttps://ci.example/trompe/builds/413").re("ci_412"),
    post("priya_selfie", "priya", 1250, "Me and my new (old) telescope: a 1985 Celestron that a retired physics teacher gave me. It has stories to tell and I intend to add a few 🔭")
        .warn("selfie, eye contact")
        .nsfw()
        .with_media(&[img("A person with short dark hair grinning next to a white tube telescope on a balcony at dusk.", 900, 1200, (70, 90, 140))]),
    post("wx_10", "weather", 1200, "✨ Harbourtown — night update\nClear, 6 °C (feels like 4 °C)\nWind N 5 km/h · Humidity 79 % · Pressure 1022 hPa\nCold and calm. Perfect conditions for the meteor shower after midnight.\n\n#weather #Harbourtown").vis("unlisted"),
    post("demo_unlisted", ME, 1190, "Note to self: “unlisted” means the post stays out of the public timelines, but anyone with the link can still read it. Testing… 🧪").vis("unlisted"),
    post("sam_moderation", "sam", 1150, "A few people asked how moderation works here, so:\n\nI read every report, usually within a day. I'll message you before doing anything, unless it's obvious spam. Any defederation gets its own post, with reasons. If you disagree with a decision, send me a DM: I'm a person, not a policy document 💙\n\n#mastoadmin")
        .warn("meta: moderation (long-ish)"),
    post("haruki_rain_rec", "haruki", 1180, "雨の音を録音しました。東京の夜、ベランダから10分間。作業用BGMにどうぞ 🌧️\n\n#fieldrecording")
        .lang("ja")
        .with_media(&[described("audio", "ベランダの手すりに当たる雨の音と遠くの車の音 / Ten minutes of steady rain on a balcony railing, with distant traffic.", 640, 360, (60, 80, 110))]),
    post("zoe_question", "zoe", 1100, "Pair programming with @ferris today and I learned that the question mark operator works on Option too. My whole life has been a lie 🤯\n\n#rust"),
    post("zq_ferris", "ferris", 1090, "@zoe Wait until you discover let-else. You will ascend.").re("zoe_question"),
    post("theo_cat", "theo", 1080, "My cat has discovered that the server's fan exhaust is warm. Uptime is now at the mercy of :blobcat:\n\n#selfhosting")
        .with_media(&[described("gifv", "A grey cat loafing on top of a small black server, eyes slowly closing.", 480, 480, (110, 110, 120))]),
    post("jonas_poll", "jonas", 1050, "Next build needs switches and I can't decide. Pick as many as you like; the kids have already voted for “the loudest one” 😩\n\n#mechanicalkeyboards")
        .with_poll(SeedPoll {
            options: &["Linear (smooth, quiet)", "Tactile (bump, no click)", "Clicky (the kids' choice)", "Silent tactile"],
            votes: &[22, 31, 17, 9],
            multiple: true,
            expires_in_hours: 72,
            voted_by_me: &[],
        }),
    post("owl_requests", "owl", 1020, "Accepted a few follow requests tonight. Hello, new people. I mostly post about insomnia and birds, you've been warned.").vis("private"),
    post("demo_shot", ME, 1000, "Here's what my timeline looks like in #trompe right now. Yes, that's my actual colour scheme. No, I will not be taking questions 😎")
        .with_media(&[img("A dark terminal window showing a Mastodon timeline: bold usernames, neatly wrapped posts, and a status bar with keyboard hints at the bottom.", 1280, 800, (30, 34, 46))]),
    post("layla_cmds", "layla", 990, "نصيحة للمترجمين: لا تترجموا أسماء الأوامر مثل git أو cargo، فالمستخدم سيكتبها بالإنجليزية على أي حال. ترجموا الشرح، لا الأوامر.\n\n#ترجمة #i18n").lang("ar"),
    boost("b_marisol_shot", "marisol", "demo_shot", 985),
    post("ds_marisol", "marisol", 975, "@demo Love it! Is that a little warning sign next to the image without alt text? 👀").re("demo_shot"),
    post("ds_demo", ME, 965, "@marisol It is! Inspired by a certain someone 💜").re("ds_marisol"),
    post("dm_marisol", "marisol", 950, "@demo Hey! Would you be up for co-hosting the accessibility meetup stream next Thursday? We'd love a live demo of a terminal client with a screen reader. Zero pressure 💜").vis("direct"),
    post("dm_demo", ME, 930, "@marisol I'd love to! Send me the details. I'll practise not breaking things live 😅").re("dm_marisol").vis("direct"),
    post("dm_marisol2", "marisol", 920, "@demo Yay! The invite is in your inbox. Thursday at 6 pm, and if anything breaks we'll call it “an authentic experience”.").re("dm_demo").vis("direct"),
    post("ferris_tabs", "ferris", 900, "Tabs for indentation, spaces for alignment. Fight me.\n\n(Please don't actually fight me, I have tiny claws.) 🦀").warn("hot take: tabs vs. spaces"),
    post("zoe_synth", "zoe", 850, "Made a little synth patch tonight. It sounds like a dial-up modem falling in love 💕🎹")
        .with_media(&[no_alt("video", 1280, 720, (120, 60, 160))]),
    post("wx_11", "weather", 840, "🌅 Harbourtown — morning update\nSunny, 8 °C (feels like 7 °C)\nWind NE 8 km/h · Humidity 70 % · Pressure 1024 hPa\nA bright, crisp day ahead, high 17 °C. Sunscreen if you're out by the water.\n\n#weather #Harbourtown").vis("unlisted"),
    post("demo_private", ME, 820, "Followers-only thought: I think I prefer reading the fediverse in a terminal. Fewer distractions, more words, and nothing autoplays.").vis("private"),
    post("layla_knafeh", "layla", 800, "كنافة نابلسية من صنع أمي 🧡 لا شيء أفضل منها بعد يوم طويل من الترجمة.\n\nMy mum's homemade knafeh. Nothing beats it after a long day of translating.")
        .lang("ar")
        .warn("طعام / food")
        .nsfw()
        .with_media(&[img("صينية كنافة ذهبية مغطاة بالفستق المطحون / A golden tray of knafeh topped with crushed pistachios.", 1200, 900, (222, 140, 40))]),
    post("jonas_spider", "jonas", 760, "Found this beauty spinning a web between my tomato plants. Garden spider, harmless, absolutely massive. The kids named her Margaret.\n\n#photography #gardening")
        .warn("spider 🕷️ (photo)")
        .nsfw()
        .with_media(&[img("A large orange-and-brown garden spider in the middle of a dewy orb web, blurred tomato leaves behind it.", 1080, 1080, (96, 130, 60))]),
    post("ferris_fish", "ferris", 720, "I have been asked to remind everyone that crabs are not, in fact, fish. Thank you for your attention 🦀"),
    post("haruki_font2", "haruki", 700, "ついにターミナルで「」と英数字がぴったり揃うフォントを見つけました。設定はこれだけ\n\nfont_family HackGen Console NF\nfont_size 13.0\n\n最高 ✨ #terminal #kitty").lang("ja"),
    post("marisol_motion", "marisol", 680, "Hot tip: in many TUIs, a “reduced motion” setting also makes them much nicer over SSH on a bad connection. Accessibility features help everyone.\n\n#a11y #terminal"),
    post("demo_rtl", ME, 650, "Small win today: #trompe now renders Arabic posts right-to-left, with English words and numbers in the right places. Thanks @layla@akkoma.example for the brutal test strings 🙏\n\nمرحبا بالعالم — hello world, 123!")
        .was_edited(),
    boost("b_layla_rtl", "layla", "demo_rtl", 635),
    post("rtl_layla", "layla", 630, "@demo رائع! 🎉 It looks right on my screen too. Next challenge: emoji with skin tones inside RTL text 👋🏽😈").re("demo_rtl"),
    post("priya_poll", "priya", 600, "Tonight's target if the clouds behave? Pick as many as you like, I'm greedy 🔭\n\n#astrophotography")
        .with_poll(SeedPoll {
            options: &["Andromeda Galaxy", "Pleiades", "Jupiter and its moons", "The Moon (easy mode)"],
            votes: &[12, 9, 14, 6],
            multiple: true,
            expires_in_hours: 12,
            voted_by_me: &[0, 2],
        }),
    // ---- today ---------------------------------------------------------------
    post("sam_rules", "sam", 560, "New here? 👋 Welcome! Our rules in a nutshell:\n\n1. Be kind.\n2. Describe your images.\n3. Use content warnings generously.\n\nFor everything else, mention me or use the report button. #introductions"),
    post("robin_hello", "robin", 500, "hello fediverse! :ablobwave: I'm Robin. I like birds (obviously), bad puns and strong tea. Still figuring out how all of this works 🐦\n\n#introductions"),
    boost("b_demo_robin", ME, "robin_hello", 495),
    post("rh_sam", "sam", 490, "@robin Welcome aboard! 🎉 Tip: follow a few hashtags like #birds or #introductions to fill your home timeline.").re("robin_hello"),
    post("wx_12", "weather", 480, "☀️ Harbourtown — midday update\nSunny, 17 °C (feels like 17 °C)\nWind E 10 km/h · Humidity 55 % · Pressure 1023 hPa\nUV index 4. Clouds increasing from the south tonight.\n\n#weather #Harbourtown").vis("unlisted"),
    post("rh_zoe", "zoe", 475, "@robin welcome! 🐦 bad puns are very much encouraged here").re("robin_hello"),
    post("rh_robin", "robin", 465, "@zoe owl be sure to post plenty then 🦉").re("rh_zoe"),
    post("marisol_talk", "marisol", 420, "Slides from my talk “Terminal UIs are user interfaces too” are up: https://marisol.example/talks/tui-a11y\n\nTL;DR: announce state changes, never rely on colour alone, and let people turn the animations off.\n\n#a11y #terminal"),
    boost("b_demo_talk", ME, "marisol_talk", 410),
    post("mt_ferris", "ferris", 400, "@marisol “Never rely on colour alone” — guilty as charged. Fixing my shell prompt tonight.").re("marisol_talk"),
    post("owl_fact", "owl", 390, "Owl fact: owls can't move their eyes, so they turn their whole head instead. Relatable.").vis("unlisted"),
    boost("b_robin_owl", "robin", "owl_fact", 380),
    post("zoe_emoji", "zoe", 360, "Today I learned 👩‍💻 is three code points: 👩 + ZWJ + 💻. And 👨‍👩‍👧‍👦 is seven. My string length function is having a very bad day.\n\n#unicode #rust")
        .fav(),
    post("ze_ferris", "ferris", 350, "@zoe This is why we count grapheme clusters. Reach for the unicode-segmentation crate and never speak of .len() again 🦀").re("zoe_emoji"),
    post("ze_haruki", "haruki", 340, "@zoe 日本語の濁点も同じです！「が」は1つのコードポイントのことも、2つ（か + ゛）のこともあります。見た目は同じ: が と か\u{3099} 🙃").re("zoe_emoji").lang("ja"),
    post("ze_zoe", "zoe", 330, "@haruki@other.example wait, so the same letter can be two different strings?? Normalisation, here I come 😵‍💫").re("ze_haruki"),
    post("ze_layla", "layla", 320, "@zoe Arabic has combining marks too: ك\u{64E}ت\u{64E}ب\u{64E} is six code points for three letters ✍️").re("zoe_emoji"),
    post("demo_weather", ME, 300, "The Harbourtown weather bot has been weirdly accurate this week. Either it's very good, or it's controlling the weather. @weather which one is it?"),
    post("sam_poll_done", "sam", 290, "The poll has spoken: translations are now enabled, on demand only. Look for the “Translate” button under posts written in other languages 🌍").re("sam_poll"),
    post("jonas_pride", "jonas", 280, "Fun fact: 🏳️‍🌈 is four code points, and the emoji macro on my keyboard firmware sends it perfectly. Small victories 🎉\n\n#mechanicalkeyboards #unicode"),
    post("cam_poll", "camille", 260, "Balade photo samedi : on va où ? 📷\n\n#photographie #Lyon")
        .lang("fr")
        .with_poll(SeedPoll {
            options: &["Les traboules du Vieux Lyon", "Le parc de la Tête d'Or", "Les quais du Rhône au coucher du soleil"],
            votes: &[14, 8, 21],
            multiple: false,
            expires_in_hours: 24,
            voted_by_me: &[],
        }),
    post("cam_roofs", "camille", 200, "Les toits de la Croix-Rousse au coucher du soleil. Deux photos, même endroit, dix minutes d'écart 🌇\n\n#photographie #photography")
        .lang("fr")
        .with_media(&[
            img("Des toits de tuiles orange sous un ciel doré, une cheminée au premier plan.", 1200, 800, (232, 150, 70)),
            no_alt("image", 1200, 800, (120, 80, 140)),
        ]),
    post("theo_md", "theo", 180, r#"<p><strong>Self-hosting checklist</strong> I wish I'd had a year ago:</p><ol><li>Backups. Automated. <em>Tested.</em></li><li>Monitoring that pings your phone, not your inbox</li><li>A <code>README.md</code> for future you</li><li>Don't run it on the same box as your Minecraft server</li></ol><blockquote><p>Everyone has a test environment. Some people are lucky enough to have a separate production environment.</p></blockquote><p><a href="https://gts.example/tags/selfhosting" class="mention hashtag" rel="tag">#<span>selfhosting</span></a></p>"#)
        .saved(),
    post("tm_layla", "layla", 170, r#"<p><span class="h-card"><a class="u-url mention" href="https://gts.example/@theo" rel="ugc">@<span>theo</span></a></span> number 5: <strong>write down which port you used</strong>. I once lost an evening to <code>8443</code> vs <code>8843</code>.</p>"#)
        .re("theo_md"),
    post("owl_sleep", "owl", 150, "Fourth night in a row I can't sleep. Not looking for advice, just putting this somewhere other than my head.")
        .warn("venting, sleep")
        .vis("private"),
    post("os_demo", ME, 140, "@owl@akkoma.example Sending quiet company 🫖 No advice, just here.").re("owl_sleep").vis("private"),
    post("ci_414", "buildbot", 130, "🏷️ Release build #414 (v0.4.0) passed\n1,318 tests · 0 failed · 7m 20s\nArtifacts for linux-x86_64, linux-aarch64, macos-universal and windows-x86_64\n\nhttps://ci.example/trompe/builds/414 #trompe"),
    post("os_owl", "owl", 125, "@demo thank you. that helps more than you'd think.").re("os_demo").vis("private"),
    post("wx_13", "weather", 120, "🌦️ Harbourtown — evening update\nSunny spells and a passing shower, 14 °C (feels like 13 °C)\nWind S 14 km/h · Humidity 66 % · Pressure 1018 hPa\nTonight: cloudy, low 9 °C. Rain likely tomorrow afternoon.\n\n#weather #Harbourtown").vis("unlisted"),
    post("ferris_release", "ferris", 100, "trompe 0.4 is out! 🦀🎉\n\n• grapheme-aware compose box\n• bidi text rendering (thanks @layla@akkoma.example!)\n• a warning on images without alt text\n• a command palette, because @demo asked nicely\n\nhttps://trompe.example/releases/0.4 #rust #terminal #trompe")
        .was_edited()
        .fav(),
    boost("b_zoe_rel", "zoe", "ferris_release", 95),
    boost("b_demo_rel", ME, "ferris_release", 92),
    post("fr_demo", ME, 90, "@ferris 🎉🎉🎉 The command palette is beautiful. Thank you!").re("ferris_release"),
    boost("b_layla_rel", "layla", "ferris_release", 85),
    boost("b_theo_rel", "theo", "ferris_release", 80),
    post("demo_palette", ME, 60, "Okay, #trompe 0.4 with the command palette: press the colon key and type “bookmarks”. That's it. That's the post ✨"),
    post("haruki_night", "haruki", 45, "今日もお疲れさまでした。おやすみなさい 🌙").lang("ja"),
    post("priya_clouds", "priya", 30, "Clouds rolled in ten minutes after I finished setting up. Of course they did. Packing up the telescope, see you next clear night ☁️🔭").re("priya_poll"),
    post("cam_evening", "camille", 20, "Bonsoir tout le monde ! Petite question aux gens du terminal : vous utilisez quoi pour afficher des photos en ligne de commande ? 🤔\n\n#terminal").lang("fr"),
    post("ce_haruki", "haruki", 15, "@camille@social.example.org chafa がおすすめです！ kitty なら icat も使えます 📷").re("cam_evening").lang("ja"),
    post("ce_ferris", "ferris", 12, "@camille@social.example.org chafa or timg work almost everywhere, kitty's icat if your terminal speaks its graphics protocol, and sixel if you're feeling retro.").re("cam_evening"),
    post("zoe_late", "zoe", 10, "it's been three hours and I still can't stop thinking about how “é” and “e\u{301}” look identical but aren't the same string. send help 😵‍💫\n\n#unicode"),
    post("ce_cam", "camille", 8, "@ferris @haruki@other.example Merci à vous deux ! Je teste chafa ce soir 😍").re("ce_ferris").lang("fr"),
    post("sam_coffee", "sam", 5, "Server status: all green ✅\nAdmin status: :coffee: :coffee: :coffee:"),
];

// ---------------------------------------------------------------------------
// Announcements from the staff

/// An announcement of the demo instance.
#[derive(Debug)]
pub struct SeedAnnouncement {
    pub text: &'static str,
    pub minutes_ago: u32,
    /// An event it announces, starting this many hours from now.
    pub starts_in_hours: Option<i64>,
}

pub static ANNOUNCEMENTS: &[SeedAnnouncement] = &[
    SeedAnnouncement {
        text: "Maintenance window: the instance will be read-only for about an hour while we upgrade the database. Posts you write meanwhile wait in your drafts.",
        minutes_ago: 180,
        starts_in_hours: Some(30),
    },
    SeedAnnouncement {
        text: "Welcome to the demo instance! Everything here is offline and resets when you quit. Try the #terminal tag.",
        minutes_ago: 4000,
        starts_in_hours: None,
    },
];

// ---------------------------------------------------------------------------
// Notifications for the demo user

pub static NOTIFICATIONS: &[SeedNotification] = &[
    // follows
    note("follow", "priya", None, 4350),
    note("follow", "zoe", None, 3700),
    note("follow", "haruki", None, 2780),
    note("follow_request", "robin", None, 460),
    note("follow_request", "jonas", None, 5200),
    // the big thread
    note("mention", "ferris", Some("t1_ferris"), 2880),
    note("favourite", "ferris", Some("demo_hello"), 2878),
    note("mention", "marisol", Some("t1_marisol"), 2875),
    note("favourite", "marisol", Some("demo_hello"), 2872),
    note("mention", "ferris", Some("t1_ferris3"), 2860),
    note("mention", "layla", Some("t1_layla"), 2850),
    note("mention", "marisol", Some("t1_marisol2"), 2845),
    note("mention", "haruki", Some("t1_haruki"), 2840),
    note("favourite", "haruki", Some("demo_hello"), 2835),
    note("reblog", "zoe", Some("demo_hello"), 2825),
    note("mention", "zoe", Some("t1_zoe"), 2820),
    note("favourite", "zoe", Some("demo_hello"), 2815),
    note("mention", "layla", Some("t1_layla2"), 2810),
    note("mention", "haruki", Some("t1_haruki2"), 2800),
    note("mention", "ferris", Some("t1_ferris4"), 2790),
    note("favourite", "camille", Some("demo_hello"), 2600),
    // replies and DMs
    note("mention", "camille", Some("cam_fog_re2"), 3980),
    note("favourite", "camille", Some("demo_fog_re"), 3975),
    note("mention", "camille", Some("ct_cam"), 1320),
    note("mention", "marisol", Some("ds_marisol"), 975),
    note("mention", "marisol", Some("dm_marisol"), 950),
    note("mention", "marisol", Some("dm_marisol2"), 920),
    note("mention", "layla", Some("rtl_layla"), 630),
    note("mention", "owl", Some("os_owl"), 125),
    note("mention", "ferris", Some("ferris_release"), 100),
    // boosts and favourites of the demo user's posts
    note("favourite", "sam", Some("demo_poll"), 1650),
    note("favourite", "ferris", Some("demo_shot"), 990),
    note("reblog", "marisol", Some("demo_shot"), 985),
    note("favourite", "jonas", Some("demo_shot"), 970),
    note("favourite", "priya", Some("demo_shot"), 960),
    note("favourite", "theo", Some("demo_shot"), 940),
    note("favourite", "zoe", Some("demo_shot"), 900),
    note("favourite", "layla", Some("demo_rtl"), 640),
    note("reblog", "layla", Some("demo_rtl"), 635),
    note("favourite", "haruki", Some("demo_rtl"), 610),
    note("favourite", "marisol", Some("demo_rtl"), 600),
    note("favourite", "ferris", Some("fr_demo"), 85),
    // statuses from accounts with notifications turned on
    note("status", "camille", Some("cam_tarte"), 1350),
    note("status", "camille", Some("cam_roofs"), 200),
    note("status", "buildbot", Some("ci_414"), 130),
    // polls that ended
    note("poll", "sam", Some("sam_poll"), 540),
    note("poll", ME, Some("demo_poll"), 240),
    // edits of boosted posts
    note("update", "theo", Some("theo_upgrade"), 3150),
    note("update", "ferris", Some("ferris_release"), 70),
];

// ---------------------------------------------------------------------------
// Lists, followed tags, custom emoji

pub static LISTS: &[SeedList] = &[
    SeedList {
        title: "Rustaceans 🦀",
        members: &["ferris", "zoe", "theo", "buildbot"],
        replies_policy: "list",
    },
    SeedList {
        title: "Photo friends",
        members: &["camille", "priya", "jonas"],
        replies_policy: "followed",
    },
    SeedList {
        title: "Around the world 🌍",
        members: &["camille", "haruki", "layla"],
        replies_policy: "none",
    },
];

pub static FOLLOWED_TAGS: &[&str] = &["rust", "terminal", "photography", "a11y"];

/// The demo user's filters: (title, action, keywords). They warn, so the
/// posts they match show collapsed behind the filter's title.
pub static FILTERS: &[(&str, &str, &[&str])] = &[("Storm news", "warn", &["thunderstorms"])];

pub static CUSTOM_EMOJI: &[&str] = &[
    "blobcat",
    "rustacean",
    "verified",
    "mastodon",
    "coffee",
    "ablobwave",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn account(username: &str) -> Option<&'static SeedAccount> {
        ACCOUNTS.iter().find(|a| a.username == username)
    }

    fn status(key: &str) -> &'static SeedStatus {
        STATUSES
            .iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("no status {key}"))
    }

    fn is_html(s: &SeedStatus) -> bool {
        s.text.starts_with('<')
    }

    fn is_word(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    /// `(user, domain)` of every `@mention` in mini-markup, with the same
    /// boundary rules as the formatter.
    fn mentions(text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (n, &(i, c)) in chars.iter().enumerate() {
            let prev = if n == 0 { None } else { Some(chars[n - 1].1) };
            if c != '@' || prev.is_some_and(|p| is_word(p) || p == '@' || p == '/') {
                continue;
            }
            let body = &text[i + 1..];
            let ulen = body.find(|ch: char| !is_word(ch)).unwrap_or(body.len());
            if ulen == 0 {
                continue;
            }
            let user = body[..ulen].to_string();
            let domain = body[ulen..].strip_prefix('@').map(|d| {
                let dlen = d
                    .find(|ch: char| !(is_word(ch) || ch == '.' || ch == '-'))
                    .unwrap_or(d.len());
                d[..dlen].trim_end_matches('.').to_string()
            });
            out.push((user, domain.filter(|d| d.contains('.'))));
        }
        out
    }

    /// `:shortcode:` tokens, as the formatter finds them.
    fn shortcodes(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(p) = rest.find(':') {
            let body = &rest[p + 1..];
            let len = body
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(body.len());
            if len >= 2 && body[len..].starts_with(':') {
                out.push(body[..len].to_string());
                rest = &body[len + 1..];
            } else {
                rest = body;
            }
        }
        out
    }

    #[test]
    fn counts() {
        assert!(STATUSES.len() >= 170, "only {} statuses", STATUSES.len());
        assert!(ACCOUNTS.len() >= 11, "need ME + 10 accounts");
        assert!(ACCOUNTS.iter().filter(|a| a.domain.is_some()).count() >= 4);
        assert!(ACCOUNTS.iter().any(|a| a.bot));
        assert!(ACCOUNTS.iter().any(|a| a.locked));
        assert!(ACCOUNTS.iter().any(|a| a.fields.iter().any(|f| f.2)));
        assert!(
            ACCOUNTS
                .iter()
                .any(|a| !shortcodes(a.display_name).is_empty())
        );
        let boosts = STATUSES.iter().filter(|s| s.boost_of.is_some()).count();
        assert!(boosts >= 12, "{boosts} boosts");
        assert!(STATUSES.iter().filter(|s| !s.cw.is_empty()).count() >= 8);
        assert!(STATUSES.iter().filter(|s| !s.media.is_empty()).count() >= 5);
        assert!(STATUSES.iter().filter(|s| s.poll.is_some()).count() >= 4);
        assert!(STATUSES.iter().filter(|s| s.edited).count() >= 2);
        assert!(STATUSES.iter().any(|s| s.favourited_by_me));
        assert!(STATUSES.iter().any(|s| s.bookmarked_by_me));
        assert!(STATUSES.iter().filter(|s| is_html(s)).count() >= 3);
        assert!(
            STATUSES
                .iter()
                .any(|s| !s.cw.is_empty() && s.sensitive && !s.media.is_empty())
        );
        for v in ["public", "unlisted", "private", "direct"] {
            assert!(STATUSES.iter().any(|s| s.visibility == v), "no {v} status");
        }
        let media: Vec<&SeedMedia> = STATUSES.iter().flat_map(|s| s.media).collect();
        assert!(media.iter().any(|m| m.description.is_none()));
        assert!(media.iter().any(|m| m.description.is_some()));
        let polls: Vec<SeedPoll> = STATUSES.iter().filter_map(|s| s.poll).collect();
        assert!(polls.iter().any(|p| p.multiple));
        assert!(polls.iter().any(|p| !p.multiple));
        assert!(polls.iter().any(|p| p.expires_in_hours < 0));
        assert!(polls.iter().any(|p| !p.voted_by_me.is_empty()));
        assert!(
            STATUSES
                .iter()
                .filter(|s| s.author == ME && s.boost_of.is_none())
                .count()
                >= 5
        );
        assert!((2..=3).contains(&LISTS.len()));
        assert!((3..=4).contains(&FOLLOWED_TAGS.len()));
        assert!((4..=6).contains(&CUSTOM_EMOJI.len()));
        let ages = STATUSES.iter().map(|s| s.minutes_ago);
        assert!(ages.clone().max().unwrap_or(0) <= 4500);
        assert!(ages.clone().max().unwrap_or(0) >= 4000);
    }

    #[test]
    fn me_present_and_following_most() {
        let me = account(ME).expect("ME in ACCOUNTS");
        assert!(me.domain.is_none());
        let others: Vec<_> = ACCOUNTS.iter().filter(|a| a.username != ME).collect();
        let followed = others.iter().filter(|a| a.followed_by_me).count();
        assert!(followed * 2 > others.len());
    }

    #[test]
    fn accounts_unique() {
        let mut seen = HashSet::new();
        for a in ACCOUNTS {
            assert!(seen.insert(a.username), "duplicate account {}", a.username);
            assert!(!a.username.is_empty() && a.username.chars().all(is_word));
            if let Some(d) = a.domain {
                assert!(d.contains('.'), "bad domain {d}");
            }
        }
    }

    #[test]
    fn keys_unique_and_references_exist() {
        let mut keys = HashSet::new();
        for s in STATUSES {
            assert!(keys.insert(s.key), "duplicate key {}", s.key);
        }
        for s in STATUSES {
            assert!(
                account(s.author).is_some(),
                "{}: unknown author {}",
                s.key,
                s.author
            );
            if let Some(r) = s.reply_to {
                assert!(keys.contains(r), "{}: reply_to {r} missing", s.key);
                let parent = status(r);
                assert!(parent.boost_of.is_none(), "{}: reply to a boost", s.key);
                assert!(
                    parent.minutes_ago > s.minutes_ago,
                    "{}: reply older than parent",
                    s.key
                );
            }
            if let Some(b) = s.boost_of {
                assert!(keys.contains(b), "{}: boost_of {b} missing", s.key);
                let target = status(b);
                assert!(target.boost_of.is_none(), "{}: boost of a boost", s.key);
                assert!(
                    target.minutes_ago > s.minutes_ago,
                    "{}: boost older than target",
                    s.key
                );
                assert!(
                    matches!(target.visibility, "public" | "unlisted"),
                    "{}: boosts a {} post",
                    s.key,
                    target.visibility
                );
            }
        }
    }

    #[test]
    fn statuses_well_formed() {
        for s in STATUSES {
            assert!(
                matches!(s.visibility, "public" | "unlisted" | "private" | "direct"),
                "{}",
                s.key
            );
            if s.boost_of.is_some() {
                assert!(s.text.is_empty(), "{}: boost with text", s.key);
                assert!(
                    s.media.is_empty()
                        && s.poll.is_none()
                        && s.cw.is_empty()
                        && s.reply_to.is_none(),
                    "{}",
                    s.key
                );
                continue;
            }
            assert!(!s.text.trim().is_empty(), "{}: empty text", s.key);
            assert!(!s.language.is_empty(), "{}: no language", s.key);
            assert!(
                !s.sensitive || !s.media.is_empty(),
                "{}: sensitive without media",
                s.key
            );
            assert!(s.media.len() <= 4, "{}: too many attachments", s.key);
            assert!(
                s.poll.is_none() || s.media.is_empty(),
                "{}: poll and media",
                s.key
            );
            for m in s.media {
                assert!(
                    matches!(m.kind, "image" | "video" | "gifv" | "audio"),
                    "{}",
                    s.key
                );
                assert!(m.width > 0 && m.height > 0);
            }
            if let Some(p) = s.poll {
                assert!(p.options.len() >= 2 && p.options.len() <= 6, "{}", s.key);
                assert_eq!(
                    p.options.len(),
                    p.votes.len(),
                    "{}: poll votes/options",
                    s.key
                );
                assert!(
                    p.voted_by_me.iter().all(|&i| i < p.options.len()),
                    "{}",
                    s.key
                );
                assert!(p.multiple || p.voted_by_me.len() <= 1, "{}", s.key);
                for &i in p.voted_by_me {
                    assert!(p.votes[i] > 0, "{}: my vote not counted", s.key);
                }
            }
            // A reply mentions whom it replies to (self-replies excepted).
            if let Some(r) = s.reply_to {
                let parent = status(r);
                if parent.author != s.author && !is_html(s) {
                    assert!(
                        mentions(s.text).iter().any(|(u, _)| u == parent.author),
                        "{}: reply does not mention @{}",
                        s.key,
                        parent.author
                    );
                }
                if s.visibility == "direct" || parent.visibility == "direct" {
                    assert_eq!(s.visibility, parent.visibility, "{}", s.key);
                }
            }
            if is_html(s) {
                assert!(s.text.ends_with('>'), "{}: unterminated HTML", s.key);
                assert_eq!(
                    s.text.matches("<p>").count(),
                    s.text.matches("</p>").count(),
                    "{}",
                    s.key
                );
            }
        }
    }

    #[test]
    fn mentions_resolve_to_accounts() {
        let texts = STATUSES
            .iter()
            .filter(|s| !is_html(s))
            .map(|s| (s.key, s.text))
            .chain(ACCOUNTS.iter().map(|a| (a.username, a.note)));
        for (key, text) in texts {
            for (user, domain) in mentions(text) {
                let a =
                    account(&user).unwrap_or_else(|| panic!("{key}: @{user} is not an account"));
                assert_eq!(
                    a.domain.map(str::to_string),
                    domain,
                    "{key}: @{user} with wrong domain"
                );
            }
        }
    }

    #[test]
    fn shortcodes_are_served() {
        let texts = STATUSES
            .iter()
            .filter(|s| !is_html(s))
            .map(|s| s.text)
            .chain(ACCOUNTS.iter().flat_map(|a| [a.note, a.display_name]));
        let mut used = HashSet::new();
        for text in texts {
            for code in shortcodes(text) {
                assert!(
                    CUSTOM_EMOJI.contains(&code.as_str()),
                    "unknown :{code}: in {text:?}"
                );
                used.insert(code);
            }
        }
        assert!(used.len() >= 4);
    }

    #[test]
    fn notifications_consistent() {
        let mut kinds: HashMap<&str, usize> = HashMap::new();
        for n in NOTIFICATIONS {
            *kinds.entry(n.kind).or_default() += 1;
            assert!(account(n.from).is_some(), "unknown from {}", n.from);
            match n.kind {
                "follow" | "follow_request" => {
                    assert!(n.status.is_none());
                    assert_ne!(n.from, ME);
                }
                "mention" | "status" | "reblog" | "favourite" | "poll" | "update" => {
                    let key = n.status.expect("notification needs a status");
                    let s = status(key);
                    assert!(s.boost_of.is_none(), "{key}");
                    assert!(
                        n.minutes_ago <= s.minutes_ago,
                        "{key}: notification before status"
                    );
                    match n.kind {
                        "mention" => assert!(
                            mentions(s.text).iter().any(|(u, d)| u == ME && d.is_none()),
                            "{key}: no @demo"
                        ),
                        "status" | "update" => assert_eq!(s.author, n.from, "{key}"),
                        "reblog" => {
                            assert_eq!(s.author, ME, "{key}");
                            assert!(
                                STATUSES
                                    .iter()
                                    .any(|b| b.boost_of == Some(key) && b.author == n.from),
                                "{key}: no such boost"
                            );
                        }
                        "favourite" => assert_eq!(s.author, ME, "{key}"),
                        "poll" => {
                            assert_eq!(s.author, n.from, "{key}");
                            let p = s.poll.expect("poll notification on a poll");
                            assert!(p.expires_in_hours < 0, "{key}: poll not ended");
                            assert!(s.author == ME || !p.voted_by_me.is_empty(), "{key}");
                        }
                        _ => {}
                    }
                    if n.kind == "update" {
                        assert!(s.edited, "{key}: update of an unedited status");
                    }
                }
                other => panic!("unknown notification kind {other}"),
            }
        }
        for k in [
            "mention",
            "status",
            "reblog",
            "follow",
            "follow_request",
            "favourite",
            "poll",
            "update",
        ] {
            assert!(
                kinds.get(k).copied().unwrap_or(0) >= 1,
                "no {k} notification"
            );
        }
        // Several favourites of one post, for grouped notifications.
        let mut favs: HashMap<&str, usize> = HashMap::new();
        for n in NOTIFICATIONS.iter().filter(|n| n.kind == "favourite") {
            *favs.entry(n.status.unwrap_or("")).or_default() += 1;
        }
        assert!(favs.values().any(|&c| c >= 3));
    }

    #[test]
    fn lists_and_tags() {
        for l in LISTS {
            assert!(!l.members.is_empty(), "{}", l.title);
            assert!(matches!(l.replies_policy, "followed" | "list" | "none"));
            for m in l.members {
                let a = account(m).unwrap_or_else(|| panic!("list member {m} unknown"));
                assert!(a.followed_by_me, "list member {m} not followed");
            }
        }
        for t in FOLLOWED_TAGS {
            assert!(!t.starts_with('#') && t.chars().all(is_word));
            let tag = format!("#{t}");
            assert!(
                STATUSES
                    .iter()
                    .any(|s| s.text.to_lowercase().contains(&tag)),
                "no post tagged {tag}"
            );
        }
        for e in CUSTOM_EMOJI {
            assert!(e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }

    #[test]
    fn threads() {
        // Depth of each status in its reply chain.
        fn depth(s: &SeedStatus) -> usize {
            s.reply_to.map_or(0, |r| 1 + depth(status(r)))
        }
        let max = STATUSES.iter().map(depth).max().unwrap_or(0);
        assert!(max >= 6, "deepest thread is {max}");
        // Threads with at least 3 replies, and one with branches.
        let mut roots: HashMap<&str, usize> = HashMap::new();
        for s in STATUSES.iter().filter(|s| s.reply_to.is_some()) {
            let mut r = s;
            while let Some(p) = r.reply_to {
                r = status(p);
            }
            *roots.entry(r.key).or_default() += 1;
        }
        assert!(roots.values().filter(|&&n| n >= 3).count() >= 3);
        let direct_replies = STATUSES
            .iter()
            .filter(|s| s.reply_to == Some("demo_hello"))
            .count();
        assert!(direct_replies >= 3);
    }

    #[test]
    fn scripts_and_emoji_sequences() {
        let text_of = |pred: &dyn Fn(char) -> bool| {
            STATUSES.iter().filter(|s| s.text.chars().any(pred)).count()
        };
        assert!(
            text_of(&|c| ('\u{0600}'..='\u{06FF}').contains(&c)) >= 5,
            "Arabic"
        );
        assert!(
            text_of(&|c| ('\u{3040}'..='\u{30FF}').contains(&c)) >= 5,
            "Japanese"
        );
        assert!(text_of(&|c| c == '\u{200D}') >= 3, "ZWJ sequences");
        let combining = |c: char| {
            ('\u{0300}'..='\u{036F}').contains(&c)
                || ('\u{064B}'..='\u{0652}').contains(&c)
                || c == '\u{3099}'
        };
        assert!(text_of(&combining) >= 2, "combining marks");
        for lang in ["en", "fr", "ja", "ar"] {
            assert!(
                STATUSES.iter().filter(|s| s.language == lang).count() >= 3,
                "{lang}"
            );
        }
        for seq in [
            "👩\u{200D}💻",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦",
            "🏳\u{FE0F}\u{200D}🌈",
            "🧑\u{1F3FD}\u{200D}🚀",
        ] {
            let anywhere = STATUSES.iter().any(|s| s.text.contains(seq))
                || ACCOUNTS
                    .iter()
                    .any(|a| a.display_name.contains(seq) || a.note.contains(seq));
            assert!(anywhere, "missing {seq}");
        }
    }
}
