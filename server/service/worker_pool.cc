#include "server/service/worker_pool.h"

#include <algorithm>

namespace trustfit::server {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      // Await's condition runs with mu_ held, which the analysis cannot see.
      mu_.Await(absl::Condition(
          +[](WorkerPool* pool) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return pool->stopping_ || !pool->tasks_.empty();
          },
          this));
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
  absl::Mutex done_mu;
  int remaining = chunks - 1;
  {
    absl::MutexLock lock(&mu_);
    for (int c = 1; c < chunks; ++c) {
      tasks_.emplace_back([&, c] {
        run_chunk(c);
        absl::MutexLock done_lock(&done_mu);
        --remaining;
      });
    }
  }
  run_chunk(0);
  absl::MutexLock lock(&done_mu);
  done_mu.Await(absl::Condition(
      +[](int* left) { return *left == 0; }, &remaining));
}

}  // namespace trustfit::server
