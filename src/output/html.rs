//! `--html FILE`: the restored document as one self-contained HTML page (inline style and
//! script, nothing fetched) with every junction marked and coloured by its confidence, and on
//! a click the text either side of the cut, the rival pairs it beat and the signals that
//! decided — so a person can check a restore where it is least sure, in any browser.
//!
//! The input is untrusted: every piece of it (and every name) is escaped with
//! [`html_escape::encode_safe`]; no input reaches the script. The page is lossless: the
//! elements of class `t`, in document order, hold the restored text (every fragment verbatim
//! and the joins put between them), so their text is exactly the restored document.

use super::Render;
use crate::pipeline::{Junction, Restored};
use crate::score::Contribution;
use html_escape::encode_safe as esc;
use std::io::Write;

/// At or above this confidence a junction is coloured sure (the bench's "confident" bound).
pub const SURE: f64 = 0.9;
/// Below this confidence a junction is coloured weak (the bound `restore` counts weak
/// junctions by when it calls an order doubtful).
pub const WEAK: f64 = 0.7;
/// Lines quoted either side of a cut in a junction's details (chosen by hand, not fitted).
const QUOTE_LINES: usize = 3;
/// Characters quoted either side of a cut, at most (chosen by hand, not fitted: about three
/// lines of the details box).
const QUOTE_CHARS: usize = 320;
/// Signals named as having decided a junction: the largest leads over the stronger rival
/// (chosen by hand, not fitted; the same count as `--review`).
const DECIDING: usize = 3;

/// `--html FILE`: a self-contained HTML review page.
pub struct Html;

/// The colour class of a confidence.
fn band(confidence: f64) -> &'static str {
    if confidence >= SURE {
        "sure"
    } else if confidence >= WEAK {
        "unsure"
    } else {
        "weak"
    }
}

/// The last (`last`) or first [`QUOTE_LINES`] lines of `text` that hold something, at most
/// [`QUOTE_CHARS`] characters in all: the line farthest from the cut is shortened (from its
/// far end, marked `…`) when they run over.
fn lines(text: &str, last: bool) -> String {
    let mut all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if last {
        all.reverse();
    }
    let mut picked: Vec<String> = Vec::new();
    let mut budget = QUOTE_CHARS;
    for line in all.into_iter().take(QUOTE_LINES) {
        let n = line.chars().count();
        if n <= budget {
            picked.push(line.to_string());
            budget -= n;
            continue;
        }
        if budget > 0 {
            let cut: String = if last {
                let tail: String = line.chars().skip(n - budget).collect();
                format!("…{tail}")
            } else {
                let head: String = line.chars().take(budget).collect();
                format!("{head}…")
            };
            picked.push(cut);
        }
        break;
    }
    if last {
        picked.reverse();
    }
    picked.join("\n")
}

/// A fragment's name for a person: its index, and its page label when the input marks pages.
fn fragment_name(restored: &Restored, i: usize) -> String {
    if restored.doc.pages.is_some() {
        format!("fragment {i} (page {})", super::pages::label(restored, i))
    } else {
        format!("fragment {i}")
    }
}

/// A fragment's short name for the list of junctions: its page label where the input marks
/// pages, else its index.
fn short_name(restored: &Restored, i: usize) -> String {
    if restored.doc.pages.is_some() {
        format!("p. {}", super::pages::label(restored, i))
    } else {
        i.to_string()
    }
}

/// The signals that decided `j`: its shares minus the stronger rival's, largest lead first
/// (against no rival, its own shares).
fn deciding(j: &Junction) -> Vec<(&'static str, f64)> {
    let rival = j.rivals.iter().max_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then(b.fragment.cmp(&a.fragment))
    });
    let share = |cs: &[Contribution], name: &str| {
        cs.iter()
            .find(|c| c.signal == name)
            .map_or(0.0, |c| c.score)
    };
    let mut lead: Vec<(&'static str, f64)> = j
        .signals
        .iter()
        .map(|c| {
            let against = rival.map_or(0.0, |r| share(&r.signals, c.signal));
            (c.signal, c.score - against)
        })
        .filter(|(_, d)| *d != 0.0)
        .collect();
    lead.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
    lead
}

