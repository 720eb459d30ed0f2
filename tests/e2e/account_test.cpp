// The bad input of issue 3 and the account flows, over real HTTP on SQLite and PostgreSQL: each
// refused request gets its 4xx problem answer (type /problems/<reason>, status, and errors[] with
// field and code where a field is at fault), and a read afterwards shows that it changed nothing.
//   - sign-up: invalid email, weak, common and identity passwords, missing fields, a taken email;
//   - sign-in: wrong passwords, then 429 with Retry-After for the account, the right password too;
//   - the session: /me with and without it, sign-out, my sessions and revoking one, a missing or
//     wrong CSRF token on every kind of state-changing call;
//   - change of password, and the password reset by mail with its reused and weak-password refusals;
//   - merchant applications with bad business numbers, districts and industries, missing fields and
//     a taken business number; the operator's decisions; a suspended merchant's staff;
//   - invitations with unknown, used and revoked tokens; API keys with unknown scopes and a secret
//     that is shown once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "world.hpp"

namespace jangteo::testing {
namespace {

namespace json = core::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kNewPassword = "해운대모래사장의아침";

// Checks the problem answer: status, content type, type "/problems/<reason>", the status in the body,
// and, when `fields` is given, exactly these (field, code) entries of errors[] in order.
void ExpectProblem(const HttpResponse& r, int status, std::string_view reason,
                   const std::optional<Fields>& fields = std::nullopt) {
    SCOPED_TRACE(r.body);
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.Header("content-type").value_or(""), "application/problem+json");
    json::value body;
    try {
        body = r.Json();
    } catch (...) {
        ADD_FAILURE() << "no JSON body";
        return;
    }
    std::string type = "/problems/";
    type.append(reason);
    EXPECT_EQ(body.at("type").as_string(), type);
    EXPECT_EQ(body.at("status").to_number<int>(), status);
    EXPECT_FALSE(body.at("detail").as_string().empty());
    if (!fields) return;
    Fields got;
    if (const json::value* errors = body.as_object().if_contains("errors")) {
        for (const auto& e : errors->as_array()) {
            got.emplace_back(std::string(e.at("field").as_string()), std::string(e.at("code").as_string()));
            EXPECT_FALSE(e.at("message").as_string().empty());
        }
    }
    EXPECT_EQ(got, *fields);
}

HttpResponse SignUpRaw(World& w, const json::object& body) {
    return w.Anonymous("POST", "/api/v1/users", core::ToJson(body));
}

HttpResponse SignInRaw(World& w, std::string_view email, std::string_view password) {
    return w.Anonymous("POST", "/api/v1/sessions",
                       core::ToJson(json::object{{"email", email}, {"password", password}}));
}

// A person whose state-changing calls carry no CSRF token.
Person WithoutCsrf(Person p) {
    p.csrf.clear();
    return p;
}

std::size_t Items(World& w, const Person& who, const std::string& target) {
    HttpResponse r = w.Call(who, "GET", target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    if (r.status != 200) return 0;
    return r.Json().at("items").as_array().size();
}

// The operator's audit events of `action`.
std::size_t AuditEvents(World& w, const std::string& action) {
    return Items(w, w.admin(), "/api/v1/operator/audit-events?limit=200&action=" + action);
}

// Mails in the outbox folder to `email`.
int MailsTo(World& w, const std::string& email) {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(w.mail_dir())) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto parsed = core::ParseJsonObject(text);
        if (parsed.ok() && parsed->at("to").as_string() == email) ++n;
    }
    return n;
}

json::object Application(const std::string& business_number) {
    return json::object{{"name_ko", "광안리 바다횟집"},
                        {"name_en", "Gwangalli Sea Sashimi"},
                        {"business_number", business_number},
                        {"representative", "김대표"},
                        {"industry_code", "seafood"},
                        {"district_code", "26500"},
                        {"address", "부산 수영구 광안해변로 219"},
                        {"phone", "051-754-1234"}};
}

class AccountTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        world_ = std::make_unique<World>(GetParam());
        if (!world_->ok()) JANGTEO_NEED_POSTGRES(world_->why());
    }
    std::unique_ptr<World> world_;
};

