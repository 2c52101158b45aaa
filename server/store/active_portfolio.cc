#include "server/store/active_portfolio.h"

#include <utility>

#include "scoring/status_macros.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {

namespace v1 = ::trustfit::v1;

ActivePortfolio::ActivePortfolio(Loader load, absl::Duration refresh_every)
    : load_(std::move(load)), refresh_every_(refresh_every) {}

absl::StatusOr<std::unique_ptr<ActivePortfolio>> ActivePortfolio::Start(
    Loader load, absl::Duration refresh_every) {
  std::unique_ptr<ActivePortfolio> portfolio(
      new ActivePortfolio(std::move(load), refresh_every));
  TRUSTFIT_ASSIGN_OR_RETURN(Arrangements first, portfolio->load_());
  {
    absl::MutexLock lock(&portfolio->mu_);
    portfolio->current_ =
        std::make_shared<const Arrangements>(std::move(first));
  }
  portfolio->refresher_ =
      std::thread([p = portfolio.get()] { p->RefreshLoop(); });
  return portfolio;
}

ActivePortfolio::~ActivePortfolio() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // Not started when the first read failed.
  if (refresher_.joinable()) refresher_.join();
}

std::shared_ptr<const ActivePortfolio::Arrangements> ActivePortfolio::Current()
    const {
  absl::MutexLock lock(&mu_);
  return current_;
}

void ActivePortfolio::Remember(const v1::ArrangementRecord& arrangement) {
  absl::MutexLock lock(&mu_);
  auto next = std::make_shared<Arrangements>();
  next->reserve(current_->size() + 1);
  for (const v1::ArrangementRecord& a : *current_) {
    if (a.name() != arrangement.name()) next->push_back(a);
  }
  if (arrangement.state() == v1::ARRANGEMENT_STATE_ACTIVE) {
    next->push_back(arrangement);
  }
  current_ = std::move(next);
  ++writes_;
}

absl::Status ActivePortfolio::Refresh() {
  int64_t writes_before = 0;
  {
    absl::MutexLock lock(&mu_);
    writes_before = writes_;
  }
  TRUSTFIT_ASSIGN_OR_RETURN(Arrangements read, load_());
  absl::MutexLock lock(&mu_);
  if (writes_ == writes_before) {
    current_ = std::make_shared<const Arrangements>(std::move(read));
  }
  return absl::OkStatus();
}

bool ActivePortfolio::StopsWithin(absl::Duration wait) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&stopping_), wait);
}

void ActivePortfolio::RefreshLoop() {
  // Said once when reads start failing and once when they work again, not
  // on every attempt.
  bool failing = false;
  while (!StopsWithin(refresh_every_)) {
    const absl::Status status = Refresh();
    if (status.ok() != failing) continue;
    failing = !status.ok();
    if (failing) {
      spdlog::warn(
          "active arrangements cannot be re-read; scoring counts the ones "
          "last read: {}",
          status.ToString());
    } else {
      spdlog::info("active arrangements re-read again");
    }
  }
}

}  // namespace trustfit::server
