#include "store/sqlite/sqlite_db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/string_hash.hpp"
#include "store/pool.hpp"

namespace jangteo::store::sqlite {

namespace {

// Cached statements per connection; far more than the application's named statements.
constexpr std::size_t kMaxCachedStatements = 1024;

Error MapError(int code, sqlite3* db, std::string_view what) {
    std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    switch (code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return Error::Unavailable(std::string(kRetryReason), message);
        case SQLITE_CONSTRAINT:
            switch (code) {
                case SQLITE_CONSTRAINT_UNIQUE:
                case SQLITE_CONSTRAINT_PRIMARYKEY: return Error::AlreadyExists("unique_violation", message);
                case SQLITE_CONSTRAINT_FOREIGNKEY: return Error::Conflict("foreign_key_violation", message);
                default: return Error::Invalid("check_violation", message);
            }
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY: return Error::Unavailable("store_io_error", message);
        default: return Error::Internal("store_error", message);
    }
}

class Connection {
public:
    static Result<std::unique_ptr<Connection>> Open(const std::string& path, const DbOptions& options, bool read_only) {
        auto conn = std::unique_ptr<Connection>(new Connection());
        int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        int rc = sqlite3_open_v2(path.c_str(), &conn->db_, flags, nullptr);
        if (rc != SQLITE_OK) return MapError(rc, conn->db_, "cannot open SQLite database '" + path + "'");
        sqlite3_extended_result_codes(conn->db_, 1);
        sqlite3_busy_timeout(conn->db_, options.busy_timeout_ms);
        // 16 MB of page cache for each reader; 128 MB for the one writer, whose inserts into indexes with
        // random keys (every id is random) touch pages all over a large file: with too small a cache
        // a bulk import reads and writes the same pages again and again. Allocated as used.
        std::string pragmas = read_only
                                  ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;"
                                  : "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072;";
        if (!read_only && path != ":memory:") {
            pragmas += "PRAGMA journal_mode=WAL;";
        }
        pragmas += options.sqlite_synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
        char* err = nullptr;
        rc = sqlite3_exec(conn->db_, pragmas.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string message = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            return MapError(rc, nullptr, "cannot set up SQLite database '" + path + "': " + message);
        }
        return conn;
    }

    ~Connection() {
        for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }

    sqlite3* handle() const { return db_; }

    Result<sqlite3_stmt*> Prepare(const Sql& sql) {
        if (auto it = cache_.find(sql.text); it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxCachedStatements) {
            for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
            cache_.clear();
        }
        std::string translated = ToSqlitePlaceholders(sql.text);
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) return MapError(rc, db_, "prepare " + std::string(sql.name));
        cache_.emplace(std::string(sql.text), stmt);
        return stmt;
    }

    Status Script(std::string_view sql) {
        std::string text(sql);
        char* err = nullptr;
        int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
        sqlite3_free(err);  // sqlite3_errmsg still holds the same message
        if (rc != SQLITE_OK) return MapError(rc, db_, "script");
        return {};
    }

private:
    Connection() = default;
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*, core::StringHash, std::equal_to<>> cache_;
};

// Resets a statement however the step loop ends, so the cached statement can be used again.
class StatementScope {
public:
    explicit StatementScope(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~StatementScope() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_;
};

Status Bind(sqlite3* db, sqlite3_stmt* stmt, const Sql& sql, Params params) {
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
        return Error::Internal("store_bad_parameters", std::string(sql.name) + " takes " + std::to_string(expected) +
                                                           " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        int index = static_cast<int>(i) + 1;
        int rc = std::visit(
            [&](const auto& v) -> int {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    return sqlite3_bind_null(stmt, index);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    return sqlite3_bind_int64(stmt, index, v);
                } else if constexpr (std::is_same_v<T, double>) {
                    return sqlite3_bind_double(stmt, index, v);
                } else if constexpr (std::is_same_v<T, bool>) {
                    return sqlite3_bind_int(stmt, index, v ? 1 : 0);
                } else if constexpr (std::is_same_v<T, Blob>) {
                    return sqlite3_bind_blob64(stmt, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
                } else {
                    // The parameters outlive the step, so SQLite need not copy them. An empty string_view
                    // may have no data at all, which SQLite would bind as NULL: it is the empty text.
                    const char* data = v.data() ? v.data() : "";
                    return sqlite3_bind_text64(stmt, index, data, v.size(), SQLITE_STATIC, SQLITE_UTF8);
                }
            },
            params[i]);
        if (rc != SQLITE_OK) return MapError(rc, db, "bind " + std::string(sql.name));
    }
    return {};
}

class SqliteTx final : public Tx {
public:
    explicit SqliteTx(Connection& conn) : conn_(conn) {}

    Dialect dialect() const override { return Dialect::kSqlite; }

