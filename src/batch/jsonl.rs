//! Streaming JSON lines: `{"id": …, "text": "…"}` or `{"id": …, "path": "…"}` per input line,
//! one `{"id", "text", "order", "confidence", "error"}` line out per input, in input order.
//! Lines are read in small chunks and restored in parallel, so memory holds only a few
//! documents at a time whatever the length of the stream.

use super::guard::{guarded, Failure};
use crate::config::Config;
use crate::error::Error;
use crate::ingest::{self, Document};
use crate::output::min_confidence;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    id: serde_json::Value,
    text: Option<String>,
    path: Option<String>,
}

/// One output line.
#[derive(Debug, Serialize)]
pub struct Output {
    /// The input's id, as given (null when the line was not readable).
    pub id: serde_json::Value,
    /// The restored text, or null on error.
    pub text: Option<String>,
    /// The order of the input's fragments, or null on error.
    pub order: Option<Vec<usize>>,
    /// The lowest junction confidence, or null on error.
    pub confidence: Option<f64>,
    /// What went wrong, or null.
    pub error: Option<String>,
}

impl Output {
    fn error(message: String) -> Self {
        Output {
            id: serde_json::Value::Null,
            text: None,
            order: None,
            confidence: None,
            error: Some(message),
        }
    }
}

/// How the stream runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Restore settings; `limits.max_bytes` bounds each line's text (and file).
    pub config: Config,
    /// Lines restored at once (at least 1). Answers still come one by one, as soon as each
    /// line and every line before it is done.
    pub window: usize,
    /// The folder `"path"` lines may read from (resolved; nothing outside it, no pipes or
    /// devices). `None` refuses every `"path"` line: a stream's sender is not trusted to
    /// name files.
    pub paths_under: Option<PathBuf>,
    /// How a line's error is worded: `Error::to_string`, or the caller's with its own hints.
    pub error_text: fn(&Error) -> String,
}

/// A line as read: its bytes, or why it was not kept.
enum Line {
    Bytes(Vec<u8>),
    TooLong(usize),
}

fn process(line: Line, opts: &Options) -> Output {
    let bytes = match line {
        Line::Bytes(b) => b,
        Line::TooLong(n) => {
            return Output::error((opts.error_text)(&Error::TooLarge {
                name: "<jsonl line>".to_string(),
                what: "bytes",
                actual: n,
                limit: line_limit(&opts.config),
            }))
        }
    };
    let Ok(line) = std::str::from_utf8(&bytes) else {
        let at = std::str::from_utf8(&bytes)
            .map_err(|e| e.valid_up_to())
            .err();
        return Output::error(format!(
            "the line is not valid UTF-8 (at byte {}); JSON lines must be UTF-8",
            at.unwrap_or(0)
        ));
    };
    let input: Input = match serde_json::from_str(line) {
        Ok(i) => i,
        Err(e) => {
            return Output::error(format!("not a JSON object with \"text\" or \"path\": {e}"))
        }
    };
    let mut out = Output::error(String::new());
    out.id = input.id;
    let cfg = &opts.config;
    let work = || -> crate::Result<(String, Vec<usize>, f64)> {
        let doc = match (input.text, input.path) {
            (Some(t), _) => {
                if t.len() > cfg.limits.max_bytes {
                    return Err(Error::TooLarge {
                        name: "<jsonl>".to_string(),
                        what: "bytes",
                        actual: t.len(),
                        limit: cfg.limits.max_bytes,
                    });
                }
                Document::from_text("<jsonl>", t, None)?
            }
            (None, Some(p)) => match &opts.paths_under {
                Some(root) => {
                    let p = Path::new(&p);
                    // Relative paths are taken from the root, not from where collate runs.
                    let full = if p.is_absolute() {
                        p.to_path_buf()
                    } else {
                        root.join(p)
                    };
                    ingest::read_under(&full, root, None, &cfg.limits)?
                }
                None => return Err(Error::PathsRefused),
            },
            (None, None) => {
                return Err(Error::Usage(
                    "the line has neither \"text\" nor \"path\"".to_string(),
                ))
            }
        };
        let r = crate::pipeline::restore(&doc, cfg)?;
        Ok((r.text(), r.order().to_vec(), min_confidence(&r)))
    };
    match guarded(work) {
        Ok((text, order, c)) => {
            out.text = Some(text);
            out.order = Some(order);
            out.confidence = Some(c);
            out.error = None;
        }
        Err(Failure::Error(e)) => out.error = Some((opts.error_text)(&e)),
        // The panic's own message stays off the stream, as it always has.
        Err(Failure::Panic(_)) => out.error = Some("internal error (please report it)".to_string()),
    }
    out
}

