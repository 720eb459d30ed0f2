#include "store/postgres/pg_db.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <string>
#include <unordered_map>

#include "core/log.hpp"
#include "core/string_hash.hpp"
#include "store/pool.hpp"

namespace jangteo::store::postgres {

namespace {

constexpr std::size_t kMaxPreparedStatements = 1024;

// Type OIDs of pg_type that map to something other than text.
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26,
              kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool StartsWith(const char* s, const char* prefix) {
    return s && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

class Connection {
public:
    static Result<std::unique_ptr<Connection>> Open(const std::string& url) {
        auto conn = std::unique_ptr<Connection>(new Connection());
        // A default connect timeout, so an unreachable host cannot hold a request thread for minutes;
        // one given in the URL comes later in the list and wins.
        const char* keywords[] = {"connect_timeout", "dbname", nullptr};
        const char* values[] = {"5", url.c_str(), nullptr};
        conn->conn_ = PQconnectdbParams(keywords, values, 1);
        if (PQstatus(conn->conn_) != CONNECTION_OK) {
            // libpq's message spans lines with a tab-indented hint; keep it to one line for logs.
            std::string message;
            for (const char* c = PQerrorMessage(conn->conn_); *c; ++c) {
                if (*c == '\n' || *c == '\t') {
                    if (!message.empty() && message.back() != ' ') message.push_back(' ');
                } else {
                    message.push_back(*c);
                }
            }
            while (!message.empty() && message.back() == ' ') message.pop_back();
            return Error::Unavailable("store_unavailable", "cannot connect to PostgreSQL: " + message);
        }
        // Server notices (e.g. "relation already exists, skipping") go to the debug log, not to stderr.
        PQsetNoticeProcessor(
            conn->conn_,
            [](void*, const char* message) {
                std::string_view m(message);
                while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
                core::log::Debug("postgres_notice", {{"message", m}});
            },
            nullptr);
        // Times are stored as integers, but text conversions must not depend on the server's settings.
        // JIT off: the statements are short index walks whose generic plans pass `jit_above_cost` on
        // large tables, and compiling them cost 80–320 ms each (docs/customers-api.md).
        ResultPtr r(PQexec(conn->conn_, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET jit = off"));
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return conn->ErrorOf(r.get(), "set up session");
        return conn;
    }

    ~Connection() { PQfinish(conn_); }

    bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

    // The name of the prepared statement for `sql` on this connection, preparing it on first use.
    Result<const std::string*> Prepare(const Sql& sql) {
        if (stale_statements_) {
            ResultPtr r(PQexec(conn_, "DEALLOCATE ALL"));
            if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) {
                prepared_.clear();
                stale_statements_ = false;
            }
        }
        if (auto it = prepared_.find(sql.text); it != prepared_.end()) return &it->second;
        if (prepared_.size() >= kMaxPreparedStatements) {
            ResultPtr r(PQexec(conn_, "DEALLOCATE ALL"));
            prepared_.clear();
        }
        std::string name = "j" + std::to_string(++next_statement_);
        std::string text(sql.text);
        ResultPtr r(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return ErrorOf(r.get(), "prepare " + std::string(sql.name));
        auto [it, inserted] = prepared_.emplace(std::move(text), std::move(name));
        return &it->second;
    }

    Result<ResultPtr> Execute(const Sql& sql, Params params) {
        JANGTEO_TRY(const std::string* name, Prepare(sql));
        // Text parameters, kept alive until the call returns; bytes go in binary form.
        std::vector<std::string> storage(params.size());
        std::vector<const char*> values(params.size());
        std::vector<int> lengths(params.size());
        std::vector<int> formats(params.size());
        for (std::size_t i = 0; i < params.size(); ++i) {
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::nullptr_t>) {
                        values[i] = nullptr;
                    } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
                        char buf[32];
                        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
                        storage[i].assign(buf, end);
                        values[i] = storage[i].c_str();
                    } else if constexpr (std::is_same_v<T, bool>) {
                        values[i] = v ? "t" : "f";
                    } else if constexpr (std::is_same_v<T, Blob>) {
                        values[i] = v.bytes.data();
                        lengths[i] = static_cast<int>(v.bytes.size());
                        formats[i] = 1;
                    } else {
                        storage[i].assign(v.data(), v.size());
                        values[i] = storage[i].c_str();
                    }
                },
                params[i]);
        }
        ResultPtr r(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                                   formats.data(), 0));
        ExecStatusType status = PQresultStatus(r.get());
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return r;
        return ErrorOf(r.get(), std::string(sql.name));
    }

