//! Dynamic batching, after TEI's `core/src/queue.rs`: requests enqueue one
//! entry per sequence in a FIFO queue; one inference thread (not a tokio
//! thread: the forward pass runs on it and on the engine's own pool) takes
//! the oldest entry and the entries after it that fit a compiled (batch, seq) bucket
//! within `--max-batch-tokens`, runs one padded forward pass and answers each
//! entry through its channel.
//!
//! - **FIFO, no starvation**: the oldest entry always runs in the next batch,
//!   whatever its length, with the entries after it that share its graph
//!   (fill-mask or not) and its sequence bucket, in queue order: a batch
//!   pads no sequence to a longer bucket, and no entry waits behind more
//!   than the batches of the entries older than it.
//! - **Buckets**: every shape a batch can take is compiled at start-up
//!   ([`BucketGrid::shapes`]), so no request pays for code generation. When a
//!   prefix would pad the batch dimension by more than a quarter, the batch is
//!   cut to the bucket below and the rest waits for the next one.
//! - **Disconnects**: an entry whose request future was dropped (its client
//!   went away) has a closed channel and is discarded before it runs.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use albert_runtime::{seq_bucket, Pooling, RuntimeError, Session, Wanted};
use albert_tokenizer::Encoding;
use tokio::sync::oneshot;

use crate::error::ServerError;
use crate::metrics::{Hist, Metrics};

/// Batch sizes compiled for (capped by `--max-batch-requests`).
pub const BATCH_BUCKETS: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];

/// The compiled shapes: batch buckets × sequence buckets within a token budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketGrid {
    /// Batch sizes, ascending.
    pub batches: Vec<usize>,
    /// Padded tokens (batch × seq) a batch may hold.
    pub max_tokens: usize,
    /// The model's position table size (the longest sequence bucket).
    pub max_positions: usize,
    /// An artifact's compiled `(batch, seq)` buckets: the only shapes there are.
    pub compiled: Option<Vec<(usize, usize)>>,
}

impl BucketGrid {
    /// The grid for a token budget and an optional cap on sequences per batch.
    pub fn new(max_tokens: usize, max_requests: Option<usize>, max_positions: usize) -> BucketGrid {
        let cap = max_requests.unwrap_or(usize::MAX).max(1);
        let mut batches: Vec<usize> = BATCH_BUCKETS.iter().copied().filter(|&b| b <= cap).collect();
        if cap < *BATCH_BUCKETS.last().unwrap_or(&1) && !batches.contains(&cap) {
            batches.push(cap);
        }
        BucketGrid { batches, max_tokens, max_positions, compiled: None }
    }

    /// The grid of an artifact: exactly its compiled buckets (with at most `max_requests`
    /// sequences a batch).
    pub fn compiled(buckets: &[(usize, usize)], max_requests: Option<usize>) -> BucketGrid {
        let cap = max_requests.unwrap_or(usize::MAX).max(1);
        let mut shapes: Vec<(usize, usize)> = buckets.iter().copied().filter(|&(b, _)| b <= cap).collect();
        if shapes.is_empty() {
            // Every compiled batch is above the cap: keep the smallest.
            shapes = buckets
                .iter()
                .copied()
                .filter(|&(b, _)| Some(b) == buckets.iter().map(|x| x.0).min())
                .collect();
        }
        shapes.sort_by_key(|&(b, s)| (s, b));
        let mut batches: Vec<usize> = shapes.iter().map(|x| x.0).collect();
        batches.sort();
        batches.dedup();
        BucketGrid {
            batches,
            max_tokens: shapes.iter().map(|(b, s)| b * s).max().unwrap_or(0),
            max_positions: shapes.iter().map(|x| x.1).max().unwrap_or(0),
            compiled: Some(shapes),
        }
    }

    /// The sequence bucket for `len` tokens.
    pub fn seq_for(&self, len: usize) -> usize {
        match &self.compiled {
            Some(c) => c.iter().map(|x| x.1).filter(|&s| s >= len).min().unwrap_or(len),
            None => seq_bucket(len, self.max_positions),
        }
    }

