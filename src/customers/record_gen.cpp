#include "customers/record_gen.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <unordered_set>

namespace jangteo::customers {

namespace {

// Syllables of Korean given names, the more common first (weights fall with the rank).
constexpr std::string_view kFirstSyllables[] = {
    "민", "서", "지", "하", "도", "예", "수", "주", "윤", "현", "은", "시", "유", "준", "성", "영", "정",
    "동", "상", "재", "진", "혜", "미", "경", "태", "우", "승", "다", "채", "소", "가", "나", "연", "아",
    "건", "선", "보", "세", "희", "인", "종", "용", "병", "한", "기", "광", "석", "철", "명", "원"};
constexpr std::string_view kSecondSyllables[] = {
    "준", "연", "우", "서", "윤", "민", "아", "진", "현", "호", "원", "은", "훈", "수", "희", "영", "빈",
    "율", "린", "혁", "석", "주", "경", "숙", "자", "철", "식", "환", "규", "욱", "람", "솔", "별", "혜",
    "정", "미", "하", "성", "기", "용", "남", "순", "옥", "택", "범", "균", "찬", "겸", "결", "담"};
constexpr std::string_view kDistricts[] = {"중구",   "서구",   "동구",     "영도구", "부산진구", "동래구",
                                           "남구",   "북구",   "해운대구", "사하구", "금정구",   "강서구",
                                           "연제구", "수영구", "사상구",   "기장군"};
constexpr std::string_view kRoads[] = {
    "광안해변로",   "해운대해변로", "중앙대로", "수영로",   "전포대로", "가야대로", "충렬대로", "낙동대로",
    "망미로",       "센텀중앙로",   "동백로",   "구서로",   "금정로",   "반송로",   "사상로",   "장림로",
    "다대로",       "태종로",       "백양대로", "신평로",   "연산로",   "과정로",   "해맞이로", "좌동순환로",
    "기장대로",     "정관로",       "만덕대로", "금곡대로", "해운대로", "황령대로", "우암로",   "용호로",
    "수영강변대로", "월드컵대로",   "명륜로",   "충장대로", "엄광로",   "신선로",   "절영로",   "대티로"};
constexpr std::string_view kDongs[] = {"광안동", "우동",   "중동",   "전포동", "부전동", "연산동", "대연동", "남천동",
                                       "구서동", "장전동", "괘법동", "하단동", "다대동", "영선동", "덕천동", "좌동"};
constexpr std::string_view kBuildings[] = {"광안비치아파트", "센텀파크", "삼익아파트", "현대아파트", "롯데캐슬",
                                           "더샵",           "자이",     "래미안",     "푸르지오",   "빌라"};
constexpr std::string_view kDomains[] = {"naver.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com", "nate.com"};
constexpr std::string_view kImports[] = {"members2019", "legacy_pos", "kakao_friends", "event_2023", "old_ledger"};

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

char32_t SyllableAt(std::string_view s, std::size_t i) {
    auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
         b2 = static_cast<unsigned char>(s[i + 2]);
    return (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | char32_t(b2 & 0x3F);
}

std::string Capitalised(std::string_view word) {
    std::string out(word);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

std::string Upper(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

struct Person {
    std::string family;  // Hangul
    std::string given;
    std::uint32_t birth = 0;
    std::string phone;  // 11 digits
    std::string email;
    int district = 0, road = 0, number = 0, side_street = 0;  // side_street: 0 or the N of "N번길"
    std::string unit;                                         // "101동 1203호", "3층" or ""
    int dong = 0, building = 0;
    int favourite_merchant = 0;
    std::string card_prefix;
    GeneratedPerson truth;
};

class Generator {
public:
    explicit Generator(const GenerateOptions& o) : o_(o), rng_(o.seed) {
        double total = 0;
        for (const auto& f : FamilyNames()) total += f.share;
        for (const auto& f : FamilyNames())
            family_cdf_.push_back((family_cdf_.empty() ? 0 : family_cdf_.back()) + f.share / total);
        auto zipf = [](std::size_t n) {
            std::vector<double> cdf;
            double sum = 0;
            for (std::size_t i = 0; i < n; ++i) sum += 1 / std::pow(static_cast<double>(i + 1), 0.8);
            double acc = 0;
            for (std::size_t i = 0; i < n; ++i)
                cdf.push_back(acc += 1 / std::pow(static_cast<double>(i + 1), 0.8) / sum);
            return cdf;
        };
        first_cdf_ = zipf(std::size(kFirstSyllables));
        second_cdf_ = zipf(std::size(kSecondSyllables));
    }

    GeneratedRecords Run() {
        GeneratedRecords out;
        out.records.reserve(o_.count);
        out.person_of.reserve(o_.count);
        std::vector<Person> people;
        people.reserve(o_.count / 2 + 1);
        while (out.records.size() < o_.count) {
            Person p = NewPerson(people);
            people.push_back(p);
            out.people.push_back(p.truth);
            std::string person_id = "P" + std::to_string(people.size());
            int records = PickRecordCount();
            for (int k = 0; k < records && out.records.size() < o_.count; ++k) {
                out.records.push_back(MakeRecord(p));
                out.person_of.push_back(person_id);
                out.person.push_back(static_cast<std::uint32_t>(people.size() - 1));
                out.name_form.push_back(out.records.back().name.empty() ? NameForm::kMissing : name_form_);
            }
        }
        // Records in no particular order, numbered after the shuffle.
        std::vector<std::size_t> order(out.records.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng_);
        GeneratedRecords shuffled;
        shuffled.records.reserve(order.size());
        shuffled.person_of.reserve(order.size());
        shuffled.people = std::move(out.people);
        for (std::size_t i = 0; i < order.size(); ++i) {
            shuffled.records.push_back(std::move(out.records[order[i]]));
            shuffled.person_of.push_back(std::move(out.person_of[order[i]]));
            shuffled.person.push_back(out.person[order[i]]);
            shuffled.name_form.push_back(out.name_form[order[i]]);
            char id[32];
            std::snprintf(id, sizeof id, "R%08zu", i + 1);
            shuffled.records.back().record_id = id;
        }
        return shuffled;
    }

private:
    double Uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
    bool Chance(double p) { return Uniform() < p; }
    int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    template <typename T, std::size_t N>
    const T& Pick(const T (&items)[N]) {
        return items[static_cast<std::size_t>(Int(0, static_cast<int>(N) - 1))];
    }
    std::size_t FromCdf(const std::vector<double>& cdf) {
        auto it = std::lower_bound(cdf.begin(), cdf.end(), Uniform());
        return std::min(static_cast<std::size_t>(it - cdf.begin()), cdf.size() - 1);
    }

    int PickRecordCount() {
        double x = Uniform();
        return x < 0.30 ? 1 : x < 0.55 ? 2 : x < 0.75 ? 3 : x < 0.90 ? 4 : 5;
    }

    std::string NewGiven() {
        double x = Uniform();
        if (x < 0.04) return std::string(kSecondSyllables[FromCdf(second_cdf_)]);
        std::string g(kFirstSyllables[FromCdf(first_cdf_)]);
        g += kSecondSyllables[FromCdf(second_cdf_)];
        if (x > 0.98) g += kSecondSyllables[FromCdf(second_cdf_)];
        return g;
    }

    std::uint32_t NewBirth(int from_year, int to_year) {
        static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int y = Int(from_year, to_year), m = Int(1, 12), d = Int(1, kDays[m - 1]);
        std::uint32_t date = static_cast<std::uint32_t>(y * 10000 + m * 100 + d);
        return std::min(date, o_.today - 1);
    }

    std::string NewPhone() {
        char buf[16];
        // The middle four digits of a mobile number start with 2 to 9.
        std::snprintf(buf, sizeof buf, "010%04d%04d", Int(2000, 9999), Int(0, 9999));
        return buf;
    }

    Person NewPerson(const std::vector<Person>& people) {
        Person p;
        p.family = std::string(FamilyNames()[FromCdf(family_cdf_)].hangul);
        p.given = NewGiven();
        p.birth = NewBirth(1945, 2007);
        p.phone = NewPhone();
        p.district = Int(0, static_cast<int>(std::size(kDistricts)) - 1);
        p.road = Int(0, static_cast<int>(std::size(kRoads)) - 1);
        p.number = Int(1, 400);
        p.side_street = Chance(0.2) ? Int(1, 60) : 0;
        p.dong = Int(0, static_cast<int>(std::size(kDongs)) - 1);
        p.building = Int(0, static_cast<int>(std::size(kBuildings)) - 1);
        double u = Uniform();
        p.unit = u < 0.5 ? std::to_string(Int(101, 115)) + "동 " + std::to_string(Int(1, 25)) + "0" +
                               std::to_string(Int(1, 4)) + "호"
                 : u < 0.6 ? std::to_string(Int(1, 5)) + "층"
                           : "";
        if (!people.empty() && Chance(o_.household_share)) {
            // A child or sibling of an earlier person: one family name, one home.
            auto hi = static_cast<std::size_t>(Int(0, static_cast<int>(people.size()) - 1));
            const Person& h = people[hi];
            p.truth.household_of = static_cast<std::int64_t>(hi);
            p.family = h.family;
            do {
                p.given = NewGiven();
            } while (p.given == h.given);
            p.district = h.district, p.road = h.road, p.number = h.number, p.side_street = h.side_street;
            p.unit = h.unit, p.dong = h.dong, p.building = h.building;
            if (Chance(o_.household_phone_share)) {
                p.phone = h.phone;
                p.truth.number_of = static_cast<std::int64_t>(hi);
            }
        } else if (!people.empty() && Chance(o_.reused_number_share)) {
            // The number of someone who gave it up.
            auto from = static_cast<std::size_t>(Int(0, static_cast<int>(people.size()) - 1));
            p.phone = people[from].phone;
            p.truth.number_of = static_cast<std::int64_t>(from);
            p.truth.reused_number = true;
        }
        if (Chance(0.75)) {
            std::string local = RomanizeHangul(p.given) + (Chance(0.5) ? RomanizeHangul(p.family) : "");
            local += std::to_string(Int(1, 9999));
            p.email = local + "@" + std::string(Pick(kDomains));
            // A mailbox belongs to one person: a provider never gives one address twice. Drawn
            // addresses of common names do collide, and would make two people one by their e-mail.
            while (!emails_.insert(p.email).second)
                p.email = local + "." + std::to_string(Int(1, 99)) + "@" + std::string(Pick(kDomains));
        }
        p.favourite_merchant = Int(1, o_.merchants);
        p.card_prefix = std::to_string(10'000'000 + people.size());
        return p;
    }

    std::string NameVariant(const Person& p) {
        double x = Uniform();
        name_form_ = NameForm::kRomanised;
        if (x < o_.romanised_share) return Romanised(p);
        x -= o_.romanised_share;
        name_form_ = NameForm::kTypo;
        if (x < o_.typo_share) return Typo(p);
        x -= o_.typo_share;
        name_form_ = NameForm::kSpaced;
        if (x < 0.06) return p.family + " " + p.given;
        name_form_ = NameForm::kDecomposed;
        if (x < 0.08) {
            // Decomposed jamo, as some Mac and old POS software write Hangul.
            std::string out;
            std::string full = p.family + p.given;
            for (std::size_t i = 0; i + 3 <= full.size(); i += 3) {
                auto s = static_cast<std::uint32_t>(SyllableAt(full, i) - 0xAC00);
                AppendUtf8(out, 0x1100 + s / 588);
                AppendUtf8(out, 0x1161 + (s % 588) / 28);
                if (s % 28) AppendUtf8(out, 0x11A7 + s % 28);
            }
            return out;
        }
        name_form_ = NameForm::kPlain;
        return p.family + p.given;
    }

    std::string Romanised(const Person& p) {
        const FamilyName* fam = nullptr;
        for (const auto& f : FamilyNames()) {
            if (f.hangul == p.family) fam = &f;
        }
        std::string_view spellings = fam ? fam->spellings : "kim";
        std::vector<std::string_view> options;
        for (std::size_t b = 0; b < spellings.size();) {
            std::size_t e = spellings.find(' ', b);
            if (e == std::string_view::npos) e = spellings.size();
            options.push_back(spellings.substr(b, e - b));
            b = e + 1;
        }
        // The usual passport spelling most of the time, another one now and then.
        std::string family = Capitalised(
            Chance(0.7) ? options[0] : options[static_cast<std::size_t>(Int(0, static_cast<int>(options.size()) - 1))]);
        std::vector<std::string> syllables;
        for (std::size_t i = 0; i + 3 <= p.given.size(); i += 3)
            syllables.push_back(RomanizeHangul(p.given.substr(i, 3)));
        std::string joined, hyphened, spaced;
        for (std::size_t i = 0; i < syllables.size(); ++i) {
            joined += syllables[i];
            hyphened += (i ? "-" : "") + syllables[i];
            spaced += (i ? " " : "") + Capitalised(syllables[i]);
        }
        switch (Int(0, 4)) {
            case 0: return family + " " + Capitalised(joined);
            case 1: return Upper(joined) + " " + Upper(family);
            case 2: return family + " " + Capitalised(hyphened);
            case 3: return family + " " + spaced;
            default: return Capitalised(joined) + " " + family;
        }
    }

    std::string Typo(const Person& p) {
        std::string full = p.family + p.given;
        std::size_t syllables = full.size() / 3;
        std::size_t family_syllables = p.family.size() / 3;
        // Mostly in the given name: a clerk who knows the family name still mistypes the rest.
        std::size_t at =
            Chance(0.8) && syllables > family_syllables
                ? static_cast<std::size_t>(Int(static_cast<int>(family_syllables), static_cast<int>(syllables) - 1))
                : static_cast<std::size_t>(Int(0, static_cast<int>(syllables) - 1));
        auto s = static_cast<std::uint32_t>(SyllableAt(full, at * 3) - 0xAC00);
        std::uint32_t l = s / 588, v = (s % 588) / 28, t = s % 28;
        switch (Int(0, 2)) {
            case 0: l = (l + static_cast<std::uint32_t>(Int(1, 18))) % 19; break;
            case 1: v = (v + static_cast<std::uint32_t>(Int(1, 20))) % 21; break;
            default: t = (t + static_cast<std::uint32_t>(Int(1, 27))) % 28; break;
        }
        std::string out = full.substr(0, at * 3);
        AppendUtf8(out, 0xAC00 + l * 588 + v * 28 + t);
        out += full.substr(at * 3 + 3);
        return out;
    }

    std::string PhoneVariant(const std::string& d) {
        std::string a = d.substr(0, 3), b = d.substr(3, 4), c = d.substr(7, 4);
        switch (Int(0, 5)) {
            case 0: return a + "-" + b + "-" + c;
            case 1: return d;
            case 2: return a + " " + b + " " + c;
            case 3: return "+82 10-" + b + "-" + c;
            case 4: return "+82 10 " + b + " " + c;
            default: return "+82-10-" + b + c;
        }
    }

    std::string BirthVariant(std::uint32_t date) {
        int y = static_cast<int>(date / 10000), m = static_cast<int>(date / 100 % 100),
            d = static_cast<int>(date % 100);
        if (Chance(o_.transposed_share) && d <= 12 && d != m) std::swap(m, d);
        char buf[48];
        switch (Int(0, 7)) {
            case 0: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d); break;
            case 1: std::snprintf(buf, sizeof buf, "%04d.%d.%d", y, m, d); break;
            case 2: std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", y, m, d); break;
            case 3: std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d); break;
            case 4: std::snprintf(buf, sizeof buf, "%02d%02d%02d", y % 100, m, d); break;
            case 5: std::snprintf(buf, sizeof buf, "%04d년 %d월 %d일", y, m, d); break;
            case 6: std::snprintf(buf, sizeof buf, "%02d년%d월%d일", y % 100, m, d); break;
            default: std::snprintf(buf, sizeof buf, "%04d. %02d. %02d.", y, m, d); break;
        }
        return buf;
    }

    void AddressOf(const Person& p, PersonRecord& r) {
        std::string a;
        double x = Uniform();
        a += x < 0.35 ? "부산광역시 " : x < 0.6 ? "부산시 " : x < 0.85 ? "부산 " : "";
        a += kDistricts[p.district];
        a += ' ';
        std::string road(kRoads[p.road]);
        if (p.side_street) road += (Chance(0.8) ? "" : " ") + std::to_string(p.side_street) + "번길";
        a += road;
        a += Chance(0.15) ? "" : " ";
        a += std::to_string(p.number);
        if (!p.unit.empty() && Chance(0.8)) a += (Chance(0.5) ? ", " : " ") + p.unit;
        if (Chance(0.25)) a += " (" + std::string(kDongs[p.dong]) + ", " + std::string(kBuildings[p.building]) + ")";
        r.address = std::move(a);
        if (Chance(0.7)) {
            // One postal code per building; some records still carry the old 6-digit one.
            std::uint32_t h =
                static_cast<std::uint32_t>(p.district * 7919 + p.road * 104729 + p.number * 31 + p.side_street);
            char buf[16];
            if (Chance(0.15)) {
                std::snprintf(buf, sizeof buf, Chance(0.5) ? "%03u-%03u" : "%03u%03u", 600 + h % 20, (h / 20) % 1000);
            } else {
                std::snprintf(buf, sizeof buf, "%05u", 46000 + h % 4000);
            }
            r.postal_code = buf;
        }
    }

    PersonRecord MakeRecord(const Person& p) {
        PersonRecord r;
        double s = Uniform();
        double name_p, phone_p, email_p, birth_p, address_p;
        // What each source keeps (docs/identity.md, "The generator's mix").
        if (s < 0.35) {
            // A web account: the sign-up form asks for the name and the e-mail address, and most shops
            // verify the mobile number (휴대폰 본인인증), which also gives the legal name.
            r.source = "web";
            name_p = 1, phone_p = 0.95, email_p = 0.95, birth_p = 0.6, address_p = 0.5;
        } else if (s < 0.8) {
            int merchant = Chance(0.6) ? p.favourite_merchant : Int(1, o_.merchants);
            r.source = "pos:mrc_" + std::to_string(merchant);
            if (Chance(0.5)) {
                // A membership row: the card, the name of the form, usually the mobile number, and the
                // birth date often (birthday coupons).
                r.card_no = p.card_prefix + std::to_string(merchant);
                name_p = 1, phone_p = 0.9, email_p = 0.1, birth_p = 0.4, address_p = 0.1;
            } else {
                // A counter customer without a card: the number typed for the points, often a name. At
                // the shop where the person is a member, the number finds the member and the name.
                name_p = merchant == p.favourite_merchant ? 1 : o_.counter_name_share;
                phone_p = 1, email_p = 0.05, birth_p = 0.1, address_p = 0.05;
            }
        } else {
            // A line of a legacy ledger: a name and a number, sometimes the ledger's own member number
            // (meaningless elsewhere), an address for deliveries.
            r.source = "import:" + std::string(Pick(kImports));
            name_p = 0.98, phone_p = 0.9, email_p = 0.3, birth_p = 0.6, address_p = 0.6;
            if (Chance(0.3)) r.card_no = "M-" + std::to_string(Int(1, 99999));
        }
        if (Chance(name_p)) r.name = NameVariant(p);
        if (Chance(phone_p)) r.phone = PhoneVariant(p.phone);
        if (!p.email.empty() && Chance(email_p)) {
            r.email = Chance(0.1) ? Upper(p.email) : p.email;
            if (Chance(0.05)) r.email = " " + r.email + " ";
        }
        if (r.phone.empty() && r.email.empty() && r.card_no.empty()) {
            // A customer record without any contact is not kept by any system: the counter asks for
            // the number or the card, the web for the e-mail address.
            if (r.source == "web" && !p.email.empty()) {
                r.email = p.email;
            } else {
                r.phone = PhoneVariant(p.phone);
            }
        }
        if (Chance(birth_p)) r.birth_date = BirthVariant(p.birth);
        if (Chance(address_p)) AddressOf(p, r);
        return r;
    }

    GenerateOptions o_;
    std::mt19937_64 rng_;
    NameForm name_form_ = NameForm::kMissing;  // of the last NameVariant
    std::vector<double> family_cdf_, first_cdf_, second_cdf_;
    std::unordered_set<std::string> emails_;  // given so far
};

}  // namespace

std::string_view NameFormName(NameForm form) {
    switch (form) {
        case NameForm::kPlain: return "plain";
        case NameForm::kSpaced: return "spaced";
        case NameForm::kDecomposed: return "decomposed";
        case NameForm::kRomanised: return "romanised";
        case NameForm::kTypo: return "typo";
        case NameForm::kMissing: break;
    }
    return "missing";
}

GeneratedRecords GenerateRecords(const GenerateOptions& options) {
    return Generator(options).Run();
}

}  // namespace jangteo::customers
