#include "server/ops/logging.h"

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <future>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "grpc/support/log.h"
#include "scoring/utf8.h"
#include "spdlog/async.h"
#include "spdlog/sinks/sink.h"

namespace trustfit::server {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
// Lines handed to the background writer by LogEvent and not yet written.
std::atomic<int64_t> g_queued{0};
// Set by ShutdownLogging: gRPC may still log while it tears down.
std::atomic<bool> g_stopped{false};
std::function<void()> g_on_drop;  // Set once, before serving.

// Marks the lines LogEvent queues (their text is already the formatted
// body) apart from what other code logs through spdlog directly (plain
// text, to be formatted as `msg`): the writer compares the pointer.
constexpr char kEventMark[] = "trustfit-event";

std::string FormatDouble(double value, LogFormat format) {
  if (!std::isfinite(value)) {
    if (format == LogFormat::kJson) return "null";  // JSON has no NaN.
    if (std::isnan(value)) return "NaN";
    return value > 0 ? "+Inf" : "-Inf";
  }
  // The shortest text that reads back as the same double: 0.413, not
  // 0.41299999999999998.
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// A field's value as its format writes it.
std::string FormatValue(const LogField::Value& value, LogFormat format) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return format == LogFormat::kJson ? JsonQuote(*text) : LogfmtValue(*text);
  }
  if (const auto* number = std::get_if<int64_t>(&value)) {
    return absl::StrCat(*number);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return FormatDouble(*number, format);
  }
  return std::get<bool>(value) ? "true" : "false";
}

bool IsEmpty(const LogField::Value& value) {
  const auto* text = std::get_if<std::string>(&value);
  return text != nullptr && text->empty();
}

// The message and fields: everything after the time and level. Built on
// the caller's thread, so the writer copies no field values.
std::string EventBody(LogFormat format, absl::string_view message,
                      std::initializer_list<LogField> fields) {
  std::string body;
  const bool json = format == LogFormat::kJson;
  absl::StrAppend(&body, json ? "\"msg\":" : "msg=",
                  json ? JsonQuote(message) : LogfmtValue(message));
  for (const LogField& field : fields) {
    if (IsEmpty(field.value)) continue;
    if (json) {
      absl::StrAppend(&body, ",", JsonQuote(field.key), ":",
                      FormatValue(field.value, format));
    } else {
      absl::StrAppend(&body, " ", field.key, "=",
                      FormatValue(field.value, format));
    }
  }
  return body;
}

std::string Line(LogFormat format, spdlog::level::level_enum level,
                 absl::Time time, absl::string_view body) {
  const std::string ts =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
  const spdlog::string_view_t name = spdlog::level::to_string_view(level);
  const absl::string_view level_name(name.data(), name.size());
  if (format == LogFormat::kJson) {
    return absl::StrCat("{\"time\":\"", ts, "\",\"level\":\"", level_name,
                        "\",", body, "}");
  }
  return absl::StrCat("ts=", ts, " level=", level_name, " ", body);
}

// Formats each line itself (no spdlog pattern: a pattern cannot quote a
// message) and writes it to stderr, counting LogEvent's lines off the queue.
class LineSink final : public spdlog::sinks::sink {
 public:
  void log(const spdlog::details::log_msg& msg) override {
    const LogFormat format = g_format.load(std::memory_order_relaxed);
    const absl::string_view payload(msg.payload.data(), msg.payload.size());
    const bool event = msg.source.funcname == kEventMark;
    std::string line = Line(format, msg.level, absl::FromChrono(msg.time),
                            event ? payload : EventBody(format, payload, {}));
    line.push_back('\n');
    {
      absl::MutexLock lock(&mu_);
      std::fwrite(line.data(), 1, line.size(), stderr);
      std::fflush(stderr);
    }
    if (event) g_queued.fetch_sub(1, std::memory_order_relaxed);
  }
  void flush() override {
    absl::MutexLock lock(&mu_);
    std::fflush(stderr);
  }
  // The line's layout is fixed by the log format, not by a pattern.
  void set_pattern(const std::string& /*pattern*/) override {}
  void set_formatter(
      std::unique_ptr<spdlog::formatter> /*formatter*/) override {}

