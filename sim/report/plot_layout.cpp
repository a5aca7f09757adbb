// SPDX-License-Identifier: Apache-2.0
#include "sim/report/plot_layout.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

namespace aimcsim::report {
namespace {

[[noreturn]] void fail(const LinePlot& plot, const std::string& what) {
  throw std::invalid_argument("plot '" + plot.title + "': " + what);
}

void check_finite(const LinePlot& plot, const PlotSeries& s, const char* field,
                  const std::vector<double>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      fail(plot, "series '" + s.label + "': " + field + "[" + std::to_string(i) +
                     "] is not a finite number");
    }
  }
}

/// Well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF);
/// cairo's toy text API refuses anything else.
bool is_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    std::size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b < 0x80) {
      extra = 0;
    } else if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      extra = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // sequence cut off by the end
    for (std::size_t k = 1; k <= extra; ++k) {
      const unsigned char c = byte(i + k);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return false;
    }
    i += extra + 1;
  }
  return true;
}

/// Axis ends for [lo, hi] with zero span widened so the data sits mid-axis.
std::pair<double, double> widen_if_flat(double lo, double hi) {
  if (hi > lo) return {lo, hi};
  const double half = lo == 0 ? 1.0 : std::abs(lo) * 0.1;
  return {lo - half, hi + half};
}

struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

std::vector<detail::Tick> linear_ticks(double lo, double hi, double* axis_lo, double* axis_hi) {
  const std::vector<double> values = nice_ticks(lo, hi);
  const double step = values.size() > 1 ? values[1] - values[0] : 1.0;
  std::vector<detail::Tick> ticks;
  for (double v : values) ticks.push_back({v, tick_label(v, step)});
  *axis_lo = values.front();
  *axis_hi = values.back();
  return ticks;
}

/// Decade ticks 10^k for a log axis; every k-th decade when the range spans many.
std::vector<detail::Tick> log_ticks(double lo, double hi, double* axis_lo, double* axis_hi) {
  const int k_lo = static_cast<int>(std::floor(std::log10(lo)));
  int k_hi = static_cast<int>(std::ceil(std::log10(hi)));
  if (k_hi == k_lo) ++k_hi;
  const int every = (k_hi - k_lo + 7) / 8;  // at most 8 intervals labelled
  std::vector<detail::Tick> ticks;
  for (int k = k_lo; k <= k_hi; k += every) {
    char text[32];
    if (k >= -4 && k <= 5) {
      std::snprintf(text, sizeof text, "%g", std::pow(10.0, k));
    } else {
      std::snprintf(text, sizeof text, "1e%d", k);
    }
    ticks.push_back({std::pow(10.0, k), text});
  }
  *axis_lo = std::pow(10.0, k_lo);
  *axis_hi = std::pow(10.0, k_hi);
  return ticks;
}

using CairoPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

double text_width(cairo_t* cr, const std::string& text, double font_px) {
  cairo_set_font_size(cr, font_px);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text.c_str(), &ext);
  return ext.x_advance;
}

}  // namespace

double PlotFrame::x_to_px(double x) const {
  return left_px + (x - x_min) / (x_max - x_min) * width_px;
}

double PlotFrame::y_to_px(double y) const {
  const double t =
      log_y ? (std::log10(y) - std::log10(y_min)) / (std::log10(y_max) - std::log10(y_min))
            : (y - y_min) / (y_max - y_min);
  return top_px + (1.0 - t) * height_px;
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) {
    throw std::invalid_argument("nice_ticks: expected finite lo <= hi and target >= 1");
  }
  std::tie(lo, hi) = widen_if_flat(lo, hi);
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  const double step = magnitude * (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10);
  // Integer multiples of the step, so no rounding error accumulates along the axis; the small
  // tolerance keeps an end that is a multiple up to rounding (0.3 / 0.1) from adding a tick.
  const double k_lo = std::floor(lo / step + 1e-9), k_hi = std::ceil(hi / step - 1e-9);
  std::vector<double> ticks;
  for (double k = k_lo; k <= k_hi; ++k) ticks.push_back(k == 0 ? 0.0 : k * step);
  return ticks;
}

std::string tick_label(double value, double step) {
  char text[48];
  const double magnitude = std::max(std::abs(value), step);
  if (magnitude >= 1e6 || step < 1e-4) {
    std::snprintf(text, sizeof text, "%.3g", value);
  } else {
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    std::snprintf(text, sizeof text, "%.*f", decimals, value == 0 ? 0.0 : value);
  }
  return text;
}

std::array<int, 3> series_colour(std::size_t index) {
  // matplotlib "tab10" (Vega category10): ten hues told apart on screen and in print.
  static constexpr std::array<std::array<int, 3>, 10> kTab10 = {{{31, 119, 180},
                                                                 {255, 127, 14},
                                                                 {44, 160, 44},
                                                                 {214, 39, 40},
                                                                 {148, 103, 189},
                                                                 {140, 86, 75},
                                                                 {227, 119, 194},
                                                                 {127, 127, 127},
                                                                 {188, 189, 34},
                                                                 {23, 190, 207}}};
  return kTab10[index % kTab10.size()];
}

