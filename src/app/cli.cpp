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

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App cli{"Jangteo — the shared omnichannel commerce platform of a region", "jangteo"};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", std::string(Version()));

    std::string config_path;
    std::map<std::string, std::string> serve_flags, migrate_flags;
    bool no_migrate = false;

    auto* serve = cli.add_subcommand("serve", "migrate the database and serve the platform over HTTP");
    auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations and exit");
    auto* version = cli.add_subcommand("version", "print the version and exit");
    for (auto* cmd : {serve, migrate}) {
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
            migrate
                ->add_option_function<std::string>(
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
    int code = 0;
    {
        auto app = App::Create(*settings);
        if (!app.ok()) {
            std::fprintf(stderr, "jangteo: %s\n", app.error().message.c_str());
            code = 1;
        } else if (serving) {
            code = (*app)->Serve();
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
