#include "search/index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace jangteo::search {
namespace {

// Categories: 1 식품 > 10 수산 > 101 생선, 1 > 11 과일; 2 패션 > 20 신발.
Document Doc(std::int64_t id, std::string ko, std::string en, std::vector<std::int64_t> path = {1, 10, 101},
             std::int64_t price = 10'000, std::int64_t created = 0) {
    Document d;
    d.id = id;
    d.merchant_id = 500 + id % 3;
    d.district = id % 2 == 0 ? "haeundae" : "jung";
    d.category_path = std::move(path);
    d.title_ko = std::move(ko);
    d.title_en = std::move(en);
    d.min_price_won = price;
    d.max_price_won = price;
    d.created_at_us = created == 0 ? id * 1000 : created;
    return d;
}

std::vector<std::int64_t> Ids(const core::Result<SearchResult>& r) {
    EXPECT_TRUE(r.ok());
    std::vector<std::int64_t> ids;
    if (r.ok()) {
        for (const Hit& h : r->hits) ids.push_back(h.id);
    }
    return ids;
}

std::vector<std::int64_t> Sorted(std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

class SearchIndexTest : public testing::Test {
protected:
    void SetUp() override {
        Add(Doc(1, "국내산 순살고등어구이 500g", "Korean boneless grilled mackerel 500g"));
        Add(Doc(2, "노르웨이 고등어 필렛", "Norway mackerel fillet", {1, 10, 101}, 15'000));
        Add(Doc(3, "제주 감귤 3kg", "Organic Jeju tangerine 3kg", {1, 11}, 25'000));
        Add(Doc(4, "등산화 고어텍스", "Hiking boots", {2, 20}, 120'000));
        Add(Doc(5, "고등학생 가방", "Student backpack", {2}, 40'000));
        Add(Doc(6, "냉동 고등어", "Frozen mack", {1, 10, 101}, 8'000));
    }
    void Add(const Document& d) { ASSERT_TRUE(index_.Upsert(d).ok()); }
    core::Result<SearchResult> Find(std::string text, Sort sort = Sort::kRelevance) {
        Query q;
        q.text = std::move(text);
        q.sort = sort;
        return index_.Search(q);
    }
    Index index_;
};

TEST_F(SearchIndexTest, KoreanPartialWordsMatch) {
    EXPECT_EQ(Sorted(Ids(Find("고등어"))), (std::vector<std::int64_t>{1, 2, 6}));
    EXPECT_EQ(Ids(Find("순살고등어구이")), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(Ids(Find("고등어구이")), (std::vector<std::int64_t>{1}));
    // 고등 is in 고등어 and in 고등학생; 등 also in 등산화.
    EXPECT_EQ(Sorted(Ids(Find("고등"))), (std::vector<std::int64_t>{1, 2, 5, 6}));
    EXPECT_EQ(Sorted(Ids(Find("등"))), (std::vector<std::int64_t>{1, 2, 4, 5, 6}));
    // 고어 is in 고어텍스 but 어등 nowhere; 이순 is nowhere.
    EXPECT_TRUE(Ids(Find("고어등")).empty());
    EXPECT_TRUE(Ids(Find("어구이순")).empty());
}

TEST_F(SearchIndexTest, KoreanRunsAreVerifiedNotJustBigrams) {
    // 구이 and 고등 and 등어 are all in document 1, but 고등어이 is not.
    Add(Doc(7, "고등어이야기", "Story"));
    EXPECT_EQ(Ids(Find("고등어이")), (std::vector<std::int64_t>{7}));
    Add(Doc(8, "고등어 어이", "Hey"));  // every bigram of 고등어이, but not the run
    EXPECT_EQ(Ids(Find("고등어이")), (std::vector<std::int64_t>{7}));
}

TEST_F(SearchIndexTest, EnglishIsCaseInsensitiveWithPrefixAndOneTypo) {
    EXPECT_EQ(Sorted(Ids(Find("MACKEREL"))), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(Sorted(Ids(Find("mack"))), (std::vector<std::int64_t>{1, 2, 6}));  // the last word is a prefix
    EXPECT_TRUE(Ids(Find("mack fillet")).empty());  // mack is a whole word here, and only 6 has it
    EXPECT_EQ(Sorted(Ids(Find("mackrel"))), (std::vector<std::int64_t>{1, 2}));   // one letter left out
    EXPECT_EQ(Sorted(Ids(Find("mackeral"))), (std::vector<std::int64_t>{1, 2}));  // one wrong
    EXPECT_EQ(Ids(Find("tnagerine")), (std::vector<std::int64_t>{3}));            // two swapped
    EXPECT_TRUE(Ids(Find("mckrel")).empty());                                     // two edits
    // No typo in words under 5 letters: "boots" is 5 (bots finds nothing, boost finds boots).
    EXPECT_TRUE(Ids(Find("jaju")).empty());
    EXPECT_EQ(Ids(Find("boost")), (std::vector<std::int64_t>{4}));
    // A word that is not last is a whole word.
    EXPECT_TRUE(Ids(Find("mack 500g")).empty());
    EXPECT_EQ(Ids(Find("mackerel 500")), (std::vector<std::int64_t>{1}));
}

TEST_F(SearchIndexTest, MixedQueriesAndEveryWord) {
    EXPECT_EQ(Ids(Find("고등어 norway")), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(Ids(Find("고등어 500g")), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(Ids(Find("감귤 organic 3kg")), (std::vector<std::int64_t>{3}));
    EXPECT_TRUE(Ids(Find("감귤 mackerel")).empty());
    EXPECT_TRUE(Ids(Find("!!! ???")).empty());
}

TEST_F(SearchIndexTest, CodesMatchExactly) {
    Document d = Doc(9, "오징어", "Squid");
    d.codes = {"SQ-001", "8801234567893"};
    Add(d);
    EXPECT_EQ(Ids(Find("8801234567893")), (std::vector<std::int64_t>{9}));
    EXPECT_EQ(Ids(Find(" sq-001 ")), (std::vector<std::int64_t>{9}));
    EXPECT_TRUE(Ids(Find("880123456789")).empty());
    EXPECT_TRUE(Ids(Find("SQ-00")).empty());
    auto r = Find("8801234567893");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->hits[0].score, 1000);
    EXPECT_TRUE(r->hits[0].highlights.empty());
}

TEST_F(SearchIndexTest, RelevanceOrdersExactThenPartialThenTypoAndTitleBeforeOther) {
    Index index;
    auto add = [&](std::int64_t id, std::string en, std::string text, std::int64_t created) {
        Document d = Doc(id, "", std::move(en), {1}, 1000, created);
        d.text = std::move(text);
        ASSERT_TRUE(index.Upsert(d).ok());
    };
    add(1, "salmon steak", "", 10);         // exact in the title: 35
    add(2, "fresh", "salmon", 20);          // exact in other text: 30
    add(3, "salmonella test kit", "", 30);  // prefix in the title: 25
    add(4, "salmn roe", "", 40);            // typo in the title: 15
    add(5, "smoked salmon", "", 50);        // exact in the title, newer than 1
    Query q;
    q.text = "salmon";
    EXPECT_EQ(Ids(index.Search(q)), (std::vector<std::int64_t>{5, 1, 2, 3, 4}));
    auto r = index.Search(q);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->hits[0].score, 35);
    EXPECT_EQ(r->hits[2].score, 30);
    EXPECT_EQ(r->hits[3].score, 25);
    EXPECT_EQ(r->hits[4].score, 15);

    // Korean: a whole run beats a part of one.
    Index ko;
    ASSERT_TRUE(ko.Upsert(Doc(1, "순살고등어구이", "", {1}, 1, 99)).ok());
    ASSERT_TRUE(ko.Upsert(Doc(2, "국산 고등어", "", {1}, 1, 1)).ok());
    Query kq;
    kq.text = "고등어";
    EXPECT_EQ(Ids(ko.Search(kq)), (std::vector<std::int64_t>{2, 1}));
}

TEST_F(SearchIndexTest, FiltersByCategoryTreeMerchantDistrictAndPrice) {
    Query q;
    q.category_id = 1;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{1, 2, 3, 6}));
    q.category_id = 101;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{1, 2, 6}));
    q.category_id = 999;
    EXPECT_TRUE(Ids(index_.Search(q)).empty());
    q = {};
    q.merchant_id = 500;  // ids 3 and 6
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{3, 6}));
    q = {};
    q.district = "haeundae";
    q.text = "고등어";
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{2, 6}));
    q = {};
    q.min_price_won = 10'000;
    q.max_price_won = 30'000;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{1, 2, 3}));
    // A product with a price range passes by its lowest price (the price its card shows), bounds included.
    Document ranged = Doc(7, "양말", "Socks", {2}, 5'000);
    ranged.max_price_won = 12'000;
    Add(ranged);
    q.max_price_won = 10'000;
    q.min_price_won = 9'000;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{1}));
    q.min_price_won = 5'000;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{1, 6, 7}));
}

TEST_F(SearchIndexTest, CountsFacetsWithParents) {
    Query q;
    q.facets = kFacetCategory | kFacetMerchant | kFacetDistrict | kFacetPrice;
    q.text = "고";  // 1 2 4 5 6 (고등어, 고어텍스, 고등학생)
    auto r = index_.Search(q);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->total, 5u);
    ASSERT_EQ(r->categories.size(), 5u);
    // 1 (three under it) and 101 (three) tie; the parent comes first, then 10, then 2 and 20.
    EXPECT_EQ(r->categories[0].category_id, 1);
    EXPECT_EQ(r->categories[0].parent_id, 0);
    EXPECT_EQ(r->categories[0].count, 3u);
    EXPECT_EQ(r->categories[1].category_id, 10);
    EXPECT_EQ(r->categories[1].parent_id, 1);
    EXPECT_EQ(r->categories[2].category_id, 101);
    EXPECT_EQ(r->categories[2].parent_id, 10);
    EXPECT_EQ(r->categories[3].category_id, 2);
    EXPECT_EQ(r->categories[3].count, 2u);
    EXPECT_EQ(r->categories[4].category_id, 20);
    EXPECT_EQ(r->categories[4].count, 1u);
    // Merchants 500 + id % 3: 501 (1, 4), 502 (2, 5), 500 (6).
    ASSERT_EQ(r->merchants.size(), 3u);
    EXPECT_EQ(r->merchants[0].merchant_id, 501);
    EXPECT_EQ(r->merchants[0].count, 2u);
    EXPECT_EQ(r->merchants[1].merchant_id, 502);
    EXPECT_EQ(r->merchants[2].merchant_id, 500);
    EXPECT_EQ(r->merchants[2].count, 1u);
    ASSERT_EQ(r->districts.size(), 2u);
    EXPECT_EQ(r->districts[0].district, "haeundae");  // 2 4 6
    EXPECT_EQ(r->districts[0].count, 3u);
    EXPECT_EQ(r->districts[1].count, 2u);
    ASSERT_EQ(r->prices.size(), std::size(kPriceBucketBounds));
    EXPECT_EQ(r->prices[0].min_won, 0);
    EXPECT_EQ(r->prices[0].max_won, 10'000);
    EXPECT_EQ(r->prices[0].count, 1u);  // 8,000
    EXPECT_EQ(r->prices[1].count, 2u);  // 10,000 and 15,000
    EXPECT_EQ(r->prices[2].count, 1u);  // 40,000
    EXPECT_EQ(r->prices[4].count, 1u);  // 120,000
    EXPECT_EQ(r->prices.back().max_won, 0);
    // Facets not asked for are not counted.
    q.facets = 0;
    r = index_.Search(q);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->categories.empty() && r->merchants.empty() && r->districts.empty() && r->prices.empty());
}

TEST_F(SearchIndexTest, SortsByPriceAndNewest) {
    EXPECT_EQ(Ids(Find("", Sort::kPriceAsc)), (std::vector<std::int64_t>{6, 1, 2, 3, 5, 4}));
    EXPECT_EQ(Ids(Find("", Sort::kPriceDesc)), (std::vector<std::int64_t>{4, 5, 3, 2, 1, 6}));
    EXPECT_EQ(Ids(Find("", Sort::kNewest)), (std::vector<std::int64_t>{6, 5, 4, 3, 2, 1}));
    EXPECT_EQ(Ids(Find("", Sort::kRelevance)), (std::vector<std::int64_t>{6, 5, 4, 3, 2, 1}));
    EXPECT_EQ(Ids(Find("고등어", Sort::kPriceAsc)), (std::vector<std::int64_t>{6, 1, 2}));
    // Scores are given on every sort once the query has text.
    auto r = Find("고등어", Sort::kPriceDesc);
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r->hits[0].score, 0);
}

TEST_F(SearchIndexTest, PagesAreBounded) {
    Query q;
    q.sort = Sort::kNewest;
    q.limit = 2;
    q.offset = 1;
    auto r = index_.Search(q);
    EXPECT_EQ(Ids(r), (std::vector<std::int64_t>{5, 4}));
    EXPECT_EQ(r->total, 6u);
    q.offset = 6;
    EXPECT_TRUE(Ids(index_.Search(q)).empty());

    struct Bad {
        Query query;
        const char* reason;
        const char* field;
    };
    std::vector<Bad> bad;
    Query b;
    b.limit = 0;
    bad.push_back({b, "search_limit_invalid", "limit"});
    b.limit = 101;
    bad.push_back({b, "search_limit_invalid", "limit"});
    b = {};
    b.offset = -1;
    bad.push_back({b, "search_offset_invalid", "offset"});
    b.offset = 10'001;
    bad.push_back({b, "search_offset_invalid", "offset"});
    b = {};
    b.text = std::string(10'000, 'a');
    bad.push_back({b, "search_query_too_long", "q"});
    b.text = "a b c d e f g h i j k";
    bad.push_back({b, "search_query_too_many_words", "q"});
    b = {};
    b.min_price_won = -1;
    bad.push_back({b, "search_price_invalid", "min_price"});
    b.min_price_won = 10;
    b.max_price_won = 5;
    bad.push_back({b, "search_price_invalid", "min_price"});
    for (const Bad& x : bad) {
        auto res = index_.Search(x.query);
        ASSERT_FALSE(res.ok()) << x.reason;
        EXPECT_EQ(res.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(res.error().reason, x.reason);
        ASSERT_EQ(res.error().fields.size(), 1u);
        EXPECT_EQ(res.error().fields[0].field, x.field);
    }
    b = {};
    b.limit = 100;
    b.offset = 10'000;
    EXPECT_TRUE(index_.Search(b).ok());
}

TEST_F(SearchIndexTest, HighlightsMatchedBytesOfTitles) {
    auto r = Find("고등어 mack");
    ASSERT_TRUE(r.ok());
    ASSERT_FALSE(r->hits.empty());
    for (const Hit& h : r->hits) {
        if (h.id != 1) continue;
        // "국내산 순살고등어구이 500g": 고등어 at bytes 16..25; "korean boneless grilled mackerel": mack at 24..28.
        EXPECT_EQ(h.highlights, (std::vector<Span>{{Field::kTitleKo, 16, 25}, {Field::kTitleEn, 24, 28}}));
    }
    r = Find("mackrel");
    ASSERT_TRUE(r.ok());
    for (const Hit& h : r->hits) {
        if (h.id == 2) {
            EXPECT_EQ(h.highlights, (std::vector<Span>{{Field::kTitleEn, 7, 15}}));
        }
    }
    // Overlapping matches merge into one span.
    r = Find("고등 등어");
    ASSERT_TRUE(r.ok());
    for (const Hit& h : r->hits) {
        if (h.id == 2) {
            EXPECT_EQ(h.highlights, (std::vector<Span>{{Field::kTitleKo, 13, 22}}));
        }
    }
}

TEST_F(SearchIndexTest, UpsertReplacesAndRemoveRemoves) {
    EXPECT_EQ(index_.Size(), 6u);
    Document d = Doc(1, "유기농 사과", "Organic apple", {1, 11}, 9'000);
    d.codes = {"APL-1"};
    Add(d);
    EXPECT_EQ(index_.Size(), 6u);
    EXPECT_EQ(Sorted(Ids(Find("고등어"))), (std::vector<std::int64_t>{2, 6}));
    EXPECT_EQ(Sorted(Ids(Find("organic"))), (std::vector<std::int64_t>{1, 3}));
    Query q;
    q.category_id = 101;
    EXPECT_EQ(Sorted(Ids(index_.Search(q))), (std::vector<std::int64_t>{2, 6}));
    EXPECT_EQ(Ids(Find("apl-1")), (std::vector<std::int64_t>{1}));

    EXPECT_TRUE(index_.Remove(1));
    EXPECT_FALSE(index_.Remove(1));
    EXPECT_EQ(index_.Size(), 5u);
    EXPECT_EQ(Ids(Find("organic")), (std::vector<std::int64_t>{3}));
    EXPECT_TRUE(Ids(Find("apl-1")).empty());
    EXPECT_TRUE(Ids(Find("사과")).empty());
    // The freed slot is used again.
    Add(Doc(42, "사과즙", "Apple juice", {1, 11}));
    EXPECT_EQ(Ids(Find("사과")), (std::vector<std::int64_t>{42}));
    EXPECT_EQ(index_.Size(), 6u);
}

TEST_F(SearchIndexTest, RefusedDocumentsChangeNothing) {
    std::vector<std::pair<Document, const char*>> bad;
    Document d = Doc(2, "바뀐 제목", "Changed");
    d.id = 0;
    bad.emplace_back(d, "search_document_id_invalid");
    d = Doc(2, "바뀐 제목", "Changed", {});
    bad.emplace_back(d, "search_category_path_invalid");
    d = Doc(2, "바뀐 제목", "Changed", {1, 2, 3, 4, 5, 6, 7, 8, 9});
    bad.emplace_back(d, "search_category_path_invalid");
    d = Doc(2, std::string(401, 'a'), "Changed");
    bad.emplace_back(d, "search_title_too_long");
    d = Doc(2, "바뀐 제목", "Changed");
    d.text = std::string(4001, 'a');
    bad.emplace_back(d, "search_text_too_long");
    d = Doc(2, "바뀐 제목", "Changed");
    d.codes = {""};
    bad.emplace_back(d, "search_code_invalid");
    d = Doc(2, "바뀐 제목", "Changed");
    d.min_price_won = 5;
    d.max_price_won = 4;
    bad.emplace_back(d, "search_price_invalid");
    for (const auto& [doc, reason] : bad) {
        auto r = index_.Upsert(doc);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().reason, reason);
    }
    EXPECT_EQ(index_.Size(), 6u);
    EXPECT_EQ(Sorted(Ids(Find("고등어"))), (std::vector<std::int64_t>{1, 2, 6}));
    EXPECT_TRUE(Ids(Find("바뀐")).empty());
}

TEST_F(SearchIndexTest, ReadersAndWritersRunTogether) {
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            while (!stop) {
                Query q;
                q.text = "고등어";
                auto r = index_.Search(q);
                // 2 and 6 never change; 1 comes and goes.
                if (!r.ok() || r->total < 2 || r->total > 3) ++bad;
            }
        });
    }
    for (int i = 0; i < 2000; ++i) {
        if (i % 2 == 0) {
            ASSERT_TRUE(index_.Upsert(Doc(1, "사과", "Apple")).ok());
        } else {
            ASSERT_TRUE(index_.Upsert(Doc(1, "국내산 순살고등어구이 500g", "mackerel")).ok());
        }
        ASSERT_TRUE(index_.Upsert(Doc(100 + i, "상품", "Product")).ok());
        ASSERT_TRUE(index_.Remove(100 + i));
    }
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(index_.Size(), 6u);
}

}  // namespace
}  // namespace jangteo::search
