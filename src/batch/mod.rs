//! Batch restores: every document under a folder restored into another in parallel, each one
//! isolated (a failure or panic is recorded, never stops the others), outputs written
//! atomically so a killed run leaves no half file and `resume` finishes the job; and a
//! streaming JSON-lines mode ([`jsonl`]) for cluster engines (Spark's `RDD.pipe`, Ray, GNU
//! parallel) with memory bounded by a few documents in flight. The library never prints:
//! progress goes to the caller's callback, the summary comes back as a value (and a file).

pub mod guard;
pub mod jsonl;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::{self, Format};
use crate::output::{self, resolved, stage, JsonReport, Links, Target, Text, TMP_MARK};
use guard::guarded;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

/// What to restore and where.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Folder of scrambled documents.
    pub input: PathBuf,
    /// Folder for the restored documents (created if missing).
    pub output: PathBuf,
    /// Also write `<name>.report.json` beside each output.
    pub report: bool,
    /// Skip documents whose output (and report) already exist.
    pub resume: bool,
    /// Take only documents `k` of every `n` (0-based `k`), in sorted order.
    pub shard: Option<(usize, usize)>,
    /// Force a format for every document.
    pub format: Option<Format>,
    /// Restore settings.
    pub config: Config,
    /// How a document's error is worded in the summary: the library's message
    /// (`Error::to_string`), or the caller's with its own hints.
    pub error_text: fn(&Error) -> String,
}

/// What happened to one document, serialised as `ok`, `failed` or `skipped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Restored and written.
    Ok,
    /// Not restored; the outcome says why.
    Failed,
    /// Left alone: its output was already complete (`resume`).
    Skipped,
}

/// One document found under the input folder.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// Path relative to the input folder.
    pub relative: PathBuf,
    /// Whether it is a folder of page files (`*.pages`).
    pub pages_dir: bool,
}

/// What happened to one document.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Path relative to the input folder.
    pub document: PathBuf,
    /// Restored, failed or skipped.
    pub status: Status,
    /// The error, for a failed document.
    pub error: Option<String>,
    /// Page fragments found.
    pub fragments: usize,
    /// Lowest junction confidence.
    pub min_confidence: Option<f64>,
    /// Restore time in milliseconds (wall clock).
    pub millis: f64,
}

impl Outcome {
    fn new(job: &Job, status: Status) -> Self {
        Outcome {
            document: job.relative.clone(),
            status,
            error: None,
            fragments: 0,
            min_confidence: None,
            millis: 0.0,
        }
    }
}

/// The batch summary, also written to `OUT_DIR/batch-summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Schema version.
    pub version: u32,
    /// Input folder.
    pub input: PathBuf,
    /// Output folder.
    pub output: PathBuf,
    /// Documents restored.
    pub ok: usize,
    /// Documents that failed.
    pub failed: usize,
    /// Documents skipped by `resume`.
    pub skipped: usize,
    /// Symbolic links not followed because they leave the input folder.
    pub links_refused: Vec<PathBuf>,
    /// Throughput of the run (wall clock, so it varies from run to run).
    pub throughput: Throughput,
    /// Per document, in sorted order.
    pub documents: Vec<Outcome>,
}

/// How fast a batch went: restored documents and their page fragments per second of wall
/// clock, and per thread (per core when each thread has one).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Throughput {
    /// Wall-clock seconds of the whole run.
    pub seconds: f64,
    /// Worker threads.
    pub threads: usize,
    /// Page fragments of the restored documents.
    pub pages: usize,
    /// Restored documents per second per thread.
    pub documents_per_second_per_thread: f64,
    /// Page fragments per second per thread.
    pub pages_per_second_per_thread: f64,
}