    /// The smallest batch bucket holding `n` sequences.
    pub fn batch_up(&self, n: usize) -> Option<usize> {
        self.batches.iter().copied().find(|&b| b >= n)
    }

    /// The largest batch bucket not above `n`.
    pub fn batch_down(&self, n: usize) -> usize {
        self.batches.iter().copied().filter(|&b| b <= n).max().unwrap_or(1)
    }

    /// Whether `n` sequences padded to `seq` fit a compiled bucket.
    pub fn fits(&self, n: usize, seq: usize) -> bool {
        match &self.compiled {
            Some(c) => c.iter().any(|&(b, s)| b >= n && s == seq),
            None => self.batch_up(n).is_some_and(|b| b * seq <= self.max_tokens),
        }
    }

    /// Tokens over every shape (what the compiled arenas hold).
    pub fn total_tokens(&self) -> usize {
        self.shapes().iter().map(|(b, s)| b * s).sum()
    }

    /// Every (batch, seq) shape a batch can take.
    pub fn shapes(&self) -> Vec<(usize, usize)> {
        if let Some(c) = &self.compiled {
            return c.clone();
        }
        let mut seqs: Vec<usize> =
            albert_runtime::SEQ_BUCKETS.iter().map(|&s| self.seq_for(s)).filter(|&s| s > 0).collect();
        seqs.dedup();
        let mut out = Vec::new();
        for &s in &seqs {
            for &b in &self.batches {
                if b * s <= self.max_tokens {
                    out.push((b, s));
                }
            }
        }
        out
    }
}

/// What an entry asks of the forward pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Task {
    /// A pooled embedding.
    Embed,
    /// Every token's hidden state.
    EmbedAll,
    /// The MLM logits at the masks.
    FillMask,
    /// The two SOP logits.
    Sop,
}

impl Task {
    /// Which compiled graph serves the task: the masked-LM graph writes
    /// `[batch, seq, vocab]` logits (~120 KB a token for a 30k vocabulary),
    /// so only fill-mask batches pay for it.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Task::FillMask => Kind::Mlm,
            Task::Embed | Task::EmbedAll | Task::Sop => Kind::Base,
        }
    }
}

/// The two graphs the server compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `last_hidden_state` (+ pooler, SOP logits).
    Base,
    /// + `mlm_logits`.
    Mlm,
}

/// What the inference thread extracts for an entry.
#[derive(Debug)]
pub(crate) enum Output {
    /// `[hidden]`.
    Pooled(Vec<f32>),
    /// `[tokens, hidden]`, row-major.
    Tokens(Vec<f32>),
    /// `[masks, vocab]`, row-major.
    MaskLogits(Vec<f32>),
    /// SOP logits.
    Sop([f32; 2]),
}

/// An entry's answer, with its timings.
#[derive(Debug)]
pub(crate) struct Done {
    pub output: Output,
    pub queue: Duration,
    pub inference: Duration,
}

type Reply = oneshot::Sender<Result<Done, ServerError>>;

struct Entry {
    enc: Encoding,
    task: Task,
    enqueued: Instant,
    tx: Reply,
}

#[derive(Default)]
struct Queue {
    entries: VecDeque<Entry>,
    closed: bool,
    holds: usize,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
    alive: AtomicBool,
    dropped: AtomicU64,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The batching queue and its inference thread.
pub struct Batcher {
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// Pauses batch formation while it lives (see [`Batcher::hold`]).
pub struct Hold {
    shared: Arc<Shared>,
}

impl Drop for Hold {
    fn drop(&mut self) {
        let mut q = self.shared.lock();
        q.holds = q.holds.saturating_sub(1);
        drop(q);
        self.shared.wake.notify_all();
    }
}

/// What the inference thread needs.
pub(crate) struct Engine {
    pub session: Arc<Session>,
    /// The shapes of [`Kind::Base`] batches.
    pub grid: BucketGrid,
    /// The shapes of [`Kind::Mlm`] batches.
    pub mlm_grid: BucketGrid,
    /// The graph for [`Kind::Base`] batches.
    pub base: Wanted,
    /// The graph for [`Kind::Mlm`] batches.
    pub mlm: Wanted,
    pub pooling: Pooling,
}

impl Engine {
    fn want(&self, kind: Kind) -> Wanted {
        match kind {
            Kind::Base => self.base,
            Kind::Mlm => self.mlm,
        }
    }

