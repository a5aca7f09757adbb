// SPDX-License-Identifier: Apache-2.0
#include "tiles/physics/thread_pool.hpp"

namespace aimcsim::physics {

ThreadPool::ThreadPool(unsigned threads) {
  const unsigned extra = threads > 1 ? threads - 1 : 0;
  m_workers.reserve(extra);
  for (unsigned i = 0; i < extra; ++i) {
    m_workers.emplace_back([this] { worker_loop(); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_start_cv.notify_all();
  for (auto& t : m_workers) {
    t.join();
  }
}

void ThreadPool::run_items() {
  while (true) {
    const std::size_t i = m_next.fetch_add(1);
    if (i >= m_count) {
      return;
    }
    try {
      (*m_fn)(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (!m_error) {
        m_error = std::current_exception();
      }
    }
  }
}

void ThreadPool::worker_loop() {
  std::size_t seen = 0;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_start_cv.wait(lock, [&] { return m_stop || m_generation != seen; });
      if (m_stop) {
        return;
      }
      seen = m_generation;
    }
    run_items();
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      --m_busy;
    }
    m_done_cv.notify_all();
  }
}

void ThreadPool::parallel_for(std::size_t count, const std::function<void(std::size_t)>& fn) {
  if (count == 0) {
    return;
  }
  if (m_workers.empty() || count == 1) {
    for (std::size_t i = 0; i < count; ++i) {
      fn(i);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_fn = &fn;
    m_count = count;
    m_next.store(0);
    m_error = nullptr;
    m_busy = static_cast<unsigned>(m_workers.size());
    ++m_generation;
  }
  m_start_cv.notify_all();
  run_items();
  std::exception_ptr error;
  {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done_cv.wait(lock, [&] { return m_busy == 0; });
    m_fn = nullptr;
    error = m_error;
  }
  if (error) {
    std::rethrow_exception(error);
  }
}

}  // namespace aimcsim::physics
