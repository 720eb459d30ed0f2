#include "search/index.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/string_hash.hpp"
#include "search/text.hpp"

namespace jangteo::search {
namespace {

using Posting = std::vector<std::uint32_t>;  // internal document numbers (slots), ascending

constexpr std::uint32_t kNone = 0xFFFFFFFFu;
// Gram keys: syllable bigrams, then single syllables, then syllable trigrams.
constexpr std::uint64_t kSyllables = text::kSyllableCount;
constexpr std::uint64_t kUnigramBase = kSyllables * kSyllables;
constexpr std::uint64_t kTrigramBase = kUnigramBase + kSyllables;

std::uint64_t BigramKey(int a, int b) {
    return static_cast<std::uint64_t>(a) * kSyllables + static_cast<std::uint64_t>(b);
}
std::uint64_t UnigramKey(int a) {
    return kUnigramBase + static_cast<std::uint64_t>(a);
}
std::uint64_t TrigramKey(int a, int b, int c) {
    return kTrigramBase + (static_cast<std::uint64_t>(a) * kSyllables + static_cast<std::uint64_t>(b)) * kSyllables +
           static_cast<std::uint64_t>(c);
}

// The fields of a stored document, in the order they sit in Doc::text.
enum DocField : std::uint8_t { kTitleKoField, kTitleEnField, kBrandField, kTextField, kCodesField, kFieldCount };
constexpr int kSearchedFields = kCodesField;  // the codes are matched only as whole codes
constexpr int kTitleFields = 2;               // kTitleKoField and kTitleEnField

// Points of a match; a query's score is the sum over its pieces of the best match of each.
constexpr int kExactPoints = 30;
constexpr int kPartialPoints = 20;  // a prefix of a word, or a part of a Hangul run
constexpr int kTypoPoints = 10;
constexpr int kTitleBonus = 5;
constexpr int kCodePoints = 1000;

// The text of a stored document: only the page's highlights and the check of Hangul runs of 4+
// syllables read it. What filters, sorts and facets need sits in per-slot arrays of the State.
struct Doc {
    // The fields, ASCII lower-cased, one after another; codes joined by '\n'.
    std::string text;
    std::array<std::uint16_t, kFieldCount> ends{};

