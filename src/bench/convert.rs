//! `--convert TEMPLATE`: turn each page of a PDF into text with any converter, given as a
//! command template (`pdftotext -f {page} -l {page} -layout {pdf} -`), to bench on that
//! converter's output. The template is split into words the way a shell would (quotes and
//! backslashes), then the placeholders are filled in each word; the program runs directly,
//! never through a shell, with a time limit per call and a cap on what it may write. Nothing
//! is cached on disk.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Most bytes one page's conversion may write to standard output.
pub const MAX_PAGE_BYTES: usize = 8 << 20;
/// Most bytes of a failing converter's standard error quoted in its error.
const MAX_STDERR: usize = 2048;

/// A converter: the template's words, and the limits it runs under.
#[derive(Debug, Clone)]
pub struct Converter {
    /// The template as given.
    pub template: String,
    words: Vec<String>,
    /// Time limit per page.
    pub timeout: Duration,
}

/// Split `s` into words as a POSIX shell does for a simple command: blanks separate words,
/// `'…'` quotes literally, `"…"` quotes with `\` escaping `"`, `\`, `$` and `` ` ``, and a
/// `\` outside quotes takes the next character literally. No expansion of any kind.
pub fn split_words(s: &str) -> std::result::Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err("unclosed single quote".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err("unclosed double quote".into()),
                        },
                        Some(c) => cur.push(c),
                        None => return Err("unclosed double quote".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => cur.push(c),
                    None => return Err("a backslash ends the template".into()),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// The placeholders a template may use.
const PLACEHOLDERS: [&str; 4] = ["{page}", "{pdf}", "{stem}", "{dir}"];

impl Converter {
    /// A converter from its template. The template must name a program and use `{page}`
    /// (otherwise every page would convert alike).
    pub fn new(template: &str, timeout: Duration) -> Result<Converter> {
        let words = split_words(template)
            .map_err(|e| Error::Usage(format!("--convert `{template}`: {e}")))?;
        if words.is_empty() {
            return Err(Error::Usage("--convert: the template is empty".into()));
        }
        if !words.iter().any(|w| w.contains("{page}")) {
            return Err(Error::Usage(format!(
                "--convert `{template}`: the template must use {{page}} (1-based) to convert one page; \
                 placeholders: {}",
                PLACEHOLDERS.join(" ")
            )));
        }
        if timeout.is_zero() {
            return Err(Error::Usage("--convert-timeout must be above 0".into()));
        }
        Ok(Converter {
            template: template.to_string(),
            words,
            timeout,
        })
    }

    /// The converter's name for reports: its program's file name.
    pub fn name(&self) -> String {
        Path::new(&self.words[0])
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.words[0].clone())
    }

    /// The command's words for page `page` (1-based) of `pdf`: `{page}`, `{pdf}` (the path),
    /// `{stem}` (the file name without `.pdf`), `{dir}` (the folder holding it).
    pub fn argv(&self, pdf: &Path, page: usize) -> Vec<String> {
        let stem = pdf
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = pdf
            .parent()
            .map(|d| d.display().to_string())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| ".".into());
        let page = page.to_string();
        let pdf = pdf.display().to_string();
        self.words
            .iter()
            .map(|w| {
                // One pass, so a path holding `{page}` is not filled in again.
                let mut out = String::with_capacity(w.len());
                let mut rest = w.as_str();
                'scan: while !rest.is_empty() {
                    for (ph, val) in PLACEHOLDERS.iter().zip([&page, &pdf, &stem, &dir]) {
                        if let Some(r) = rest.strip_prefix(ph) {
                            out.push_str(val);
                            rest = r;
                            continue 'scan;
                        }
                    }
                    let c = rest.chars().next().unwrap_or_default();
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
                out
            })
            .collect()
    }

    /// Convert page `page` (1-based) of `pdf`: the converter's standard output, decoded, with
    /// form feeds removed and leading and trailing newlines stripped (as the flavours were).
    pub fn page(&self, pdf: &Path, page: usize) -> Result<String> {
        let argv = self.argv(pdf, page);
        let fail = |what: String| Error::Corpus(format!("{}: page {page}: {what}", pdf.display()));
        let bytes = run_bounded(&argv, self.timeout, MAX_PAGE_BYTES).map_err(fail)?;
        let text = crate::ingest::decode(&format!("{} page {page}", pdf.display()), bytes)?;
        let text: String = text.chars().filter(|&c| c != '\u{c}').collect();
        Ok(text.trim_matches(|c| c == '\n' || c == '\r').to_string())
    }

    /// Every page of `pdf`, in order (the page count from the PDF itself).
    pub fn document(&self, pdf: &Path) -> Result<Vec<String>> {
        let bytes = std::fs::read(pdf).map_err(|e| Error::io(pdf, e))?;
        let n = crate::ingest::pdf::load(&pdf.display().to_string(), &bytes)?
            .get_pages()
            .len();
        if n == 0 {
            return Err(Error::Corpus(format!(
                "{}: the PDF has no pages",
                pdf.display()
            )));
        }
        (1..=n).map(|p| self.page(pdf, p)).collect()
    }
}

