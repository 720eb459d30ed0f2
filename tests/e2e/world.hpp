// A small world for the end-to-end tests of the platform: people who sign up and in over real
// HTTP, an operator admin made with `jangteo admin create`, merchants applied for and approved,
// staff invited through the mails the server writes to its outbox folder, and API keys.
//
//   World w(backend);                         // a server on a fresh database, with an operator admin
//   Person owner = w.SignUp("owner@example.kr", "김사장");
//   std::string shop = w.ApprovedMerchant(owner, "광안리 횟집");
//   HttpResponse r = w.Call(owner, "GET", "/api/v1/merchants/" + shop);
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "backend.hpp"
#include "core/json.hpp"
#include "support/http_client.hpp"

namespace jangteo::testing {

// Someone calling the API: a signed-in person (cookie and CSRF token) or a program (API key).
struct Person {
    std::string id;  // usr_…, or key_… for a key
    std::string email;
    std::string password;
    std::string cookie;  // "jangteo_session=…"
    std::string csrf;
    std::string key_secret;  // for a key: "jtk_…"
};

inline constexpr std::string_view kTestPassword = "바다가보이는부산항구7";

class World {
public:
    // Starts the server on `backend` with its outbox in a folder of its own and makes an operator
    // admin. `ok()` is false (and the test should skip or fail) when the backend is not available.
    explicit World(const std::string& backend, std::vector<std::string> server_args = {}) {
        std::string why;
        mail_dir_ = std::make_unique<TempDir>();
        backend_ =
            StartOn(backend, &why,
                    {.args = std::move(server_args), .env = {{"JANGTEO_MAIL_DIR", mail_dir_->path().string()}}}, &db_);
        if (!backend_) {
            why_ = why;
            return;
        }
        std::string out;
        int code = RunJangteo({"admin", "create", "--db", db_, "--email", "admin@jangteo.test", "--name", "운영 관리자",
                               "--password-stdin"},
                              &out, {}, std::string(kTestPassword) + "\n");
        EXPECT_EQ(code, 0) << out;
        admin_ = SignIn("admin@jangteo.test", std::string(kTestPassword));
    }

    bool ok() const { return backend_ != nullptr; }
    const std::string& why() const { return why_; }
    unsigned short port() const { return backend_->server->port(); }
    const std::filesystem::path& mail_dir() const { return mail_dir_->path(); }
    const Person& admin() const { return admin_; }
    // The database URL the server serves (a second server may share it).
    const std::string& db() const { return db_; }

    HttpResponse Call(const Person& who, std::string_view method, std::string_view target, std::string_view body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        if (!who.key_secret.empty()) headers.emplace_back("Authorization", "Bearer " + who.key_secret);
        if (!who.cookie.empty()) headers.emplace_back("Cookie", who.cookie);
        if (!who.csrf.empty() && method != "GET" && method != "HEAD") headers.emplace_back("X-CSRF-Token", who.csrf);
        if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
        return Fetch(port(), method, target, body, headers);
    }
    HttpResponse Call(const Person& who, std::string_view method, std::string_view target,
                      const core::json::value& body) {
        return Call(who, method, target, core::ToJson(body));
    }
    HttpResponse Anonymous(std::string_view method, std::string_view target, std::string_view body = {}) {
        return Call(Person{}, method, target, body);
    }

    Person SignUp(const std::string& email, const std::string& name) {
        core::json::object body{{"email", email}, {"name", name}, {"password", std::string(kTestPassword)}};
        HttpResponse r = Anonymous("POST", "/api/v1/users", core::ToJson(body));
        EXPECT_EQ(r.status, 201) << r.body;
        return FromSignedIn(r, email, std::string(kTestPassword));
    }

    Person SignIn(const std::string& email, const std::string& password) {
        core::json::object body{{"email", email}, {"password", password}};
        HttpResponse r = Anonymous("POST", "/api/v1/sessions", core::ToJson(body));
        EXPECT_EQ(r.status, 201) << r.body;
        return FromSignedIn(r, email, password);
    }

