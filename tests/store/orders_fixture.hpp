// What the cart, shipping and order cases share: a database with the platform's and the orders
// module's tables on each backend, two customers and two approved-or-not merchants (the orders
// module only needs their rows), a manual clock and a seeded random.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend_fixture.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "orders/order.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/migration.hpp"

namespace jangteo::store_test {

class OrdersFixture : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        std::vector<store::Migration> all;
        for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
        for (const auto& m : orders::SchemaMigrations()) all.push_back(m);
        auto applied = store::Migrator(db(), all).Migrate();
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        platform::UserService users(db(), clock_, random_, hasher_);
        auto minsu = users.SignUp({"minsu@example.kr", std::nullopt, "김민수", "바다가보이는부산항구"});
        auto jiyoung = users.SignUp({"jiyoung@example.kr", std::nullopt, "이지영", "바다가보이는부산항구"});
        ASSERT_TRUE(minsu.ok() && jiyoung.ok());
        minsu_ = minsu->id;
        jiyoung_ = jiyoung->id;
        platform::MerchantService merchants(db(), clock_, random_, platform::BusanRegion());
        auto a = merchants.Apply(minsu_, Shop("2208162517", "자갈치 고등어"), "");
        auto b = merchants.Apply(jiyoung_, Shop("1234567891", "서면 신발"), "");
        ASSERT_TRUE(a.ok() && b.ok()) << (a.ok() ? b.error().message : a.error().message);
        fish_shop_ = a->id;
        shoe_shop_ = b->id;
    }

    static platform::MerchantInput Shop(const std::string& number, const std::string& name) {
        return {.name_ko = name,
                .business_number = number,
                .representative = "김사장",
                .industry_code = "seafood",
                .district_code = "26110",
                .address = "부산광역시 중구 자갈치해안로 52",
                .phone = "051-245-2594"};
    }

    std::int64_t Count(std::string_view table) { return QueryInt(std::string("SELECT count(*) FROM ").append(table)); }

    const platform::WeakParamsForTests kFastHash{{1, 8 * 1024}};
    core::ManualClock clock_{core::FromUnixMicros(1'795'000'000'000'000)};
    core::SeededRandom random_{11};
    platform::PasswordHasher hasher_{kFastHash};
    platform::UserId minsu_, jiyoung_;
    platform::MerchantId fish_shop_, shoe_shop_;
};

}  // namespace jangteo::store_test
