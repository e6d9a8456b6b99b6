//! A small persistent thread pool: workers are spawned once, then each [`ThreadPool::run`]
//! wakes them (spin briefly, then park on a condition variable), runs one closure on every
//! thread including the caller's, and returns when all have finished. No spawn and no heap
//! allocation per call.
//!
//! The frame gives each thread a fixed, contiguous range of GEMM N-panels (never a piece of
//! K), so every output element is summed in the same order whatever the thread count: results
//! are bit-identical for any `--threads` (DESIGN.md, "Performance model").
#![expect(unsafe_code, reason = "erasing the lifetime of the borrowed job closure while workers run it")]

use crate::error::{KernelError, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long an idle worker (or the waiting caller) spins before parking. Kernels of one
/// forward pass follow each other within microseconds; spinning that long avoids a futex
/// wake-up per GEMM without burning a shared core for longer.
const SPIN: Duration = Duration::from_micros(50);

/// The job every thread runs: `job(thread_index, thread_count)`.
type Job = dyn Fn(usize, usize) + Sync;

/// A job pointer with its lifetime erased.
#[derive(Clone, Copy)]
struct JobPtr(*const Job);

// SAFETY: the pointee is `Sync` (so `&Job` may be used from any thread), and `run` keeps the
// borrowed closure alive until every worker has finished with it (see `run`).
unsafe impl Send for JobPtr {}

struct Control {
    generation: u64,
    shutdown: bool,
    job: Option<JobPtr>,
}

struct Shared {
    control: Mutex<Control>,
    work: Condvar,
    generation: AtomicU64,
    pending: AtomicUsize,
    done_lock: Mutex<()>,
    done: Condvar,
    panicked: AtomicBool,
    threads: usize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A persistent pool of `threads - 1` workers plus the calling thread.
pub struct ThreadPool {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
    serial: Mutex<()>,
}

impl std::fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThreadPool").field("threads", &self.shared.threads).finish()
    }
}

impl ThreadPool {
    /// Starts a pool that runs jobs on `threads` threads (the caller counts as one), `≥ 1`.
    pub fn new(threads: usize) -> Result<Self> {
        let threads = threads.max(1);
        let shared = Arc::new(Shared {
            control: Mutex::new(Control { generation: 0, shutdown: false, job: None }),
            work: Condvar::new(),
            generation: AtomicU64::new(0),
            pending: AtomicUsize::new(0),
            done_lock: Mutex::new(()),
            done: Condvar::new(),
            panicked: AtomicBool::new(false),
            threads,
        });
        let mut workers = Vec::with_capacity(threads - 1);
        for index in 1..threads {
            let shared = Arc::clone(&shared);
            let handle = std::thread::Builder::new()
                .name(format!("albert-kernels-{index}"))
                .spawn(move || worker(&shared, index))
                .map_err(|e| KernelError::Pool(e.to_string()))?;
            workers.push(handle);
        }
        Ok(Self { shared, workers, serial: Mutex::new(()) })
    }

    /// Number of threads a job runs on.
    pub fn threads(&self) -> usize {
        self.shared.threads
    }

    /// Runs `job(i, n)` on every thread `i in 0..n` (the caller is thread 0) and waits for all.
    /// Calls from several threads at once are serialised.
    pub fn run(&self, job: &(dyn Fn(usize, usize) + Sync)) -> Result<()> {
        let _serial = lock(&self.serial);
        let n = self.shared.threads;
        if n == 1 {
            return catch_unwind(AssertUnwindSafe(|| job(0, 1)))
                .map_err(|_| KernelError::Pool("job panicked".into()));
        }
        // SAFETY: only the lifetime is changed. The pointer is published to the workers below
        // and every worker is done with it before this function returns: we wait until
        // `pending` (decremented by each worker after its call) is zero, and clear `job`.
        let erased: &'static Job =
            unsafe { std::mem::transmute::<&(dyn Fn(usize, usize) + Sync + '_), &'static Job>(job) };
        self.shared.panicked.store(false, Ordering::Relaxed);
        self.shared.pending.store(n - 1, Ordering::Release);
        {
            let mut c = lock(&self.shared.control);
            c.job = Some(JobPtr(erased));
            c.generation += 1;
            self.shared.generation.store(c.generation, Ordering::Release);
        }
        self.shared.work.notify_all();

        let mine = catch_unwind(AssertUnwindSafe(|| job(0, n)));

        let start = Instant::now();
        while self.shared.pending.load(Ordering::Acquire) != 0 && start.elapsed() < SPIN {
            std::hint::spin_loop();
        }
        {
            let mut g = lock(&self.shared.done_lock);
            while self.shared.pending.load(Ordering::Acquire) != 0 {
                g = self.shared.done.wait(g).unwrap_or_else(PoisonError::into_inner);
            }
        }
        lock(&self.shared.control).job = None;
        if mine.is_err() || self.shared.panicked.load(Ordering::Relaxed) {
            return Err(KernelError::Pool("job panicked".into()));
        }
        Ok(())
    }
}

fn worker(shared: &Shared, index: usize) {
    let mut seen = 0u64;
    loop {
        let start = Instant::now();
        while shared.generation.load(Ordering::Acquire) == seen && start.elapsed() < SPIN {
            std::hint::spin_loop();
        }
        let job = {
            let mut c = lock(&shared.control);
            while c.generation == seen && !c.shutdown {
                c = shared.work.wait(c).unwrap_or_else(PoisonError::into_inner);
            }
            if c.shutdown {
                return;
            }
            seen = c.generation;
            c.job
        };
        if let Some(JobPtr(ptr)) = job {
            // SAFETY: `run` published this pointer for generation `seen` and does not return
            // (so the closure stays alive) until `pending` below reaches zero.
            let job = unsafe { &*ptr };
            if catch_unwind(AssertUnwindSafe(|| job(index, shared.threads))).is_err() {
                shared.panicked.store(true, Ordering::Relaxed);
            }
        }
        if shared.pending.fetch_sub(1, Ordering::AcqRel) == 1 {
            let _g = lock(&shared.done_lock);
            shared.done.notify_all();
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        lock(&self.shared.control).shutdown = true;
        self.shared.work.notify_all();
        for w in self.workers.drain(..) {
            // A worker that panicked outside a job has nothing left to clean up.
            let _ = w.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_runs_each_job_once() -> Result<()> {
        let pool = ThreadPool::new(3)?;
        for round in 0..200 {
            let hits: Vec<AtomicUsize> = (0..3).map(|_| AtomicUsize::new(0)).collect();
            pool.run(&|i, n| {
                assert_eq!(n, 3);
                hits[i].fetch_add(round + 1, Ordering::Relaxed);
            })?;
            for h in &hits {
                assert_eq!(h.load(Ordering::Relaxed), round + 1);
            }
        }
        Ok(())
    }

    #[test]
    fn a_panicking_job_is_an_error_not_a_hang() -> Result<()> {
        let pool = ThreadPool::new(2)?;
        assert!(pool.run(&|i, _| assert_eq!(i, 0)).is_err());
        pool.run(&|_, _| {})?;
        Ok(())
    }
}