TEST_P(AccountTest, SignUpRefusesBadInputAndATakenEmailAndWritesNothing) {
    World& w = *world_;
    auto body = [](std::string email, std::string password) {
        return json::object{{"email", email}, {"name", "정소라"}, {"password", password}};
    };
    ExpectProblem(SignUpRaw(w, body("sora at example.kr", std::string(kNewPassword))), 422, "invalid_sign_up",
                  Fields{{"email", "invalid_email"}});
    ExpectProblem(SignUpRaw(w, body("sora@example.kr", "부산바다")), 422, "invalid_sign_up",
                  Fields{{"password", "password_too_short"}});
    ExpectProblem(SignUpRaw(w, body("sora@example.kr", "password1234")), 422, "invalid_sign_up",
                  Fields{{"password", "password_too_common"}});
    ExpectProblem(SignUpRaw(w, body("sora@example.kr", "부부부부부부부부부부")), 422, "invalid_sign_up",
                  Fields{{"password", "password_too_simple"}});
    ExpectProblem(SignUpRaw(w, body("sora.jung@example.kr", "sora.jung부산광안리")), 422, "invalid_sign_up",
                  Fields{{"password", "password_contains_identity"}});
    ExpectProblem(SignUpRaw(w, json::object{{"email", "sora@example.kr"},
                                            {"name", "정소라"},
                                            {"mobile", "02-123-4567"},
                                            {"password", std::string(kNewPassword)}}),
                  422, "invalid_sign_up", Fields{{"mobile", "invalid_mobile"}});
    // Everything missing: every field at once.
    ExpectProblem(SignUpRaw(w, json::object{}), 422, "invalid_sign_up",
                  Fields{{"email", "required"}, {"name", "required"}, {"password", "required"}});
    // Everything wrong: every field at once too.
    ExpectProblem(SignUpRaw(w, json::object{{"email", "x"}, {"name", " "}, {"password", "x"}}), 422, "invalid_sign_up",
                  Fields{{"email", "invalid_email"}, {"name", "required"}, {"password", "password_too_short"}});
    // None of them made an account.
    ExpectProblem(SignInRaw(w, "sora@example.kr", kNewPassword), 401, "bad_credentials");
    EXPECT_EQ(AuditEvents(w, "user.signed_up"), 0u);

    // A second account with the same email, in another case: 409, and the first keeps its password.
    Person sora = w.SignUp("sora@example.kr", "정소라");
    ExpectProblem(SignUpRaw(w, body(" SORA@Example.KR", std::string(kNewPassword))), 409, "email_taken",
                  Fields{{"email", "email_taken"}});
    EXPECT_EQ(SignInRaw(w, "sora@example.kr", kTestPassword).status, 201);
    ExpectProblem(SignInRaw(w, "sora@example.kr", kNewPassword), 401, "bad_credentials");
    EXPECT_EQ(AuditEvents(w, "user.signed_up"), 1u);
    HttpResponse me = w.Call(sora, "GET", "/api/v1/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.Json().at("user").at("name").as_string(), "정소라");
}

TEST_P(AccountTest, SignInFailuresEndInATooManyRequestsAnswerWithRetryAfter) {
    World& w = *world_;
    Person minsu = w.SignUp("minsu@example.kr", "김민수");
    Person jiwon = w.SignUp("jiwon@example.kr", "이지원");
    ExpectProblem(SignInRaw(w, "nobody@example.kr", kTestPassword), 401, "bad_credentials");
    for (int i = 0; i < 10; ++i) {
        // The account however it is typed.
        std::string wrong = "틀린비밀번호입니다";
        wrong.append(std::to_string(i));
        ExpectProblem(SignInRaw(w, i % 2 ? "minsu@example.kr" : "Minsu@Example.kr ", wrong), 401, "bad_credentials");
    }
    for (std::string_view password : {std::string_view("또틀린비밀번호입니다"), kTestPassword}) {
        HttpResponse limited = SignInRaw(w, "minsu@example.kr", password);
        ExpectProblem(limited, 429, "rate_limited");
        std::string retry = limited.Header("retry-after").value_or("");
        ASSERT_FALSE(retry.empty());
        ASSERT_EQ(retry.find_first_not_of("0123456789"), std::string::npos) << retry;
        const int seconds = std::stoi(retry);
        EXPECT_GE(seconds, 1);
        EXPECT_LE(seconds, 15 * 60);
        EXPECT_FALSE(limited.Header("set-cookie").has_value());
    }
    // The limit is the account's: another account from the same address signs in, and the limited
    // account's existing session goes on working.
    EXPECT_EQ(SignInRaw(w, "jiwon@example.kr", kTestPassword).status, 201);
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 200);
    (void)jiwon;
    EXPECT_EQ(AuditEvents(w, "user.sign_in_failed"), 11u);
    EXPECT_EQ(AuditEvents(w, "user.signed_in"), 2u);  // the admin's, and jiwon's
}

