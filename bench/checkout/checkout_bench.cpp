// checkout_bench: the checkout under load over HTTP, and beside it the store's own ceiling of durable
// commits per second with the same store settings, so that the two can be compared (bench/checkout.sh).
//
//   checkout_bench seed     --database URL --customers 20000 --merchants 20 --out customers.tsv
//   checkout_bench run      --port 8080 --customers customers.tsv --connections 16 --seconds 20
//   checkout_bench ceiling  --database URL --threads 1,16 --seconds 5
//   checkout_bench count    --database URL
//   checkout_bench flow     --database URL --customers customers.tsv [--group-commit] [--mail-dir DIR]
//
// seed writes through the services, as the HTTP routes would (not HTTP: it is faster and the
// checkout is what is measured): an operator admin and a category; M approved merchants, each with
// an active product of three variants and a warehouse holding a large stock of each; N customers
// (Argon2id with the tests' weak parameters: this is a benchmark tool) with a cart of 1–3 lines
// from 1–2 merchants at the price the catalog quotes now (catalog::QuotePrice), and, last, a sign-in
// session each, so that the sessions are fresh when the run starts (a shopper who just looked at
// the cart: the checkout does not rewrite the session's last-seen time). It writes one line per
// customer: the session token, the CSRF token, the email and the merchants of the cart.
//
// run drives a running `jangteo serve` on 127.0.0.1 with C keep-alive connections (one thread
// each, plain sockets); each POSTs /api/v1/checkouts once per customer (cookie, X-CSRF-Token, a
// unique Idempotency-Key, bank transfer, delivery for every merchant) until the time or the
// customers run out. Answers in the first --warmup seconds are not counted. It reports orders/s
// (201 answers per second), checkouts' latency p50/p90/p99/max and the other answers by status,
// with the first body of each.
//
// ceiling opens a store::Db on a fresh database of the same backend with the server's store
// settings (SQLite: WAL, synchronous=FULL; the pool size the server takes), makes one tiny table
// and lets T threads commit single-row INSERT transactions through Db::Write as fast as they can.
//
// count says what the store holds after a run (checkouts, orders, sessions touched, mails).
//
// flow is a profiling PROTOTYPE, not the benchmark: the same checkout as the route (session
// look-up, idempotency claim, CheckoutFlows::Checkout with the answer recorded in its transaction)
// called in-process by C threads, with every statement counted and timed. --group-commit runs
// every write transaction through a committer thread that commits several of them in one store
// transaction (each under its own savepoint): the idea measured for the lead, outside src/.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "catalog/category.hpp"
#include "catalog/pricing.hpp"
#include "catalog/product.hpp"
#include "catalog/sellable.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "flows/cart.hpp"
#include "flows/checkout.hpp"
#include "flows/stock.hpp"
#include "inventory/location.hpp"
#include "inventory/stock.hpp"
#include "orders/cart.hpp"
#include "orders/order.hpp"
#include "orders/payment.hpp"
#include "orders/shipping.hpp"
#include "platform/idempotency.hpp"
#include "platform/merchant.hpp"
#include "platform/outbox.hpp"
#include "platform/password.hpp"
#include "platform/region.hpp"
#include "platform/session.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"

namespace {

using namespace jangteo;
using Steady = std::chrono::steady_clock;

constexpr std::string_view kPassword = "장터 벤치마크 고객 2026 해운대 바다";
constexpr std::string_view kSessionCookie = "jangteo_session";  // platform::CookieSettings, not secure
constexpr int kVariantsPerProduct = 3;

[[noreturn]] void Fail(const std::string& message) {
    std::fprintf(stderr, "checkout_bench: %s\n", message.c_str());
    std::exit(1);
}

void Check(const core::Status& st, std::string_view what) {
    if (st.ok()) return;
    std::string message(what);
    message.append(": ").append(st.error().reason).append(": ").append(st.error().message);
    for (const auto& f : st.error().fields) message.append("\n  ").append(f.field).append(": ").append(f.message);
    Fail(message);
}

template <typename T>
T Take(core::Result<T> r, std::string_view what) {
    if (!r.ok()) Check(core::Status(std::move(r).error()), what);
    return std::move(*r);
}

// splitmix64: cheap, and the same numbers on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : Next() % n; }

private:
    std::uint64_t state_;
};

double Seconds(Steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

// The n-th of a series of valid business numbers (10 digits, check digit right).
std::string BusinessNumber(int n) {
    std::string nine = std::to_string(708000000 + n);
    static constexpr int kWeights[9] = {1, 3, 7, 1, 3, 7, 1, 3, 5};
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (nine[i] - '0') * kWeights[i];
    sum += ((nine[8] - '0') * 5) / 10;
    nine.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return nine;
}

// Runs fn(i) for i in [0, n) on `threads` threads.
template <typename F>
void Parallel(int threads, std::size_t n, F&& fn) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
        });
    }
    for (auto& th : pool) th.join();
}

// Latency figures in milliseconds.
struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};
Percentiles PercentilesOf(std::vector<std::int64_t> us) {
    Percentiles p;
    if (us.empty()) return p;
    std::sort(us.begin(), us.end());
    auto at = [&](double q) {
        std::size_t i = static_cast<std::size_t>(q * static_cast<double>(us.size() - 1) + 0.5);
        return static_cast<double>(us[std::min(i, us.size() - 1)]) / 1000.0;
    };
    p.p50 = at(0.50);
    p.p90 = at(0.90);
    p.p99 = at(0.99);
    p.max = static_cast<double>(us.back()) / 1000.0;
    double sum = 0;
    for (auto v : us) sum += static_cast<double>(v);
    p.mean = sum / static_cast<double>(us.size()) / 1000.0;
    return p;
}

store::DbOptions ServerStoreOptions(int pool_size) {
    store::DbOptions o;
    // What `jangteo serve` takes by default: pool 2 × threads (one per core), at least 4; SQLite
    // synchronous=FULL.
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    o.pool_size = pool_size > 0 ? pool_size : std::max(4, 2 * cores);
    o.sqlite_synchronous_full = true;
    return o;
}

