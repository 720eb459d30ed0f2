#include "platform/job.hpp"

#include <algorithm>

#include "core/log.hpp"

namespace jangteo::platform {
namespace {

namespace json = core::json;

constexpr int kQueueRetryAfterSeconds = 30;
constexpr std::int64_t kMaxListed = 100;

constexpr store::Sql kCountPending{"platform.count_pending_jobs",
                                   "SELECT COALESCE(SUM(CASE WHEN merchant_id = $1 THEN 1 ELSE 0 END), 0), COUNT(*)"
                                   " FROM platform_jobs WHERE status IN ('queued', 'running')"};
constexpr store::Sql kInsertJob{
    "platform.insert_job",
    "INSERT INTO platform_jobs (id, merchant_id, kind, status, params, total, created_by_user, created_by_key,"
    " created_at_us, updated_at_us) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $8)"};
constexpr store::Sql kInsertInput{"platform.insert_job_input",
                                  "INSERT INTO platform_job_inputs (job_id, content) VALUES ($1, $2)"};
#define JOB_COLUMNS                                                                                          \
    "id, merchant_id, kind, status, params, total, processed, result, error, issues_total, created_by_user," \
    " created_by_key, created_at_us, finished_at_us"
constexpr store::Sql kGetJob{"platform.get_job", "SELECT " JOB_COLUMNS
                                                 ", issues FROM platform_jobs"
                                                 " WHERE id = $1 AND merchant_id = $2 AND kind = $3"};
constexpr store::Sql kListJobs{"platform.list_jobs", "SELECT " JOB_COLUMNS
                                                     " FROM platform_jobs WHERE merchant_id = $1 AND kind = $2"
                                                     " ORDER BY created_at_us DESC, id DESC LIMIT $3"};
// The oldest job waiting, or whose claim ran out (its server died).
constexpr store::Sql kNextJob{"platform.next_job",
                              "SELECT id, status, attempts FROM platform_jobs WHERE status = 'queued'"
                              " OR (status = 'running' AND lease_until_us < $1) ORDER BY created_at_us, id LIMIT 1"};
// A compare-and-set on the attempts read: of two servers, one wins. The new count is the claim's token.
constexpr store::Sql kClaim{"platform.claim_job",
                            "UPDATE platform_jobs SET status = 'running', attempts = attempts + 1,"
                            " lease_until_us = $2, updated_at_us = $3 WHERE id = $1 AND attempts = $4"
                            " AND (status = 'queued' OR (status = 'running' AND lease_until_us < $3))"};
constexpr store::Sql kClaimed{"platform.claimed_job", "SELECT " JOB_COLUMNS
                                                      ", i.content FROM platform_jobs j"
                                                      " JOIN platform_job_inputs i ON i.job_id = j.id WHERE j.id = $1"};
constexpr store::Sql kProgress{"platform.job_progress",
                               "UPDATE platform_jobs SET processed = $2, lease_until_us = $3, updated_at_us = $4"
                               " WHERE id = $1 AND status = 'running' AND attempts = $5"};
constexpr store::Sql kFinish{"platform.finish_job",
                             "UPDATE platform_jobs SET status = $2, processed = $3, result = $4, error = $5,"
                             " issues = $6, issues_total = $7, finished_at_us = $8, updated_at_us = $8,"
                             " lease_until_us = 0 WHERE id = $1 AND status = 'running' AND attempts = $9"};
constexpr store::Sql kGiveUp{"platform.give_up_job",
                             "UPDATE platform_jobs SET status = 'failed', error = $2, finished_at_us = $3,"
                             " updated_at_us = $3, lease_until_us = 0 WHERE id = $1 AND attempts = $4"
                             " AND status = 'running' AND lease_until_us < $3"};
constexpr store::Sql kDeleteInput{"platform.delete_job_input", "DELETE FROM platform_job_inputs WHERE job_id = $1"};
constexpr store::Sql kPurgeInputs{"platform.purge_job_inputs",
                                  "DELETE FROM platform_job_inputs WHERE job_id IN (SELECT id FROM platform_jobs"
                                  " WHERE status IN ('succeeded', 'failed') AND finished_at_us < $1)"};
constexpr store::Sql kPurgeJobs{"platform.purge_jobs",
                                "DELETE FROM platform_jobs WHERE status IN ('succeeded', 'failed')"
                                " AND finished_at_us < $1"};
#undef JOB_COLUMNS

std::optional<JobStatus> ParseJobStatus(std::string_view text) {
    if (text == "queued") return JobStatus::kQueued;
    if (text == "running") return JobStatus::kRunning;
    if (text == "succeeded") return JobStatus::kSucceeded;
    if (text == "failed") return JobStatus::kFailed;
    return std::nullopt;
}

std::optional<json::object> ObjectOf(const store::RowView& r, int column) {
    if (r.IsNull(column)) return std::nullopt;
    auto parsed = core::ParseJsonObject(r.TextView(column));
    if (!parsed.ok()) return json::object{};
    return std::move(*parsed);
}

std::string IssuesJson(const std::vector<JobIssue>& issues) {
    json::array out;
    out.reserve(issues.size());
    for (const auto& i : issues) {
        out.push_back(json::object{{"line", i.line}, {"field", i.field}, {"code", i.code}, {"message", i.message}});
    }
    return core::ToJson(out);
}

std::vector<JobIssue> IssuesFromJson(std::string_view text) {
    std::vector<JobIssue> out;
    auto parsed = core::ParseJson(text);
    if (!parsed.ok() || !parsed->is_array()) return out;
    for (const auto& item : parsed->get_array()) {
        if (!item.is_object()) continue;
        const json::object& o = item.get_object();
        auto text_of = [&o](std::string_view key) {
            auto it = o.find(key);
            return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
        };
        auto line = o.find("line");
        out.push_back({.line = line != o.end() && line->value().is_int64() ? line->value().get_int64() : 0,
                       .field = text_of("field"),
                       .code = text_of("code"),
                       .message = text_of("message")});
    }
    return out;
}

// The columns of JOB_COLUMNS, in their order.
Job JobFromRow(const store::RowView& r) {
    Job job;
    job.id = JobId(r.Int(0));
    job.merchant = MerchantId(r.Int(1));
    job.kind = std::string(r.TextView(2));
    job.status = ParseJobStatus(r.TextView(3)).value_or(JobStatus::kFailed);
    job.params = ObjectOf(r, 4).value_or(json::object{});
    job.total = r.Int(5);
    job.processed = r.Int(6);
    job.result = ObjectOf(r, 7);
    job.error = ObjectOf(r, 8);
    job.issues_total = r.Int(9);
    if (!r.IsNull(10)) job.created_by_user = UserId(r.Int(10));
    if (!r.IsNull(11)) job.created_by_key = ApiKeyId(r.Int(11));
    job.created_at = core::FromUnixMicros(r.Int(12));
    if (!r.IsNull(13)) job.finished_at = core::FromUnixMicros(r.Int(13));
    return job;
}

std::string ErrorJson(std::string_view reason, std::string_view message) {
    return core::ToJson(json::object{{"reason", reason}, {"message", message}});
}

}  // namespace

std::string_view JobStatusName(JobStatus status) {
    switch (status) {
        case JobStatus::kQueued: return "queued";
        case JobStatus::kRunning: return "running";
        case JobStatus::kSucceeded: return "succeeded";
        case JobStatus::kFailed: return "failed";
    }
    return "failed";
}

void JobContext::Progress(std::int64_t processed) {
    job_.processed = processed;
    service_.WriteProgress(*this, false);
}

void JobContext::Issue(JobIssue issue) {
    ++job_.issues_total;
    if (job_.issues.size() < service_.options_.max_issues) job_.issues.push_back(std::move(issue));
}

JobService::JobService(store::Db& db, core::Clock& clock, core::Random& random, JobOptions options)
    : db_(db), clock_(clock), random_(random), options_(options) {}

JobService::~JobService() {
    Stop();
}

void JobService::Register(std::string kind, JobRunner runner) {
    std::lock_guard lock(mu_);
    runners_[std::move(kind)] = std::move(runner);
}

core::Result<Job> JobService::Submit(MerchantId merchant, const JobRequest& request, const JobActor& actor) {
    {
        std::lock_guard lock(mu_);
        if (!runners_.contains(request.kind)) {
            return core::Error::Invalid("unknown_job", "no such kind of job", {{"kind", "unknown", request.kind}});
        }
    }
    Job job;
    job.id = JobId::New(random_);
    job.merchant = merchant;
    job.kind = request.kind;
    job.params = request.params;
    job.total = request.total;
    job.created_at = clock_.Now();
    job.created_by_user = actor.user;
    job.created_by_key = actor.key;
    std::string params = core::ToJson(request.params);
    JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows pending, tx.Query(kCountPending, {merchant.key()}));
        const bool mine = pending[0].Int(0) >= options_.max_pending_per_merchant;
        if (mine || pending[0].Int(1) >= options_.max_pending_total) {
            core::Error e = core::Error::ResourceExhausted(
                "job_queue_full", mine ? "this merchant's earlier imports are still running; try again shortly"
                                       : "the server is busy with other imports; try again shortly");
            e.retry_after_seconds = kQueueRetryAfterSeconds;
            return e;
        }
        store::Value user = actor.user ? store::Value(actor.user->key()) : store::Value(nullptr);
        store::Value key = actor.key ? store::Value(actor.key->key()) : store::Value(nullptr);
        JANGTEO_TRY_STATUS(
            tx.Exec(kInsertJob, {job.id.key(), merchant.key(), std::string_view(job.kind), std::string_view(params),
                                 job.total, user, key, core::ToUnixMicros(job.created_at)}));
        JANGTEO_TRY_STATUS(tx.Exec(kInsertInput, {job.id.key(), std::string_view(request.input)}));
        return {};
    }));
    core::log::Info(
        "job_queued",
        {{"job", job.id.ToString()}, {"kind", job.kind}, {"merchant", merchant.ToString()}, {"total", job.total}});
    Wake();
    return job;
}

