// The /proc reader behind the process_* metrics: made-up /proc files (a
// command name with spaces and parentheses, a missing file) and this
// process's own /proc/self.

#include "server/ops/process_metrics.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "prometheus/metric_type.h"

namespace trustfit::server {
namespace {

std::string MakeDirectory() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string templ =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
      "/process_metrics_XXXXXX";
  return mkdtemp(templ.data());
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A /proc/self with utime 250 and stime 150 ticks, starttime 1000 ticks,
// vsize 8 MiB, rss 300 pages, three fds and a soft limit of 1024.
std::string FakeProcSelf() {
  const std::string dir = MakeDirectory();
  // Fields 1..24: pid (comm) state ppid pgrp session tty tpgid flags minflt
  // cminflt majflt cmajflt utime stime cutime cstime priority nice
  // num_threads itrealvalue starttime vsize rss.
  Write(dir + "/stat",
        "42 (trust fit) (x)) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 "
        "0 7 0 1000 8388608 300 18446744073709551615\n");
  Write(dir + "/limits",
        "Limit                     Soft Limit           Hard Limit           "
        "Units     \n"
        "Max cpu time              unlimited            unlimited            "
        "seconds   \n"
        "Max open files            1024                 524288               "
        "files     \n");
  mkdir((dir + "/fd").c_str(), 0755);
  for (const char* fd : {"0", "1", "2"}) Write(dir + "/fd/" + fd, "");
  return dir;
}

TEST(ProcessMetrics, ReadsEveryFieldOfMadeUpProcFiles) {
  const std::string self = FakeProcSelf();
  const std::string stat = self + "/proc_stat";
  Write(stat, "cpu  1 2 3 4\nintr 5\nbtime 1700000000\nprocesses 9\n");
  const ProcessStats stats =
      ReadProcessStats(self, stat, /*ticks_per_second=*/100,
                       /*page_bytes=*/4096);
  EXPECT_EQ(stats.cpu_seconds, 4.0);
  EXPECT_EQ(stats.virtual_bytes, 8388608.0);
  EXPECT_EQ(stats.resident_bytes, 300.0 * 4096);
  EXPECT_EQ(stats.start_time_seconds, 1700000010.0);
  EXPECT_EQ(stats.open_fds, 3.0);
  EXPECT_EQ(stats.max_fds, 1024.0);
}

TEST(ProcessMetrics, LeavesOutWhatCannotBeRead) {
  const std::string self = MakeDirectory();
  Write(self + "/stat", "42 (short) S 1\n");
  Write(self + "/limits",
        "Max open files            unlimited  unlimited  files\n");
  const ProcessStats stats =
      ReadProcessStats(self, self + "/no_such_file", 100, 4096);
  EXPECT_FALSE(stats.cpu_seconds.has_value());
  EXPECT_FALSE(stats.virtual_bytes.has_value());
  EXPECT_FALSE(stats.resident_bytes.has_value());
  EXPECT_FALSE(stats.start_time_seconds.has_value());
  EXPECT_FALSE(stats.open_fds.has_value());
  EXPECT_FALSE(stats.max_fds.has_value());
  EXPECT_TRUE(ProcessMetrics(self, self + "/no_such_file").Collect().empty());
}

TEST(ProcessMetrics, CollectsThisProcess) {
  std::map<std::string, prometheus::MetricFamily> families;
  for (auto& family : ProcessMetrics().Collect()) {
    families[family.name] = family;
  }
  ASSERT_EQ(families.size(), 6u);
  const auto gauge = [&families](const std::string& name) {
    EXPECT_EQ(families[name].type, prometheus::MetricType::Gauge) << name;
    EXPECT_FALSE(families[name].help.empty()) << name;
    return families[name].metric.at(0).gauge.value;
  };
  EXPECT_EQ(families["process_cpu_seconds_total"].type,
            prometheus::MetricType::Counter);
  EXPECT_GE(families["process_cpu_seconds_total"].metric.at(0).counter.value,
            0);
  const double resident = gauge("process_resident_memory_bytes");
  EXPECT_GT(resident, 0);
  EXPECT_GE(gauge("process_virtual_memory_bytes"), resident);
  EXPECT_GE(gauge("process_open_fds"), 3);  // stdin, stdout, stderr
  EXPECT_GT(gauge("process_max_fds"), gauge("process_open_fds"));
  const double start = gauge("process_start_time_seconds");
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 3600);
}

}  // namespace
}  // namespace trustfit::server
