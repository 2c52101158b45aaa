#include "server/ops/logging.h"

#include <atomic>
#include <future>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "spdlog/async.h"
#include "spdlog/sinks/stdout_sinks.h"

namespace trustfit::server {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
// Lines handed to the background writer and not yet written.
std::atomic<int64_t> g_queued{0};
std::function<void()> g_on_drop;  // Set once, before serving.

// stderr, counting each line written off the queue.
class CountingStderrSink final : public spdlog::sinks::sink {
 public:
  void log(const spdlog::details::log_msg& msg) override {
    inner_.log(msg);
    g_queued.fetch_sub(1, std::memory_order_relaxed);
  }
  void flush() override { inner_.flush(); }
  void set_pattern(const std::string& pattern) override {
    inner_.set_pattern(pattern);
  }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_.set_formatter(std::move(formatter));
  }

 private:
  spdlog::sinks::stderr_sink_mt inner_;
};

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

void InitLogging(LogFormat format, spdlog::level::level_enum level,
                 std::function<void()> on_drop) {
  g_format = format;
  g_on_drop = std::move(on_drop);
  // Room beyond kMaxQueuedLogLines, so that the queue itself never fills
  // and the logger never blocks.
  spdlog::init_thread_pool(2 * kMaxQueuedLogLines, 1);
  auto logger = std::make_shared<spdlog::async_logger>(
      "trustfit", std::make_shared<CountingStderrSink>(), spdlog::thread_pool(),
      spdlog::async_overflow_policy::block);
  logger->set_pattern(
      format == LogFormat::kJson
          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
      spdlog::pattern_time_type::utc);
  logger->set_level(level);
  // No flush_on or flush_every: the stderr sink flushes every line itself,
  // and a flush would be one more queued message that could wait.
  spdlog::set_default_logger(logger);
}

void LogEvent(spdlog::level::level_enum level, absl::string_view message,
              std::initializer_list<LogField> fields) {
  if (!spdlog::should_log(level)) return;
  std::string line;
  if (g_format == LogFormat::kJson) {
    absl::StrAppend(&line, "\"msg\":", JsonQuote(message));
    for (const auto& [key, value] : fields) {
      absl::StrAppend(&line, ",", JsonQuote(key), ":", JsonQuote(value));
    }
  } else {
    line = std::string(message);
    for (const auto& [key, value] : fields) {
      const bool quote =
          value.empty() || value.find_first_of(" \"=") != std::string::npos;
      absl::StrAppend(&line, " ", key, "=", quote ? JsonQuote(value) : value);
    }
  }
  if (g_queued.fetch_add(1, std::memory_order_relaxed) >= kMaxQueuedLogLines) {
    g_queued.fetch_sub(1, std::memory_order_relaxed);
    if (g_on_drop) g_on_drop();
    return;
  }
  spdlog::log(level, "{}", line);
}

bool ShutdownLogging(absl::Duration timeout) {
  // The writer may be stuck on a pipe nobody reads: give it `timeout`, and
  // do not wait for it after that.
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread([done] {
    spdlog::default_logger()->flush();
    spdlog::shutdown();
    done->set_value();
  }).detach();
  return finished.wait_for(absl::ToChronoNanoseconds(timeout)) ==
         std::future_status::ready;
}

}  // namespace trustfit::server
