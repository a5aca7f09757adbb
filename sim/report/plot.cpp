// SPDX-License-Identifier: Apache-2.0
#include "sim/report/plot.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/report/plot_layout.hpp"

namespace aimcsim::report {
namespace {

using detail::PlotLayout;
using detail::Tick;
using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using CairoPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

constexpr double kMarkerRadiusPx = 4, kLineWidthPx = 2, kTickLengthPx = 5;
constexpr double kPi = 3.14159265358979323846;

void set_rgb(cairo_t* cr, const std::array<int, 3>& c, double alpha = 1.0) {
  cairo_set_source_rgba(cr, c[0] / 255.0, c[1] / 255.0, c[2] / 255.0, alpha);
}

enum class HAlign { left, centre, right };

/// Draws `text` so that (x, y) is its left/centre/right end horizontally and its middle
/// vertically (middle of the font's digit height, so tick labels line up with their ticks).
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double font_px,
               HAlign align) {
  cairo_set_font_size(cr, font_px);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, text.c_str(), &ext);
  const double dx = align == HAlign::left     ? 0
                    : align == HAlign::centre ? ext.x_advance / 2
                                              : ext.x_advance;
  cairo_move_to(cr, x - dx, y + 0.36 * font_px);
  cairo_show_text(cr, text.c_str());
}

/// Marker shape by series index / 10 (the colour repeats every 10 series).
void marker_path(cairo_t* cr, std::size_t series_index, double x, double y) {
  const double r = kMarkerRadiusPx;
  switch ((series_index / 10) % 4) {
    case 0:
      cairo_new_sub_path(cr);
      cairo_arc(cr, x, y, r, 0, 2 * kPi);
      break;
    case 1:
      cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 2:
      cairo_move_to(cr, x, y - 1.2 * r);
      cairo_line_to(cr, x + 1.1 * r, y + 0.8 * r);
      cairo_line_to(cr, x - 1.1 * r, y + 0.8 * r);
      cairo_close_path(cr);
      break;
    default:
      cairo_move_to(cr, x, y - 1.3 * r);
      cairo_line_to(cr, x + 1.3 * r, y);
      cairo_line_to(cr, x, y + 1.3 * r);
      cairo_line_to(cr, x - 1.3 * r, y);
      cairo_close_path(cr);
      break;
  }
}