TEST_P(AccountTest, TheSessionCookieMeAndSignOut) {
    World& w = *world_;
    ExpectProblem(w.Anonymous("GET", "/api/v1/me"), 401, "not_signed_in");
    Person stranger{.cookie = "jangteo_session=not-a-session"};
    ExpectProblem(w.Call(stranger, "GET", "/api/v1/me"), 401, "session_invalid");

    w.SignUp("minsu@example.kr", "김민수");
    HttpResponse in = SignInRaw(w, "minsu@example.kr", kTestPassword);
    ASSERT_EQ(in.status, 201) << in.body;
    std::string set_cookie = in.Header("set-cookie").value_or("");
    EXPECT_TRUE(set_cookie.starts_with("jangteo_session=")) << set_cookie;
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; SameSite=Lax"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
    EXPECT_EQ(in.Header("cache-control").value_or(""), "no-store");
    Person minsu;
    minsu.cookie = set_cookie.substr(0, set_cookie.find(';'));
    minsu.csrf = std::string(in.Json().at("csrf_token").as_string());
    const std::string session_id(in.Json().at("session").at("id").as_string());

    HttpResponse me = w.Call(minsu, "GET", "/api/v1/me");
    ASSERT_EQ(me.status, 200) << me.body;
    json::value mine = me.Json();
    EXPECT_EQ(mine.at("user").at("email").as_string(), "minsu@example.kr");
    EXPECT_EQ(mine.at("csrf_token").as_string(), minsu.csrf);
    EXPECT_EQ(mine.at("session").at("id").as_string(), session_id);
    EXPECT_EQ(mine.at("operator_admin").as_bool(), false);
    EXPECT_TRUE(mine.at("memberships").as_array().empty());
    EXPECT_EQ(me.Header("cache-control").value_or(""), "no-store");
    EXPECT_EQ(w.Call(w.admin(), "GET", "/api/v1/me").Json().at("operator_admin").as_bool(), true);

    // Signing out without the CSRF token is refused and the session lives on.
    ExpectProblem(w.Call(WithoutCsrf(minsu), "DELETE", "/api/v1/sessions/current"), 403, "csrf_failed");
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 200);

    HttpResponse out = w.Call(minsu, "DELETE", "/api/v1/sessions/current");
    EXPECT_EQ(out.status, 204) << out.body;
    std::string cleared = out.Header("set-cookie").value_or("");
    EXPECT_TRUE(cleared.starts_with("jangteo_session=;")) << cleared;
    EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
    ExpectProblem(w.Call(minsu, "GET", "/api/v1/me"), 401, "session_invalid");
    ExpectProblem(w.Call(minsu, "DELETE", "/api/v1/sessions/current"), 401, "session_invalid");
    EXPECT_EQ(AuditEvents(w, "user.signed_out"), 1u);
}

TEST_P(AccountTest, MySessionsMarkTheCurrentOneAndRevokingOneSignsItOut) {
    World& w = *world_;
    Person laptop = w.SignUp("minsu@example.kr", "김민수");
    Person phone = w.SignIn("minsu@example.kr", std::string(kTestPassword));
    Person jiwon = w.SignUp("jiwon@example.kr", "이지원");

    HttpResponse list = w.Call(laptop, "GET", "/api/v1/me/sessions");
    ASSERT_EQ(list.status, 200) << list.body;
    json::value items = list.Json().at("items");
    ASSERT_EQ(items.as_array().size(), 2u);
    std::string laptop_id, phone_id;
    for (const auto& s : items.as_array()) {
        if (s.at("current").as_bool()) {
            EXPECT_TRUE(laptop_id.empty()) << "one current session";
            laptop_id = std::string(s.at("id").as_string());
        } else {
            phone_id = std::string(s.at("id").as_string());
        }
        EXPECT_EQ(s.at("client_address").as_string(), "127.0.0.1");
    }
    ASSERT_FALSE(laptop_id.empty());
    ASSERT_FALSE(phone_id.empty());
    HttpResponse jiwons = w.Call(jiwon, "GET", "/api/v1/me/sessions");
    ASSERT_EQ(jiwons.status, 200);
    const std::string jiwon_id(jiwons.Json().at("items").as_array().at(0).at("id").as_string());

    // Another user's session, an unknown one, and one without the CSRF token: refused, nothing ends.
    ExpectProblem(w.Call(laptop, "DELETE", "/api/v1/me/sessions/" + jiwon_id), 404, "session_not_found");
    ExpectProblem(w.Call(laptop, "DELETE", "/api/v1/me/sessions/ses_0000000000001"), 404, "session_not_found");
    ExpectProblem(w.Call(WithoutCsrf(laptop), "DELETE", "/api/v1/me/sessions/" + phone_id), 403, "csrf_failed");
    EXPECT_EQ(w.Call(jiwon, "GET", "/api/v1/me").status, 200);
    EXPECT_EQ(w.Call(phone, "GET", "/api/v1/me").status, 200);

    HttpResponse revoked = w.Call(laptop, "DELETE", "/api/v1/me/sessions/" + phone_id);
    EXPECT_EQ(revoked.status, 204) << revoked.body;
    EXPECT_FALSE(revoked.Header("set-cookie").has_value()) << "the current cookie stays";
    ExpectProblem(w.Call(phone, "GET", "/api/v1/me"), 401, "session_invalid");
    EXPECT_EQ(w.Call(laptop, "GET", "/api/v1/me").status, 200);
    EXPECT_EQ(Items(w, laptop, "/api/v1/me/sessions"), 1u);

    // Revoking the current one signs this browser out and clears its cookie.
    HttpResponse self = w.Call(laptop, "DELETE", "/api/v1/me/sessions/" + laptop_id);
    EXPECT_EQ(self.status, 204);
    EXPECT_NE(self.Header("set-cookie").value_or("").find("Max-Age=0"), std::string::npos);
    ExpectProblem(w.Call(laptop, "GET", "/api/v1/me"), 401, "session_invalid");
}

