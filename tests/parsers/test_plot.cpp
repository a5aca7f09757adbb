// SPDX-License-Identifier: Apache-2.0
// Plots: PNG/SVG structure, determinism, data drawn where and in the colour it should be, input
// checks, and the 1-2-5 ticks against hand-computed cases.
#include <cairo.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "sim/report/plot.hpp"

namespace aimcsim::report {
namespace {

/// A PNG read back into pixels (cairo ARGB32/RGB24, native-endian 0xAARRGGBB words).
class Png {
 public:
  explicit Png(const std::string& bytes) : m_bytes(bytes) {
    m_surface = cairo_image_surface_create_from_png_stream(&Png::read, this);
  }
  ~Png() { cairo_surface_destroy(m_surface); }
  bool ok() const { return cairo_surface_status(m_surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(m_surface); }
  int height() const { return cairo_image_surface_get_height(m_surface); }
  std::array<int, 3> rgb(double x_px, double y_px) const {
    const int x = static_cast<int>(std::floor(x_px)), y = static_cast<int>(std::floor(y_px));
    const unsigned char* row =
        cairo_image_surface_get_data(m_surface) +
        static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(m_surface);
    std::uint32_t word;
    std::memcpy(&word, row + 4 * x, 4);
    return {static_cast<int>(word >> 16 & 0xff), static_cast<int>(word >> 8 & 0xff),
            static_cast<int>(word & 0xff)};
  }

 private:
  static cairo_status_t read(void* closure, unsigned char* data, unsigned int length) {
    auto* self = static_cast<Png*>(closure);
    if (self->m_pos + length > self->m_bytes.size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, self->m_bytes.data() + self->m_pos, length);
    self->m_pos += length;
    return CAIRO_STATUS_SUCCESS;
  }
  std::string m_bytes;
  std::size_t m_pos = 0;
  cairo_surface_t* m_surface = nullptr;
};

std::uint32_t big_endian_u32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

LinePlot two_series() {
  LinePlot plot;
  plot.title = "Accuracy after drift";
  plot.x_label = "time since programming";
  plot.y_label = "perplexity";
  plot.series.push_back({"digital", {0, 5, 10}, {0, 5, 10}, {}});
  plot.series.push_back({"analog", {0, 5, 10}, {10, 8, 10}, {1, 1, 1}});
  return plot;
}

TEST(Plot, PngHasSignatureAndRequestedSize) {
  LinePlot plot = two_series();
  plot.width_px = 640;
  plot.height_px = 360;
  const std::string png = render_png(plot);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");  // the first chunk, right after its 4-byte length
  EXPECT_EQ(big_endian_u32(png, 16), 640u);
  EXPECT_EQ(big_endian_u32(png, 20), 360u);
  Png image(png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image.width(), 640);
  EXPECT_EQ(image.height(), 360);
}

TEST(Plot, SvgIsADocumentOfTheRequestedSize) {
  const std::string svg = render_svg(two_series());
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u) << svg.substr(0, 80);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"800px\""), std::string::npos) << svg.substr(0, 300);
  EXPECT_NE(svg.find("height=\"500px\""), std::string::npos) << svg.substr(0, 300);
  const auto end = svg.find_last_not_of(" \n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(svg.substr(end - 5, 6), "</svg>");
  // The series colours are in the document (cairo writes rgb percentages).
  EXPECT_NE(svg.find("rgb(12.156863%,46.666667%,70.588235%)"), std::string::npos);
}

TEST(Plot, SameInputGivesSameBytes) {
  const LinePlot plot = two_series();
  EXPECT_EQ(render_png(plot), render_png(plot));
  // cairo numbers SVG groups by a process-wide surface count; render_svg renumbers them, so
  // the same bytes come back even after other surfaces were made in between.
  const std::string svg = render_svg(plot);
  render_png(plot);
  EXPECT_EQ(render_svg(plot), svg);
  EXPECT_NE(svg.find("<g id=\"surface1\">"), std::string::npos);
  LinePlot moved = plot;
  moved.series[0].y[1] = 6;
  EXPECT_NE(render_png(moved), render_png(plot));  // and the bytes do depend on the data
}

TEST(Plot, FrameSpansTheNiceTickRange) {
  // x 0..10 and y 0..11 (10 + err 1): 1-2-5 ticks 0,2,..,10 and 0,2,..,12 by hand.
  const PlotFrame f = plot_frame(two_series());
  EXPECT_EQ(f.x_min, 0);
  EXPECT_EQ(f.x_max, 10);
  EXPECT_EQ(f.y_min, 0);
  EXPECT_EQ(f.y_max, 12);
  EXPECT_DOUBLE_EQ(f.x_to_px(5), f.left_px + f.width_px / 2);
  EXPECT_DOUBLE_EQ(f.y_to_px(12), f.top_px);
  EXPECT_GT(f.left_px, 0);
  EXPECT_LT(f.left_px + f.width_px, 800);
}

TEST(Plot, DataPointsAreDrawnInTheirSeriesColour) {
  const LinePlot plot = two_series();
  const PlotFrame f = plot_frame(plot);
  Png image(render_png(plot));
  ASSERT_TRUE(image.ok());
  // Marker centres: tab10 blue for series 0 at (5, 5), orange for series 1 at (5, 8).
  const std::array<int, 3> blue{31, 119, 180}, orange{255, 127, 14}, white{255, 255, 255};
  EXPECT_EQ(image.rgb(f.x_to_px(5), f.y_to_px(5)), blue);
  EXPECT_EQ(image.rgb(f.x_to_px(5), f.y_to_px(8)), orange);
  // Far from both lines (x 2.5, y 2.5 is below series 0 and series 1): background.
  EXPECT_EQ(image.rgb(f.x_to_px(8.5), f.y_to_px(3)), white);
  // The axis frame's left edge is black.
  EXPECT_EQ(image.rgb(std::round(f.left_px), f.top_px + f.height_px / 2),
            (std::array<int, 3>{0, 0, 0}));
}

TEST(Plot, ManyPointsWithErrorsGetAShadedBand) {
  LinePlot plot;
  PlotSeries s{"noisy", {}, {}, {}};
  for (int i = 0; i <= 20; ++i) {  // more than kMaxErrorBarPoints: a band, not bars
    s.x.push_back(i);
    s.y.push_back(5);
    s.y_err.push_back(2);
  }
  plot.series.push_back(s);
  plot.series.push_back({"range", {0, 20}, {0, 10}, {}});  // axes 0..20 (step 5), 0..10 (step 2)
  const PlotFrame f = plot_frame(plot);
  ASSERT_EQ(f.y_max, 10);
  Png image(render_png(plot));
  // Inside the band (3..7), away from both lines and the grid: tab10 blue at 20% over white,
  // per channel 255 - 0.2 * (255 - c) = 210.2, 227.8, 240.0.
  const auto tint = image.rgb(f.x_to_px(3), f.y_to_px(6.2));
  EXPECT_NEAR(tint[0], 210.2, 1.5);
  EXPECT_NEAR(tint[1], 227.8, 1.5);
  EXPECT_NEAR(tint[2], 240.0, 1.5);
  // Above the band: background.
  EXPECT_EQ(image.rgb(f.x_to_px(3), f.y_to_px(8.5)), (std::array<int, 3>{255, 255, 255}));
}

TEST(Plot, CategoricalTicksSpanTicksAndDataWithRoom) {
  LinePlot plot;
  plot.x_ticks = {{0, "0 s"}, {1, "1 h"}, {2, "1 d"}, {3, "1 y"}};
  plot.series.push_back({"", {0, 1, 2}, {1, 2, 3}, {}});
  const PlotFrame f = plot_frame(plot);
  EXPECT_DOUBLE_EQ(f.x_min, -0.15);  // 0..3 widened by 5% of 3 each side
  EXPECT_DOUBLE_EQ(f.x_max, 3.15);
  EXPECT_EQ(render_png(plot).substr(1, 3), "PNG");
}

TEST(Plot, LogAxisSpansWholeDecades) {
  LinePlot plot;
  plot.log_y = true;
  plot.series.push_back({"ppl", {1, 2, 3}, {0.5, 20, 300}, {}});
  const PlotFrame f = plot_frame(plot);
  EXPECT_DOUBLE_EQ(f.y_min, 0.1);
  EXPECT_DOUBLE_EQ(f.y_max, 1000);
  EXPECT_NEAR(f.y_to_px(10), f.top_px + f.height_px / 2, 1e-9);  // 10 is mid-way in log
  Png image(render_png(plot));
  EXPECT_EQ(image.rgb(f.x_to_px(2), f.y_to_px(20)), (std::array<int, 3>{31, 119, 180}));
}

void expect_rejected(const LinePlot& plot, const std::string& message_part) {
  try {
    render_png(plot);
    ADD_FAILURE() << "accepted; expected an error mentioning " << message_part;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
  }
}

TEST(Plot, RejectsBadInputNamingTheField) {
  LinePlot p = two_series();
  p.series[0].y.pop_back();
  expect_rejected(p, "series 'digital': x has 3 values but y has 2");
  p = two_series();
  p.series[1].y_err = {1, 1};
  expect_rejected(p, "series 'analog': y_err has 2 values, expected 0 or 3");
  p = two_series();
  p.series[0].x[2] = std::numeric_limits<double>::quiet_NaN();
  expect_rejected(p, "x[2] is not a finite number");
  p = two_series();
  p.series[1].y_err[0] = -1;
  expect_rejected(p, "y_err[0] is negative");
  p = two_series();
  p.log_y = true;
  expect_rejected(p, "series 'digital': y[0] is not > 0");
  p = two_series();
  p.series.clear();
  expect_rejected(p, "no series");
  p = two_series();
  p.series[0].x.clear();
  p.series[0].y.clear();
  expect_rejected(p, "series 'digital' has no points");
  p = two_series();
  p.width_px = 800.5;
  expect_rejected(p, "width_px");
  p = two_series();
  p.height_px = 50;
  expect_rejected(p, "height_px");
  p = two_series();
  p.series[0].label = std::string(300, 'w');  // legend wider than the picture
  expect_rejected(p, "leaves less than 60x60 px");
  EXPECT_THROW(render_svg(p), std::invalid_argument);
  // cairo's text API takes UTF-8 only: bad bytes are named before cairo sees them.
  p = two_series();
  p.series[1].label = "drift \xff";
  expect_rejected(p, "series 1: label is not valid UTF-8");
  p = two_series();
  p.x_ticks = {{0, "\xe2\x82"}};  // a 3-byte sequence cut short
  expect_rejected(p, "x_ticks[0]: label is not valid UTF-8");
  p = two_series();
  p.title = "\xed\xa0\x80";  // an encoded UTF-16 surrogate
  expect_rejected(p, "plot: title is not valid UTF-8");
  p = two_series();
  p.y_label = "latency (\xc2\xb5s), \xe2\x86\x92 \xf0\x9f\x93\x88";  // µ, arrow, 4-byte emoji
  EXPECT_EQ(render_png(p).substr(1, 3), "PNG");
}

void expect_ticks(double lo, double hi, const std::vector<double>& expected) {
  const std::vector<double> got = nice_ticks(lo, hi);
  ASSERT_EQ(got.size(), expected.size()) << lo << ".." << hi;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], expected[i], 1e-12 * (1 + std::abs(expected[i]))) << lo << ".." << hi;
  }
}

