// Background jobs of a merchant: long work that a request starts and then follows by polling, such
// as an import of years of shop sales or of a membership list. The module that knows the work
// registers a runner for its kind; the job service stores each job with its input, runs it on a
// worker thread (one per server) and keeps its progress, its first problems and its result.
//
// Jobs live in the store (platform_jobs, with the input in platform_job_inputs), so any server may
// run any job and any server answers for it. A worker claims the oldest queued job by compare-and-
// set and holds it with a lease that every progress write renews; a job whose server died is
// claimed again when its lease runs out (at most max_attempts claims, then it fails "interrupted").
// A runner must therefore be safe to run again: the imports are, as they skip what is already there.
//
//   platform::JobService jobs(db, clock, random, {});
//   jobs.Register("members", [&](platform::JobContext& job) -> core::Result<core::json::object> {
//       ... job.input() ..., job.Progress(done), job.Issue({...}) ...
//       return core::json::object{{"imported", n}};
//   });
//   jobs.Start();
//   auto queued = jobs.Submit(merchant, {.kind = "members", .input = utf8, .total = rows}, actor);
//   auto now = jobs.Get(merchant, "members", queued->id);   // running, then succeeded or failed
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

enum class JobStatus { kQueued, kRunning, kSucceeded, kFailed };
std::string_view JobStatusName(JobStatus status);  // "queued", ...: the stored form

// One problem a job found in its input: the line (1 is a file's header; 0 the input as a whole), the
// field, a stable code and a message.
struct JobIssue {
    std::int64_t line = 0;
    std::string field;
    std::string code;
    std::string message;
};

struct Job {
    JobId id;
    MerchantId merchant;
    std::string kind;
    JobStatus status = JobStatus::kQueued;
    core::json::object params;  // what the submitter asked for (the runner reads it)
    std::int64_t total = 0;     // units of work (rows), as counted at submission
    std::int64_t processed = 0;
    std::optional<core::json::object> result;  // when succeeded
    std::optional<core::json::object> error;   // when failed: {reason, message}
    std::vector<JobIssue> issues;              // the first max_issues, in the order reported
    std::int64_t issues_total = 0;
    core::TimePoint created_at;
    std::optional<core::TimePoint> finished_at;
    std::optional<UserId> created_by_user;
    std::optional<ApiKeyId> created_by_key;
};

// What a request hands in.
struct JobRequest {
    std::string kind;
    core::json::object params;
    std::string input;  // text (an uploaded file decoded to UTF-8); kept until the job ends
    std::int64_t total = 0;
};

// Who starts it: a person or an API key.
struct JobActor {
    std::optional<UserId> user;
    std::optional<ApiKeyId> key;
};

struct JobOptions {
    int max_pending_per_merchant = 3;                          // queued or running jobs of one merchant
    int max_pending_total = 50;                                // of all merchants, across every server on the store
    std::size_t max_issues = 1000;                             // issues kept per job; the rest are only counted
    std::chrono::milliseconds poll_interval{2000};             // how often an idle worker looks for jobs (others' too)
    std::chrono::milliseconds progress_every{250};             // at most one progress write this often
    std::chrono::microseconds lease{std::chrono::minutes(2)};  // renewed with every progress write
    int max_attempts = 3;
    std::chrono::hours keep{24 * 30};  // finished jobs are purged after this long
};

// What a runner sees of its job: the params and the input, and where it reports.
class JobContext {
public:
    const Job& job() const { return job_; }
    std::string_view input() const { return input_; }
    // Work done so far (of job().total); written to the store at most every progress_every, which
    // renews the claim. Cheap to call often.
    void Progress(std::int64_t processed);
    // A problem to report: kept (the first max_issues) and counted.
    void Issue(JobIssue issue);

private:
    friend class JobService;
    JobContext(class JobService& service, Job job, std::string input, std::int64_t token)
        : service_(service), job_(std::move(job)), input_(std::move(input)), token_(token) {}
    JobService& service_;
    Job job_;
    std::string input_;
    std::int64_t token_;
    std::chrono::steady_clock::time_point last_write_{};
};

// Runs one job to its end: the result (stored as the job's) or the error it failed with.
using JobRunner = std::function<core::Result<core::json::object>(JobContext&)>;

// Thread-safe.
class JobService {
public:
    JobService(store::Db& db, core::Clock& clock, core::Random& random, JobOptions options = {});
    ~JobService();
    JobService(const JobService&) = delete;
    JobService& operator=(const JobService&) = delete;

    const JobOptions& options() const { return options_; }

    // Before Start: the runner of jobs of `kind`.
    void Register(std::string kind, JobRunner runner);

    // Stores the job and answers it queued. kResourceExhausted "job_queue_full" (with
    // retry_after_seconds) while the merchant has max_pending_per_merchant jobs queued or running,
    // or all merchants together max_pending_total; kInvalidArgument for an unregistered kind.
    core::Result<Job> Submit(MerchantId merchant, const JobRequest& request, const JobActor& actor);
    // The merchant's job of that kind; anyone else's, or an unknown one: kNotFound "job_not_found".
    core::Result<Job> Get(MerchantId merchant, std::string_view kind, JobId id);
    // The merchant's latest jobs of that kind, newest first (at most `limit`, ≤ 100), without their
    // issues (Get has them).
    core::Result<std::vector<Job>> List(MerchantId merchant, std::string_view kind, int limit);

    // The worker: Start begins it (once); Stop lets the job in hand finish, then joins.
    void Start();
    void Stop();
    void Wake();
    // Claims one job and runs it on this thread; answers whether there was one (tests, tools).
    core::Result<bool> RunOnce();
    // Deletes jobs that ended before `before`; answers how many.
    core::Result<std::int64_t> PurgeFinishedBefore(core::TimePoint before);

private:
    friend class JobContext;
    void WriteProgress(JobContext& context, bool force);
    core::Status Finish(const JobContext& context, const core::Result<core::json::object>& outcome);
    void Loop();

    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const JobOptions options_;
    std::map<std::string, JobRunner, std::less<>> runners_;

    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    bool woken_ = false;     // guarded by mu_
    std::atomic<bool> stop_requested_{false};
    std::thread thread_;
};

}  // namespace jangteo::platform
