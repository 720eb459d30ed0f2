// The composition root: builds every service from the settings, wires the route table and runs
// the server. No globals: everything lives in an App and reaches its users through constructors.
#pragma once

#include <functional>
#include <memory>

#include "app/config.hpp"
#include "core/error.hpp"

namespace jangteo::app {

class App {
public:
    // Opens the database named by the settings.
    static core::Result<std::unique_ptr<App>> Create(const Settings& settings);
    ~App();

    // Applies pending migrations; answers how many.
    core::Result<int> Migrate();
    // Serves until SIGTERM/SIGINT and a graceful shutdown; answers the process exit code.
    int Serve();

private:
    struct Parts;
    explicit App(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

// The command line: `jangteo serve | migrate | version`. Answers the exit code.
int RunCli(int argc, char** argv);

// The version of this binary, e.g. "0.1.0".
std::string_view Version();

}  // namespace jangteo::app
