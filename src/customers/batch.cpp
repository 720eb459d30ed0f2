#include "customers/batch.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "customers/resolve.hpp"

namespace jangteo::customers {

namespace {

namespace json = core::json;

// The records of active persons by id after $1, at most $2: a keyset walk, one statement per chunk.
const store::Sql kReadRecords{
    "customers.batch_records",
    "SELECT r.id, r.person_id, r.merchant_id, r.name, r.phone, r.email, r.birth_date, r.postal_code, r.address,"
    " r.card_no, r.phone_verified FROM customers_records r JOIN customers_persons p ON p.id = r.person_id AND p.status "
    "= 'active'"
    " WHERE r.id > $1 ORDER BY r.id LIMIT $2"};
// Whether someone said the two persons are not one: a review decided different, or a merge of the
// two undone.
const store::Sql kRefused{"customers.batch_refused",
                          "SELECT (SELECT count(*) FROM customers_reviews WHERE state = 'different' AND"
                          " ((person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1)))"
                          " + (SELECT count(*) FROM customers_merges WHERE undone_at_us IS NOT NULL AND"
                          " ((kept_person = $1 AND merged_person = $2) OR (kept_person = $2 AND merged_person = $1)))"};
// Whether the two persons have a review already, open or decided different.
const store::Sql kReviewed{"customers.batch_reviewed",
                           "SELECT count(*) FROM customers_reviews WHERE state IN ('open', 'different') AND"
                           " ((person_a = $1 AND person_b = $2) OR (person_a = $2 AND person_b = $1))"};
const store::Sql kInsertReview{
    "customers.batch_insert_review",
    "INSERT INTO customers_reviews (id, record_a, record_b, person_a, person_b, merchant_a, merchant_b, score,"
    " evidence, state, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)"
    " ON CONFLICT (record_a, record_b) DO NOTHING"};

double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

store::Value OptKey(std::optional<std::int64_t> key) {
    if (!key) return nullptr;
    return *key;
}

struct Stored {
    std::int64_t id = 0, person = 0;
    std::optional<std::int64_t> merchant;
};

}  // namespace

core::Result<BatchOutcome> ProfileBatch::Run(const BatchOptions& options) {
    BatchOutcome out;
    auto started = std::chrono::steady_clock::now();
    const std::uint32_t today = TodayInKorea(clock_.Now());

    // Read: every record of the active persons, normalised as the real-time path does.
    std::vector<Stored> stored;
    std::vector<NormalizedRecord> records;
    const std::size_t chunk = std::max<std::size_t>(1, options.read_chunk);
    for (std::int64_t after = std::numeric_limits<std::int64_t>::min();;) {
        JANGTEO_TRY(auto rows, db_.Read([&](store::Tx& tx) {
            return tx.Query(kReadRecords, {after, static_cast<std::int64_t>(chunk)});
        }));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto row = rows[i];
            Stored s{row.Int(0), row.Int(1), row.OptInt(2)};
            records.push_back(NormalizeStored(s.merchant, row.TextView(3), row.TextView(4), row.TextView(5),
                                              row.TextView(6), row.TextView(7), row.TextView(8), row.TextView(9),
                                              today));
            // As in real time: a number typed into a web form is a claim, not its holder's mark.
            records.back().phone_trusted = s.merchant.has_value() || row.Bool(10);
            stored.push_back(s);
        }
        if (rows.size() < chunk) break;
        after = stored.back().id;
    }
    out.records = stored.size();
    {
        std::vector<std::int64_t> persons;
        persons.reserve(stored.size());
        for (const auto& s : stored) persons.push_back(s.person);
        std::sort(persons.begin(), persons.end());
        out.persons_before = static_cast<std::size_t>(std::unique(persons.begin(), persons.end()) - persons.begin());
    }
    out.read_seconds = SecondsSince(started);

    // Resolve: estimate the weights from the records when there are enough of them.
    started = std::chrono::steady_clock::now();
    ResolveOptions resolve;
    resolve.threads = std::max(1u, options.threads);
    std::shared_ptr<const Model> current;
    out.model_estimated = stored.size() >= options.min_records_for_model && !stored.empty();
    if (!out.model_estimated) {
        JANGTEO_TRY(current, profiles_.CurrentModel());
        resolve.estimate = false;
        resolve.model = current.get();
    }
    Resolution resolution = Resolve(records, resolve);
    out.clusters = resolution.stats.clusters;
    out.resolve_seconds = SecondsSince(started);

    started = std::chrono::steady_clock::now();
    if (out.model_estimated && !options.dry_run) {
        JANGTEO_TRY_STATUS(profiles_.SaveModel(resolution.model));
        out.model_saved = true;
    }