impl Throughput {
    fn new(documents: &[Outcome], seconds: f64, threads: usize) -> Self {
        let ok = documents.iter().filter(|d| d.status == Status::Ok);
        let pages: usize = ok.clone().map(|d| d.fragments).sum();
        let per = |x: usize| x as f64 / seconds.max(1e-9) / threads.max(1) as f64;
        Throughput {
            seconds,
            threads,
            pages,
            documents_per_second_per_thread: per(ok.count()),
            pages_per_second_per_thread: per(pages),
        }
    }
}

impl Summary {
    /// Exit code: 0 when nothing failed, 3 when some documents failed, 4 when all did (1 and
    /// 2 are the command line's: an error, bad arguments).
    pub fn exit_code(&self) -> i32 {
        if self.failed == 0 {
            0
        } else if self.ok + self.skipped == 0 {
            4
        } else {
            3
        }
    }
}

/// The file extensions a batch reads as documents (besides `*.pages` folders).
pub const DOC_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text", "pdf"];

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Find the documents under `root`: files ending in .md/.markdown/.txt/.text/.pdf, and folders
/// named `*.pages` (one page per file). Symbolic links are followed only when they stay
/// inside `root`; `skip` (the output folder) is never entered. Sorted by path.
pub fn discover(root: &Path, skip: Option<&Path>) -> Result<(Vec<Job>, Vec<PathBuf>)> {
    let root_c = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let skip_c = skip.and_then(|s| s.canonicalize().ok());
    let mut jobs = Vec::new();
    let mut refused = Vec::new();
    let mut stack = vec![root_c.clone()];
    let mut seen_dirs = vec![root_c.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if is_hidden(&path) {
                continue;
            }
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(_) => continue,
            };
            let real = if meta.file_type().is_symlink() {
                match path.canonicalize() {
                    Ok(t) if t.starts_with(&root_c) => t,
                    _ => {
                        refused.push(path.strip_prefix(&root_c).unwrap_or(&path).to_path_buf());
                        continue;
                    }
                }
            } else {
                path.clone()
            };
            let relative = path.strip_prefix(&root_c).unwrap_or(&path).to_path_buf();
            if real.is_dir() {
                if skip_c.as_deref() == Some(real.as_path()) || seen_dirs.contains(&real) {
                    continue;
                }
                if path.extension().is_some_and(|e| e == "pages") {
                    jobs.push(Job {
                        relative,
                        pages_dir: true,
                    });
                } else {
                    seen_dirs.push(real.clone());
                    stack.push(path);
                }
            } else if real.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| DOC_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            {
                jobs.push(Job {
                    relative,
                    pages_dir: false,
                });
            }
        }
    }
    jobs.sort_by(|a, b| a.relative.cmp(&b.relative));
    refused.sort();
    Ok((jobs, refused))
}

/// The output path of a document: the same relative name under `out`. Only plain path parts
/// are accepted, so nothing can land outside `out`.
pub fn output_path(out: &Path, relative: &Path) -> Result<PathBuf> {
    let mut p = out.to_path_buf();
    for c in relative.components() {
        match c {
            Component::Normal(part) => p.push(part),
            _ => {
                return Err(Error::Usage(format!(
                    "{}: not a plain relative path; refusing to write outside the output folder",
                    relative.display()
                )))
            }
        }
    }
    Ok(p)
}

/// Create the folders from `out` down to `parent`, refusing a symbolic link on the way: a
/// link planted inside the output folder would send the outputs somewhere else.
fn make_folders(out: &Path, parent: &Path) -> Result<()> {
    let mut at = out.to_path_buf();
    let below = parent.strip_prefix(out).unwrap_or(Path::new(""));
    for part in below.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::Link {
                    path: at,
                    why: "is a symbolic link inside the output folder",
                })
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(Error::write(
                    &at,
                    std::io::Error::other("a file is in the way of a folder"),
                ))
            }
            Err(_) => std::fs::create_dir(&at).map_err(|e| Error::write(&at, e))?,
        }
    }
    Ok(())
}

