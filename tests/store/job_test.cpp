// Background jobs on every backend: a submitted job is stored queued with its input, run once by a
// worker round with its progress, issues and result recorded and its input deleted; a runner's error
// fails it; the merchant's queue is bounded; another merchant (or another kind) does not find it; a
// job whose server died is claimed again when its lease runs out, and fails "interrupted" after too
// many claims; finished jobs are purged.
#include "platform/job.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "merchant_fixture.hpp"

namespace jangteo::store_test {
namespace {

namespace json = core::json;

class JobTest : public MerchantFixture {
protected:
    void SetUp() override {
        MerchantFixture::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        merchant_ = MustApply(1).id;
        other_ = MustApply(2).id;
        jobs_.emplace(db(), clock_, random_, platform::JobOptions{.max_pending_per_merchant = 2, .max_issues = 2});
        // Counts the lines of its input, reporting every line that is not a number, and fails on "boom".
        jobs_->Register("lines", [this](platform::JobContext& job) -> core::Result<json::object> {
            ++runs_;
            if (job.input() == "boom") return core::Error::Invalid("bad_input", "the input says boom");
            std::int64_t line = 0, sum = 0;
            std::string_view rest = job.input();
            while (!rest.empty()) {
                std::size_t end = rest.find('\n');
                std::string_view cell = rest.substr(0, end);
                rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
                ++line;
                if (!cell.empty() && cell.find_first_not_of("0123456789") == std::string_view::npos) {
                    sum += std::stoll(std::string(cell));
                } else {
                    job.Issue({.line = line, .field = "value", .code = "not_a_number", .message = std::string(cell)});
                }
                job.Progress(line);
            }
            return json::object{{"sum", sum}, {"lines", line}};
        });
    }

    platform::Job MustSubmit(platform::MerchantId merchant, std::string input, std::int64_t total = 0) {
        auto job =
            jobs_->Submit(merchant, {.kind = "lines", .params = {{"note", "시험"}}, .input = input, .total = total},
                          {.user = minsu_});
        EXPECT_TRUE(job.ok()) << job.error().message;
        return job.ok() ? *job : platform::Job{};
    }

    core::Status Exec(std::string_view text, std::initializer_list<store::Value> params) {
        store::Sql sql{"test.exec", text};
        return db().Write([&](store::Tx& tx) -> core::Status {
            JANGTEO_TRY(std::int64_t n, tx.Exec(sql, params));
            (void)n;
            return {};
        });
    }

    platform::MerchantId merchant_, other_;
    std::optional<platform::JobService> jobs_;
    int runs_ = 0;
};

TEST_P(JobTest, AJobRunsOnceWithItsProgressIssuesAndResult) {
    platform::Job queued = MustSubmit(merchant_, "1\n2\nx\n3\ny\nz", 6);
    EXPECT_EQ(queued.status, platform::JobStatus::kQueued);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_job_inputs"), 1);

    auto ran = jobs_->RunOnce();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_TRUE(*ran);
    auto job = jobs_->Get(merchant_, "lines", queued.id);
    ASSERT_TRUE(job.ok()) << job.error().message;
    EXPECT_EQ(job->status, platform::JobStatus::kSucceeded);
    EXPECT_EQ(job->params.at("note").as_string(), "시험");
    EXPECT_EQ(job->processed, 6);
    ASSERT_TRUE(job->result.has_value());
    EXPECT_EQ(job->result->at("sum").as_int64(), 6);
    EXPECT_EQ(job->issues_total, 3) << "every issue is counted";
    ASSERT_EQ(job->issues.size(), 2u) << "the first max_issues are kept";
    EXPECT_EQ(job->issues[0].line, 3);
    EXPECT_EQ(job->issues[1].message, "y");
    EXPECT_FALSE(job->error.has_value());
    ASSERT_TRUE(job->finished_at.has_value());
    EXPECT_EQ(job->created_by_user, minsu_);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_job_inputs"), 0) << "the input goes when the job ends";

    // Nothing left to run: the job ran once.
    ran = jobs_->RunOnce();
    ASSERT_TRUE(ran.ok());
    EXPECT_FALSE(*ran);
    EXPECT_EQ(runs_, 1);
}

TEST_P(JobTest, ARunnersErrorFailsTheJobWithItsReason) {
    platform::Job queued = MustSubmit(merchant_, "boom");
    ASSERT_TRUE(jobs_->RunOnce().ok());
    auto job = jobs_->Get(merchant_, "lines", queued.id);
    ASSERT_TRUE(job.ok());
    EXPECT_EQ(job->status, platform::JobStatus::kFailed);
    ASSERT_TRUE(job->error.has_value());
    EXPECT_EQ(job->error->at("reason").as_string(), "bad_input");
    EXPECT_FALSE(job->result.has_value());
}

TEST_P(JobTest, TheQueueIsBoundedPerMerchantAndOthersDoNotSeeTheJobs) {
    platform::Job first = MustSubmit(merchant_, "1");
    clock_.Advance(std::chrono::seconds(1));
    MustSubmit(merchant_, "2");
    auto third = jobs_->Submit(merchant_, {.kind = "lines", .input = "3"}, {});
    ASSERT_FALSE(third.ok());
    EXPECT_EQ(third.error().reason, "job_queue_full");
    EXPECT_GT(third.error().retry_after_seconds, 0);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_jobs"), 2) << "a refused job is not stored";
    MustSubmit(other_, "4");  // another merchant's queue is its own

    auto unknown = jobs_->Submit(merchant_, {.kind = "nothing", .input = "1"}, {});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().reason, "unknown_job");

