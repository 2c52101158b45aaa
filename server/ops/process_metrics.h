// The standard process_* metrics of Prometheus clients, read from /proc at
// scrape time (Linux only; nothing is cached between scrapes):
//
//   process_cpu_seconds_total       user + system CPU time
//   process_resident_memory_bytes   resident set size
//   process_virtual_memory_bytes    virtual memory size
//   process_open_fds                entries of /proc/self/fd
//   process_max_fds                 the soft "Max open files" limit
//   process_start_time_seconds      start time, seconds since the Unix epoch
//
//   // The exposer holds only a weak_ptr: keep the metrics alive beside it.
//   auto process_metrics = std::make_shared<ProcessMetrics>();
//   exposer.RegisterCollectable(process_metrics);
//
// A file that cannot be read leaves its metrics out of that scrape rather
// than reporting a made-up value.

#ifndef TRUSTFIT_SERVER_OPS_PROCESS_METRICS_H_
#define TRUSTFIT_SERVER_OPS_PROCESS_METRICS_H_

#include <optional>
#include <string>
#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace trustfit::server {

// What one reading of /proc found; a field is empty when its file could not
// be read or parsed.
struct ProcessStats {
  std::optional<double> cpu_seconds;
  std::optional<double> resident_bytes;
  std::optional<double> virtual_bytes;
  std::optional<double> open_fds;
  std::optional<double> max_fds;
  std::optional<double> start_time_seconds;
};

// Reads `proc_self` ("/proc/self": its stat, limits and fd/) and
// `proc_stat` ("/proc/stat", for the boot time). `ticks_per_second` and
// `page_bytes` convert /proc's clock ticks and pages.
ProcessStats ReadProcessStats(const std::string& proc_self,
                              const std::string& proc_stat,
                              double ticks_per_second, double page_bytes);

class ProcessMetrics : public prometheus::Collectable {
 public:
  // Reads "/proc/self" and "/proc/stat" unless told otherwise (tests).
  ProcessMetrics();
  ProcessMetrics(std::string proc_self, std::string proc_stat);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  std::string proc_self_;
  std::string proc_stat_;
  double ticks_per_second_;
  double page_bytes_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_PROCESS_METRICS_H_