void draw_axes(cairo_t* cr, const LinePlot& plot, const PlotLayout& lay) {
  const PlotFrame& f = lay.frame;
  const double bottom = f.top_px + f.height_px, right = f.left_px + f.width_px;
  cairo_set_line_width(cr, 1);
  // Grid first, under everything; pixel-centred (+0.5) so 1 px lines stay crisp.
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  for (const Tick& t : lay.y_ticks) {
    const double py = std::round(f.y_to_px(t.value)) + 0.5;
    cairo_move_to(cr, f.left_px, py);
    cairo_line_to(cr, right, py);
  }
  for (const Tick& t : lay.x_ticks) {
    const double px = std::round(f.x_to_px(t.value)) + 0.5;
    cairo_move_to(cr, px, f.top_px);
    cairo_line_to(cr, px, bottom);
  }
  cairo_stroke(cr);

  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, std::round(f.left_px) + 0.5, std::round(f.top_px) + 0.5,
                  std::round(f.width_px), std::round(f.height_px));
  for (const Tick& t : lay.y_ticks) {
    const double py = std::round(f.y_to_px(t.value)) + 0.5;
    cairo_move_to(cr, f.left_px - kTickLengthPx, py);
    cairo_line_to(cr, f.left_px, py);
  }
  for (const Tick& t : lay.x_ticks) {
    const double px = std::round(f.x_to_px(t.value)) + 0.5;
    cairo_move_to(cr, px, bottom);
    cairo_line_to(cr, px, bottom + kTickLengthPx);
  }
  cairo_stroke(cr);

  for (const Tick& t : lay.y_ticks) {
    draw_text(cr, t.label, f.left_px - kTickLengthPx - 3, f.y_to_px(t.value), detail::kTickFontPx,
              HAlign::right);
  }
  const double x_tick_text_y = bottom + kTickLengthPx + 3 + detail::kTickFontPx / 2;
  for (const Tick& t : lay.x_ticks) {
    draw_text(cr, t.label, f.x_to_px(t.value), x_tick_text_y, detail::kTickFontPx, HAlign::centre);
  }
  if (!plot.x_label.empty()) {
    draw_text(cr, plot.x_label, f.left_px + f.width_px / 2,
              x_tick_text_y + detail::kTickFontPx / 2 + 8 + detail::kLabelFontPx / 2,
              detail::kLabelFontPx, HAlign::centre);
  }
  if (!plot.y_label.empty()) {
    cairo_save(cr);
    cairo_translate(cr, 10 + detail::kLabelFontPx / 2, f.top_px + f.height_px / 2);
    cairo_rotate(cr, -kPi / 2);
    draw_text(cr, plot.y_label, 0, 0, detail::kLabelFontPx, HAlign::centre);
    cairo_restore(cr);
  }
  if (!plot.title.empty()) {
    cairo_select_font_face(cr, detail::kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    draw_text(cr, plot.title, lay.width_px / 2.0, 20, detail::kTitleFontPx, HAlign::centre);
    cairo_select_font_face(cr, detail::kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
  }
}

void draw_series(cairo_t* cr, const PlotSeries& s, std::size_t index, const PlotFrame& f) {
  const auto colour = series_colour(index);
  const std::size_t n = s.x.size();
  // A band or bar end below a log axis' bottom is drawn to the bottom (clipped there).
  auto low_px = [&](std::size_t i) {
    const double lo = s.y[i] - s.y_err[i];
    return f.log_y && lo <= 0 ? f.top_px + f.height_px + 1 : f.y_to_px(lo);
  };
  if (!s.y_err.empty() && n > kMaxErrorBarPoints) {
    for (std::size_t i = 0; i < n; ++i) {
      const double px = f.x_to_px(s.x[i]), py = f.y_to_px(s.y[i] + s.y_err[i]);
      i == 0 ? cairo_move_to(cr, px, py) : cairo_line_to(cr, px, py);
    }
    for (std::size_t i = n; i-- > 0;) cairo_line_to(cr, f.x_to_px(s.x[i]), low_px(i));
    cairo_close_path(cr);
    set_rgb(cr, colour, 0.2);
    cairo_fill(cr);
  }
  set_rgb(cr, colour);
  cairo_set_line_width(cr, kLineWidthPx);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (std::size_t i = 0; i < n; ++i) {
    const double px = f.x_to_px(s.x[i]), py = f.y_to_px(s.y[i]);
    i == 0 ? cairo_move_to(cr, px, py) : cairo_line_to(cr, px, py);
  }
  cairo_stroke(cr);
  if (!s.y_err.empty() && n <= kMaxErrorBarPoints) {
    cairo_set_line_width(cr, 1.5);
    for (std::size_t i = 0; i < n; ++i) {
      const double px = f.x_to_px(s.x[i]), hi = f.y_to_px(s.y[i] + s.y_err[i]), lo = low_px(i);
      cairo_move_to(cr, px, hi);
      cairo_line_to(cr, px, lo);
      cairo_move_to(cr, px - 4, hi);
      cairo_line_to(cr, px + 4, hi);
      cairo_move_to(cr, px - 4, lo);
      cairo_line_to(cr, px + 4, lo);
    }
    cairo_stroke(cr);
  }
  for (std::size_t i = 0; i < n; ++i) marker_path(cr, index, f.x_to_px(s.x[i]), f.y_to_px(s.y[i]));
  cairo_fill(cr);
}

void draw_legend(cairo_t* cr, const LinePlot& plot, const PlotLayout& lay) {
  if (lay.legend_series.empty()) return;
  const double row_px = 20, x0 = lay.legend_left_px, y0 = lay.frame.top_px;
  const double box_h = 10 + row_px * static_cast<double>(lay.legend_series.size());
  cairo_rectangle(cr, x0 + 0.5, y0 + 0.5, lay.legend_width_px, box_h);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  for (std::size_t row = 0; row < lay.legend_series.size(); ++row) {
    const std::size_t index = lay.legend_series[row];
    const double y = y0 + 5 + row_px * (static_cast<double>(row) + 0.5);
    set_rgb(cr, series_colour(index));
    cairo_set_line_width(cr, kLineWidthPx);
    cairo_move_to(cr, x0 + 10, y);
    cairo_line_to(cr, x0 + 38, y);
    cairo_stroke(cr);
    marker_path(cr, index, x0 + 24, y);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, plot.series[index].label, x0 + 44, y, detail::kLegendFontPx, HAlign::left);
  }
}

