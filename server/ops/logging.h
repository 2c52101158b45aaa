// Structured logging for the server, over spdlog.
//
// Each event is a message plus key/value fields, written either as text
// ("2026-11-23T10:00:00.123Z info rpc method=/trustfit.v1... code=OK") or as
// one JSON object per line for log collectors. Writing happens on a
// background thread so RPC threads never wait on stderr.
//
//   InitLogging(LogFormat::kJson, spdlog::level::info);
//   LogEvent(spdlog::level::info, "policy reloaded", {{"version",
//   "2026.12.1"}});

#ifndef TRUSTFIT_SERVER_OPS_LOGGING_H_
#define TRUSTFIT_SERVER_OPS_LOGGING_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "spdlog/spdlog.h"

namespace trustfit::server {

enum class LogFormat { kText, kJson };

using LogField = std::pair<absl::string_view, std::string>;

// Sets up the process-wide logger on stderr. Call once, before serving.
void InitLogging(LogFormat format, spdlog::level::level_enum level);

// Writes one event if `level` is enabled.
void LogEvent(spdlog::level::level_enum level, absl::string_view message,
              std::initializer_list<LogField> fields = {});

// Flushes and stops the background writer; call before exiting.
void ShutdownLogging();

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_LOGGING_H_