// ---------------------------------------------------------------------------------------------
// The customers file: one line per customer.

struct Customer {
    std::string token;
    std::string csrf;
    std::string email;
    std::vector<std::string> merchants;  // public ids of the cart's merchants
};

std::vector<Customer> ReadCustomers(const std::string& path) {
    std::ifstream in(path);
    if (!in) Fail("cannot read " + path);
    std::vector<Customer> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, '\t')) cells.push_back(cell);
        if (cells.size() != 4) Fail(path + ": a line without 4 cells");
        Customer c{cells[0], cells[1], cells[2], {}};
        std::stringstream ms(cells[3]);
        while (std::getline(ms, cell, ',')) c.merchants.push_back(cell);
        out.push_back(std::move(c));
    }
    return out;
}

// The checkout request's body: bank transfer, delivery for every merchant of the cart.
std::string CheckoutBody(const Customer& c) {
    std::string body = R"({"email":")" + c.email + R"(","name":"벤치 고객","phone":"010-2345-6789",)";
    body += R"("payment_method":"bank_transfer","orders":[)";
    for (std::size_t i = 0; i < c.merchants.size(); ++i) {
        if (i) body += ',';
        body += R"({"merchant_id":")" + c.merchants[i] + R"(","fulfilment":"delivery","address":{)";
        body += R"("recipient":"벤치 고객","phone":"010-2345-6789","postal_code":"48058",)";
        body += R"("road_address":"부산 해운대구 해운대해변로 264","detail":"101동 1001호"}})";
    }
    body += "]}";
    return body;
}

// ---------------------------------------------------------------------------------------------
// seed

struct SeedOptions {
    std::string database;
    int customers = 20000;
    int merchants = 20;
    int threads = 4;
    std::uint64_t seed = 20261124;
    std::string out;
};

struct SellableItem {
    catalog::VariantId variant;
    catalog::ProductId product;
    platform::MerchantId merchant;
    core::Money price;  // as quoted online for a quantity of 1 (no tiers, no sales)
};