/// Run `argv` without a shell; its standard output, or why not: it could not start, ran
/// longer than `timeout`, wrote more than `limit` bytes, or exited with an error.
pub fn run_bounded(
    argv: &[String],
    timeout: Duration,
    limit: usize,
) -> std::result::Result<Vec<u8>, String> {
    let start = Instant::now();
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", argv[0]))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let r = (&mut stdout)
            .take(limit as u64 + 1)
            .read_to_end(&mut buf)
            .map(|_| buf);
        let _ = tx.send(r);
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(MAX_STDERR as u64).read_to_end(&mut buf);
        // Keep draining so the converter never blocks on a full pipe.
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        buf
    });
    let kill = |child: &mut std::process::Child| {
        let _ = child.kill();
        let _ = child.wait();
    };
    let out = match rx.recv_timeout(timeout) {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => {
            kill(&mut child);
            return Err(format!("reading its output: {e}"));
        }
        Err(_) => {
            kill(&mut child);
            return Err(format!("timed out after {:?}", timeout));
        }
    };
    if out.len() > limit {
        kill(&mut child);
        return Err(format!("wrote more than {limit} bytes"));
    }
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                kill(&mut child);
                return Err(format!("timed out after {:?}", timeout));
            }
            Err(e) => return Err(format!("waiting for it: {e}")),
        }
    };
    if !status.success() {
        let err = err_reader.join().unwrap_or_default();
        let err = String::from_utf8_lossy(&err);
        let err = err.trim();
        return Err(if err.is_empty() {
            format!("`{}` failed ({status})", argv[0])
        } else {
            format!(
                "`{}` failed ({status}): {}",
                argv[0],
                err.lines().next().unwrap_or(err)
            )
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_like_a_shell_and_fill_every_word() {
        assert_eq!(
            split_words(r#"pdftotext -f {page}  'a b' "c \"d\" $x" e\ f"#).unwrap(),
            vec!["pdftotext", "-f", "{page}", "a b", "c \"d\" $x", "e f"]
        );
        assert!(split_words("a 'b").is_err());
        assert!(split_words("a \"b").is_err());
        // A `;` or `$(…)` is just text in a word: nothing reaches a shell.
        assert_eq!(
            split_words("cat {pdf}; rm x").unwrap(),
            vec!["cat", "{pdf};", "rm", "x"]
        );
        let c = Converter::new(
            "tool -p {page} {dir}/{stem}.{page}.txt {pdf}",
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(
            c.argv(Path::new("/d/{page}doc.pdf"), 3),
            vec!["tool", "-p", "3", "/d/{page}doc.3.txt", "/d/{page}doc.pdf"]
        );
        assert_eq!(c.name(), "tool");
        assert!(Converter::new("tool {pdf}", Duration::from_secs(1)).is_err());
        assert!(Converter::new("  ", Duration::from_secs(1)).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_converter_is_bounded_in_time_and_output() {
        let argv = |s: &str| split_words(s).unwrap();
        let t = Duration::from_secs(5);
        assert_eq!(run_bounded(&argv("echo hi"), t, 100).unwrap(), b"hi\n");
        let e = run_bounded(&argv("sleep 5"), Duration::from_millis(200), 100).unwrap_err();
        assert!(e.contains("timed out"), "{e}");
        let e = run_bounded(&argv("yes"), t, 1000).unwrap_err();
        assert!(e.contains("more than 1000 bytes"), "{e}");
        let e = run_bounded(&argv("ls /no/such/dir/at/all"), t, 100).unwrap_err();
        assert!(e.contains("failed"), "{e}");
        let e = run_bounded(&argv("no-such-program-xyz"), t, 100).unwrap_err();
        assert!(e.contains("cannot run"), "{e}");
    }
}
