// The composition root: builds every service from the settings, wires the route table and runs
// the server. No globals: everything lives in an App and reaches its users through constructors.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "core/error.hpp"

namespace jangteo::app {

// `jangteo admin create`: a new account that is an operator admin. No default password exists.
struct AdminInput {
    std::string email;
    std::string name;
    std::string mobile;
    std::string password;
};

// `jangteo seed --demo [--seed N]`: the demo region (platform/demo_seed.hpp); the same seed makes the
// same data.
struct SeedOptions {
    bool demo = false;  // the only kind of seeding there is; without it Seed refuses
    std::uint64_t seed = 20261123;
};

// `jangteo import sales`: a legacy CSV of a location's counter sales (docs/legacy-import.md).
struct ImportSalesOptions {
    std::string merchant;           // mrc_…
    std::string location;           // loc_…
    std::string file;               // a path, or "-" for standard input
    std::string encoding = "auto";  // auto, utf-8, cp949 (euc-kr)
    bool dry_run = false;
};

// `jangteo import products`: the catalog's product CSV (docs/catalog-csv.md) of one merchant.
struct ImportProductsOptions {
    std::string merchant;  // mrc_…
    std::string file;      // a path, or "-" for standard input
    std::string encoding = "auto";
    bool dry_run = false;
};

// `jangteo import members`: a legacy membership list (docs/legacy-import.md).
struct ImportMembersOptions {
    std::string merchant;
    std::string file;
    std::string encoding = "auto";
    bool dry_run = false;
};

// `jangteo customers resolve`: records.csv in, clusters.csv out (docs/identity.md); optionally the
// review queue (possible pairs with their evidence) and the estimated model, or a model to use.
struct CustomersResolveOptions {
    std::string input;
    std::string output;
    std::string review;     // empty: not written
    std::string model_out;  // empty: not written
    std::string model_in;   // empty: estimate the weights from the records
    unsigned threads = 2;
    double link_probability = 0.99;   // a pair whose probability of one person is at least this is linked
    double review_probability = 0.5;  // at least this: for review
    bool sole_holder = true;          // a record without a name joins the one named holder of its number
};

// `jangteo customers generate`: records with known truth (customers/record_gen.hpp).
struct CustomersGenerateOptions {
    std::size_t count = 0;
    std::uint64_t seed = 1;
    std::string output;
    std::string truth;
};

// `jangteo customers evaluate`: pairwise precision, recall and F1 of clusters against a truth.
struct CustomersEvaluateOptions {
    std::string truth;
    std::string clusters;
};

// `jangteo customers batch`: identity resolution over every record in the store (customers/batch.hpp).
struct CustomersBatchOptions {
    bool dry_run = false;
    std::size_t min_records_for_model = 10'000;
    std::size_t max_reviews = 10'000;
};

// These customers commands work on files only (no database); each answers what to print.
core::Result<std::string> CustomersResolve(const CustomersResolveOptions& options);
core::Result<std::string> CustomersGenerate(const CustomersGenerateOptions& options);
core::Result<std::string> CustomersEvaluate(const CustomersEvaluateOptions& options);

class App {
public:
    // Opens the database named by the settings.
    static core::Result<std::unique_ptr<App>> Create(const Settings& settings);
    ~App();

    // Applies pending migrations; answers how many.
    core::Result<int> Migrate();
    // Serves until SIGTERM/SIGINT and a graceful shutdown; answers the process exit code.
    int Serve();

    // The commands on a migrated store; each answers what to print.
    core::Result<std::string> CreateAdmin(const AdminInput& input);
    core::Result<std::string> GrantAdmin(const std::string& email);
    // Fills an empty store with the demo region and answers how to sign in; on a store that already
    // has users or merchants it changes nothing and says so (not an error).
    core::Result<std::string> Seed(const SeedOptions& options);
    // Imports the file, printing every bad row and the progress to standard error; answers the summary.
    core::Result<std::string> ImportSales(const ImportSalesOptions& options);
    // Runs a product import job here and now (the same job a back-office upload makes, all or nothing),
    // printing every problem to standard error; answers the summary.
    core::Result<std::string> ImportProducts(const ImportProductsOptions& options);
    core::Result<std::string> ImportMembers(const ImportMembersOptions& options);
    // Resolves every record of the store at once (customers::ProfileBatch); answers the summary.
    core::Result<std::string> CustomersBatch(const CustomersBatchOptions& options);

private:
    struct Parts;
    explicit App(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

// The command line: `jangteo serve | migrate | admin | seed | import | customers | version`. Answers the exit code.
int RunCli(int argc, char** argv);

// The version of this binary, e.g. "0.1.0".
std::string_view Version();

}  // namespace jangteo::app
