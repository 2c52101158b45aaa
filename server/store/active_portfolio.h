// ActivePortfolio: every active arrangement, held in memory for scoring.
//
// An assessment against one of the policy's clusters counts the cluster's
// active arrangements (product.md §3.4). Reading them from the database on
// every call would let a slow or frozen database stall scoring, which must
// keep answering while only the records fail (issue #16). So scoring reads
// this snapshot, which never waits on the database: it is loaded when the
// store opens, updated by this server's own writes as they commit, and read
// again every `refresh_every` for other replicas' writes. While the database
// cannot be read, the last snapshot stays in use.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       auto portfolio,
//       ActivePortfolio::Start([&] { return decisions->Active(""); },
//                              absl::Seconds(5)));
//   scoring::CommitmentsOf(*portfolio->Current(), "north");

#ifndef TRUSTFIT_SERVER_STORE_ACTIVE_PORTFOLIO_H_
#define TRUSTFIT_SERVER_STORE_ACTIVE_PORTFOLIO_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::server {

class ActivePortfolio {
 public:
  using Arrangements = std::vector<trustfit::v1::ArrangementRecord>;
  // Reads every active arrangement from the database.
  using Loader = std::function<absl::StatusOr<Arrangements>()>;

  // Loads the snapshot (failing as `load` fails), then re-reads it every
  // `refresh_every` on a thread of its own.
  static absl::StatusOr<std::unique_ptr<ActivePortfolio>> Start(
      Loader load, absl::Duration refresh_every);

  // Stops the refresher, after the read it may be waiting on.
  ~ActivePortfolio();

  ActivePortfolio(const ActivePortfolio&) = delete;
  ActivePortfolio& operator=(const ActivePortfolio&) = delete;

  // Every active arrangement, as last read or written. Never blocks on the
  // database; the snapshot is immutable, so it may be kept for a whole call.
  std::shared_ptr<const Arrangements> Current() const;

  // An arrangement as a write just committed it: added or replaced when
  // active, dropped when it has ended.
  void Remember(const trustfit::v1::ArrangementRecord& arrangement);

  // Reads the database now and replaces the snapshot, unless a write was
  // remembered meanwhile (then the next refresh, which sees it, does).
  absl::Status Refresh();

 private:
  ActivePortfolio(Loader load, absl::Duration refresh_every);
  // True when the destructor asks the refresher to stop within `wait`.
  bool StopsWithin(absl::Duration wait);
  void RefreshLoop();

  const Loader load_;
  const absl::Duration refresh_every_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Arrangements> current_ ABSL_GUARDED_BY(mu_);
  // Counts remembered writes, so a read that began before one cannot undo it.
  int64_t writes_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread refresher_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_ACTIVE_PORTFOLIO_H_