TEST_P(AccountTest, ChangingThePasswordSignsTheOtherSessionsOut) {
    World& w = *world_;
    Person here = w.SignUp("minsu@example.kr", "김민수");
    Person elsewhere = w.SignIn("minsu@example.kr", std::string(kTestPassword));
    const std::string target = "/api/v1/me/password";
    auto change = [](std::string_view current, std::string_view next) {
        return core::ToJson(json::object{{"current_password", current}, {"new_password", next}});
    };

    ExpectProblem(w.Call(here, "PUT", target, change("틀린현재비밀번호입니다", kNewPassword)), 422, "wrong_password",
                  Fields{{"current_password", "wrong_password"}});
    ExpectProblem(w.Call(here, "PUT", target, change(kTestPassword, "짧은암호")), 422, "invalid_password",
                  Fields{{"new_password", "password_too_short"}});
    ExpectProblem(w.Call(here, "PUT", target, change(kTestPassword, "minsu부산바다광안리")), 422, "invalid_password",
                  Fields{{"new_password", "password_contains_identity"}});
    ExpectProblem(w.Call(here, "PUT", target, core::ToJson(json::object{{"current_password", kTestPassword}})), 422,
                  "missing_field", Fields{{"new_password", "required"}});
    ExpectProblem(w.Call(WithoutCsrf(here), "PUT", target, change(kTestPassword, kNewPassword)), 403, "csrf_failed");
    // Nothing changed: the other session works and the old password signs in.
    EXPECT_EQ(w.Call(elsewhere, "GET", "/api/v1/me").status, 200);
    EXPECT_EQ(SignInRaw(w, "minsu@example.kr", kTestPassword).status, 201);
    EXPECT_EQ(AuditEvents(w, "user.password_changed"), 0u);

    HttpResponse changed = w.Call(here, "PUT", target, change(kTestPassword, kNewPassword));
    EXPECT_EQ(changed.status, 204) << changed.body;
    EXPECT_EQ(w.Call(here, "GET", "/api/v1/me").status, 200);
    ExpectProblem(w.Call(elsewhere, "GET", "/api/v1/me"), 401, "session_invalid");
    ExpectProblem(SignInRaw(w, "minsu@example.kr", kTestPassword), 401, "bad_credentials");
    EXPECT_EQ(SignInRaw(w, "minsu@example.kr", kNewPassword).status, 201);
    EXPECT_EQ(AuditEvents(w, "user.password_changed"), 1u);
}