int Seed(const SeedOptions& o) {
    store::DbOptions options;
    options.pool_size = std::max(4, o.threads);
    // Seeding needs no durability: the run's server opens the file with synchronous=FULL.
    options.sqlite_synchronous_full = false;
    auto db = Take(store::Open(o.database, options), "open " + o.database);
    core::SystemClock clock;
    core::SystemRandom random;
    platform::PasswordHasher hasher(platform::WeakParamsForTests{{1, 8 * 1024}});
    platform::Region region = platform::BusanRegion();
    platform::UserService users(*db, clock, random, hasher);
    platform::SessionService sessions(*db, clock, random);
    platform::MerchantService merchants(*db, clock, random, region);
    catalog::CategoryService categories(*db, clock, random);
    catalog::ProductService products(*db, clock, random, categories);
    inventory::LocationService locations(*db, clock, random, region);
    inventory::StockService stock(*db, clock, random);
    flows::StockFlows stock_flows(*db, locations, stock);
    orders::CartService carts(*db, clock, random);
    const std::string tag = std::to_string(o.seed);
    const auto started = Steady::now();

    platform::User admin =
        Take(users.SignUp({"admin-" + tag + "@bench.example.kr", std::nullopt, "벤치 운영자", std::string(kPassword)}),
             "the admin");
    catalog::Category category =
        Take(categories.Create({.code = "bench_" + tag, .name_ko = "벤치마크 상품", .name_en = "Benchmark goods"},
                               admin.id, "127.0.0.1"),
             "the category");

    std::vector<SellableItem> items;
    std::mutex items_mu;
    Parallel(o.threads, static_cast<std::size_t>(o.merchants), [&](std::size_t m) {
        const std::string n = std::to_string(m + 1);
        platform::User owner = Take(users.SignUp({"owner-" + tag + "-" + n + "@bench.example.kr", std::nullopt,
                                                  "벤치 대표 " + n, std::string(kPassword)}),
                                    "an owner");
        platform::Merchant shop = Take(merchants.Apply(owner.id,
                                                       {.name_ko = "벤치 상점 " + n,
                                                        .name_en = "Bench shop " + n,
                                                        .business_number = BusinessNumber(static_cast<int>(m) + 1),
                                                        .representative = "김대표",
                                                        .industry_code = "seafood",
                                                        .district_code = "26500",
                                                        .address = "부산광역시 수영구 광안해변로 219",
                                                        .phone = "051-754-1234"},
                                                       "127.0.0.1"),
                                       "a merchant");
        Take(merchants.ChangeStatus(shop.id, platform::MerchantStatus::kApproved, admin.id, "", "127.0.0.1"),
             "the approval");
        catalog::ProductInput input{
            .category = category.id, .title_ko = "기장 순살 고등어 " + n, .title_en = "Gijang boneless mackerel " + n};
        for (int v = 0; v < kVariantsPerProduct; ++v) {
            catalog::VariantInput variant;
            variant.sku = "BENCH-" + n + "-" + std::to_string(v + 1);
            variant.options = core::json::object{{"size", std::to_string(500 * (v + 1)) + "g"}};
            variant.base_price_won = 5'900 + 4'000 * v + 100 * static_cast<std::int64_t>(m);
            input.variants.push_back(std::move(variant));
        }
        catalog::Product made = Take(products.Create(shop.id, input), "a product");
        made = Take(products.SetStatus(shop.id, made.id, catalog::ProductStatus::kActive, made.version), "activate");
        inventory::Location place = Take(locations.Create(shop.id, {.kind = inventory::LocationKind::kWarehouse,
                                                                    .name_ko = "벤치 창고 " + n,
                                                                    .district_code = "26500",
                                                                    .postal_code = "48303",
                                                                    .road_address = "부산 수영구 광안해변로 219"}),
                                         "a location");
        std::vector<flows::AdjustmentInput> receipts;
        for (const auto& v : made.variants) {
            receipts.push_back({.location = place.id,
                                .variant = v.id,
                                .delta = 100'000'000,
                                .reason = inventory::Reason::kReceipt,
                                .note = "checkout_bench"});
        }
        Take(stock_flows.Adjust(shop.id, receipts, {inventory::ActorKind::kUser, owner.id.key()}), "the stock");
        std::lock_guard lock(items_mu);
        for (const auto& v : made.variants) items.push_back({v.id, made.id, shop.id, {}});
    });
    std::sort(items.begin(), items.end(), [](const SellableItem& a, const SellableItem& b) {
        return a.merchant != b.merchant ? a.merchant.key() < b.merchant.key() : a.variant.key() < b.variant.key();
    });
    // The prices the catalog quotes now, as the cart's route quotes them.
    Check(db->Read([&](store::Tx& tx) -> core::Status {
        std::vector<catalog::VariantId> ids;
        for (const auto& it : items) ids.push_back(it.variant);
        JANGTEO_TRY(std::vector<catalog::SellableVariant> found, catalog::SellableVariantsInTx(tx, ids));
        if (found.size() != items.size()) return core::Error::Internal("bench", "variants missing");
        for (std::size_t i = 0; i < items.size(); ++i) {
            JANGTEO_TRY(catalog::PriceQuote q,
                        catalog::QuotePrice(found[i].pricing, catalog::SalesChannel::kOnline, 1, clock.Now()));
            items[i].price = q.unit;
        }
        return {};
    }),
          "the prices");
    std::fprintf(stderr, "checkout_bench: %d merchants with %zu variants in %.1f s\n", o.merchants, items.size(),
                 Seconds(Steady::now() - started));

    // Customers and their carts: 1–3 lines from 1–2 merchants, 1–2 of each.
    const std::size_t n = static_cast<std::size_t>(o.customers);
    std::vector<platform::UserId> customer_ids(n);
    std::vector<std::vector<std::string>> cart_merchants(n);
    const auto carts_started = Steady::now();
    Parallel(o.threads, n, [&](std::size_t i) {
        Rng rng(o.seed * 1'000'003 + i);
        const std::string number = std::to_string(i + 1);
        platform::User user = Take(users.SignUp({"c" + number + "-" + tag + "@bench.example.kr", std::nullopt,
                                                 "벤치 고객 " + number, std::string(kPassword)}),
                                   "a customer");
        customer_ids[i] = user.id;
        int lines = 1 + static_cast<int>(rng.Below(3));
        int shops = lines == 1 ? 1 : 1 + static_cast<int>(rng.Below(2));
        std::vector<std::size_t> first_of_merchant;
        for (int s = 0; s < shops; ++s) {
            std::size_t m;
            do {
                m = rng.Below(static_cast<std::uint64_t>(o.merchants));
            } while (std::find(first_of_merchant.begin(), first_of_merchant.end(), m * kVariantsPerProduct) !=
                     first_of_merchant.end());
            first_of_merchant.push_back(m * kVariantsPerProduct);
        }
        std::vector<std::size_t> chosen;
        for (int l = 0; l < lines; ++l) {
            std::size_t base = first_of_merchant[static_cast<std::size_t>(l) % first_of_merchant.size()];
            std::size_t pick;
            do {
                pick = base + rng.Below(kVariantsPerProduct);
            } while (std::find(chosen.begin(), chosen.end(), pick) != chosen.end());
            chosen.push_back(pick);
        }
        for (std::size_t pick : chosen) {
            const SellableItem& it = items[pick];
            Take(carts.Add(orders::CartOwner::User(user.id), {.variant_key = it.variant.key(),
                                                              .product_key = it.product.key(),
                                                              .merchant = it.merchant,
                                                              .quantity = 1 + static_cast<std::int64_t>(rng.Below(2)),
                                                              .price_seen = it.price}),
                 "a cart line");
        }
        for (std::size_t base : first_of_merchant) cart_merchants[i].push_back(items[base].merchant.ToString());
    });
    std::fprintf(stderr, "checkout_bench: %zu customers with their carts in %.1f s\n", n,
                 Seconds(Steady::now() - carts_started));

    // Sessions last, so that they are fresh when the run starts.
    std::vector<platform::NewSession> made(n);
    const auto sessions_started = Steady::now();
    Parallel(o.threads, n, [&](std::size_t i) {
        made[i] = Take(sessions.Create(customer_ids[i], "checkout_bench", "127.0.0.1"), "a session");
    });
    std::ofstream out(o.out, std::ios::trunc);
    if (!out) Fail("cannot write " + o.out);
    for (std::size_t i = 0; i < n; ++i) {
        std::string list;
        for (const auto& m : cart_merchants[i]) list.append(list.empty() ? "" : ",").append(m);
        out << made[i].token << '\t' << made[i].csrf_token << '\t' << "c" << (i + 1) << "-" << tag
            << "@bench.example.kr\t" << list << '\n';
    }
    out.close();
    std::fprintf(stderr, "checkout_bench: %zu sessions in %.1f s; seeded in %.1f s in all\n", n,
                 Seconds(Steady::now() - sessions_started), Seconds(Steady::now() - started));
    db->Close();
    return 0;
}

// ---------------------------------------------------------------------------------------------
// run: HTTP/1.1 keep-alive clients on plain sockets.

class Connection {
public:
    Connection(int port) : port_(port) {}
    ~Connection() { Close(); }