    std::string_view FieldText(int f) const {
        std::size_t begin = f == 0 ? 0 : ends[f - 1];
        return std::string_view(text).substr(begin, ends[f] - begin);
    }
};

using Range = std::pair<std::uint16_t, std::uint16_t>;  // a byte range of Doc::text (a Doc can move)

// What a document puts in the posting lists. Each key is listed once in the lists of every field
// and once more in the title lists when it occurs in a title, so that scoring needs no text.
struct DocKeys {
    std::vector<std::uint64_t> grams;  // single syllables, bigrams and trigrams of the Hangul runs
    std::vector<std::uint64_t> title_grams;
    std::vector<Range> words;  // ASCII words
    std::vector<Range> title_words;
    std::vector<Range> runs;  // whole Hangul runs: a query run equal to one is an exact match
    std::vector<Range> title_runs;
    std::vector<Range> codes;
};

std::string_view Slice(const Doc& d, Range r) {
    return std::string_view(d.text).substr(r.first, r.second - r.first);
}

void SortUnique(const Doc& d, std::vector<Range>& ranges) {
    std::sort(ranges.begin(), ranges.end(), [&](Range a, Range b) { return Slice(d, a) < Slice(d, b); });
    ranges.erase(
        std::unique(ranges.begin(), ranges.end(), [&](Range a, Range b) { return Slice(d, a) == Slice(d, b); }),
        ranges.end());
}

void SortUnique(std::vector<std::uint64_t>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

DocKeys CollectKeys(const Doc& d) {
    DocKeys keys;
    std::string_view all = d.text;
    for (int f = 0; f < kSearchedFields; ++f) {
        const bool title = f < kTitleFields;
        std::size_t base = f == 0 ? 0 : d.ends[f - 1];
        text::ForEachPiece(d.FieldText(f), [&](text::Piece p) {
            auto begin = static_cast<std::uint16_t>(base + p.begin);
            auto end = static_cast<std::uint16_t>(base + p.end);
            if (p.kind == text::PieceKind::kWord) {
                keys.words.emplace_back(begin, end);
                if (title) keys.title_words.emplace_back(begin, end);
                return;
            }
            keys.runs.emplace_back(begin, end);
            if (title) keys.title_runs.emplace_back(begin, end);
            int prev2 = -1;
            int prev = -1;
            auto add = [&](std::uint64_t key) {
                keys.grams.push_back(key);
                if (title) keys.title_grams.push_back(key);
            };
            for (std::size_t i = begin; i < end; i += 3) {
                int s = text::SyllableAt(all, i);
                add(UnigramKey(s));
                if (prev >= 0) add(BigramKey(prev, s));
                if (prev2 >= 0) add(TrigramKey(prev2, prev, s));
                prev2 = prev;
                prev = s;
            }
        });
    }
    SortUnique(keys.grams);
    SortUnique(keys.title_grams);
    SortUnique(d, keys.words);
    SortUnique(d, keys.title_words);
    SortUnique(d, keys.runs);
    SortUnique(d, keys.title_runs);
    std::size_t base = d.ends[kCodesField - 1];
    std::string_view codes = d.FieldText(kCodesField);
    std::size_t start = 0;
    while (start < codes.size()) {
        std::size_t nl = codes.find('\n', start);
        if (nl == std::string_view::npos) nl = codes.size();
        if (nl > start) keys.codes.emplace_back(base + start, base + nl);
        start = nl + 1;
    }
    SortUnique(d, keys.codes);
    return keys;
}

void PostingAdd(Posting& p, std::uint32_t slot) {
    if (p.empty() || p.back() < slot) {
        p.push_back(slot);
        return;
    }
    auto it = std::lower_bound(p.begin(), p.end(), slot);
    if (*it != slot) p.insert(it, slot);
}

void PostingRemove(Posting& p, std::uint32_t slot) {
    auto it = std::lower_bound(p.begin(), p.end(), slot);
    if (it != p.end() && *it == slot) p.erase(it);
}

// out = a ∩ b. When one list is much shorter, its entries are looked up in the other by a
// galloping binary search; otherwise both are merged.
void Intersect(const Posting& a, const Posting& b, Posting& out) {
    out.clear();
    const Posting& small = a.size() <= b.size() ? a : b;
    const Posting& large = a.size() <= b.size() ? b : a;
    if (small.empty()) return;
    if (large.size() / 16 > small.size()) {
        auto from = large.begin();
        for (std::uint32_t v : small) {
            from = std::lower_bound(from, large.end(), v);
            if (from == large.end()) break;
            if (*from == v) out.push_back(v);
        }
        return;
    }
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
}

// Dense numbers for merchant and category keys and district codes, so that facets count in arrays.
template <typename Key, typename Hash = std::hash<Key>, typename Eq = std::equal_to<Key>>
struct Interner {
    std::unordered_map<Key, std::uint32_t, Hash, Eq> index;
    std::vector<Key> keys;

    template <typename K>
    std::uint32_t Find(const K& key) const {
        auto it = index.find(key);
        return it == index.end() ? kNone : it->second;
    }
    std::uint32_t Add(const Key& key) {
        auto [it, added] = index.try_emplace(key, static_cast<std::uint32_t>(keys.size()));
        if (added) keys.push_back(key);
        return it->second;
    }
};

struct Clause {
    bool hangul = false;
    bool prefix = false;  // a word that may be the start of a longer one
    bool typo = false;    // a word long enough for one typo
    std::string text;
};

// The first position at or after `from` where `needle` (whole Hangul syllables, so at least three
// bytes) starts in `field`, or npos. The fields are short and full of the lead bytes of Hangul, on
// which a memchr-based find stops at nearly every syllable: comparing two bytes first is faster.
std::size_t FindSyllables(std::string_view field, std::string_view needle, std::size_t from) {
    const std::size_t m = needle.size();
    if (field.size() < m) return std::string_view::npos;
    const char a = needle[0];
    const char b = needle[1];
    const char c = needle[2];
    for (std::size_t i = from; i + m <= field.size(); ++i) {
        if (field[i + 2] == c && field[i + 1] == b && field[i] == a &&
            (m == 3 || field.compare(i + 3, m - 3, needle.substr(3)) == 0)) {
            return i;
        }
    }
    return std::string_view::npos;
}

int MatchField(std::string_view field, const Clause& c) {
    if (c.hangul) {
        int best = 0;
        for (std::size_t pos = FindSyllables(field, c.text, 0); pos != std::string_view::npos;
             pos = FindSyllables(field, c.text, pos + 3)) {
            bool starts = pos < 3 || text::SyllableAt(field, pos - 3) < 0;
            bool ends = text::SyllableAt(field, pos + c.text.size()) < 0;
            if (starts && ends) return kExactPoints;
            best = kPartialPoints;
        }
        return best;
    }
    // Without a typo, an exact or prefix match has the word inside the field: most fields do not.
    if (!c.typo && field.find(c.text) == std::string_view::npos) return 0;
    int best = 0;
    text::ForEachPiece(field, [&](text::Piece p) {
        if (p.kind != text::PieceKind::kWord || best == kExactPoints) return;
        std::string_view word = field.substr(p.begin, p.end - p.begin);
        if (word == c.text) {
            best = kExactPoints;
        } else if (c.prefix && word.starts_with(c.text)) {
            best = std::max(best, kPartialPoints);
        } else if (c.typo && text::WithinOneEdit(word, c.text)) {
            best = std::max(best, kTypoPoints);
        }
    });
    return best;
}

// The best points of a clause over the document's fields, 0 when it matches none. Used only for
// Hangul runs of 4+ syllables that the lists cannot settle (their trigrams may sit apart).
int ClausePoints(const Doc& d, const Clause& c) {
    int best = 0;
    for (int f = 0; f < kSearchedFields; ++f) {
        int points = MatchField(d.FieldText(f), c);
        if (points == 0) continue;
        if (f < kTitleFields) points += kTitleBonus;
        best = std::max(best, points);
    }
    return best;
}

void AddSpans(std::string_view field, Field which, const Clause& c, std::vector<Span>& out) {
    if (c.hangul) {
        for (std::size_t pos = FindSyllables(field, c.text, 0); pos != std::string_view::npos;
             pos = FindSyllables(field, c.text, pos + 3)) {
            out.push_back({which, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + c.text.size())});
        }
        return;
    }
    text::ForEachPiece(field, [&](text::Piece p) {
        if (p.kind != text::PieceKind::kWord) return;
        std::string_view word = field.substr(p.begin, p.end - p.begin);
        if (word == c.text || (c.typo && text::WithinOneEdit(word, c.text))) {
            out.push_back({which, p.begin, p.end});
        } else if (c.prefix && word.starts_with(c.text)) {
            out.push_back({which, p.begin, static_cast<std::uint32_t>(p.begin + c.text.size())});
        }
    });
}

std::vector<Span> Highlights(const Doc& d, const std::vector<Clause>& clauses) {
    std::vector<Span> spans;
    for (const Clause& c : clauses) {
        AddSpans(d.FieldText(kTitleKoField), Field::kTitleKo, c, spans);
        AddSpans(d.FieldText(kTitleEnField), Field::kTitleEn, c, spans);
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.field != b.field ? a.field < b.field : a.begin < b.begin; });
    std::vector<Span> merged;
    for (const Span& s : spans) {
        if (!merged.empty() && merged.back().field == s.field && s.begin <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, s.end);
        } else {
            merged.push_back(s);
        }
    }
    return merged;
}

core::Error InvalidField(std::string reason, std::string field, std::string code, std::string message) {
    std::string m = message;
    return core::Error::Invalid(std::move(reason), std::move(m), {{std::move(field), std::move(code), message}});
}