TEST_P(AccountTest, PasswordResetByMail) {
    World& w = *world_;
    Person minsu = w.SignUp("minsu@example.kr", "김민수");
    auto request = [&](std::string_view email) {
        return w.Anonymous("POST", "/api/v1/password-resets", core::ToJson(json::object{{"email", email}}));
    };
    auto confirm = [&](std::string_view token, std::string_view password) {
        return w.Anonymous("POST", "/api/v1/password-resets/confirm",
                           core::ToJson(json::object{{"token", token}, {"new_password", password}}));
    };

    ExpectProblem(request("not an email"), 422, "invalid_email", Fields{{"email", "invalid_email"}});
    HttpResponse unknown = request("nobody@example.kr");
    EXPECT_EQ(unknown.status, 202) << unknown.body;
    HttpResponse known = request("minsu@example.kr");
    EXPECT_EQ(known.status, 202) << known.body;
    EXPECT_EQ(known.body, unknown.body) << "the answer tells nobody who has an account";
    std::string token = w.WaitForToken("minsu@example.kr", "/reset-password#token=");
    ASSERT_EQ(token.size(), 43u);
    EXPECT_EQ(MailsTo(w, "nobody@example.kr"), 0);

    // Refused confirmations change nothing: the old password still works, the token too.
    ExpectProblem(confirm(token, "짧은암호"), 422, "invalid_password", Fields{{"new_password", "password_too_short"}});
    ExpectProblem(confirm(token, "password1234"), 422, "invalid_password",
                  Fields{{"new_password", "password_too_common"}});
    ExpectProblem(confirm("not-a-token", kNewPassword), 422, "reset_token_invalid",
                  Fields{{"token", "reset_token_invalid"}});
    ExpectProblem(confirm(std::string(43, 'A'), kNewPassword), 422, "reset_token_invalid",
                  Fields{{"token", "reset_token_invalid"}});
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 200);
    Person later = w.SignIn("minsu@example.kr", std::string(kTestPassword));

    HttpResponse done = confirm(token, kNewPassword);
    EXPECT_EQ(done.status, 204) << done.body;
    // The token works once; every session of the user has ended; the new password signs in.
    ExpectProblem(confirm(token, "또다른새비밀번호입니다"), 422, "reset_token_invalid",
                  Fields{{"token", "reset_token_invalid"}});
    ExpectProblem(w.Call(minsu, "GET", "/api/v1/me"), 401, "session_invalid");
    ExpectProblem(w.Call(later, "GET", "/api/v1/me"), 401, "session_invalid");
    ExpectProblem(SignInRaw(w, "minsu@example.kr", kTestPassword), 401, "bad_credentials");
    EXPECT_EQ(SignInRaw(w, "minsu@example.kr", kNewPassword).status, 201);
    EXPECT_EQ(AuditEvents(w, "user.password_reset"), 1u);
}

TEST_P(AccountTest, MerchantApplicationsRefuseBadInputAndATakenBusinessNumber) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    Person other = w.SignUp("other@example.kr", "박사장");
    const std::string target = "/api/v1/merchants";
    auto apply = [&](const Person& who, json::object body) { return w.Call(who, "POST", target, body); };

    json::object bad_digit = Application("220-81-62518");
    ExpectProblem(apply(owner, bad_digit), 422, "invalid_merchant",
                  Fields{{"business_number", "business_number_check_digit"}});
    ExpectProblem(apply(owner, Application("220-81-6251")), 422, "invalid_merchant",
                  Fields{{"business_number", "business_number_length"}});
    json::object elsewhere = Application("220-81-62517");
    elsewhere["district_code"] = "11110";  // Jongno-gu, Seoul: not of this region
    elsewhere["industry_code"] = "spaceships";
    ExpectProblem(apply(owner, elsewhere), 422, "invalid_merchant",
                  Fields{{"industry_code", "unknown_industry"}, {"district_code", "unknown_district"}});
    ExpectProblem(apply(owner, json::object{}), 422, "invalid_merchant",
                  Fields{{"name_ko", "required"},
                         {"business_number", "required"},
                         {"representative", "required"},
                         {"industry_code", "required"},
                         {"district_code", "required"},
                         {"address", "required"},
                         {"phone", "required"}});
    ExpectProblem(w.Call(WithoutCsrf(owner), "POST", target, Application("220-81-62517")), 403, "csrf_failed");
    // Nothing was written.
    EXPECT_EQ(Items(w, w.admin(), "/api/v1/operator/merchants"), 0u);
    EXPECT_TRUE(w.Call(owner, "GET", "/api/v1/me").Json().at("memberships").as_array().empty());
    EXPECT_EQ(AuditEvents(w, "merchant.applied"), 0u);

    // One live merchant per business number, whoever applies, however it is written.
    HttpResponse first = apply(owner, Application("220-81-62517"));
    ASSERT_EQ(first.status, 201) << first.body;
    ExpectProblem(apply(other, Application("2208162517")), 409, "business_number_taken",
                  Fields{{"business_number", "business_number_taken"}});
    EXPECT_EQ(Items(w, w.admin(), "/api/v1/operator/merchants"), 1u);
    EXPECT_TRUE(w.Call(other, "GET", "/api/v1/me").Json().at("memberships").as_array().empty());
}

