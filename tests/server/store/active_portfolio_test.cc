// ActivePortfolio: the snapshot of active arrangements scoring reads.

#include "server/store/active_portfolio.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using Arrangements = ActivePortfolio::Arrangements;

v1::ArrangementRecord Arrangement(const std::string& id,
                                  v1::ArrangementState state) {
  v1::ArrangementRecord a;
  a.set_name("arrangements/" + id);
  a.set_cluster_id("north");
  a.set_state(state);
  return a;
}

std::vector<std::string> Names(const Arrangements& arrangements) {
  std::vector<std::string> names;
  for (const auto& a : arrangements) names.push_back(a.name());
  return names;
}

// What the "database" holds, changed by the test.
class FakeTable {
 public:
  ActivePortfolio::Loader Loader() {
    return [this]() -> absl::StatusOr<Arrangements> {
      absl::MutexLock lock(&mu_);
      ++reads_;
      if (!error_.ok()) return error_;
      return rows_;
    };
  }
  void Set(Arrangements rows) {
    absl::MutexLock lock(&mu_);
    rows_ = std::move(rows);
  }
  void Fail(absl::Status error) {
    absl::MutexLock lock(&mu_);
    error_ = std::move(error);
  }
  int reads() {
    absl::MutexLock lock(&mu_);
    return reads_;
  }

 private:
  absl::Mutex mu_;
  Arrangements rows_;
  absl::Status error_;
  int reads_ = 0;
};

constexpr absl::Duration kNever = absl::Hours(1);

TEST(ActivePortfolio, StartsWithWhatTheDatabaseHolds) {
  FakeTable table;
  table.Set({Arrangement("a1", v1::ARRANGEMENT_STATE_ACTIVE)});
  auto portfolio = ActivePortfolio::Start(table.Loader(), kNever);
  ASSERT_TRUE(portfolio.ok()) << portfolio.status();
  EXPECT_THAT(Names(*(*portfolio)->Current()),
              ::testing::ElementsAre("arrangements/a1"));
}

TEST(ActivePortfolio, AFailedFirstReadFailsTheStart) {
  FakeTable table;
  table.Fail(absl::UnavailableError("connection refused"));
  auto portfolio = ActivePortfolio::Start(table.Loader(), kNever);
  EXPECT_EQ(portfolio.status().code(), absl::StatusCode::kUnavailable);
}

TEST(ActivePortfolio, RememberAddsReplacesAndDropsEndedArrangements) {
  FakeTable table;
  auto portfolio = *ActivePortfolio::Start(table.Loader(), kNever);
  portfolio->Remember(Arrangement("a1", v1::ARRANGEMENT_STATE_ACTIVE));
  portfolio->Remember(Arrangement("a2", v1::ARRANGEMENT_STATE_ACTIVE));
  v1::ArrangementRecord reviewed =
      Arrangement("a1", v1::ARRANGEMENT_STATE_ACTIVE);
  reviewed.add_events()->set_note("reviewed");
  portfolio->Remember(reviewed);
  const std::shared_ptr<const Arrangements> before = portfolio->Current();
  EXPECT_THAT(Names(*before), ::testing::UnorderedElementsAre(
                                  "arrangements/a1", "arrangements/a2"));
  portfolio->Remember(Arrangement("a2", v1::ARRANGEMENT_STATE_ENDED));
  EXPECT_THAT(Names(*portfolio->Current()),
              ::testing::ElementsAre("arrangements/a1"));
  EXPECT_EQ(portfolio->Current()->front().events_size(), 1);
  // A snapshot already taken is never changed under its reader.
  EXPECT_EQ(before->size(), 2u);
}

TEST(ActivePortfolio, RefreshesOnItsOwnAndKeepsTheLastSnapshotOnFailure) {
  FakeTable table;
  auto portfolio =
      *ActivePortfolio::Start(table.Loader(), absl::Milliseconds(5));
  table.Set({Arrangement("b1", v1::ARRANGEMENT_STATE_ACTIVE)});
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (portfolio->Current()->empty() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_THAT(Names(*portfolio->Current()),
              ::testing::ElementsAre("arrangements/b1"));
  table.Fail(absl::DeadlineExceededError("statement timeout"));
  const int reads = table.reads();
  while (table.reads() < reads + 3 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  EXPECT_GE(table.reads(), reads + 3);
  EXPECT_THAT(Names(*portfolio->Current()),
              ::testing::ElementsAre("arrangements/b1"));
}

TEST(ActivePortfolio, AReadThatBeganBeforeAWriteDoesNotUndoIt) {
  // The read is held until the write is remembered, then returns what the
  // database held before the write.
  absl::Notification read_started, write_done;
  std::atomic<bool> hold{false};
  ActivePortfolio::Loader load = [&]() -> absl::StatusOr<Arrangements> {
    if (hold) {
      read_started.Notify();
      write_done.WaitForNotification();
    }
    return Arrangements();
  };
  auto portfolio = *ActivePortfolio::Start(load, kNever);
  hold = true;
  std::thread reader([&] { EXPECT_TRUE(portfolio->Refresh().ok()); });
  read_started.WaitForNotification();
  portfolio->Remember(Arrangement("c1", v1::ARRANGEMENT_STATE_ACTIVE));
  write_done.Notify();
  reader.join();
  EXPECT_THAT(Names(*portfolio->Current()),
              ::testing::ElementsAre("arrangements/c1"));
  // The next read, begun after the write, is taken as it is.
  hold = false;
  EXPECT_TRUE(portfolio->Refresh().ok());
  EXPECT_TRUE(portfolio->Current()->empty());
}

}  // namespace
}  // namespace trustfit::server