/// The hover text of junction `k`: what it is and what it beat, in one line.
fn title(restored: &Restored, k: usize) -> String {
    let j = &restored.junctions[k];
    let mut t = format!(
        "junction {} of {}: confidence {:.3}, margin {:+.2}",
        k + 1,
        restored.junctions.len(),
        j.confidence,
        j.margin
    );
    for r in &j.rivals {
        t.push_str(&format!(
            "; best other {}: fragment {} ({:+.2} vs {:+.2})",
            r.side, r.fragment, r.score, j.score
        ));
    }
    let lead: Vec<String> = deciding(j)
        .iter()
        .take(DECIDING)
        .map(|(s, d)| format!("{s} {d:+.2}"))
        .collect();
    if !lead.is_empty() {
        t.push_str(&format!("; decided by {}", lead.join(", ")));
    }
    t.push_str(" (click for details)");
    t
}

/// Junction `k`'s marker: a `<details>` element whose summary shows the confidence (hover:
/// the whole story in a line) and whose body shows the text either side, the rivals and the
/// signals.
fn junction(restored: &Restored, k: usize, w: &mut dyn Write) -> std::io::Result<()> {
    let j = &restored.junctions[k];
    let text = &restored.doc.text;
    let frags = &restored.analysis.fragments;
    let of = |i: usize| frags[i].content.of(text);
    let pct = (j.confidence * 100.0).clamp(0.0, 100.0);
    writeln!(
        w,
        "<details class=\"junction {band}\" id=\"j{n}\" data-junction=\"{n}\" data-from=\"{from}\" \
data-to=\"{to}\" data-confidence=\"{c:.4}\">",
        band = band(j.confidence),
        n = k + 1,
        from = j.from,
        to = j.to,
        c = j.confidence
    )?;
    writeln!(
        w,
        "<summary title=\"{}\"><span class=\"bar\"><span style=\"width:{pct:.1}%\"></span></span> \
<b>{:.3}</b> junction {} of {}: {} &rarr; {} <span class=\"dim\">margin {:+.2}</span></summary>",
        esc(&title(restored, k)),
        j.confidence,
        k + 1,
        restored.junctions.len(),
        esc(&fragment_name(restored, j.from)),
        esc(&fragment_name(restored, j.to)),
        j.margin
    )?;
    writeln!(w, "<div class=\"body\">")?;
    writeln!(
        w,
        "<div class=\"cut\"><div><h4>before the cut ({})</h4><pre class=\"q\">{}</pre></div>\
<div><h4>after the cut ({})</h4><pre class=\"q\">{}</pre></div></div>",
        esc(&fragment_name(restored, j.from)),
        esc(&lines(of(j.from), true)),
        esc(&fragment_name(restored, j.to)),
        esc(&lines(of(j.to), false))
    )?;
    for r in &j.rivals {
        let (what, quote, last) = if r.side == "successor" {
            (
                format!("best other successor of fragment {}", j.from),
                of(r.fragment),
                false,
            )
        } else {
            (
                format!("best other predecessor of fragment {}", j.to),
                of(r.fragment),
                true,
            )
        };
        writeln!(
            w,
            "<div class=\"rival\" data-side=\"{}\" data-fragment=\"{}\"><h4>{}: \
<a href=\"#f{}\">{}</a>, score {:+.2} against {:+.2}</h4><pre class=\"q\">{}</pre></div>",
            esc(r.side),
            r.fragment,
            esc(&what),
            r.fragment,
            esc(&fragment_name(restored, r.fragment)),
            r.score,
            j.score,
            esc(&lines(quote, last))
        )?;
    }
    // The signals: this pair's shares beside each rival's, the deciding ones marked.
    let decided: Vec<&str> = deciding(j)
        .iter()
        .take(DECIDING)
        .filter(|(_, d)| *d > 0.0)
        .map(|(s, _)| *s)
        .collect();
    write!(
        w,
        "<table class=\"signals\"><thead><tr><th>signal</th><th>this pair</th>"
    )?;
    for r in &j.rivals {
        write!(w, "<th>rival {} {}</th>", esc(r.side), r.fragment)?;
    }
    writeln!(w, "</tr></thead><tbody>")?;
    let rival_share = |r: &crate::pipeline::Rival, name: &str| {
        r.signals
            .iter()
            .find(|x| x.signal == name)
            .map_or(0.0, |x| x.score)
    };
    for c in &j.signals {
        // A signal silent on this pair and on every rival says nothing here.
        if c.score == 0.0 && j.rivals.iter().all(|r| rival_share(r, c.signal) == 0.0) {
            continue;
        }
        let mark = if decided.contains(&c.signal) {
            " class=\"decided\""
        } else {
            ""
        };
        write!(
            w,
            "<tr{mark}><td>{}</td><td>{:+.2}</td>",
            esc(c.signal),
            c.score
        )?;
        for r in &j.rivals {
            write!(w, "<td>{:+.2}</td>", rival_share(r, c.signal))?;
        }
        writeln!(w, "</tr>")?;
    }
    write!(
        w,
        "<tr class=\"total\"><td>total</td><td>{:+.2}</td>",
        j.score
    )?;
    for r in &j.rivals {
        write!(w, "<td>{:+.2}</td>", r.score)?;
    }
    writeln!(w, "</tr></tbody></table>")?;
    if decided.is_empty() {
        writeln!(
            w,
            "<p class=\"dim\">No signal favours this pair over its rival: the order as a whole \
(sections, page numbers) placed it.</p>"
        )?;
    } else {
        writeln!(
            w,
            "<p class=\"dim\">Decided by (lead over the stronger rival): {}.</p>",
            esc(&deciding(j)
                .iter()
                .take(DECIDING)
                .map(|(s, d)| format!("{s} {d:+.2}"))
                .collect::<Vec<_>>()
                .join(", "))
        )?;
    }
    writeln!(w, "</div></details>")
}