    auto theirs = jobs_->Get(other_, "lines", first.id);
    ASSERT_FALSE(theirs.ok());
    EXPECT_EQ(theirs.error().reason, "job_not_found");
    auto other_kind = jobs_->Get(merchant_, "members", first.id);
    ASSERT_FALSE(other_kind.ok());
    EXPECT_EQ(other_kind.error().reason, "job_not_found");

    auto mine = jobs_->List(merchant_, "lines", 20);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[1].id, first.id) << "newest first";
    auto none = jobs_->List(merchant_, "members", 20);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());

    // Once the first ones ran, the merchant may queue again.
    ASSERT_TRUE(jobs_->RunOnce().ok());
    EXPECT_TRUE(jobs_->Submit(merchant_, {.kind = "lines", .input = "3"}, {}).ok());
}

TEST_P(JobTest, AJobWhoseServerDiedIsClaimedAgainThenGivenUp) {
    platform::Job queued = MustSubmit(merchant_, "1\n2");
    // A server claims it and dies: the job stays running with a lease.
    ASSERT_TRUE(Exec("UPDATE platform_jobs SET status = 'running', attempts = 1, lease_until_us = $1 WHERE id = $2",
                     {core::ToUnixMicros(clock_.Now() + std::chrono::minutes(2)), queued.id.key()})
                    .ok());
    auto ran = jobs_->RunOnce();
    ASSERT_TRUE(ran.ok());
    EXPECT_FALSE(*ran) << "held by its lease";
    clock_.Advance(std::chrono::minutes(3));
    ran = jobs_->RunOnce();
    ASSERT_TRUE(ran.ok());
    EXPECT_TRUE(*ran);
    auto job = jobs_->Get(merchant_, "lines", queued.id);
    ASSERT_TRUE(job.ok());
    EXPECT_EQ(job->status, platform::JobStatus::kSucceeded) << "run again by another claim";
    EXPECT_EQ(QueryInt("SELECT attempts FROM platform_jobs WHERE id = $1", {queued.id.key()}), 2);

    // One that died on every claim fails as interrupted, without running again.
    platform::Job doomed = MustSubmit(merchant_, "7");
    ASSERT_TRUE(Exec("UPDATE platform_jobs SET status = 'running', attempts = 3, lease_until_us = $1 WHERE id = $2",
                     {core::ToUnixMicros(clock_.Now() - std::chrono::seconds(1)), doomed.id.key()})
                    .ok());
    const int runs = runs_;
    ASSERT_TRUE(jobs_->RunOnce().ok());
    EXPECT_EQ(runs_, runs);
    auto failed = jobs_->Get(merchant_, "lines", doomed.id);
    ASSERT_TRUE(failed.ok());
    EXPECT_EQ(failed->status, platform::JobStatus::kFailed);
    ASSERT_TRUE(failed->error.has_value());
    EXPECT_EQ(failed->error->at("reason").as_string(), "interrupted");
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_job_inputs"), 0);
}

TEST_P(JobTest, FinishedJobsArePurgedAndPendingOnesKept) {
    MustSubmit(merchant_, "1");
    ASSERT_TRUE(jobs_->RunOnce().ok());
    MustSubmit(merchant_, "2");  // still queued
    clock_.Advance(std::chrono::hours(1));
    auto purged = jobs_->PurgeFinishedBefore(clock_.Now());
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_jobs"), 1);
    EXPECT_EQ(QueryInt("SELECT count(*) FROM platform_job_inputs"), 1);
}

JANGTEO_STORE_BACKENDS(JobTest, AllBackends());

}  // namespace
}  // namespace jangteo::store_test
