#include "search/index.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
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
constexpr std::uint32_t kUnigramBase = text::kSyllableCount * text::kSyllableCount;

std::uint32_t BigramKey(int a, int b) {
    return static_cast<std::uint32_t>(a) * text::kSyllableCount + static_cast<std::uint32_t>(b);
}
std::uint32_t UnigramKey(int a) {
    return kUnigramBase + static_cast<std::uint32_t>(a);
}

// The fields of a stored document, in the order they sit in Doc::text.
enum DocField : std::uint8_t { kTitleKoField, kTitleEnField, kBrandField, kTextField, kCodesField, kFieldCount };
constexpr int kSearchedFields = kCodesField;  // the codes are matched only as whole codes

// Points of a match; a query's score is the sum over its pieces of the best match of each.
constexpr int kExactPoints = 30;
constexpr int kPartialPoints = 20;  // a prefix of a word, or a part of a Hangul run
constexpr int kTypoPoints = 10;
constexpr int kTitleBonus = 5;
constexpr int kCodePoints = 1000;

struct Doc {
    std::int64_t id = 0;
    std::int64_t created_at_us = 0;
    std::int64_t min_price_won = 0;
    std::int64_t max_price_won = 0;
    std::uint32_t merchant = kNone;
    std::uint32_t district = kNone;
    std::array<std::uint32_t, kMaxCategoryDepth> path{};
    std::uint8_t depth = 0;
    bool in_stock = true;
    bool live = false;
    // The fields, ASCII lower-cased, one after another; codes joined by '\n'.
    std::string text;
    std::array<std::uint16_t, kFieldCount> ends{};

    std::string_view FieldText(int f) const {
        std::size_t begin = f == 0 ? 0 : ends[f - 1];
        return std::string_view(text).substr(begin, ends[f] - begin);
    }
};

// What a document puts in the posting lists, as byte ranges of Doc::text (a Doc can move).
struct DocKeys {
    std::vector<std::uint32_t> grams;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> words;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> codes;
};

std::string_view Slice(const Doc& d, std::pair<std::uint16_t, std::uint16_t> r) {
    return std::string_view(d.text).substr(r.first, r.second - r.first);
}

DocKeys CollectKeys(const Doc& d) {
    DocKeys keys;
    std::string_view all = d.text;
    for (int f = 0; f < kSearchedFields; ++f) {
        std::size_t base = f == 0 ? 0 : d.ends[f - 1];
        text::ForEachPiece(d.FieldText(f), [&](text::Piece p) {
            auto begin = static_cast<std::uint16_t>(base + p.begin);
            auto end = static_cast<std::uint16_t>(base + p.end);
            if (p.kind == text::PieceKind::kWord) {
                keys.words.emplace_back(begin, end);
                return;
            }
            int prev = -1;
            for (std::size_t i = begin; i < end; i += 3) {
                int s = text::SyllableAt(all, i);
                keys.grams.push_back(UnigramKey(s));
                if (prev >= 0) keys.grams.push_back(BigramKey(prev, s));
                prev = s;
            }
        });
    }
    std::sort(keys.grams.begin(), keys.grams.end());
    keys.grams.erase(std::unique(keys.grams.begin(), keys.grams.end()), keys.grams.end());
    auto by_text = [&](auto a, auto b) { return Slice(d, a) < Slice(d, b); };
    auto same_text = [&](auto a, auto b) { return Slice(d, a) == Slice(d, b); };
    std::sort(keys.words.begin(), keys.words.end(), by_text);
    keys.words.erase(std::unique(keys.words.begin(), keys.words.end(), same_text), keys.words.end());
    std::size_t base = d.ends[kCodesField - 1];
    std::string_view codes = d.FieldText(kCodesField);
    std::size_t start = 0;
    while (start < codes.size()) {
        std::size_t nl = codes.find('\n', start);
        if (nl == std::string_view::npos) nl = codes.size();
        if (nl > start) keys.codes.emplace_back(base + start, base + nl);
        start = nl + 1;
    }
    std::sort(keys.codes.begin(), keys.codes.end(), by_text);
    keys.codes.erase(std::unique(keys.codes.begin(), keys.codes.end(), same_text), keys.codes.end());
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

// out = the union of lists, over slots below `universe`.
void Union(const std::vector<const Posting*>& lists, std::size_t universe, Posting& out) {
    out.clear();
    std::size_t total = 0;
    for (const Posting* p : lists) total += p->size();
    if (total * 16 < universe) {
        out.reserve(total);
        for (const Posting* p : lists) out.insert(out.end(), p->begin(), p->end());
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return;
    }
    std::vector<std::uint64_t> bits(universe / 64 + 1);
    for (const Posting* p : lists) {
        for (std::uint32_t v : *p) bits[v >> 6] |= std::uint64_t{1} << (v & 63);
    }
    out.reserve(total);
    for (std::size_t w = 0; w < bits.size(); ++w) {
        for (std::uint64_t b = bits[w]; b != 0; b &= b - 1) {
            out.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<unsigned>(__builtin_ctzll(b))));
        }
    }
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

