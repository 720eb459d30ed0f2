#include "http/server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.hpp"
#include "http/static_files.hpp"

namespace jangteo::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// The Date header, formatted at most once a second per thread.
const std::string& CurrentHttpDate() {
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        cached_second = now;
        cached = HttpDate(now);
    }
    return cached;
}

bool HasNoBody(int status) {
    return status == 204 || status == 304 || (status >= 100 && status < 200);
}

}  // namespace

class Session;

struct Server::Impl {
    Impl(ServerOptions o, Dispatcher& d, Metrics& m)
        : options(std::move(o)),
          thread_count(options.threads > 0 ? options.threads
                                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
          dispatcher(d),
          metrics(m),
          ioc(thread_count),
          handler_pool(options.handler_threads > 0
                           ? std::make_unique<net::thread_pool>(static_cast<std::size_t>(options.handler_threads))
                           : nullptr),
          acceptor(net::make_strand(ioc)),
          signals(ioc),
          shutdown_strand(net::make_strand(ioc)),
          grace_timer(shutdown_strand) {}

    void Accept();
    void OnAccept(beast::error_code ec, tcp::socket socket);
    void BeginShutdown();
    void ArmGraceTimer();
    void Register(const std::shared_ptr<Session>& s);
    void Unregister(Session* s);

    ServerOptions options;
    const int thread_count;
    Dispatcher& dispatcher;
    Metrics& metrics;
    // Declared before the io_context so that they outlive everything queued on it.
    std::mutex sessions_mu;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
    net::io_context ioc;
    std::unique_ptr<net::thread_pool> handler_pool;  // null: handlers run on the network threads
    tcp::acceptor acceptor;
    net::signal_set signals;
    net::strand<net::io_context::executor_type> shutdown_strand;  // serializes the grace timer
    net::steady_timer grace_timer;
    unsigned short bound_port = 0;
    std::atomic<bool> draining{false};
    std::function<void()> on_draining;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
        beast::error_code ec;
        auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = endpoint.address().to_string();
        stream_.socket().set_option(tcp::no_delay(true), ec);
    }

    ~Session() {
        server_.metrics.connections_open.fetch_sub(1, std::memory_order_relaxed);
        server_.Unregister(this);
    }

    void Start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
    }

    // At shutdown: close now if waiting for a request; a request being handled finishes first.
    void CloseIfIdle() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->stream_.socket().close();
        });
    }

    void ForceClose() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->stream_.socket().close(); });
    }

