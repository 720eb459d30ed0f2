// The embedded SQLite backend: one file under ./data/ by default, in WAL mode so that reader
// connections (a pool) run beside the single writer connection. `synchronous=FULL` by default, so an
// acknowledged commit survives a power loss. `:memory:` gives a private in-memory database on one
// connection (tests).
#pragma once

#include <memory>
#include <string_view>

#include "store/db.hpp"

namespace jangteo::store::sqlite {

Result<std::unique_ptr<Db>> OpenSqlite(std::string_view path, const DbOptions& options);

}  // namespace jangteo::store::sqlite