void draw(cairo_t* cr, const LinePlot& plot, const PlotLayout& lay) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, detail::kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  draw_axes(cr, plot, lay);
  cairo_save(cr);
  // Lines, bands and bars stay inside the axes; markers may reach half a marker beyond.
  const PlotFrame& f = lay.frame;
  cairo_rectangle(cr, f.left_px - kMarkerRadiusPx * 1.5, f.top_px - kMarkerRadiusPx * 1.5,
                  f.width_px + kMarkerRadiusPx * 3, f.height_px + kMarkerRadiusPx * 3);
  cairo_clip(cr);
  for (std::size_t i = 0; i < plot.series.size(); ++i) draw_series(cr, plot.series[i], i, f);
  cairo_restore(cr);
  draw_legend(cr, plot, lay);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("plot '" + plot.title +
                             "': cairo failed: " + cairo_status_to_string(cairo_status(cr)));
  }
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void check_surface(cairo_surface_t* surface, const LinePlot& plot, const char* what) {
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("plot '" + plot.title + "': cairo " + what +
                             " failed: " + cairo_status_to_string(status));
  }
}

/// cairo names the SVG's top group "surface<N>" after a process-wide count of every cairo
/// surface created so far, so the same plot would differ between calls. Renumbers each such id
/// (and references to it, "#surface<N>") 1, 2, ... in order of first appearance.
std::string renumber_surface_ids(const std::string& svg) {
  static const std::string kName = "surface";
  std::string out;
  out.reserve(svg.size());
  std::vector<std::string> seen;
  std::size_t pos = 0;
  for (std::size_t at = svg.find(kName); at != std::string::npos; at = svg.find(kName, at + 1)) {
    std::size_t end = at + kName.size();
    while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
    const bool is_id = at > 0 && (svg[at - 1] == '"' || svg[at - 1] == '#');
    if (!is_id || end == at + kName.size() || at < pos) continue;
    const std::string number = svg.substr(at + kName.size(), end - at - kName.size());
    auto it = std::find(seen.begin(), seen.end(), number);
    if (it == seen.end()) it = seen.insert(seen.end(), number);
    out.append(svg, pos, at + kName.size() - pos);
    out += std::to_string(it - seen.begin() + 1);
    pos = end;
  }
  out.append(svg, pos, std::string::npos);
  return out;
}

}  // namespace

std::string render_png(const LinePlot& plot) {
  const PlotLayout lay = detail::layout_plot(plot);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, lay.width_px, lay.height_px),
                     cairo_surface_destroy);
  check_surface(surface.get(), plot, "image surface");
  {
    CairoPtr cr(cairo_create(surface.get()), cairo_destroy);
    draw(cr.get(), plot, lay);
  }
  cairo_surface_flush(surface.get());
  std::string bytes;
  const cairo_status_t status =
      cairo_surface_write_to_png_stream(surface.get(), append_bytes, &bytes);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("plot '" + plot.title +
                             "': PNG encoding failed: " + cairo_status_to_string(status));
  }
  return bytes;
}

std::string render_svg(const LinePlot& plot) {
  const PlotLayout lay = detail::layout_plot(plot);
  std::string bytes;
  SurfacePtr surface(
      cairo_svg_surface_create_for_stream(append_bytes, &bytes, lay.width_px, lay.height_px),
      cairo_surface_destroy);
  check_surface(surface.get(), plot, "SVG surface");
  cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
  {
    CairoPtr cr(cairo_create(surface.get()), cairo_destroy);
    draw(cr.get(), plot, lay);
  }
  cairo_surface_finish(surface.get());  // writes the document through append_bytes
  check_surface(surface.get(), plot, "SVG output");
  return renumber_surface_ids(bytes);
}

}  // namespace aimcsim::report
