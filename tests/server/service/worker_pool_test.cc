#include "server/service/worker_pool.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

// Each index's call count, to check every item ran exactly once.
std::vector<int> RunAndCount(WorkerPool& pool, int n) {
  std::vector<std::atomic<int>> calls(static_cast<size_t>(n));
  pool.ParallelFor(n, [&](int i) { calls[static_cast<size_t>(i)]++; });
  std::vector<int> out;
  for (const auto& c : calls) out.push_back(c.load());
  return out;
}

TEST(WorkerPoolTest, CallsEveryIndexExactlyOnce) {
  WorkerPool pool(3);
  for (const int n : {1, 7, 8, 9, 31, 32, 1000, 1001}) {
    EXPECT_EQ(RunAndCount(pool, n), std::vector<int>(n, 1)) << "n=" << n;
  }
}

TEST(WorkerPoolTest, NothingToDoReturnsAtOnce) {
  WorkerPool pool(2);
  bool called = false;
  pool.ParallelFor(0, [&](int) { called = true; });
  EXPECT_FALSE(called);
}

TEST(WorkerPoolTest, APoolWithoutThreadsRunsEverythingOnTheCaller) {
  WorkerPool pool(0);
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> order;
  pool.ParallelFor(100, [&](int i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[static_cast<size_t>(i)] = i;
  EXPECT_EQ(order, expected);
}

TEST(WorkerPoolTest, FewItemsStayOnTheCallingThreadInOrder) {
  // Fewer than two chunks' worth is not worth a hand-off.
  WorkerPool pool(4);
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int> order;
  pool.ParallelFor(15, [&](int i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order.size(), 15u);
  for (int i = 0; i < 15; ++i) EXPECT_EQ(order[static_cast<size_t>(i)], i);
}

TEST(WorkerPoolTest, NoMoreThanThePoolAndTheCallerRunAtOnce) {
  constexpr int kThreads = 2;
  WorkerPool pool(kThreads);
  std::atomic<int> running{0}, peak{0};
  std::mutex mu;
  std::set<std::thread::id> threads;
  pool.ParallelFor(400, [&](int) {
    const int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      threads.insert(std::this_thread::get_id());
    }
    --running;
  });
  EXPECT_LE(peak.load(), kThreads + 1);
  EXPECT_LE(threads.size(), static_cast<size_t>(kThreads + 1));
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 1u);
}

TEST(WorkerPoolTest, WorkersRunChunksAlongsideTheCaller) {
  // The caller's chunk waits until another thread is inside a call, which
  // can only happen if a worker took a chunk: proof of a real hand-off,
  // with no timing involved.
  WorkerPool pool(1);
  const std::thread::id caller = std::this_thread::get_id();
  std::mutex mu;
  std::condition_variable cv;
  bool worker_ran = false;
  pool.ParallelFor(16, [&](int i) {
    std::unique_lock<std::mutex> lock(mu);
    if (std::this_thread::get_id() != caller) {
      worker_ran = true;
      cv.notify_all();
    } else if (i == 0) {
      cv.wait(lock, [&] { return worker_ran; });
    }
  });
  EXPECT_TRUE(worker_ran);
}

TEST(WorkerPoolTest, ReturnsOnlyAfterEveryCallHasReturned) {
  WorkerPool pool(3);
  std::atomic<int> finished{0};
  pool.ParallelFor(64, [&](int) {
    std::this_thread::yield();
    ++finished;
  });
  EXPECT_EQ(finished.load(), 64);
}

TEST(WorkerPoolTest, ServesManyCallsInTurnAndShutsDownCleanly) {
  auto pool = std::make_unique<WorkerPool>(2);
  for (int round = 0; round < 50; ++round) {
    EXPECT_EQ(RunAndCount(*pool, 40), std::vector<int>(40, 1));
  }
  pool.reset();  // Joins the idle workers; a hang here fails by timeout.
}

TEST(WorkerPoolTest, CallersOnSeveralThreadsShareOnePool) {
  WorkerPool pool(2);
  std::vector<std::thread> callers;
  std::atomic<int> total{0};
  for (int t = 0; t < 3; ++t) {
    callers.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        pool.ParallelFor(50, [&](int) { ++total; });
      }
    });
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(total.load(), 3 * 20 * 50);
}

}  // namespace
}  // namespace trustfit::server