/// The page's style: readable text, a junction bar coloured by band (green, amber, red, each
/// with a word too, never colour alone).
const STYLE: &str = r#"
:root { --sure: #1b7f3b; --sure-bg: #e3f4e8; --unsure: #a86200; --unsure-bg: #fff1d6;
  --weak: #b3261e; --weak-bg: #fde3e1; --ink: #1d1d1f; --dim: #5f6368; --rule: #d9d9de; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #fafafa; }
header { padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--rule); }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 2px 0; }
.layout { display: flex; align-items: flex-start; }
nav { position: sticky; top: 0; flex: 0 0 290px; max-height: 100vh; overflow: auto; padding: 12px 16px;
  border-right: 1px solid var(--rule); background: #fff; }
nav h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--dim); }
nav ol { margin: 0; padding: 0; list-style: none; }
nav li a { display: block; margin: 3px 0; padding: 4px 8px; border-radius: 4px; text-decoration: none;
  color: var(--ink); border-left: 5px solid; font-variant-numeric: tabular-nums; }
main { flex: 1; min-width: 0; padding: 16px 24px 48px; max-width: 980px; }
.frag { background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 6px 14px 10px; }
.fhead { font-size: 12px; color: var(--dim); border-bottom: 1px dashed var(--rule); margin-bottom: 6px; }
.t { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.55 "DejaVu Serif", Georgia, serif; }
.t.join { display: none; }
.prefix { color: var(--dim); }
details.junction { margin: 10px 0; border-radius: 6px; border-left: 8px solid; }
details.junction > summary { cursor: pointer; padding: 6px 10px; font-variant-numeric: tabular-nums; }
.sure { border-color: var(--sure) !important; background: var(--sure-bg); }
.unsure { border-color: var(--unsure) !important; background: var(--unsure-bg); }
.weak { border-color: var(--weak) !important; background: var(--weak-bg); }
.sure b { color: var(--sure); } .unsure b { color: var(--unsure); } .weak b { color: var(--weak); }
.bar { display: inline-block; width: 80px; height: 9px; background: #fff; border: 1px solid var(--rule);
  border-radius: 5px; vertical-align: middle; overflow: hidden; }
