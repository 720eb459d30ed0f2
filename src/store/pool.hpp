// A bounded pool of connections shared by the request threads. Connections are opened lazily up to
// the bound; a caller waits at most the acquire timeout for one and then gets `store_pool_exhausted`
// (answered 503), so a slow database slows requests down instead of piling threads up without end.
// A connection found broken is discarded and its slot opened again by the next caller.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/db.hpp"

namespace jangteo::store {

template <typename Conn>
class Pool {
public:
    using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

    Pool(int max_size, std::chrono::milliseconds acquire_timeout, Factory factory)
        : max_size_(max_size), acquire_timeout_(acquire_timeout), factory_(std::move(factory)) {}

    ~Pool() { Close(); }

    // A lent connection; returns it to the pool when it goes out of scope.
    class Lease {
    public:
        Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
        Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) { other.pool_ = nullptr; }
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (pool_) pool_->Return(std::move(conn_));
        }
        Conn& operator*() const { return *conn_; }
        Conn* operator->() const { return conn_.get(); }
        // The connection is broken: close it instead of lending it again.
        void Discard() { conn_.reset(); }

    private:
        Pool* pool_;
        std::unique_ptr<Conn> conn_;
    };

    Result<Lease> Acquire() {
        std::unique_lock lock(mu_);
        bool waited = false;
        auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
        while (true) {
            if (closed_) return Error::Unavailable("store_closed", "the database is closed");
            if (!idle_.empty()) {
                std::unique_ptr<Conn> conn = std::move(idle_.back());
                idle_.pop_back();
                ++in_use_;
                Count(waited);
                return Lease(this, std::move(conn));
            }
            if (open_ < max_size_) {
                ++open_;  // reserve the slot; open outside the lock
                ++in_use_;
                lock.unlock();
                auto conn = factory_();
                if (!conn.ok()) {
                    lock.lock();
                    --open_;
                    --in_use_;
                    cv_.notify_one();
                    return std::move(conn).error();
                }
                Count(waited);
                return Lease(this, std::move(*conn));
            }
            waited = true;
            ++waiting_;
            bool timed_out = cv_.wait_until(lock, deadline) == std::cv_status::timeout;
            --waiting_;
            if (timed_out && idle_.empty() && open_ >= max_size_) {
                timeouts_total_.fetch_add(1, std::memory_order_relaxed);
                return Error::Unavailable("store_pool_exhausted",
                                          "every database connection is busy; try again shortly");
            }
        }
    }

    // Closes every idle connection: one was found broken, so the others (opened before the same
    // server restart or network cut) are likely broken too. Lent ones are checked when they return.
    void DiscardIdle() {
        std::lock_guard lock(mu_);
        open_ -= static_cast<int>(idle_.size());
        idle_.clear();
        cv_.notify_all();
    }

    // Closes idle connections and waits for lent ones to come back.
    void Close() {
        std::unique_lock lock(mu_);
        closed_ = true;
        cv_.notify_all();
        cv_.wait(lock, [&] { return in_use_ == 0; });
        idle_.clear();
        open_ = 0;
    }

    void FillStats(PoolStats& s) const {
        std::lock_guard lock(mu_);
        s.size = open_;
        s.max_size = max_size_;
        s.in_use = in_use_;
        s.waiting = waiting_;
        s.acquired_total = acquired_total_.load(std::memory_order_relaxed);
        s.waited_total = waited_total_.load(std::memory_order_relaxed);
        s.timeouts_total = timeouts_total_.load(std::memory_order_relaxed);
    }

private:
    void Count(bool waited) {
        acquired_total_.fetch_add(1, std::memory_order_relaxed);
        if (waited) waited_total_.fetch_add(1, std::memory_order_relaxed);
    }

    void Return(std::unique_ptr<Conn> conn) {
        std::lock_guard lock(mu_);
        --in_use_;
        if (conn && !closed_) {
            idle_.push_back(std::move(conn));
        } else {
            --open_;
        }
        cv_.notify_all();
    }

    const int max_size_;
    const std::chrono::milliseconds acquire_timeout_;
    Factory factory_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Conn>> idle_;
    int open_ = 0;
    int in_use_ = 0;
    int waiting_ = 0;
    bool closed_ = false;
    std::atomic<std::int64_t> acquired_total_{0};
    std::atomic<std::int64_t> waited_total_{0};
    std::atomic<std::int64_t> timeouts_total_{0};
};

}  // namespace jangteo::store
