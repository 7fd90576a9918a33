//! Markdown bench report: an overall table, per-flavour rows (in a corpus of flavours),
//! calibration, ablation and per-document rows, fit to paste into the README.

use super::BenchReporter;
use crate::bench::{BenchReport, Summary};
use std::io::Write;

/// `--markdown FILE`.
pub struct Markdown;

fn row(w: &mut dyn Write, name: &str, pages: &str, s: &Summary) -> std::io::Result<()> {
    writeln!(
        w,
        "| {name} | {pages} | {} | {:.3} | {:.4} | {:.4} | {} | {:.3} | {:.3} | {} |",
        s.runs,
        s.exact,
        s.adjacency,
        s.kendall_tau,
        s.lost + s.duplicated,
        s.cut_precision,
        s.cut_recall,
        why_not_exact(s.runs, s.exact, s.pages, s.adjacency, s.split)
    )
}

/// Why runs were not exact, in words: how many, the true successions they broke (true
/// successor pairs not read on, from the pooled adjacency over `pages` pages in `runs` runs)
/// and the pieces of pages fragment detection cut off and placed apart. Empty when every run
/// was exact.
fn why_not_exact(runs: usize, exact: f64, pages: usize, adjacency: f64, split: usize) -> String {
    let off = runs - (exact * runs as f64).round() as usize;
    if off == 0 {
        return String::new();
    }
    let pairs = pages.saturating_sub(runs);
    let broken = ((1.0 - adjacency) * pairs as f64).round() as usize;
    let mut why = vec![format!(
        "{off} of {runs} run{} off: {broken} of {pairs} page successions broken",
        if runs == 1 { "" } else { "s" }
    )];
    if split > 0 {
        why.push(format!(
            "{split} page piece{} placed apart (pages split)",
            if split == 1 { "" } else { "s" }
        ));
    }
    why.join("; ")
}

impl BenchReporter for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn write(&self, r: &BenchReport, w: &mut dyn Write) -> std::io::Result<()> {
        let seeds: Vec<String> = r.seeds.iter().map(|s| s.to_string()).collect();
        let mut what = match &r.converter {
            Some(c) => format!("pages converted by `{c}`"),
            None => format!(
                "format `{}`",
                serde_json::to_value(r.format)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            ),
        };
        if let Some(j) = r.join {
            what.push_str(&format!(" {} (`--join {}`)", j.describe(), j.name()));
        }
        if let Some(s) = r.split {
            what.push_str(&format!(", split `{}`", s.name()));
        }
        writeln!(
            w,
            "**{}** — {} documents, {what}, seeds {}\n",
            r.corpus,
            r.documents,
            seeds.join(", ")
        )?;
        let several_joins = r.per_document.iter().any(|d| d.join.is_some());
        if !r.per_flavour.is_empty() {
            writeln!(w, "| flavour | join | documents | pages (all runs) | runs | exact (PMR) | adjacency | Kendall τ | lost+dup | cut precision | cut recall | failed runs |")?;
            writeln!(
                w,
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
            )?;
            for g in &r.per_flavour {
                let s = &g.summary;
                writeln!(
                    w,
                    "| {} | {} | {} | {} | {} | {:.3} | {:.4} | {:.4} | {} | {:.3} | {:.3} | {} |",
                    g.flavour,
                    g.join.name(),
                    g.documents,
                    s.pages,
                    s.runs,
                    s.exact,
                    s.adjacency,
                    s.kendall_tau,
                    s.lost + s.duplicated,
                    s.cut_precision,
                    s.cut_recall,
                    g.failed
                )?;
            }
            writeln!(w)?;
        }
        writeln!(w, "| document | pages | runs | exact (PMR) | adjacency | Kendall τ | lost+dup | cut precision | cut recall | why not exact |")?;
        writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")?;
        // The page column counts each document's pages once; the all row is its sum.
        let pages: usize = r.per_document.iter().map(|d| d.pages).sum();
        row(w, "**all**", &pages.to_string(), &r.overall)?;
        for d in &r.per_document {
            let mut name = match &d.flavour {
                Some(f) => format!("{f}/{}", d.id),
                None => d.id.clone(),
            };
            if let (true, Some(j)) = (several_joins, d.join) {
                name.push_str(&format!(" ({})", j.name()));
            }
            let mut pages = d.pages.to_string();
            if d.blank_pages > 0 {
                pages.push_str(&format!(" (+{} blank)", d.blank_pages));
            }
            row(w, &name, &pages, &d.summary)?;
        }
        writeln!(
            w,
            "\n*pages*: a document's true pages with text (pages without any, which no tool can \
place, are left out of every figure and shown as +N blank); the **all** row sums the column. \
*runs*: the document scrambled once per seed. *why not exact*: the runs not in exactly the true \
order, the true page successions they broke, and the page pieces placed apart from the rest \
of their page (a page fragment detection cut in two)."
        )?;
        let o = &r.overall;
        writeln!(
            w,
            "\nJunction confidence: {:.1} % of junctions have confidence ≥ 0.9, and {:.2} % of those are correct.\n",
            o.confident_share * 100.0,
            o.confident_precision * 100.0
        )?;
        writeln!(w, "| confidence | junctions | correct |")?;
        writeln!(w, "|---|---:|---:|")?;
        for b in &o.calibration {
            writeln!(
                w,
                "| {:.2}–{:.2} | {} | {:.3} |",
                b.lo, b.hi, b.count, b.accuracy
            )?;
        }
        writeln!(
            w,
            "\nSpeed: median {:.1} ms, p95 {:.1} ms, max {:.1} ms per document; {:.0} pages/s.",
            o.timing.p50_ms, o.timing.p95_ms, o.timing.max_ms, o.timing.pages_per_second
        )?;
        if let Some(sets) = &o.sets {
            let mut done = Vec::new();
            if r.drop > 0 {
                done.push(format!("{} page(s) dropped", r.drop));
            }
            if r.duplicate > 0 {
                done.push(format!("{} page(s) put in twice", r.duplicate));
            }
            if done.is_empty() {
                done.push("whole documents".to_string());
            }
            writeln!(w, "\nPage sets ({} per document):\n", done.join(", "))?;
            writeln!(w, "| detection | damage | reported | right | precision | recall | runs with a false report |")?;
            writeln!(w, "|---|---:|---:|---:|---:|---:|---:|")?;
            for (name, d) in [
                ("pages twice", &sets.duplicates),
                ("pages missing", &sets.missing),
            ] {
                writeln!(
                    w,
                    "| {name} | {} | {} | {} | {:.3} | {:.3} | {} |",
                    d.truth, d.found, d.right, d.precision, d.recall, d.false_runs
                )?;
            }
            if sets.split_runs > 0 {
                writeln!(
                    w,
                    "\n{} run(s) found to hold more than one document.",
                    sets.split_runs
                )?;
            }
        }
        if let Some(m) = &r.mix {
            mixed(w, m)?;
        }
        if !r.ablation.is_empty() {
            writeln!(w, "\n| without | exact (PMR) | adjacency | Kendall τ |")?;
            writeln!(w, "|---|---:|---:|---:|")?;
            writeln!(
                w,
                "| (all signals) | {:.3} | {:.4} | {:.4} |",
                o.exact, o.adjacency, o.kendall_tau
            )?;
            for a in &r.ablation {
                writeln!(
                    w,
                    "| {} | {:.3} | {:.4} | {:.4} |",
                    a.without, a.summary.exact, a.summary.adjacency, a.summary.kendall_tau
                )?;
            }
        }
        if !r.failures.is_empty() {
            writeln!(w, "\nFailed runs:")?;
            for (id, seed, e) in &r.failures {
                writeln!(w, "- {id} seed {seed}: {e}")?;
            }
        }
        Ok(())
    }
}