    fn grid(&self, kind: Kind) -> &BucketGrid {
        match kind {
            Kind::Base => &self.grid,
            Kind::Mlm => &self.mlm_grid,
        }
    }
}

impl Batcher {
    /// Starts the inference thread (buckets must already be compiled).
    pub(crate) fn start(engine: Engine, metrics: Arc<Metrics>) -> Result<Batcher, ServerError> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            wake: Condvar::new(),
            alive: AtomicBool::new(true),
            dropped: AtomicU64::new(0),
        });
        let (s, m) = (shared.clone(), metrics.clone());
        let thread = std::thread::Builder::new()
            .name("albert-infer".into())
            .spawn(move || {
                run(&engine, &s, &m);
                s.alive.store(false, Ordering::SeqCst);
            })
            .map_err(|e| ServerError::Backend(format!("cannot start the inference thread: {e}")))?;
        Ok(Batcher { shared, metrics, thread: Mutex::new(Some(thread)) })
    }

    /// Enqueues one sequence; the receiver gets its answer. Dropping the
    /// receiver withdraws the entry if it has not run yet.
    pub(crate) fn submit(
        &self,
        enc: Encoding,
        task: Task,
    ) -> Result<oneshot::Receiver<Result<Done, ServerError>>, ServerError> {
        let (tx, rx) = oneshot::channel();
        let mut q = self.shared.lock();
        if q.closed || !self.is_alive() {
            return Err(ServerError::Unhealthy("the server is shutting down".into()));
        }
        q.entries.push_back(Entry { enc, task, enqueued: Instant::now(), tx });
        drop(q);
        self.metrics.queue_add(1);
        self.shared.wake.notify_one();
        Ok(rx)
    }

    /// Whether the inference thread is running.
    pub fn is_alive(&self) -> bool {
        self.shared.alive.load(Ordering::SeqCst)
    }

    /// Entries discarded because their client went away.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Sequences waiting.
    pub fn len(&self) -> usize {
        self.shared.lock().entries.len()
    }

    /// Whether no sequence is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Pauses batch formation until the guard is dropped (entries keep
    /// queueing): for maintenance and for tests that need a known queue.
    pub fn hold(&self) -> Hold {
        self.shared.lock().holds += 1;
        Hold { shared: self.shared.clone() }
    }

    /// Stops the thread once the queue is empty, and waits for it.
    pub fn close(&self) {
        self.shared.lock().closed = true;
        self.shared.wake.notify_all();
        let handle = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

impl Drop for Batcher {
    fn drop(&mut self) {
        self.close();
    }
}

/// The inference thread: form a batch, run it, repeat until closed and drained.
fn run(engine: &Engine, shared: &Shared, metrics: &Metrics) {
    loop {
        let mut q = shared.lock();
        loop {
            let before = q.entries.len();
            q.entries.retain(|e| !e.tx.is_closed());
            let gone = before - q.entries.len();
            if gone > 0 {
                shared.dropped.fetch_add(gone as u64, Ordering::Relaxed);
                metrics.queue_add(-(gone as i64));
            }
            if !q.entries.is_empty() && q.holds == 0 {
                break;
            }
            if q.closed && q.entries.is_empty() {
                return;
            }
            // Woken by submit/close/hold release; the timeout re-checks for
            // clients that left while nothing else happened.
            q = shared
                .wake
                .wait_timeout(q, Duration::from_millis(50))
                .map(|r| r.0)
                .unwrap_or_else(|e| e.into_inner().0);
        }
        // The oldest entry's kind and sequence bucket make the batch: padding
        // a short sequence to a longer bucket costs as much as a real token
        // (the forward pass is compute-bound from a few dozen tokens on), so
        // a batch holds one bucket. The other entries keep their places and
        // make a later batch when one of them is the oldest.
        let (kind, seq) = q.entries.front().map_or((Kind::Base, 0), |e| {
            let k = e.task.kind();
            (k, engine.grid(k).seq_for(e.enc.len()))
        });
        let same: Vec<usize> = q
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.task.kind() == kind && engine.grid(kind).seq_for(e.enc.len()) == seq)
            .map(|(i, _)| i)
            .collect();
        let n = batch_len(engine.grid(kind), same.iter().map(|&i| q.entries[i].enc.len()));
        let mut taken = Vec::with_capacity(n);
        for &i in same[..n].iter().rev() {
            if let Some(e) = q.entries.remove(i) {
                taken.push(e);
            }
        }
        taken.reverse();
        drop(q);
        metrics.queue_add(-(taken.len() as i64));
        run_batch(engine, metrics, taken);
    }
}