private:
    void ReadHeader() {
        if (server_.draining.load()) return Close();
        busy_ = false;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
        // Until the route is known, the largest any route takes (the header's length is checked
        // against it); OnHeader narrows it to the route's.
        body_limit_ = std::max(server_.options.body_limit, server_.dispatcher.router().MaxBodyLimit());
        parser_->body_limit(body_limit_);
        stream_.expires_after(server_.options.header_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        if (ec) return OnReadError(ec);
        busy_ = true;
        auto& header = parser_->get();
        if (body_limit_ > server_.options.body_limit) {
            // A route's larger limit (an upload) only for a request that carries credentials: an
            // anonymous client cannot make the server hold large bodies (uploads are never public).
            bool credentials = header.find(bhttp::field::authorization) != header.end() ||
                               header.find(bhttp::field::cookie) != header.end();
            std::size_t limit = credentials
                                    ? std::max(server_.options.body_limit,
                                               server_.dispatcher.router().BodyLimitFor(
                                                   ParseMethod(std::string_view(header.method_string().data(),
                                                                                header.method_string().size())),
                                                   std::string_view(header.target().data(), header.target().size())))
                                    : server_.options.body_limit;
            body_limit_ = limit;
            if (auto length = parser_->content_length(); length && *length > limit) {
                return OnReadError(bhttp::error::body_limit);
            }
            parser_->body_limit(limit);
        }
        if (beast::iequals(header[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
            // Tell the client to send the body it is holding back (curl waits a second otherwise).
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
            stream_.expires_after(server_.options.write_timeout);
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                if (wec) return self->Close();
                self->ReadBody();
            });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        stream_.expires_after(server_.options.body_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
    }

    void OnReadError(beast::error_code ec) {
        // The client went away, or our deadline passed: nothing to answer.
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == bhttp::error::partial_message || ec == net::error::eof ||
            ec == net::error::bad_descriptor) {
            return Close();
        }
        Request request;
        request.remote_address = remote_;
        FillRequestLine(request);
        Response response;
        if (ec == bhttp::error::header_limit) {
            response = server_.dispatcher.Reject(
                request, 431, "header_too_large",
                "the request header is larger than " + std::to_string(server_.options.header_limit) + " bytes");
        } else if (ec == bhttp::error::body_limit) {
            response =
                server_.dispatcher.Reject(request, 413, "body_too_large",
                                          "the request body is larger than " + std::to_string(body_limit_) + " bytes");
        } else {
            response = server_.dispatcher.Reject(request, 400, "malformed_request",
                                                 "the request is not valid HTTP/1.1: " + ec.message());
        }
        Write(std::move(response), request.method, false);
    }

    void FillRequestLine(Request& request) {
        if (!parser_ || !parser_->is_header_done()) return;
        auto& header = parser_->get();
        request.method = ParseMethod(std::string_view(header.method_string().data(), header.method_string().size()));
        request.target = std::string(header.target());
    }

    void OnBody(beast::error_code ec) {
        if (ec) return OnReadError(ec);
        auto& message = parser_->get();
        Request request;
        request.remote_address = remote_;
        request.method = ParseMethod(std::string_view(message.method_string().data(), message.method_string().size()));
        request.target = std::string(message.target());
        request.headers.reserve(16);
        for (const auto& field : message) {
            std::string name(field.name_string());
            for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(message.body());
        bool keep_alive = message.keep_alive();
        if (!server_.handler_pool || !server_.dispatcher.MayBlock(request)) {
            Response response = server_.dispatcher.Handle(request);
            Write(std::move(response), request.method, keep_alive);
            return;
        }
        // Handlers that may wait (on the database) run on their own pool, so the network threads keep
        // serving other connections meanwhile; the answer comes back to this connection's strand. The
        // work guard keeps the io_context running until then, even when a forced shutdown has closed
        // every connection in the meantime.
        net::post(*server_.handler_pool, [self = shared_from_this(), request = std::move(request), keep_alive,
                                          work = net::make_work_guard(server_.ioc)]() mutable {
            Response response = self->server_.dispatcher.Handle(request);
            net::dispatch(self->stream_.get_executor(),
                          [self, response = std::move(response), method = request.method, keep_alive]() mutable {
                              self->Write(std::move(response), method, keep_alive);
                          });
        });
    }

    void Write(Response response, Method method, bool keep_alive) {
        if (server_.draining.load()) keep_alive = false;
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
        res->version(11);
        res->result(static_cast<unsigned>(response.status));
        res->set(bhttp::field::server, "jangteo");
        res->set(bhttp::field::date, CurrentHttpDate());
        if (!response.content_type.empty()) res->set(bhttp::field::content_type, response.content_type);
        for (auto& [name, value] : response.headers) res->set(name, value);
        res->keep_alive(keep_alive);
        if (!HasNoBody(response.status)) {
            res->content_length(response.body.size());
            if (method != Method::kHead) res->body() = std::move(response.body);
        }
        stream_.expires_after(server_.options.write_timeout);
        bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            self->OnWrite(ec, !res->keep_alive());
        });
    }

    void OnWrite(beast::error_code ec, bool close) {
        busy_ = false;
        if (ec || close) return Close();
        ReadHeader();
    }

    void Close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Server::Impl& server_;
    std::string remote_;
    bool busy_ = false;           // a request is being read past its header, handled or answered
    std::size_t body_limit_ = 0;  // of the request being read
};

void Server::Impl::Register(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mu);
    sessions.emplace(s.get(), s);
}

void Server::Impl::Unregister(Session* s) {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
    // The last connection of a shutdown is gone: stop waiting for the grace period.
    if (sessions.empty() && draining.load()) net::post(shutdown_strand, [this] { grace_timer.cancel(); });
}

