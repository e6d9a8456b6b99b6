//! `--plot FILE.svg|png`: p50 latency vs sequence length per runtime, log-log, one panel
//! per (batch, threads).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::{BenchError, Report};

/// System fonts tried for the plot's text, after `$ALBERT_BENCH_FONT`.
const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// Registers a TrueType font as plotters' "sans-serif" once per process.
fn ensure_font() -> Result<(), String> {
    static FONT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(p) = std::env::var_os("ALBERT_BENCH_FONT") {
            candidates.push(PathBuf::from(p));
        }
        candidates.extend(FONT_CANDIDATES.iter().map(PathBuf::from));
        for path in candidates {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                return Ok(path);
            }
        }
        Err("no TrueType font found for the plot's text: set ALBERT_BENCH_FONT=/path/to/font.ttf \
             (e.g. DejaVuSans.ttf, Debian package fonts-dejavu-core)"
            .to_string())
    })
    .as_ref()
    .map(|_| ())
    .map_err(Clone::clone)
}

/// Colour of a runtime's line: fixed for the known ones.
fn color(runtime: &str, baseline: &str, index: usize) -> RGBColor {
    match runtime {
        r if r == baseline => RGBColor(214, 39, 40),
        "onnxruntime" => RGBColor(31, 119, 180),
        "openvino" => RGBColor(148, 103, 189),
        "pytorch" => RGBColor(255, 127, 14),
        _ => {
            let c = Palette99::pick(index + 5).to_rgba();
            RGBColor(c.0, c.1, c.2)
        }
    }
}

impl Report {
    /// Writes the plot to `path`: SVG for `.svg`, PNG for `.png`.
    pub fn write_plot(&self, path: &Path) -> Result<(), BenchError> {
        let fail = |message: String| BenchError::Plot { path: path.to_path_buf(), message };
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if self.rows.is_empty() {
            return Err(fail("no results to plot".into()));
        }
        ensure_font().map_err(fail)?;
        let combos = self.panels();
        let (rows, cols) = match combos.len() {
            1 => (1, 1),
            2 => (1, 2),
            n => (n.div_ceil(2), 2),
        };
        let size = ((560 * cols as u32).max(900), 60 + 400 * rows as u32);
        let result = match ext.as_str() {
            "svg" => self.draw(SVGBackend::new(path, size).into_drawing_area(), &combos, (rows, cols)),
            "png" => self.draw(BitMapBackend::new(path, size).into_drawing_area(), &combos, (rows, cols)),
            other => Err(format!("unknown plot format '.{other}' (use .svg or .png)")),
        };
        result.map_err(fail)
    }

    /// (batch, threads) combinations, in order.
    fn panels(&self) -> Vec<(usize, usize)> {
        let mut combos: Vec<(usize, usize)> = self.rows.iter().map(|r| (r.batch, r.threads)).collect();
        combos.sort_unstable();
        combos.dedup();
        combos
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
        combos: &[(usize, usize)],
        grid: (usize, usize),
    ) -> Result<(), String> {
        let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(e)?;
        let title = format!(
            "{}: latency p50 vs sequence length — {}",
            self.model_dir
                .file_name()
                .map_or_else(|| self.model_dir.display().to_string(), |n| n.to_string_lossy().into_owned()),
            self.machine.cpu
        );
        let root = root.titled(&title, ("sans-serif", 18)).map_err(e)?;
        let mut runtimes: Vec<String> = Vec::new();
        for r in &self.rows {
            if !runtimes.contains(&r.runtime) {
                runtimes.push(r.runtime.clone());
            }
        }
        let panels = root.split_evenly(grid);
        for (panel, &(batch, threads)) in panels.iter().zip(combos) {
            let rows: Vec<_> =
                self.rows.iter().filter(|r| r.batch == batch && r.threads == threads).collect();
            let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for r in &rows {
                x0 = x0.min(r.seq as f64);
                x1 = x1.max(r.seq as f64);
                y0 = y0.min(r.latency.p50_ms);
                y1 = y1.max(r.latency.p50_ms);
            }
            let (x0, x1) = (x0 / 1.3, x1 * 1.3);
            let (y0, y1) = ((y0 / 1.6).max(1e-3), (y1 * 1.6).max(y0 * 2.0));
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!("batch {batch}, {threads} thread{}", if threads == 1 { "" } else { "s" }),
                    ("sans-serif", 16),
                )
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("sequence length (tokens)")
                .y_desc("latency p50 (ms)")
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| {
                    if *y >= 10.0 {
                        format!("{y:.0}")
                    } else {
                        format!("{y:.2}")
                    }
                })
                .draw()
                .map_err(e)?;
            for (i, runtime) in runtimes.iter().enumerate() {
                let mut pts: Vec<(f64, f64)> = rows
                    .iter()
                    .filter(|r| &r.runtime == runtime)
                    .map(|r| (r.seq as f64, r.latency.p50_ms))
                    .collect();
                if pts.is_empty() {
                    continue;
                }
                pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                let c = color(runtime, &self.baseline, i);
                chart
                    .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
                    .map_err(e)?
                    .label(runtime.as_str())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
                chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, c.filled()))).map_err(e)?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 13))
                .draw()
                .map_err(e)?;
        }
        root.present().map_err(e)?;
        Ok(())
    }
}
