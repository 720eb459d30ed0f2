// Search against a brute-force scan: thousands of generated products, changed by upserts and
// removals, and random queries with every rule, filter, sort and facet. The scan below applies
// the rules of index.hpp plainly, document by document, with no posting lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "search/index.hpp"
#include "search/text.hpp"

namespace jangteo::search {
namespace {

const std::vector<std::string> kKorean = {"고등어", "순살",   "구이", "국내산", "제주", "감귤",   "사과",
                                          "고구마", "김치",   "한우", "갈비",   "양말", "운동화", "가방",
                                          "등산화", "유기농", "냉동", "필렛",   "생선", "과일",   "고등학생"};
const std::vector<std::string> kEnglish = {
    "mackerel", "boneless", "organic",    "jeju",     "tangerine", "apple", "sweet",   "potato", "kimchi", "beef",
    "ribs",     "socks",    "sneakers",   "backpack", "hiking",    "boots", "frozen",  "fillet", "fish",   "fruit",
    "mack",     "salmon",   "salmonella", "Fresh",    "500g",      "3kg",   "Jeju-do", "FRUITS"};
const std::vector<std::string> kDistricts = {"jung", "seo", "dong", "haeundae", "suyeong"};

// Optimal string alignment distance, the plain dynamic programme.
int Osa(const std::string& a, const std::string& b) {
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

struct Piece {
    bool hangul;
    std::string text;
    std::size_t begin, end;
};

std::vector<Piece> Cut(const std::string& s) {
    std::vector<Piece> out;
    text::ForEachPiece(s, [&](text::Piece p) {
        out.push_back({p.kind == text::PieceKind::kHangul, s.substr(p.begin, p.end - p.begin), p.begin, p.end});
    });
    return out;
}

struct Clause {
    bool hangul;
    bool prefix;
    std::string text;
};

int FieldPoints(const std::string& field, const Clause& c) {
    int best = 0;
    for (const Piece& p : Cut(field)) {
        if (p.hangul != c.hangul) continue;
        if (c.hangul) {
            if (p.text == c.text)
                best = std::max(best, 30);
            else if (p.text.find(c.text) != std::string::npos)
                best = std::max(best, 20);
        } else {
            if (p.text == c.text)
                best = std::max(best, 30);
            else if (c.prefix && p.text.rfind(c.text, 0) == 0)
                best = std::max(best, 20);
            else if (c.text.size() >= 5 && Osa(p.text, c.text) <= 1)
                best = std::max(best, 10);
        }
    }
    return best;
}

struct Expected {
    std::uint32_t total = 0;
    std::vector<std::pair<std::int64_t, std::int32_t>> page;
    std::map<std::int64_t, std::uint32_t> categories, merchants;
    std::map<std::string, std::uint32_t> districts;
    std::vector<std::uint32_t> prices;
};

Expected Scan(const std::map<std::int64_t, Document>& docs, const Query& q) {
    std::string lowered = text::LowerAscii(q.text);
    std::size_t a = lowered.find_first_not_of(" \t");
    std::string trimmed = a == std::string::npos ? "" : lowered.substr(a, lowered.find_last_not_of(" \t") - a + 1);
    std::vector<Clause> clauses;
    for (const Piece& p : Cut(trimmed)) clauses.push_back({p.hangul, false, p.text});
    if (!clauses.empty() && !clauses.back().hangul && Cut(trimmed).back().end == trimmed.size()) {
        clauses.back().prefix = true;
    }
    struct Row {
        std::int64_t key, created, id;
        std::int32_t score;
    };
    std::vector<Row> rows;
    Expected e;
    e.prices.assign(std::size(kPriceBucketBounds), 0);
    for (const auto& [id, d] : docs) {
        if (q.category_id &&
            std::find(d.category_path.begin(), d.category_path.end(), *q.category_id) == d.category_path.end()) {
            continue;
        }
        if (q.merchant_id && d.merchant_id != *q.merchant_id) continue;
        if (q.district && d.district != *q.district) continue;
        if (q.min_price_won && d.min_price_won < *q.min_price_won) continue;
        if (q.max_price_won && d.min_price_won > *q.max_price_won) continue;
        int score = 0;
        bool code = false;
        for (const std::string& c : d.codes) code |= !trimmed.empty() && text::LowerAscii(c) == trimmed;
        if (code) {
            score = 1000;
        } else if (!trimmed.empty()) {
            if (clauses.empty()) continue;
            std::string fields[] = {text::LowerAscii(d.title_ko), text::LowerAscii(d.title_en),
                                    text::LowerAscii(d.brand), text::LowerAscii(d.text)};
            bool all = true;
            for (const Clause& c : clauses) {
                int best = 0;
                for (int f = 0; f < 4; ++f) {
                    int p = FieldPoints(fields[f], c);
                    if (p > 0) best = std::max(best, p + (f < 2 ? 5 : 0));
                }
                all &= best > 0;
                score += best;
            }
            if (!all) continue;
        }
        std::int64_t key = 0;
        if (q.sort == Sort::kRelevance) key = score;
        if (q.sort == Sort::kPriceAsc) key = -d.min_price_won;
        if (q.sort == Sort::kPriceDesc) key = d.min_price_won;
        rows.push_back({key, d.created_at_us, id, score});
        for (std::int64_t c : d.category_path) ++e.categories[c];
        ++e.merchants[d.merchant_id];
        ++e.districts[d.district];
        std::size_t b = 0;
        while (b + 1 < e.prices.size() && d.min_price_won >= kPriceBucketBounds[b + 1]) ++b;
        ++e.prices[b];
    }
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
        if (x.key != y.key) return x.key > y.key;
        if (x.created != y.created) return x.created > y.created;
        return x.id < y.id;
    });
    e.total = static_cast<std::uint32_t>(rows.size());
    for (std::size_t i = q.offset; i < rows.size() && i < static_cast<std::size_t>(q.offset + q.limit); ++i) {
        e.page.emplace_back(rows[i].id, rows[i].score);
    }
    return e;
}

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    template <typename T>
    const T& Pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(Int(0, static_cast<int>(v.size()) - 1))];
    }

    Document Make(std::int64_t id) {
        Document d;
        d.id = id;
        d.merchant_id = Int(1, 20);
        d.district = Pick(kDistricts);
        std::int64_t root = Int(1, 3);
        d.category_path = {root};
        if (Int(0, 4) > 0) d.category_path.push_back(root * 10 + Int(0, 2));
        if (d.category_path.size() == 2 && Int(0, 2) > 0)
            d.category_path.push_back(d.category_path[1] * 10 + Int(0, 2));
        int words = Int(1, 3);
        for (int i = 0; i < words; ++i) {
            if (i > 0) d.title_ko += Int(0, 3) == 0 ? "" : " ";  // compounds like 순살고등어구이
            d.title_ko += Pick(kKorean);
        }
        if (Int(0, 3) == 0) d.title_ko += " " + Pick(kEnglish);
        words = Int(0, 3);
        for (int i = 0; i < words; ++i) d.title_en += (i > 0 ? " " : "") + Pick(kEnglish);
        if (Int(0, 2) == 0) d.brand = Pick(kEnglish);
        if (Int(0, 2) == 0) d.text = Pick(kKorean) + " " + Pick(kEnglish);
        d.codes = {"SKU-" + std::to_string(id)};
        if (Int(0, 9) == 0) d.codes.push_back("880000000" + std::to_string(Int(0, 20)));
        d.min_price_won = Int(1, 60) * 1000;
        d.max_price_won = d.min_price_won + (Int(0, 3) == 0 ? Int(1, 400) * 1000 : 0);
        d.created_at_us = Int(0, 300);  // ties, so that the id decides
        return d;
    }

    std::string Typo(std::string w) {
        std::size_t i = static_cast<std::size_t>(Int(0, static_cast<int>(w.size()) - 1));
        switch (Int(0, 3)) {
            case 0: w.erase(i, 1); break;
            case 1: w[i] = static_cast<char>('a' + Int(0, 25)); break;
            case 2: w.insert(i, 1, static_cast<char>('a' + Int(0, 25))); break;
            default:
                if (i + 1 < w.size()) std::swap(w[i], w[i + 1]);
        }
        return w;
    }

    std::string KoreanPart() {
        std::string w = Pick(kKorean);
        int syllables = static_cast<int>(w.size() / 3);
        int from = Int(0, syllables - 1);
        int len = Int(1, std::min(3, syllables - from));
        return w.substr(static_cast<std::size_t>(from) * 3, static_cast<std::size_t>(len) * 3);
    }

    Query MakeQuery(const std::map<std::int64_t, Document>& docs) {
        Query q;
        switch (Int(0, 9)) {
            case 0: break;  // browse
            case 1:
                q.text = Int(0, 1) ? "SKU-" + std::to_string(Int(1, 3500)) : "880000000" + std::to_string(Int(0, 20));
                break;
            default: {
                int pieces = Int(1, 3);
                for (int i = 0; i < pieces; ++i) {
                    if (i > 0) q.text += " ";
                    int kind = Int(0, 4);
                    if (kind <= 1) {
                        q.text += KoreanPart();
                    } else {
                        std::string w = Pick(kEnglish);
                        if (kind == 3 && w.size() >= 5) w = Typo(w);
                        if (kind == 4 && i == pieces - 1)
                            w = w.substr(0, static_cast<std::size_t>(Int(1, static_cast<int>(w.size()))));
                        if (Int(0, 3) == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
                        q.text += w;
                    }
                }
                if (Int(0, 9) == 0) q.text += " ";
            }
        }
        if (Int(0, 4) == 0 && !docs.empty()) {
            auto it = docs.begin();
            std::advance(it, Int(0, static_cast<int>(docs.size()) - 1));
            q.category_id = it->second.category_path[static_cast<std::size_t>(
                Int(0, static_cast<int>(it->second.category_path.size()) - 1))];
        }
        if (Int(0, 7) == 0) q.merchant_id = Int(1, 21);
        if (Int(0, 7) == 0) q.district = Pick(kDistricts);
        if (Int(0, 5) == 0) q.min_price_won = Int(0, 80) * 1000;
        if (Int(0, 5) == 0) q.max_price_won = q.min_price_won.value_or(0) + Int(0, 100) * 1000;
        q.sort = static_cast<Sort>(Int(0, 3));
        q.offset = Int(0, 3) == 0 ? Int(0, 50) : 0;
        q.limit = Int(1, 40);
        q.facets = kFacetCategory | kFacetMerchant | kFacetDistrict | kFacetPrice;
        return q;
    }

private:
    std::mt19937_64 rng_;
};