TEST_P(AccountTest, OperatorDecisionsAndASuspendedMerchantsStaff) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    Person staff = w.SignUp("staff@example.kr", "이직원");
    std::string shop = w.Apply(owner, "광안리 바다횟집", "2208162517");
    ASSERT_FALSE(shop.empty());
    const std::string status = "/api/v1/operator/merchants/" + shop + "/status";
    auto history = [&] {
        HttpResponse r = w.Call(w.admin(), "GET", "/api/v1/operator/merchants/" + shop);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? r.Json().at("history").as_array().size() : 0;
    };

    ExpectProblem(w.Call(w.admin(), "POST", status, json::object{{"status", "rejected"}}), 422, "invalid_reason",
                  Fields{{"reason", "required"}});
    ExpectProblem(w.Call(w.admin(), "POST", status, json::object{{"status", "rejected"}, {"reason", "  "}}), 422,
                  "invalid_reason", Fields{{"reason", "required"}});
    ExpectProblem(w.Call(w.admin(), "POST", status, json::object{{"status", "deleted"}}), 422, "invalid_status",
                  Fields{{"status", "invalid_status"}});
    ExpectProblem(w.Call(owner, "POST", status, json::object{{"status", "approved"}}), 403, "operator_only");
    ExpectProblem(w.Call(WithoutCsrf(w.admin()), "POST", status, json::object{{"status", "approved"}}), 403,
                  "csrf_failed");
    EXPECT_EQ(history(), 1u);
    ExpectProblem(w.Call(owner, "GET", "/api/v1/merchants/" + shop + "/members"), 403, "merchant_inactive");

    HttpResponse approved = w.Call(w.admin(), "POST", status, json::object{{"status", "approved"}});
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(approved.Json().at("status").as_string(), "approved");
    ExpectProblem(w.Call(w.admin(), "POST", status, json::object{{"status", "approved"}}), 409, "invalid_transition");
    EXPECT_EQ(history(), 2u);

    // A suspended merchant's staff cannot work, nor can its owner invite; nothing is changed.
    w.AddStaff(owner, shop, staff);
    w.SetStatus(shop, "suspended", "위생 점검");
    const std::string base = "/api/v1/merchants/" + shop;
    ExpectProblem(w.Call(staff, "GET", base + "/members"), 403, "merchant_inactive");
    ExpectProblem(w.Call(owner, "POST", base + "/invitations", json::object{{"email", "new@example.kr"}}), 403,
                  "merchant_inactive");
    ExpectProblem(
        w.Call(owner, "POST", base + "/api-keys", json::object{{"name", "POS"}, {"scopes", json::array{"pos"}}}), 403,
        "merchant_inactive");
    EXPECT_EQ(history(), 3u);
    w.SetStatus(shop, "approved");
    EXPECT_EQ(history(), 4u);
    EXPECT_EQ(Items(w, staff, base + "/members"), 2u);
    EXPECT_EQ(Items(w, owner, base + "/invitations"), 1u);  // the staff member's, accepted
    EXPECT_EQ(Items(w, owner, base + "/api-keys"), 0u);
}