core::Result<void> ValidateDocument(const Document& doc) {
    if (doc.id <= 0) return InvalidField("search_document_id_invalid", "id", "invalid", "the id must be positive");
    if (doc.category_path.empty() || doc.category_path.size() > kMaxCategoryDepth) {
        return InvalidField("search_category_path_invalid", "category_path", "invalid",
                            "the category path must have 1 to 8 categories");
    }
    if (doc.title_ko.size() > kMaxTitleBytes) {
        return InvalidField("search_title_too_long", "title_ko", "too_long", "the Korean title is too long");
    }
    if (doc.title_en.size() > kMaxTitleBytes) {
        return InvalidField("search_title_too_long", "title_en", "too_long", "the English title is too long");
    }
    if (doc.brand.size() > kMaxBrandBytes) {
        return InvalidField("search_brand_too_long", "brand", "too_long", "the brand is too long");
    }
    if (doc.text.size() > kMaxTextBytes) {
        return InvalidField("search_text_too_long", "text", "too_long", "the searchable text is too long");
    }
    if (doc.codes.size() > kMaxCodes) {
        return InvalidField("search_too_many_codes", "codes", "too_many", "a product has at most 64 codes");
    }
    for (const std::string& code : doc.codes) {
        if (code.empty() || code.size() > kMaxCodeBytes || code.find('\n') != std::string::npos) {
            return InvalidField("search_code_invalid", "codes", "invalid",
                                "a code is empty, too long or has a line break");
        }
    }
    if (doc.min_price_won < 0 || doc.max_price_won < doc.min_price_won) {
        return InvalidField("search_price_invalid", "min_price_won", "invalid",
                            "prices must be at least 0 and the lowest no higher than the highest");
    }
    return {};
}

core::Result<void> ValidateQuery(const Query& q) {
    if (q.limit < 1 || q.limit > kMaxLimit) {
        return InvalidField("search_limit_invalid", "limit", "out_of_range", "the limit must be 1 to 100");
    }
    if (q.offset < 0 || q.offset > kMaxOffset) {
        return InvalidField("search_offset_invalid", "offset", "out_of_range", "the offset must be 0 to 10000");
    }
    if (q.text.size() > kMaxQueryBytes) {
        return InvalidField("search_query_too_long", "q", "too_long", "the search text is at most 200 bytes");
    }
    if ((q.min_price_won && *q.min_price_won < 0) || (q.max_price_won && *q.max_price_won < 0)) {
        return InvalidField("search_price_invalid", "min_price", "out_of_range", "prices cannot be negative");
    }
    if (q.min_price_won && q.max_price_won && *q.min_price_won > *q.max_price_won) {
        return InvalidField("search_price_invalid", "min_price", "out_of_range",
                            "the lowest price is higher than the highest");
    }
    return {};
}

// A lock guard over the pthread lock (std::shared_mutex cannot be asked to prefer writers).
class ReadLock {
public:
    explicit ReadLock(pthread_rwlock_t& l) : l_(l) { pthread_rwlock_rdlock(&l_); }
    ~ReadLock() { pthread_rwlock_unlock(&l_); }
    ReadLock(const ReadLock&) = delete;
    ReadLock& operator=(const ReadLock&) = delete;

private:
    pthread_rwlock_t& l_;
};

class WriteLock {
public:
    explicit WriteLock(pthread_rwlock_t& l) : l_(l) { pthread_rwlock_wrlock(&l_); }
    ~WriteLock() { pthread_rwlock_unlock(&l_); }
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

private:
    pthread_rwlock_t& l_;
};

// Sorts the largest kMaxFacetValues values of a facet to its front and drops the rest.
template <typename T, typename Before>
void TopFacets(std::vector<T>& values, Before before) {
    const std::size_t keep = std::min(values.size(), kMaxFacetValues);
    std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(keep), values.end(), before);
    values.resize(keep);
}

// One hit while the query runs: the sort keys (larger first) and the slot.
struct Scored {
    std::int64_t key;
    std::int64_t created_at_us;
    std::uint32_t slot;
    std::int32_t score;
};

// The postings of one key (a gram, an English word, a whole Hangul run): every product that has it
// in a searched field, and those that have it in a title (a subset of the first).
struct KeyLists {
    Posting all;
    Posting title;
};

// The products one query piece matches, with its points on each; 0 points marks a Hangul run of 4+
// syllables that only the text can settle (its trigrams may sit apart).
struct PointList {
    Posting slots;
    std::vector<std::uint8_t> points;
};

// The points of each product of `base` that one key's lists give: `title_points` on `title`,
// `all_points` on `all` (both subsets of base, either may be null), and `other` elsewhere; a
// product keeps the most it has.
struct PointRule {
    const Posting* list;
    std::uint8_t points;
};
void AssignPoints(const Posting& base, std::initializer_list<PointRule> rules, std::uint8_t other,
                  std::vector<std::uint8_t>& out) {
    out.assign(base.size(), other);
    for (const PointRule& r : rules) {
        if (r.list == nullptr || r.list->empty()) continue;
        std::size_t j = 0;
        for (std::uint32_t slot : *r.list) {
            while (base[j] < slot) ++j;  // the list is a subset of base
            out[j] = std::max(out[j], r.points);
        }
    }
}

