//! Draw the scale curve: restore time and peak memory against pages, from the CSV that
//! `tools/scale/run.sh` measures (one row per size: pages, fragments, CPU and wall seconds,
//! peak MiB, pair scores), as an SVG of two panels.
//!
//! `cargo run --release --features svg --example scale_chart -- docs/scale.csv docs/scale.svg`

use plotters::prelude::*;

struct Row {
    pages: f64,
    cpu: f64,
    wall: f64,
    mib: f64,
}

fn read(path: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l
                .split(',')
                .map(|x| x.trim().parse().unwrap_or(0.0))
                .collect();
            Row {
                pages: f[0],
                cpu: f[2],
                wall: f[3],
                mib: f[4],
            }
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (csv, out) = match args.as_slice() {
        [_, c, o] => (c.as_str(), o.as_str()),
        _ => return Err("usage: scale_chart CSV SVG".into()),
    };
    let rows = read(csv);
    let max_pages = rows.iter().map(|r| r.pages).fold(1.0, f64::max) * 1.05;
    let max_s = rows.iter().map(|r| r.cpu.max(r.wall)).fold(0.1, f64::max) * 1.1;
    let max_mib = rows.iter().map(|r| r.mib).fold(1.0, f64::max) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let (left, right) = root.split_horizontally(480);
        let mut c = ChartBuilder::on(&left)
            .caption("Restore time, one thread", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..max_pages, 0f64..max_s)?;
        c.configure_mesh()
            .x_desc("pages")
            .y_desc("seconds")
            .draw()?;
        for (label, color, get) in [
            ("CPU", BLUE, (|r: &Row| r.cpu) as fn(&Row) -> f64),
            ("wall (shared machine)", RED, |r: &Row| r.wall),
        ] {
            let pts: Vec<(f64, f64)> = rows.iter().map(|r| (r.pages, get(r))).collect();
            c.draw_series(LineSeries::new(pts.clone(), color))?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color));
            c.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
        }
        c.configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
        let mut m = ChartBuilder::on(&right)
            .caption("Peak memory", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..max_pages, 0f64..max_mib)?;
        m.configure_mesh().x_desc("pages").y_desc("MiB").draw()?;
        let pts: Vec<(f64, f64)> = rows.iter().map(|r| (r.pages, r.mib)).collect();
        m.draw_series(LineSeries::new(pts.clone(), BLUE))?;
        m.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, BLUE.filled())))?;
        root.present()?;
    }
    std::fs::write(out, svg)?;
    Ok(())
}
