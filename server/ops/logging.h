// Structured logging for the server, over spdlog.
//
// Each event is a message plus key/value fields, written either as text
// ("2026-11-23T10:00:00.123Z info rpc method=/trustfit.v1... code=OK") or as
// one JSON object per line for log collectors. Writing happens on a
// background thread so RPC threads never wait on stderr: when stderr is not
// read (a stuck log collector, a full pipe) and kMaxQueuedLogLines are
// waiting, further lines are dropped and counted, never waited for.
//
//   InitLogging(LogFormat::kJson, spdlog::level::info);
//   LogEvent(spdlog::level::info, "policy reloaded", {{"version",
//   "2026.12.1"}});

#ifndef TRUSTFIT_SERVER_OPS_LOGGING_H_
#define TRUSTFIT_SERVER_OPS_LOGGING_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {

enum class LogFormat { kText, kJson };

using LogField = std::pair<absl::string_view, std::string>;

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

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_LOGGING_H_