    void Close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        buffer_.clear();
    }

    // Sends `request` and reads one answer: its status and body; 0 on a socket error (reconnects next time).
    int RoundTrip(const std::string& request, std::string& body) {
        if (fd_ < 0 && !Connect()) return 0;
        std::size_t sent = 0;
        while (sent < request.size()) {
            ssize_t w = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (w <= 0) return Broken();
            sent += static_cast<std::size_t>(w);
        }
        std::size_t header_end;
        while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
            if (!ReadMore()) return Broken();
        }
        std::string head = buffer_.substr(0, header_end);
        if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) return Broken();
        int status = std::atoi(head.c_str() + 9);
        std::size_t length = 0;
        bool close_after = false;
        std::string lower(head);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (auto at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
            length = static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
        } else if (lower.find("\r\ntransfer-encoding:") != std::string::npos) {
            Fail("the server answered with a chunked body, which this client does not read");
        }
        if (lower.find("\r\nconnection: close") != std::string::npos) close_after = true;
        std::size_t body_start = header_end + 4;
        while (buffer_.size() < body_start + length) {
            if (!ReadMore()) return Broken();
        }
        body.assign(buffer_, body_start, length);
        buffer_.erase(0, body_start + length);
        if (close_after) Close();
        return status;
    }

private:
    bool Connect() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) return false;
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval timeout{30, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            Close();
            return false;
        }
        return true;
    }
    bool ReadMore() {
        char chunk[16384];
        ssize_t r = ::recv(fd_, chunk, sizeof chunk, 0);
        if (r <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(r));
        return true;
    }
    int Broken() {
        Close();
        return 0;
    }

    int port_;
    int fd_ = -1;
    std::string buffer_;
};

struct RunOptions {
    int port = 0;
    std::string customers;
    int connections = 16;
    double seconds = 20;
    double warmup = 2;
    std::string key_prefix = "bench";
};

struct Sample {
    Steady::time_point end;
    std::int64_t latency_us;
    int status;
};

void PrintRun(const std::vector<Sample>& all, Steady::time_point from, Steady::time_point to, std::size_t sent,
              const std::map<int, std::string>& first_body, bool exhausted, const RunOptions& o) {
    std::vector<std::int64_t> ok_us;
    std::map<int, std::int64_t> statuses;
    Steady::time_point last = from;
    for (const auto& s : all) {
        if (s.end < from || s.end > to) continue;
        ++statuses[s.status];
        if (s.status == 201) ok_us.push_back(s.latency_us);
        last = std::max(last, s.end);
    }
    // The window ends when the customers ran out, if they did before the time.
    Steady::time_point window_end = exhausted ? last : to;
    double window = Seconds(window_end - from);
    Percentiles p = PercentilesOf(ok_us);
    double rate = window > 0 ? static_cast<double>(ok_us.size()) / window : 0;
    std::printf(
        "checkouts: %zu requests sent, %zu answers counted in %.1f s after a %.0f s warm-up, %d connections%s\n", sent,
        ok_us.size(), window, o.warmup, o.connections, exhausted ? " (the customers ran out before the time)" : "");
    std::printf("orders/s (201 per second): %.0f\n", rate);
    std::printf("latency of 201s (ms): p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  mean %.2f\n", p.p50, p.p90, p.p99, p.max,
                p.mean);
    std::int64_t other = 0;
    for (const auto& [status, count] : statuses) {
        if (status == 201) continue;
        other += count;
        std::printf("answers %d: %lld", status, static_cast<long long>(count));
        if (auto it = first_body.find(status); it != first_body.end()) {
            std::printf("  first: %.300s", it->second.c_str());
        }
        std::printf("\n");
    }
    if (other == 0) std::printf("answers other than 201: none\n");
    std::printf(
        "RESULT orders_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f ok=%zu other=%lld window_s=%.1f\n",
        rate, p.p50, p.p90, p.p99, p.max, ok_us.size(), static_cast<long long>(other), window);
}

