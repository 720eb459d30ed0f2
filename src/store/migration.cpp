#include "store/migration.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <utility>

namespace jangteo::store {

namespace {
constexpr Sql kCreateTable{"store.create_migrations",
                           "CREATE TABLE IF NOT EXISTS store_schema_migrations ("
                           " module TEXT NOT NULL,"
                           " version INTEGER NOT NULL,"
                           " name TEXT NOT NULL,"
                           " checksum TEXT NOT NULL,"
                           " applied_at_us BIGINT NOT NULL,"
                           " PRIMARY KEY (module, version))"};
constexpr Sql kListApplied{"store.list_migrations",
                           "SELECT module, version, checksum FROM store_schema_migrations ORDER BY module, version"};
constexpr Sql kIsApplied{"store.is_migration_applied",
                         "SELECT checksum FROM store_schema_migrations WHERE module = $1 AND version = $2"};
constexpr Sql kRecord{"store.record_migration",
                      "INSERT INTO store_schema_migrations (module, version, name, checksum, applied_at_us)"
                      " VALUES ($1, $2, $3, $4, $5)"};
constexpr Sql kTableExistsSqlite{"store.migrations_table_exists",
                                 "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                 " AND name = 'store_schema_migrations'"};
constexpr Sql kTableExistsPostgres{"store.migrations_table_exists",
                                   "SELECT count(*) FROM pg_catalog.pg_tables"
                                   " WHERE schemaname = current_schema() AND tablename = 'store_schema_migrations'"};
// One lock for every jangteo process migrating the same PostgreSQL database ("jangteo" in ASCII).
constexpr Sql kAdvisoryLock{"store.migration_lock", "SELECT pg_advisory_xact_lock(6876766455544079)"};

using Key = std::pair<std::string, int>;

std::string Label(std::string_view module, int version) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", version);
    return std::string(module) + "/" + buf;
}

std::int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

std::string MigrationChecksum(std::string_view sql) {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : sql) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Migrator::Migrator(Db& db, const std::vector<Migration>& migrations) : db_(db) {
    // Modules migrate in the order they are listed (a module's tables may refer to those of the
    // modules listed before it), and each module's files by version.
    std::map<std::string_view, int> rank;
    for (const Migration& m : migrations) {
        rank.emplace(m.module, static_cast<int>(rank.size()));
        if (!m.dialect || *m.dialect == db.dialect()) migrations_.push_back(m);
    }
    std::stable_sort(migrations_.begin(), migrations_.end(), [&](const Migration& a, const Migration& b) {
        return std::pair(rank[a.module], a.version) < std::pair(rank[b.module], b.version);
    });
}

Status Migrator::EnsureTable() {
    return db_.Write([&](Tx& tx) -> Status {
        if (tx.dialect() == Dialect::kPostgres) JANGTEO_TRY_STATUS(tx.Query(kAdvisoryLock));
        JANGTEO_TRY_STATUS(tx.Exec(kCreateTable));
        return {};
    });
}

Result<SchemaStatus> Migrator::Check() {
    // Reads only, so that readiness probes never write.
    JANGTEO_TRY(Rows rows, db_.Read([&](Tx& tx) -> Result<Rows> {
        JANGTEO_TRY(Rows exists,
                    tx.Query(tx.dialect() == Dialect::kSqlite ? kTableExistsSqlite : kTableExistsPostgres));
        if (exists[0].Int(0) == 0) return Rows();
        return tx.Query(kListApplied);
    }));
    std::map<Key, std::string> applied;
    for (std::size_t i = 0; i < rows.size(); ++i)
        applied[{rows[i].Text(0), static_cast<int>(rows[i].Int(1))}] = rows[i].Text(2);
    SchemaStatus status;
    for (const Migration& m : migrations_) {
        auto it = applied.find({std::string(m.module), m.version});
        if (it == applied.end()) {
            ++status.pending;
            continue;
        }
        ++status.applied;
        if (it->second != MigrationChecksum(m.sql)) status.changed.push_back(Label(m.module, m.version));
        applied.erase(it);
    }
    for (const auto& [key, checksum] : applied) status.unknown.push_back(Label(key.first, key.second));
    return status;
}

Result<int> Migrator::Migrate() {
    JANGTEO_TRY_STATUS(EnsureTable());
    JANGTEO_TRY(SchemaStatus status, Check());
    if (!status.unknown.empty()) {
        std::string list;
        for (const auto& u : status.unknown) list += (list.empty() ? "" : ", ") + u;
        return Error::FailedPrecondition("schema_newer_than_binary",
                                         "the database schema is newer than this jangteo (it has " + list +
                                             ", which this version does not know); run a newer jangteo");
    }
    if (!status.changed.empty()) {
        return Error::FailedPrecondition("migration_changed", "migration " + status.changed.front() +
                                                                  " was changed after it was applied to this database");
    }
    int count = 0;
    for (const Migration& m : migrations_) {
        std::string checksum = MigrationChecksum(m.sql);
        JANGTEO_TRY(bool applied_now, db_.Write([&](Tx& tx) -> Result<bool> {
            if (tx.dialect() == Dialect::kPostgres) JANGTEO_TRY_STATUS(tx.Query(kAdvisoryLock));
            // Another process may have applied it since the check; the lock makes this answer final.
            JANGTEO_TRY(Rows rows, tx.Query(kIsApplied, {std::string_view(m.module), std::int64_t{m.version}}));
            if (!rows.empty()) {
                if (rows[0].TextView(0) != checksum) {
                    return Error::FailedPrecondition("migration_changed",
                                                     "migration " + Label(m.module, m.version) +
                                                         " was changed after it was applied to this database");
                }
                return false;
            }
            Status st = tx.ExecScript(m.sql);
            if (!st.ok()) {
                Error e = std::move(st).error();
                e.message =
                    "migration " + Label(m.module, m.version) + " (" + std::string(m.name) + ") failed: " + e.message;
                return e;
            }
            JANGTEO_TRY_STATUS(tx.Exec(kRecord, {std::string_view(m.module), std::int64_t{m.version},
                                                 std::string_view(m.name), std::string_view(checksum), NowMicros()}));
            return true;
        }));
        if (applied_now) ++count;
    }
    return count;
}

}  // namespace jangteo::store
