#include "server/auth/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/basic_file_sink.h"
#include "spdlog/sinks/stdout_sinks.h"

namespace trustfit::server::auth {

std::string AuditEventJson(const AuditEvent& event) {
  // An ordered object, so that every line reads in the same order.
  const nlohmann::ordered_json json = {
      {"time", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", event.time,
                                absl::UTCTimeZone())},
      {"principal", event.principal},
      {"auth_method", event.auth_method.has_value()
                          ? std::string(AuthMethodName(*event.auth_method))
                          : ""},
      {"method", event.method},
      {"record", event.record_name},
      {"peer", event.peer},
      {"outcome", absl::StatusCodeToString(event.outcome)},
      {"reason", event.reason},
  };
  // Invalid UTF-8 (from a certificate, say) is replaced, never thrown on.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(
    absl::string_view destination) {
  if (destination == "stderr") {
    return std::make_unique<AuditLog>(
        std::make_shared<spdlog::sinks::stderr_sink_mt>());
  }
  const std::string path(destination);
  // Created here, so that it is private from the start; spdlog then appends.
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot open the audit log ", path, ": ", strerror(errno)));
  }
  close(fd);
  try {
    return std::make_unique<AuditLog>(
        std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
  } catch (const spdlog::spdlog_ex& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot open the audit log ", path, ": ", error.what()));
  }
}

AuditLog::AuditLog(std::shared_ptr<spdlog::sinks::sink> sink)
    : logger_(std::make_shared<spdlog::logger>("audit", std::move(sink))) {
  logger_->set_pattern("%v");
  logger_->set_level(spdlog::level::info);
  logger_->flush_on(spdlog::level::info);
}

void AuditLog::Write(const AuditEvent& event) {
  logger_->info("{}", AuditEventJson(event));
}

}  // namespace trustfit::server::auth
