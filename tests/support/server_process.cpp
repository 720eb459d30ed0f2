#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace jangteo::testing {

namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::filesystem::path& log_path, const std::filesystem::path& stdin_path = "/dev/null") {
    std::vector<std::string> argv_storage;
    argv_storage.push_back(JANGTEO_BINARY);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_storage;
    for (char** e = environ; *e; ++e) {
        std::string line = *e;
        // The child's settings come only from the test, never from the developer's shell.
        if (line.starts_with("JANGTEO_") && !line.starts_with("JANGTEO_TEST_")) continue;
        env_storage.push_back(line);
    }
    for (const auto& [k, v] : env) env_storage.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + JANGTEO_BINARY);
    return pid;
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int DecodeStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

// A server on a migrated store loads its catalog in the background after it listens; tests want it
// ready (a server that will not load, on a store not migrated, goes on at once).
void ServerProcess::WaitForCatalog(std::chrono::steady_clock::time_point deadline) {
    while (std::chrono::steady_clock::now() < deadline && running()) {
        std::string log = Log();
        if (log.find("\"event\":\"portal.loaded\"") != std::string::npos ||
            log.find("\"event\":\"schema_not_migrated\"") != std::string::npos) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::unique_ptr<ServerProcess> ServerProcess::Start(ServerOptions options) {
    auto server = std::unique_ptr<ServerProcess>(new ServerProcess());
    std::string db = options.db.empty() ? "sqlite://" + (server->dir() / "data" / "jangteo.db").string() : options.db;
    server->db_ = db;
    std::vector<std::string> args = {options.command,
                                     "--db",
                                     db,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--log-format",
                                     "json",
                                     "--web-root",
                                     options.web_root.empty() ? (server->dir() / "web").string() : options.web_root,
                                     "--media-dir",
                                     (server->dir() / "media").string()};
    args.insert(args.end(), options.args.begin(), options.args.end());
    server->pid_ = Spawn(args, options.env, server->dir() / "server.log");

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::string log = server->Log();
        auto at = log.find("\"event\":\"listening\"");
        if (at != std::string::npos) {
            auto port_at = log.find("\"port\":", at);
            if (port_at != std::string::npos) {
                server->port_ = static_cast<unsigned short>(std::atoi(log.c_str() + port_at + 7));
                server->WaitForCatalog(deadline);
                return server;
            }
        }
        if (!server->running()) {
            throw std::runtime_error("jangteo exited before listening (status " + std::to_string(server->exit_status_) +
                                     "):\n" + log);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string log = server->Log();
    server->Stop();
    throw std::runtime_error("jangteo did not listen within 30 s:\n" + log);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0 && exit_status_ < 0) Stop();
}

std::string ServerProcess::Log() const {
    return ReadFile(dir() / "server.log");
}

bool ServerProcess::running() {
    if (exit_status_ >= 0) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        exit_status_ = DecodeStatus(status);
        return false;
    }
    return true;
}

void ServerProcess::Signal(int signal) {
    if (pid_ > 0 && exit_status_ < 0) ::kill(pid_, signal);
}

int ServerProcess::Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_status_;
}

int ServerProcess::Stop(std::chrono::milliseconds timeout) {
    if (exit_status_ >= 0) return exit_status_;
    Signal(SIGTERM);
    int status = Wait(timeout);
    if (status < 0) {
        ::kill(pid_, SIGKILL);
        int raw = 0;
        ::waitpid(pid_, &raw, 0);
        exit_status_ = DecodeStatus(raw);
        return -1;
    }
    return status;
}

int RunJangteo(const std::vector<std::string>& args, std::string* output, const std::map<std::string, std::string>& env,
               std::string_view input) {
    TempDir dir;
    auto log = dir.path() / "out.log";
    auto in = dir.path() / "in.txt";
    {
        std::ofstream f(in, std::ios::binary);
        f << input;
    }
    pid_t pid = Spawn(args, env, log, in);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output) *output = ReadFile(log);
    return DecodeStatus(status);
}

}  // namespace jangteo::testing