TEST_P(AccountTest, InvitationsRefuseUnknownUsedAndRevokedTokens) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    Person jiwon = w.SignUp("jiwon@example.kr", "이지원");
    Person daeho = w.SignUp("daeho@example.kr", "최대호");
    std::string shop = w.ApprovedMerchant(owner, "광안리 바다횟집", "2208162517");
    const std::string base = "/api/v1/merchants/" + shop;
    auto accept = [&](const Person& who, std::string_view token) {
        return w.Call(who, "POST", "/api/v1/invitations/accept", json::object{{"token", token}});
    };
    auto lookup = [&](std::string_view token) {
        return w.Anonymous("POST", "/api/v1/invitations/lookup", core::ToJson(json::object{{"token", token}}));
    };

    ExpectProblem(w.Call(owner, "POST", base + "/invitations", json::object{{"email", "not an email"}}), 422,
                  "invalid_email", Fields{{"email", "invalid_email"}});
    ExpectProblem(w.Call(owner, "POST", base + "/invitations", json::object{{"email", "OWNER@example.kr"}}), 409,
                  "already_member", Fields{{"email", "already_member"}});
    ExpectProblem(
        w.Call(owner, "POST", base + "/invitations", json::object{{"email", "x@example.kr"}, {"role", "boss"}}), 422,
        "invalid_role", Fields{{"role", "invalid_role"}});
    ExpectProblem(w.Call(WithoutCsrf(owner), "POST", base + "/invitations", json::object{{"email", "x@example.kr"}}),
                  403, "csrf_failed");
    EXPECT_EQ(Items(w, owner, base + "/invitations"), 0u);

    ExpectProblem(accept(jiwon, "unknown-token"), 422, "invitation_invalid", Fields{{"token", "invitation_invalid"}});
    ExpectProblem(accept(jiwon, std::string(43, 'A')), 422, "invitation_invalid",
                  Fields{{"token", "invitation_invalid"}});

    // Accepted once; a second time, by the same person or another, it is used.
    HttpResponse invited = w.Call(owner, "POST", base + "/invitations", json::object{{"email", "jiwon@example.kr"}});
    ASSERT_EQ(invited.status, 201) << invited.body;
    std::string token = w.WaitForToken("jiwon@example.kr");
    HttpResponse preview = lookup(token);
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.Json().at("merchant").at("id").as_string(), shop);
    EXPECT_EQ(preview.Json().at("role").as_string(), "staff");
    ExpectProblem(w.Call(WithoutCsrf(jiwon), "POST", "/api/v1/invitations/accept", json::object{{"token", token}}), 403,
                  "csrf_failed");
    EXPECT_EQ(Items(w, owner, base + "/members"), 1u);
    HttpResponse joined = accept(jiwon, token);
    ASSERT_EQ(joined.status, 200) << joined.body;
    EXPECT_EQ(joined.Json().at("merchant_id").as_string(), shop);
    EXPECT_EQ(joined.Json().at("role").as_string(), "staff");
    ExpectProblem(accept(jiwon, token), 422, "invitation_used", Fields{{"token", "invitation_used"}});
    ExpectProblem(accept(daeho, token), 422, "invitation_used", Fields{{"token", "invitation_used"}});
    ExpectProblem(lookup(token), 422, "invitation_used", Fields{{"token", "invitation_used"}});
    HttpResponse members = w.Call(owner, "GET", base + "/members");
    ASSERT_EQ(members.status, 200);
    ASSERT_EQ(members.Json().at("items").as_array().size(), 2u);
    EXPECT_TRUE(w.Call(daeho, "GET", "/api/v1/me").Json().at("memberships").as_array().empty());
    EXPECT_EQ(Items(w, jiwon, base + "/members"), 2u);

    // A revoked invitation's link no longer works.
    HttpResponse second = w.Call(owner, "POST", base + "/invitations", json::object{{"email", "daeho@example.kr"}});
    ASSERT_EQ(second.status, 201) << second.body;
    std::string revoked_token = w.WaitForToken("daeho@example.kr");
    const std::string invitation(second.Json().at("id").as_string());
    EXPECT_EQ(w.Call(owner, "DELETE", base + "/invitations/" + invitation).status, 204);
    ExpectProblem(w.Call(owner, "DELETE", base + "/invitations/" + invitation), 404, "invitation_not_found");
    ExpectProblem(accept(daeho, revoked_token), 422, "invitation_invalid", Fields{{"token", "invitation_invalid"}});
    ExpectProblem(lookup(revoked_token), 422, "invitation_invalid", Fields{{"token", "invitation_invalid"}});
    EXPECT_EQ(Items(w, owner, base + "/members"), 2u);
    EXPECT_EQ(AuditEvents(w, "invitation.accepted"), 1u);

    // The merchant keeps its last owner.
    ExpectProblem(w.Call(owner, "DELETE", base + "/members/" + owner.id), 409, "last_owner");
    ExpectProblem(w.Call(owner, "PUT", base + "/members/" + owner.id, json::object{{"role", "staff"}}), 409,
                  "last_owner");
    HttpResponse after = w.Call(owner, "GET", base + "/members");
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(after.Json().at("items").as_array().at(0).at("role").as_string(), "owner");
}

