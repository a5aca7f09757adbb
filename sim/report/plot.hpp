// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace aimcsim::report {

/// One line of a LinePlot: points (x[i], y[i]) joined in order, each with a marker.
struct PlotSeries {
  std::string label;  ///< legend entry; an empty label leaves the series out of the legend
  std::vector<double> x, y;
  /// Empty, or one non-negative half-width per point: drawn as error bars with caps for up to
  /// kMaxErrorBarPoints points, as a shaded band of y +- err for more (bars would crowd).
  std::vector<double> y_err;
};

/// A line chart with axes, ticks, grid, legend and title, rendered by cairo.
struct LinePlot {
  std::string title, x_label, y_label;
  /// If non-empty: x ticks exactly at these x with these labels (categorical axes, e.g. drift
  /// times "0 s", "1 h", "1 d", "1 y"); otherwise 1-2-5 ticks chosen from the data.
  std::vector<std::pair<double, std::string>> x_ticks;
  bool log_y = false;  ///< logarithmic y axis (decade ticks); every y must then be > 0
  std::vector<PlotSeries> series;
  double width_px = 800, height_px = 500;  ///< whole numbers in [kMinSidePx, kMaxSidePx]
};

inline constexpr std::size_t kMaxErrorBarPoints = 12;
inline constexpr double kMinSidePx = 200, kMaxSidePx = 8192;

/// The plot as a PNG file's bytes (RGB24, white background). Same input, same bytes on one
/// machine; glyph shapes come from the installed "DejaVu Sans" (Debian fonts-dejavu-core), so
/// another font set gives other bytes. Throws std::invalid_argument naming the plot, series and
/// field for bad input (size mismatch, non-finite value, negative error, y <= 0 on a log axis,
/// no series, size out of range), std::runtime_error if cairo fails.
std::string render_png(const LinePlot& plot);
/// The plot as an SVG document (units px, text as glyph outlines). Same contract as render_png.
std::string render_svg(const LinePlot& plot);

/// Where the data sits in the picture: the plot area (pixels, y down) and the axis ranges it
/// spans. Exposed so tests can find a data point's pixel.
struct PlotFrame {
  double left_px = 0, top_px = 0, width_px = 0, height_px = 0;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;  ///< axis ends, data units
  bool log_y = false;
  double x_to_px(double x) const;
  double y_to_px(double y) const;
};
/// The frame render_png/render_svg use for `plot` (validates `plot` the same way).
PlotFrame plot_frame(const LinePlot& plot);

/// Tick values with a 1-2-5 x 10^k step covering [lo, hi] with about `target` intervals: the
/// first tick is <= lo, the last >= hi, each an integer multiple of the step. Needs lo <= hi.
std::vector<double> nice_ticks(double lo, double hi, int target = 6);
/// A tick label for `value` on an axis whose ticks are `step` apart: as many decimals as the
/// step needs ("0.2", "15", "-0.05"), %g-style for very large or small magnitudes.
std::string tick_label(double value, double step);
/// The colour (r, g, b in 0..255) of series `index`: matplotlib's "tab10", repeating after 10
/// (the marker shape changes with index / 10, so the first 40 series stay distinct).
std::array<int, 3> series_colour(std::size_t index);

}  // namespace aimcsim::report
