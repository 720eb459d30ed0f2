// Identity resolution in batch over the store (docs/customers.md, "The batch"): every record of the
// active persons is read, normalised and resolved at once by the engine (resolve.hpp) — blocking, EM,
// the guards, the rules, clustering with the profile and sole-holder passes — which sees what the
// real-time path, one record at a time and in arrival order, cannot: chains of records, and a person
// that two earlier ones both were. What it finds is applied the way a person would: persons the
// engine put into one cluster are merged (actor `system`, evidence `{"rule": "batch", …}`, undone like
// any merge), never a pair someone decided were different or whose merge someone undid; possible
// pairs of two persons go to the review queue; and the weights EM estimated from the region's records
// replace the hand-set model the real-time path scores with, once there are enough records to
// estimate from.
//
//   customers::ProfileBatch batch(db, clock, random, profiles);
//   JANGTEO_TRY(customers::BatchOutcome done, batch.Run({.dry_run = true}));  // what it would do
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "customers/profile.hpp"
#include "store/db.hpp"

namespace jangteo::customers {

struct BatchOptions {
    bool dry_run = false;  // resolve and count, change nothing
    // The model is estimated and saved only from this many records on: EM on a few hundred records
    // learns their accidents, not the region. Below it the current model scores.
    std::size_t min_records_for_model = 10'000;
    std::size_t max_reviews = 10'000;  // possible pairs opened for review in one run, strongest first
    std::size_t read_chunk = 50'000;   // records read per statement
    unsigned threads = 2;
};

struct BatchOutcome {
    std::size_t records = 0;         // records of active persons read
    std::size_t persons_before = 0;  // active persons among them
    std::size_t clusters = 0;        // the engine's persons
    bool model_estimated = false;    // EM estimated the weights from these records
    bool model_saved = false;        // … and they replaced the store's model
    std::size_t merges = 0;          // persons merged into another (would be, in a dry run)
    // Not merged: decided different, a merge of the two undone before, or a person whose records
    // the engine put into two clusters (the batch does not split persons).
    std::size_t merges_refused = 0;
    std::size_t merges_failed = 0;   // a person merged or erased meanwhile: left for the next run
    std::size_t reviews_opened = 0;  // (would be, in a dry run)
    double read_seconds = 0, resolve_seconds = 0, apply_seconds = 0;
};

class ProfileBatch {
public:
    ProfileBatch(store::Db& db, core::Clock& clock, core::Random& random, ProfileService& profiles)
        : db_(db), clock_(clock), random_(random), profiles_(profiles) {}

    core::Result<BatchOutcome> Run(const BatchOptions& options);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    ProfileService& profiles_;
};

}  // namespace jangteo::customers
