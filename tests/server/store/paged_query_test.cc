// The paged SELECT both stores' List methods send: filters as numbered
// parameters in the order given, then the page position, newest first, and
// one row more than the page.

#include "server/store/paged_query.h"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace trustfit::server {
namespace {

using ::testing::ElementsAre;

// Each parameter as text: "s:..." for a string, "i:..." for an integer.
std::vector<std::string> Shown(const std::vector<SqlParam>& params) {
  std::vector<std::string> shown;
  for (const SqlParam& param : params) {
    if (const auto* text = std::get_if<std::string>(&param)) {
      shown.push_back("s:" + *text);
    } else if (const auto* number = std::get_if<int64_t>(&param)) {
      shown.push_back("i:" + std::to_string(*number));
    } else {
      shown.push_back("other");
    }
  }
  return shown;
}

TEST(PagedQuery, WithoutFiltersItAsksForTheNewestPagePlusOne) {
  const PagedQuery::Statement statement =
      PagedQuery("SELECT seq FROM t").NewestFirst(std::nullopt, 50);
  EXPECT_EQ(statement.sql,
            "SELECT seq FROM t WHERE 1 = 1 ORDER BY seq DESC LIMIT $1");
  EXPECT_THAT(Shown(statement.params), ElementsAre("i:51"));
}

TEST(PagedQuery, FiltersAreNumberedParametersInTheOrderGiven) {
  PagedQuery select("SELECT seq FROM t");
  select.Where("urn =", std::string("108057"));
  select.Where("state =", int64_t{2});
  const PagedQuery::Statement statement =
      std::move(select).NewestFirst(std::nullopt, 10);
  EXPECT_EQ(statement.sql,
            "SELECT seq FROM t WHERE 1 = 1 AND urn = $1 AND state = $2 "
            "ORDER BY seq DESC LIMIT $3");
  EXPECT_THAT(Shown(statement.params), ElementsAre("s:108057", "i:2", "i:11"));
}

TEST(PagedQuery, ALaterPageStartsBelowThePreviousOnesLastRow) {
  PagedQuery select("SELECT seq FROM t");
  select.Where("cluster_id =", std::string("north"));
  const PagedQuery::Statement statement =
      std::move(select).NewestFirst(int64_t{700}, 2);
  EXPECT_EQ(statement.sql,
            "SELECT seq FROM t WHERE 1 = 1 AND cluster_id = $1 AND seq < $2 "
            "ORDER BY seq DESC LIMIT $3");
  EXPECT_THAT(Shown(statement.params), ElementsAre("s:north", "i:700", "i:3"));
}

TEST(PagedQuery, HostileTextStaysAParameterNeverSql) {
  PagedQuery select("SELECT seq FROM t");
  select.Where("urn =", std::string("1' OR '1'='1"));
  const PagedQuery::Statement statement =
      std::move(select).NewestFirst(std::nullopt, 1);
  EXPECT_EQ(statement.sql.find("OR '1'"), std::string::npos);
  EXPECT_EQ(std::get<std::string>(statement.params[0]), "1' OR '1'='1");
}

}  // namespace
}  // namespace trustfit::server