/// Remove what killed runs left: collate's temporary files (`.NAME.collate-tmp-PID-N`) under
/// `out` untouched for a minute (a live run renames its own within moments of writing them).
/// Links are not followed. The paths removed, relative to `out`.
fn remove_stale_temporaries(out: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    let now = std::time::SystemTime::now();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age.as_secs() >= 60);
            if name.starts_with('.')
                && name.contains(TMP_MARK)
                && meta.is_file()
                && old
                && std::fs::remove_file(&path).is_ok()
            {
                removed.push(path.strip_prefix(out).unwrap_or(&path).to_path_buf());
            }
        }
    }
    removed.sort();
    removed
}

fn report_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".report.json");
    output.with_file_name(name)
}

fn restore_one(opts: &BatchOptions, job: &Job) -> Outcome {
    let t0 = Instant::now();
    let mut outcome = Outcome::new(job, Status::Ok);
    let work = || -> Result<(usize, f64)> {
        let input = opts.input.join(&job.relative);
        let out = output_path(&opts.output, &job.relative)?;
        let format = if job.pages_dir {
            Some(Format::Dir)
        } else {
            opts.format
        };
        // Confined to the input folder: no link out of it, no pipe or device.
        let doc = ingest::read_under(&input, &opts.input, format, &opts.config.limits)?;
        let restored = crate::pipeline::restore(&doc, &opts.config)?;
        if let Some(parent) = out.parent() {
            make_folders(&opts.output, parent)?;
        }
        // Both rendered before either is written, so a failure leaves neither; links inside
        // the output folder are refused, never written through.
        let report = if opts.report {
            Some(
                output::File {
                    path: report_path(&out),
                    links: Links::Refuse,
                }
                .stage(&restored, &JsonReport)?,
            )
        } else {
            None
        };
        // A PDF comes back as a PDF with its pages reordered (its output name ends in .pdf).
        output::target(&doc, Some(&out), true, Links::Refuse)?
            .stage(&restored, &Text)?
            .commit()?;
        if let Some(report) = report {
            report.commit()?;
        }
        Ok((
            restored.analysis.fragments.len(),
            output::min_confidence(&restored),
        ))
    };
    match guarded(work) {
        Ok((fragments, min)) => {
            outcome.fragments = fragments;
            outcome.min_confidence = Some(min);
        }
        Err(failure) => {
            outcome.status = Status::Failed;
            outcome.error = Some(failure.describe(opts.error_text));
        }
    }
    outcome.millis = t0.elapsed().as_secs_f64() * 1000.0;
    outcome
}

fn done(opts: &BatchOptions, job: &Job) -> bool {
    let Ok(out) = output_path(&opts.output, &job.relative) else {
        return false;
    };
    out.is_file() && (!opts.report || report_path(&out).is_file())
}

/// Refuse an output folder that is the input folder, inside it or holding it (compared
/// resolved: links, `..`, `./`, trailing slashes), where outputs could overwrite inputs.
pub fn check_apart(input: &Path, output: &Path) -> Result<()> {
    let (input_r, output_r) = (resolved(input), resolved(output));
    if output_r.starts_with(&input_r) || input_r.starts_with(&output_r) {
        return Err(Error::Usage(format!(
            "{} and {}: the output folder must be apart from the input folder (not the same, not inside it, not holding it), or restored documents would overwrite the scrambled ones",
            input.display(),
            output.display()
        )));
    }
    Ok(())
}

/// How far a batch has got, told to the progress callback after each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Documents finished (restored, failed or skipped).
    pub done: usize,
    /// Documents in all.
    pub documents: usize,
    /// Input bytes of the finished documents.
    pub bytes_done: u64,
    /// Input bytes of the documents begun: finished or in flight.
    pub bytes_started: u64,
    /// Input bytes of all documents.
    pub bytes: u64,
}

/// Share of the input bytes that must be done before [`Progress::eta`] says anything (chosen
/// by hand, not fitted: before it the rate rests on a document or two).
pub const ETA_AFTER: f64 = 0.1;

