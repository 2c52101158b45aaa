// The audit log's lines and where they go.

#include "server/auth/audit_log.h"

#include <sys/stat.h>

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/ostream_sink.h"
#include "tests/server/auth/test_pki.h"

namespace trustfit::server::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::trustfit::testing::ReadFileOrFail;
using ::trustfit::testing::ScratchDir;

AuditEvent Denial() {
  AuditEvent event;
  event.time = absl::FromUnixMillis(1800000000123);
  event.principal = "bob";
  event.auth_method = AuthMethod::kMtls;
  event.method = "/trustfit.v1.TrustFitService/ValidatePolicy";
  event.peer = "ipv4:10.0.0.7:53012";
  event.outcome = absl::StatusCode::kPermissionDenied;
  event.reason = "ROLE_REQUIRED";
  return event;
}

TEST(AuditEventJson, IsOneLineWithEveryFieldInOrder) {
  EXPECT_EQ(AuditEventJson(Denial()),
            R"({"time":"2027-01-15T08:00:00.123Z","principal":"bob",)"
            R"("auth_method":"mtls",)"
            R"("method":"/trustfit.v1.TrustFitService/ValidatePolicy",)"
            R"("record":"","peer":"ipv4:10.0.0.7:53012",)"
            R"("outcome":"PERMISSION_DENIED","reason":"ROLE_REQUIRED"})");
}

TEST(AuditEventJson, AnUnauthenticatedCallerHasNeitherNameNorMethod) {
  AuditEvent event = Denial();
  event.principal = "";
  event.auth_method = std::nullopt;
  const nlohmann::json parsed = nlohmann::json::parse(AuditEventJson(event));
  EXPECT_EQ(parsed["principal"], "");
  EXPECT_EQ(parsed["auth_method"], "");
  event.auth_method = AuthMethod::kNone;  // authentication off
  EXPECT_EQ(nlohmann::json::parse(AuditEventJson(event))["auth_method"],
            "none");
}

TEST(AuditEventJson, EscapesWhatAPrincipalNameCouldHold) {
  AuditEvent event = Denial();
  event.principal = "CN=\"x\",O=\xff\xfe";  // invalid UTF-8 from a certificate
  const std::string line = AuditEventJson(event);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_THAT(parsed["principal"].get<std::string>(), HasSubstr("CN=\"x\""));
}

TEST(AuditLog, WritesOneLinePerEventToItsSink) {
  std::ostringstream out;
  AuditLog log(std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  log.Write(Denial());
  AuditEvent created = Denial();
  created.outcome = absl::StatusCode::kOk;
  created.reason = "";
  created.record_name = "assessments/0123456789abcdef";
  log.Write(created);
  std::istringstream lines(out.str());
  std::vector<std::string> outcomes;
  for (std::string line; std::getline(lines, line);) {
    outcomes.push_back(nlohmann::json::parse(line)["outcome"]);
  }
  EXPECT_THAT(outcomes, ElementsAre("PERMISSION_DENIED", "OK"));
}

TEST(AuditLog, AppendsToAPrivateFile) {
  ScratchDir dir;
  const std::string path = dir.Path("audit.jsonl");
  {
    absl::StatusOr<std::unique_ptr<AuditLog>> log = AuditLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    (*log)->Write(Denial());
  }
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  {
    absl::StatusOr<std::unique_ptr<AuditLog>> log = AuditLog::Open(path);
    ASSERT_TRUE(log.ok()) << log.status();
    (*log)->Write(Denial());
  }
  const std::string text = ReadFileOrFail(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(AuditLog, OpensStderr) { EXPECT_TRUE(AuditLog::Open("stderr").ok()); }

TEST(AuditLog, SaysWhyAFileCannotBeOpened) {
  ScratchDir dir;
  const absl::StatusOr<std::unique_ptr<AuditLog>> log =
      AuditLog::Open(dir.Path("missing-directory/audit.jsonl"));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.status().message(),
              HasSubstr("cannot open the audit log " +
                        dir.Path("missing-directory/audit.jsonl") +
                        ": No such file or directory"));
}

}  // namespace
}  // namespace trustfit::server::auth
