#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

TEST(E2eSmoke, Healthz) {
    auto server = jangteo::testing::ServerProcess::Start({});
    auto r = jangteo::testing::Fetch(server->port(), "GET", "/healthz");
    EXPECT_EQ(r.status, 200);
}
