// profile_bench: the real-time path of person profiles (customers::ProfileService::RecordInTx) against
// a SQLite store pre-filled with the records of N generated people, for bench/profile_resolve.sh.
//
//   profile_bench --database sqlite:///somewhere/profiles.db [--profiles 100000 | --million]
//                 [--lookups 2000] [--seed 1]
//
// The store is filled in bulk (JSON arrays unpacked by json_each, 5,000 records a transaction) with
// records of customers::GenerateRecords, each under the person the generator says it is, and their
// blocking keys. Then the next records of the same generator (people already stored and new ones)
// are recorded one by one through the service: RecordInTx is timed inside its transaction, and the
// whole Record() with its commit separately. Prints p50/p90/p99/max of both, and the outcomes.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "customers/member.hpp"
#include "customers/profile.hpp"
#include "customers/record_gen.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

namespace {

using namespace jangteo;
using Clock = std::chrono::steady_clock;

template <typename T>
T Take(core::Result<T> r, std::string_view what) {
    if (!r.ok()) {
        std::fprintf(stderr, "profile_bench: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                     r.error().message.c_str());
        for (const auto& f : r.error().fields) std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.c_str());
        std::exit(1);
    }
    return std::move(*r);
}

void Check(const core::Status& st, std::string_view what) {
    if (!st.ok()) {
        std::fprintf(stderr, "profile_bench: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                     st.error().message.c_str());
        std::exit(1);
    }
}

const store::Sql kPersons{"bench.persons",
                          "INSERT INTO customers_persons (id, status, created_at_us, updated_at_us)"
                          " SELECT value, 'active', $2, $2 FROM json_each($1)"};
const store::Sql kRecords{
    "bench.records",
    "INSERT INTO customers_records (id, person_id, merchant_id, source, source_ref, name, phone, email, birth_date,"
    " postal_code, address, card_no, phone_verified, email_verified, created_at_us)"
    " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,"
    " value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 12, $2 FROM json_each($1)"};
const store::Sql kKeys{"bench.keys",
                       "INSERT INTO customers_record_keys (key_hash, record_id) SELECT value ->> 0, value ->> 1"
                       " FROM json_each($1) WHERE true ON CONFLICT DO NOTHING"};

// A generated record as the service takes it: "web", "pos:mrc_N" or "import:x" becomes the source;
// every shop of the generator is the one bench merchant, its cards kept apart by the shop's name.
customers::RecordInput InputOf(const customers::PersonRecord& r, platform::MerchantId merchant) {
    customers::RecordInput in;
    std::string_view source = r.source;
    if (source == "web") {
        in.source = customers::RecordSource::kWeb;
        in.phone_verified = in.email_verified = true;
    } else {
        in.merchant = merchant;
        in.source = source.starts_with("pos:") ? customers::RecordSource::kPos : customers::RecordSource::kImport;
        if (!r.card_no.empty()) in.card_no = std::string(source.substr(source.find(':') + 1)) + "-" + r.card_no;
    }
    in.source_ref = "bench:" + r.record_id;
    in.name = r.name;
    in.phone = r.phone;
    in.email = r.email;
    in.birth_date = r.birth_date;
    in.postal_code = r.postal_code;
    in.address = r.address;
    return in;
}

double Percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    return v[i];
}

void PrintLatency(const char* label, std::vector<double> us) {
    double p50 = Percentile(us, 0.50), p90 = Percentile(us, 0.90), p99 = Percentile(us, 0.99);
    double max = us.empty() ? 0 : *std::max_element(us.begin(), us.end());
    std::printf("%-22s p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n", label, p50 / 1000, p90 / 1000, p99 / 1000,
                max / 1000);
}

}  // namespace

