// SQLite behind SqlConnection: a file in WAL mode with durable commits
// (synchronous=FULL), so an acknowledged record survives a crash or power
// loss, and readers never wait for the writer.

#ifndef TRUSTFIT_SERVER_SQLITE_CONNECTION_H_
#define TRUSTFIT_SERVER_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "server/sql.h"

namespace trustfit::server {

// The database in the file at `path`, created if missing.
std::unique_ptr<SqlDatabase> OpenSqliteDatabase(std::string path);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SQLITE_CONNECTION_H_