.bar span { display: block; height: 100%; }
.sure .bar span { background: var(--sure); } .unsure .bar span { background: var(--unsure); }
.weak .bar span { background: var(--weak); }
.body { padding: 4px 12px 10px; background: #fff; border-top: 1px solid var(--rule); }
.cut { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
h4 { margin: 8px 0 2px; font-size: 13px; }
pre.q { margin: 0; padding: 6px 8px; background: #f3f3f5; border-radius: 4px; white-space: pre-wrap;
  overflow-wrap: anywhere; font: 13px/1.45 "DejaVu Sans Mono", monospace; }
table.signals { border-collapse: collapse; margin-top: 8px; font-size: 13px; font-variant-numeric: tabular-nums; }
table.signals th, table.signals td { padding: 2px 10px; border-bottom: 1px solid var(--rule); text-align: right; }
table.signals th:first-child, table.signals td:first-child { text-align: left; }
tr.decided td { font-weight: 600; background: #eef3ff; }
tr.total td { border-top: 2px solid var(--ink); font-weight: 600; }
.dim { color: var(--dim); font-size: 13px; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border-left: 6px solid; border-radius: 3px; }
:target { outline: 2px solid #3b6fd8; }
"#;

/// The page's script: opens the junction a link (or `#weakest`) points to, lets `n` / `p` step
/// through the junctions weakest first, and marks the page ready — a browser test reads that
/// mark, so a script error shows. It reads only the page's own elements; no input is in it.
const SCRIPT: &str = r#"
(function () {
  var order = Array.prototype.map.call(document.querySelectorAll('nav a'), function (a) {
    return a.getAttribute('href').slice(1);
  });
  var at = -1;
  function show(id) {
    var el = id && document.getElementById(id);
    if (!el || el.tagName !== 'DETAILS') return false;
    el.open = true;
    // Scrolled to only when its summary is out of sight.
    var top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 40) el.scrollIntoView({ block: 'start' });
    at = order.indexOf(id);
    return true;
  }
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    show(id === 'weakest' ? order[0] : id);
  }
  window.addEventListener('hashchange', fromHash);
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || order.length === 0) return;
    if (e.key === 'n') at = Math.min(at + 1, order.length - 1);
    else if (e.key === 'p') at = Math.max(at - 1, 0);
    else return;
    location.hash = order[at];
  });
  fromHash();
  document.body.setAttribute('data-review', 'ready ' + document.querySelectorAll('details.junction').length);
})();
"#;

