#include "server/ops/process_metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "prometheus/client_metric.h"
#include "prometheus/metric_type.h"
#include "scoring/io/text_file.h"

namespace trustfit::server {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  absl::StatusOr<std::string> text = io::ReadTextFile(path);
  if (!text.ok()) return std::nullopt;
  return *std::move(text);
}

std::optional<double> Number(absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value)) return std::nullopt;
  return value;
}

// The "btime" line of /proc/stat: boot time in seconds since the epoch.
std::optional<double> BootTime(const std::string& proc_stat) {
  const std::optional<std::string> text = ReadFile(proc_stat);
  if (!text) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (absl::ConsumePrefix(&line, "btime ")) {
      return Number(absl::StripAsciiWhitespace(line));
    }
  }
  return std::nullopt;
}

// The soft limit of the "Max open files" line of /proc/self/limits;
// "unlimited" is left out (no number to report).
std::optional<double> MaxFds(const std::string& limits_path) {
  const std::optional<std::string> text = ReadFile(limits_path);
  if (!text) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (!absl::ConsumePrefix(&line, "Max open files")) continue;
    const std::vector<absl::string_view> words =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.empty()) return std::nullopt;
    return Number(words[0]);
  }
  return std::nullopt;
}

std::optional<double> OpenFds(const std::string& fd_dir) {
  DIR* dir = opendir(fd_dir.c_str());
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    const absl::string_view name = entry->d_name;
    if (name != "." && name != "..") ++count;
  }
  closedir(dir);
  // The count includes the descriptor that reads the directory, as the Go
  // and Python clients' counts do.
  return count;
}

prometheus::MetricFamily Family(const char* name, const char* help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

}  // namespace

ProcessStats ReadProcessStats(const std::string& proc_self,
                              const std::string& proc_stat,
                              double ticks_per_second, double page_bytes) {
  ProcessStats stats;
  // /proc/self/stat: "pid (comm) state ppid ..."; comm may hold spaces and
  // parentheses, so the fields are counted from the last ')'. Field 3
  // (state) is fields[0]: utime is field 14, stime 15, starttime 22,
  // vsize 23 and rss 24 (proc(5)).
  if (const std::optional<std::string> stat = ReadFile(proc_self + "/stat")) {
    const size_t close = stat->rfind(')');
    if (close != std::string::npos) {
      const std::vector<absl::string_view> fields = absl::StrSplit(
          absl::string_view(*stat).substr(close + 1), ' ', absl::SkipEmpty());
      auto field = [&fields](size_t number) -> std::optional<double> {
        if (number < 3 || number - 3 >= fields.size()) return std::nullopt;
        return Number(absl::StripAsciiWhitespace(fields[number - 3]));
      };
      const std::optional<double> utime = field(14), stime = field(15);
      if (utime && stime && ticks_per_second > 0) {
        stats.cpu_seconds = (*utime + *stime) / ticks_per_second;
      }
      stats.virtual_bytes = field(23);
      if (const std::optional<double> rss = field(24)) {
        stats.resident_bytes = *rss * page_bytes;
      }
      const std::optional<double> start = field(22);
      const std::optional<double> boot = BootTime(proc_stat);
      if (start && boot && ticks_per_second > 0) {
        stats.start_time_seconds = *boot + *start / ticks_per_second;
      }
    }
  }
  stats.open_fds = OpenFds(proc_self + "/fd");
  stats.max_fds = MaxFds(proc_self + "/limits");
  return stats;
}

ProcessMetrics::ProcessMetrics() : ProcessMetrics("/proc/self", "/proc/stat") {}

ProcessMetrics::ProcessMetrics(std::string proc_self, std::string proc_stat)
    : proc_self_(std::move(proc_self)),
      proc_stat_(std::move(proc_stat)),
      ticks_per_second_(static_cast<double>(sysconf(_SC_CLK_TCK))),
      page_bytes_(static_cast<double>(sysconf(_SC_PAGESIZE))) {}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  const ProcessStats stats =
      ReadProcessStats(proc_self_, proc_stat_, ticks_per_second_, page_bytes_);
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  auto add = [&families](const std::optional<double>& value, const char* name,
                         const char* help, MetricType type) {
    if (value) families.push_back(Family(name, help, type, *value));
  };
  add(stats.cpu_seconds, "process_cpu_seconds_total",
      "Total user and system CPU time spent in seconds.", MetricType::Counter);
  add(stats.resident_bytes, "process_resident_memory_bytes",
      "Resident memory size in bytes.", MetricType::Gauge);
  add(stats.virtual_bytes, "process_virtual_memory_bytes",
      "Virtual memory size in bytes.", MetricType::Gauge);
  add(stats.open_fds, "process_open_fds", "Number of open file descriptors.",
      MetricType::Gauge);
  add(stats.max_fds, "process_max_fds",
      "Maximum number of open file descriptors.", MetricType::Gauge);
  add(stats.start_time_seconds, "process_start_time_seconds",
      "Start time of the process since unix epoch in seconds.",
      MetricType::Gauge);
  return families;
}

}  // namespace trustfit::server