int Run(const RunOptions& o) {
    std::vector<Customer> customers = ReadCustomers(o.customers);
    if (customers.empty()) Fail("no customers in " + o.customers);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> exhausted{false};
    const auto start = Steady::now();
    const auto warm = start + std::chrono::microseconds(static_cast<std::int64_t>(o.warmup * 1e6));
    const auto end = warm + std::chrono::microseconds(static_cast<std::int64_t>(o.seconds * 1e6));
    std::vector<std::vector<Sample>> samples(static_cast<std::size_t>(o.connections));
    std::mutex body_mu;
    std::map<int, std::string> first_body;
    std::vector<std::thread> threads;
    for (int t = 0; t < o.connections; ++t) {
        threads.emplace_back([&, t] {
            Connection conn(o.port);
            std::string body;
            auto& mine = samples[static_cast<std::size_t>(t)];
            mine.reserve(1 << 16);
            while (Steady::now() < end) {
                std::size_t i = next.fetch_add(1);
                if (i >= customers.size()) {
                    exhausted = true;
                    break;
                }
                const Customer& c = customers[i];
                std::string payload = CheckoutBody(c);
                std::string request = "POST /api/v1/checkouts HTTP/1.1\r\nHost: 127.0.0.1\r\n";
                request += "Content-Type: application/json\r\nAccept: application/json\r\n";
                request += "Cookie: " + std::string(kSessionCookie) + "=" + c.token + "\r\n";
                request += "X-CSRF-Token: " + c.csrf + "\r\n";
                request += "Idempotency-Key: " + o.key_prefix + "-" + std::to_string(i) + "\r\n";
                request += "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n";
                request += payload;
                const auto t0 = Steady::now();
                int status = conn.RoundTrip(request, body);
                const auto t1 = Steady::now();
                mine.push_back({t1, std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count(), status});
                if (status != 201) {
                    std::lock_guard lock(body_mu);
                    first_body.emplace(status, status == 0 ? "socket error" : body);
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    std::vector<Sample> all;
    for (auto& s : samples) all.insert(all.end(), s.begin(), s.end());
    PrintRun(all, warm, end, std::min(next.load(), customers.size()), first_body, exhausted.load(), o);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// ceiling

constexpr store::Sql kCreateCommits{"bench.create_commits",
                                    "CREATE TABLE IF NOT EXISTS bench_commits (id BIGINT PRIMARY KEY, "
                                    "thread_no BIGINT NOT NULL, at_us BIGINT NOT NULL, note TEXT NOT NULL)"};
constexpr store::Sql kInsertCommit{"bench.insert_commit",
                                   "INSERT INTO bench_commits (id, thread_no, at_us, note) VALUES ($1, $2, $3, $4)"};

struct CeilingOptions {
    std::string database;
    std::vector<int> threads{1, 16};
    double seconds = 5;
    int pool_size = 0;
};

int Ceiling(const CeilingOptions& o) {
    store::DbOptions options = ServerStoreOptions(o.pool_size);
    auto db = Take(store::Open(o.database, options), "open " + o.database);
    Check(db->Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(std::int64_t done, tx.Exec(kCreateCommits));
        (void)done;
        return {};
    }),
          "the table");
    std::printf("store: %s, pool %d, %s\n", std::string(store::DialectName(db->dialect())).c_str(), options.pool_size,
                db->dialect() == store::Dialect::kSqlite ? "WAL, synchronous=FULL" : "the server's settings");
    std::atomic<std::int64_t> next_id{1};
    for (int threads : o.threads) {
        std::vector<std::vector<std::int64_t>> lat(static_cast<std::size_t>(threads));
        std::atomic<std::int64_t> errors{0};
        const auto start = Steady::now();
        const auto end = start + std::chrono::microseconds(static_cast<std::int64_t>(o.seconds * 1e6));
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                auto& mine = lat[static_cast<std::size_t>(t)];
                while (Steady::now() < end) {
                    std::int64_t id = next_id.fetch_add(1);
                    const auto t0 = Steady::now();
                    auto st = db->Write([&](store::Tx& tx) -> core::Status {
                        JANGTEO_TRY(std::int64_t n,
                                    tx.Exec(kInsertCommit, {id, static_cast<std::int64_t>(t),
                                                            core::ToUnixMicros(core::SystemClock().Now()),
                                                            std::string_view("commit")}));
                        (void)n;
                        return {};
                    });
                    if (!st.ok()) {
                        errors.fetch_add(1);
                        continue;
                    }
                    mine.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Steady::now() - t0).count());
                }
            });
        }
        for (auto& th : pool) th.join();
        const double took = Seconds(Steady::now() - start);
        std::vector<std::int64_t> all;
        for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
        Percentiles p = PercentilesOf(all);
        double rate = static_cast<double>(all.size()) / took;
        std::printf("threads %2d: %8.0f commits/s  (p50 %.2f ms, p99 %.2f ms, %lld errors)\n", threads, rate, p.p50,
                    p.p99, static_cast<long long>(errors.load()));
        std::printf("RESULT threads=%d commits_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%lld\n", threads, rate, p.p50,
                    p.p99, static_cast<long long>(errors.load()));
    }
    db->Close();
    return 0;
}

// ---------------------------------------------------------------------------------------------
// count

int Count(const std::string& database) {
    auto db = Take(store::Open(database, ServerStoreOptions(4)), "open " + database);
    const std::vector<std::pair<std::string, std::string>> counts = {
        {"checkouts", "SELECT count(*) FROM orders_checkouts"},
        {"orders", "SELECT count(*) FROM orders_orders"},
        {"order_lines", "SELECT count(*) FROM orders_order_lines"},
        {"reservations", "SELECT count(*) FROM inventory_reservations"},
        {"payments", "SELECT count(*) FROM orders_payments"},
        {"idempotency_keys", "SELECT count(*) FROM platform_idempotency_keys"},
        {"cart_lines_left", "SELECT count(*) FROM orders_cart_lines"},
        {"sessions", "SELECT count(*) FROM platform_sessions"},
        {"sessions_touched", "SELECT count(*) FROM platform_sessions WHERE last_seen_at_us <> created_at_us"},
        {"mails", "SELECT count(*) FROM platform_outbox"},
        {"mails_sent", "SELECT count(*) FROM platform_outbox WHERE sent_at_us IS NOT NULL"},
    };
    for (const auto& [label, text] : counts) {
        store::Sql sql{label, text};
        auto n = db->Read([&](store::Tx& tx) -> core::Result<std::int64_t> {
            JANGTEO_TRY(store::Rows rows, tx.Query(sql));
            return rows.empty() ? 0 : rows[0].Int(0);
        });
        if (n.ok()) {
            std::printf("%-18s %lld\n", label.c_str(), static_cast<long long>(*n));
        } else {
            std::printf("%-18s ? (%s)\n", label.c_str(), n.error().message.c_str());
        }
    }
    db->Close();
    return 0;
}

// ---------------------------------------------------------------------------------------------
// flow (PROTOTYPE for profiling): the route's work in-process, statements counted and timed.

// Counts and times every statement and every write transaction of the Db it wraps.
class CountingDb final : public store::Db {
public:
    struct Figures {
        std::int64_t writes = 0, reads = 0, statements_in_writes = 0, statements_in_reads = 0;
        std::int64_t write_wait_us = 0;  // from the call to the start of the body (the writer lock, BEGIN)
        std::int64_t write_body_us = 0;  // the body's statements and code
        std::int64_t write_end_us = 0;   // from the body's end to the return (COMMIT, its fsync)
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_name;  // name → count, µs
    };

    explicit CountingDb(store::Db& inner) : inner_(inner) {}

    store::Dialect dialect() const override { return inner_.dialect(); }
    std::string Describe() const override { return inner_.Describe(); }
    store::PoolStats Stats() const override { return inner_.Stats(); }
    void Close() override { inner_.Close(); }