    // An application by `owner`, answered with the merchant id.
    std::string Apply(const Person& owner, const std::string& name_ko, const std::string& business_number) {
        core::json::object body{{"name_ko", name_ko},
                                {"name_en", "Test Shop"},
                                {"business_number", business_number},
                                {"representative", "김대표"},
                                {"industry_code", "seafood"},
                                {"district_code", "26500"},
                                {"address", "부산 수영구 광안해변로 219"},
                                {"phone", "051-754-1234"}};
        HttpResponse r = Call(owner, "POST", "/api/v1/merchants", core::ToJson(body));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(r.Json().at("id").as_string()) : std::string();
    }

    void SetStatus(const std::string& merchant, const std::string& status, const std::string& reason = "") {
        core::json::object body{{"status", status}, {"reason", reason}};
        HttpResponse r = Call(admin_, "POST", "/api/v1/operator/merchants/" + merchant + "/status", core::ToJson(body));
        EXPECT_EQ(r.status, 200) << r.body;
    }

    std::string ApprovedMerchant(const Person& owner, const std::string& name_ko, const std::string& business_number) {
        std::string id = Apply(owner, name_ko, business_number);
        SetStatus(id, "approved");
        return id;
    }

    // The token of the newest mail to `email` whose body holds `marker` (e.g. "#token=").
    std::string TokenFromMail(const std::string& email, std::string_view marker = "#token=") {
        std::string best_name, token;
        for (const auto& entry : std::filesystem::directory_iterator(mail_dir())) {
            if (entry.path().extension() != ".json") continue;
            std::ifstream in(entry.path());
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            auto parsed = core::ParseJsonObject(text);
            if (!parsed.ok() || parsed->at("to").as_string() != email) continue;
            std::string body(parsed->at("body").as_string());
            auto at = body.find(marker);
            if (at == std::string::npos) continue;
            std::string name = entry.path().filename().string();
            if (name < best_name) continue;
            best_name = name;
            token = body.substr(at + marker.size(), 43);
        }
        return token;
    }

    // Waits (bounded) for a mail to `email` with `marker`; the outbox sends within a second or two.
    std::string WaitForToken(const std::string& email, std::string_view marker = "#token=") {
        for (int i = 0; i < 100; ++i) {
            std::string t = TokenFromMail(email, marker);
            if (!t.empty()) return t;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "no mail to " << email;
        return {};
    }

    // Invites `email` as staff of `merchant` and accepts as `staff`.
    void AddStaff(const Person& owner, const std::string& merchant, const Person& staff) {
        HttpResponse r = Call(owner, "POST", "/api/v1/merchants/" + merchant + "/invitations",
                              core::ToJson(core::json::object{{"email", staff.email}, {"role", "staff"}}));
        ASSERT_EQ(r.status, 201) << r.body;
        std::string token = WaitForToken(staff.email);
        HttpResponse accepted =
            Call(staff, "POST", "/api/v1/invitations/accept", core::ToJson(core::json::object{{"token", token}}));
        ASSERT_EQ(accepted.status, 200) << accepted.body;
    }

    Person ApiKey(const Person& owner, const std::string& merchant, const std::vector<std::string>& scopes) {
        core::json::array list;
        for (const auto& s : scopes) list.emplace_back(s);
        HttpResponse r = Call(owner, "POST", "/api/v1/merchants/" + merchant + "/api-keys",
                              core::ToJson(core::json::object{{"name", "POS 1"}, {"scopes", std::move(list)}}));
        EXPECT_EQ(r.status, 201) << r.body;
        Person key;
        if (r.status == 201) {
            key.id = std::string(r.Json().at("key").at("id").as_string());
            key.key_secret = std::string(r.Json().at("secret").as_string());
        }
        return key;
    }

private:
    static Person FromSignedIn(const HttpResponse& r, const std::string& email, const std::string& password) {
        Person p;
        p.email = email;
        p.password = password;
        if (r.status != 201) return p;
        auto json = r.Json();
        p.id = std::string(json.at("user").at("id").as_string());
        p.csrf = std::string(json.at("csrf_token").as_string());
        std::string cookie = r.Header("set-cookie").value_or("");
        p.cookie = cookie.substr(0, cookie.find(';'));
        return p;
    }

    std::unique_ptr<TempDir> mail_dir_;
    std::string db_;
    std::unique_ptr<BackendServer> backend_;
    std::string why_;
    Person admin_;
};

}  // namespace jangteo::testing
