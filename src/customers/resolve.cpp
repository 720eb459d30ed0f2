#include "customers/resolve.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <thread>

#include "core/json.hpp"
#include "core/validate.hpp"

namespace jangteo::customers {

namespace {

constexpr std::string_view kFieldNames[kFieldCount] = {"family", "given",  "birth",   "phone",
                                                       "email",  "postal", "address", "card"};
constexpr int kLevelCounts[kFieldCount] = {5, 5, 5, 3, 3, 3, 4, 3};
constexpr std::string_view kNameLevels[] = {"missing", "exact", "roman", "close", "disagree"};
constexpr std::string_view kBirthLevels[] = {"missing", "exact", "transposed", "year_month", "disagree"};
constexpr std::string_view kAddressLevels[] = {"missing", "exact", "street", "disagree"};
constexpr std::string_view kPlainLevels[] = {"missing", "exact", "disagree"};

// Level numbers, by name, for the rules below.
constexpr std::uint8_t kMissing = 0, kExact = 1, kRoman = 2, kClose = 3, kNameDisagree = 4;
constexpr std::uint8_t kTransposed = 2, kYearMonth = 3, kBirthDisagree = 4;
constexpr std::uint8_t kStreet = 2, kAddressDisagree = 3;
constexpr std::uint8_t kPlainDisagree = 2;

constexpr int F(Field f) {
    return static_cast<int>(f);
}

std::uint8_t BirthLevel(std::uint32_t a, std::uint32_t b) {
    if (!a || !b) return kMissing;
    if (a == b) return kExact;
    std::uint32_t ya = a / 10000, yb = b / 10000, ma = a / 100 % 100, mb = b / 100 % 100, da = a % 100, db = b % 100;
    if (ya == yb && ma == db && da == mb) return kTransposed;
    if (ya == yb && ma == mb) return kYearMonth;
    return kBirthDisagree;
}

// Whether two ASCII keys are at most one insertion, deletion or substitution apart.
bool WithinOneEdit(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() == b.size()) return a.substr(i + (i < a.size())) == b.substr(i + (i < b.size()));
    return a.substr(i) == b.substr(i + 1);
}

std::string_view StreetOf(std::string_view key) {
    auto sp = key.rfind(' ');
    return sp == std::string_view::npos ? key : key.substr(0, sp);
}

double Clamp(double x, double lo, double hi) {
    return x < lo ? lo : x > hi ? hi : x;
}

double Logit2(double p) {
    return std::log2(p / (1 - p));
}

void SetThresholds(Model& model, const ResolveOptions& options) {
    // Posterior odds = prior odds · 2^weight.
    double prior_odds = Logit2(Clamp(model.prior, 1e-6, 1 - 1e-6));
    model.link_weight = Logit2(options.link_probability) - prior_odds;
    model.review_weight = Logit2(options.review_probability) - prior_odds;
}

// Runs f(begin, end) over [0, n) in `threads` slices.
template <typename Fn>
void Parallel(std::size_t n, unsigned threads, Fn&& fn) {
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n / 10000 + 1)));
    if (threads == 1) {
        fn(std::size_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    std::size_t step = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        std::size_t b = std::min(n, t * step), e = std::min(n, b + step);
        pool.emplace_back([&fn, b, e] { fn(b, e); });
    }
    for (auto& th : pool) th.join();
}

