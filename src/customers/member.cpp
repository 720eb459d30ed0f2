#include "customers/member.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <unordered_map>

#include "core/csv.hpp"
#include "core/json.hpp"
#include "core/validate.hpp"
#include "platform/idempotency.hpp"

namespace jangteo::customers {

namespace json = core::json;

namespace {

constexpr std::size_t kChunk = 1000;

enum Column { kCard, kName, kPhone, kEmail, kBirth, kPostal, kAddress, kPoints, kJoined, kNote, kColumnCount };

struct ColumnName {
    Column column;
    std::string_view english;
    std::array<std::string_view, 3> korean;
};

constexpr std::array<ColumnName, kColumnCount> kColumns{{
    {kCard, "card_no", {"회원번호", "회원카드", "카드번호"}},
    {kName, "name", {"이름", "성명", "고객명"}},
    {kPhone, "phone", {"휴대폰", "전화번호", "연락처"}},
    {kEmail, "email", {"이메일", "메일", ""}},
    {kBirth, "birth_date", {"생년월일", "생일", ""}},
    {kPostal, "postal_code", {"우편번호", "", ""}},
    {kAddress, "address", {"주소", "", ""}},
    {kPoints, "points", {"포인트", "적립금", ""}},
    {kJoined, "joined_on", {"가입일", "가입일자", ""}},
    {kNote, "note", {"메모", "비고", ""}},
}};

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<Column> ColumnOf(std::string_view header) {
    std::string name(Trim(header));
    for (char& c : name) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    for (const auto& c : kColumns) {
        if (name == c.english) return c.column;
        for (auto k : c.korean) {
            if (!k.empty() && name == k) return c.column;
        }
    }
    return std::nullopt;
}

// YYYY-MM-DD from 2001-02-03, 2001.02.03, 2001/2/3 or 20010203; nullopt otherwise.
std::optional<std::string> DateOf(std::string_view text) {
    text = Trim(text);
    int parts[3] = {0, 0, 0};
    int index = 0, digits = 0;
    if (text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        parts[0] = std::stoi(std::string(text.substr(0, 4)));
        parts[1] = std::stoi(std::string(text.substr(4, 2)));
        parts[2] = std::stoi(std::string(text.substr(6, 2)));
    } else {
        for (char c : text) {
            if (c >= '0' && c <= '9') {
                parts[index] = parts[index] * 10 + (c - '0');
                if (++digits > (index == 0 ? 4 : 2)) return std::nullopt;
            } else if ((c == '-' || c == '.' || c == '/') && digits > 0 && index < 2) {
                ++index;
                digits = 0;
            } else if (c == '.' && index == 2) {
                break;  // "2001.02.03."
            } else {
                return std::nullopt;
            }
        }
        if (index != 2 || digits == 0) return std::nullopt;
    }
    std::chrono::year_month_day ymd{std::chrono::year(parts[0]), std::chrono::month(static_cast<unsigned>(parts[1])),
                                    std::chrono::day(static_cast<unsigned>(parts[2]))};
    if (parts[0] < 1900 || !ymd.ok()) return std::nullopt;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
    return std::string(buf);
}

struct Row {
    std::int64_t line = 0;
    Member m;
    std::string fingerprint;
};

const store::Sql kExistingSqlite{"customers.import_existing",
                                 "SELECT card_no, fingerprint FROM customers_members WHERE merchant_id = $1"
                                 " AND card_no IN (SELECT value FROM json_each($2))"};
const store::Sql kExistingPostgres{"customers.import_existing",
                                   "SELECT card_no, fingerprint FROM customers_members WHERE merchant_id = $1"
                                   " AND card_no IN (SELECT jsonb_array_elements_text($2::jsonb))"};
const store::Sql kInsertSqlite{
    "customers.import_members",
    "INSERT INTO customers_members (id, merchant_id, card_no, name, phone, email, birth_date, postal_code, address,"
    " points, joined_on, note, source, fingerprint, created_at_us) SELECT value ->> 0, $2, value ->> 1, value ->> 2,"
    " value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10,"
    " 'import', value ->> 11, $3 FROM json_each($1) WHERE true ON CONFLICT (merchant_id, card_no) DO NOTHING"};
const store::Sql kInsertPostgres{
    "customers.import_members",
    "INSERT INTO customers_members (id, merchant_id, card_no, name, phone, email, birth_date, postal_code, address,"
    " points, joined_on, note, source, fingerprint, created_at_us) SELECT (e ->> 0)::bigint, $2, e ->> 1, e ->> 2,"
    " e ->> 3, e ->> 4, e ->> 5, e ->> 6, e ->> 7, (e ->> 8)::bigint, e ->> 9, e ->> 10, 'import', e ->> 11, $3"
    " FROM jsonb_array_elements($1::jsonb) e ON CONFLICT (merchant_id, card_no) DO NOTHING"};
const store::Sql kByPhone{"customers.members_by_phone",
                          "SELECT id, card_no, name, phone, email, birth_date, postal_code, address, points,"
                          " joined_on, note, source, created_at_us FROM customers_members"
                          " WHERE merchant_id = $1 AND phone = $2 ORDER BY card_no LIMIT 20"};
const store::Sql kPage{"customers.members_page",
                       "SELECT id, card_no, name, phone, email, birth_date, postal_code, address, points,"
                       " joined_on, note, source, created_at_us FROM customers_members"
                       " WHERE merchant_id = $1 AND id > $2 ORDER BY id LIMIT $3"};

std::vector<Member> MembersOf(const store::Rows& rows) {
    std::vector<Member> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const store::RowView r = rows[i];
        out.push_back({.id = MemberId(r.Int(0)),
                       .card_no = r.Text(1),
                       .name = r.Text(2),
                       .phone = r.Text(3),
                       .email = r.Text(4),
                       .birth_date = r.Text(5),
                       .postal_code = r.Text(6),
                       .address = r.Text(7),
                       .points = r.Int(8),
                       .joined_on = r.Text(9),
                       .note = r.Text(10),
                       .source = r.Text(11),
                       .created_at = core::FromUnixMicros(r.Int(12))});
    }
    return out;
}

const store::Sql& Pick(store::Tx& tx, const store::Sql& sqlite, const store::Sql& postgres) {
    return tx.dialect() == store::Dialect::kSqlite ? sqlite : postgres;
}

using ColumnIndex = std::array<int, kColumnCount>;
struct HeaderColumns {
    ColumnIndex index;
    std::size_t width = 0;  // fields of the header row: every row has as many
};
constexpr core::CsvLimits kReaderLimits{.max_fields = 64, .max_field_bytes = 4096};

// The header row: which column is where; unknown columns are reported through `issue` and not read.
template <typename IssueFn>
core::Result<HeaderColumns> ReadHeader(core::CsvReader& reader, IssueFn&& issue) {
    auto header = reader.Next();
    if (!header || header->problem) {
        return core::Error::Invalid("invalid_file", "the file has no header row",
                                    {{"file", "no_header", "the first row names the columns"}});
    }
    ColumnIndex index;
    index.fill(-1);
    for (std::size_t i = 0; i < header->size(); ++i) {
        auto c = ColumnOf((*header)[i]);
        if (!c) {
            if (!Trim((*header)[i]).empty()) {
                issue(header->line, std::string((*header)[i]).substr(0, 40), "unknown_column",
                      "this column is not read");
            }
            continue;
        }
        if (index[*c] >= 0) {
            return core::Error::Invalid("invalid_file", "a column is named twice",
                                        {{std::string(kColumns[*c].english), "duplicate_column", "named twice"}});
        }
        index[*c] = static_cast<int>(i);
    }
    std::vector<core::FieldError> missing;
    for (Column c : {kCard, kName}) {
        if (index[c] < 0) {
            missing.push_back({std::string(kColumns[c].english), "missing_column",
                               "the file needs a column " + std::string(kColumns[c].english) + " (" +
                                   std::string(kColumns[c].korean[0]) + ")"});
        }
    }
    if (!missing.empty())
        return core::Error::Invalid("invalid_file", "required columns are missing", std::move(missing));
    return HeaderColumns{.index = index, .width = header->size()};
}

core::Result<core::DecodedText> Decode(std::string_view bytes, std::optional<core::TextEncoding> encoding) {
    auto decoded = encoding ? core::DecodeKoreanText(bytes, *encoding) : core::DecodeKoreanText(bytes);
    if (!decoded.ok()) {
        return core::Error::Invalid("invalid_file", "the file cannot be read as UTF-8 or CP949 text",
                                    {{"file", "undecodable_text", decoded.error().message}});
    }
    return decoded;
}

}  // namespace