TEST_P(AccountTest, ApiKeysRefuseUnknownScopesAndShowTheSecretOnce) {
    World& w = *world_;
    Person owner = w.SignUp("owner@example.kr", "김사장");
    std::string shop = w.ApprovedMerchant(owner, "광안리 바다횟집", "2208162517");
    const std::string keys = "/api/v1/merchants/" + shop + "/api-keys";

    ExpectProblem(w.Call(owner, "POST", keys, json::object{{"name", "POS"}, {"scopes", json::array{"pos", "root"}}}),
                  422, "invalid_api_key", Fields{{"scopes", "unknown_scope"}});
    ExpectProblem(w.Call(owner, "POST", keys, json::object{{"name", " "}, {"scopes", json::array{}}}), 422,
                  "invalid_api_key", Fields{{"name", "required"}, {"scopes", "required"}});
    ExpectProblem(w.Call(owner, "POST", keys, json::object{{"scopes", json::array{"pos"}}}), 422, "missing_field",
                  Fields{{"name", "required"}});
    ExpectProblem(
        w.Call(WithoutCsrf(owner), "POST", keys, json::object{{"name", "POS"}, {"scopes", json::array{"pos"}}}), 403,
        "csrf_failed");
    EXPECT_EQ(Items(w, owner, keys), 0u);
    EXPECT_EQ(AuditEvents(w, "api_key.created"), 0u);

    HttpResponse made =
        w.Call(owner, "POST", keys, json::object{{"name", "1번 계산대"}, {"scopes", json::array{"pos"}}});
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(made.Header("cache-control").value_or(""), "no-store");
    const std::string secret(made.Json().at("secret").as_string());
    const std::string id(made.Json().at("key").at("id").as_string());
    ASSERT_TRUE(secret.starts_with("jtk_")) << secret;

    HttpResponse listed = w.Call(owner, "GET", keys);
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.find(secret.substr(10)), std::string::npos) << "the list never shows the secret";
    json::value listed_json = listed.Json();
    const json::value& key = listed_json.at("items").as_array().at(0);
    EXPECT_EQ(key.at("id").as_string(), id);
    EXPECT_FALSE(key.as_object().contains("secret"));
    EXPECT_EQ(key.at("prefix").as_string(), secret.substr(0, 10));
    EXPECT_EQ(key.at("created_by").at("name").as_string(), "김사장");
    HttpResponse audit = w.Call(owner, "GET", "/api/v1/merchants/" + shop + "/audit-events");
    ASSERT_EQ(audit.status, 200);
    EXPECT_EQ(audit.body.find(secret.substr(10)), std::string::npos);

    // The key works until it is revoked without the CSRF token (refused), then with it.
    Person pos{.id = id, .key_secret = secret};
    ExpectProblem(w.Call(WithoutCsrf(owner), "DELETE", keys + "/" + id), 403, "csrf_failed");
    ExpectProblem(w.Call(pos, "GET", "/api/v1/merchants/" + shop), 403, "scope_missing");
    EXPECT_EQ(w.Call(owner, "DELETE", keys + "/" + id).status, 204);
    ExpectProblem(w.Call(pos, "GET", "/api/v1/merchants/" + shop), 401, "api_key_invalid");
}

TEST_P(AccountTest, AWrongOrMissingCsrfTokenChangesNothing) {
    World& w = *world_;
    Person minsu = w.SignUp("minsu@example.kr", "김민수");
    Person jiwon = w.SignUp("jiwon@example.kr", "이지원");
    // Another session's token is as good as none; so is the session token itself.
    Person borrowed = minsu;
    borrowed.csrf = jiwon.csrf;
    Person cookie_as_csrf = minsu;
    cookie_as_csrf.csrf = minsu.cookie.substr(minsu.cookie.find('=') + 1);
    for (const Person* who : {&borrowed, &cookie_as_csrf}) {
        ExpectProblem(w.Call(*who, "PUT", "/api/v1/me/password",
                             json::object{{"current_password", kTestPassword}, {"new_password", kNewPassword}}),
                      403, "csrf_failed");
        ExpectProblem(w.Call(*who, "POST", "/api/v1/merchants", Application("220-81-62517")), 403, "csrf_failed");
        ExpectProblem(w.Call(*who, "DELETE", "/api/v1/sessions/current"), 403, "csrf_failed");
    }
    EXPECT_EQ(w.Call(minsu, "GET", "/api/v1/me").status, 200);
    EXPECT_EQ(SignInRaw(w, "minsu@example.kr", kTestPassword).status, 201);
    EXPECT_EQ(Items(w, w.admin(), "/api/v1/operator/merchants"), 0u);
    // A safe method needs no token; a public unsafe one (signing in) needs none either.
    EXPECT_EQ(w.Call(WithoutCsrf(minsu), "GET", "/api/v1/me/sessions").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountTest, ::testing::Values(std::string("sqlite"), std::string("postgres")),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jangteo::testing
