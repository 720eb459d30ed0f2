#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "core/log.hpp"

extern char** environ;

namespace jangteo::app {

namespace {

std::string FlagName(const std::string& key) {
    std::string out = "--";
    for (char c : key) out.push_back(c == '_' || c == '.' ? '-' : c);
    return out;
}

bool ForMigrate(const std::string& key) {
    return key == "db" || key.starts_with("db_") || key.starts_with("log_") || key == "sqlite_synchronous";
}

// Resolves the settings of one command: defaults, then the file, then the environment, then flags.
core::Result<Settings> Resolve(const std::string& config_path, const SettingValues& flags) {
    std::vector<std::pair<std::string, SettingValues>> sources;
    std::string path = config_path;
    if (path.empty()) {
        // Read once at start-up, before any thread exists.
        if (const char* env = std::getenv("JANGTEO_CONFIG")) path = env;  // NOLINT(concurrency-mt-unsafe)
    }
    if (!path.empty()) {
        JANGTEO_TRY(SettingValues file, ReadSettingsFile(path));
        sources.emplace_back("config file " + path, std::move(file));
    }
    std::vector<std::string> env_lines;
    for (char** e = environ; e && *e; ++e) env_lines.emplace_back(*e);
    sources.emplace_back("environment", ReadSettingsEnv(env_lines));
    sources.emplace_back("command line", flags);
    return ResolveSettings(sources);
}

// One line from standard input without its line end; echo is turned off while a person types it.
std::optional<std::string> ReadSecretLine(const char* prompt) {
    bool tty = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App cli{"Jangteo — the shared omnichannel commerce platform of a region", "jangteo"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", std::string(Version()));

    std::string config_path;
    std::map<std::string, std::string> serve_flags, migrate_flags;
    bool no_migrate = false;
    AdminInput admin_input;
    bool password_stdin = false;
    std::string grant_email;
    SeedOptions seed_options;
    ImportSalesOptions import_sales;
    ImportProductsOptions import_products;
    ImportMembersOptions import_members;

    auto* serve = cli.add_subcommand("serve", "migrate the database and serve the platform over HTTP");
    auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations and exit");
    auto* version = cli.add_subcommand("version", "print the version and exit");
    auto* admin = cli.add_subcommand("admin", "manage the operator's admins");
    admin->require_subcommand(1);
    auto* admin_create = admin->add_subcommand(
        "create", "create an operator admin account (the password is asked for, or read with --password-stdin)");
    admin_create->add_option("--email", admin_input.email, "the admin's email address")->required();
    admin_create->add_option("--name", admin_input.name, "the admin's name")->required();
    admin_create->add_option("--mobile", admin_input.mobile, "a Korean mobile number (optional)");
    admin_create->add_flag("--password-stdin", password_stdin, "read the password from standard input");
    auto* admin_grant = admin->add_subcommand("grant", "make an existing account an operator admin");
    admin_grant->add_option("--email", grant_email, "the account's email address")->required();
    auto* seed = cli.add_subcommand(
        "seed", "fill an empty database with the demo region (a no-op, exit code 0, when it has data)");
    seed->add_flag("--demo", seed_options.demo,
                   "about 200 merchants in every district, their owners and staff, customers and applications");
    seed->add_option("--seed", seed_options.seed, "the seed: the same seed makes the same data")->capture_default_str();
    auto* import = cli.add_subcommand("import", "import legacy records from CSV files");
    import->require_subcommand(1);
    auto* import_sales_cmd = import->add_subcommand(
        "sales", "a location's past counter sales, one row per sale line (UTF-8 or CP949; docs/legacy-import.md)");
    import_sales_cmd->add_option("--merchant", import_sales.merchant, "the merchant (mrc_…)")->required();
    import_sales_cmd->add_option("--location", import_sales.location, "the shop the sales were made at (loc_…)")
        ->required();
    import_sales_cmd->add_option("--encoding", import_sales.encoding, "auto, utf-8 or cp949 (euc-kr)")
        ->capture_default_str();
    import_sales_cmd->add_flag("--dry-run", import_sales.dry_run, "check every row and write nothing");
    import_sales_cmd->add_option("file", import_sales.file, "the CSV file, or - for standard input")->required();
    auto* import_products_cmd = import->add_subcommand(
        "products", "a merchant's products, one row per variant (UTF-8 or CP949; docs/catalog-csv.md)");
    import_products_cmd->add_option("--merchant", import_products.merchant, "the merchant (mrc_…)")->required();
    import_products_cmd->add_option("--encoding", import_products.encoding, "auto, utf-8 or cp949 (euc-kr)")
        ->capture_default_str();
    import_products_cmd->add_flag("--dry-run", import_products.dry_run, "check every row and write nothing");
    import_products_cmd->add_option("file", import_products.file, "the CSV file, or - for standard input")->required();
    auto* import_members_cmd =
        import->add_subcommand("members", "a legacy membership list, one row per member (docs/legacy-import.md)");
    import_members_cmd->add_option("--merchant", import_members.merchant, "the merchant (mrc_…)")->required();
    import_members_cmd->add_option("--encoding", import_members.encoding, "auto, utf-8 or cp949 (euc-kr)")
        ->capture_default_str();
    import_members_cmd->add_flag("--dry-run", import_members.dry_run, "check every row and write nothing");
    import_members_cmd->add_option("file", import_members.file, "the CSV file, or - for standard input")->required();
    CustomersResolveOptions customers_resolve;
    CustomersGenerateOptions customers_generate;
    CustomersEvaluateOptions customers_evaluate;
    auto* customers = cli.add_subcommand("customers", "identity resolution over CSV files (docs/identity.md)");
    customers->require_subcommand(1);
    auto* resolve_cmd = customers->add_subcommand(
        "resolve", "cluster person records (record_id,source,name,phone,email,birth_date,postal_code,address,card_no)");
    resolve_cmd->add_option("--input", customers_resolve.input, "records.csv (UTF-8)")->required();
    resolve_cmd->add_option("--output", customers_resolve.output, "clusters.csv to write (record_id,person_id)")
        ->required();
    resolve_cmd->add_option("--review", customers_resolve.review, "also write the possible pairs, with their evidence");
    resolve_cmd->add_option("--model-out", customers_resolve.model_out, "also write the estimated weights (JSON)");
    resolve_cmd->add_option("--model", customers_resolve.model_in, "use these weights instead of estimating them");
    resolve_cmd->add_option("--threads", customers_resolve.threads, "threads")->capture_default_str();
    resolve_cmd
        ->add_option("--link-probability", customers_resolve.link_probability,
                     "link a pair when it is one person with at least this probability")
        ->check(CLI::Range(0.5, 0.999999))
        ->capture_default_str();
    resolve_cmd
        ->add_option("--review-probability", customers_resolve.review_probability,
                     "put a pair up for review from this probability")
        ->check(CLI::Range(0.0001, 0.999999))
        ->capture_default_str();
    resolve_cmd->add_flag("!--no-sole-holder", customers_resolve.sole_holder,
                          "keep a record without a name apart even when its number has one named holder");
    auto* generate_cmd =
        customers->add_subcommand("generate", "make person records with known truth, for evaluation and benchmarks");
    generate_cmd->add_option("--count", customers_generate.count, "records")->required();
    generate_cmd->add_option("--seed", customers_generate.seed, "the same seed makes the same records")
        ->capture_default_str();
    generate_cmd->add_option("--output", customers_generate.output, "records.csv to write")->required();
    generate_cmd->add_option("--truth", customers_generate.truth, "truth.csv to write (record_id,person_id)")
        ->required();
    auto* evaluate_cmd =
        customers->add_subcommand("evaluate", "print pairwise precision, recall and F1 of clusters against a truth");
    evaluate_cmd->add_option("--truth", customers_evaluate.truth, "truth.csv (record_id,person_id)")->required();
    evaluate_cmd->add_option("--clusters", customers_evaluate.clusters, "clusters.csv (record_id,person_id)")
        ->required();
    CustomersBatchOptions customers_batch;
    auto* batch_cmd = customers->add_subcommand(
        "batch", "resolve every record in the store at once: merge what is one person, open reviews, save the weights");
    batch_cmd->add_flag("--dry-run", customers_batch.dry_run, "resolve and count, change nothing");
    batch_cmd
        ->add_option("--min-records-for-model", customers_batch.min_records_for_model,
                     "estimate and save the weights only from this many records on")
        ->capture_default_str();
    batch_cmd->add_option("--max-reviews", customers_batch.max_reviews, "reviews to open at most")
        ->capture_default_str();
    std::vector<CLI::App*> store_commands = {migrate,          admin_create,        admin_grant,        seed,
                                             import_sales_cmd, import_products_cmd, import_members_cmd, batch_cmd};
    cli.get_subcommand("serve")->add_option("--config", config_path, "TOML settings file (also JANGTEO_CONFIG)");
    for (auto* cmd : store_commands) {
        cmd->add_option("--config", config_path, "TOML settings file (also JANGTEO_CONFIG)");
    }
    for (const auto& spec : SettingSpecs()) {
        std::string env = "JANGTEO_";
        for (char c : spec.key) env.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
        std::string help = spec.description + " [" + env + "]";
        // A flag given twice takes its last value, as with most tools.
        serve
            ->add_option_function<std::string>(
                FlagName(spec.key), [&serve_flags, key = spec.key](const std::string& v) { serve_flags[key] = v; },
                help)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
        if (ForMigrate(spec.key)) {
            // The commands that work on the store take its settings (one set: one command runs).
            for (auto* cmd : store_commands) {
                cmd->add_option_function<std::string>(
                       FlagName(spec.key),
                       [&migrate_flags, key = spec.key](const std::string& v) { migrate_flags[key] = v; }, help)
                    ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
            }
        } else if (spec.key == "region_file" || spec.key == "public_url" || spec.key == "media_dir") {
            // The demo's districts come from the region, its answer says where to sign in, and its
            // product pictures go where the server reads uploads.
            seed->add_option_function<std::string>(
                    FlagName(spec.key),
                    [&migrate_flags, key = spec.key](const std::string& v) { migrate_flags[key] = v; }, help)
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
        }
    }
    serve->add_flag("--no-migrate", no_migrate, "do not apply pending migrations at start");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    if (seed->parsed() && !seed_options.demo) {
        std::fprintf(stderr, "jangteo: the demo region is the only data there is to seed: run `jangteo seed --demo`\n");
        return 2;
    }
    if (customers->parsed() && !batch_cmd->parsed()) {
        auto done = resolve_cmd->parsed()    ? CustomersResolve(customers_resolve)
                    : generate_cmd->parsed() ? CustomersGenerate(customers_generate)
                                             : CustomersEvaluate(customers_evaluate);
        if (!done.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", done.error().message.c_str());
            return 1;
        }
        std::printf("%s", done->c_str());
        return 0;
    }
    if (version->parsed()) {
        std::printf("jangteo %s\n", std::string(Version()).c_str());
        return 0;
    }
    bool serving = serve->parsed();
    SettingValues flags = serving ? serve_flags : migrate_flags;
    if (serving && no_migrate) flags["migrate"] = "false";
    auto settings = Resolve(config_path, flags);
    if (!settings.ok()) {
        std::fprintf(stderr, "jangteo: %s\n", settings.error().message.c_str());
        return 2;
    }
    core::log::Configure(settings->log_level, settings->log_format);
    if (admin_create->parsed()) {
        auto password = ReadSecretLine("Password: ");
        if (password && !password_stdin && ::isatty(STDIN_FILENO) == 1) {
            auto again = ReadSecretLine("Password again: ");
            if (!again || *again != *password) {
                std::fprintf(stderr, "jangteo: the passwords differ\n");
                core::log::Shutdown();
                return 2;
            }
        }
        if (!password || password->empty()) {
            std::fprintf(stderr, "jangteo: no password given (type it, or pipe it with --password-stdin)\n");
            core::log::Shutdown();
            return 2;
        }
        admin_input.password = std::move(*password);
    }
    int code = 0;
    {
        auto app = App::Create(*settings);
        if (!app.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", app.error().message.c_str());
            code = 1;
        } else if (serving) {
            code = (*app)->Serve();
        } else if (admin_create->parsed() || admin_grant->parsed() || seed->parsed() || import_sales_cmd->parsed() ||
                   import_products_cmd->parsed() || import_members_cmd->parsed() || batch_cmd->parsed()) {
            auto applied = (*app)->Migrate();
            core::Result<std::string> done =
                applied.ok() ? core::Result<std::string>(std::string()) : core::Result<std::string>(applied.error());
            if (done.ok()) {
                done = admin_create->parsed()          ? (*app)->CreateAdmin(admin_input)
                       : admin_grant->parsed()         ? (*app)->GrantAdmin(grant_email)
                       : import_sales_cmd->parsed()    ? (*app)->ImportSales(import_sales)
                       : import_products_cmd->parsed() ? (*app)->ImportProducts(import_products)
                       : import_members_cmd->parsed()  ? (*app)->ImportMembers(import_members)
                       : batch_cmd->parsed()           ? (*app)->CustomersBatch(customers_batch)
                                                       : (*app)->Seed(seed_options);
            }
            if (!done.ok()) {
                std::fprintf(stderr, "jangteo: %s\n", done.error().message.c_str());
                for (const auto& f : done.error().fields) {
                    std::fprintf(stderr, "  %s: %s (%s)\n", f.field.c_str(), f.message.c_str(), f.code.c_str());
                }
                code = 1;
            } else {
                std::printf("%s", done->c_str());
            }
        } else {
            auto applied = (*app)->Migrate();
            if (!applied.ok()) {
                std::fprintf(stderr, "jangteo: %s\n", applied.error().message.c_str());
                code = 1;
            } else {
                std::printf("jangteo: %d migrations applied\n", *applied);
            }
        }
    }
    core::log::Shutdown();
    return code;
}

}  // namespace jangteo::app