    Status Script(std::string_view sql) {
        std::string text(sql);
        ResultPtr r(PQexec(conn_, text.c_str()));
        ExecStatusType status = PQresultStatus(r.get());
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
        return ErrorOf(r.get(), "script");
    }

    Error ErrorOf(const PGresult* r, const std::string& what) const {
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        std::string message = what + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        // A bind with the wrong number of parameters is a protocol violation to the server, but the
        // connection stays usable: a bug in the caller, not a lost connection.
        if (state && std::strcmp(state, "08P01") == 0 && !broken()) {
            return Error::Internal("store_bad_parameters", message);
        }
        if (broken() || state == nullptr || StartsWith(state, "08") || StartsWith(state, "57P")) {
            return Error::Unavailable("store_connection_lost", message);
        }
        if (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0) {
            return Error::Unavailable(std::string(kRetryReason), message);
        }
        if (std::strcmp(state, "0A000") == 0 && message.find("cached plan") != std::string::npos) {
            // A migration by another process changed a table under a prepared statement: prepare
            // afresh at the next use (not now: the transaction may be aborted) and run it again.
            stale_statements_ = true;
            return Error::Unavailable(std::string(kRetryReason), message);
        }
        if (std::strcmp(state, "23505") == 0) return Error::AlreadyExists("unique_violation", message);
        if (std::strcmp(state, "23503") == 0) return Error::Conflict("foreign_key_violation", message);
        if (StartsWith(state, "23")) return Error::Invalid("check_violation", message);
        if (StartsWith(state, "22")) return Error::Invalid("data_exception", message);
        if (StartsWith(state, "53")) return Error::Unavailable("store_resources", message);
        return Error::Internal("store_error", message);
    }

private:
    Connection() = default;
    PGconn* conn_ = nullptr;
    std::unordered_map<std::string, std::string, core::StringHash, std::equal_to<>> prepared_;
    std::uint64_t next_statement_ = 0;
    mutable bool stale_statements_ = false;  // set by ErrorOf; cleared by the next Prepare
};

Value Convert(const PGresult* r, int row, int col) {
    if (PQgetisnull(r, row, col)) return nullptr;
    const char* text = PQgetvalue(r, row, col);
    auto length = static_cast<std::size_t>(PQgetlength(r, row, col));
    switch (PQftype(r, col)) {
        case kInt8Oid:
        case kInt4Oid:
        case kInt2Oid:
        case kOidOid: {
            std::int64_t v = 0;
            std::from_chars(text, text + length, v);
            return v;
        }
        case kFloat4Oid:
        case kFloat8Oid:
        case kNumericOid: return std::strtod(text, nullptr);
        case kBoolOid: return text[0] == 't';
        case kByteaOid: {
            std::size_t size = 0;
            unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
            Blob blob{std::string(reinterpret_cast<const char*>(bytes), size)};
            PQfreemem(bytes);
            return blob;
        }
        default: return std::string(text, length);
    }
}

class PgTx final : public Tx {
public:
    explicit PgTx(Connection& conn) : conn_(conn) {}

    Dialect dialect() const override { return Dialect::kPostgres; }

    Result<Rows> Query(const Sql& sql, Params params) override {
        JANGTEO_TRY(ResultPtr r, conn_.Execute(sql, params));
        int nrows = PQntuples(r.get());
        int ncols = PQnfields(r.get());
        std::vector<std::string> columns;
        columns.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) columns.emplace_back(PQfname(r.get(), c));
        Rows rows(std::move(columns));
        rows.Reserve(static_cast<std::size_t>(nrows));
        for (int i = 0; i < nrows; ++i) {
            for (int c = 0; c < ncols; ++c) rows.Append(Convert(r.get(), i, c));
        }
        return rows;
    }

    Result<std::int64_t> Exec(const Sql& sql, Params params) override {
        JANGTEO_TRY(ResultPtr r, conn_.Execute(sql, params));
        const char* affected = PQcmdTuples(r.get());
        std::int64_t n = 0;
        if (affected && *affected) std::from_chars(affected, affected + std::strlen(affected), n);
        return n;
    }

    Status ExecScript(std::string_view sql) override { return conn_.Script(sql); }

private:
    Connection& conn_;
};