/// The mixed-document section: the figures against their targets, then one row per pair.
fn mixed(w: &mut dyn Write, m: &crate::bench::mix::MixSummary) -> std::io::Result<()> {
    writeln!(
        w,
        "\nMixed documents ({} pairs, {} runs):\n",
        m.pairs, m.runs
    )?;
    writeln!(w, "| figure | value | target |")?;
    writeln!(w, "|---|---:|---|")?;
    writeln!(
        w,
        "| pages put in their own document | {:.4} | ≥ 0.95 |",
        m.assigned
    )?;
    writeln!(
        w,
        "| runs split into documents | {} of {} | all |",
        m.split_runs, m.runs
    )?;
    writeln!(
        w,
        "| documents within {} of their adjacency alone | {} of {} (mean loss {:.4}, worst {:.4}) | all |",
        crate::bench::mix::WITHIN,
        m.within,
        m.documents,
        m.mean_loss,
        m.worst_loss
    )?;
    writeln!(
        w,
        "| single documents split (false splits) | {} of {} runs | none |",
        m.false_splits, m.single_runs
    )?;
    writeln!(w, "\n| document | mixed with | pairing | runs | split | own document | adjacency mixed | alone | other's mixed | alone |")?;
    writeln!(w, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for p in &m.rows {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {:.3} | {:.4} | {:.4} | {:.4} | {:.4} |",
            p.a,
            p.b,
            p.pairing,
            p.runs,
            p.split_runs,
            p.assigned,
            p.a_mixed,
            p.a_alone,
            p.b_mixed,
            p.b_alone
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_runs_were_not_exact() {
        assert_eq!(why_not_exact(3, 1.0, 300, 1.0, 0), "");
        // 3 runs of 100 pages: 297 successions; adjacency 0.99 leaves 3 broken.
        assert_eq!(
            why_not_exact(3, 1.0 / 3.0, 300, 294.0 / 297.0, 0),
            "2 of 3 runs off: 3 of 297 page successions broken"
        );
        assert_eq!(
            why_not_exact(1, 0.0, 10, 8.0 / 9.0, 2),
            "1 of 1 run off: 1 of 9 page successions broken; 2 page pieces placed apart (pages split)"
        );
    }
}
