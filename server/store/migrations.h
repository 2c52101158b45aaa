// The schema of the record store, versioned here in the code: each step has
// its SQL for SQLite and for PostgreSQL, and Migrate applies the missing ones
// at start-up in one transaction (under an advisory lock on PostgreSQL, so
// replicas starting together do not race).
//
//   TRUSTFIT_RETURN_IF_ERROR(Migrate(connection.get()));
//   TRUSTFIT_ASSIGN_OR_RETURN(int version, SchemaVersion(connection.get()));
//   // version == LatestSchemaVersion()

#ifndef TRUSTFIT_SERVER_STORE_MIGRATIONS_H_
#define TRUSTFIT_SERVER_STORE_MIGRATIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/sql.h"

namespace trustfit::server {

// Brings the schema of `connection` to `target_version` (the latest when
// -1). FAILED_PRECONDITION when the schema is newer than this server's.
absl::Status Migrate(SqlConnection* connection, int target_version = -1);

// The version the last migration step leaves.
int LatestSchemaVersion();

// The version the schema of `connection` is at: 0 when it has none.
absl::StatusOr<int> SchemaVersion(SqlConnection* connection);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_MIGRATIONS_H_
