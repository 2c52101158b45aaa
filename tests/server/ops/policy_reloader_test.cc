#include "server/ops/policy_reloader.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "prometheus/metric_family.h"

namespace trustfit::server {
namespace {

std::string PolicyVersion(absl::string_view version) {
  return absl::StrReplaceAll(
      scoring::DefaultPolicyYaml(),
      {{"version: \"2026.12.1\"", absl::StrCat("version: \"", version, "\"")}});
}

// trustfit_policy_reloads_total{result=`result`}.
double Reloads(Metrics& metrics, const std::string& result) {
  for (const auto& family : metrics.registry().Collect()) {
    if (family.name != "trustfit_policy_reloads_total") continue;
    for (const auto& metric : family.metric) {
      for (const auto& label : metric.label) {
        if (label.name == "result" && label.value == result)
          return metric.counter.value;
      }
    }
  }
  return -1;
}

// The version of the policy_info series set to 1, or "".
std::string VersionInUse(Metrics& metrics) {
  for (const auto& family : metrics.registry().Collect()) {
    if (family.name != "trustfit_policy_info") continue;
    for (const auto& metric : family.metric) {
      if (metric.gauge.value != 1) continue;
      for (const auto& label : metric.label)
        if (label.name == "version") return label.value;
    }
  }
  return "";
}

// Waits, boundedly, for `done`; a poll that never comes fails by timeout.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 6000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

class PolicyReloaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    path_ = absl::StrCat(tmp != nullptr ? tmp : "/tmp",
                         "/policy_reloader_test_", getpid(), ".yaml");
    auto metrics = Metrics::Create("");
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    metrics_ = *std::move(metrics);
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void WriteFile(const std::string& text) {
    const std::string tmp = path_ + ".tmp";
    std::ofstream(tmp, std::ios::binary) << text;
    ASSERT_EQ(std::rename(tmp.c_str(), path_.c_str()), 0);
  }

  std::string path_;
  std::unique_ptr<Metrics> metrics_;
};

TEST_F(PolicyReloaderTest, ReloadNowSwapsAGoodFileAndCountsASuccess) {
  WriteFile(PolicyVersion("2027.2.1"));
  PolicyHolder holder(path_);
  PolicyReloader reloader(&holder, metrics_.get(), absl::ZeroDuration());
  reloader.ReloadNow("SIGHUP");
  EXPECT_EQ(holder.Current().ref().version(), "2027.2.1");
  EXPECT_EQ(Reloads(*metrics_, "success"), 1);
  EXPECT_EQ(Reloads(*metrics_, "failure"), 0);
  EXPECT_EQ(VersionInUse(*metrics_), "2027.2.1");
}

TEST_F(PolicyReloaderTest, ABadFileKeepsThePolicyAndCountsAFailure) {
  WriteFile(PolicyVersion("2027.2.1"));
  PolicyHolder holder(path_);
  PolicyReloader reloader(&holder, metrics_.get(), absl::ZeroDuration());
  reloader.ReloadNow("SIGHUP");
  WriteFile("version: [");
  reloader.ReloadNow("SIGHUP");
  EXPECT_EQ(holder.Current().ref().version(), "2027.2.1");
  EXPECT_EQ(Reloads(*metrics_, "success"), 1);
  EXPECT_EQ(Reloads(*metrics_, "failure"), 1);
  EXPECT_EQ(VersionInUse(*metrics_), "2027.2.1");
}

TEST_F(PolicyReloaderTest, TheEmbeddedPolicyIsNeverReloaded) {
  PolicyHolder holder("");
  PolicyReloader reloader(&holder, metrics_.get(), absl::Milliseconds(1));
  reloader.ReloadNow("SIGHUP");
  EXPECT_EQ(Reloads(*metrics_, "success"), 0);
  EXPECT_EQ(Reloads(*metrics_, "failure"), 0);
}

TEST_F(PolicyReloaderTest, PollingPicksUpAChangedFile) {
  WriteFile(PolicyVersion("2027.2.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.Reload().ok());
  PolicyReloader reloader(&holder, metrics_.get(), absl::Milliseconds(5));
  WriteFile(PolicyVersion("2027.2.22"));
  EXPECT_TRUE(Eventually(
      [&] { return holder.Current().ref().version() == "2027.2.22"; }));
  EXPECT_TRUE(Eventually([&] { return Reloads(*metrics_, "success") == 1; }));
}

TEST_F(PolicyReloaderTest, PollingReportsABadFileOnceAndKeepsThePolicy) {
  WriteFile(PolicyVersion("2027.2.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.Reload().ok());
  PolicyReloader reloader(&holder, metrics_.get(), absl::Milliseconds(5));
  WriteFile("version: [");
  EXPECT_TRUE(Eventually([&] { return Reloads(*metrics_, "failure") == 1; }));
  EXPECT_EQ(holder.Current().ref().version(), "2027.2.1");
  // The bad file is not retried until it changes: a good one then loads.
  WriteFile(PolicyVersion("2027.2.3"));
  EXPECT_TRUE(Eventually(
      [&] { return holder.Current().ref().version() == "2027.2.3"; }));
  EXPECT_EQ(Reloads(*metrics_, "failure"), 1);
}

TEST_F(PolicyReloaderTest, StopsItsPollerWhenDestroyed) {
  WriteFile(PolicyVersion("2027.2.1"));
  PolicyHolder holder(path_);
  ASSERT_TRUE(holder.Reload().ok());
  {
    // A long interval: destruction must wake the poller, not wait it out.
    PolicyReloader reloader(&holder, metrics_.get(), absl::Hours(1));
  }
  SUCCEED();
}

}  // namespace
}  // namespace trustfit::server
