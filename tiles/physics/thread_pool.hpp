// SPDX-License-Identifier: Apache-2.0
#pragma once
/// \file
/// A minimal persistent thread pool with a blocking parallel-for. Work items are independent,
/// so results never depend on the number of threads or on scheduling.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aimcsim::physics {

class ThreadPool {
public:
  /// `threads` >= 1 workers in total; the calling thread is one of them.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned threads() const noexcept { return static_cast<unsigned>(m_workers.size()) + 1U; }

  /// Calls fn(i) for i in [0, count) spread over the threads; returns when all are done.
  /// Rethrows the first exception thrown by fn. Not re-entrant.
  void parallel_for(std::size_t count, const std::function<void(std::size_t)>& fn);

private:
  void worker_loop();
  void run_items();

  std::vector<std::thread> m_workers;
  std::mutex m_mutex;
  std::condition_variable m_start_cv;
  std::condition_variable m_done_cv;
  const std::function<void(std::size_t)>* m_fn = nullptr;
  std::size_t m_count = 0;
  std::atomic<std::size_t> m_next{0};
  std::size_t m_generation = 0;
  unsigned m_busy = 0;
  bool m_stop = false;
  std::exception_ptr m_error;
};

}  // namespace aimcsim::physics