core::Result<CheckedMemberFile> CheckMemberFile(std::string_view bytes, std::optional<core::TextEncoding> encoding) {
    if (bytes.empty()) {
        return core::Error::Invalid("invalid_file", "the file is empty", {{"file", "empty_file", "no bytes"}});
    }
    JANGTEO_TRY(core::DecodedText decoded, Decode(bytes, encoding));
    core::CsvReader reader(decoded.utf8, kReaderLimits);
    JANGTEO_TRY(HeaderColumns head, ReadHeader(reader, [](auto&&...) {}));
    (void)head;
    CheckedMemberFile file{.encoding = decoded.encoding};
    while (auto record = reader.Next()) {
        if (record->Blank()) continue;
        if (++file.rows > kMaxMemberRows) {
            return core::Error::Invalid("invalid_file", "the file has too many rows",
                                        {{"file", "too_many_rows", "at most 2,000,000 members in one file: split it"}});
        }
    }
    if (file.rows == 0) {
        return core::Error::Invalid("invalid_file", "the file has no rows below its header",
                                    {{"file", "no_rows", "a header and nothing else"}});
    }
    file.utf8 = std::move(decoded.utf8);
    return file;
}

core::Result<MemberImportSummary> MemberStore::Import(platform::MerchantId merchant, std::string_view bytes,
                                                      const MemberImportOptions& options) {
    JANGTEO_TRY(core::DecodedText decoded_text, Decode(bytes, options.encoding));
    const core::DecodedText* decoded = &decoded_text;
    MemberImportSummary summary;
    summary.encoding = std::string(core::TextEncodingName(decoded->encoding));
    auto issue = [&](std::int64_t line, std::string_view field, std::string_view code, std::string message) {
        ++summary.issues;
        if (options.on_issue) options.on_issue({line, std::string(field), std::string(code), std::move(message)});
    };
    core::CsvReader reader(decoded->utf8, kReaderLimits);
    JANGTEO_TRY(HeaderColumns head, ReadHeader(reader, issue));
    const ColumnIndex& index = head.index;

    auto cell = [&](const core::CsvRecord& r, Column c) -> std::string_view {
        int i = index[c];
        return i >= 0 && static_cast<std::size_t>(i) < r.size() ? Trim(core::UnprotectCsvText(r[i]))
                                                                : std::string_view();
    };
    std::vector<Row> rows;
    std::unordered_map<std::string, std::int64_t> line_of_card;
    while (auto record = reader.Next()) {
        if (record->Blank()) continue;
        if (++summary.rows > kMaxMemberRows) {
            return core::Error::Invalid("invalid_file", "the file has too many rows",
                                        {{"file", "too_many_rows", "at most 2,000,000 members in one file: split it"}});
        }
        const std::int64_t line = record->line;
        bool bad = false;
        auto fail = [&](std::string_view field, std::string_view code, std::string message) {
            issue(line, field, code, std::move(message));
            bad = true;
        };
        if (record->problem) {
            fail("file", record->problem->code, record->problem->message);
        } else if (record->size() != head.width) {
            fail("file", "wrong_column_count",
                 "the row has " + std::to_string(record->size()) + " fields, the header " + std::to_string(head.width));
        }
        Row row{.line = line};
        Member& m = row.m;
        if (!bad) {
            m.card_no = std::string(cell(*record, kCard));
            if (m.card_no.empty() || m.card_no.size() > 40 ||
                !std::all_of(m.card_no.begin(), m.card_no.end(), [](char c) { return c > ' ' && c <= '~'; })) {
                fail("card_no", m.card_no.empty() ? "required" : "invalid_card_no",
                     "the member number: up to 40 printable ASCII characters");
            } else if (auto [it, fresh] = line_of_card.try_emplace(m.card_no, line); !fresh) {
                fail("card_no", "duplicate_card_no", "the same member number is on line " + std::to_string(it->second));
            }
            auto name = core::NormalizeText(cell(*record, kName), "name", {.max_code_points = 50});
            if (name.ok()) {
                m.name = std::move(*name);
            } else {
                fail("name", name.error().fields.at(0).code, "the member's name, up to 50 characters");
            }
            if (auto p = cell(*record, kPhone); !p.empty()) {
                auto phone = core::NormalizeKoreanMobile(p);
                if (phone) {
                    m.phone = *phone;
                } else {
                    fail("phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678");
                }
            }
            if (auto e = cell(*record, kEmail); !e.empty()) {
                std::string email(e);
                for (char& c : email) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
                auto at = email.find('@');
                if (email.size() > 254 || at == std::string::npos || at == 0 ||
                    email.find('.', at) == std::string::npos || email.find(' ') != std::string::npos) {
                    fail("email", "invalid_email", "an email address such as name@example.kr");
                } else {
                    m.email = std::move(email);
                }
            }
            if (auto b = cell(*record, kBirth); !b.empty()) {
                if (auto d = DateOf(b)) {
                    m.birth_date = *d;
                } else {
                    fail("birth_date", "invalid_date", "a date such as 1985-03-14 or 19850314");
                }
            }
            if (auto j = cell(*record, kJoined); !j.empty()) {
                if (auto d = DateOf(j)) {
                    m.joined_on = *d;
                } else {
                    fail("joined_on", "invalid_date", "a date such as 2019-07-01");
                }
            }
            if (auto pc = cell(*record, kPostal); !pc.empty()) {
                if (pc.size() == 5 && std::all_of(pc.begin(), pc.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                    m.postal_code = std::string(pc);
                } else {
                    fail("postal_code", "invalid_postal_code", "five digits (the 2015 postal code)");
                }
            }
            auto address =
                core::NormalizeText(cell(*record, kAddress), "address", {.max_code_points = 300, .required = false});
            if (address.ok()) {
                m.address = std::move(*address);
            } else {
                fail("address", "invalid_text", "up to 300 characters");
            }
            auto note = core::NormalizeText(cell(*record, kNote), "note", {.max_code_points = 500, .required = false});
            if (note.ok()) {
                m.note = std::move(*note);
            } else {
                fail("note", "invalid_text", "up to 500 characters");
            }
            if (auto pts = cell(*record, kPoints); !pts.empty()) {
                std::string digits;
                for (char c : pts) {
                    if (c != ',') digits.push_back(c);
                }
                if (digits.empty() || digits.size() > 12 ||
                    !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                    fail("points", "invalid_points", "a whole number of points, 0 or more");
                } else {
                    m.points = std::stoll(digits);
                }
            }
        }
        if (bad) {
            ++summary.bad_rows;
            continue;
        }
        std::string text;
        for (const std::string* f : {&m.card_no, &m.name, &m.phone, &m.email, &m.birth_date, &m.postal_code, &m.address,
                                     &m.joined_on, &m.note}) {
            text += *f;
            text.push_back('\x1f');
        }
        text += std::to_string(m.points);
        row.fingerprint = platform::RequestHash(text);
        rows.push_back(std::move(row));
    }

    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    for (std::size_t start = 0; start < rows.size(); start += kChunk) {
        std::size_t end = std::min(rows.size(), start + kChunk);
        json::array cards;
        for (std::size_t i = start; i < end; ++i) cards.emplace_back(rows[i].m.card_no);
        std::string card_text = core::ToJson(cards);
        MemberImportSummary before = summary;
        auto chunk = [&](store::Tx& tx) -> core::Status {
            summary = before;
            JANGTEO_TRY(store::Rows existing, tx.Query(Pick(tx, kExistingSqlite, kExistingPostgres),
                                                       {merchant.key(), std::string_view(card_text)}));
            std::unordered_map<std::string, std::string> print_of;
            for (std::size_t i = 0; i < existing.size(); ++i)
                print_of.emplace(existing[i].Text(0), existing[i].Text(1));
            json::array fresh;
            for (std::size_t i = start; i < end; ++i) {
                const Row& r = rows[i];
                if (auto it = print_of.find(r.m.card_no); it != print_of.end()) {
                    if (it->second == r.fingerprint) {
                        ++summary.already;
                    } else {
                        ++summary.changed;
                        issue(r.line, "card_no", "member_changed",
                              "member " + r.m.card_no + " was imported before with other data: left as it was");
                    }
                    continue;
                }
                const Member& m = r.m;
                fresh.push_back(json::array{MemberId::New(random_).key(), m.card_no, m.name, m.phone, m.email,
                                            m.birth_date, m.postal_code, m.address, m.points, m.joined_on, m.note,
                                            r.fingerprint});
                ++summary.imported;
            }
            if (!options.dry_run && !fresh.empty()) {
                std::string text = core::ToJson(fresh);
                JANGTEO_TRY(std::int64_t n, tx.Exec(Pick(tx, kInsertSqlite, kInsertPostgres),
                                                    {std::string_view(text), merchant.key(), now}));
                if (n != static_cast<std::int64_t>(fresh.size())) {
                    return core::Error::Conflict("import_raced", "the same members are being imported elsewhere");
                }
            }
            return {};
        };
        JANGTEO_TRY_STATUS(options.dry_run ? db_.Read(chunk) : db_.Write(chunk));
        if (options.on_progress) options.on_progress(static_cast<std::int64_t>(end));
    }
    return summary;
}

core::Result<std::vector<Member>> MemberStore::FindByPhone(platform::MerchantId merchant, std::string_view phone) {
    return db_.Read([&](store::Tx& tx) { return FindByPhoneInTx(tx, merchant, phone); });
}

core::Result<std::vector<Member>> MemberStore::FindByPhoneInTx(store::Tx& tx, platform::MerchantId merchant,
                                                               std::string_view phone) {
    auto normal = core::NormalizeKoreanMobile(phone);
    if (!normal) {
        return core::Error::Invalid("invalid_phone", "not a mobile number",
                                    {{"phone", "invalid_phone", "a Korean mobile number such as 010-1234-5678"}});
    }
    JANGTEO_TRY(store::Rows rows, tx.Query(kByPhone, {merchant.key(), std::string_view(*normal)}));
    return MembersOf(rows);
}

core::Result<std::vector<Member>> MemberStore::PageInTx(store::Tx& tx, platform::MerchantId merchant,
                                                        std::int64_t after_key, int limit) {
    JANGTEO_TRY(store::Rows rows,
                tx.Query(kPage, {merchant.key(), after_key, std::int64_t{std::clamp(limit, 1, 5000)}}));
    return MembersOf(rows);
}

}  // namespace jangteo::customers
