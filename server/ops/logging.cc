#include "server/ops/logging.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "spdlog/async.h"
#include "spdlog/sinks/stdout_sinks.h"

namespace trustfit::server {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

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

void InitLogging(LogFormat format, spdlog::level::level_enum level) {
  g_format = format;
  spdlog::init_thread_pool(16384, 1);
  // Block rather than drop when the queue is full: every call is logged.
  auto logger = std::make_shared<spdlog::async_logger>(
      "trustfit", std::make_shared<spdlog::sinks::stderr_sink_mt>(),
      spdlog::thread_pool(), spdlog::async_overflow_policy::block);
  logger->set_pattern(
      format == LogFormat::kJson
          ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})"
          : "%Y-%m-%dT%H:%M:%S.%eZ %l %v",
      spdlog::pattern_time_type::utc);
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
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
  spdlog::log(level, "{}", line);
}

void ShutdownLogging() {
  spdlog::default_logger()->flush();
  spdlog::shutdown();
}

}  // namespace trustfit::server
