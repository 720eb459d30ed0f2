// Idempotency keys: a client sends `Idempotency-Key` with a request that moves money or stock
// (checkout, payment, refund, POS sale); a retry with the same key and the same body gets the first
// answer and does nothing twice, the same key with a different body is refused (422), and a retry
// while the first request still runs is told so (409). The keys live in the store, so every server
// behind the proxy sees them.
//
//   platform::IdempotencyService keys(db, clock);
//   std::string scope = "checkout:user:" + user.ToString();
//   JANGTEO_TRY(platform::IdempotencyBegin begin, keys.Begin(scope, key, platform::RequestHash(body)));
//   if (begin.replay) return Answer(begin.replay->status, begin.replay->body);
//   auto answer = db.Write([&](store::Tx& tx) -> Result<...> {
//       ... the effect ...
//       JANGTEO_TRY_STATUS(keys.FinishInTx(tx, *begin.claim, 201, body));   // commits with the effect
//   });
//   if (!answer.ok()) {
//       if (a 4xx that changed nothing) (void)keys.Finish(*begin.claim, status, problem_body);
//       else (void)keys.Abandon(*begin.claim);   // 5xx or retryable: the client may try again
//   }
//
// A claim holds its key for the lock duration (60 s by default). A request that outlives it (its
// server died mid-way, so nothing was committed) leaves a running row that the next Begin takes
// over; should the first holder still finish, its FinishInTx fails (kConflict "idempotency_claim_lost")
// and rolls its effect back, so the effect still happens once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

inline constexpr std::size_t kMaxIdempotencyKeyBytes = 255;
inline constexpr std::size_t kMaxIdempotencyScopeBytes = 255;
// How long answers are kept (purge keys older than this).
inline constexpr std::chrono::hours kKeepIdempotencyKeys{24};

// The request hash callers usually store: 64 hex digits of the SHA-256 of the request's body (with
// whatever else makes two requests the same, e.g. the method and path, appended by the caller).
std::string RequestHash(std::string_view request);

// A key claimed by this request; what Finish and Abandon take.
struct IdempotencyClaim {
    std::string scope;
    std::string key;
    std::int64_t token = 0;
};

// The first answer given under a key.
struct IdempotencyReplay {
    int status = 0;
    std::string body;
};

// Exactly one of the two is set: go on with the claim, or answer the replay.
struct IdempotencyBegin {
    std::optional<IdempotencyClaim> claim;
    std::optional<IdempotencyReplay> replay;
};

struct IdempotencyOptions {
    std::chrono::microseconds lock{std::chrono::seconds(60)};
};

// Thread-safe: holds references only.
class IdempotencyService {
public:
    IdempotencyService(store::Db& db, core::Clock& clock, core::Random& random, IdempotencyOptions options = {})
        : db_(db), clock_(clock), random_(random), options_(options) {}

    // Claims `key` in `scope` for a request whose hash is `request_hash` (one write transaction), or
    // answers the recorded reply. Errors: key not 1 to 255 printable ASCII: kInvalidArgument
    // "invalid_idempotency_key" (field Idempotency-Key); the key was used for another request:
    // kInvalidArgument "idempotency_key_reused" (422); the first request still runs:
    // kConflict "idempotency_in_progress" (409). A running claim whose lock expired is taken over.
    core::Result<IdempotencyBegin> Begin(std::string_view scope, std::string_view key, std::string_view request_hash);

    // Records the answer inside the transaction of the request's effect. kConflict
    // "idempotency_claim_lost" when the claim is no longer this request's (lock expired and taken
    // over): the caller's transaction must then roll back.
    core::Status FinishInTx(store::Tx& tx, const IdempotencyClaim& claim, int status, std::string_view body);
    // The same in its own transaction: for an answer that changed nothing (a 4xx).
    core::Status Finish(const IdempotencyClaim& claim, int status, std::string_view body);
    // Gives the key back (after a 5xx or a retryable failure) so that the client may try again.
    core::Status Abandon(const IdempotencyClaim& claim);

    // Deletes up to `limit` keys made before `cutoff` (give it now - kKeepIdempotencyKeys); answers
    // how many. For a background task, which calls it until it answers less than `limit`.
    core::Result<std::int64_t> PurgeBefore(core::TimePoint cutoff, std::int64_t limit = 1000);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const IdempotencyOptions options_;
};

}  // namespace jangteo::platform