    Result<Rows> Query(const Sql& sql, Params params) override {
        JANGTEO_TRY(sqlite3_stmt * stmt, conn_.Prepare(sql));
        StatementScope scope(stmt);
        JANGTEO_TRY_STATUS(Bind(conn_.handle(), stmt, sql, params));
        int ncols = sqlite3_column_count(stmt);
        std::vector<std::string> columns;
        columns.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));
        Rows rows(std::move(columns));
        while (true) {
            int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return MapError(rc, conn_.handle(), std::string(sql.name));
            for (int c = 0; c < ncols; ++c) {
                switch (sqlite3_column_type(stmt, c)) {
                    case SQLITE_INTEGER: rows.Append(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
                    case SQLITE_FLOAT: rows.Append(sqlite3_column_double(stmt, c)); break;
                    case SQLITE_TEXT: {
                        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                        rows.Append(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
                        break;
                    }
                    case SQLITE_BLOB: {
                        const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                        std::size_t size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
                        rows.Append(Blob{data ? std::string(data, size) : std::string()});
                        break;
                    }
                    default: rows.Append(nullptr);
                }
            }
        }
        return rows;
    }

    Result<std::int64_t> Exec(const Sql& sql, Params params) override {
        JANGTEO_TRY(sqlite3_stmt * stmt, conn_.Prepare(sql));
        StatementScope scope(stmt);
        JANGTEO_TRY_STATUS(Bind(conn_.handle(), stmt, sql, params));
        // sqlite3_changes64 keeps the count of the last INSERT, UPDATE or DELETE, so a statement that
        // changes no rows (DDL) would answer the count of the one before it.
        sqlite3_int64 total_before = sqlite3_total_changes64(conn_.handle());
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) return MapError(rc, conn_.handle(), std::string(sql.name));
        if (sqlite3_total_changes64(conn_.handle()) == total_before) return std::int64_t{0};
        return static_cast<std::int64_t>(sqlite3_changes64(conn_.handle()));
    }

    Status ExecScript(std::string_view sql) override { return conn_.Script(sql); }

private:
    Connection& conn_;
};

class SqliteDb final : public Db {
public:
    SqliteDb(std::string path, DbOptions options, std::unique_ptr<Connection> writer)
        : path_(std::move(path)),
          options_(options),
          memory_(path_ == ":memory:"),
          writer_(std::move(writer)),
          readers_(memory_ ? 1 : std::max(1, options.pool_size), std::chrono::milliseconds(options.acquire_timeout_ms),
                   [this]() { return Connection::Open(path_, options_, true); }) {}

    Dialect dialect() const override { return Dialect::kSqlite; }
    std::string Describe() const override { return memory_ ? "sqlite::memory:" : "sqlite://" + path_; }

    PoolStats Stats() const override {
        PoolStats s;
        if (!memory_) readers_.FillStats(s);
        s.size += 1;  // the writer
        s.max_size += 1;
        s.timeouts_total += timeouts_total_.load(std::memory_order_relaxed);  // waits for the writer
        s.retries_total = retries_total_.load(std::memory_order_relaxed);
        s.commits_total = batches_total_.load(std::memory_order_relaxed);
        return s;
    }

    void Close() override {
        readers_.Close();
        std::lock_guard lock(writer_mu_);
        writer_.reset();
    }

protected:
    Status RunRead(core::FunctionRef<Status(Tx&)> body) override {
        if (memory_) {
            // One connection holds the whole in-memory database.
            std::unique_lock lock(writer_mu_, std::defer_lock);
            if (!lock.try_lock_for(std::chrono::milliseconds(options_.acquire_timeout_ms))) return PoolExhausted();
            if (!writer_) return Closed();
            SqliteTx tx(*writer_);
            return body(tx);
        }
        JANGTEO_TRY(auto lease, readers_.Acquire());
        SqliteTx tx(*lease);
        return body(tx);
    }

    // Group commit. SQLite has one writer, and each commit waits for the disk (synchronous=FULL), so
    // a commit per write transaction would bound every server at the disk's flushes per second. Write
    // transactions therefore queue; one caller at a time leads: it runs every body waiting then (and
    // those that arrive while it runs, up to kMaxBatch) inside ONE SQLite transaction, each body
    // under a savepoint of its own, so that a body that fails rolls back alone, and commits once.
    // Every caller returns only after that commit, so an answer is as durable as before; an idle
    // server commits a lone body at once. A failed commit fails every body of the batch, and the
    // retryable ones run again.
    Status RunWrite(core::FunctionRef<Status(Tx&)> body) override {
        Status last;
        for (int attempt = 0; attempt < options_.max_tx_attempts; ++attempt) {
            if (attempt > 0) retries_total_.fetch_add(1, std::memory_order_relaxed);
            WriteRequest request{body};
            last = Submit(request);
            if (request.error) std::rethrow_exception(request.error);
            if (last.ok() || !IsRetryable(last.error())) return last;
        }
        return last;
    }

private:
    static constexpr std::size_t kMaxBatch = 64;