core::Result<Job> JobService::Get(MerchantId merchant, std::string_view kind, JobId id) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kGetJob, {id.key(), merchant.key(), kind});
    }));
    if (rows.empty()) return core::Error::NotFound("job_not_found", "no such import");
    Job job = JobFromRow(rows[0]);
    job.issues = IssuesFromJson(rows[0].TextView(14));
    return job;
}

core::Result<std::vector<Job>> JobService::List(MerchantId merchant, std::string_view kind, int limit) {
    const std::int64_t n = std::clamp<std::int64_t>(limit, 1, kMaxListed);
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) {
        return tx.Query(kListJobs, {merchant.key(), kind, n});
    }));
    std::vector<Job> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(JobFromRow(rows[i]));
    return out;
}

void JobService::Start() {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { Loop(); });
}

void JobService::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    stop_requested_ = true;
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void JobService::Wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_all();
}

void JobService::Loop() {
    auto next_purge = clock_.Now();
    while (true) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
            woken_ = false;
        }
        if (clock_.Now() >= next_purge) {
            auto purged = PurgeFinishedBefore(clock_.Now() - options_.keep);
            if (!purged.ok()) core::log::Warn("job_purge_failed", {{"cause", purged.error().message}});
            next_purge = clock_.Now() + std::chrono::hours(1);
        }
        auto ran = RunOnce();
        if (!ran.ok()) {
            core::log::Warn("job_round_failed", {{"reason", ran.error().reason}, {"cause", ran.error().message}});
        }
        if (ran.ok() && *ran) continue;  // there may be more
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
        if (stopping_) return;
    }
}