int main(int argc, char** argv) {
    std::string database;
    std::size_t profiles = 100'000, lookups = 2'000;
    bool million = false;
    std::uint64_t seed = 1;
    CLI::App app{"profile_bench: RecordInTx against a SQLite store of N generated people"};
    app.add_option("--database", database, "a SQLite URL (sqlite:///path.db); the file should not exist")->required();
    app.add_option("--profiles", profiles, "people to pre-fill (their records: about 2.3 each)");
    app.add_flag("--million", million, "pre-fill 1,000,000 people");
    app.add_option("--lookups", lookups, "records resolved one by one, timed");
    app.add_option("--seed", seed, "of the generator");
    CLI11_PARSE(app, argc, argv);
    if (million) profiles = 1'000'000;

    store::DbOptions options;
    options.sqlite_synchronous_full = false;
    auto db = Take(store::Open(database, options), "open " + database);
    if (db->dialect() != store::Dialect::kSqlite) {
        std::fprintf(stderr, "profile_bench: the pre-fill is written for SQLite\n");
        return 1;
    }
    std::vector<store::Migration> migrations;
    for (const auto& m : platform::SchemaMigrations()) migrations.push_back(m);
    for (const auto& m : customers::SchemaMigrations()) migrations.push_back(m);
    Take(store::Migrator(*db, migrations).Migrate(), "migrate");

    core::SystemClock clock;
    core::SeededRandom random(seed);
    platform::PasswordHasher hasher(platform::WeakParamsForTests{{1, 8 * 1024}});
    platform::UserService users(*db, clock, random, hasher);
    platform::MerchantService merchants(*db, clock, random, platform::BusanRegion());
    platform::User owner =
        Take(users.SignUp({"owner@profiles.example.kr", std::nullopt, "김대표", "profile-bench-2026"}), "the owner");
    platform::Merchant shop = Take(merchants.Apply(owner.id,
                                                   {.name_ko = "서면 생활마트",
                                                    .name_en = "Seomyeon Mart",
                                                    .business_number = "2208162517",
                                                    .representative = "김대표",
                                                    .industry_code = "seafood",
                                                    .district_code = "26230",
                                                    .address = "부산광역시 부산진구 중앙대로 691",
                                                    .phone = "051-803-1234"},
                                                   "127.0.0.1"),
                                   "the merchant");

    // About 2.5 records a person with the generator's defaults; the last `lookups` are resolved live.
    auto t0 = Clock::now();
    const std::size_t prefill = profiles * 25 / 10;
    auto generated = customers::GenerateRecords({.count = prefill + lookups, .seed = seed});
    std::printf("generated %zu records in %.1f s\n", generated.records.size(),
                std::chrono::duration<double>(Clock::now() - t0).count());

    const std::uint32_t today = 20261123;
    const std::int64_t now = core::ToUnixMicros(clock.Now());
    std::unordered_map<std::string, std::int64_t> person_key;
    std::size_t key_rows = 0;
    t0 = Clock::now();
    constexpr std::size_t kChunk = 5000;
    for (std::size_t begin = 0; begin < prefill; begin += kChunk) {
        std::size_t end = std::min(prefill, begin + kChunk);
        core::json::array persons, records, keys;
        for (std::size_t i = begin; i < end; ++i) {
            const auto& r = generated.records[i];
            auto [it, fresh] = person_key.try_emplace(generated.person_of[i], 0);
            if (fresh) {
                it->second = customers::PersonId::New(random).key();
                persons.push_back(it->second);
            }
            customers::RecordInput in = InputOf(r, shop.id);
            std::int64_t record = customers::RecordId::New(random).key();
            records.push_back(
                core::json::array{record, it->second, in.merchant ? core::json::value(in.merchant->key()) : nullptr,
                                  customers::RecordSourceName(in.source), in.source_ref, in.name, in.phone, in.email,
                                  in.birth_date, in.postal_code, in.address, in.card_no, in.phone_verified ? 1 : 0});
            // The keys exactly as the service computes them.
            customers::PersonRecord engine = r;
            engine.source = in.merchant ? "pos:" + in.merchant->ToString() : "web";
            engine.card_no = in.card_no;
            std::vector<std::int64_t> seen;
            customers::ForEachBlockingKey(customers::Normalize(engine, today), [&](std::string_view key) {
                auto h = static_cast<std::int64_t>(customers::HashKey(key));
                if (std::find(seen.begin(), seen.end(), h) != seen.end()) return;
                seen.push_back(h);
                keys.push_back(core::json::array{h, record});
            });
            key_rows += seen.size();
        }
        std::string p = core::ToJson(persons), rs = core::ToJson(records), ks = core::ToJson(keys);
        Check(db->Write([&](store::Tx& tx) -> core::Status {
            if (!persons.empty()) {
                JANGTEO_TRY(auto n, tx.Exec(kPersons, {p, now}));
                (void)n;
            }
            JANGTEO_TRY(auto r, tx.Exec(kRecords, {rs, now}));
            JANGTEO_TRY(auto k, tx.Exec(kKeys, {ks}));
            (void)r;
            (void)k;
            return {};
        }),
              "pre-fill");
    }
    std::printf("pre-filled %zu people, %zu records, %zu keys in %.1f s\n", person_key.size(), prefill, key_rows,
                std::chrono::duration<double>(Clock::now() - t0).count());

    customers::ProfileService service(*db, clock, random);
    Take(service.CurrentModel(), "the model");
    std::vector<double> in_tx, with_commit;
    std::size_t joined = 0, fresh = 0, reviewed = 0, refused = 0, candidates = 0;
    for (std::size_t i = prefill; i < generated.records.size(); ++i) {
        customers::RecordInput in = InputOf(generated.records[i], shop.id);
        double spent = 0;
        auto start = Clock::now();
        auto out = db->Write([&](store::Tx& tx) {
            auto s = Clock::now();
            auto r = service.RecordInTx(tx, in);
            spent = std::chrono::duration<double, std::micro>(Clock::now() - s).count();
            return r;
        });
        double total = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        if (!out.ok()) {
            ++refused;
            continue;
        }
        in_tx.push_back(spent);
        with_commit.push_back(total);
        candidates += out->candidates;
        if (out->decision == customers::RecordDecision::kJoined) ++joined;
        if (out->decision == customers::RecordDecision::kNew) ++fresh;
        if (out->review) ++reviewed;
    }
    std::printf(
        "looked up %zu records: %zu joined a person, %zu new (%zu with a review), %zu refused as input;"
        " %.1f candidates scored on average\n",
        in_tx.size(), joined, fresh, reviewed, refused,
        in_tx.empty() ? 0.0 : static_cast<double>(candidates) / static_cast<double>(in_tx.size()));
    PrintLatency("RecordInTx:", in_tx);
    PrintLatency("Record with commit:", with_commit);
    return 0;
}
