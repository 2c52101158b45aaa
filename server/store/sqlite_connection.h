// SQLite behind SqlConnection: a file in WAL mode with durable commits
// (synchronous=FULL), so an acknowledged record survives a crash or power
// loss, and readers never wait for the writer.

#ifndef TRUSTFIT_SERVER_STORE_SQLITE_CONNECTION_H_
#define TRUSTFIT_SERVER_STORE_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "server/store/sql.h"

namespace trustfit::server {

// The database in the file at `path`, created if missing. The WAL is
// checkpointed on a background thread once it holds `checkpoint_pages`
// pages (4,000 of 4 KB on a new database: 16 MB).
std::unique_ptr<SqlDatabase> OpenSqliteDatabase(std::string path,
                                                int checkpoint_pages = 4000);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_SQLITE_CONNECTION_H_
