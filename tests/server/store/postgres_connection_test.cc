// RedactPassword and a refused connection need no server; the live cases
// run against $TRUSTFIT_TEST_POSTGRES_URL and are skipped without it.

#include "server/store/postgres_connection.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactPasswordTest, HidesThePasswordOfTheUserInfo) {
  EXPECT_EQ(RedactPassword("postgresql://app:s3cret@db:5432/trustfit"),
            "postgresql://app:***@db:5432/trustfit");
}

TEST(RedactPasswordTest, HidesAPasswordParameter) {
  EXPECT_EQ(RedactPassword(
                "postgresql://db/trustfit?user=app&password=s3cret&sslmode=x"),
            "postgresql://db/trustfit?user=app&password=***&sslmode=x");
  EXPECT_EQ(RedactPassword("postgresql://db/trustfit?PASSWORD=s3cret"),
            "postgresql://db/trustfit?PASSWORD=***");
}

TEST(RedactPasswordTest, HidesAPasswordInAKeyValueString) {
  EXPECT_EQ(RedactPassword("host=db password=s3cret dbname=trustfit"),
            "host=db password=*** dbname=trustfit");
  EXPECT_EQ(RedactPassword("host=db password='s3 cret' user=a"),
            "host=db password=*** user=a");
}

TEST(RedactPasswordTest, LeavesAUriWithoutAPasswordAlone) {
  EXPECT_EQ(RedactPassword("postgresql://app@db/trustfit"),
            "postgresql://app@db/trustfit");
  EXPECT_EQ(RedactPassword("postgresql:///trustfit?host=/run/postgresql"),
            "postgresql:///trustfit?host=/run/postgresql");
}

TEST(PostgresDatabaseTest, DescribesItselfWithoutThePassword) {
  const auto db = OpenPostgresDatabase("postgresql://app:s3cret@db/trustfit");
  EXPECT_EQ(db->Describe(), "postgresql://app:***@db/trustfit");
}

TEST(PostgresDatabaseTest, ARefusedConnectionIsAnErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens, so libpq fails at once.
  const auto db = OpenPostgresDatabase(
      "postgresql://app:s3cret@127.0.0.1:1/trustfit?connect_timeout=5");
  const auto connection = db->Connect();
  ASSERT_FALSE(connection.ok());
  EXPECT_THAT(connection.status().message(), Not(HasSubstr("s3cret")));
}

TEST(PostgresDatabaseTest, ALiveConnectionRunsStatementsWithParameters) {
  const std::string url = testing::PostgresAdminUrl();
  TRUSTFIT_SKIP_WITHOUT_BACKEND(testing::Backend::kPostgres, url);
  const auto db = OpenPostgresDatabase(url);
  auto connection = db->Connect();
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_EQ((*connection)->dialect(), SqlDialect::kPostgres);
  ASSERT_TRUE((*connection)->Exec("SELECT 1").ok());
  const auto rows =
      (*connection)
          ->Query("SELECT $1::bigint + 1, $2::text, $3::text",
                  {SqlParam{int64_t{41}}, SqlParam{std::string("x")},
                   SqlParam{nullptr}});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "42");
  EXPECT_EQ((*rows)[0][1], "x");
  EXPECT_EQ((*rows)[0][2], std::nullopt);
}

TEST(PostgresDatabaseTest, AFailingStatementIsAnError) {
  const std::string url = testing::PostgresAdminUrl();
  TRUSTFIT_SKIP_WITHOUT_BACKEND(testing::Backend::kPostgres, url);
  auto connection = OpenPostgresDatabase(url)->Connect();
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_FALSE((*connection)->Exec("SELECT * FROM no_such_table").ok());
}

}  // namespace
}  // namespace trustfit::server
