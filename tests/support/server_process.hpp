// Starts the real `jangteo serve` as a child process on a free loopback port (port 0) with a
// database of its own, and stops it by its process id. Its log goes to a file the test can read.
//
//   auto server = ServerProcess::Start({.db = "sqlite://" + (dir.path() / "t.db").string()});
//   HttpClient client(server->port());
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/test_env.hpp"

namespace jangteo::testing {

struct ServerOptions {
    std::string db;                          // database URL; empty: a SQLite file in the server's own folder
    std::string web_root;                    // empty: an empty folder of the server's own
    std::vector<std::string> args;           // further flags for `jangteo serve`
    std::map<std::string, std::string> env;  // further environment variables
    std::string command = "serve";
};

class ServerProcess {
public:
    // Starts the server and waits until it listens; throws with the server's log when it does not.
    static std::unique_ptr<ServerProcess> Start(ServerOptions options);
    ~ServerProcess();

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_.path(); }
    // The database URL it serves.
    const std::string& db() const { return db_; }
    std::string Log() const;
    void WaitForCatalog(std::chrono::steady_clock::time_point deadline);

    // Sends SIGTERM and waits for the exit; answers the exit status (or -1 after `timeout`, when the
    // process is killed).
    int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // Sends a signal without waiting.
    void Signal(int signal);
    // Waits for the process to exit by itself; -1 on timeout.
    int Wait(std::chrono::milliseconds timeout);
    bool running();

private:
    ServerProcess() = default;
    TempDir dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::string db_;
    int exit_status_ = -1;
};

// Runs `jangteo <args>` to completion with `input` as its standard input; answers its exit status
// and fills `output` with stdout and stderr.
int RunJangteo(const std::vector<std::string>& args, std::string* output,
               const std::map<std::string, std::string>& env = {}, std::string_view input = {});

}  // namespace jangteo::testing
