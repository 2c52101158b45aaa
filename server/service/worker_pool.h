// WorkerPool: a fixed set of threads for scoring the items of one stream
// message in parallel.
//
// A stream is served by one reactor callback at a time, which would leave the
// other cores idle during a batch. ParallelFor splits the items into chunks,
// runs one on the calling thread and the rest on the pool, and returns when
// all are done; each item writes only its own result, so no locking is
// needed beyond the hand-off.
//
//   pool.ParallelFor(request.items_size(), [&](int i) { Score(i); });

#ifndef TRUSTFIT_SERVER_SERVICE_WORKER_POOL_H_
#define TRUSTFIT_SERVER_SERVICE_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace trustfit::server {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Calls fn(i) for every i in [0, n), spread over the pool and the calling
  // thread; returns when every call has returned.
  void ParallelFor(int n, const std::function<void(int)>& fn);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_WORKER_POOL_H_