impl Progress {
    /// The time left at the rate so far, `elapsed` for the bytes done, or `None` while less
    /// than [`ETA_AFTER`] of the bytes are done. By bytes, not documents: restore time grows
    /// with a document's size (on the shared corpus about in proportion) and the largest go
    /// first, so the first documents done are the slowest — counted by documents, one large
    /// document done in 1 s of a batch of forty promised 39 s more. Documents in flight count
    /// half done: the largest are in flight from the start, and counting them as nothing
    /// overstated the time left two to three times early in a two-thread batch of the shared
    /// corpus (10 s shown at 1.7 s of a 5.7 s batch; now 4 s at 1.1 s of 4.7 s).
    pub fn eta(&self, elapsed: std::time::Duration) -> Option<std::time::Duration> {
        let in_flight = self.bytes_started.saturating_sub(self.bytes_done);
        let done = (self.bytes_done as f64 + in_flight as f64 / 2.0).min(self.bytes as f64);
        if self.bytes == 0 || self.bytes_done == 0 || done < ETA_AFTER * self.bytes as f64 {
            return None;
        }
        Some(elapsed.mul_f64((self.bytes as f64 - done) / done))
    }
}

/// Restore every document under `opts.input` into `opts.output`. `progress` is told, after
/// each finished document, that document and how far the batch has got (for a progress bar).
pub fn run(opts: &BatchOptions, progress: &(dyn Fn(&Outcome, Progress) + Sync)) -> Result<Summary> {
    if !opts.input.is_dir() {
        return Err(Error::NotFolder {
            path: opts.input.clone(),
        });
    }
    check_apart(&opts.input, &opts.output)?;
    let (mut jobs, links_refused) = discover(&opts.input, Some(&opts.output))?;
    if let Some((k, n)) = opts.shard {
        jobs = jobs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == k)
            .map(|(_, j)| j)
            .collect();
    }
    if jobs.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no documents found (looked for .md, .markdown, .txt, .text, .pdf files and *.pages folders)",
            opts.input.display()
        )));
    }
    std::fs::create_dir_all(&opts.output).map_err(|e| Error::write(&opts.output, e))?;
    let summary_path = opts.output.join("batch-summary.json");
    if summary_path.is_symlink() {
        return Err(Error::Link {
            path: summary_path,
            why: "is a symbolic link inside the output folder",
        });
    }
    remove_stale_temporaries(&opts.output);
    let total = jobs.len();
    let started = std::time::Instant::now();
    // Largest documents first keeps both threads busy to the end; results go back in order.
    let size = |j: &Job| -> u64 {
        let p = opts.input.join(&j.relative);
        if j.pages_dir {
            std::fs::read_dir(&p)
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| e.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0)
        } else {
            std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0)
        }
    };
    let mut by_size: Vec<(u64, usize)> =
        jobs.iter().enumerate().map(|(i, j)| (size(j), i)).collect();
    by_size.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Counted under a lock and told in the same breath, so the caller sees it only grow.
    let so_far = std::sync::Mutex::new(Progress {
        done: 0,
        documents: total,
        bytes_done: 0,
        bytes_started: 0,
        bytes: by_size.iter().map(|s| s.0).sum(),
    });
    let mut results: Vec<(usize, Outcome)> = by_size
        .par_iter()
        .map(|&(bytes, i)| {
            let job = &jobs[i];
            so_far
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .bytes_started += bytes;
            let o = if opts.resume && done(opts, job) {
                Outcome::new(job, Status::Skipped)
            } else {
                restore_one(opts, job)
            };
            let mut p = so_far.lock().unwrap_or_else(|e| e.into_inner());
            p.done += 1;
            p.bytes_done += bytes;
            progress(&o, *p);
            (i, o)
        })
        .collect();
    results.sort_by_key(|r| r.0);
    let documents: Vec<Outcome> = results.into_iter().map(|r| r.1).collect();
    let count = |s: Status| documents.iter().filter(|d| d.status == s).count();
    let summary = Summary {
        version: 1,
        input: opts.input.clone(),
        output: opts.output.clone(),
        ok: count(Status::Ok),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        links_refused,
        throughput: Throughput::new(
            &documents,
            started.elapsed().as_secs_f64(),
            rayon::current_num_threads(),
        ),
        documents,
    };
    stage(&summary_path, Links::Refuse, |w| {
        serde_json::to_writer_pretty(&mut *w, &summary)?;
        writeln!(w)
    })
    .and_then(|s| s.commit())
    .map_err(|e| Error::write(&summary_path, e))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Progress with nothing in flight.
    fn progress(done: usize, documents: usize, bytes_done: u64, bytes: u64) -> Progress {
        Progress {
            done,
            documents,
            bytes_done,
            bytes_started: bytes_done,
            bytes,
        }
    }

    #[test]
    fn eta_waits_for_a_tenth_of_the_bytes() {
        let s = std::time::Duration::from_secs(1);
        assert_eq!(progress(0, 10, 0, 1000).eta(s), None);
        assert_eq!(progress(3, 10, 99, 1000).eta(s), None);
        assert_eq!(progress(0, 0, 0, 0).eta(s), None);
        assert_eq!(
            progress(10, 10, 1000, 1000).eta(s),
            Some(std::time::Duration::ZERO)
        );
    }

    /// The case: the largest document of forty (a fifth of the bytes) done first,
    /// in 1 s. Counted by documents that promised 39 s more; by bytes, 4 s — what the rest
    /// take when time goes with size.
    #[test]
    fn eta_of_a_large_first_document_is_by_bytes() {
        let one = std::time::Duration::from_secs(1);
        let p = progress(1, 40, 100, 100 + 39 * 10 + 10);
        let eta = p.eta(one).unwrap();
        assert!((eta.as_secs_f64() - 4.0).abs() < 1e-9, "{eta:?}");
        // In flight counts half: 200 of 1000 bytes done and 200 begun is 300 done.
        let p = Progress {
            bytes_started: 400,
            ..progress(2, 10, 200, 1000)
        };
        assert!((p.eta(one).unwrap().as_secs_f64() - 7.0 / 3.0).abs() < 1e-9);
        // Linear time: a quarter done in 1 s leaves 3 s.
        assert_eq!(
            progress(5, 20, 250, 1000).eta(one).unwrap().as_secs_f64(),
            3.0
        );
    }

    #[test]
    fn output_paths_stay_inside() {
        let out = Path::new("/out");
        assert_eq!(
            output_path(out, Path::new("a/b.md")).unwrap(),
            Path::new("/out/a/b.md")
        );
        assert!(output_path(out, Path::new("../x.md")).is_err());
        assert!(output_path(out, Path::new("/etc/passwd")).is_err());
    }

    #[test]
    fn exit_codes() {
        let mut s = Summary {
            version: 1,
            input: PathBuf::new(),
            output: PathBuf::new(),
            ok: 3,
            failed: 0,
            skipped: 0,
            links_refused: vec![],
            throughput: Throughput::default(),
            documents: vec![],
        };
        assert_eq!(s.exit_code(), 0);
        s.failed = 1;
        assert_eq!(s.exit_code(), 3);
        s.ok = 0;
        assert_eq!(s.exit_code(), 4);
    }

    #[test]
    fn throughput_counts_restored_pages_per_thread() {
        let doc = |status, fragments| Outcome {
            document: PathBuf::new(),
            status,
            error: None,
            fragments,
            min_confidence: None,
            millis: 0.0,
        };
        let docs = [
            doc(Status::Ok, 30),
            doc(Status::Ok, 10),
            doc(Status::Failed, 99),
        ];
        let t = Throughput::new(&docs, 2.0, 2);
        assert_eq!(t.pages, 40);
        assert_eq!(t.pages_per_second_per_thread, 10.0);
        assert_eq!(t.documents_per_second_per_thread, 0.5);
    }
}
