// Schema migrations. Each module keeps numbered SQL files in its schema/ folder
// (`0001_operator.sql`, or `0001_x.sqlite.sql` + `0001_x.postgres.sql` where the dialects differ);
// the build compiles them into the binary. Migrate applies the missing ones in order, each in its
// own transaction together with its row in `store_schema_migrations`, so a run that stops half-way
// leaves no half-applied file and a second run does nothing. Several servers may migrate at once:
// on PostgreSQL an advisory lock, on SQLite the write lock, lets one of them do the work.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace jangteo::store {

struct Migration {
    std::string_view module;
    int version;
    std::string_view name;
    std::optional<Dialect> dialect;  // nullopt: for both backends
    std::string_view sql;
};

struct SchemaStatus {
    int applied = 0;                   // migrations of this binary already in the database
    int pending = 0;                   // migrations of this binary not yet applied
    std::vector<std::string> unknown;  // applied in the database but unknown to this binary ("platform/0003")
    std::vector<std::string> changed;  // applied, but the binary's SQL differs from what was applied
    bool ready() const { return pending == 0 && unknown.empty() && changed.empty(); }
};

class Migrator {
public:
    // `migrations` of every module, modules in dependency order (a module after those its tables
    // refer to); those of the other dialect are ignored.
    Migrator(Db& db, const std::vector<Migration>& migrations);

    // What the database holds compared to this binary.
    Result<SchemaStatus> Check();
    // Applies what is pending; refuses (failed_precondition) when the database is newer than this
    // binary or an applied migration was changed since. Answers how many were applied.
    Result<int> Migrate();

private:
    Status EnsureTable();
    Db& db_;
    std::vector<Migration> migrations_;
};

// FNV-1a of the SQL text, in hex: detects a migration edited after it was applied.
std::string MigrationChecksum(std::string_view sql);

}  // namespace jangteo::store
