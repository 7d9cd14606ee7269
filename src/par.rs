//! Tiny data parallelism over the machine's cores, with `std::thread::scope`.
//! Results keep the input order, so output stays deterministic.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Number of worker threads: the available cores, at most 8.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Maps `f` over `items` on every core; below `min_parallel` items it stays on
/// the current thread. Items are handed out dynamically, in order.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    min_parallel: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let n = workers();
    if n == 1 || items.len() < min_parallel {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let next = AtomicUsize::new(0);
    const BATCH: usize = 16;
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        for (i, item) in items.iter().enumerate().skip(start).take(BATCH) {
                            out.push((i, f(i, item)));
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.iter_mut().flat_map(std::mem::take).collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}
