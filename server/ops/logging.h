// Structured logging for the server, over spdlog.
//
// Each event is a message plus typed key/value fields, written either as
// logfmt text, one event a line:
//
//   ts=2026-12-03T07:00:00.123Z level=info msg="rpc finished"
//   grpc.service=trustfit.v1.TrustFitService grpc.method=ScoreCandidate
//   grpc.code=OK latency_ms=0.413 request_id=5f0c...
//
// or as one JSON object a line for log collectors, with numbers and
// booleans as JSON numbers and booleans:
//
//   {"time":"2026-12-03T07:00:00.123Z","level":"info","msg":"rpc finished",
//    "grpc.code":"OK","latency_ms":0.413,...}
//
// A field whose value is an empty string is left out: an absent value is no
// field, never `error=""`. Lines other code writes through spdlog directly
// (spdlog::warn("...")) get the same prefix and their text as `msg`.
//
// Writing happens on a background thread so RPC threads never wait on
// stderr: when stderr is not read (a stuck log collector, a full pipe) and
// kMaxQueuedLogLines are waiting, further lines are dropped and counted,
// never waited for.
//
//   InitLogging(LogFormat::kJson, spdlog::level::info);
//   LogEvent(spdlog::level::info, "policy reloaded",
//            {{"version", "2026.12.1"}, {"rules", 12}, {"from_file", true}});

#ifndef TRUSTFIT_SERVER_OPS_LOGGING_H_
#define TRUSTFIT_SERVER_OPS_LOGGING_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {

enum class LogFormat { kText, kJson };

// One key and its typed value. Implicit from each kind of value so that
// call sites read as {{"key", value}, ...}; every integer type is held as
// int64_t and every floating type as double. (A string literal is a
// string, not a bool: it has its own constructor.)
struct LogField {
  using Value = std::variant<std::string, int64_t, double, bool>;

  LogField(absl::string_view k, const char* v)
      : key(k), value(std::string(v)) {}
  LogField(absl::string_view k, absl::string_view v)
      : key(k), value(std::string(v)) {}
  LogField(absl::string_view k, std::string v) : key(k), value(std::move(v)) {}
  LogField(absl::string_view k, bool v) : key(k), value(v) {}
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                             int> = 0>
  LogField(absl::string_view k, T v) : key(k), value(static_cast<int64_t>(v)) {}
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  LogField(absl::string_view k, T v) : key(k), value(static_cast<double>(v)) {}

  absl::string_view key;
  Value value;
};

// Lines waiting for stderr beyond which new ones are dropped.
inline constexpr int64_t kMaxQueuedLogLines = 8192;

// Sets up the process-wide logger on stderr. Call once, before serving.
// `on_drop` (if any) runs for each line dropped, on the caller's thread.
void InitLogging(LogFormat format, spdlog::level::level_enum level,
                 std::function<void()> on_drop = nullptr);

// Writes one event if `level` is enabled.
void LogEvent(spdlog::level::level_enum level, absl::string_view message,
              std::initializer_list<LogField> fields = {});

// Flushes and stops the background writer; call before exiting. False when
// it did not finish within `timeout` (stderr is not read): then exit with
// std::_Exit, since the writer is still running.
bool ShutdownLogging(absl::Duration timeout = absl::Seconds(2));

// The whole line (without its newline) LogEvent writes for an event at
// `time`: what the writer thread prints, for tests and tools.
std::string FormatLogLine(LogFormat format, spdlog::level::level_enum level,
                          absl::Time time, absl::string_view message,
                          std::initializer_list<LogField> fields = {});

// `text` as a logfmt value: as it is when it is a plain token, else in
// double quotes with quotes, backslashes and control characters escaped
// (so that a value never breaks the line). Bytes that are not UTF-8 become
// '?' (scoring::ValidUtf8), here and in JsonQuote.
std::string LogfmtValue(absl::string_view text);

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_LOGGING_H_