// Blocking: (key hash, record) sorted by key; each run of one key is a block. Answers the distinct
// pairs (first << 32 | second, first < second) of the blocks no larger than `max_block`.
std::vector<std::uint64_t> CandidatePairs(std::span<const NormalizedRecord> records, std::size_t max_block,
                                          ResolveStats& stats) {
    const std::size_t n = records.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    keyed.reserve(n * 7);
    for (std::size_t i = 0; i < n; ++i) {
        ForEachBlockingKey(records[i],
                           [&](std::string_view k) { keyed.emplace_back(HashKey(k), static_cast<std::uint32_t>(i)); });
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint64_t> pairs;
    pairs.reserve(n * 4);
    for (std::size_t b = 0; b < keyed.size();) {
        std::size_t e = b + 1;
        while (e < keyed.size() && keyed[e].first == keyed[b].first) ++e;
        if (e - b > 1) {
            ++stats.blocks;
            if (e - b > max_block) {
                ++stats.skipped_blocks;
            } else {
                for (std::size_t i = b; i < e; ++i) {
                    for (std::size_t j = i + 1; j < e; ++j) {
                        std::uint32_t x = keyed[i].second, y = keyed[j].second;
                        if (x == y) continue;
                        if (x > y) std::swap(x, y);
                        pairs.push_back((static_cast<std::uint64_t>(x) << 32) | y);
                    }
                }
            }
        }
        b = e;
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(keyed);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    return pairs;
}

// Adds what `r` knows and `profile` does not yet; a Hangul name replaces a romanised one.
void MergeInto(NormalizedRecord& profile, const NormalizedRecord& r) {
    if (!r.given.empty() && (profile.given.empty() || (!profile.hangul_name && r.hangul_name))) {
        profile.family = r.family;
        profile.given = r.given;
        profile.family_class = r.family_class;
        profile.given_key = r.given_key;
        profile.hangul_name = r.hangul_name;
    }
    if (!profile.phone) profile.phone = r.phone;
    if (profile.email.empty()) profile.email = r.email;
    if (!profile.birth) profile.birth = r.birth;
    if (!profile.postal.digits) profile.postal = r.postal;
    if (profile.address_key.empty()) {
        profile.address_key = r.address_key;
        profile.district = r.district;
    }
    if (profile.card.empty()) profile.card = r.card;
}

}  // namespace

namespace detail {
void AppendNumber(std::string& out, std::uint64_t n) {
    char buf[24];
    int len = 0;
    do {
        buf[len++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n);
    while (len) out.push_back(buf[--len]);
}
}  // namespace detail

std::string_view FieldName(Field field) {
    return kFieldNames[F(field)];
}

int LevelCount(Field field) {
    return kLevelCounts[F(field)];
}

std::string_view LevelName(Field field, int level) {
    if (level < 0 || level >= LevelCount(field)) return "?";
    switch (field) {
        case Field::kFamily:
        case Field::kGiven: return kNameLevels[level];
        case Field::kBirth: return kBirthLevels[level];
        case Field::kAddress: return kAddressLevels[level];
        default: return kPlainLevels[level];
    }
}

std::string_view OutcomeName(Outcome outcome) {
    switch (outcome) {
        case Outcome::kSame: return "same";
        case Outcome::kPossible: return "possible";
        case Outcome::kDifferent: break;
    }
    return "different";
}

NormalizedRecord Normalize(const PersonRecord& record, std::uint32_t today) {
    NormalizedRecord out;
    if (auto name = NormalizeName(record.name)) {
        out.family = std::move(name->family);
        out.given = std::move(name->given);
        out.family_class = std::move(name->family_class);
        out.given_key = std::move(name->given_key);
        out.hangul_name = name->hangul;
    }
    if (!record.phone.empty()) {
        if (auto phone = core::NormalizeKoreanMobile(record.phone)) {
            std::uint64_t digits = 0;
            for (char c : *phone) {
                if (c >= '0' && c <= '9') digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
            }
            out.phone = digits;
        }
    }
    if (auto email = NormalizeEmail(record.email)) out.email = std::move(*email);
    if (!record.birth_date.empty()) {
        if (auto birth = NormalizeBirthDate(record.birth_date, today)) out.birth = *birth;
    }
    if (auto postal = NormalizePostalCode(record.postal_code)) out.postal = *postal;
    if (!record.address.empty()) {
        if (auto address = NormalizeAddress(record.address)) {
            out.district = std::move(address->district);
            out.address_key = std::move(address->key);
        }
    }
    if (!record.card_no.empty() && record.source.starts_with("pos:")) {
        std::string_view card = record.card_no;
        while (!card.empty() && card.front() == ' ') card.remove_prefix(1);
        while (!card.empty() && card.back() == ' ') card.remove_suffix(1);
        if (!card.empty()) {
            out.card.reserve(record.source.size() + 1 + card.size());
            out.card.append(record.source).push_back('\x1f');
            out.card.append(card);
        }
    }
    return out;
}

Levels Compare(const NormalizedRecord& a, const NormalizedRecord& b) {
    Levels l{};
    // Family name.
    if (!a.family.empty() && !b.family.empty()) {
        if (a.family == b.family) {
            l[F(Field::kFamily)] = kExact;
        } else if (!a.family_class.empty() && a.family_class == b.family_class) {
            l[F(Field::kFamily)] = kRoman;
        } else if (a.hangul_name && b.hangul_name && JamoDistance(a.family, b.family) == 1) {
            l[F(Field::kFamily)] = kClose;
        } else if (a.hangul_name == b.hangul_name || (!a.family_class.empty() && !b.family_class.empty())) {
            l[F(Field::kFamily)] = kNameDisagree;
        }
    }
    // Given name.
    if (!a.given.empty() && !b.given.empty()) {
        if (a.given == b.given) {
            l[F(Field::kGiven)] = kExact;
        } else if (a.given_key == b.given_key) {
            l[F(Field::kGiven)] = kRoman;
        } else if (a.hangul_name && b.hangul_name ? JamoDistance(a.given, b.given) == 1
                                                  : (a.given_key.size() >= 4 && b.given_key.size() >= 4 &&
                                                     WithinOneEdit(a.given_key, b.given_key))) {
            l[F(Field::kGiven)] = kClose;
        } else {
            l[F(Field::kGiven)] = kNameDisagree;
        }
    }
    l[F(Field::kBirth)] = BirthLevel(a.birth, b.birth);
    if (a.phone && b.phone) l[F(Field::kPhone)] = a.phone == b.phone ? kExact : kPlainDisagree;
    if (!a.email.empty() && !b.email.empty()) l[F(Field::kEmail)] = a.email == b.email ? kExact : kPlainDisagree;
    if (a.postal.digits && b.postal.digits && a.postal.old == b.postal.old) {
        l[F(Field::kPostal)] = a.postal.digits == b.postal.digits ? kExact : kPlainDisagree;
    }
    if (!a.address_key.empty() && !b.address_key.empty()) {
        bool districts_agree = a.district.empty() || b.district.empty() || a.district == b.district;
        if (districts_agree && a.address_key == b.address_key) {
            l[F(Field::kAddress)] = kExact;
        } else if (districts_agree && StreetOf(a.address_key) == StreetOf(b.address_key)) {
            l[F(Field::kAddress)] = kStreet;
        } else {
            l[F(Field::kAddress)] = kAddressDisagree;
        }
    }
    if (!a.card.empty() && !b.card.empty()) {
        std::string_view sa = a.card, sb = b.card;
        std::string_view source_a = sa.substr(0, sa.find('\x1f')), source_b = sb.substr(0, sb.find('\x1f'));
        if (source_a == source_b) l[F(Field::kCard)] = sa == sb ? kExact : kPlainDisagree;
    }
    return l;
}

std::uint32_t PackLevels(const Levels& levels) {
    std::uint32_t p = 0;
    for (int f = 0; f < kFieldCount; ++f) p |= static_cast<std::uint32_t>(levels[f]) << (3 * f);
    return p;
}

Levels UnpackLevels(std::uint32_t packed) {
    Levels l{};
    for (int f = 0; f < kFieldCount; ++f) l[f] = static_cast<std::uint8_t>((packed >> (3 * f)) & 7);
    return l;
}

Model Model::Default() {
    Model m;
    m.prior = 2e-6;  // about a million records of people seen 2.5 times each
    auto set = [&m](Field f, std::array<double, kMaxLevels> mm, std::array<double, kMaxLevels> uu) {
        m.m[F(f)] = mm;
        m.u[F(f)] = uu;
    };
    set(Field::kFamily, {0, .90, .04, .03, .03}, {0, .08, .005, .02, .895});
    set(Field::kGiven, {0, .85, .08, .04, .03}, {0, .003, .0005, .01, .9865});
    set(Field::kBirth, {0, .95, .01, .02, .02}, {0, 5e-5, 1e-6, 1.5e-3, .99845});
    set(Field::kPhone, {0, .95, .05}, {0, 1e-6, 1 - 1e-6});
    set(Field::kEmail, {0, .95, .05}, {0, 1e-6, 1 - 1e-6});
    set(Field::kPostal, {0, .90, .10}, {0, 3e-4, 1 - 3e-4});
    set(Field::kAddress, {0, .85, .05, .10}, {0, 1e-4, 1e-3, 1 - 1.1e-3});
    set(Field::kCard, {0, .95, .05}, {0, 1e-6, 1 - 1e-6});
    SetThresholds(m, ResolveOptions{});
    return m;
}

double Model::Weight(Field field, int level, std::string_view value) const {
    if (level <= 0) return 0;
    double mm = m[F(field)][level], uu = u[F(field)][level];
    if (level == kExact && !value.empty() && (field == Field::kFamily || field == Field::kGiven)) {
        // A value shared by many (김, 민준) agrees by chance more often than the average value, a rare
        // one (남궁, 하람) less often: u scales with the value's share of the records.
        const auto& shares = field == Field::kFamily ? family_share : given_share;
        double random = field == Field::kFamily ? family_random_agreement : given_random_agreement;
        auto it = shares.find(value);
        double share = it != shares.end() ? it->second : unseen_share;
        if (random > 0) uu = Clamp(uu * share / random, 1e-9, 0.999);
    }
    return Clamp(std::log2(std::max(mm, 1e-12) / std::max(uu, 1e-12)), -30, 30);
}

MatchScore Model::Score(const NormalizedRecord& a, const NormalizedRecord& b) const {
    return ScoreLevels(a, b, Compare(a, b));
}

MatchScore Model::ScoreLevels(const NormalizedRecord& a, const NormalizedRecord& /*b*/, const Levels& l) const {
    MatchScore s;
    for (int f = 0; f < kFieldCount; ++f) {
        std::string_view value;
        if (f == F(Field::kFamily)) value = a.family_class;
        if (f == F(Field::kGiven)) value = a.given_key;
        double w = Weight(static_cast<Field>(f), l[f], value);
        s.fields[f] = {l[f], w};
        s.weight += w;
    }
    const std::uint8_t family = l[F(Field::kFamily)], given = l[F(Field::kGiven)], birth = l[F(Field::kBirth)];
    const bool email = l[F(Field::kEmail)] == kExact, card = l[F(Field::kCard)] == kExact;
    const bool phone = l[F(Field::kPhone)] == kExact;
    // Guards: what must never be joined, whatever else agrees.
    if (birth == kBirthDisagree) {
        s.rule = "birth_dates_differ";
        return s;
    }
    const bool names_differ = given == kNameDisagree || family == kNameDisagree;
    const bool births_agree = birth == kExact || birth == kTransposed || birth == kYearMonth;
    if (phone && names_differ && !births_agree && !email && !card) {
        // A number given to a new subscriber, or one that a family shares.
        s.rule = "reused_number";
        return s;
    }
    const bool family_agrees = family == kExact || family == kRoman;
    if (family_agrees && given == kNameDisagree && l[F(Field::kAddress)] == kExact) {
        s.rule = "household";
        return s;
    }
    // Deterministic links.
    const bool given_agrees = given == kExact || given == kRoman;
    if (email) {
        s.rule = "same_email";
    } else if (card) {
        s.rule = "same_card";
    } else if (phone && ((family_agrees && (given_agrees || given == kClose)) || (family == kClose && given_agrees))) {
        // One jamo off, in the given or in the family name, is a typo, not another person of the same
        // number: a household's members share the family name and differ in the given one, and a new
        // subscriber shares neither (the guards above saw the birth dates).
        s.rule = "phone_and_name";
    }
    if (!s.rule.empty()) {
        s.outcome = Outcome::kSame;
        return s;
    }
    s.rule = "weight";
    s.outcome = s.weight >= link_weight     ? Outcome::kSame
                : s.weight >= review_weight ? Outcome::kPossible
                                            : Outcome::kDifferent;
    // Contact data alone (a number, an address) does not say who: without the name or the birth date
    // agreeing, a pair is at most possible.
    const bool person_agrees =
        given == kExact || given == kRoman || given == kClose || birth == kExact || birth == kTransposed;
    if (s.outcome == Outcome::kSame && !person_agrees) {
        s.outcome = Outcome::kPossible;
        s.rule = "contact_only";
    }
    return s;
}

std::string Model::ToJson() const {
    namespace json = core::json;
    json::object root;
    root["kind"] = "jangteo.identity_model";
    root["version"] = 1;
    root["prior"] = prior;
    root["link_weight"] = link_weight;
    root["review_weight"] = review_weight;
    root["family_random_agreement"] = family_random_agreement;
    root["given_random_agreement"] = given_random_agreement;
    root["unseen_share"] = unseen_share;
    json::object fields;
    for (int f = 0; f < kFieldCount; ++f) {
        json::object levels;
        for (int l = 1; l < kLevelCounts[f]; ++l) {
            levels[LevelName(static_cast<Field>(f), l)] = json::array{m[f][l], u[f][l]};
        }
        fields[kFieldNames[f]] = std::move(levels);
    }
    root["fields"] = std::move(fields);
    for (auto [key, shares] : {std::pair{"family_share", &family_share}, std::pair{"given_share", &given_share}}) {
        std::vector<std::pair<std::string_view, double>> sorted(shares->begin(), shares->end());
        std::sort(sorted.begin(), sorted.end());
        json::object o;
        for (const auto& [value, share] : sorted) o[value] = share;
        root[key] = std::move(o);
    }
    return core::ToJson(root);
}

core::Result<Model> Model::FromJson(std::string_view text) {
    namespace json = core::json;
    auto bad = [](std::string what) {
        return core::Error::Invalid("bad_identity_model", "the identity model is not valid: " + what);
    };
    JANGTEO_TRY(json::object root, core::ParseJsonObject(text));
    auto number = [&](std::string_view key, double& out) -> bool {
        const json::value* v = root.if_contains(key);
        if (!v || !v->is_number()) return false;
        out = v->to_number<double>();
        return std::isfinite(out);
    };
    const json::value* kind = root.if_contains("kind");
    if (!kind || !kind->is_string() || kind->as_string() != "jangteo.identity_model") return bad("not a model");
    Model model;
    if (!number("prior", model.prior) || !number("link_weight", model.link_weight) ||
        !number("review_weight", model.review_weight) ||
        !number("family_random_agreement", model.family_random_agreement) ||
        !number("given_random_agreement", model.given_random_agreement) ||
        !number("unseen_share", model.unseen_share)) {
        return bad("a number is missing");
    }
    const json::value* fields = root.if_contains("fields");
    if (!fields || !fields->is_object()) return bad("no fields");
    for (int f = 0; f < kFieldCount; ++f) {
        const json::value* levels = fields->as_object().if_contains(kFieldNames[f]);
        if (!levels || !levels->is_object()) return bad("no field " + std::string(kFieldNames[f]));
        for (int l = 1; l < kLevelCounts[f]; ++l) {
            const json::value* pair = levels->as_object().if_contains(LevelName(static_cast<Field>(f), l));
            if (!pair || !pair->is_array() || pair->as_array().size() != 2 || !pair->as_array()[0].is_number() ||
                !pair->as_array()[1].is_number()) {
                return bad(std::string(kFieldNames[f]) + " has no level " +
                           std::string(LevelName(static_cast<Field>(f), l)));
            }
            model.m[f][l] = pair->as_array()[0].to_number<double>();
            model.u[f][l] = pair->as_array()[1].to_number<double>();
            if (!(model.m[f][l] > 0 && model.m[f][l] <= 1 && model.u[f][l] > 0 && model.u[f][l] <= 1)) {
                return bad("probabilities must be in (0, 1]");
            }
        }
    }
    for (auto [key, shares] :
         {std::pair{"family_share", &model.family_share}, std::pair{"given_share", &model.given_share}}) {
        const json::value* o = root.if_contains(key);
        if (!o || !o->is_object()) return bad(std::string("no ") + key);
        shares->reserve(o->as_object().size());
        for (const auto& kv : o->as_object()) {
            if (!kv.value().is_number()) return bad(std::string(key) + " holds a non-number");
            shares->emplace(std::string(kv.key()), kv.value().to_number<double>());
        }
    }
    return model;
}

std::uint64_t HashKey(std::string_view key) {
    // FNV-1a: stable across runs and builds, and these keys are short.
    std::uint64_t h = 1469598103934665603ull;
    for (char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::vector<std::string> BlockingKeys(const NormalizedRecord& record) {
    std::vector<std::string> keys;
    keys.reserve(9);
    ForEachBlockingKey(record, [&keys](std::string_view k) { keys.emplace_back(k); });
    return keys;
}

Model EstimateModel(std::span<const NormalizedRecord> records,
                    const std::unordered_map<std::uint32_t, std::uint64_t>& pattern_counts,
                    const ResolveOptions& options) {
    Model model = Model::Default();
    const std::size_t n = records.size();
    // Name shares.
    std::unordered_map<std::string_view, std::uint32_t> family_count, given_count;
    std::size_t with_family = 0, with_given = 0;
    for (const auto& r : records) {
        // By the romanised keys, so that 김민준 and "Kim Minjun" count as one name.
        if (!r.family_class.empty()) ++family_count[r.family_class], ++with_family;
        if (!r.given_key.empty()) ++given_count[r.given_key], ++with_given;
    }
    auto shares = [](const auto& counts, std::size_t total, auto& out, double& random) {
        random = 0;
        out.clear();
        if (total == 0) return;
        for (const auto& [value, count] : counts) {
            double p = static_cast<double>(count) / static_cast<double>(total);
            random += p * p;
            if (count > 1) out.emplace(std::string(value), p);
        }
    };
    shares(family_count, with_family, model.family_share, model.family_random_agreement);
    shares(given_count, with_given, model.given_share, model.given_random_agreement);
    model.unseen_share = 1.0 / static_cast<double>(std::max<std::size_t>(1, std::max(with_family, with_given)));
    if (n < 2) {
        SetThresholds(model, options);
        return model;
    }

    // u: how often the fields of two records agree by chance, from pairs drawn at random (nearly all
    // of them two different people). Candidate pairs cannot tell this: blocking brought them
    // together because they agree, so among them even different people agree on names.
    {
        std::array<std::array<double, kMaxLevels>, kFieldCount> counts{};
        std::mt19937_64 rng(options.seed);
        std::uniform_int_distribution<std::size_t> pick(0, n - 1);
        const std::size_t samples = std::min<std::size_t>(options.u_samples, n * (n - 1) / 2);
        for (std::size_t k = 0; k < samples; ++k) {
            std::size_t i = pick(rng), j = pick(rng);
            if (i == j) continue;
            Levels l = Compare(records[i], records[j]);
            for (int f = 0; f < kFieldCount; ++f) counts[f][l[f]] += 1;
        }
        for (int f = 0; f < kFieldCount; ++f) {
            double total = 0;
            for (int l = 1; l < kLevelCounts[f]; ++l) total += counts[f][l];
            if (total < 100) continue;  // too few pairs with the field on both sides: keep the default
            for (int l = 1; l < kLevelCounts[f]; ++l) {
                // Half a count keeps a level never seen at random from weighing infinitely.
                model.u[f][l] = (counts[f][l] + 0.5) / (total + 0.5 * (kLevelCounts[f] - 1));
            }
        }
    }

    // m and the share of matches among candidate pairs: EM over their comparison vectors, under
    // conditional independence of the fields (a missing field says nothing either way). The EM's
    // non-match class has u of its own, the candidates' (people that blocking brought together, who
    // share names and birth years more than random pairs do), so that they do not pollute m; the
    // weights then use the random u above.
    std::vector<std::pair<Levels, double>> patterns;
    patterns.reserve(pattern_counts.size());
    double total = 0;
    for (const auto& [packed, count] : pattern_counts) {
        patterns.emplace_back(UnpackLevels(packed), static_cast<double>(count));
        total += static_cast<double>(count);
    }
    double candidate_prior = 0.3;
    if (total >= 10) {
        auto cu = model.u;
        for (int f = 0; f < kFieldCount; ++f) {
            // Start the candidates' u with half of every pair agreeing, so that EM sorts them out.
            for (int l = 1; l < kLevelCounts[f]; ++l)
                cu[f][l] = l + 1 == kLevelCounts[f] ? 0.5 : 0.5 / (kLevelCounts[f] - 2);
        }
        for (int iter = 0; iter < options.em_iterations; ++iter) {
            std::array<std::array<double, kMaxLevels>, kFieldCount> sm{}, su{};
            double matches = 0;
            for (const auto& [levels, count] : patterns) {
                double pm = candidate_prior, pu = 1 - candidate_prior;
                for (int f = 0; f < kFieldCount; ++f) {
                    if (levels[f] == kMissing) continue;
                    pm *= model.m[f][levels[f]];
                    pu *= cu[f][levels[f]];
                }
                double g = pm / (pm + pu);
                matches += g * count;
                for (int f = 0; f < kFieldCount; ++f) {
                    if (levels[f] == kMissing) continue;
                    sm[f][levels[f]] += g * count;
                    su[f][levels[f]] += (1 - g) * count;
                }
            }
            double change = std::abs(matches / total - candidate_prior);
            candidate_prior = Clamp(matches / total, 1e-5, 0.999);
            for (int f = 0; f < kFieldCount; ++f) {
                double tm = 0, tu = 0;
                for (int l = 1; l < kLevelCounts[f]; ++l) tm += sm[f][l], tu += su[f][l];
                for (int l = 1; l < kLevelCounts[f]; ++l) {
                    // Half a count keeps a level never seen in one class from weighing infinitely.
                    if (tm >= 1) model.m[f][l] = (sm[f][l] + 0.5) / (tm + 0.5 * (kLevelCounts[f] - 1));
                    if (tu >= 1) cu[f][l] = (su[f][l] + 0.5) / (tu + 0.5 * (kLevelCounts[f] - 1));
                }
            }
            if (change < 1e-7 && iter > 5) break;
        }
    }
    // The weights are likelihood ratios against a pair drawn at random, so the prior they need is the
    // share of matches among all pairs: the candidates' matches over every pair there is.
    double all_pairs = static_cast<double>(n) * static_cast<double>(n - 1) / 2;
    model.prior = Clamp(candidate_prior * total / all_pairs, 1e-12, 0.5);
    SetThresholds(model, options);
    return model;
}

Resolution Resolve(std::span<const NormalizedRecord> records, const ResolveOptions& options) {
    Resolution out;
    const std::size_t n = records.size();
    out.stats.records = n;

    std::vector<std::uint64_t> pairs = CandidatePairs(records, options.max_block, out.stats);
    out.stats.candidate_pairs = pairs.size();

    // Compare every candidate pair once.
    std::vector<std::uint32_t> packed(pairs.size());
    Parallel(pairs.size(), options.threads, [&](std::size_t b, std::size_t e) {
        for (std::size_t k = b; k < e; ++k) {
            packed[k] = PackLevels(Compare(records[pairs[k] >> 32], records[pairs[k] & 0xFFFFFFFFu]));
        }
    });
    if (options.estimate || !options.model) {
        std::unordered_map<std::uint32_t, std::uint64_t> counts;
        for (std::uint32_t p : packed) ++counts[p];
        out.model = EstimateModel(records, counts, options);
    } else {
        out.model = *options.model;
    }

    // Score: links and the review queue.
    struct Link {
        double weight;
        std::uint32_t pair;
    };
    std::vector<std::vector<Link>> links(std::max(1u, options.threads)), reviews(std::max(1u, options.threads));
    {
        std::vector<std::thread> pool;
        unsigned threads = std::max(1u, options.threads);
        std::size_t step = (pairs.size() + threads - 1) / threads;
        for (unsigned t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                std::size_t b = std::min(pairs.size(), t * step), e = std::min(pairs.size(), b + step);
                for (std::size_t k = b; k < e; ++k) {
                    const auto& ra = records[pairs[k] >> 32];
                    const auto& rb = records[pairs[k] & 0xFFFFFFFFu];
                    MatchScore s = out.model.ScoreLevels(ra, rb, UnpackLevels(packed[k]));
                    // Deterministic links go first, then the strongest weights.
                    if (s.outcome == Outcome::kSame) {
                        links[t].push_back(
                            {s.rule == "weight" ? s.weight : 1e6 + s.weight, static_cast<std::uint32_t>(k)});
                    } else if (s.outcome == Outcome::kPossible) {
                        reviews[t].push_back({s.weight, static_cast<std::uint32_t>(k)});
                    }
                }
            });
        }
        for (auto& th : pool) th.join();
    }
    std::vector<Link> all;
    for (auto& v : links) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end(), [](const Link& x, const Link& y) {
        return x.weight != y.weight ? x.weight > y.weight : x.pair < y.pair;
    });
    out.stats.linked_pairs = all.size();

    // Clustering: union-find, refusing a join of clusters whose birth dates disagree outright.
    std::vector<std::uint32_t> parent(n), birth(n);
    std::iota(parent.begin(), parent.end(), 0u);
    for (std::size_t i = 0; i < n; ++i) birth[i] = records[i].birth;
    auto find = [&parent](std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (const Link& link : all) {
        std::uint32_t a = find(static_cast<std::uint32_t>(pairs[link.pair] >> 32));
        std::uint32_t b = find(static_cast<std::uint32_t>(pairs[link.pair] & 0xFFFFFFFFu));
        if (a == b) continue;
        if (BirthLevel(birth[a], birth[b]) == kBirthDisagree) {
            ++out.stats.refused_joins;
            continue;
        }
        if (a > b) std::swap(a, b);
        parent[b] = a;
        if (!birth[a]) birth[a] = birth[b];
    }
    // A second pass over the clusters as profiles (what all their records know together): a record
    // that shares the name with one record of a person and the birth date with another is matched
    // against both at once. The same weights, guards and thresholds decide.
    if (options.profile_pass) {
        std::vector<std::uint32_t> profile_of(n, UINT32_MAX), root_of_profile;
        std::vector<NormalizedRecord> profiles;
        profiles.reserve(n / 2);
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t root = find(static_cast<std::uint32_t>(i));
            if (profile_of[root] == UINT32_MAX) {
                profile_of[root] = static_cast<std::uint32_t>(profiles.size());
                profiles.emplace_back();
                root_of_profile.push_back(root);
            }
            MergeInto(profiles[profile_of[root]], records[i]);
        }
        ResolveStats ignored;
        std::vector<std::uint64_t> profile_pairs = CandidatePairs(profiles, options.max_block, ignored);
        std::vector<Link> joins;
        std::mutex joins_mu;
        Parallel(profile_pairs.size(), options.threads, [&](std::size_t b, std::size_t e) {
            std::vector<Link> mine;
            for (std::size_t k = b; k < e; ++k) {
                MatchScore s =
                    out.model.Score(profiles[profile_pairs[k] >> 32], profiles[profile_pairs[k] & 0xFFFFFFFFu]);
                if (s.outcome == Outcome::kSame) mine.push_back({s.weight, static_cast<std::uint32_t>(k)});
            }
            std::lock_guard lock(joins_mu);
            joins.insert(joins.end(), mine.begin(), mine.end());
        });
        std::sort(joins.begin(), joins.end(), [](const Link& x, const Link& y) {
            return x.weight != y.weight ? x.weight > y.weight : x.pair < y.pair;
        });
        for (const Link& link : joins) {
            std::uint32_t a = find(root_of_profile[profile_pairs[link.pair] >> 32]);
            std::uint32_t b = find(root_of_profile[profile_pairs[link.pair] & 0xFFFFFFFFu]);
            if (a == b) continue;
            if (BirthLevel(birth[a], birth[b]) == kBirthDisagree) {
                ++out.stats.refused_joins;
                continue;
            }
            if (a > b) std::swap(a, b);
            parent[b] = a;
            if (!birth[a]) birth[a] = birth[b];
            ++out.stats.profile_joins;
        }
    }

    // A record that gives no name (a number typed at a counter) joins the person its number belongs
    // to when the records know exactly one named holder of that number: a record without a name can
    // never bridge two people, and a number two named people gave (a household's, a reused one) finds
    // nobody, so the record waits in review.
    if (options.sole_holder) {
        constexpr std::uint32_t kMany = UINT32_MAX;
        // phone → root of a named cluster; `trusted` those whose number was given at a shop or verified
        std::vector<std::pair<std::uint64_t, std::uint32_t>> holders, trusted;
        std::vector<char> named(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (records[i].given.empty()) continue;
            std::uint32_t root = find(static_cast<std::uint32_t>(i));
            named[root] = 1;
            if (!records[i].phone) continue;
            holders.emplace_back(records[i].phone, root);
            if (records[i].phone_trusted) trusted.emplace_back(records[i].phone, root);
        }
        std::sort(holders.begin(), holders.end());
        holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
        std::sort(trusted.begin(), trusted.end());
        auto holder_of = [&holders, &trusted](std::uint64_t phone) -> std::optional<std::uint32_t> {
            auto it = std::lower_bound(holders.begin(), holders.end(), std::pair{phone, std::uint32_t{0}});
            if (it == holders.end() || it->first != phone) return std::nullopt;
            auto next = std::next(it);
            if (next != holders.end() && next->first == phone) return kMany;
            // The one named holder, when its number stands for it.
            if (!std::binary_search(trusted.begin(), trusted.end(), *it)) return std::nullopt;
            return it->second;
        };
        // Per nameless cluster: the one holder its numbers lead to, or kMany when they disagree.
        std::vector<std::uint32_t> target(n, UINT32_MAX - 1);
        constexpr std::uint32_t kNone = UINT32_MAX - 1;
        for (std::size_t i = 0; i < n; ++i) {
            if (!records[i].phone) continue;
            std::uint32_t root = find(static_cast<std::uint32_t>(i));
            if (named[root]) continue;
            auto h = holder_of(records[i].phone);
            if (!h) continue;
            std::uint32_t& t = target[root];
            t = t == kNone || t == *h ? *h : kMany;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t t = target[i];
            if (t == kNone || t == kMany) continue;
            std::uint32_t a = find(static_cast<std::uint32_t>(i)), b = find(t);
            if (a == b) continue;
            if (BirthLevel(birth[a], birth[b]) == kBirthDisagree) {
                ++out.stats.refused_joins;
                continue;
            }
            if (a > b) std::swap(a, b);
            parent[b] = a;
            if (!birth[a]) birth[a] = birth[b];
            ++out.stats.sole_holder_joins;
        }
    }

    out.cluster.assign(n, 0);
    std::vector<std::uint32_t> number(n, UINT32_MAX);
    std::uint32_t next = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t root = find(static_cast<std::uint32_t>(i));
        if (number[root] == UINT32_MAX) number[root] = next++;
        out.cluster[i] = number[root];
    }
    out.stats.clusters = next;

    // The review queue: possible pairs not already in one cluster, strongest first.
    std::vector<Link> possible;
    for (auto& v : reviews) possible.insert(possible.end(), v.begin(), v.end());
    std::sort(possible.begin(), possible.end(), [](const Link& x, const Link& y) { return x.weight > y.weight; });
    for (const Link& link : possible) {
        auto a = static_cast<std::uint32_t>(pairs[link.pair] >> 32), b = static_cast<std::uint32_t>(pairs[link.pair]);
        if (out.cluster[a] == out.cluster[b]) continue;
        out.review.push_back({a, b, out.model.ScoreLevels(records[a], records[b], UnpackLevels(packed[link.pair]))});
    }
    return out;
}

