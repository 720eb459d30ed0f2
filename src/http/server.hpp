// The HTTP/1.1 server (Boost.Beast on Asio). Keep-alive and pipelining; a pool of worker threads;
// limits on headers, body size and connections; read and write deadlines so a slow client cannot
// hold a connection; and a graceful shutdown on SIGTERM/SIGINT (or Stop): stop accepting, finish
// the requests in flight, close idle connections, return from Run.
//
//   http::Server server(options, dispatcher, metrics);
//   JANGTEO_TRY_STATUS(server.Listen());      // binds; server.port() tells the port when 0 was asked
//   server.Run();                             // until a signal or Stop()
//
// This file and server.cpp are the only ones that include Beast or Asio.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"

namespace jangteo::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 0;                                   // network threads; 0: the number of cores
    int handler_threads = 0;                           // > 0: run handlers on a pool of this many threads
    std::size_t body_limit = 1 << 20;                  // bytes; larger bodies answer 413
    std::size_t header_limit = 16 << 10;               // bytes; larger headers answer 431
    int max_connections = 4096;                        // more are answered 503 and closed
    std::chrono::milliseconds header_timeout{15'000};  // to receive a request's header (also keep-alive idle)
    std::chrono::milliseconds body_timeout{30'000};    // to receive its body
    std::chrono::milliseconds write_timeout{30'000};   // to send a response
    std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long at shutdown
    bool handle_signals = true;                        // SIGTERM and SIGINT start a graceful shutdown
};

class Server {
public:
    Server(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics);
    ~Server();

    core::Status Listen();
    unsigned short port() const;
    int threads() const;

    // Serves until a shutdown completes. `on_draining` is called once when the shutdown begins
    // (readiness turns false then).
    void Run(std::function<void()> on_draining = {});
    // Begins a graceful shutdown; safe from any thread, and more than once.
    void Stop();
    bool draining() const;

    struct Impl;  // defined in server.cpp, where the connections reach it

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace jangteo::http
