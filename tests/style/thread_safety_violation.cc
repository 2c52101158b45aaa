// Deliberately wrong, for thread_safety_test.py: reads a member guarded by a
// mutex without holding it, which -Wthread-safety must refuse. Never built.

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace trustfit::server {

class Counter {
 public:
  void Add() {
    absl::MutexLock lock(&mu_);
    ++count_;
  }
  int count() const { return count_; }  // No lock: the check must fail here.

 private:
  mutable absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace trustfit::server
