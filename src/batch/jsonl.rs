//! Streaming JSON lines: `{"id": …, "text": "…"}` or `{"id": …, "path": "…"}` per input line,
//! one `{"id", "text", "order", "confidence", "error"}` line out per input, in input order.
//! Lines are read in small chunks and restored in parallel, so memory holds only a few
//! documents at a time whatever the length of the stream.

use super::guard::{guarded, Failure};
use crate::config::Config;
use crate::ingest::{self, Document};
use crate::output::min_confidence;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};

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

fn process(line: &str, cfg: &Config, error_text: fn(&crate::Error) -> String) -> Output {
    let mut out = Output {
        id: serde_json::Value::Null,
        text: None,
        order: None,
        confidence: None,
        error: None,
    };
    let input: Input = match serde_json::from_str(line) {
        Ok(i) => i,
        Err(e) => {
            out.error = Some(format!("not a JSON object with \"text\" or \"path\": {e}"));
            return out;
        }
    };
    out.id = input.id;
    let work = || -> crate::Result<(String, Vec<usize>, f64)> {
        let doc = match (input.text, input.path) {
            (Some(t), _) => Document::from_text("<jsonl>", t, None)?,
            (None, Some(p)) => ingest::read(std::path::Path::new(&p), None, &cfg.limits)?,
            (None, None) => {
                return Err(crate::Error::Usage(
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
        }
        Err(Failure::Error(e)) => out.error = Some(error_text(&e)),
        // The panic's own message stays off the stream, as it always has.
        Err(Failure::Panic(_)) => out.error = Some("internal error (please report it)".to_string()),
    }
    out
}

/// Read JSON lines from `input`, write one result line per input line to `output`, in order,
/// `chunk` lines at a time; a line's error is worded by `error_text` (`Error::to_string`, or
/// the caller's with its own hints). Returns (lines, failures).
pub fn run(
    input: impl BufRead,
    mut output: impl Write,
    cfg: &Config,
    chunk: usize,
    error_text: fn(&crate::Error) -> String,
) -> std::io::Result<(usize, usize)> {
    let mut lines = input.lines();
    let (mut total, mut failed) = (0, 0);
    loop {
        let mut batch = Vec::with_capacity(chunk);
        for line in lines.by_ref() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            batch.push(line);
            if batch.len() == chunk {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<Output> = batch
            .par_iter()
            .map(|l| process(l, cfg, error_text))
            .collect();
        for r in results {
            total += 1;
            failed += usize::from(r.error.is_some());
            serde_json::to_writer(&mut output, &r)?;
            output.write_all(b"\n")?;
        }
        output.flush()?;
    }
    Ok((total, failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_out_per_line_in_and_in_order() {
        let good = serde_json::json!({"id": 7, "text": "A page that ends in the\n\u{c}middle of the sentence.\n\u{c}"});
        let input = format!("{good}\nnot json\n{{\"id\": \"x\"}}\n{good}\n");
        let mut out = Vec::new();
        let (n, failed) = run(
            input.as_bytes(),
            &mut out,
            &Config::default(),
            2,
            crate::Error::to_string,
        )
        .unwrap();
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