// The products of an English query word: the union of the lists of the dictionary words it
// matches, each with its points (exact, prefix or typo), 5 more in a title, the most per product.
void WordList(const std::vector<std::pair<const KeyLists*, std::uint8_t>>& terms, std::size_t universe,
              PointList& out) {
    out.slots.clear();
    out.points.clear();
    if (terms.size() == 1) {
        const KeyLists& k = *terms.front().first;
        const std::uint8_t p = terms.front().second;
        out.slots = k.all;
        AssignPoints(out.slots, {{&k.title, static_cast<std::uint8_t>(p + kTitleBonus)}}, p, out.points);
        return;
    }
    std::size_t total = 0;
    for (const auto& [k, p] : terms) total += k->all.size() + k->title.size();
    if (total * 16 < universe) {
        // Few postings: sort (slot, points) pairs; the last of each slot has its most points.
        std::vector<std::uint64_t> pairs;
        pairs.reserve(total);
        for (const auto& [k, p] : terms) {
            for (std::uint32_t slot : k->all) pairs.push_back(std::uint64_t{slot} << 8 | p);
            for (std::uint32_t slot : k->title) pairs.push_back(std::uint64_t{slot} << 8 | (p + kTitleBonus));
        }
        std::sort(pairs.begin(), pairs.end());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            if (i + 1 < pairs.size() && (pairs[i + 1] >> 8) == (pairs[i] >> 8)) continue;
            out.slots.push_back(static_cast<std::uint32_t>(pairs[i] >> 8));
            out.points.push_back(static_cast<std::uint8_t>(pairs[i] & 0xFF));
        }
        return;
    }
    // Many: the most points per slot in a byte per product.
    std::vector<std::uint8_t> best(universe + 8, 0);
    for (const auto& [k, p] : terms) {
        for (std::uint32_t slot : k->all) best[slot] = std::max(best[slot], p);
        const auto titled = static_cast<std::uint8_t>(p + kTitleBonus);
        for (std::uint32_t slot : k->title) best[slot] = std::max(best[slot], titled);
    }
    for (std::size_t w = 0; w < universe; w += 8) {
        std::uint64_t eight;
        std::memcpy(&eight, &best[w], 8);
        if (eight == 0) continue;
        for (std::size_t slot = w; slot < w + 8 && slot < universe; ++slot) {
            if (best[slot] == 0) continue;
            out.slots.push_back(static_cast<std::uint32_t>(slot));
            out.points.push_back(best[slot]);
        }
    }
}

// The hits while the lists are intersected: each product's points so far, and the pieces (bits)
// still to check in its text.
struct Candidates {
    Posting slots;
    std::vector<std::uint16_t> points;
    std::vector<std::uint16_t> verify;
};

// A list a hit must be on, with the points it brings (null for a filter).
struct Required {
    const Posting* slots;
    const std::vector<std::uint8_t>* points;
    std::uint16_t bit;  // the piece's bit, for points of 0
};

void Start(Candidates& c, const Required& r) {
    c.slots = *r.slots;
    c.points.assign(c.slots.size(), 0);
    c.verify.assign(c.slots.size(), 0);
    if (r.points == nullptr) return;
    for (std::size_t i = 0; i < c.slots.size(); ++i) {
        std::uint8_t p = (*r.points)[i];
        if (p == 0)
            c.verify[i] = r.bit;
        else
            c.points[i] = p;
    }
}

// Keeps the candidates that are on r, adding r's points. When r is much longer, each candidate is
// looked up in it by a binary search that starts where the last one stopped; otherwise both are
// merged.
void Narrow(Candidates& c, const Required& r) {
    const Posting& list = *r.slots;
    std::size_t w = 0;
    auto keep = [&](std::size_t i, std::size_t j) {
        c.slots[w] = c.slots[i];
        c.points[w] = c.points[i];
        c.verify[w] = c.verify[i];
        if (r.points != nullptr) {
            std::uint8_t p = (*r.points)[j];
            if (p == 0)
                c.verify[w] |= r.bit;
            else
                c.points[w] = static_cast<std::uint16_t>(c.points[w] + p);
        }
        ++w;
    };
    if (list.size() / 16 > c.slots.size()) {
        auto from = list.begin();
        for (std::size_t i = 0; i < c.slots.size(); ++i) {
            from = std::lower_bound(from, list.end(), c.slots[i]);
            if (from == list.end()) break;
            if (*from == c.slots[i]) keep(i, static_cast<std::size_t>(from - list.begin()));
        }
    } else {
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < c.slots.size() && j < list.size()) {
            if (c.slots[i] < list[j]) {
                ++i;
            } else if (list[j] < c.slots[i]) {
                ++j;
            } else {
                keep(i, j);
                ++i;
                ++j;
            }
        }
    }
    c.slots.resize(w);
    c.points.resize(w);
    c.verify.resize(w);
}

}  // namespace

struct Index::State {
    std::vector<Doc> docs;  // by slot
    std::vector<std::uint32_t> free_slots;
    std::size_t live_count = 0;
    std::unordered_map<std::int64_t, std::uint32_t> slot_of;

    // By slot, one array per key (a pass over many hits touches only what it needs).
    std::vector<std::uint8_t> live;
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> created_at_us;
    std::vector<std::int64_t> min_price_won;
    std::vector<std::int64_t> max_price_won;
    std::vector<std::uint32_t> merchant;
    std::vector<std::uint32_t> district;
    std::vector<std::uint32_t> path;         // the category path (interned)
    std::vector<std::uint8_t> price_bucket;  // of the lowest price, for the price facet

    std::unordered_map<std::uint64_t, std::uint32_t> gram_list;  // gram key -> index in gram_postings
    std::vector<KeyLists> gram_postings;
    std::unordered_map<std::string, std::uint32_t, core::StringHash, std::equal_to<>> run_id;  // whole Hangul runs
    std::vector<KeyLists> run_postings;

    std::deque<std::string> term_text;  // a deque keeps the strings where they are
    std::unordered_map<std::string_view, std::uint32_t> term_id;
    std::map<std::string_view, std::uint32_t> terms_sorted;  // for prefixes
    std::vector<KeyLists> term_postings;
    // The hash of each term of 5+ bytes with one byte deleted -> the terms: the deletion
    // neighbourhood that finds the terms one edit away from a query word.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> deletions;

    std::unordered_map<std::string, std::vector<std::uint32_t>, core::StringHash, std::equal_to<>> codes;

    Interner<std::int64_t> categories;
    std::vector<std::uint32_t> category_parent;  // kNone for a root
    std::vector<std::uint8_t> category_depth;
    std::vector<Posting> category_postings;  // each document under each of its path's categories
    // Category paths, interned: the categories of each (root first). Facets count paths, then
    // each path's categories.
    Interner<std::string, core::StringHash, std::equal_to<>> paths;
    std::vector<std::vector<std::uint32_t>> path_categories;
    Interner<std::int64_t> merchants;
    std::vector<Posting> merchant_postings;
    Interner<std::string, core::StringHash, std::equal_to<>> districts;

    std::uint32_t NewSlot() {
        auto slot = static_cast<std::uint32_t>(docs.size());
        docs.emplace_back();
        live.push_back(0);
        ids.push_back(0);
        created_at_us.push_back(0);
        min_price_won.push_back(0);
        max_price_won.push_back(0);
        merchant.push_back(kNone);
        district.push_back(kNone);
        path.push_back(kNone);
        price_bucket.push_back(0);
        return slot;
    }