core::Result<bool> JobService::RunOnce() {
    // A few rounds: another server may win the race for the job found.
    for (int round = 0; round < 5; ++round) {
        if (stop_requested_) return false;
        const core::TimePoint now = clock_.Now();
        const std::int64_t now_us = core::ToUnixMicros(now);
        JANGTEO_TRY(store::Rows next, db_.Read([&](store::Tx& tx) { return tx.Query(kNextJob, {now_us}); }));
        if (next.empty()) return false;
        JobId id(next[0].Int(0));
        const bool orphaned = next[0].TextView(1) == "running";
        const std::int64_t attempts = next[0].Int(2);
        if (orphaned && attempts >= options_.max_attempts) {
            std::string error = ErrorJson(
                "interrupted", "the job was interrupted " + std::to_string(attempts) + " times; send the file again");
            JANGTEO_TRY_STATUS(db_.Write([&](store::Tx& tx) -> core::Status {
                JANGTEO_TRY(std::int64_t n, tx.Exec(kGiveUp, {id.key(), std::string_view(error), now_us, attempts}));
                if (n == 1) JANGTEO_TRY_STATUS(tx.Exec(kDeleteInput, {id.key()}));
                return {};
            }));
            core::log::Warn("job_interrupted", {{"job", id.ToString()}, {"attempts", attempts}});
            return true;
        }
        JANGTEO_TRY(std::int64_t claimed, db_.Write([&](store::Tx& tx) {
            return tx.Exec(kClaim, {id.key(), core::ToUnixMicros(now + options_.lease), now_us, attempts});
        }));
        if (claimed != 1) continue;
        JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kClaimed, {id.key()}); }));
        if (rows.empty()) continue;  // purged meanwhile
        Job job = JobFromRow(rows[0]);
        job.status = JobStatus::kRunning;
        JobContext context(*this, std::move(job), std::string(rows[0].TextView(14)), attempts + 1);
        if (orphaned) core::log::Warn("job_reclaimed", {{"job", id.ToString()}, {"attempt", attempts + 1}});
        JobRunner runner;
        {
            std::lock_guard lock(mu_);
            auto it = runners_.find(context.job().kind);
            if (it != runners_.end()) runner = it->second;
        }
        core::Result<json::object> outcome =
            runner ? runner(context)
                   : core::Result<json::object>(core::Error::Internal("unknown_job", "no runner for this kind"));
        if (!outcome.ok()) {
            core::log::Warn(
                "job_failed",
                {{"job", id.ToString()}, {"reason", outcome.error().reason}, {"cause", outcome.error().message}});
        }
        // Recorded if the store lets us; otherwise the claim runs out and the job is tried again.
        auto st = Finish(context, outcome);
        if (!st.ok()) {
            core::log::Error("job_finish_failed", {{"job", id.ToString()}, {"cause", st.error().message}});
        }
        return true;
    }
    return false;
}

