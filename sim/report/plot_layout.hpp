// SPDX-License-Identifier: Apache-2.0
// Internal to plot.cpp and plot_layout.cpp: the checked plot and where everything goes.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sim/report/plot.hpp"

namespace aimcsim::report::detail {

/// Font sizes in px (cairo user units = px on both surfaces).
inline constexpr double kTitleFontPx = 16, kLabelFontPx = 13, kTickFontPx = 11, kLegendFontPx = 12;
inline constexpr const char* kFontFamily = "DejaVu Sans";

struct Tick {
  double value;
  std::string label;
};

/// Everything the renderer needs besides the plot itself.
struct PlotLayout {
  PlotFrame frame;
  int width_px = 0, height_px = 0;
  std::vector<Tick> x_ticks, y_ticks;
  double legend_left_px = 0, legend_width_px = 0;  ///< legend_width_px 0: no legend
  std::vector<std::size_t> legend_series;          ///< series with a label, in order
};

/// Throws std::invalid_argument with "plot '<title>': ..." for anything render_* cannot draw.
void validate(const LinePlot& plot);
/// Validates `plot` and lays it out (text widths measured with cairo's toy font API).
PlotLayout layout_plot(const LinePlot& plot);

}  // namespace aimcsim::report::detail
