//! Large values freed on a thread of their own, so that whoever is done with them goes on.
//!
//! A million events read from the store are a million strings to free and 200 MB to give back
//! to the system: 30–70 ms that a command about to print its report need not wait for.

/// Values of fewer items than this are dropped where they are: a thread costs more.
pub const BESIDE_FROM: usize = 100_000;

/// Drop `value`, which holds `items` things to free: on a new thread when they are many (or
/// here if no thread can be started), else here. The thread is not waited for: a process
/// that exits first gives everything back at once anyway.
pub fn drop_beside<T: Send + 'static>(value: T, items: usize) {
    if items < BESIDE_FROM {
        drop(value);
    } else {
        // A refused thread drops its closure, and the value with it, here.
        let _ = std::thread::Builder::new()
            .name("canary-free".into())
            .spawn(move || drop(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Marks when it is dropped.
    struct Flag(Arc<AtomicBool>);

    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_value_is_dropped_here_when_small_and_soon_when_large() {
        let small = Arc::new(AtomicBool::new(false));
        drop_beside(Flag(small.clone()), 10);
        assert!(small.load(Ordering::SeqCst), "dropped before returning");
        let large = Arc::new(AtomicBool::new(false));
        drop_beside(Flag(large.clone()), BESIDE_FROM);
        let start = std::time::Instant::now();
        while !large.load(Ordering::SeqCst) {
            assert!(start.elapsed().as_secs() < 10, "dropped on its thread");
            std::thread::yield_now();
        }
    }
}