    // Merge: in each cluster of several persons, the person with the most records keeps them all. A
    // person whose records the engine put into two clusters is one the engine would split; the batch
    // never splits (an unmerge is a person's decision), and it does not merge such a person either,
    // since that could join through it what the engine kept apart (two birth dates).
    std::vector<std::vector<std::uint32_t>> members(resolution.stats.clusters);
    for (std::uint32_t i = 0; i < resolution.cluster.size(); ++i) members[resolution.cluster[i]].push_back(i);
    std::unordered_map<std::int64_t, std::uint32_t> cluster_of;  // person → its cluster, or kSplit
    constexpr std::uint32_t kSplit = std::numeric_limits<std::uint32_t>::max();
    for (std::uint32_t i = 0; i < resolution.cluster.size(); ++i) {
        auto [it, fresh] = cluster_of.try_emplace(stored[i].person, resolution.cluster[i]);
        if (!fresh && it->second != resolution.cluster[i]) it->second = kSplit;
    }
    std::unordered_map<std::int64_t, std::int64_t> kept_by;  // merged person → the person that took it
    for (const auto& cluster : members) {
        std::vector<std::pair<std::int64_t, std::size_t>> counts;  // person, records in the cluster
        for (std::uint32_t i : cluster) {
            auto it =
                std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == stored[i].person; });
            if (it == counts.end()) {
                counts.emplace_back(stored[i].person, 1);
            } else {
                ++it->second;
            }
        }
        if (counts.size() < 2) continue;
        const std::size_t before = counts.size();
        std::erase_if(counts, [&](const auto& c) { return cluster_of[c.first] == kSplit; });
        out.merges_refused += before - counts.size();
        if (counts.size() < 2) continue;
        std::sort(counts.begin(), counts.end(), [](const auto& x, const auto& y) {
            return x.second != y.second ? x.second > y.second : x.first < y.first;
        });
        const std::int64_t kept = counts[0].first;
        for (std::size_t k = 1; k < counts.size(); ++k) {
            const std::int64_t merged = counts[k].first;
            JANGTEO_TRY(auto refused, db_.Read([&](store::Tx& tx) { return tx.Query(kRefused, {kept, merged}); }));
            if (!refused.empty() && refused[0].Int(0) > 0) {
                ++out.merges_refused;
                continue;
            }
            if (options.dry_run) {
                ++out.merges;
                kept_by[merged] = kept;
                continue;
            }
            std::string evidence =
                core::ToJson(json::object{{"rule", "batch"},
                                          {"cluster_records", static_cast<std::int64_t>(cluster.size())},
                                          {"records", static_cast<std::int64_t>(counts[k].second)}});
            auto done = db_.Write([&](store::Tx& tx) {
                return profiles_.MergeInTx(tx, PersonId(kept), PersonId(merged), "system", evidence);
            });
            if (!done.ok()) {
                // Merged, erased or unmerged meanwhile by someone else: the next run sees the new state.
                if (done.error().code == core::ErrorCode::kFailedPrecondition ||
                    done.error().code == core::ErrorCode::kNotFound) {
                    ++out.merges_failed;
                    continue;
                }
                return done.error();
            }
            ++out.merges;
            kept_by[merged] = kept;
        }
    }

    // Review: possible pairs of two persons (after the merges), strongest first, one review per pair
    // of persons, none for a pair decided different.
    auto person_now = [&](std::int64_t p) {
        auto it = kept_by.find(p);
        return it == kept_by.end() ? p : it->second;
    };
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    std::vector<std::pair<std::int64_t, std::int64_t>> opened;  // person pairs opened in this run
    for (const ReviewPair& pair : resolution.review) {
        if (out.reviews_opened >= options.max_reviews) break;
        std::uint32_t a = pair.a, b = pair.b;
        if (stored[a].id > stored[b].id) std::swap(a, b);
        std::int64_t pa = person_now(stored[a].person), pb = person_now(stored[b].person);
        if (pa == pb) continue;
        auto key = std::minmax(pa, pb);
        if (std::find(opened.begin(), opened.end(), std::pair{key.first, key.second}) != opened.end()) continue;
        JANGTEO_TRY(auto reviewed, db_.Read([&](store::Tx& tx) { return tx.Query(kReviewed, {pa, pb}); }));
        if (!reviewed.empty() && reviewed[0].Int(0) > 0) continue;
        opened.emplace_back(key.first, key.second);
        if (options.dry_run) {
            ++out.reviews_opened;
            continue;
        }
        const std::string evidence = EvidenceJson(pair.score);
        JANGTEO_TRY(std::int64_t inserted, db_.Write([&](store::Tx& tx) {
            return tx.Exec(kInsertReview,
                           {ReviewId::New(random_).key(), stored[a].id, stored[b].id, pa, pb,
                            OptKey(stored[a].merchant), OptKey(stored[b].merchant), pair.score.weight, evidence, now});
        }));
        if (inserted > 0) ++out.reviews_opened;
    }
    out.apply_seconds = SecondsSince(started);
    return out;
}

}  // namespace jangteo::customers
