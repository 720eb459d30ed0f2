// Keyset paging for lists that are read newest first by (time, id): a page asks for the rows
// strictly before the last row of the previous page, so pages stay stable while rows are added and
// cost the same however deep they go. The cursor a client passes back is "<time_us>.<id>".
//
//   JANGTEO_TRY(store::Keyset after, store::ParseKeyset(query.cursor, query.limit));
//   ... WHERE (t < $1 OR (t = $1 AND id < $2)) ORDER BY t DESC, id DESC LIMIT $3 ...
//       with after.time_us, after.id, after.fetch
//   if (rows.size() > limit) next_cursor = store::FormatKeyset(last.time_us, last.id);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace jangteo::store {

inline constexpr int kMaxPageLimit = 200;

struct Keyset {
    std::int64_t time_us;  // INT64_MAX for the first page
    std::int64_t id;       // INT64_MAX for the first page
    std::int64_t fetch;    // limit + 1: the one more tells whether there is a next page
};

// kInvalidArgument "bad_limit" (field limit) unless 1 <= limit <= kMaxPageLimit; "bad_cursor"
// (field cursor) for a cursor that no list gave.
core::Result<Keyset> ParseKeyset(const std::optional<std::string>& cursor, int limit);
std::string FormatKeyset(std::int64_t time_us, std::int64_t id);

}  // namespace jangteo::store