void Server::Impl::Accept() {
    acceptor.async_accept(net::make_strand(ioc),
                          [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
        // Out of descriptors or similar: log and keep accepting, after a breath.
        core::log::Warn("accept_failed", {{"cause", ec.message()}});
        auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
        timer->async_wait([this, timer](beast::error_code) { Accept(); });
        return;
    }
    metrics.connections_accepted.fetch_add(1, std::memory_order_relaxed);
    if (metrics.connections_open.load(std::memory_order_relaxed) >= options.max_connections) {
        metrics.connections_refused.fetch_add(1, std::memory_order_relaxed);
        static const std::string kBusy = [] {
            std::string body = R"({"type":"/problems/too_many_connections","title":"Service Unavailable","status":503,)"
                               R"("detail":"the server has too many connections open; try again shortly"})";
            return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\n"
                   "Connection: close\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body;
        }();
        auto sock = std::make_shared<tcp::socket>(std::move(socket));
        net::async_write(*sock, net::buffer(kBusy), [sock](beast::error_code, std::size_t) {
            beast::error_code ignored;
            sock->shutdown(tcp::socket::shutdown_send, ignored);
            sock->close(ignored);
        });
    } else {
        metrics.connections_open.fetch_add(1, std::memory_order_relaxed);
        auto session = std::make_shared<Session>(std::move(socket), *this);
        Register(session);
        session->Start();
    }
    Accept();
}

void Server::Impl::BeginShutdown() {
    if (draining.exchange(true)) return;
    core::log::Info("shutdown_started", {{"grace_ms", static_cast<std::int64_t>(options.shutdown_grace.count())}});
    if (on_draining) on_draining();
    net::post(acceptor.get_executor(), [this] {
        beast::error_code ec;
        acceptor.close(ec);
    });
    signals.cancel();
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(sessions_mu);
        for (auto& [ptr, weak] : sessions) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
    }
    for (auto& s : live) s->CloseIfIdle();
    live.clear();
    net::post(shutdown_strand, [this] { ArmGraceTimer(); });
}

void Server::Impl::ArmGraceTimer() {
    {
        std::lock_guard lock(sessions_mu);
        if (sessions.empty()) return;
    }
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](beast::error_code ec) {
        if (ec) return;
        std::vector<std::shared_ptr<Session>> left;
        {
            std::lock_guard lock(sessions_mu);
            for (auto& [ptr, weak] : sessions) {
                if (auto s = weak.lock()) left.push_back(std::move(s));
            }
        }
        if (!left.empty()) {
            core::log::Warn("shutdown_forced", {{"connections", static_cast<std::int64_t>(left.size())}});
        }
        for (auto& s : left) s->ForceClose();
    });
}

Server::Server(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, metrics)) {}

Server::~Server() = default;

core::Status Server::Listen() {
    beast::error_code ec;
    auto address = net::ip::make_address(impl_->options.host, ec);
    if (ec) {
        return core::Error::Invalid("bad_listen_address", "'" + impl_->options.host + "' is not an IP address");
    }
    tcp::endpoint endpoint(address, impl_->options.port);
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        return core::Error::Unavailable("listen_failed", "cannot listen on " + impl_->options.host + ":" +
                                                             std::to_string(impl_->options.port) + ": " + ec.message());
    }
    impl_->bound_port = acceptor.local_endpoint().port();
    return {};
}

unsigned short Server::port() const {
    return impl_->bound_port;
}
int Server::threads() const {
    return impl_->thread_count;
}
bool Server::draining() const {
    return impl_->draining.load();
}

void Server::Run(std::function<void()> on_draining) {
    Impl& s = *impl_;
    s.on_draining = std::move(on_draining);
    if (s.options.handle_signals) {
        s.signals.add(SIGINT);
        s.signals.add(SIGTERM);
        s.signals.async_wait([&s](beast::error_code ec, int) {
            if (!ec) s.BeginShutdown();
        });
    }
    s.Accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < s.thread_count; ++i) threads.emplace_back([&s] { s.ioc.run(); });
    // Run returns when the acceptor, the signal wait, the grace timer and every connection are gone;
    // the grace timer is cancelled when the last connection closes, so it holds Run no longer than needed.
    s.ioc.run();
    for (auto& t : threads) t.join();
    if (s.handler_pool) s.handler_pool->join();
}

void Server::Stop() {
    net::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

}  // namespace jangteo::http
