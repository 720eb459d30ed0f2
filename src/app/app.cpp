#include "app/app.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>

#include "catalog/category.hpp"
#include "catalog/demo_categories.hpp"
#include "catalog/demo_products.hpp"
#include "catalog/media.hpp"
#include "catalog/portal.hpp"
#include "catalog/price_policy.hpp"
#include "catalog/product.hpp"
#include "catalog/product_import.hpp"
#include "catalog/routes.hpp"
#include "channels/credit.hpp"
#include "channels/pos_report.hpp"
#include "channels/pos_sale.hpp"
#include "channels/routing.hpp"
#include "channels/sales_import.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "customers/batch.hpp"
#include "customers/consent.hpp"
#include "customers/member.hpp"
#include "customers/points.hpp"
#include "customers/profile.hpp"
#include "flows/cart.hpp"
#include "flows/channel_routing.hpp"
#include "flows/checkout.hpp"
#include "flows/customer_flows.hpp"
#include "flows/customer_views.hpp"
#include "flows/demo_stock.hpp"
#include "flows/import_jobs.hpp"
#include "flows/my_customer.hpp"
#include "flows/pos.hpp"
#include "flows/routes.hpp"
#include "flows/stock.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "inventory/location.hpp"
#include "inventory/routes.hpp"
#include "inventory/stock.hpp"
#include "orders/cart.hpp"
#include "orders/order.hpp"
#include "orders/payment.hpp"
#include "orders/payment_test_card.hpp"
#include "orders/shipping.hpp"
#include "platform/access.hpp"
#include "platform/api_key.hpp"
#include "platform/audit.hpp"
#include "platform/demo_seed.hpp"
#include "platform/idempotency.hpp"
#include "platform/industry.hpp"
#include "platform/invitation.hpp"
#include "platform/job.hpp"
#include "platform/membership.hpp"
#include "platform/merchant.hpp"
#include "platform/operator.hpp"
#include "platform/operator_admin.hpp"
#include "platform/outbox.hpp"
#include "platform/password.hpp"
#include "platform/password_reset.hpp"
#include "platform/rate_limit.hpp"
#include "platform/region.hpp"
#include "platform/routes.hpp"
#include "platform/session.hpp"
#include "platform/sign_in.hpp"
#include "platform/smtp.hpp"
#include "platform/user.hpp"
#include "store/db.hpp"
#include "store/migration.hpp"

#ifndef JANGTEO_VERSION
#define JANGTEO_VERSION "0.0.0"
#endif

