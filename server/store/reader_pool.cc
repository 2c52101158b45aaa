#include "server/store/reader_pool.h"

#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "scoring/status_macros.h"

namespace trustfit::server {

bool IsRequestsFault(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ||
         status.code() == absl::StatusCode::kAlreadyExists ||
         status.code() == absl::StatusCode::kNotFound;
}

absl::StatusOr<std::unique_ptr<ReaderPool>> ReaderPool::Open(
    SqlDatabase* database, int readers) {
  std::unique_ptr<ReaderPool> pool(new ReaderPool());
  for (int i = 0; i < readers; ++i) {
    TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> connection,
                              database->Connect());
    pool->Release(std::move(connection));
  }
  for (int i = 0; i < readers; ++i) {
    pool->threads_.emplace_back([p = pool.get(), i] { p->ReadLoop(i); });
  }
  return pool;
}

ReaderPool::~ReaderPool() { Stop(); }

void ReaderPool::Stop() {
  {
    absl::MutexLock lock(&reads_mu_);
    stopping_ = true;
  }
  reads_changed_.SignalAll();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

std::unique_ptr<SqlConnection> ReaderPool::Acquire() {
  absl::MutexLock lock(&connections_mu_);
  while (connections_.empty()) connection_free_.Wait(&connections_mu_);
  std::unique_ptr<SqlConnection> connection = std::move(connections_.back());
  connections_.pop_back();
  return connection;
}

void ReaderPool::Release(std::unique_ptr<SqlConnection> connection) {
  {
    absl::MutexLock lock(&connections_mu_);
    connections_.push_back(std::move(connection));
  }
  connection_free_.Signal();
}

ReaderPool::Connection::Connection(ReaderPool* pool)
    : pool_(pool), connection_(pool->Acquire()) {}

ReaderPool::Connection::~Connection() {
  pool_->Release(std::move(connection_));
}

bool ReaderPool::Enqueue(std::function<void()> read) {
  {
    absl::MutexLock lock(&reads_mu_);
    if (reads_.size() >= kMaxQueuedReads) return false;
    reads_.push_back(std::move(read));
  }
  reads_changed_.Signal();
  return true;
}

std::function<void()> ReaderPool::AwaitRead(bool* stop) {
  absl::MutexLock lock(&reads_mu_);
  const absl::Time deadline = absl::Now() + absl::Seconds(2);
  while (!stopping_ && reads_.empty()) {
    if (reads_changed_.WaitWithDeadline(&reads_mu_, deadline)) break;
  }
  // Stopping, the queue is only empty once every read is done.
  *stop = stopping_ && reads_.empty();
  if (reads_.empty()) return nullptr;
  std::function<void()> read = std::move(reads_.front());
  reads_.pop_front();
  return read;
}

void ReaderPool::ReadLoop(int reader) {
  for (;;) {
    bool stop = false;
    std::function<void()> read = AwaitRead(&stop);
    if (stop) return;
    if (read) {
      read();
    } else if (reader == 0 && !healthy()) {
      // Idle: while the database is failing, one reader looks again.
      Connection connection(this);
      NoteOutcome(connection->Exec("SELECT 1"));
    }
  }
}

bool ReaderPool::healthy() {
  absl::MutexLock lock(&health_mu_);
  return healthy_;
}

void ReaderPool::SetHealthObserver(std::function<void(bool)> observer) {
  absl::MutexLock lock(&health_mu_);
  health_observer_ = std::move(observer);
}

void ReaderPool::NoteOutcome(const absl::Status& status) {
  // Only the database's own failures count, not a bad or repeated request.
  if (!status.ok() && IsRequestsFault(status)) return;
  absl::MutexLock lock(&health_mu_);
  if (healthy_ == status.ok()) return;
  healthy_ = status.ok();
  if (health_observer_) health_observer_(healthy_);
}

}  // namespace trustfit::server