    std::uint32_t AddTerm(std::string_view word) {
        auto id = static_cast<std::uint32_t>(term_postings.size());
        const std::string& stored = term_text.emplace_back(word);
        term_id.emplace(stored, id);
        terms_sorted.emplace(stored, id);
        term_postings.emplace_back();
        if (stored.size() >= 5) {
            std::string deleted;
            for (std::size_t i = 0; i < stored.size(); ++i) {
                deleted.assign(stored, 0, i);
                deleted.append(stored, i + 1);
                auto& ids_of = deletions[std::hash<std::string_view>{}(deleted)];
                if (ids_of.empty() || ids_of.back() != id) ids_of.push_back(id);
            }
        }
        return id;
    }

    void AddKeys(std::uint32_t slot, const Doc& d, const DocKeys& keys) {
        for (std::uint64_t g : keys.grams) {
            auto [it, added] = gram_list.try_emplace(g, static_cast<std::uint32_t>(gram_postings.size()));
            if (added) gram_postings.emplace_back();
            PostingAdd(gram_postings[it->second].all, slot);
        }
        for (std::uint64_t g : keys.title_grams) PostingAdd(gram_postings[gram_list.find(g)->second].title, slot);
        for (Range r : keys.runs) {
            auto [it, added] =
                run_id.try_emplace(std::string(Slice(d, r)), static_cast<std::uint32_t>(run_postings.size()));
            if (added) run_postings.emplace_back();
            PostingAdd(run_postings[it->second].all, slot);
        }
        for (Range r : keys.title_runs) PostingAdd(run_postings[run_id.find(Slice(d, r))->second].title, slot);
        for (Range r : keys.words) {
            std::string_view w = Slice(d, r);
            auto it = term_id.find(w);
            std::uint32_t id = it != term_id.end() ? it->second : AddTerm(w);
            PostingAdd(term_postings[id].all, slot);
        }
        for (Range r : keys.title_words) PostingAdd(term_postings[term_id.find(Slice(d, r))->second].title, slot);
        for (Range r : keys.codes) {
            auto& slots = codes[std::string(Slice(d, r))];
            slots.insert(std::lower_bound(slots.begin(), slots.end(), slot), slot);
        }
        for (std::uint32_t c : path_categories[path[slot]]) PostingAdd(category_postings[c], slot);
        PostingAdd(merchant_postings[merchant[slot]], slot);
    }

    void RemoveKeys(std::uint32_t slot, const Doc& d) {
        DocKeys keys = CollectKeys(d);
        auto remove = [&](std::vector<KeyLists>& lists, std::uint32_t i, bool title) {
            PostingRemove(title ? lists[i].title : lists[i].all, slot);
        };
        for (int title = 0; title < 2; ++title) {
            for (std::uint64_t g : title ? keys.title_grams : keys.grams) {
                auto it = gram_list.find(g);
                if (it != gram_list.end()) remove(gram_postings, it->second, title);
            }
            for (Range r : title ? keys.title_runs : keys.runs) {
                auto it = run_id.find(Slice(d, r));
                if (it != run_id.end()) remove(run_postings, it->second, title);
            }
            for (Range r : title ? keys.title_words : keys.words) {
                auto it = term_id.find(Slice(d, r));
                if (it != term_id.end()) remove(term_postings, it->second, title);
            }
        }
        for (Range r : keys.codes) {
            auto it = codes.find(Slice(d, r));
            if (it == codes.end()) continue;
            PostingRemove(it->second, slot);
            if (it->second.empty()) codes.erase(it);
        }
        for (std::uint32_t c : path_categories[path[slot]]) PostingRemove(category_postings[c], slot);
        PostingRemove(merchant_postings[merchant[slot]], slot);
    }

