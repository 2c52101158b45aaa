// PagedQuery: the SELECT a store's List method sends, newest first, one page
// at a time, with a parameter for every filter the caller gave, so that
// filters are never spliced into the SQL.
//
//   PagedQuery select("SELECT seq, arrangement FROM arrangements");
//   if (!query.urn.empty()) select.Where("urn =", query.urn);
//   const PagedQuery::Statement statement =
//       std::move(select).NewestFirst(query.after_seq, query.limit);
//   TRUSTFIT_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
//                             reader->Query(statement.sql, statement.params));

#ifndef TRUSTFIT_SERVER_STORE_PAGED_QUERY_H_
#define TRUSTFIT_SERVER_STORE_PAGED_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/store/sql.h"

namespace trustfit::server {

class PagedQuery {
 public:
  struct Statement {
    std::string sql;
    std::vector<SqlParam> params;
  };

  // `select` is everything before the WHERE clause; its table has a `seq`
  // column that grows with each row.
  explicit PagedQuery(absl::string_view select);

  // Adds "AND <condition> $n" with `value` as parameter n; `condition` ends
  // in its operator ("urn =", "create_time_us >=").
  void Where(absl::string_view condition, SqlParam value);

  // The statement for the page of `limit` rows before `after_seq` (from the
  // newest when none), newest first. It asks for one row more than `limit`:
  // that row tells whether there is another page.
  Statement NewestFirst(std::optional<int64_t> after_seq, int limit) &&;

 private:
  Statement statement_;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_PAGED_QUERY_H_
