//! Local times in the system's zone, daylight saving included, read from
//! `TZ` (set here to Europe/Paris). In its own test binary: it sets `TZ`
//! for the whole process.

#![allow(clippy::unwrap_used)]

use time::macros::datetime;
use trompe::compose::{Zone, format_local, parse_schedule};

#[test]
fn schedules_follow_the_system_zone_and_its_daylight_saving_time() {
    if !std::path::Path::new("/usr/share/zoneinfo/Europe/Paris").exists() {
        // Without the zone database the name cannot be read; a POSIX rule can.
        // SAFETY: the only test of this binary, before any other thread runs.
        unsafe { std::env::set_var("TZ", "CET-1CEST,M3.5.0,M10.5.0/3") };
    } else {
        // SAFETY: as above.
        unsafe { std::env::set_var("TZ", "Europe/Paris") };
    }
    // Threads do not change anything: the offset is computed per date.
    let handle = std::thread::spawn(|| {
        let now = datetime!(2026-11-27 12:00 UTC);
        // Winter: UTC+1.
        assert_eq!(
            parse_schedule("2026-12-01 09:00", now, Zone::System),
            Ok(datetime!(2026-12-01 08:00 UTC))
        );
        // Summer: UTC+2, although it is winter now.
        assert_eq!(
            parse_schedule("2027-07-01 09:00", now, Zone::System),
            Ok(datetime!(2027-07-01 07:00 UTC))
        );
        // The hour skipped on 28 March 2027 (02:00 → 03:00) reads with the winter offset.
        assert_eq!(
            parse_schedule("2027-03-28 02:30", now, Zone::System),
            Ok(datetime!(2027-03-28 01:30 UTC))
        );
        assert_eq!(
            format_local(datetime!(2026-12-01 08:00 UTC), Zone::System),
            "2026-12-01 09:00 +01:00"
        );
        assert_eq!(
            format_local(datetime!(2027-07-01 07:00 UTC), Zone::System),
            "2027-07-01 09:00 +02:00"
        );
    });
    handle.join().unwrap();
}
