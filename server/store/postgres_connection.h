// PostgreSQL behind SqlConnection, through libpq, so that several server
// replicas can share one store. Commits are durable with PostgreSQL's
// default synchronous_commit=on.

#ifndef TRUSTFIT_SERVER_STORE_POSTGRES_CONNECTION_H_
#define TRUSTFIT_SERVER_STORE_POSTGRES_CONNECTION_H_

#include <memory>
#include <string>

#include "server/store/sql.h"

namespace trustfit::server {

// The database at a libpq connection URI, "postgresql://user:password@host:
// port/database?sslmode=...". Connections are made by Connect().
std::unique_ptr<SqlDatabase> OpenPostgresDatabase(std::string uri);

// `uri` with any password replaced by "***", for logs.
std::string RedactPassword(const std::string& uri);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_STORE_POSTGRES_CONNECTION_H_