    struct WriteRequest {
        core::FunctionRef<Status(Tx&)> body;
        Status result;
        std::exception_ptr error;
        bool done = false;
    };

    // Queues the request and waits for it to be run and committed, leading a batch when no one does.
    Status Submit(WriteRequest& request) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.acquire_timeout_ms);
        std::unique_lock lock(group_mu_);
        queue_.push_back(&request);
        while (!request.done) {
            if (!leading_) {
                leading_ = true;
                lock.unlock();
                LeadBatch();
                lock.lock();
                leading_ = false;
                group_cv_.notify_all();
                continue;
            }
            if (group_cv_.wait_until(lock, deadline) == std::cv_status::timeout && !request.done) {
                auto queued = std::find(queue_.begin(), queue_.end(), &request);
                if (queued != queue_.end()) {
                    // Never started: give up, as a caller waiting for a busy writer always has.
                    queue_.erase(queued);
                    return PoolExhausted();
                }
                // Running in a batch now: its answer comes with that batch's commit.
            }
        }
        return request.result;
    }

    // Moves up to kMaxBatch queued requests into `batch`.
    void Take(std::vector<WriteRequest*>& batch) {
        std::lock_guard lock(group_mu_);
        while (!queue_.empty() && batch.size() < kMaxBatch) {
            batch.push_back(queue_.front());
            queue_.pop_front();
        }
    }

    void LeadBatch() {
        std::vector<WriteRequest*> batch;
        std::unique_lock writer_lock(writer_mu_);
        Take(batch);
        auto finish = [&](const Status* all) {
            std::lock_guard lock(group_mu_);
            for (WriteRequest* r : batch) {
                if (all) r->result = *all;
                r->done = true;
            }
        };
        if (!writer_) {
            Status closed = Closed();
            finish(&closed);
            return;
        }
        // IMMEDIATE takes the write lock at once, so no body fails half-way on a lock upgrade.
        Status begin = writer_->Script("BEGIN IMMEDIATE");
        if (!begin.ok()) {
            finish(&begin);
            return;
        }
        SqliteTx tx(*writer_);
        for (std::size_t i = 0;; ++i) {
            if (i == batch.size()) {
                Take(batch);  // those that came while the others ran
                if (i == batch.size()) break;
            }
            WriteRequest& r = *batch[i];
            Status point = writer_->Script("SAVEPOINT jangteo_write");
            if (!point.ok()) {
                r.result = point;
                continue;
            }
            try {
                r.result = r.body(tx);
            } catch (...) {
                r.error = std::current_exception();
                r.result = Error::Internal("write_threw", "a write transaction threw");
            }
            if (!r.result.ok()) (void)writer_->Script("ROLLBACK TO jangteo_write");
            Status released = writer_->Script("RELEASE jangteo_write");
            if (!released.ok() && r.result.ok()) r.result = released;
        }
        Status commit = writer_->Script("COMMIT");
        if (!commit.ok()) {
            (void)writer_->Script("ROLLBACK");
            for (WriteRequest* r : batch) {
                if (r->result.ok()) r->result = commit;
            }
        }
        batches_total_.fetch_add(1, std::memory_order_relaxed);
        finish(nullptr);
    }

    Error PoolExhausted() {
        timeouts_total_.fetch_add(1, std::memory_order_relaxed);
        return Error::Unavailable("store_pool_exhausted", "the database is busy; try again shortly");
    }
    static Error Closed() { return Error::Unavailable("store_closed", "the database is closed"); }

    const std::string path_;
    const DbOptions options_;
    const bool memory_;
    std::timed_mutex writer_mu_;
    std::unique_ptr<Connection> writer_;
    Pool<Connection> readers_;
    std::atomic<std::int64_t> retries_total_{0};
    std::atomic<std::int64_t> timeouts_total_{0};
    std::atomic<std::int64_t> batches_total_{0};
    // The queue of write transactions waiting for the writer, and whether a caller leads a batch.
    std::mutex group_mu_;
    std::condition_variable group_cv_;
    std::deque<WriteRequest*> queue_;
    bool leading_ = false;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(std::string_view path_view, const DbOptions& options) {
    std::string path(path_view);
    if (path != ":memory:") {
        std::error_code ec;
        auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        if (ec) {
            return Error::Unavailable("store_io_error",
                                      "cannot create the folder '" + parent.string() + "': " + ec.message());
        }
    }
    JANGTEO_TRY(auto writer, Connection::Open(path, options, false));
    if (path != ":memory:") {
        // WAL must be in force before readers open, or they would block the writer.
        sqlite3_stmt* stmt = nullptr;
        std::string mode;
        if (sqlite3_prepare_v2(writer->handle(), "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
        if (mode != "wal") {
            return Error::Unavailable("store_io_error",
                                      "cannot switch '" + path + "' to WAL mode (journal_mode=" + mode + ")");
        }
    }
    return std::unique_ptr<Db>(new SqliteDb(path, options, std::move(writer)));
}

}  // namespace jangteo::store::sqlite