/// How many entries from the front of the queue (lengths in order) make the
/// next batch: the longest prefix that fits a bucket, cut to the bucket below
/// when padding would waste more than a quarter of the batch. At least one:
/// start-up checked that the longest input fits alone.
pub fn batch_len(grid: &BucketGrid, lens: impl Iterator<Item = usize>) -> usize {
    let (mut n, mut longest) = (0usize, 0usize);
    for len in lens {
        let l = longest.max(len);
        if !grid.fits(n + 1, grid.seq_for(l)) {
            break;
        }
        n += 1;
        longest = l;
    }
    let n = n.max(1);
    match grid.batch_up(n) {
        Some(up) if (up - n) * 4 > up => grid.batch_down(n),
        _ => n,
    }
}

fn run_batch(engine: &Engine, metrics: &Metrics, taken: Vec<Entry>) {
    let started = Instant::now();
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| forward(engine, &taken)))
        .unwrap_or_else(|_| Err(ServerError::Backend("the forward pass panicked".into())));
    let inference = started.elapsed();
    match result {
        Ok((outputs, b, s)) => {
            metrics.observe(Hist::BatchSize, taken.len() as f64);
            metrics.observe(Hist::BatchTokens, (b * s) as f64);
            for (e, output) in taken.into_iter().zip(outputs) {
                let queue = started.saturating_duration_since(e.enqueued);
                let _ = e.tx.send(Ok(Done { output, queue, inference }));
            }
        }
        Err(err) => {
            for e in taken {
                let _ = e.tx.send(Err(err.clone()));
            }
        }
    }
}

/// One padded forward pass over the entries; each entry's output.
fn forward(engine: &Engine, taken: &[Entry]) -> Result<(Vec<Output>, usize, usize), ServerError> {
    let session = &engine.session;
    let kind = taken.first().map_or(Kind::Base, |e| e.task.kind());
    let grid = engine.grid(kind);
    let longest = taken.iter().map(|e| e.enc.len()).max().unwrap_or(1);
    let s = grid.seq_for(longest);
    let b = grid
        .batch_up(taken.len())
        .ok_or_else(|| ServerError::Backend(format!("no batch bucket for {} sequences", taken.len())))?;
    let encs: Vec<&Encoding> = taken.iter().map(|e| &e.enc).collect();
    let batch = session.pad_batch(&encs, b, s)?;
    let out = session.forward(&batch, engine.want(kind))?;
    let c = session.config();
    let (h, v) = (c.hidden_size, c.vocab_size);
    let mask_id = session.tokenizer()?.mask_id();
    let missing = |what: &str| ServerError::Backend(format!("the forward pass returned no {what}"));
    let mut outputs = Vec::with_capacity(taken.len());
    for (i, e) in taken.iter().enumerate() {
        let hidden = &out.last_hidden_state[i * s * h..(i + 1) * s * h];
        outputs.push(match e.task {
            Task::Embed => {
                let pooler = out.pooler_output.as_ref().map(|p| &p[i * h..(i + 1) * h]);
                Output::Pooled(session.pool(
                    engine.pooling,
                    hidden,
                    &batch.attention_mask[i * s..(i + 1) * s],
                    pooler,
                )?)
            }
            Task::EmbedAll => Output::Tokens(hidden[..e.enc.len() * h].to_vec()),
            Task::FillMask => {
                let logits = out.mlm_logits.as_ref().ok_or_else(|| missing("MLM logits"))?;
                let mut rows = Vec::new();
                for (p, _) in e.enc.input_ids.iter().enumerate().filter(|(_, &id)| id == mask_id) {
                    let r = (i * s + p) * v;
                    rows.extend_from_slice(&logits[r..r + v]);
                }
                Output::MaskLogits(rows)
            }
            Task::Sop => {
                let l = out.sop_logits.as_ref().ok_or_else(|| missing("SOP logits"))?;
                Output::Sop([l[2 * i], l[2 * i + 1]])
            }
        });
    }
    Ok((outputs, b, s))
}

