#include "server/store/paged_query.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace trustfit::server {

PagedQuery::PagedQuery(absl::string_view select) {
  // "1 = 1" lets every filter begin with AND.
  statement_.sql = absl::StrCat(select, " WHERE 1 = 1");
}

void PagedQuery::Where(absl::string_view condition, SqlParam value) {
  statement_.params.push_back(std::move(value));
  absl::StrAppend(&statement_.sql, " AND ", condition, " $",
                  statement_.params.size());
}

PagedQuery::Statement PagedQuery::NewestFirst(std::optional<int64_t> after_seq,
                                              int limit) && {
  if (after_seq) Where("seq <", *after_seq);
  statement_.params.push_back(int64_t{limit} + 1);
  absl::StrAppend(&statement_.sql, " ORDER BY seq DESC LIMIT $",
                  statement_.params.size());
  return std::move(statement_);
}

}  // namespace trustfit::server