TEST(PlotTicks, OneTwoFiveSteps) {
  // span / 6 -> raw step; its mantissa picks 1, 2, 5 or 10: 10/6 -> 2; 50/6 -> 10; 0.3/6 ->
  // 0.05; 3000/6 -> 500; a flat 7 is widened to 6.3..7.7, 1.4/6 -> 0.2.
  expect_ticks(0, 10, {0, 2, 4, 6, 8, 10});
  expect_ticks(-3, 47, {-10, 0, 10, 20, 30, 40, 50});
  expect_ticks(0, 0.3, {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3});
  expect_ticks(1000, 4000, {1000, 1500, 2000, 2500, 3000, 3500, 4000});
  expect_ticks(7, 7, {6.2, 6.4, 6.6, 6.8, 7, 7.2, 7.4, 7.6, 7.8});
  expect_ticks(0, 0, {-1, -0.5, 0, 0.5, 1});
  EXPECT_EQ(nice_ticks(-1, 1)[2], 0.0);  // exactly zero, not a rounding residue
  EXPECT_THROW(nice_ticks(2, 1), std::invalid_argument);
}

TEST(PlotTicks, LabelsUseTheStepsDecimals) {
  EXPECT_EQ(tick_label(0.30000000000000004, 0.05), "0.30");
  EXPECT_EQ(tick_label(15, 5), "15");
  EXPECT_EQ(tick_label(-0.05, 0.05), "-0.05");
  EXPECT_EQ(tick_label(2500000, 500000), "2.5e+06");
  EXPECT_EQ(tick_label(0, 0.2), "0.0");
}

TEST(PlotTicks, SeriesColoursAreDistinctForTen) {
  for (std::size_t i = 0; i < 10; ++i) {
    for (std::size_t j = i + 1; j < 10; ++j) EXPECT_NE(series_colour(i), series_colour(j));
  }
  EXPECT_EQ(series_colour(10), series_colour(0));
}

}  // namespace
}  // namespace aimcsim::report