TEST(SearchIndexRandom, AgreesWithBruteForce) {
    Generator gen(20261123);
    Index index;
    std::map<std::int64_t, Document> docs;
    for (std::int64_t id = 1; id <= 3000; ++id) {
        Document d = gen.Make(id);
        ASSERT_TRUE(index.Upsert(d).ok());
        docs[id] = d;
    }
    int checked_hits = 0;
    for (int round = 0; round < 1500; ++round) {
        if (round % 3 == 0) {  // the catalog changes between queries
            std::int64_t id = gen.Int(1, 3500);
            if (gen.Int(0, 2) == 0) {
                EXPECT_EQ(index.Remove(id), docs.erase(id) == 1);
            } else {
                Document d = gen.Make(id);
                ASSERT_TRUE(index.Upsert(d).ok());
                docs[id] = d;
            }
        }
        Query q = gen.MakeQuery(docs);
        auto got = index.Search(q);
        ASSERT_TRUE(got.ok()) << q.text;
        Expected want = Scan(docs, q);
        SCOPED_TRACE("query '" + q.text + "' sort " + std::to_string(static_cast<int>(q.sort)) + " round " +
                     std::to_string(round));
        ASSERT_EQ(got->total, want.total);
        std::vector<std::pair<std::int64_t, std::int32_t>> page;
        for (const Hit& h : got->hits) page.emplace_back(h.id, h.score);
        ASSERT_EQ(page, want.page);
        checked_hits += static_cast<int>(page.size());
        std::map<std::int64_t, std::uint32_t> categories, merchants;
        std::map<std::string, std::uint32_t> districts;
        for (const auto& c : got->categories) categories[c.category_id] = c.count;
        for (const auto& m : got->merchants) merchants[m.merchant_id] = m.count;
        for (const auto& d : got->districts) districts[d.district] = d.count;
        EXPECT_EQ(categories, want.categories);
        EXPECT_EQ(merchants, want.merchants);
        EXPECT_EQ(districts, want.districts);
        std::vector<std::uint32_t> prices;
        for (const auto& p : got->prices) prices.push_back(p.count);
        EXPECT_EQ(prices, want.prices);
    }
    EXPECT_EQ(index.Size(), docs.size());
    EXPECT_GT(checked_hits, 3000);  // the queries found things, not only nothing
}

}  // namespace
}  // namespace jangteo::search
