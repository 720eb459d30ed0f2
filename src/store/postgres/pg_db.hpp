// The PostgreSQL backend, through libpq: a bounded pool of connections, statements prepared once
// per connection, transactions retried on serialization failures and deadlocks, and a connection
// that was lost replaced by a new one on the next use.
#pragma once

#include <memory>
#include <string_view>

#include "store/db.hpp"

namespace jangteo::store::postgres {

Result<std::unique_ptr<Db>> OpenPostgres(std::string_view url, const DbOptions& options);

// The URL with any password replaced by "***", for logs.
std::string RedactUrl(std::string_view url);

}  // namespace jangteo::store::postgres
