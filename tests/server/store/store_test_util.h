// A fresh, empty store for each test, on either backend, and records to put
// in it.
//
// SQLite: a new file under $TEST_TMPDIR. PostgreSQL: a new database on the
// server at $TRUSTFIT_TEST_POSTGRES_URL (scripts/test starts a throwaway one
// and sets it). Without that variable the PostgreSQL cases are skipped,
// unless TRUSTFIT_REQUIRE_POSTGRES=1 (as in CI), when they fail.

#ifndef TRUSTFIT_TESTS_SERVER_STORE_STORE_TEST_UTIL_H_
#define TRUSTFIT_TESTS_SERVER_STORE_STORE_TEST_UTIL_H_

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/policy.h"
#include "server/store/assessment_store.h"
#include "server/store/postgres_connection.h"
#include "tests/scoring/test_util.h"

namespace trustfit::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

inline std::string PostgresAdminUrl() {
  const char* url = std::getenv("TRUSTFIT_TEST_POSTGRES_URL");
  return url == nullptr ? "" : url;
}

inline bool PostgresRequired() {
  const char* required = std::getenv("TRUSTFIT_REQUIRE_POSTGRES");
  return required != nullptr && std::string(required) == "1";
}

// A record as the service would make it, without its name: `golden`
// assessed against `cluster` under the default policy.
inline trustfit::v1::AssessmentRecord MakeRecord(
    const std::string& golden, const std::string& cluster = "north",
    absl::Time when = absl::Now()) {
  const scoring::Policy policy = scoring::Policy::Default();
  trustfit::v1::AssessmentRecord record;
  *record.mutable_candidate() = GoldenCandidate(golden);
  record.set_cluster_id(cluster);
  *record.mutable_cluster() = *policy.FindCluster(cluster);
  EXPECT_TRUE(scoring::AssessInto(policy, record.candidate(), record.cluster(),
                                  record.mutable_assessment())
                  .ok());
  *record.mutable_policy() = policy.ref();
  record.set_requester("test");
  record.mutable_create_time()->set_seconds(absl::ToUnixSeconds(when));
  return record;
}

// Makes and drops one empty database for a test.
class ScratchStore {
 public:
  // The store URL, or "" when the backend is not available (then the test
  // has been skipped or failed already).
  std::string Create(Backend backend) {
    static int counter = 0;
    const std::string name =
        absl::StrCat("trustfit_t_", getpid(), "_", counter++);
    if (backend == Backend::kSqlite) {
      const char* tmp = std::getenv("TEST_TMPDIR");
      path_ = absl::StrCat(tmp ? tmp : "/tmp", "/", name, ".db");
      for (const std::string& file : server::SqliteStoreFiles(path_))
        std::remove(file.c_str());
      return "sqlite://" + path_;
    }
    admin_url_ = PostgresAdminUrl();
    if (admin_url_.empty()) return "";
    auto admin = server::OpenPostgresDatabase(admin_url_)->Connect();
    if (!admin.ok()) {
      ADD_FAILURE() << admin.status();
      return "";
    }
    if (auto s = (*admin)->Exec("CREATE DATABASE " + name); !s.ok()) {
      ADD_FAILURE() << s;
      return "";
    }
    database_ = name;
    const size_t slash = admin_url_.rfind('/');
    return admin_url_.substr(0, slash + 1) + name;
  }

  ~ScratchStore() {
    if (!path_.empty()) {
      for (const std::string& file : server::SqliteStoreFiles(path_))
        std::remove(file.c_str());
    }
    if (!database_.empty()) {
      auto admin = server::OpenPostgresDatabase(admin_url_)->Connect();
      if (admin.ok())
        (void)(*admin)->Exec("DROP DATABASE " + database_ + " WITH (FORCE)");
    }
  }

 private:
  std::string path_;
  std::string admin_url_;
  std::string database_;
};

// Skips (or, when PostgreSQL is required, fails) a test whose backend is
// unavailable.
#define TRUSTFIT_SKIP_WITHOUT_BACKEND(backend, url)                    \
  do {                                                                 \
    if ((url).empty()) {                                               \
      if (::trustfit::testing::PostgresRequired()) {                   \
        FAIL() << "TRUSTFIT_REQUIRE_POSTGRES=1 but "                   \
                  "TRUSTFIT_TEST_POSTGRES_URL is unset";               \
      }                                                                \
      GTEST_SKIP() << "no PostgreSQL: set TRUSTFIT_TEST_POSTGRES_URL " \
                      "(scripts/test does)";                           \
    }                                                                  \
  } while (false)

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SERVER_STORE_STORE_TEST_UTIL_H_