namespace detail {

void validate(const LinePlot& plot) {
  if (!is_utf8(plot.title)) throw std::invalid_argument("plot: title is not valid UTF-8");
  if (!is_utf8(plot.x_label)) fail(plot, "x_label is not valid UTF-8");
  if (!is_utf8(plot.y_label)) fail(plot, "y_label is not valid UTF-8");
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (!is_utf8(plot.series[i].label)) {
      fail(plot, "series " + std::to_string(i) + ": label is not valid UTF-8");
    }
  }
  for (std::size_t i = 0; i < plot.x_ticks.size(); ++i) {
    if (!is_utf8(plot.x_ticks[i].second)) {
      fail(plot, "x_ticks[" + std::to_string(i) + "]: label is not valid UTF-8");
    }
  }
  for (const auto& [name, side] :
       {std::pair{"width_px", plot.width_px}, {"height_px", plot.height_px}}) {
    if (!(side >= kMinSidePx && side <= kMaxSidePx) || side != std::floor(side)) {
      fail(plot, std::string(name) + " is " + std::to_string(side) +
                     ", expected a whole number in " +
                     std::to_string(static_cast<int>(kMinSidePx)) + ".." +
                     std::to_string(static_cast<int>(kMaxSidePx)));
    }
  }
  if (plot.series.empty()) fail(plot, "no series to draw");
  for (const PlotSeries& s : plot.series) {
    if (s.x.empty()) fail(plot, "series '" + s.label + "' has no points");
    if (s.x.size() != s.y.size()) {
      fail(plot, "series '" + s.label + "': x has " + std::to_string(s.x.size()) +
                     " values but y has " + std::to_string(s.y.size()));
    }
    if (!s.y_err.empty() && s.y_err.size() != s.y.size()) {
      fail(plot, "series '" + s.label + "': y_err has " + std::to_string(s.y_err.size()) +
                     " values, expected 0 or " + std::to_string(s.y.size()));
    }
    check_finite(plot, s, "x", s.x);
    check_finite(plot, s, "y", s.y);
    check_finite(plot, s, "y_err", s.y_err);
    for (std::size_t i = 0; i < s.y_err.size(); ++i) {
      if (s.y_err[i] < 0) {
        fail(plot, "series '" + s.label + "': y_err[" + std::to_string(i) + "] is negative");
      }
    }
    for (std::size_t i = 0; plot.log_y && i < s.y.size(); ++i) {
      if (s.y[i] <= 0) {
        fail(plot, "series '" + s.label + "': y[" + std::to_string(i) +
                       "] is not > 0, which a logarithmic y axis needs");
      }
    }
  }
  for (std::size_t i = 0; i < plot.x_ticks.size(); ++i) {
    if (!std::isfinite(plot.x_ticks[i].first)) {
      fail(plot, "x_ticks[" + std::to_string(i) + "] ('" + plot.x_ticks[i].second +
                     "') is not at a finite x");
    }
  }
}

PlotLayout layout_plot(const LinePlot& plot) {
  validate(plot);
  Extent x, y;
  for (const PlotSeries& s : plot.series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      x.add(s.x[i]);
      const double err = s.y_err.empty() ? 0.0 : s.y_err[i];
      y.add(s.y[i] + err);
      // On a log axis a band reaching 0 or below is cut at the axis bottom, not fitted.
      y.add(plot.log_y && s.y[i] - err <= 0 ? s.y[i] : s.y[i] - err);
    }
  }
  PlotLayout out;
  out.width_px = static_cast<int>(plot.width_px);
  out.height_px = static_cast<int>(plot.height_px);
  PlotFrame& f = out.frame;
  f.log_y = plot.log_y;
  if (plot.x_ticks.empty()) {
    out.x_ticks = linear_ticks(x.lo, x.hi, &f.x_min, &f.x_max);
  } else {
    // Categorical ticks: the axis spans data and ticks with 5% room so end markers show whole.
    for (const auto& [value, label] : plot.x_ticks) {
      x.add(value);
      out.x_ticks.push_back({value, label});
    }
    const auto [lo, hi] = widen_if_flat(x.lo, x.hi);
    f.x_min = lo - 0.05 * (hi - lo);
    f.x_max = hi + 0.05 * (hi - lo);
  }
  out.y_ticks = plot.log_y ? log_ticks(y.lo, y.hi, &f.y_min, &f.y_max)
                           : linear_ticks(y.lo, y.hi, &f.y_min, &f.y_max);

  // Text widths for the margins, measured on a scratch surface with the renderer's font.
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> scratch(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1), cairo_surface_destroy);
  CairoPtr cr(cairo_create(scratch.get()), cairo_destroy);
  cairo_select_font_face(cr.get(), kFontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  double y_tick_width = 0;
  for (const Tick& t : out.y_ticks) {
    y_tick_width = std::max(y_tick_width, text_width(cr.get(), t.label, kTickFontPx));
  }
  double legend_text = 0;
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (plot.series[i].label.empty()) continue;
    out.legend_series.push_back(i);
    legend_text = std::max(legend_text, text_width(cr.get(), plot.series[i].label, kLegendFontPx));
  }
  // Legend box: 10 px padding, a 28 px line sample, 6 px gap, the text, 10 px padding.
  out.legend_width_px = out.legend_series.empty() ? 0 : 54 + std::ceil(legend_text);

  const double top = plot.title.empty() ? 15 : 40;
  const double bottom = 6 + kTickFontPx + 8 + (plot.x_label.empty() ? 0 : kLabelFontPx + 10) + 8;
  const double left =
      10 + (plot.y_label.empty() ? 0 : kLabelFontPx + 10) + std::ceil(y_tick_width) + 8;
  const double right = out.legend_series.empty() ? 20 : out.legend_width_px + 30;
  f.left_px = left;
  f.top_px = top;
  f.width_px = plot.width_px - left - right;
  f.height_px = plot.height_px - top - bottom;
  if (f.width_px < 60 || f.height_px < 60) {
    fail(plot, std::to_string(out.width_px) + "x" + std::to_string(out.height_px) +
                   " px leaves less than 60x60 px for the data after labels and legend");
  }
  out.legend_left_px = f.left_px + f.width_px + 15;
  return out;
}

}  // namespace detail

PlotFrame plot_frame(const LinePlot& plot) { return detail::layout_plot(plot).frame; }

}  // namespace aimcsim::report