void Index::Reserve(std::size_t records) {
    records_.reserve(records);
    key_hashes_.reserve(records * 7);
    key_records_.reserve(records * 7);
}

std::uint32_t Index::Add(NormalizedRecord record) {
    auto n = static_cast<std::uint32_t>(records_.size());
    ForEachBlockingKey(record, [&](std::string_view k) {
        key_hashes_.push_back(HashKey(k));
        key_records_.push_back(n);
    });
    records_.push_back(std::move(record));
    // Keep the unsorted tail short, so that a look-up scans little of it.
    if (sorted_ > 0 && key_hashes_.size() - sorted_ > 4096) Build();
    return n;
}

void Index::Build() {
    std::vector<std::uint32_t> order(key_hashes_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return key_hashes_[x] != key_hashes_[y] ? key_hashes_[x] < key_hashes_[y] : key_records_[x] < key_records_[y];
    });
    std::vector<std::uint64_t> hashes(order.size());
    std::vector<std::uint32_t> ids(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        hashes[i] = key_hashes_[order[i]];
        ids[i] = key_records_[order[i]];
    }
    key_hashes_ = std::move(hashes);
    key_records_ = std::move(ids);
    sorted_ = key_hashes_.size();
}

std::vector<Index::Found> Index::Match(const NormalizedRecord& record) const {
    std::vector<std::uint32_t> candidates;
    candidates.reserve(64);
    ForEachBlockingKey(record, [&](std::string_view k) {
        std::uint64_t h = HashKey(k);
        auto begin = key_hashes_.begin(), end = begin + static_cast<std::ptrdiff_t>(sorted_);
        auto [lo, hi] = std::equal_range(begin, end, h);
        std::size_t before = candidates.size();
        if (static_cast<std::size_t>(hi - lo) <= max_block_) {
            for (auto it = lo; it != hi; ++it) candidates.push_back(key_records_[static_cast<std::size_t>(it - begin)]);
        }
        for (std::size_t i = sorted_; i < key_hashes_.size(); ++i) {
            if (key_hashes_[i] == h) candidates.push_back(key_records_[i]);
        }
        // A key that too many records share says nothing (as in the batch).
        if (candidates.size() - before > max_block_) candidates.resize(before);
    });
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<Found> found;
    for (std::uint32_t c : candidates) {
        MatchScore s = model_.Score(record, records_[c]);
        if (s.outcome != Outcome::kDifferent) found.push_back({c, s});
    }
    std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
        if (x.score.outcome != y.score.outcome) return x.score.outcome > y.score.outcome;
        return x.score.weight > y.score.weight;
    });
    return found;
}

}  // namespace jangteo::customers
