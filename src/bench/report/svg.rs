//! SVG bench chart (plotters' SVG backend, text as SVG text: no system fonts needed): adjacency
//! per document against its page count, and the confidence calibration curve.

use super::BenchReporter;
use crate::bench::BenchReport;
use plotters::prelude::*;
use std::io::Write;

/// `--svg FILE`.
pub struct Svg;

fn draw(r: &BenchReport, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (960, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(480);
    let max_pages = r.per_document.iter().map(|d| d.pages).max().unwrap_or(10) as f64 * 1.05;
    let min_adj = r
        .per_document
        .iter()
        .map(|d| d.summary.adjacency)
        .fold(1.0f64, f64::min)
        .min(0.9)
        - 0.02;
    let mut c = ChartBuilder::on(&left)
        .caption("Adjacency per document", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..max_pages, min_adj..1.005f64)?;
    c.configure_mesh()
        .x_desc("pages")
        .y_desc("adjacency")
        .draw()?;
    c.draw_series(r.per_document.iter().map(|d| {
        let color = if d.summary.exact >= 0.999 {
            GREEN.mix(0.8)
        } else {
            RED.mix(0.8)
        };
        Circle::new((d.pages as f64, d.summary.adjacency), 4, color.filled())
    }))?;
    let mut c2 = ChartBuilder::on(&right)
        .caption("Confidence calibration", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..1f64, 0f64..1.02f64)?;
    c2.configure_mesh()
        .x_desc("stated confidence")
        .y_desc("share correct")
        .draw()?;
    c2.draw_series(LineSeries::new(
        vec![(0.0, 0.0), (1.0, 1.0)],
        BLACK.mix(0.3),
    ))?;
    let pts: Vec<(f64, f64)> = r
        .overall
        .calibration
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| ((b.lo + b.hi) / 2.0, b.accuracy))
        .collect();
    c2.draw_series(LineSeries::new(pts.clone(), BLUE))?;
    c2.draw_series(pts.into_iter().map(|p| Circle::new(p, 4, BLUE.filled())))?;
    root.present()?;
    Ok(())
}

impl BenchReporter for Svg {
    fn name(&self) -> &'static str {
        "svg"
    }

    fn write(&self, report: &BenchReport, w: &mut dyn Write) -> std::io::Result<()> {
        let mut s = String::new();
        draw(report, &mut s).map_err(|e| std::io::Error::other(e.to_string()))?;
        w.write_all(s.as_bytes())
    }
}
