#include "server/service/worker_pool.h"

#include <algorithm>

namespace trustfit::server {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // Stopping, and nothing left to do.
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void WorkerPool::ParallelFor(int n, const std::function<void(int)>& fn) {
  // Too little work to be worth a hand-off: do it here.
  constexpr int kMinItemsPerChunk = 8;
  const int chunks = std::min<int>(static_cast<int>(threads_.size()) + 1,
                                   std::max(1, n / kMinItemsPerChunk));
  auto run_chunk = [n, chunks, &fn](int c) {
    const int begin = static_cast<int>(static_cast<int64_t>(n) * c / chunks);
    const int end =
        static_cast<int>(static_cast<int64_t>(n) * (c + 1) / chunks);
    for (int i = begin; i < end; ++i) fn(i);
  };
  if (chunks == 1) {
    run_chunk(0);
    return;
  }
  std::mutex done_mu;
  std::condition_variable done_cv;
  int remaining = chunks - 1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int c = 1; c < chunks; ++c) {
      tasks_.emplace_back([&, c] {
        run_chunk(c);
        std::lock_guard<std::mutex> done_lock(done_mu);
        if (--remaining == 0) done_cv.notify_one();
      });
    }
  }
  wake_.notify_all();
  run_chunk(0);
  std::unique_lock<std::mutex> lock(done_mu);
  done_cv.wait(lock, [&] { return remaining == 0; });
}

}  // namespace trustfit::server