// The document's score for the clauses, or -1 when one of them matches no field.
int ScoreDoc(const Doc& d, const std::vector<Clause>& clauses) {
    int score = 0;
    for (const Clause& c : clauses) {
        int best = 0;
        for (int f = 0; f < kSearchedFields; ++f) {
            int points = MatchField(d.FieldText(f), c);
            if (points == 0) continue;
            if (f == kTitleKoField || f == kTitleEnField) points += kTitleBonus;
            best = std::max(best, points);
        }
        if (best == 0) return -1;
        score += best;
    }
    return score;
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

}  // namespace

struct Index::State {
    std::vector<Doc> docs;  // by slot
    std::vector<std::uint32_t> free_slots;
    std::size_t live = 0;
    std::unordered_map<std::int64_t, std::uint32_t> slot_of;

    std::unordered_map<std::uint32_t, std::uint32_t> gram_list;  // gram key -> index in gram_postings
    std::vector<Posting> gram_postings;

    std::deque<std::string> term_text;  // a deque keeps the strings where they are
    std::unordered_map<std::string_view, std::uint32_t> term_id;
    std::map<std::string_view, std::uint32_t> terms_sorted;  // for prefixes
    std::vector<Posting> term_postings;
    // The hash of each term of 5+ bytes with one byte deleted -> the terms: the deletion
    // neighbourhood that finds the terms one edit away from a query word.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> deletions;

    std::unordered_map<std::string, std::vector<std::uint32_t>, core::StringHash, std::equal_to<>> codes;