namespace jangteo::app {

namespace json = core::json;

std::string_view Version() {
    return JANGTEO_VERSION;
}

namespace {

std::vector<store::Migration> AllMigrations() {
    std::vector<store::Migration> all;
    // Modules in dependency order: a module's tables may refer only to those of modules before it.
    for (const auto& m : platform::SchemaMigrations()) all.push_back(m);
    for (const auto& m : catalog::SchemaMigrations()) all.push_back(m);
    for (const auto& m : orders::SchemaMigrations()) all.push_back(m);
    for (const auto& m : inventory::SchemaMigrations()) all.push_back(m);
    for (const auto& m : channels::SchemaMigrations()) all.push_back(m);
    for (const auto& m : customers::SchemaMigrations()) all.push_back(m);
    return all;
}

int Threads(const Settings& s) {
    return s.threads > 0 ? s.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int PoolSize(const Settings& s) {
    if (s.db_pool_size > 0) return s.db_pool_size;
    // PostgreSQL: a connection is a server process, so about two per core. SQLite: a reader is cheap,
    // and the handler threads are as many; more handlers waiting for the one writer together make
    // larger group commits (store/sqlite), so SQLite gets more.
    bool postgres = s.db.starts_with("postgres://") || s.db.starts_with("postgresql://");
    return postgres ? std::max(4, Threads(s) * 2) : std::max(16, Threads(s) * 8);
}

// Resident set size now and at its peak, from /proc (bytes).
std::pair<std::int64_t, std::int64_t> MemoryFigures() {
    std::ifstream in("/proc/self/status");
    std::string line;
    std::int64_t rss = 0, peak = 0;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) rss = std::atoll(line.c_str() + 6) * 1024;
        if (line.starts_with("VmHWM:")) peak = std::atoll(line.c_str() + 6) * 1024;
    }
    return {rss, peak};
}

void RenderStoreStats(std::string& out, const store::PoolStats& s, std::string_view backend) {
    char buf[256];
    auto metric = [&](const char* name, const char* type, const char* help, std::int64_t value) {
        int n =
            std::snprintf(buf, sizeof buf, "# HELP %s %s\n# TYPE %s %s\n%s{backend=\"%.*s\"} %lld\n", name, help, name,
                          type, name, static_cast<int>(backend.size()), backend.data(), static_cast<long long>(value));
        out.append(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
    };
    metric("store_pool_connections", "gauge", "Database connections open now.", s.size);
    metric("store_pool_max_connections", "gauge", "The bound of the connection pool.", s.max_size);
    metric("store_pool_in_use", "gauge", "Database connections lent to requests now.", s.in_use);
    metric("store_pool_waiting", "gauge", "Requests waiting for a database connection now.", s.waiting);
    metric("store_pool_acquired_total", "counter", "Database connections lent out.", s.acquired_total);
    metric("store_pool_waited_total", "counter", "Connection requests that had to wait.", s.waited_total);
    metric("store_pool_timeouts_total", "counter", "Connection requests that gave up waiting.", s.timeouts_total);
    metric("store_tx_retries_total", "counter", "Transactions retried after a conflict or a lost connection.",
           s.retries_total);
    metric("store_reconnects_total", "counter", "Database connections replaced after being lost.", s.reconnects_total);
    metric("store_commits_total", "counter", "SQLite: commits of the writer, each of one or more write transactions.",
           s.commits_total);
}

// Handlers that may wait on the store (a PostgreSQL round trip, a SQLite commit's fsync or its
// writer lock) run on a pool of their own, one thread per database connection, so that the network
// threads stay free for other connections.
int HandlerThreads(const Settings& s) {
    return PoolSize(s);
}

json::value StatusSchema() {
    return json::object{{"type", "object"},
                        {"required", json::array{"status"}},
                        {"properties", json::object{{"status", json::object{{"type", "string"}}}}}};
}

// The outbox's senders and its dispatcher, as the settings choose them. The dispatcher is declared
// last, so that it stops before the senders go; it must go before the store closes.
struct Outbox {
    std::unique_ptr<platform::DevFolderSender> folder;  // every SMS, and email unless SMTP is set
    std::unique_ptr<platform::SmtpSender> smtp;
    std::unique_ptr<platform::OutboxDispatcher> dispatcher;
};

core::Result<std::unique_ptr<Outbox>> StartOutbox(const Settings& s, store::Db& db, core::Clock& clock,
                                                  core::Random& random) {
    auto out = std::make_unique<Outbox>();
    out->folder = std::make_unique<platform::DevFolderSender>(s.mail_dir);
    platform::MessageSender* email = out->folder.get();
    if (s.mail_sender == MailSender::kSmtp) {
        JANGTEO_TRY(
            out->smtp,
            platform::SmtpSender::Create(
                {.url = s.smtp_url, .username = s.smtp_username, .password = s.smtp_password, .from = s.mail_from}));
        email = out->smtp.get();
    }
    out->dispatcher = std::make_unique<platform::OutboxDispatcher>(db, clock, random, *email, *out->folder);
    out->dispatcher->Start();
    core::log::Info("outbox_started", {{"mail_sender", out->smtp ? "smtp" : "dev"}, {"mail_dir", s.mail_dir}});
    return out;
}

// Services are made before the server, the outbox dispatcher only once the store is migrated: the
// services hold this forwarder, which wakes the dispatcher while there is one.
class ForwardingWaker final : public platform::OutboxWaker {
public:
    void Wake() override {
        if (platform::OutboxWaker* target = target_.load(std::memory_order_acquire)) target->Wake();
    }
    void Set(platform::OutboxWaker* target) { target_.store(target, std::memory_order_release); }

private:
    std::atomic<platform::OutboxWaker*> target_{nullptr};
};

// Deletes what has expired (sessions, rate counters, reset links) every few minutes, in bounded
// batches, until stopped. One per server; with several servers the deletes simply find less.
class Housekeeping {
public:
    explicit Housekeeping(std::function<void()> round, std::chrono::seconds every = std::chrono::minutes(10))
        : round_(std::move(round)), every_(every), thread_([this] { Loop(); }) {}
    ~Housekeeping() {
        {
            std::lock_guard lock(mu_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

private:
    void Loop() {
        std::unique_lock lock(mu_);
        while (!stop_) {
            if (cv_.wait_for(lock, every_, [this] { return stop_; })) break;
            lock.unlock();
            round_();
            lock.lock();
        }
    }
    std::function<void()> round_;
    std::chrono::seconds every_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;  // last: starts after the rest is ready
};

// Where the demo's product pictures go: the media folder and upload limit the server uses.
catalog::DemoProductsOptions DemoProductsOptionsOf(const Settings& s) {
    return {.media_dir = s.media_dir, .image_limits = {.max_bytes = s.image_max_bytes}};
}

// One account of the demo, as a line of the seed's answer.
void AppendAccount(std::string& out, std::string_view label, const platform::DemoAccount& a) {
    out.append("  ").append(label).append(a.email).append("  (").append(a.name).append(")");
    if (!a.merchant_name_ko.empty()) {
        out.append(" — ").append(a.merchant_name_ko);
        if (!a.merchant_name_en.empty()) out.append(" / ").append(a.merchant_name_en);
    }
    out.append("\n");
}

}  // namespace

struct App::Parts {
    Settings settings;
    core::SystemClock clock;
    core::SystemRandom random;
    // The region and its districts, from region_file or Busan's; merchants' districts are checked
    // against it, so the services that take it hold a reference to this member.
    platform::Region region;
    std::unique_ptr<store::Db> db;
    platform::PasswordHasher hasher;
    ForwardingWaker waker;
    std::unique_ptr<platform::OperatorService> operators;
    std::unique_ptr<platform::UserService> users;
    std::unique_ptr<platform::SessionService> sessions;
    std::unique_ptr<platform::RateLimiter> limits;
    std::unique_ptr<platform::SignInService> accounts;
    std::unique_ptr<platform::MerchantService> merchants;
    std::unique_ptr<platform::MembershipService> memberships;
    std::unique_ptr<platform::IndustryService> industries;
    std::unique_ptr<platform::OperatorAdminService> admins;
    std::unique_ptr<platform::ApiKeyService> keys;
    std::unique_ptr<platform::AuditLog> audit;
    std::unique_ptr<platform::PasswordResetService> resets;
    std::unique_ptr<platform::InvitationService> invitations;
    std::unique_ptr<catalog::CategoryService> categories;
    std::unique_ptr<catalog::ProductService> products;
    std::unique_ptr<catalog::ImageService> images;
    std::unique_ptr<catalog::ImportService> imports;
    std::unique_ptr<catalog::PricePolicyService> price_policies;
    std::unique_ptr<catalog::Portal> portal;
    std::unique_ptr<inventory::LocationService> locations;
    std::unique_ptr<inventory::StockService> stock;
    std::unique_ptr<flows::StockFlows> stock_flows;
    std::unique_ptr<platform::IdempotencyService> idempotency;
    std::unique_ptr<orders::CartService> carts;
    std::unique_ptr<orders::ShippingService> shipping;
    std::unique_ptr<orders::OrderService> orders;
    std::unique_ptr<orders::TestCardProvider> test_card;
    orders::PaymentProviders providers;
    std::unique_ptr<orders::PaymentService> payments;
    std::unique_ptr<flows::CartFlows> cart_flows;
    std::unique_ptr<channels::RoutingService> routing;
    std::unique_ptr<channels::CreditService> credits;
    std::unique_ptr<flows::ChannelFlows> channel_flows;
    std::unique_ptr<customers::ProfileService> profiles;
    std::unique_ptr<customers::PointService> points;
    std::unique_ptr<flows::CustomerFlows> customer_flows;
    std::unique_ptr<flows::CheckoutFlows> checkout_flows;
    std::unique_ptr<channels::PosSaleStore> pos_sales;
    std::unique_ptr<channels::PosReports> pos_reports;
    std::unique_ptr<flows::PosFlows> pos_flows;
    std::unique_ptr<customers::MemberStore> members;
    std::unique_ptr<platform::JobService> jobs;
    std::unique_ptr<flows::ImportJobs> import_jobs;
    // Consents (issue 7), the back office's customers and my page over them.
    std::unique_ptr<customers::ConsentService> consents;
    std::unique_ptr<flows::CustomerViews> customer_views;
    std::unique_ptr<customers::ErasureService> erasure;
    std::unique_ptr<flows::MyCustomerFlows> my_customer;
};

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() {
    if (parts_ && parts_->imports) parts_->imports->Stop();
    if (parts_ && parts_->jobs) parts_->jobs->Stop();
    if (parts_ && parts_->portal) parts_->portal->Stop();
    if (parts_ && parts_->db) parts_->db->Close();
}

core::Result<std::unique_ptr<App>> App::Create(const Settings& settings) {
    auto parts = std::make_unique<Parts>();
    parts->settings = settings;
    if (settings.region_file.empty()) {
        parts->region = platform::BusanRegion();
    } else {
        JANGTEO_TRY(parts->region, platform::LoadRegion(settings.region_file));
    }
    store::DbOptions options;
    options.pool_size = PoolSize(settings);
    options.acquire_timeout_ms = settings.db_acquire_timeout_ms;
    options.sqlite_synchronous_full = settings.sqlite_synchronous_full;
    JANGTEO_TRY(parts->db, store::Open(settings.db, options));
    Parts& p = *parts;
    store::Db& db = *p.db;
    p.operators = std::make_unique<platform::OperatorService>(db, p.clock, p.random);
    p.users = std::make_unique<platform::UserService>(db, p.clock, p.random, p.hasher);
    p.sessions = std::make_unique<platform::SessionService>(db, p.clock, p.random);
    p.limits = std::make_unique<platform::RateLimiter>(db, p.clock);
    p.accounts = std::make_unique<platform::SignInService>(db, p.clock, p.random, *p.users, *p.sessions, *p.limits);
    p.merchants = std::make_unique<platform::MerchantService>(db, p.clock, p.random, p.region, settings.public_url);
    p.memberships = std::make_unique<platform::MembershipService>(db, p.clock, p.random);
    p.industries = std::make_unique<platform::IndustryService>(db, p.clock, p.random);
    p.admins = std::make_unique<platform::OperatorAdminService>(db, p.clock, p.random);
    p.keys = std::make_unique<platform::ApiKeyService>(db, p.clock, p.random);
    p.audit = std::make_unique<platform::AuditLog>(db);
    p.resets = std::make_unique<platform::PasswordResetService>(
        db, p.clock, p.random, p.hasher, platform::ResetOptions{.public_url = settings.public_url}, &p.waker);
    p.invitations = std::make_unique<platform::InvitationService>(
        db, p.clock, p.random, *p.memberships,
        platform::InvitationOptions{.public_url = settings.public_url, .waker = [&p] { p.waker.Wake(); }});
    p.categories = std::make_unique<catalog::CategoryService>(db, p.clock, p.random);
    p.products = std::make_unique<catalog::ProductService>(db, p.clock, p.random, *p.categories);
    p.images = std::make_unique<catalog::ImageService>(db, p.clock, settings.media_dir,
                                                       catalog::ImageLimits{.max_bytes = settings.image_max_bytes});
    p.price_policies = std::make_unique<catalog::PricePolicyService>(db, p.clock, p.random);
    p.imports = std::make_unique<catalog::ImportService>(db, p.clock, p.random, *p.categories, *p.products,
                                                         catalog::ImportOptions{.max_bytes = settings.csv_max_bytes});
    p.portal =
        std::make_unique<catalog::Portal>(db, p.clock, *p.categories, *p.products, *p.merchants,
                                          catalog::PortalOptions{.detail_cache_entries = settings.detail_cache_entries,
                                                                 .page_cache_entries = settings.page_cache_entries});
    p.products->SetChangeHook([portal = p.portal.get()] { portal->Wake(); });
    p.locations = std::make_unique<inventory::LocationService>(db, p.clock, p.random, p.region);
    p.stock = std::make_unique<inventory::StockService>(db, p.clock, p.random);
    p.stock_flows = std::make_unique<flows::StockFlows>(db, *p.locations, *p.stock);
    p.idempotency = std::make_unique<platform::IdempotencyService>(db, p.clock, p.random);
    p.carts = std::make_unique<orders::CartService>(db, p.clock, p.random);
    p.shipping = std::make_unique<orders::ShippingService>(db, p.clock);
    p.orders = std::make_unique<orders::OrderService>(db, p.clock, p.random);
    p.test_card = std::make_unique<orders::TestCardProvider>(
        db, p.clock, p.random, orders::TestCardOptions{.webhook_secret = settings.test_gateway_secret});
    p.providers.Add(*p.test_card);
    p.payments = std::make_unique<orders::PaymentService>(db, p.clock, p.random, p.providers);
    p.cart_flows = std::make_unique<flows::CartFlows>(db, p.clock, *p.carts, *p.shipping, *p.locations, *p.stock);
    p.routing = std::make_unique<channels::RoutingService>(db, p.clock, p.random);
    p.credits = std::make_unique<channels::CreditService>(db, p.clock, p.random);
    p.channel_flows = std::make_unique<flows::ChannelFlows>(db, *p.locations, *p.orders, *p.routing, *p.credits);
    p.members = std::make_unique<customers::MemberStore>(db, p.clock, p.random);
    p.profiles = std::make_unique<customers::ProfileService>(db, p.clock, p.random);
    p.points = std::make_unique<customers::PointService>(db, p.clock, p.random);
    p.customer_flows = std::make_unique<flows::CustomerFlows>(db, *p.profiles, *p.points, *p.members, *p.users);
    // A new account is a customer record from its first minute (platform knows nothing of customers).
    p.users->SetNewUserHook([flows = p.customer_flows.get()](store::Tx& tx, const platform::User& user) {
        return flows->AccountCreatedInTx(tx, user);
    });
    p.checkout_flows = std::make_unique<flows::CheckoutFlows>(
        db, p.clock, p.random, *p.cart_flows, *p.carts, *p.orders, *p.payments, *p.shipping, *p.locations, *p.stock,
        *p.routing, *p.credits,
        flows::CheckoutOptions{.bank_transfer_timeout = std::chrono::minutes(settings.bank_transfer_timeout_minutes),
                               .card_timeout = std::chrono::minutes(settings.card_payment_timeout_minutes)},
        p.customer_flows.get());
    p.pos_sales = std::make_unique<channels::PosSaleStore>(db, p.clock, p.random);
    p.pos_reports = std::make_unique<channels::PosReports>(db);
    p.pos_flows = std::make_unique<flows::PosFlows>(db, p.clock, p.random, *p.pos_sales, *p.stock, *p.locations,
                                                    *p.keys, p.customer_flows.get());
    p.jobs = std::make_unique<platform::JobService>(db, p.clock, p.random);
    p.import_jobs =
        std::make_unique<flows::ImportJobs>(*p.jobs, *p.pos_flows, *p.members, *p.locations, p.customer_flows.get());
    p.import_jobs->Register();
    p.consents = std::make_unique<customers::ConsentService>(db, p.clock, p.random);
    p.customer_views =
        std::make_unique<flows::CustomerViews>(db, p.clock, p.random, *p.profiles, *p.points, *p.consents);
    p.erasure = std::make_unique<customers::ErasureService>(p.clock, p.random, *p.consents);
    p.my_customer = std::make_unique<flows::MyCustomerFlows>(db, p.clock, p.random,
                                                             flows::MyCustomerServices{.users = *p.users,
                                                                                       .merchants = *p.merchants,
                                                                                       .admins = *p.admins,
                                                                                       .profiles = *p.profiles,
                                                                                       .consents = *p.consents,
                                                                                       .points = *p.points,
                                                                                       .erasure = *p.erasure,
                                                                                       .orders = *p.orders});
    return std::unique_ptr<App>(new App(std::move(parts)));
}

core::Result<int> App::Migrate() {
    store::Migrator migrator(*parts_->db, AllMigrations());
    JANGTEO_TRY(int applied, migrator.Migrate());
    core::log::Info("migrated", {{"db", parts_->db->Describe()}, {"applied", applied}});
    return applied;
}

core::Result<std::string> App::CreateAdmin(const AdminInput& input) {
    Parts& p = *parts_;
    JANGTEO_TRY_STATUS(p.operators->Ensure(p.settings.operator_defaults));
    platform::SignUpInput sign_up{.email = input.email, .name = input.name, .password = input.password};
    if (!input.mobile.empty()) sign_up.mobile = input.mobile;
    auto user = p.users->SignUp(sign_up);
    if (!user.ok() && user.error().reason == "email_taken") {
        return core::Error::AlreadyExists("email_taken", "an account with " + input.email +
                                                             " exists; make it an admin with `jangteo admin grant "
                                                             "--email " +
                                                             input.email + "`");
    }
    JANGTEO_TRY(platform::User made, std::move(user));
    JANGTEO_TRY_STATUS(p.admins->GrantOperatorAdmin(made.id, std::nullopt, "cli"));
    return "jangteo: operator admin " + made.email + " (" + made.id.ToString() + ") created\n";
}

core::Result<std::string> App::GrantAdmin(const std::string& email) {
    Parts& p = *parts_;
    JANGTEO_TRY(platform::User user, p.users->FindByEmail(email));
    JANGTEO_TRY_STATUS(p.admins->GrantOperatorAdmin(user.id, std::nullopt, "cli"));
    return "jangteo: " + user.email + " (" + user.id.ToString() + ") is now an operator admin\n";
}

static_assert(SeedOptions{}.seed == platform::kDefaultDemoSeed);

namespace {

core::Result<std::string> ReadInput(const std::string& file) {
    std::string bytes;
    if (file == "-") {
        bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return bytes;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return core::Error::NotFound("file_not_found", "cannot read " + file);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return bytes;
}

core::Result<std::optional<core::TextEncoding>> EncodingNamed(const std::string& name) {
    if (name == "utf-8" || name == "utf8") return std::optional(core::TextEncoding::kUtf8);
    if (name == "cp949" || name == "euc-kr") return std::optional(core::TextEncoding::kCp949);
    if (name == "auto") return std::optional<core::TextEncoding>();
    return core::Error::Invalid("unknown_encoding", "the encoding is auto, utf-8 or cp949 (euc-kr)");
}

}  // namespace

core::Result<std::string> App::CustomersBatch(const CustomersBatchOptions& options) {
    Parts& p = *parts_;
    customers::ProfileBatch batch(*p.db, p.clock, p.random, *p.profiles);
    JANGTEO_TRY(customers::BatchOutcome o, batch.Run({.dry_run = options.dry_run,
                                                      .min_records_for_model = options.min_records_for_model,
                                                      .max_reviews = options.max_reviews}));
    char buf[768];
    std::snprintf(buf, sizeof buf,
                  "%s%zu records of %zu persons resolved into %zu; weights %s; %zu persons merged%s, %zu merges "
                  "refused (decided different, undone before, or a person the records would split), %zu left "
                  "(changed meanwhile); %zu reviews opened%s; read %.1f s, resolve %.1f s, apply %.1f s\n",
                  options.dry_run ? "dry run: " : "", o.records, o.persons_before, o.clusters,
                  o.model_saved       ? "estimated from the records and saved"
                  : o.model_estimated ? "estimated (not saved: dry run)"
                                      : "of the store's model (too few records to estimate)",
                  o.merges, options.dry_run ? " (would be)" : "", o.merges_refused, o.merges_failed, o.reviews_opened,
                  options.dry_run ? " (would be)" : "", o.read_seconds, o.resolve_seconds, o.apply_seconds);
    return std::string(buf);
}

core::Result<std::string> App::ImportMembers(const ImportMembersOptions& options) {
    Parts& p = *parts_;
    JANGTEO_TRY(platform::MerchantId merchant, platform::MerchantId::Parse(options.merchant));
    JANGTEO_TRY(std::string bytes, ReadInput(options.file));
    customers::MemberImportOptions o{.dry_run = options.dry_run};
    JANGTEO_TRY(o.encoding, EncodingNamed(options.encoding));
    o.on_issue = [](const customers::MemberIssue& i) {
        std::fprintf(stderr, "line %lld, %s: %s (%s)\n", static_cast<long long>(i.line), i.field.c_str(),
                     i.message.c_str(), i.code.c_str());
    };
    auto started = std::chrono::steady_clock::now();
    JANGTEO_TRY(customers::MemberImportSummary s, p.members->Import(merchant, bytes, o));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s%s: %lld rows (%lld bad): %lld members imported%s, %lld already there, %lld changed since "
                  "(left as they were); %.1f s\n",
                  options.dry_run ? "dry run of " : "", options.file.c_str(), static_cast<long long>(s.rows),
                  static_cast<long long>(s.bad_rows), static_cast<long long>(s.imported),
                  options.dry_run ? " (would be)" : "", static_cast<long long>(s.already),
                  static_cast<long long>(s.changed), seconds);
    std::string out(buf);
    if (!options.dry_run) {
        // The second phase, as the back office's import job: each member a customer record, its points carried.
        started = std::chrono::steady_clock::now();
        JANGTEO_TRY(flows::CustomerFlows::MembersRecorded r, p.customer_flows->RecordMembers(merchant));
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::snprintf(buf, sizeof buf, "customers: %lld members walked, %lld records made; %.1f s\n",
                      static_cast<long long>(r.walked), static_cast<long long>(r.recorded), seconds);
        out += buf;
    }
    return out;
}

core::Result<std::string> App::ImportProducts(const ImportProductsOptions& options) {
    Parts& p = *parts_;
    JANGTEO_TRY(platform::MerchantId merchant, platform::MerchantId::Parse(options.merchant));
    JANGTEO_TRY(std::string bytes, ReadInput(options.file));
    JANGTEO_TRY(std::optional<core::TextEncoding> encoding, EncodingNamed(options.encoding));
    auto started = std::chrono::steady_clock::now();
    JANGTEO_TRY(catalog::Import job,
                p.imports->Submit(merchant, {.bytes = bytes, .dry_run = options.dry_run, .encoding = encoding}, {}));
    // Run queued jobs here until this one is done (another server's worker may take it too: then wait).
    for (;;) {
        JANGTEO_TRY(bool ran, p.imports->RunOnce());
        JANGTEO_TRY(job, p.imports->Get(merchant, job.id));
        if (job.status == catalog::ImportStatus::kSucceeded || job.status == catalog::ImportStatus::kFailed) break;
        if (!ran) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (const auto& e : job.errors) {
        std::fprintf(stderr, "line %lld, %s: %s (%s)\n", static_cast<long long>(e.line), e.field.c_str(),
                     e.message.c_str(), e.code.c_str());
    }
    for (const auto& e : job.warnings) {
        std::fprintf(stderr, "line %lld, %s: warning: %s (%s)\n", static_cast<long long>(e.line), e.field.c_str(),
                     e.message.c_str(), e.code.c_str());
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s%s: %s, %lld rows, %lld products made, %lld changed, %zu problems%s; %.1f s\n",
                  options.dry_run ? "dry run of " : "", options.file.c_str(),
                  std::string(catalog::ImportStatusName(job.status)).c_str(), static_cast<long long>(job.total_rows),
                  static_cast<long long>(job.created), static_cast<long long>(job.updated), job.errors.size(),
                  job.errors_truncated ? " (more not shown)" : "", seconds);
    if (job.status == catalog::ImportStatus::kFailed) {
        return core::Error::Invalid("import_failed", std::string(buf) + "nothing was written");
    }
    return std::string(buf);
}

core::Result<std::string> App::ImportSales(const ImportSalesOptions& options) {
    Parts& p = *parts_;
    JANGTEO_TRY(platform::MerchantId merchant, platform::MerchantId::Parse(options.merchant));
    JANGTEO_TRY(inventory::LocationId location, inventory::LocationId::Parse(options.location));
    JANGTEO_TRY(std::string bytes, ReadInput(options.file));
    channels::SalesImportOptions o{.dry_run = options.dry_run};
    JANGTEO_TRY(o.encoding, EncodingNamed(options.encoding));
    o.on_issue = [](const channels::ImportIssue& i) {
        std::fprintf(stderr, "line %lld, %s: %s (%s)\n", static_cast<long long>(i.line), i.field.c_str(),
                     i.message.c_str(), i.code.c_str());
    };
    auto started = std::chrono::steady_clock::now();
    o.on_progress = [started](std::int64_t done, std::int64_t total) {
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (total == 0) {
            std::fprintf(stderr, "read %lld rows (%.1f s)\n", static_cast<long long>(done), s);
        } else {
            std::fprintf(stderr, "imported %lld of %lld rows (%.1f s)\n", static_cast<long long>(done),
                         static_cast<long long>(total), s);
        }
    };
    JANGTEO_TRY(channels::SalesImportSummary sum, p.pos_flows->ImportSales(merchant, location, bytes, o));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "%s%s: %lld rows (%lld bad), %lld receipts: %lld imported%s (%lld lines, %lld won), %lld already "
                  "there, %lld left out; %lld codes matched no product; %.1f s\n",
                  options.dry_run ? "dry run of " : "", options.file.c_str(), static_cast<long long>(sum.rows),
                  static_cast<long long>(sum.bad_rows), static_cast<long long>(sum.sales),
                  static_cast<long long>(sum.sales_imported), options.dry_run ? " (would be)" : "",
                  static_cast<long long>(sum.lines_imported), static_cast<long long>(sum.amount_won),
                  static_cast<long long>(sum.sales_already), static_cast<long long>(sum.sales_left_out),
                  static_cast<long long>(sum.unmatched_codes), seconds);
    return std::string(buf);
}

core::Result<std::string> App::Seed(const SeedOptions& options) {
    if (!options.demo) {
        return core::Error::Invalid("seed_needs_demo",
                                    "the demo region is the only data there is to seed: run `jangteo seed --demo`");
    }
    Parts& p = *parts_;
    JANGTEO_TRY_STATUS(p.operators->Ensure(p.settings.operator_defaults));
    const auto started = std::chrono::steady_clock::now();
    platform::DemoSeeder seeder(*p.db, p.region, p.hasher);
    JANGTEO_TRY(platform::DemoSeedSummary made, seeder.Seed(options.seed));
    auto n = [](std::int64_t v) { return std::to_string(v); };
    if (!made.seeded) {
        std::string out = "jangteo: the demo data is not added: this database already has ";
        out.append(n(made.existing_users)).append(" users and ").append(n(made.existing_merchants));
        out.append(" merchants / 이미 데이터가 있어 데모 데이터를 만들지 않았습니다\n");
        // A demo database made before the tree was part of the demo gets its tree; a store of real
        // people (no demo admin) is left alone.
        JANGTEO_TRY(std::optional<platform::UserId> admin, seeder.DemoAdmin());
        if (!admin) return out;
        JANGTEO_TRY(catalog::DemoCategoriesSummary tree, catalog::SeedDemoCategories(*p.db, *admin, options.seed));
        if (tree.seeded) {
            out.append("jangteo: the demo category tree is added: ").append(n(tree.categories));
            out.append(" categories / 데모 카테고리 ").append(n(tree.categories)).append("개를 만들었습니다\n");
        }
        // Likewise the products, when the merchants have none yet.
        JANGTEO_TRY(catalog::DemoProductsSummary goods,
                    catalog::SeedDemoProducts(*p.db, p.region, DemoProductsOptionsOf(p.settings), options.seed));
        if (goods.seeded) {
            out.append("jangteo: the demo products are added: ").append(n(goods.products));
            out.append(" products / 데모 상품 ").append(n(goods.products)).append("개를 만들었습니다\n");
        }
        // And their shops and stock, when the merchants have no locations yet.
        JANGTEO_TRY(flows::DemoStockSummary stocked, flows::SeedDemoStock(*p.db, p.region, options.seed));
        if (stocked.seeded) {
            out.append("jangteo: the demo shops and stock are added: ").append(n(stocked.shops));
            out.append(" shops / 데모 매장 ").append(n(stocked.shops)).append("곳과 재고를 만들었습니다\n");
        }
        return out;
    }
    JANGTEO_TRY(catalog::DemoCategoriesSummary tree, catalog::SeedDemoCategories(*p.db, made.admin.id, options.seed));
    JANGTEO_TRY(catalog::DemoProductsSummary goods,
                catalog::SeedDemoProducts(*p.db, p.region, DemoProductsOptionsOf(p.settings), options.seed));
    JANGTEO_TRY(flows::DemoStockSummary stocked, flows::SeedDemoStock(*p.db, p.region, options.seed));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", seconds);
    std::string out = "jangteo: demo data made from seed ";
    out.append(std::to_string(made.seed)).append(" in ").append(took).append(" s / 데모 데이터를 만들었습니다\n");
    out.append("  merchants / 가맹점: ").append(n(made.approved)).append(" approved 승인, ");
    out.append(n(made.pending)).append(" pending 심사 대기, ").append(n(made.rejected)).append(" rejected 반려, ");
    out.append(n(made.suspended)).append(" suspended 정지; approved ones in ").append(n(made.districts));
    out.append(" districts 구·군 and ").append(n(made.industries)).append(" industries 업종\n");
    out.append("  people / 사용자: ").append(n(made.operator_admins)).append(" operator admin 운영자, ");
    out.append(n(made.owners)).append(" owners 대표, ").append(n(made.staff)).append(" staff 직원, ");
    out.append(n(made.customers)).append(" customers 고객\n");
    if (tree.seeded) {
        out.append("  categories / 카테고리: ").append(n(tree.categories)).append(" categories 분류 under ");
        out.append(n(tree.roots)).append(" top categories 대분류, with ").append(n(tree.attributes));
        out.append(" attribute definitions 속성\n");
    } else {
        out.append("  categories / 카테고리: the existing tree of ").append(n(tree.existing));
        out.append(" categories is kept 기존 분류를 그대로 둡니다\n");
    }
    if (goods.seeded) {
        out.append("  products / 상품: ").append(n(goods.products)).append(" products 상품 of ");
        out.append(n(goods.merchants)).append(" merchants 가맹점, ").append(n(goods.with_images));
        out.append(" with images 이미지; ").append(n(goods.active)).append(" active 판매 중, ");
        out.append(n(goods.draft)).append(" draft 임시 저장, ").append(n(goods.archived)).append(" archived 보관; ");
        out.append(n(goods.variants)).append(" variants 옵션, ").append(n(goods.on_sale));
        out.append(" on sale now 할인 중 and ").append(n(goods.sale_soon)).append(" soon 할인 예정\n");
    } else {
        out.append("  products / 상품: the existing ").append(n(goods.existing));
        out.append(" products are kept 기존 상품을 그대로 둡니다\n");
    }
    if (stocked.seeded) {
        out.append("  stock / 재고: ").append(n(stocked.shops)).append(" shops 매장 (pickup 픽업) and ");
        out.append(n(stocked.warehouses)).append(" warehouses 창고; ").append(n(stocked.units));
        out.append(" units 개 in ").append(n(stocked.stocked_variants)).append(" stock rows, ");
        out.append(n(stocked.sold_out)).append(" variants sold out 품절\n");
    } else {
        out.append("  stock / 재고: the existing ").append(n(stocked.existing));
        out.append(" locations are kept 기존 매장·창고를 그대로 둡니다\n");
    }
    out.append("\n");
    out.append("Sign in at / 로그인: ").append(p.settings.public_url).append("\n");
    out.append("  password of every demo account / 모든 데모 계정의 비밀번호: ").append(made.password).append("\n");
    AppendAccount(out, "operator admin / 운영자:      ", made.admin);
    AppendAccount(out, "merchant owner / 가맹점 대표: ", made.owner);
    AppendAccount(out, "merchant staff / 가맹점 직원: ", made.staff_member);
    AppendAccount(out, "customer / 고객:              ", made.customer);
    out.append("\nThis is made-up demo data with a published password: never use it in production.\n");
    out.append("가상의 데모 데이터이며 비밀번호가 공개되어 있습니다. 실제 운영에는 쓰지 마세요.\n");
    return out;
}

int App::Serve() {
    Parts& p = *parts_;
    const Settings& s = p.settings;
    store::Migrator migrator(*p.db, AllMigrations());
    if (s.migrate) {
        auto applied = Migrate();
        if (!applied.ok()) {
            core::log::Error("migration_failed",
                             {{"reason", applied.error().reason}, {"cause", applied.error().message}});
            std::fprintf(stderr, "jangteo: %s\n", applied.error().message.c_str());
            return 1;
        }
    }
    auto schema = migrator.Check();
    if (!schema.ok()) {
        std::fprintf(stderr, "jangteo: cannot read the schema state: %s\n", schema.error().message.c_str());
        return 1;
    }
    if (!schema->unknown.empty()) {
        std::fprintf(stderr,
                     "jangteo: the database schema is newer than this jangteo (it has %s, which version %s "
                     "does not know); run a newer jangteo\n",
                     schema->unknown.front().c_str(), std::string(Version()).c_str());
        return 1;
    }
    if (!schema->changed.empty()) {
        std::fprintf(stderr, "jangteo: migration %s was changed after it was applied to this database\n",
                     schema->changed.front().c_str());
        return 1;
    }
    std::unique_ptr<Outbox> outbox;  // mail goes out only from a migrated store
    if (schema->ready()) {
        if (auto st = p.operators->Ensure(s.operator_defaults); !st.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", st.error().message.c_str());
            return 1;
        }
        auto started = StartOutbox(s, *p.db, p.clock, p.random);
        if (!started.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", started.error().message.c_str());
            return 1;
        }
        outbox = std::move(*started);
        p.waker.Set(outbox->dispatcher.get());
        p.portal->Start();   // loads the catalog in the background; /readyz says when it is done
        p.imports->Start();  // runs queued CSV imports, this server's and those of servers that died
        p.jobs->Start();     // the same for background jobs (legacy sales and membership imports)
    } else {
        core::log::Warn("schema_not_migrated", {{"pending", schema->pending}});
    }

    // The route table: built-in endpoints, then each module's.
    http::Router router;
    std::atomic<bool> ready{false};
    std::string openapi;
    http::Metrics* metrics_ptr = nullptr;
    router.Add({.method = http::Method::kGet,
                .pattern = "/healthz",
                .handler = [](http::Request&) -> core::Result<http::Response> {
                    return http::Response::JsonText(200, R"({"status":"ok"})");
                },
                .doc = {.summary = "Liveness: the process answers",
                        .tag = "system",
                        .operation_id = "getHealth",
                        .response_schema = StatusSchema()},
                .access = http::kPublicAccess,
                .may_block = false});
    router.Add(
        {.method = http::Method::kGet,
         .pattern = "/readyz",
         .handler = [&](http::Request&) -> core::Result<http::Response> {
             if (!ready.load()) {
                 return core::Error::Unavailable("shutting_down", "the server is shutting down");
             }
             JANGTEO_TRY_STATUS(p.db->Ping());
             JANGTEO_TRY(store::SchemaStatus st, migrator.Check());
             if (!st.changed.empty()) {
                 return core::Error::Unavailable("schema_changed", "migration " + st.changed.front() + " was changed");
             }
             if (!st.ready()) {
                 return core::Error::Unavailable("schema_not_migrated",
                                                 std::to_string(st.pending) + " migrations are pending");
             }
             // A store migrated after the start (serve --no-migrate, then jangteo migrate): the
             // portal starts loading now, and the import worker starts.
             p.portal->Start();
             p.imports->Start();
             p.jobs->Start();
             if (!p.portal->Ready()) {
                 core::Error e =
                     core::Error::Unavailable("portal_loading", "the portal is loading its catalog and search index");
                 e.retry_after_seconds = 2;
                 return e;
             }
             return http::Response::JsonText(200, R"({"status":"ready"})");
         },
         .doc = {.summary = "Readiness: the store is reachable and migrated, the catalog loaded",
                 .description = "503 while the store is unreachable, migrations are pending, the portal is "
                                "still loading its catalog and search index, or the server is shutting down.",
                 .tag = "system",
                 .operation_id = "getReadiness",
                 .response_schema = StatusSchema(),
                 .error_statuses = {503}},
         .access = http::kPublicAccess});
    router.Add({.method = http::Method::kGet,
                .pattern = "/metrics",
                .handler = [&](http::Request&) -> core::Result<http::Response> {
                    std::string out;
                    out.reserve(16 << 10);
                    metrics_ptr->Render(out);
                    RenderStoreStats(out, p.db->Stats(), store::DialectName(p.db->dialect()));
                    auto [rss, peak] = MemoryFigures();
                    out +=
                        "# HELP process_resident_memory_bytes Resident memory.\n"
                        "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
                        std::to_string(rss) +
                        "\n# HELP process_resident_memory_peak_bytes Peak resident memory.\n"
                        "# TYPE process_resident_memory_peak_bytes gauge\nprocess_resident_memory_peak_bytes " +
                        std::to_string(peak) + "\n";
                    return http::Response::Text(200, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
                },
                .doc = {.summary = "Metrics in the Prometheus text format",
                        .tag = "system",
                        .operation_id = "getMetrics",
                        .success_content_type = "text/plain",
                        .response_schema = json::object{{"type", "string"}}},
                .access = http::kPublicAccess});
    router.Add({.method = http::Method::kGet,
                .pattern = "/api/openapi.json",
                .handler = [&](http::Request&) -> core::Result<http::Response> {
                    return http::Response::JsonText(200, openapi);
                },
                .doc = {.summary = "This description of the API (OpenAPI 3.1)",
                        .tag = "system",
                        .operation_id = "getOpenApi",
                        .response_schema = json::object{{"type", "object"}}},
                .access = http::kPublicAccess,
                .may_block = false});
    platform::Services services{.operators = *p.operators,
                                .users = *p.users,
                                .sessions = *p.sessions,
                                .accounts = *p.accounts,
                                .limits = *p.limits,
                                .merchants = *p.merchants,
                                .memberships = *p.memberships,
                                .industries = *p.industries,
                                .admins = *p.admins,
                                .keys = *p.keys,
                                .audit = *p.audit,
                                .resets = *p.resets,
                                .invitations = *p.invitations,
                                .region = p.region,
                                .cookies = {.secure = s.public_url.starts_with("https://")}};
    platform::AddRoutes(router, services);
    catalog::AddRoutes(router, {.categories = *p.categories,
                                .products = *p.products,
                                .images = *p.images,
                                .imports = *p.imports,
                                .portal = *p.portal,
                                .price_policies = *p.price_policies,
                                .industries = *p.industries,
                                .region = p.region,
                                .csv_max_bytes = s.csv_max_bytes});
    inventory::AddRoutes(router, *p.locations);
    flows::AddRoutes(router, {.stock_flows = *p.stock_flows,
                              .stock = *p.stock,
                              .locations = *p.locations,
                              .cart_flows = *p.cart_flows,
                              .checkout_flows = *p.checkout_flows,
                              .carts = *p.carts,
                              .orders = *p.orders,
                              .payments = *p.payments,
                              .shipping = *p.shipping,
                              .idempotency = *p.idempotency,
                              .pos_flows = *p.pos_flows,
                              .pos_sales = *p.pos_sales,
                              .pos_reports = *p.pos_reports,
                              .keys = *p.keys,
                              .users = *p.users,
                              .channel_flows = *p.channel_flows,
                              .credits = *p.credits,
                              .clock = p.clock,
                              .members = *p.members,
                              .imports = *p.import_jobs,
                              .jobs = *p.jobs,
                              .customer_views = *p.customer_views,
                              .points = *p.points,
                              .customer_flows = *p.customer_flows,
                              .csv_max_bytes = s.csv_max_bytes,
                              .secure_cookies = s.public_url.starts_with("https://")});
    flows::AddMyCustomerRoutes(router, *p.my_customer, p.clock, s.public_url.starts_with("https://"));

    if (auto problems = http::ValidateRouteDocs(router); !problems.empty()) {
        for (const auto& line : problems) std::fprintf(stderr, "jangteo: undocumented route: %s\n", line.c_str());
        return 1;
    }
    openapi = http::BuildOpenApi(router, {.title = "Jangteo API",
                                          .version = std::string(Version()),
                                          .description = "The shared omnichannel commerce platform of a region."});

    http::Metrics metrics(router);
    metrics_ptr = &metrics;
    http::StaticFiles files(s.web_root);
    http::Dispatcher dispatcher(router, metrics, [&files](http::Request& request) { return files.Serve(request); });
    dispatcher.SetTrustedProxies(s.trusted_proxies);
    platform::AccessPolicy policy(*p.sessions, *p.keys, *p.memberships, *p.admins, services.cookies);
    dispatcher.SetAuthorizer([&policy](http::Request& request) { return policy.Authorize(request); });
    std::optional<Housekeeping> housekeeping;
    if (schema->ready()) {
        housekeeping.emplace([&p] {
            auto sessions = p.sessions->PurgeExpired();
            auto counters = p.limits->PurgeBefore(p.clock.Now() - platform::kLongestRateWindow);
            auto resets = p.resets->PurgeExpired();
            auto changes = p.products->PurgeChangesBefore(p.clock.Now() - std::chrono::hours(24));
            auto imports = p.imports->PurgeFinishedBefore(p.clock.Now() - std::chrono::hours(24 * 30));
            auto keys = p.idempotency->PurgeBefore(p.clock.Now() - platform::kKeepIdempotencyKeys);
            auto carts = p.carts->PurgeIdleGuestCarts(p.clock.Now() - std::chrono::hours(24 * 30));
            core::log::Info("housekeeping", {{"sessions", sessions.ok() ? *sessions : -1},
                                             {"rate_counters", counters.ok() ? *counters : -1},
                                             {"reset_links", resets.ok() ? *resets : -1},
                                             {"catalog_changes", changes.ok() ? *changes : -1},
                                             {"product_imports", imports.ok() ? *imports : -1},
                                             {"idempotency_keys", keys.ok() ? *keys : -1},
                                             {"guest_carts", carts.ok() ? *carts : -1}});
        });
    }
    // Orders unpaid in time are cancelled and their stock released, by every server (two servers
    // cancelling one order do it once: the transition names the status it read); card refunds the
    // gateway did not answer are asked again.
    std::optional<Housekeeping> payment_sweeper;
    if (schema->ready()) {
        payment_sweeper.emplace(
            [&p] {
                auto cancelled = p.checkout_flows->CancelOverdue();
                if (!cancelled.ok()) {
                    core::log::Warn("orders.sweep_failed", {{"reason", cancelled.error().reason}});
                } else if (*cancelled > 0) {
                    core::log::Info("orders.unpaid_cancelled", {{"orders", *cancelled}});
                }
                auto refunds = p.checkout_flows->RetryRefunds();
                if (!refunds.ok()) {
                    core::log::Warn("orders.refund_retry_failed", {{"reason", refunds.error().reason}});
                } else if (*refunds > 0) {
                    core::log::Info("orders.refunds_settled", {{"refunds", *refunds}});
                }
            },
            std::chrono::seconds(s.payment_sweep_seconds));
    }
    http::Server server({.host = s.listen_host,
                         .port = s.listen_port,
                         .threads = Threads(s),
                         .handler_threads = HandlerThreads(s),
                         .body_limit = s.body_limit,
                         .header_limit = s.header_limit,
                         .max_connections = s.max_connections,
                         .header_timeout = std::chrono::milliseconds(s.header_timeout_ms),
                         .body_timeout = std::chrono::milliseconds(s.body_timeout_ms),
                         .shutdown_grace = std::chrono::milliseconds(s.shutdown_grace_ms)},
                        dispatcher, metrics);
    if (auto st = server.Listen(); !st.ok()) {
        std::fprintf(stderr, "jangteo: %s\n", st.error().message.c_str());
        return 1;
    }
    ready = true;
    std::string host = s.listen_host.find(':') != std::string::npos ? "[" + s.listen_host + "]" : s.listen_host;
    core::log::Info("listening", {{"url", "http://" + host + ":" + std::to_string(server.port())},
                                  {"port", static_cast<int>(server.port())},
                                  {"threads", server.threads()},
                                  {"db", p.db->Describe()},
                                  {"web_root", s.web_root},
                                  {"version", Version()}});
    server.Run([&] { ready = false; });
    housekeeping.reset();
    p.imports->Stop();  // a job being read goes back to the queue; an apply in flight finishes
    p.jobs->Stop();     // a running import finishes its file first (it resumes elsewhere if killed)
    p.portal->Stop();
    p.waker.Set(nullptr);
    outbox.reset();  // stops the dispatcher before the store closes
    p.db->Close();
    core::log::Info("stopped", {});
    return 0;
}

}  // namespace jangteo::app
