// SPDX-License-Identifier: Apache-2.0
// kernel::Timeline: the occupancy calendar of a resource. A request gets the earliest free gap at
// or after its ready time, so out-of-order requests (loosely-timed initiators running ahead) fill
// earlier gaps. Times are plain numbers here (unit: s, values chosen to be exact in binary).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "sim/kernel/timeline.hpp"

using aimcsim::kernel::Timeline;

TEST(Timeline, BackToBackRequestsSerialise) {
  Timeline t;
  EXPECT_EQ(t.reserve(0, 10), 0);
  EXPECT_EQ(t.reserve(0, 10), 10);  // busy [0,10): waits
  EXPECT_EQ(t.reserve(5, 10), 20);  // busy [0,20)
  EXPECT_EQ(t.busy_s(), 30);
  EXPECT_EQ(t.last_end_s(), 30);
}

TEST(Timeline, IdleResourceStartsAtReadyTime) {
  Timeline t;
  EXPECT_EQ(t.reserve(100, 1), 100);
  EXPECT_EQ(t.reserve(200, 1), 200);
  EXPECT_EQ(t.busy_s(), 2);
  EXPECT_EQ(t.last_end_s(), 201);
}

TEST(Timeline, OutOfOrderRequestFillsEarlierGap) {
  Timeline t;
  EXPECT_EQ(t.reserve(100, 10), 100);  // [100,110)
  EXPECT_EQ(t.reserve(50, 10), 50);    // gap [0,100) has room at 50
  EXPECT_EQ(t.reserve(0, 40), 0);      // [0,40) fits before [50,60)
  EXPECT_EQ(t.reserve(35, 10), 40);    // busy at 35; the gap [40,50) holds exactly 10
  EXPECT_EQ(t.busy_s(), 70);
}

TEST(Timeline, GapTooShortIsSkipped) {
  Timeline t;
  t.reserve(0, 10);   // [0,10)
  t.reserve(20, 10);  // [20,30)
  EXPECT_EQ(t.reserve(5, 5), 10);  // gap [10,20) fits 5 at 10
  // Now [0,15) and [20,30): the 5-long gap [15,20) cannot hold 15 -> after 30.
  EXPECT_EQ(t.reserve(0, 15), 30);
  EXPECT_EQ(t.reserve(0, 5), 15);  // exactly fills [15,20)
  EXPECT_EQ(t.busy_s(), 45);
  EXPECT_EQ(t.last_end_s(), 45);
}

TEST(Timeline, ZeroDurationBooksNothing) {
  Timeline t;
  t.reserve(0, 10);
  EXPECT_EQ(t.reserve(3, 0), 3);
  EXPECT_EQ(t.busy_s(), 10);
}

TEST(Timeline, RetiresIntervalsBeforeKernelTime) {
  Timeline t;
  for (int i = 0; i < 6; ++i) t.reserve(2.0 * i, 1.0);  // [0,1) [2,3) ... [10,11): 6 intervals
  EXPECT_EQ(t.intervals(), 6u);
  // The kernel is at 50: nobody can ask for earlier times; the calendar forgets them.
  EXPECT_EQ(t.reserve(60, 1, 50), 60);
  EXPECT_LE(t.intervals(), 2u);
  EXPECT_EQ(t.busy_s(), 7);  // totals survive retirement
  EXPECT_EQ(t.reserve(55, 10, 50), 61);  // [60,61) still booked: 55+10 > 60 -> after 61
}

namespace {
/// Reference calendar: every interval ever booked, searched from the start each time.
struct ReferenceCalendar {
  std::vector<std::pair<double, double>> busy;
  double reserve(double ready, double d) {
    std::sort(busy.begin(), busy.end());
    double start = ready;
    for (const auto& [s, e] : busy) {
      if (e <= start) continue;
      if (s >= start + d) break;
      start = e;
    }
    busy.emplace_back(start, start + d);
    return start;
  }
};
}  // namespace

TEST(Timeline, MatchesAReferenceCalendarWhileGrowingAndForgetting) {
  // Bursts of requests at one kernel time, out of order and overlapping, then the kernel moves
  // on: the calendar goes from its inline slots to the heap and back. Integer times keep every
  // sum exact, so starts must be equal.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> offset(0, 40), length(1, 6), burst(1, 12);
  Timeline t;
  ReferenceCalendar ref;
  double now = 0;
  for (int round = 0; round < 300; ++round) {
    for (int i = burst(rng); i > 0; --i) {
      const double ready = now + offset(rng), d = length(rng);
      ASSERT_EQ(t.reserve(ready, d, now), ref.reserve(ready, d)) << "round " << round;
    }
    now += offset(rng);
    if (round % 3 == 0) t.retire_before(now);  // as the kernel may, between requests
  }
  EXPECT_LE(t.intervals(), 50u);  // intervals before the kernel time were forgotten
}