class PgDb final : public Db {
public:
    PgDb(std::string url, DbOptions options)
        : url_(std::move(url)),
          options_(options),
          pool_(std::max(1, options.pool_size), std::chrono::milliseconds(options.acquire_timeout_ms),
                [this]() { return Connection::Open(url_); }) {}

    Dialect dialect() const override { return Dialect::kPostgres; }
    std::string Describe() const override { return RedactUrl(url_); }

    PoolStats Stats() const override {
        PoolStats s;
        pool_.FillStats(s);
        s.retries_total = retries_total_.load(std::memory_order_relaxed);
        s.reconnects_total = reconnects_total_.load(std::memory_order_relaxed);
        return s;
    }

    void Close() override { pool_.Close(); }

protected:
    // Each statement of a read runs on its own (autocommit), without BEGIN/COMMIT round trips.
    // A read is safe to repeat, once, after a lost connection or a retryable failure.
    Status RunRead(core::FunctionRef<Status(Tx&)> body) override {
        Status last;
        for (int attempt = 0; attempt < 2; ++attempt) {
            JANGTEO_TRY(auto lease, pool_.Acquire());
            PgTx tx(*lease);
            last = body(tx);
            if (last.ok()) return last;
            if (lease->broken()) {
                // A server restart or network cut: the idle connections went with this one.
                lease.Discard();
                pool_.DiscardIdle();
                reconnects_total_.fetch_add(1, std::memory_order_relaxed);
            } else if (!IsRetryable(last.error())) {
                return last;
            }
        }
        return last;
    }

    Status RunWrite(core::FunctionRef<Status(Tx&)> body) override {
        Status last;
        for (int attempt = 0; attempt < options_.max_tx_attempts; ++attempt) {
            if (attempt > 0) retries_total_.fetch_add(1, std::memory_order_relaxed);
            JANGTEO_TRY(auto lease, pool_.Acquire());
            bool committing = false;
            last = lease->Script("BEGIN");
            if (last.ok()) {
                PgTx tx(*lease);
                try {
                    last = body(tx);
                } catch (...) {
                    // Nothing of a body that threw may stay: roll back before the connection goes back.
                    if (!lease->broken()) (void)lease->Script("ROLLBACK");
                    throw;
                }
                if (last.ok()) {
                    committing = true;
                    last = lease->Script("COMMIT");
                }
                if (!last.ok() && !lease->broken()) (void)lease->Script("ROLLBACK");
            }
            if (last.ok()) return last;
            if (lease->broken()) {
                lease.Discard();
                pool_.DiscardIdle();
                reconnects_total_.fetch_add(1, std::memory_order_relaxed);
                // Lost during COMMIT: the outcome is unknown, so it must not be applied twice.
                if (committing) {
                    return Error::Unavailable("store_commit_unknown",
                                              "the database connection was lost while committing");
                }
                continue;
            }
            if (!IsRetryable(last.error())) return last;
        }
        return last;
    }

private:
    const std::string url_;
    const DbOptions options_;
    Pool<Connection> pool_;
    std::atomic<std::int64_t> retries_total_{0};
    std::atomic<std::int64_t> reconnects_total_{0};
};

}  // namespace

std::string RedactUrl(std::string_view url) {
    // Built by appending pieces (GCC 12 misreads std::string::replace here under -O3 -Werror=restrict).
    std::string_view rest = url;
    std::string out;
    auto scheme = rest.find("://");
    if (scheme != std::string_view::npos) {
        auto at = rest.find('@', scheme + 3);
        auto colon = rest.find(':', scheme + 3);
        if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
            out.append(rest.substr(0, colon + 1)).append("***");
            rest.remove_prefix(at);
        }
    }
    // A password may also come as a query parameter, and sslpassword= holds one too: redact them all.
    for (auto pw = rest.find("password="); pw != std::string_view::npos; pw = rest.find("password=")) {
        out.append(rest.substr(0, pw + 9)).append("***");
        auto end = rest.find('&', pw);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    out.append(rest);
    return out;
}

Result<std::unique_ptr<Db>> OpenPostgres(std::string_view url, const DbOptions& options) {
    auto db = std::make_unique<PgDb>(std::string(url), options);
    // Fail fast at start-up when the server cannot be reached or the URL is wrong.
    JANGTEO_TRY_STATUS(db->Ping());
    return std::unique_ptr<Db>(std::move(db));
}

}  // namespace jangteo::store::postgres