/// Activation bytes per token of a graph, measured on the longest sequence
/// bucket (the most per token): each compiled bucket owns an arena of about
/// `batch × seq ×` this, which bounds how many buckets fit in memory.
pub(crate) fn arena_bytes_per_token(
    session: &Session,
    want: Wanted,
    max_positions: usize,
) -> Result<usize, RuntimeError> {
    let s = seq_bucket(max_positions, max_positions);
    Ok(session.executable(want, 1, s)?.arena_bytes().div_ceil(s))
}

/// Compiles every bucket of each (graph, grid), showing progress when `progress`.
pub(crate) fn compile_buckets(
    session: &Session,
    plans: &[(Wanted, &BucketGrid)],
    progress: bool,
) -> Result<(), RuntimeError> {
    let total: usize = plans.iter().map(|(_, g)| g.shapes().len()).sum();
    let bar =
        if progress { indicatif::ProgressBar::new(total as u64) } else { indicatif::ProgressBar::hidden() };
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "compiling buckets {bar:30} {pos}/{len} [{elapsed_precise}] {msg}",
    ) {
        bar.set_style(style);
    }
    for &(w, grid) in plans {
        for (b, s) in grid.shapes() {
            bar.set_message(format!("batch {b} × seq {s}{}", if w.mlm { " (masked LM)" } else { "" }));
            session.warm_up(w, b, s)?;
            bar.inc(1);
        }
    }
    bar.finish_with_message("done");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_fifo_prefixes_within_the_budget() {
        let g = BucketGrid::new(256, None, 512);
        // 16 short entries fit 16 × 16 = 256 tokens.
        assert_eq!(batch_len(&g, std::iter::repeat_n(10, 40)), 16);
        // A long head runs first, alone if nothing else fits with it.
        assert_eq!(batch_len(&g, [200, 10, 10].into_iter()), 1);
        // A long entry behind short ones stops the prefix (no overtaking).
        assert_eq!(batch_len(&g, [10, 10, 200, 10].into_iter()), 2);
        // 5 entries would pad to 8 (3/8 wasted): cut to 4.
        assert_eq!(batch_len(&g, std::iter::repeat_n(10, 5)), 4);
        // 7 pad to 8 (1/8 wasted): kept.
        assert_eq!(batch_len(&g, std::iter::repeat_n(10, 7)), 7);
        // The head always goes, even alone.
        assert_eq!(batch_len(&g, [512].into_iter()), 1);
    }

    #[test]
    fn grid_respects_caps() {
        let g = BucketGrid::new(1024, Some(12), 512);
        assert_eq!(g.batches, vec![1, 2, 4, 8, 12]);
        assert!(g.shapes().iter().all(|&(b, s)| b * s <= 1024));
        assert!(g.shapes().contains(&(1, 512)));
        assert!(g.shapes().contains(&(12, 64)));
    }
}