    // The terms that a query word matches, each once with the most points it gives the word:
    // exact, prefix (when the word may be one) or one edit away.
    void ExpandWord(const Clause& c, std::vector<std::pair<std::uint32_t, std::uint8_t>>& out) const {
        out.clear();
        if (auto it = term_id.find(c.text); it != term_id.end()) out.emplace_back(it->second, kExactPoints);
        if (c.prefix) {
            // A short prefix of a large dictionary stops at this many terms: enough for a search box.
            constexpr std::size_t kMaxPrefixTerms = 2048;
            std::size_t taken = 0;
            for (auto it = terms_sorted.lower_bound(c.text);
                 it != terms_sorted.end() && it->first.starts_with(c.text) && taken < kMaxPrefixTerms; ++it, ++taken) {
                out.emplace_back(it->second, it->first.size() == c.text.size() ? kExactPoints : kPartialPoints);
            }
        }
        if (c.typo) {
            auto consider = [&](std::uint32_t id) {
                if (text::WithinOneEdit(term_text[id], c.text)) {
                    out.emplace_back(id, term_text[id] == c.text ? kExactPoints : kTypoPoints);
                }
            };
            auto probe = [&](std::string_view key) {
                if (auto it = deletions.find(std::hash<std::string_view>{}(key)); it != deletions.end()) {
                    for (std::uint32_t id : it->second) consider(id);
                }
            };
            probe(c.text);  // terms with one more byte
            std::string deleted;
            for (std::size_t i = 0; i < c.text.size(); ++i) {
                deleted.assign(c.text, 0, i);
                deleted.append(c.text, i + 1);
                probe(deleted);  // the same length: a substitution or a swap
                if (auto it = term_id.find(deleted); it != term_id.end()) consider(it->second);  // one byte less
            }
        }
        // Each term once, with its most points.
        std::sort(out.begin(), out.end(),
                  [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
        out.erase(std::unique(out.begin(), out.end(), [](auto a, auto b) { return a.first == b.first; }), out.end());
    }
};

Index::Index() : state_(std::make_unique<State>()) {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
}

Index::~Index() {
    pthread_rwlock_destroy(&lock_);
}

core::Result<void> Index::Upsert(const Document& doc) {
    JANGTEO_TRY_STATUS(ValidateDocument(doc));
    Doc d;
    const std::string* fields[] = {&doc.title_ko, &doc.title_en, &doc.brand, &doc.text};
    std::size_t size = 0;
    for (const std::string* f : fields) size += f->size();
    for (const std::string& c : doc.codes) size += c.size() + 1;
    d.text.reserve(size);
    for (int f = 0; f < kSearchedFields; ++f) {
        d.text += text::LowerAscii(*fields[f]);
        d.ends[f] = static_cast<std::uint16_t>(d.text.size());
    }
    for (const std::string& c : doc.codes) {
        d.text += text::LowerAscii(c);
        d.text += '\n';
    }
    d.ends[kCodesField] = static_cast<std::uint16_t>(d.text.size());
    DocKeys keys = CollectKeys(d);
    std::size_t bucket =
        std::upper_bound(std::begin(kPriceBucketBounds), std::end(kPriceBucketBounds), doc.min_price_won) -
        std::begin(kPriceBucketBounds);

    WriteLock lock(lock_);
    State& s = *state_;
    std::uint32_t merchant = s.merchants.Add(doc.merchant_id);
    if (merchant == s.merchant_postings.size()) s.merchant_postings.emplace_back();
    std::uint32_t district = s.districts.Add(doc.district);
    std::string path_key;
    std::vector<std::uint32_t> path;
    for (std::size_t i = 0; i < doc.category_path.size(); ++i) {
        std::uint32_t c = s.categories.Add(doc.category_path[i]);
        if (c == s.category_postings.size()) {
            s.category_postings.emplace_back();
            s.category_parent.push_back(kNone);
            s.category_depth.push_back(0);
        }
        s.category_parent[c] = i == 0 ? kNone : path.back();
        s.category_depth[c] = static_cast<std::uint8_t>(i);
        path.push_back(c);
        path_key.append(reinterpret_cast<const char*>(&c), sizeof c);
    }
    std::uint32_t path_id = s.paths.Add(path_key);
    if (path_id == s.path_categories.size()) s.path_categories.push_back(std::move(path));
    std::uint32_t slot;
    if (auto it = s.slot_of.find(doc.id); it != s.slot_of.end()) {
        slot = it->second;
        s.RemoveKeys(slot, s.docs[slot]);
    } else {
        if (!s.free_slots.empty()) {
            slot = s.free_slots.back();
            s.free_slots.pop_back();
        } else {
            slot = s.NewSlot();
        }
        s.slot_of.emplace(doc.id, slot);
        ++s.live_count;
    }
    s.live[slot] = 1;
    s.ids[slot] = doc.id;
    s.created_at_us[slot] = doc.created_at_us;
    s.min_price_won[slot] = doc.min_price_won;
    s.max_price_won[slot] = doc.max_price_won;
    s.merchant[slot] = merchant;
    s.district[slot] = district;
    s.path[slot] = path_id;
    s.price_bucket[slot] = static_cast<std::uint8_t>(bucket == 0 ? 0 : bucket - 1);
    s.docs[slot] = std::move(d);
    s.AddKeys(slot, s.docs[slot], keys);
    return {};
}

bool Index::Remove(std::int64_t id) {
    WriteLock lock(lock_);
    State& s = *state_;
    auto it = s.slot_of.find(id);
    if (it == s.slot_of.end()) return false;
    std::uint32_t slot = it->second;
    s.RemoveKeys(slot, s.docs[slot]);
    s.docs[slot] = Doc{};
    s.live[slot] = 0;
    s.free_slots.push_back(slot);
    s.slot_of.erase(it);
    --s.live_count;
    return true;
}

std::size_t Index::Size() const {
    ReadLock lock(lock_);
    return state_->live_count;
}

core::Result<SearchResult> Index::Search(const Query& q) const {
    JANGTEO_TRY_STATUS(ValidateQuery(q));
    std::string lowered = text::LowerAscii(q.text);
    std::string_view trimmed = lowered;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
    const bool has_text = !trimmed.empty();

    std::vector<Clause> clauses;
    bool too_many = false;
    text::ForEachPiece(trimmed, [&](text::Piece p) {
        if (clauses.size() == kMaxQueryPieces) {
            too_many = true;
            return;
        }
        Clause c;
        c.hangul = p.kind == text::PieceKind::kHangul;
        c.text = std::string(trimmed.substr(p.begin, p.end - p.begin));
        c.typo = !c.hangul && c.text.size() >= 5;
        clauses.push_back(std::move(c));
    });
    if (too_many) {
        return InvalidField("search_query_too_many_words", "q", "too_many_words",
                            "the search text has more than 10 words");
    }
    // The last word is a prefix when it ends the query: "mack" finds mackerel, "mack fish" does not.
    if (!clauses.empty() && !clauses.back().hangul) {
        std::size_t last_end = 0;
        text::ForEachPiece(trimmed, [&](text::Piece p) { last_end = p.end; });
        clauses.back().prefix = last_end == trimmed.size();
    }

    SearchResult result;
    ReadLock lock(lock_);
    const State& s = *state_;
    const std::size_t universe = s.docs.size();

    // Every list a hit must be on: one per clause (with its points), the category and the merchant.
    std::deque<PointList> clause_lists;
    std::vector<Required> required;
    bool impossible = false;
    std::vector<std::pair<std::uint32_t, std::uint8_t>> expansion;
    std::vector<std::pair<const KeyLists*, std::uint8_t>> terms;
    for (std::size_t ci = 0; ci < clauses.size() && !impossible; ++ci) {
        const Clause& c = clauses[ci];
        const auto bit = static_cast<std::uint16_t>(1u << ci);
        PointList& list = clause_lists.emplace_back();
        if (c.hangul) {
            // One syllable: its list; two: their bigram; more: their trigrams.
            std::vector<std::uint64_t> grams;
            std::vector<int> syl;
            for (std::size_t i = 0; i < c.text.size(); i += 3) syl.push_back(text::SyllableAt(c.text, i));
            if (syl.size() == 1) grams.push_back(UnigramKey(syl[0]));
            if (syl.size() == 2) grams.push_back(BigramKey(syl[0], syl[1]));
            for (std::size_t i = 2; i < syl.size(); ++i) grams.push_back(TrigramKey(syl[i - 2], syl[i - 1], syl[i]));
            SortUnique(grams);
            std::vector<const KeyLists*> gram_lists;
            for (std::uint64_t g : grams) {
                auto it = s.gram_list.find(g);
                if (it == s.gram_list.end()) {
                    impossible = true;
                    break;
                }
                gram_lists.push_back(&s.gram_postings[it->second]);
            }
            if (impossible) break;
            const KeyLists* run = nullptr;
            if (auto it = s.run_id.find(c.text); it != s.run_id.end()) run = &s.run_postings[it->second];
            const auto exact_title = static_cast<std::uint8_t>(kExactPoints + kTitleBonus);
            const auto exact = static_cast<std::uint8_t>(kExactPoints);
            if (syl.size() <= 3) {
                // Up to three syllables: the gram is the piece itself, so its lists settle the points.
                const KeyLists& g = *gram_lists.front();
                list.slots = g.all;
                AssignPoints(list.slots,
                             {{&g.title, static_cast<std::uint8_t>(kPartialPoints + kTitleBonus)},
                              {run ? &run->all : nullptr, exact},
                              {run ? &run->title : nullptr, exact_title}},
                             kPartialPoints, list.points);
            } else {
                // Longer: the products with every trigram; those where the run is whole are exact,
                // the others are checked in their text.
                std::sort(gram_lists.begin(), gram_lists.end(),
                          [](const KeyLists* x, const KeyLists* y) { return x->all.size() < y->all.size(); });
                list.slots = gram_lists.front()->all;
                Posting next;
                for (std::size_t i = 1; i < gram_lists.size() && !list.slots.empty(); ++i) {
                    Intersect(list.slots, gram_lists[i]->all, next);
                    list.slots.swap(next);
                }
                AssignPoints(list.slots,
                             {{run ? &run->all : nullptr, exact}, {run ? &run->title : nullptr, exact_title}}, 0,
                             list.points);
            }
        } else {
            s.ExpandWord(c, expansion);
            if (expansion.empty()) {
                impossible = true;
                break;
            }
            terms.clear();
            for (auto [id, points] : expansion) terms.emplace_back(&s.term_postings[id], points);
            WordList(terms, universe, list);
        }
        required.push_back({&list.slots, &list.points, bit});
    }
    const bool filter_only = clauses.empty() && !has_text;
    if (has_text && clauses.empty()) impossible = true;  // only punctuation: nothing but a code can match
    std::uint32_t category = kNone;
    std::uint32_t merchant = kNone;
    std::uint32_t district = kNone;
    if (q.category_id) {
        category = s.categories.Find(*q.category_id);
        if (category == kNone)
            impossible = true;
        else
            required.push_back({&s.category_postings[category], nullptr, 0});
    }
    if (q.merchant_id) {
        merchant = s.merchants.Find(*q.merchant_id);
        if (merchant == kNone)
            impossible = true;
        else
            required.push_back({&s.merchant_postings[merchant], nullptr, 0});
    }
    if (q.district) {
        district = s.districts.Find(*q.district);
        if (district == kNone) impossible = true;
    }

    // Products whose code is the query: found whatever their text says.
    const Posting* code_hits = nullptr;
    if (has_text) {
        if (auto it = s.codes.find(trimmed); it != s.codes.end()) code_hits = &it->second;
    }

    Candidates candidates;
    if (!impossible && !required.empty()) {
        std::sort(required.begin(), required.end(),
                  [](const Required& x, const Required& y) { return x.slots->size() < y.slots->size(); });
        Start(candidates, required.front());
        for (std::size_t i = 1; i < required.size() && !candidates.slots.empty(); ++i) Narrow(candidates, required[i]);
    }
    if (code_hits != nullptr) {
        for (std::uint32_t slot : *code_hits) {
            auto at = std::lower_bound(candidates.slots.begin(), candidates.slots.end(), slot);
            if (at != candidates.slots.end() && *at == slot) continue;
            auto i = at - candidates.slots.begin();
            candidates.slots.insert(at, slot);
            candidates.points.insert(candidates.points.begin() + i, 0);
            candidates.verify.insert(candidates.verify.begin() + i, 0);
        }
    }
    const bool scan_all = filter_only && required.empty() && !impossible;

    std::vector<std::uint32_t> path_counts(q.facets & kFacetCategory ? s.path_categories.size() : 0);
    std::vector<std::uint32_t> merchant_counts(q.facets & kFacetMerchant ? s.merchants.keys.size() : 0);
    std::vector<std::uint32_t> district_counts(q.facets & kFacetDistrict ? s.districts.keys.size() : 0);
    constexpr std::size_t kBuckets = std::size(kPriceBucketBounds);
    std::array<std::uint32_t, kBuckets> price_counts{};
    const bool price_filter = q.min_price_won.has_value() || q.max_price_won.has_value();
    const std::int64_t min_price = q.min_price_won.value_or(0);
    const std::int64_t max_price = q.max_price_won.value_or(INT64_MAX);

    // The page: a heap of the best offset + limit hits, the worst on top.
    const std::size_t want = static_cast<std::size_t>(q.offset) + static_cast<std::size_t>(q.limit);
    auto before = [&](const Scored& a, const Scored& b) {
        if (a.key != b.key) return a.key > b.key;
        if (a.created_at_us != b.created_at_us) return a.created_at_us > b.created_at_us;
        return s.ids[a.slot] < s.ids[b.slot];
    };
    std::vector<Scored> top;
    top.reserve(want);
    std::uint32_t total = 0;
    auto consider = [&](std::uint32_t slot, std::uint16_t points, std::uint16_t verify) {
        if (q.district && s.district[slot] != district) return;
        if (price_filter && (s.min_price_won[slot] < min_price || s.min_price_won[slot] > max_price)) return;
        std::int32_t score = points;
        if (code_hits != nullptr && std::binary_search(code_hits->begin(), code_hits->end(), slot)) {
            // A code hit skipped the lists of the category and the merchant: check them here.
            if (q.merchant_id && s.merchant[slot] != merchant) return;
            if (q.category_id) {
                const auto& cats = s.path_categories[s.path[slot]];
                if (std::find(cats.begin(), cats.end(), category) == cats.end()) return;
            }
            score = kCodePoints;
        } else {
            for (unsigned bits = verify; bits != 0; bits &= bits - 1) {
                int p = ClausePoints(s.docs[slot], clauses[static_cast<std::size_t>(__builtin_ctz(bits))]);
                if (p == 0) return;
                score += p;
            }
        }
        ++total;
        std::int64_t key = 0;
        switch (q.sort) {
            case Sort::kRelevance: key = score; break;
            case Sort::kPriceAsc: key = -s.min_price_won[slot]; break;
            case Sort::kPriceDesc: key = s.min_price_won[slot]; break;
            case Sort::kNewest: break;
        }
        Scored hit{key, s.created_at_us[slot], slot, score};
        if (top.size() < want) {
            top.push_back(hit);
            std::push_heap(top.begin(), top.end(), before);
        } else if (before(hit, top.front())) {
            std::pop_heap(top.begin(), top.end(), before);
            top.back() = hit;
            std::push_heap(top.begin(), top.end(), before);
        }
        if (!path_counts.empty()) ++path_counts[s.path[slot]];
        if (!merchant_counts.empty()) ++merchant_counts[s.merchant[slot]];
        if (!district_counts.empty()) ++district_counts[s.district[slot]];
        ++price_counts[s.price_bucket[slot]];
    };
    if (scan_all && !q.district && !price_filter) {
        // Every product is a hit: count the facets in plain passes over their arrays, and offer
        // the heap only the products that can enter it (no text: the key is 0 but for prices).
        for (std::uint32_t slot = 0; slot < universe; ++slot) total += s.live[slot];
        for (std::uint32_t slot = 0; slot < universe; ++slot) price_counts[s.price_bucket[slot]] += s.live[slot];
        if (!path_counts.empty()) {
            for (std::uint32_t slot = 0; slot < universe; ++slot) {
                if (s.live[slot]) ++path_counts[s.path[slot]];
            }
        }
        if (!merchant_counts.empty()) {
            for (std::uint32_t slot = 0; slot < universe; ++slot) {
                if (s.live[slot]) ++merchant_counts[s.merchant[slot]];
            }
        }
        if (!district_counts.empty()) {
            for (std::uint32_t slot = 0; slot < universe; ++slot) {
                if (s.live[slot]) ++district_counts[s.district[slot]];
            }
        }
        for (std::uint32_t slot = 0; slot < universe; ++slot) {
            if (!s.live[slot]) continue;
            std::int64_t key = q.sort == Sort::kPriceAsc    ? -s.min_price_won[slot]
                               : q.sort == Sort::kPriceDesc ? s.min_price_won[slot]
                                                            : 0;
            Scored hit{key, s.created_at_us[slot], slot, 0};
            if (top.size() < want) {
                top.push_back(hit);
                std::push_heap(top.begin(), top.end(), before);
            } else if (before(hit, top.front())) {
                std::pop_heap(top.begin(), top.end(), before);
                top.back() = hit;
                std::push_heap(top.begin(), top.end(), before);
            }
        }
    } else if (scan_all) {
        for (std::uint32_t slot = 0; slot < universe; ++slot) {
            if (s.live[slot]) consider(slot, 0, 0);
        }
    } else {
        for (std::size_t i = 0; i < candidates.slots.size(); ++i) {
            consider(candidates.slots[i], candidates.points[i], candidates.verify[i]);
        }
    }

    result.total = total;
    std::sort_heap(top.begin(), top.end(), before);
    for (std::size_t i = static_cast<std::size_t>(q.offset); i < top.size(); ++i) {
        Hit hit{s.ids[top[i].slot], top[i].score, {}};
        if (!clauses.empty()) hit.highlights = Highlights(s.docs[top[i].slot], clauses);
        result.hits.push_back(std::move(hit));
    }

    std::vector<std::uint32_t> category_counts(path_counts.empty() ? 0 : s.categories.keys.size());
    for (std::uint32_t p = 0; p < path_counts.size(); ++p) {
        if (path_counts[p] == 0) continue;
        for (std::uint32_t c : s.path_categories[p]) category_counts[c] += path_counts[p];
    }
    for (std::uint32_t c = 0; c < category_counts.size(); ++c) {
        if (category_counts[c] == 0) continue;
        std::uint32_t parent = s.category_parent[c];
        result.categories.push_back(
            {s.categories.keys[c], parent == kNone ? 0 : s.categories.keys[parent], category_counts[c]});
    }
    TopFacets(result.categories, [&](const CategoryCount& a, const CategoryCount& b) {
        if (a.count != b.count) return a.count > b.count;
        auto da = s.category_depth[s.categories.Find(a.category_id)];
        auto db = s.category_depth[s.categories.Find(b.category_id)];
        return da != db ? da < db : a.category_id < b.category_id;
    });
    for (std::uint32_t m = 0; m < merchant_counts.size(); ++m) {
        if (merchant_counts[m] != 0) result.merchants.push_back({s.merchants.keys[m], merchant_counts[m]});
    }
    TopFacets(result.merchants, [](const MerchantCount& a, const MerchantCount& b) {
        return a.count != b.count ? a.count > b.count : a.merchant_id < b.merchant_id;
    });
    for (std::uint32_t dn = 0; dn < district_counts.size(); ++dn) {
        if (district_counts[dn] != 0) result.districts.push_back({s.districts.keys[dn], district_counts[dn]});
    }
    TopFacets(result.districts, [](const DistrictCount& a, const DistrictCount& b) {
        return a.count != b.count ? a.count > b.count : a.district < b.district;
    });
    if (q.facets & kFacetPrice) {
        for (std::size_t b = 0; b < kBuckets; ++b) {
            result.prices.push_back(
                {kPriceBucketBounds[b], b + 1 < kBuckets ? kPriceBucketBounds[b + 1] : 0, price_counts[b]});
        }
    }
    return result;
}

}  // namespace jangteo::search