    Figures Snapshot() {
        std::lock_guard lock(mu_);
        return figures_;
    }
    void Reset() {
        std::lock_guard lock(mu_);
        figures_ = {};
    }

protected:
    core::Status RunRead(core::FunctionRef<core::Status(store::Tx&)> body) override {
        Local local;
        auto st = inner_.Read([&](store::Tx& tx) -> core::Status {
            local.Clear();
            Tx counting(tx, local);
            return body(counting);
        });
        std::lock_guard lock(mu_);
        ++figures_.reads;
        figures_.statements_in_reads += local.statements;
        local.MergeInto(figures_);
        return st;
    }
    core::Status RunWrite(core::FunctionRef<core::Status(store::Tx&)> body) override {
        Local local;
        const auto t0 = Steady::now();
        Steady::time_point body_start{}, body_end{};
        auto st = inner_.Write([&](store::Tx& tx) -> core::Status {
            local.Clear();
            body_start = Steady::now();
            Tx counting(tx, local);
            auto r = body(counting);
            body_end = Steady::now();
            return r;
        });
        const auto t1 = Steady::now();
        std::lock_guard lock(mu_);
        ++figures_.writes;
        figures_.statements_in_writes += local.statements;
        if (body_start != Steady::time_point{}) {
            figures_.write_wait_us += Us(body_start - t0);
            figures_.write_body_us += Us(body_end - body_start);
            figures_.write_end_us += Us(t1 - body_end);
        }
        local.MergeInto(figures_);
        return st;
    }

private:
    static std::int64_t Us(Steady::duration d) {
        return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    }
    struct Local {
        std::int64_t statements = 0;
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_name;
        void Clear() {
            statements = 0;
            by_name.clear();
        }
        void MergeInto(Figures& f) const {
            for (const auto& [name, v] : by_name) {
                f.by_name[name].first += v.first;
                f.by_name[name].second += v.second;
            }
        }
    };
    class Tx final : public store::Tx {
    public:
        Tx(store::Tx& inner, Local& local) : inner_(inner), local_(local) {}
        store::Dialect dialect() const override { return inner_.dialect(); }
        core::Result<store::Rows> Query(const store::Sql& sql, store::Params params) override {
            const auto t0 = Steady::now();
            auto r = inner_.Query(sql, params);
            Note(sql, Steady::now() - t0);
            return r;
        }
        core::Result<std::int64_t> Exec(const store::Sql& sql, store::Params params) override {
            const auto t0 = Steady::now();
            auto r = inner_.Exec(sql, params);
            Note(sql, Steady::now() - t0);
            return r;
        }
        core::Status ExecScript(std::string_view sql) override { return inner_.ExecScript(sql); }

    private:
        void Note(const store::Sql& sql, Steady::duration took) {
            ++local_.statements;
            auto& v = local_.by_name[std::string(sql.name)];
            ++v.first;
            v.second += Us(took);
        }
        store::Tx& inner_;
        Local& local_;
    };

    store::Db& inner_;
    std::mutex mu_;
    Figures figures_;
};

// PROTOTYPE of group commit: the write transactions of every thread are run, one after the other,
// by one committer thread inside ONE store transaction (each body under its own savepoint, so that a
// body that fails rolls back alone), committed once for all of them: one fsync for a batch. A body
// waits until its batch has committed, so its caller still sees a durable result.
class GroupCommitDb final : public store::Db {
public:
    GroupCommitDb(store::Db& inner, int max_batch) : inner_(inner), max_batch_(max_batch) {
        committer_ = std::thread([this] { Loop(); });
    }
    ~GroupCommitDb() override {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        committer_.join();
    }

    store::Dialect dialect() const override { return inner_.dialect(); }
    std::string Describe() const override { return inner_.Describe(); }
    store::PoolStats Stats() const override { return inner_.Stats(); }
    void Close() override { inner_.Close(); }

    std::int64_t batches() const { return batches_.load(); }
    std::int64_t bodies() const { return bodies_.load(); }

protected:
    core::Status RunRead(core::FunctionRef<core::Status(store::Tx&)> body) override {
        return inner_.Read([&](store::Tx& tx) -> core::Status { return body(tx); });
    }
    core::Status RunWrite(core::FunctionRef<core::Status(store::Tx&)> body) override {
        Job job{body};
        std::unique_lock lock(mu_);
        queue_.push_back(&job);
        cv_.notify_all();
        done_cv_.wait(lock, [&] { return job.done; });
        return job.result;
    }

private:
    struct Job {
        core::FunctionRef<core::Status(store::Tx&)> body;
        core::Status result;
        bool done = false;
        int attempts = 0;
    };

    void Loop() {
        while (true) {
            std::vector<Job*> batch;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;
                while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
                    batch.push_back(queue_.front());
                    queue_.pop_front();
                }
            }
            auto st = inner_.Write([&](store::Tx& tx) -> core::Status {
                for (Job* job : batch) {
                    JANGTEO_TRY_STATUS(tx.ExecScript("SAVEPOINT bench_group"));
                    job->result = job->body(tx);
                    if (job->result.ok()) {
                        JANGTEO_TRY_STATUS(tx.ExecScript("RELEASE SAVEPOINT bench_group"));
                    } else {
                        JANGTEO_TRY_STATUS(
                            tx.ExecScript("ROLLBACK TO SAVEPOINT bench_group; RELEASE SAVEPOINT bench_group"));
                    }
                }
                return {};
            });
            batches_.fetch_add(1);
            bodies_.fetch_add(static_cast<std::int64_t>(batch.size()));
            std::vector<Job*> again;
            {
                std::lock_guard lock(mu_);
                for (Job* job : batch) {
                    if (!st.ok()) job->result = st;
                    if (!job->result.ok() && store::IsRetryable(job->result.error()) && ++job->attempts < 5) {
                        again.push_back(job);
                        continue;
                    }
                    job->done = true;
                }
                for (Job* job : again) queue_.push_front(job);
            }
            done_cv_.notify_all();
        }
    }

    store::Db& inner_;
    const int max_batch_;
    std::mutex mu_;
    std::condition_variable cv_, done_cv_;
    std::deque<Job*> queue_;
    bool stopping_ = false;
    std::atomic<std::int64_t> batches_{0}, bodies_{0};
    std::thread committer_;
};