 private:
  // Serialises whole lines: spdlog's async thread and a flush may overlap.
  absl::Mutex mu_;
};

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  // A value quoted from a request or a file may be any bytes; JSON (and a
  // log shipper reading it) needs UTF-8, so broken sequences become '?'.
  for (const char c : scoring::ValidUtf8(text)) {
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
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string LogfmtValue(absl::string_view raw) {
  const std::string text = scoring::ValidUtf8(raw);
  bool plain = !text.empty();
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    // Spaces and control characters would end or break the line; '"', '='
    // and '\' would be read as logfmt's own syntax. UTF-8 stays as it is.
    if (byte <= 0x20 || byte == 0x7f || c == '"' || c == '=' || c == '\\') {
      plain = false;
      break;
    }
  }
  return plain ? std::string(text) : JsonQuote(text);
}

std::string FormatLogLine(LogFormat format, spdlog::level::level_enum level,
                          absl::Time time, absl::string_view message,
                          std::initializer_list<LogField> fields) {
  return Line(format, level, time, EventBody(format, message, fields));
}

namespace {

// gRPC's own lines (a port it could not bind, a peer that misbehaved) as
// events of ours, in the configured format, instead of its raw
// "E1203 07:27:16.09 chttp2_server.cc:1045] UNKNOWN:{...}" on stderr. Its
// ERROR is a warning here: the server says itself what is fatal.
void LogGrpcLine(gpr_log_func_args* args) {
  const spdlog::level::level_enum level =
      args->severity == GPR_LOG_SEVERITY_ERROR  ? spdlog::level::warn
      : args->severity == GPR_LOG_SEVERITY_INFO ? spdlog::level::debug
                                                : spdlog::level::trace;
  if (g_stopped.load(std::memory_order_acquire)) {
    std::fprintf(stderr, "grpc: %s\n", args->message);  // After shutdown.
    return;
  }
  LogEvent(level, "grpc",
           {{"grpc.log", std::string(args->message)},
            {"file", std::string(args->file)},
            {"line", int64_t{args->line}}});
}

}  // namespace

void InitLogging(LogFormat format, spdlog::level::level_enum level,
                 std::function<void()> on_drop) {
  g_format = format;
  g_on_drop = std::move(on_drop);
  // Room beyond kMaxQueuedLogLines, so that the queue itself never fills
  // and the logger never blocks.
  spdlog::init_thread_pool(2 * kMaxQueuedLogLines, 1);
  auto logger = std::make_shared<spdlog::async_logger>(
      "trustfit", std::make_shared<LineSink>(), spdlog::thread_pool(),
      spdlog::async_overflow_policy::block);
  logger->set_level(level);
  // No flush_on or flush_every: the sink flushes every line itself, and a
  // flush would be one more queued message that could wait.
  spdlog::set_default_logger(logger);
  // gRPC's INFO and DEBUG are our debug and trace: formatted only if shown.
  gpr_set_log_verbosity(level <= spdlog::level::debug ? GPR_LOG_SEVERITY_DEBUG
                                                      : GPR_LOG_SEVERITY_ERROR);
  gpr_set_log_function(&LogGrpcLine);
}

void LogEvent(spdlog::level::level_enum level, absl::string_view message,
              std::initializer_list<LogField> fields) {
  if (!spdlog::should_log(level)) return;
  const std::string body = EventBody(g_format, message, fields);
  if (g_queued.fetch_add(1, std::memory_order_relaxed) >= kMaxQueuedLogLines) {
    g_queued.fetch_sub(1, std::memory_order_relaxed);
    if (g_on_drop) g_on_drop();
    return;
  }
  spdlog::default_logger_raw()->log(
      spdlog::source_loc{kEventMark, 0, kEventMark}, level,
      spdlog::string_view_t(body.data(), body.size()));
}

bool ShutdownLogging(absl::Duration timeout) {
  g_stopped.store(true, std::memory_order_release);
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
