// The backends every end-to-end test runs on, and a server started on one of them.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace jangteo::testing {

inline const char* kBackends[] = {"sqlite", "postgres"};

// A server on a fresh database of `backend`. Answers nullptr (with `why`) when that backend is not
// available here; the caller skips, or fails under CI=true, with JANGTEO_NEED_POSTGRES(why).
struct BackendServer {
    std::unique_ptr<FreshPgDatabase> pg;  // declared first: dropped after the server stops
    std::unique_ptr<ServerProcess> server;
};

// `db_url`, when given, receives the database URL (for running other commands on it).
inline std::unique_ptr<BackendServer> StartOn(const std::string& backend, std::string* why, ServerOptions options = {},
                                              std::string* db_url = nullptr) {
    auto out = std::make_unique<BackendServer>();
    if (backend == "postgres") {
        out->pg = FreshPgDatabase::Create(why);
        if (!out->pg) return nullptr;
        options.db = out->pg->url();
    }
    out->server = ServerProcess::Start(std::move(options));
    if (db_url) *db_url = out->server->db();
    return out;
}

}  // namespace jangteo::testing
