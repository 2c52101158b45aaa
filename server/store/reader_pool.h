// ReaderPool: the store's reader connections, the threads that read on them
// and the bounded queue of reads waiting for a thread; and whether the
// database is healthy, as the reads and commits find it.
//
// Reads run on these threads, never the caller's: a slow or hung database
// then holds them, not gRPC's, and scoring and health go on answering.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(std::unique_ptr<ReaderPool> pool,
//                             ReaderPool::Open(database, 4));
//   {
//     ReaderPool::Connection reader(pool.get());  // Waits for a free one.
//     TRUSTFIT_ASSIGN_OR_RETURN(auto rows, reader->Query("SELECT 1", {}));
//   }
//   if (!pool->Enqueue([] { /* Runs on a reader thread. */ })) {
//     // Refused: kMaxQueuedReads are waiting.
//   }

#ifndef TRUSTFIT_SERVER_STORE_READER_POOL_H_
#define TRUSTFIT_SERVER_STORE_READER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sql.h"

namespace trustfit::server {

// A failure that says nothing about the database: the request was bad, a
// repeat, or for a record that is not there.
bool IsRequestsFault(const absl::Status& status);

class ReaderPool {
 public:
  // At most this many reads wait for a thread; Enqueue refuses more.
  static constexpr size_t kMaxQueuedReads = 256;

  // Connects `readers` connections to `database` and starts a thread for
  // each.
  static absl::StatusOr<std::unique_ptr<ReaderPool>> Open(SqlDatabase* database,
                                                          int readers);

  // Stop()s.
  ~ReaderPool();
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Runs every read queued, then ends the threads. The connections stay, for
  // Connection.
  void Stop();

  // Borrows a reader connection, waiting for one to be free, and gives it
  // back on scope exit.
  class Connection {
   public:
    explicit Connection(ReaderPool* pool);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    SqlConnection* operator->() const { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<SqlConnection> connection_;
  };

  // Queues `read` for a reader thread; false, leaving it unrun, when
  // kMaxQueuedReads are already waiting.
  bool Enqueue(std::function<void()> read);

  // Notes whether the database served an operation: `observer` is called
  // with false when a read or a commit fails because of the database (not
  // the request, see IsRequestsFault), and with true when one succeeds
  // again; only on a change. While failing, a reader thread tries the
  // database every 2 s.
  void NoteOutcome(const absl::Status& status);
  void SetHealthObserver(std::function<void(bool healthy)> observer);

 private:
  ReaderPool() = default;

  std::unique_ptr<SqlConnection> Acquire();
  void Release(std::unique_ptr<SqlConnection> connection);

  // What a reader thread does next: the read it took, or none when idle for
  // a while (`*stop` false) or stopping (`*stop` true).
  std::function<void()> AwaitRead(bool* stop);
  void ReadLoop(int reader);
  bool healthy();

  absl::Mutex connections_mu_;
  absl::CondVar connection_free_;
  std::vector<std::unique_ptr<SqlConnection>> connections_
      ABSL_GUARDED_BY(connections_mu_);

  absl::Mutex reads_mu_;
  absl::CondVar reads_changed_;
  std::deque<std::function<void()>> reads_ ABSL_GUARDED_BY(reads_mu_);
  bool stopping_ ABSL_GUARDED_BY(reads_mu_) = false;
  std::vector<std::thread> threads_;

  absl::Mutex health_mu_;
  std::function<void(bool)> health_observer_ ABSL_GUARDED_BY(health_mu_);
  bool healthy_ ABSL_GUARDED_BY(health_mu_) = true;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_READER_POOL_H_