struct FlowOptions {
    std::string database;
    std::string customers;
    int connections = 16;
    double seconds = 10;
    double warmup = 1;
    bool group_commit = false;
    int max_batch = 64;
    std::string mail_dir;  // the outbox's folder: the mails are sent as the server sends them; "" for none
    int pool_size = 0;
};

int Flow(const FlowOptions& o) {
    std::vector<Customer> customers = ReadCustomers(o.customers);
    auto base = Take(store::Open(o.database, ServerStoreOptions(o.pool_size)), "open " + o.database);
    std::unique_ptr<GroupCommitDb> grouped;
    if (o.group_commit) grouped = std::make_unique<GroupCommitDb>(*base, o.max_batch);
    CountingDb db(grouped ? static_cast<store::Db&>(*grouped) : *base);
    core::SystemClock clock;
    core::SystemRandom random;
    platform::Region region = platform::BusanRegion();
    platform::SessionService sessions(db, clock, random);
    platform::IdempotencyService keys(db, clock, random);
    orders::CartService carts(db, clock, random);
    orders::ShippingService shipping(db, clock);
    orders::OrderService orders_service(db, clock, random);
    orders::PaymentProviders providers;
    orders::PaymentService payments(db, clock, random, providers);
    inventory::LocationService locations(db, clock, random, region);
    inventory::StockService stock(db, clock, random);
    flows::CartFlows cart_flows(db, clock, carts, shipping, locations, stock);
    channels::RoutingService routing(db, clock, random);
    channels::CreditService credits(db, clock, random);
    flows::CheckoutFlows checkout(db, clock, random, cart_flows, carts, orders_service, payments, shipping, locations,
                                  stock, routing, credits);
    std::unique_ptr<platform::DevFolderSender> folder;
    std::unique_ptr<platform::OutboxDispatcher> dispatcher;
    if (!o.mail_dir.empty()) {
        std::filesystem::create_directories(o.mail_dir);
        folder = std::make_unique<platform::DevFolderSender>(o.mail_dir);
        dispatcher = std::make_unique<platform::OutboxDispatcher>(db, clock, random, *folder, *folder);
        dispatcher->Start();
    }

    std::atomic<std::size_t> next{0};
    std::atomic<bool> exhausted{false};
    const auto start = Steady::now();
    const auto warm = start + std::chrono::microseconds(static_cast<std::int64_t>(o.warmup * 1e6));
    const auto end = warm + std::chrono::microseconds(static_cast<std::int64_t>(o.seconds * 1e6));
    std::vector<std::vector<Sample>> samples(static_cast<std::size_t>(o.connections));
    std::mutex body_mu;
    std::map<int, std::string> first_error;
    std::atomic<bool> reset{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < o.connections; ++t) {
        threads.emplace_back([&, t] {
            auto& mine = samples[static_cast<std::size_t>(t)];
            while (Steady::now() < end) {
                if (!reset.load() && Steady::now() >= warm && !reset.exchange(true)) db.Reset();
                std::size_t i = next.fetch_add(1);
                if (i >= customers.size()) {
                    exhausted = true;
                    break;
                }
                const Customer& c = customers[i];
                std::string body = CheckoutBody(c);
                const auto t0 = Steady::now();
                // What the route does: the session, the idempotency claim, the flow with the answer
                // recorded in its transaction.
                int status = 201;
                std::string error;
                auto session = sessions.Resolve(c.token);
                if (!session.ok() || !sessions.CheckCsrf(*session, c.csrf)) {
                    status = 401;
                    error = session.ok() ? "csrf" : session.error().reason;
                } else {
                    flows::CheckoutInput input;
                    input.owner = orders::CartOwner::User(session->user_id);
                    input.email = c.email;
                    input.name = "벤치 고객";
                    input.phone = "010-2345-6789";
                    input.method = orders::PaymentMethod::kBankTransfer;
                    for (const auto& m : c.merchants) {
                        input.orders.push_back({.merchant = *platform::MerchantId::Parse(m),
                                                .fulfilment = orders::Fulfilment::kDelivery,
                                                .address = {.recipient = "벤치 고객",
                                                            .phone = "010-2345-6789",
                                                            .postal_code = "48058",
                                                            .road_address = "부산 해운대구 해운대해변로 264",
                                                            .detail = "101동 1001호"}});
                    }
                    auto begin = keys.Begin("checkout:" + session->user_id.ToString(), "flow-" + std::to_string(i),
                                            platform::RequestHash("POST /api/v1/checkouts\n" + body));
                    if (!begin.ok() || !begin->claim) {
                        status = 409;
                        error = begin.ok() ? "replayed" : begin.error().reason;
                    } else {
                        const platform::IdempotencyClaim claim = *begin->claim;
                        auto done = checkout.Checkout(input, [&](store::Tx& tx, const flows::CheckoutOutcome& out) {
                            return keys.FinishInTx(tx, claim, 201, "{\"id\":\"" + out.checkout.id.ToString() + "\"}");
                        });
                        if (!done.ok()) {
                            status = 409;
                            error = done.error().reason + ": " + done.error().message;
                            (void)keys.Abandon(claim);
                        }
                    }
                }
                const auto t1 = Steady::now();
                mine.push_back({t1, std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count(), status});
                if (status != 201) {
                    std::lock_guard lock(body_mu);
                    first_error.emplace(status, error);
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    CountingDb::Figures f = db.Snapshot();
    if (dispatcher) dispatcher->Stop();
    std::vector<Sample> all;
    for (auto& s : samples) all.insert(all.end(), s.begin(), s.end());
    RunOptions shown{.connections = o.connections, .seconds = o.seconds, .warmup = o.warmup};
    std::printf("PROTOTYPE flow (in-process, no HTTP)%s%s\n", o.group_commit ? ", group commit" : "",
                dispatcher ? ", outbox dispatcher on" : ", outbox dispatcher off");
    PrintRun(all, warm, end, std::min(next.load(), customers.size()), first_error, exhausted.load(), shown);
    std::int64_t ok = 0;
    for (const auto& s : all) ok += (s.end >= warm && s.end <= end && s.status == 201) ? 1 : 0;
    if (ok > 0) {
        const double per = static_cast<double>(ok);
        std::printf("per checkout: %.2f write transactions (%.1f statements), %.2f reads (%.1f statements)\n",
                    static_cast<double>(f.writes) / per, static_cast<double>(f.statements_in_writes) / per,
                    static_cast<double>(f.reads) / per, static_cast<double>(f.statements_in_reads) / per);
        std::printf("per write transaction (µs): waiting for the writer %.0f, body %.0f, commit %.0f\n",
                    static_cast<double>(f.write_wait_us) / static_cast<double>(std::max<std::int64_t>(1, f.writes)),
                    static_cast<double>(f.write_body_us) / static_cast<double>(std::max<std::int64_t>(1, f.writes)),
                    static_cast<double>(f.write_end_us) / static_cast<double>(std::max<std::int64_t>(1, f.writes)));
        if (grouped) {
            std::printf("group commit: %lld bodies in %lld store transactions (%.1f a commit)\n",
                        static_cast<long long>(grouped->bodies()), static_cast<long long>(grouped->batches()),
                        static_cast<double>(grouped->bodies()) /
                            static_cast<double>(std::max<std::int64_t>(1, grouped->batches())));
        }
        std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> names(f.by_name.begin(),
                                                                                         f.by_name.end());
        std::sort(names.begin(), names.end(),
                  [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
        std::printf("statements by name (per checkout, µs each):\n");
        for (const auto& [name, v] : names) {
            std::printf("  %-44s %5.2f  %7.1f\n", name.c_str(), static_cast<double>(v.first) / per,
                        static_cast<double>(v.second) / static_cast<double>(std::max<std::int64_t>(1, v.first)));
        }
    }
    grouped.reset();
    base->Close();
    return 0;
}

std::vector<int> ParseList(const std::string& text) {
    std::vector<int> out;
    std::stringstream ss(text);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
        if (!cell.empty()) out.push_back(std::atoi(cell.c_str()));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"checkout_bench: the checkout under load, and the store's ceiling of durable commits/s"};
    app.require_subcommand(1);

    SeedOptions seed;
    auto* seed_cmd = app.add_subcommand("seed", "merchants, customers with carts and sessions, through the services");
    seed_cmd->add_option("--database", seed.database, "as the server's db setting")->required();
    seed_cmd->add_option("--customers", seed.customers, "customers, each with a cart and a session");
    seed_cmd->add_option("--merchants", seed.merchants, "merchants, each with a product of 3 variants");
    seed_cmd->add_option("--threads", seed.threads, "seeding threads");
    seed_cmd->add_option("--seed", seed.seed, "makes the emails and carts");
    seed_cmd->add_option("--out", seed.out, "the customers file (token, csrf, email, merchants)")->required();

    RunOptions run;
    auto* run_cmd = app.add_subcommand("run", "POST /api/v1/checkouts over keep-alive connections to 127.0.0.1");
    run_cmd->add_option("--port", run.port, "the server's port on 127.0.0.1")->required();
    run_cmd->add_option("--customers", run.customers, "the file seed wrote")->required();
    run_cmd->add_option("--connections", run.connections, "concurrent clients");
    run_cmd->add_option("--seconds", run.seconds, "measured seconds, after the warm-up");
    run_cmd->add_option("--warmup", run.warmup, "seconds not counted at the start");
    run_cmd->add_option("--key-prefix", run.key_prefix, "of the Idempotency-Keys");

    CeilingOptions ceiling;
    std::string ceiling_threads = "1,16";
    auto* ceiling_cmd = app.add_subcommand("ceiling", "durable single-row commits/s through store::Db");
    ceiling_cmd->add_option("--database", ceiling.database, "a fresh database of the backend")->required();
    ceiling_cmd->add_option("--threads", ceiling_threads, "thread counts, comma-separated");
    ceiling_cmd->add_option("--seconds", ceiling.seconds, "per thread count");
    ceiling_cmd->add_option("--pool-size", ceiling.pool_size, "0: as the server (2 x cores, at least 4)");

    std::string count_db;
    auto* count_cmd = app.add_subcommand("count", "what a run left in the store");
    count_cmd->add_option("--database", count_db, "the seeded database")->required();

    FlowOptions flow;
    auto* flow_cmd = app.add_subcommand("flow", "PROTOTYPE: the checkout in-process, statements counted");
    flow_cmd->add_option("--database", flow.database, "the seeded database")->required();
    flow_cmd->add_option("--customers", flow.customers, "the file seed wrote")->required();
    flow_cmd->add_option("--connections", flow.connections, "concurrent callers");
    flow_cmd->add_option("--seconds", flow.seconds, "measured seconds, after the warm-up");
    flow_cmd->add_option("--warmup", flow.warmup, "seconds not counted at the start");
    flow_cmd->add_flag("--group-commit", flow.group_commit, "several write transactions per store commit");
    flow_cmd->add_option("--max-batch", flow.max_batch, "group commit: bodies per commit at most");
    flow_cmd->add_option("--mail-dir", flow.mail_dir, "run the outbox dispatcher into this folder");
    flow_cmd->add_option("--pool-size", flow.pool_size, "0: as the server");

    CLI11_PARSE(app, argc, argv);
    if (seed_cmd->parsed()) return Seed(seed);
    if (run_cmd->parsed()) return Run(run);
    if (ceiling_cmd->parsed()) {
        ceiling.threads = ParseList(ceiling_threads);
        return Ceiling(ceiling);
    }
    if (count_cmd->parsed()) return Count(count_db);
    if (flow_cmd->parsed()) return Flow(flow);
    return 2;
}