    Interner<std::int64_t> categories;
    std::vector<std::uint32_t> category_parent;  // kNone for a root
    std::vector<std::uint8_t> category_depth;
    std::vector<Posting> category_postings;  // each document under each of its path's categories
    Interner<std::int64_t> merchants;
    std::vector<Posting> merchant_postings;
    Interner<std::string, core::StringHash, std::equal_to<>> districts;

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
                auto& ids = deletions[std::hash<std::string_view>{}(deleted)];
                if (ids.empty() || ids.back() != id) ids.push_back(id);
            }
        }
        return id;
    }

    void AddKeys(std::uint32_t slot, const Doc& d, const DocKeys& keys) {
        for (std::uint32_t g : keys.grams) {
            auto [it, added] = gram_list.try_emplace(g, static_cast<std::uint32_t>(gram_postings.size()));
            if (added) gram_postings.emplace_back();
            PostingAdd(gram_postings[it->second], slot);
        }
        for (auto r : keys.words) {
            std::string_view w = Slice(d, r);
            auto it = term_id.find(w);
            std::uint32_t id = it != term_id.end() ? it->second : AddTerm(w);
            PostingAdd(term_postings[id], slot);
        }
        for (auto r : keys.codes) {
            auto& slots = codes[std::string(Slice(d, r))];
            slots.insert(std::lower_bound(slots.begin(), slots.end(), slot), slot);
        }
        for (std::size_t i = 0; i < d.depth; ++i) PostingAdd(category_postings[d.path[i]], slot);
        PostingAdd(merchant_postings[d.merchant], slot);
    }

    void RemoveKeys(std::uint32_t slot, const Doc& d) {
        DocKeys keys = CollectKeys(d);
        for (std::uint32_t g : keys.grams) {
            auto it = gram_list.find(g);
            if (it != gram_list.end()) PostingRemove(gram_postings[it->second], slot);
        }
        for (auto r : keys.words) {
            auto it = term_id.find(Slice(d, r));
            if (it != term_id.end()) PostingRemove(term_postings[it->second], slot);
        }
        for (auto r : keys.codes) {
            auto it = codes.find(Slice(d, r));
            if (it == codes.end()) continue;
            PostingRemove(it->second, slot);
            if (it->second.empty()) codes.erase(it);
        }
        for (std::size_t i = 0; i < d.depth; ++i) PostingRemove(category_postings[d.path[i]], slot);
        PostingRemove(merchant_postings[d.merchant], slot);
    }

    // The terms that a query word matches, each at most once.
    void ExpandWord(const Clause& c, std::vector<std::uint32_t>& out) const {
        out.clear();
        if (auto it = term_id.find(c.text); it != term_id.end()) out.push_back(it->second);
        if (c.prefix) {
            // A short prefix of a large dictionary stops at this many terms: enough for a search box.
            constexpr std::size_t kMaxPrefixTerms = 2048;
            for (auto it = terms_sorted.lower_bound(c.text);
                 it != terms_sorted.end() && it->first.starts_with(c.text) && out.size() < kMaxPrefixTerms; ++it) {
                out.push_back(it->second);
            }
        }
        if (c.typo) {
            auto consider = [&](std::uint32_t id) {
                if (text::WithinOneEdit(term_text[id], c.text)) out.push_back(id);
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
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
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
    d.id = doc.id;
    d.created_at_us = doc.created_at_us;
    d.min_price_won = doc.min_price_won;
    d.max_price_won = doc.max_price_won;
    d.in_stock = doc.in_stock;
    d.live = true;
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

    WriteLock lock(lock_);
    State& s = *state_;
    d.merchant = s.merchants.Add(doc.merchant_id);
    if (d.merchant == s.merchant_postings.size()) s.merchant_postings.emplace_back();
    d.district = s.districts.Add(doc.district);
    d.depth = static_cast<std::uint8_t>(doc.category_path.size());
    for (std::size_t i = 0; i < doc.category_path.size(); ++i) {
        std::uint32_t c = s.categories.Add(doc.category_path[i]);
        if (c == s.category_postings.size()) {
            s.category_postings.emplace_back();
            s.category_parent.push_back(kNone);
            s.category_depth.push_back(0);
        }
        s.category_parent[c] = i == 0 ? kNone : d.path[i - 1];
        s.category_depth[c] = static_cast<std::uint8_t>(i);
        d.path[i] = c;
    }
    std::uint32_t slot;
    if (auto it = s.slot_of.find(doc.id); it != s.slot_of.end()) {
        slot = it->second;
        s.RemoveKeys(slot, s.docs[slot]);
    } else {
        if (!s.free_slots.empty()) {
            slot = s.free_slots.back();
            s.free_slots.pop_back();
        } else {
            slot = static_cast<std::uint32_t>(s.docs.size());
            s.docs.emplace_back();
        }
        s.slot_of.emplace(doc.id, slot);
        ++s.live;
    }
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
    s.free_slots.push_back(slot);
    s.slot_of.erase(it);
    --s.live;
    return true;
}

std::size_t Index::Size() const {
    ReadLock lock(lock_);
    return state_->live;
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
        return InvalidField("search_query_too_many_words", "q", "too_long", "the search text has too many words");
    }
    // The last word is a prefix when it ends the query: "mack" finds mackerel, "mack fish" does not.
    if (!clauses.empty() && !clauses.back().hangul) {
        std::size_t last_end = 0;
        text::ForEachPiece(trimmed, [&](text::Piece p) { last_end = p.end; });
        clauses.back().prefix = last_end == trimmed.size();
    }
    bool needs_verify = false;  // a Hangul run of 3+ syllables: its bigrams may sit apart
    for (const Clause& c : clauses) needs_verify |= c.hangul && c.text.size() >= 9;
    const bool needs_score = !clauses.empty() && q.sort == Sort::kRelevance;

    SearchResult result;
    ReadLock lock(lock_);
    const State& s = *state_;

    // Every list a hit must be on: one per clause, the category and the merchant.
    std::deque<Posting> owned;
    std::vector<const Posting*> required;
    bool impossible = false;
    std::vector<std::uint32_t> expansion;
    std::vector<const Posting*> parts;
    for (const Clause& c : clauses) {
        parts.clear();
        if (c.hangul) {
            std::vector<std::uint32_t> grams;
            int prev = -1;
            for (std::size_t i = 0; i < c.text.size(); i += 3) {
                int syl = text::SyllableAt(c.text, i);
                if (prev >= 0) grams.push_back(BigramKey(prev, syl));
                prev = syl;
            }
            if (grams.empty()) grams.push_back(UnigramKey(prev));
            std::sort(grams.begin(), grams.end());
            grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
            for (std::uint32_t g : grams) {
                auto it = s.gram_list.find(g);
                if (it == s.gram_list.end()) {
                    impossible = true;
                    break;
                }
                required.push_back(&s.gram_postings[it->second]);
            }
        } else {
            s.ExpandWord(c, expansion);
            for (std::uint32_t id : expansion) parts.push_back(&s.term_postings[id]);
            if (parts.empty()) {
                impossible = true;
            } else if (parts.size() == 1) {
                required.push_back(parts.front());
            } else {
                Union(parts, s.docs.size(), owned.emplace_back());
                required.push_back(&owned.back());
            }
        }
    }
    const bool filter_only = clauses.empty() && !has_text;
    if (has_text && clauses.empty()) impossible = true;  // only punctuation: nothing but a code can match
    std::uint32_t district = kNone;
    if (q.category_id) {
        std::uint32_t c = s.categories.Find(*q.category_id);
        if (c == kNone)
            impossible = true;
        else
            required.push_back(&s.category_postings[c]);
    }
    if (q.merchant_id) {
        std::uint32_t m = s.merchants.Find(*q.merchant_id);
        if (m == kNone)
            impossible = true;
        else
            required.push_back(&s.merchant_postings[m]);
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

    Posting candidates;
    if (!impossible && !required.empty()) {
        std::sort(required.begin(), required.end(),
                  [](const Posting* a, const Posting* b) { return a->size() < b->size(); });
        candidates = *required.front();
        Posting next;
        for (std::size_t i = 1; i < required.size() && !candidates.empty(); ++i) {
            Intersect(candidates, *required[i], next);
            candidates.swap(next);
        }
    }
    if (code_hits != nullptr) {
        Posting merged;
        std::set_union(candidates.begin(), candidates.end(), code_hits->begin(), code_hits->end(),
                       std::back_inserter(merged));
        candidates.swap(merged);
    }
    const bool scan_all = filter_only && required.empty() && !impossible;

    std::vector<std::uint32_t> category_counts(q.facets & kFacetCategory ? s.categories.keys.size() : 0);
    std::vector<std::uint32_t> merchant_counts(q.facets & kFacetMerchant ? s.merchants.keys.size() : 0);
    std::vector<std::uint32_t> district_counts(q.facets & kFacetDistrict ? s.districts.keys.size() : 0);
    constexpr std::size_t kBuckets = std::size(kPriceBucketBounds);
    std::array<std::uint32_t, kBuckets> price_counts{};
    const std::int64_t min_price = q.min_price_won.value_or(0);
    const std::int64_t max_price = q.max_price_won.value_or(INT64_MAX);

    std::vector<Scored> hits;
    hits.reserve(scan_all ? s.live : candidates.size());
    auto consider = [&](std::uint32_t slot) {
        const Doc& d = s.docs[slot];
        if (!d.live) return;
        if (district != kNone && d.district != district) return;
        if (d.max_price_won < min_price || d.min_price_won > max_price) return;
        if (code_hits != nullptr && (q.category_id || q.merchant_id)) {
            // A code hit skipped the category and merchant lists: check them here.
            if (q.merchant_id && s.merchants.keys[d.merchant] != *q.merchant_id) return;
            if (q.category_id) {
                bool under = false;
                for (std::size_t i = 0; i < d.depth; ++i) under |= s.categories.keys[d.path[i]] == *q.category_id;
                if (!under) return;
            }
        }
        std::int32_t score = 0;
        bool is_code = code_hits != nullptr && std::binary_search(code_hits->begin(), code_hits->end(), slot);
        if (is_code) {
            score = kCodePoints;
        } else if (needs_verify || needs_score) {
            score = ScoreDoc(d, clauses);
            if (score < 0) return;
        }
        std::int64_t key = 0;
        switch (q.sort) {
            case Sort::kRelevance: key = score; break;
            case Sort::kPriceAsc: key = -d.min_price_won; break;
            case Sort::kPriceDesc: key = d.max_price_won; break;
            case Sort::kNewest: break;
        }
        hits.push_back({key, d.created_at_us, slot, score});
        if (!category_counts.empty()) {
            for (std::size_t i = 0; i < d.depth; ++i) ++category_counts[d.path[i]];
        }
        if (!merchant_counts.empty()) ++merchant_counts[d.merchant];
        if (!district_counts.empty()) ++district_counts[d.district];
        if (q.facets & kFacetPrice) {
            std::size_t b =
                std::upper_bound(std::begin(kPriceBucketBounds), std::end(kPriceBucketBounds), d.min_price_won) -
                std::begin(kPriceBucketBounds);
            ++price_counts[b == 0 ? 0 : b - 1];
        }
    };
    if (scan_all) {
        for (std::uint32_t slot = 0; slot < s.docs.size(); ++slot) consider(slot);
    } else {
        // Each hit reads its document and then its text, two cache misses on a large index: ask for
        // both a few hits ahead.
        constexpr std::size_t kAhead = 8;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (i + kAhead < candidates.size()) __builtin_prefetch(&s.docs[candidates[i + kAhead]]);
            if (i + kAhead / 2 < candidates.size()) __builtin_prefetch(s.docs[candidates[i + kAhead / 2]].text.data());
            consider(candidates[i]);
        }
    }

    result.total = static_cast<std::uint32_t>(hits.size());
    const std::size_t end = std::min(hits.size(), static_cast<std::size_t>(q.offset) + q.limit);
    auto before = [&](const Scored& a, const Scored& b) {
        if (a.key != b.key) return a.key > b.key;
        if (a.created_at_us != b.created_at_us) return a.created_at_us > b.created_at_us;
        return s.docs[a.slot].id < s.docs[b.slot].id;
    };
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(), before);
    for (std::size_t i = static_cast<std::size_t>(q.offset); i < end; ++i) {
        const Doc& d = s.docs[hits[i].slot];
        Hit hit{d.id, hits[i].score, {}};
        if (!clauses.empty()) {
            if (!needs_score && hit.score == 0) hit.score = std::max(0, ScoreDoc(d, clauses));
            hit.highlights = Highlights(d, clauses);
        }
        result.hits.push_back(std::move(hit));
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