impl Render for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn write(&self, restored: &Restored, w: &mut dyn Write) -> std::io::Result<()> {
        let doc = restored.doc;
        let text = &doc.text;
        let frags = &restored.analysis.fragments;
        let n = restored.junctions.len();
        let lowest = super::min_confidence(restored);
        let count = |lo: f64, hi: f64| {
            restored
                .junctions
                .iter()
                .filter(|j| j.confidence >= lo && j.confidence < hi)
                .count()
        };
        writeln!(
            w,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
        )?;
        writeln!(
            w,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>collate review: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
            esc(&doc.name)
        )?;
        writeln!(
            w,
            "<header><h1>collate review: {}</h1>\n<p>{} fragments restored in reading order \
(pages {}), {n} junctions, lowest confidence <b>{lowest:.3}</b>; solver {}{}.</p>",
            esc(&doc.name),
            frags.len(),
            restored.analysis.pages_found(),
            esc(restored.solution.solver),
            if restored.solution.optimal {
                ", proven optimal"
            } else {
                ""
            }
        )?;
        writeln!(
            w,
            "<p class=\"legend\"><span class=\"sure\">sure &ge; {SURE}: {}</span>\
<span class=\"unsure\">unsure {WEAK}&ndash;{SURE}: {}</span><span class=\"weak\">weak &lt; {WEAK}: {}</span> \
Click a junction for the text either side, the rivals it beat and the signals that decided; \
keys <kbd>n</kbd> / <kbd>p</kbd> step through them weakest first.</p></header>",
            count(SURE, f64::INFINITY),
            count(WEAK, SURE),
            count(f64::NEG_INFINITY, WEAK)
        )?;
        // Weakest first, equal confidences in reading order (as `--review`).
        let mut weakest: Vec<usize> = (0..n).collect();
        weakest.sort_by(|&a, &b| {
            restored.junctions[a]
                .confidence
                .total_cmp(&restored.junctions[b].confidence)
                .then(a.cmp(&b))
        });
        writeln!(
            w,
            "<div class=\"layout\">\n<nav><h2>Junctions, weakest first</h2><ol>"
        )?;
        for k in weakest {
            let j = &restored.junctions[k];
            writeln!(
                w,
                "<li><a class=\"{}\" href=\"#j{}\">{:.3} &middot; {} &rarr; {}</a></li>",
                band(j.confidence),
                k + 1,
                j.confidence,
                esc(&short_name(restored, j.from)),
                esc(&short_name(restored, j.to))
            )?;
        }
        writeln!(w, "</ol></nav>\n<main>")?;
        let prefix = restored.analysis.prefix;
        if !prefix.is_empty() {
            writeln!(
                w,
                "<div class=\"frag prefix\"><div class=\"fhead\">before the first fragment \
(kept in place)</div><div class=\"t\">{}</div></div>",
                esc(prefix.of(text))
            )?;
        }
        for (k, &f) in restored.order().iter().enumerate() {
            writeln!(
                w,
                "<div class=\"frag\" id=\"f{f}\" data-fragment=\"{f}\"><div class=\"fhead\">{} \
&middot; position {} of {}</div><div class=\"t\">{}</div></div>",
                esc(&fragment_name(restored, f)),
                k + 1,
                frags.len(),
                esc(frags[f].span.of(text))
            )?;
            if let Some(j) = restored.junctions.get(k) {
                // The separator put after a fragment that lacked one: part of the text, hidden.
                if !j.join.is_empty() {
                    writeln!(
                        w,
                        "<div class=\"t join\" data-join=\"{}\">{}</div>",
                        k + 1,
                        esc(&j.join)
                    )?;
                }
                junction(restored, k, w)?;
            }
        }
        writeln!(
            w,
            "</main>\n</div>\n<script>{SCRIPT}</script>\n</body>\n</html>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_the_bounds() {
        assert_eq!(band(0.95), "sure");
        assert_eq!(band(SURE), "sure");
        assert_eq!(band(0.8), "unsure");
        assert_eq!(band(WEAK), "unsure");
        assert_eq!(band(0.2), "weak");
    }

    #[test]
    fn quotes_the_lines_next_to_the_cut() {
        let t = "one\n\ntwo\nthree\n\nfour\n";
        assert_eq!(lines(t, true), "two\nthree\nfour");
        assert_eq!(lines(t, false), "one\ntwo\nthree");
        assert_eq!(lines("", true), "");
        // Long lines: the one farthest from the cut is shortened at its far end.
        let long = "a".repeat(QUOTE_CHARS);
        let t = format!("{long}\nlast words");
        let q = lines(&t, true);
        assert!(q.starts_with('…') && q.ends_with("\nlast words"), "{q}");
        assert_eq!(q.chars().count(), QUOTE_CHARS + 1 + 1);
        let q = lines(&format!("first words\n{long}"), false);
        assert!(q.starts_with("first words\n") && q.ends_with('…'), "{q}");
    }
}