void JobService::WriteProgress(JobContext& context, bool force) {
    auto now = std::chrono::steady_clock::now();
    if (!force && now - context.last_write_ < options_.progress_every) return;
    context.last_write_ = now;
    const core::TimePoint at = clock_.Now();
    auto written = db_.Write([&](store::Tx& tx) {
        return tx.Exec(kProgress, {context.job_.id.key(), context.job_.processed,
                                   core::ToUnixMicros(at + options_.lease), core::ToUnixMicros(at), context.token_});
    });
    if (!written.ok()) core::log::Warn("job_progress_failed", {{"cause", written.error().message}});
}

core::Status JobService::Finish(const JobContext& context, const core::Result<json::object>& outcome) {
    const std::int64_t now_us = core::ToUnixMicros(clock_.Now());
    const Job& job = context.job_;
    std::string issues = IssuesJson(job.issues);
    store::Value result(nullptr);
    store::Value error(nullptr);
    std::string result_text, error_text;
    if (outcome.ok()) {
        result_text = core::ToJson(*outcome);
        result = std::string_view(result_text);
    } else {
        const core::Error& e = outcome.error();
        json::object o{{"reason", e.reason}, {"message", e.message}};
        if (!e.fields.empty()) {
            json::array fields;
            for (const auto& f : e.fields) {
                fields.push_back(json::object{{"field", f.field}, {"code", f.code}, {"message", f.message}});
            }
            o["fields"] = std::move(fields);
        }
        error_text = core::ToJson(o);
        error = std::string_view(error_text);
    }
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(
            std::int64_t n,
            tx.Exec(kFinish, {job.id.key(), JobStatusName(outcome.ok() ? JobStatus::kSucceeded : JobStatus::kFailed),
                              job.processed, result, error, std::string_view(issues), job.issues_total, now_us,
                              context.token_}));
        if (n != 1) return {};  // another server holds the job now
        JANGTEO_TRY_STATUS(tx.Exec(kDeleteInput, {job.id.key()}));
        return {};
    });
}

core::Result<std::int64_t> JobService::PurgeFinishedBefore(core::TimePoint before) {
    const std::int64_t us = core::ToUnixMicros(before);
    return db_.Write([&](store::Tx& tx) -> core::Result<std::int64_t> {
        JANGTEO_TRY_STATUS(tx.Exec(kPurgeInputs, {us}));
        return tx.Exec(kPurgeJobs, {us});
    });
}

}  // namespace jangteo::platform