/// The longest line kept: a text of `max_bytes` may take up to six bytes a byte once escaped
/// in JSON (`\u0001`), plus room for the id and the keys.
fn line_limit(cfg: &Config) -> usize {
    cfg.limits
        .max_bytes
        .saturating_mul(6)
        .saturating_add(64 * 1024)
}

/// Read one line (without its `\n`) of at most `limit` bytes; a longer one is read to its
/// end and dropped. `None` at the end of input.
fn read_line(input: &mut impl BufRead, limit: usize) -> std::io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut len = 0usize;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        len += part.len();
        if len <= limit {
            buf.extend_from_slice(part);
        } else {
            buf = Vec::new();
        }
        let used = done.unwrap_or(part.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(if len > limit {
        Line::TooLong(len)
    } else {
        Line::Bytes(buf)
    }))
}

enum Event {
    Line(usize, Line),
    End(std::io::Result<()>),
    Done(usize, Output),
}

/// Read JSON lines from `input`, write one result line per input line to `output`, in input
/// order, each written and flushed as soon as it and every line before it are done (a caller
/// that sends one line and waits for its answer gets it); at most `opts.window` lines are in
/// memory at once. A line that is not UTF-8 or not JSON gets an error line like any other.
/// Blank lines are skipped. Returns (lines, failures).
pub fn run(
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
    opts: &Options,
) -> std::io::Result<(usize, usize)> {
    let window = opts.window.max(1);
    let limit = line_limit(&opts.config);
    let (events, inbox) = mpsc::channel::<Event>();
    // The reader takes a permit for each line it reads; one comes back with each answer.
    let (permits, permit) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = permits.send(());
    }
    let reader = events.clone();
    // Not scoped: when the output fails the reader may still be blocked on its input, and
    // the answer must not wait for it.
    std::thread::spawn(move || {
        let mut input = input;
        let mut index = 0;
        loop {
            if permit.recv().is_err() {
                return;
            }
            let line = loop {
                match read_line(&mut input, limit) {
                    Ok(Some(Line::Bytes(b))) if b.iter().all(u8::is_ascii_whitespace) => {}
                    other => break other,
                }
            };
            match line {
                Ok(Some(line)) => {
                    if reader.send(Event::Line(index, line)).is_err() {
                        return;
                    }
                    index += 1;
                }
                Ok(None) => {
                    let _ = reader.send(Event::End(Ok(())));
                    return;
                }
                Err(e) => {
                    let _ = reader.send(Event::End(Err(e)));
                    return;
                }
            }
        }
    });
    let (mut total, mut failed) = (0, 0);
    let result = rayon::in_place_scope(|scope| -> std::io::Result<()> {
        let mut ready: BTreeMap<usize, Output> = BTreeMap::new();
        let (mut next, mut read, mut ended) = (0usize, 0usize, None);
        loop {
            if ended.is_some() && next == read {
                break;
            }
            let Ok(event) = inbox.recv() else { break };
            match event {
                Event::Line(i, line) => {
                    read += 1;
                    let done = events.clone();
                    scope.spawn(move |_| {
                        let _ = done.send(Event::Done(i, process(line, opts)));
                    });
                }
                Event::End(r) => ended = Some(r),
                Event::Done(i, out) => {
                    ready.insert(i, out);
                    while let Some(out) = ready.remove(&next) {
                        total += 1;
                        failed += usize::from(out.error.is_some());
                        serde_json::to_writer(&mut output, &out)?;
                        output.write_all(b"\n")?;
                        output.flush()?;
                        next += 1;
                        let _ = permits.send(());
                    }
                }
            }
        }
        ended.unwrap_or(Ok(()))
    });
    result.map(|()| (total, failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_out_per_line_in_and_in_order() {
        let good = serde_json::json!({"id": 7, "text": "A page that ends in the\n\u{c}middle of the sentence.\n\u{c}"});
        let input = format!("{good}\nnot json\n{{\"id\": \"x\"}}\n{good}\n");
        let mut out = Vec::new();
        let opts = Options {
            config: Config::default(),
            window: 2,
            paths_under: None,
            error_text: crate::Error::to_string,
        };
        let (n, failed) = run(std::io::Cursor::new(input.into_bytes()), &mut out, &opts).unwrap();
        assert_eq!((n, failed), (4, 2));
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["id"], 7);
        assert!(lines[0]["error"].is_null());
        assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
        assert_eq!(lines[2]["id"], "x");
        assert!(lines[2]["error"].as_str().unwrap().contains("neither"));
        assert_eq!(lines[3]["order"], lines[0]["order"]);
    }
}
