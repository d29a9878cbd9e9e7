//! Panics that are caught and recovered from. A third-party parser fed
//! hostile input may panic; the caller catches it and falls back. The
//! process's panic hook asks [`recovering`] so that it neither prints over
//! the screen nor gives the terminal back for a panic that is handled.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, catching a panic. While it runs, [`recovering`] is true on
/// this thread.
pub fn catch<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    result
}

/// Whether a panic on this thread now would be caught by [`catch`].
pub fn recovering() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_known_as_such_while_it_unwinds() {
        assert!(!recovering());
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = seen.clone();
        let r = catch(move || {
            s.store(recovering(), std::sync::atomic::Ordering::SeqCst);
            panic!("caught");
        });
        assert!(r.is_err());
        assert!(seen.load(std::sync::atomic::Ordering::SeqCst));
        assert!(!recovering());
        assert_eq!(catch(|| 3).unwrap(), 3);
    }
}
