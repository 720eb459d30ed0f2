#include "platform/sign_in.hpp"

#include "platform/audit.hpp"

namespace jangteo::platform {

core::Status SignInService::Audit(std::string_view action, std::optional<UserId> user, std::string subject,
                                  std::string_view client_address, core::json::object detail) {
    return db_.Write([&](store::Tx& tx) -> core::Status {
        return RecordAudit(tx, clock_, random_,
                           {.action = std::string(action),
                            .actor_user = user,
                            .subject = std::move(subject),
                            .client_address = std::string(client_address),
                            .detail = std::move(detail)});
    });
}

core::Result<SignedIn> SignInService::SignUp(const SignUpInput& input, std::string_view user_agent,
                                             std::string_view client_address) {
    JANGTEO_TRY(RateDecision by_address, limits_.Peek(kSignUpPerAddress, client_address));
    if (!by_address.allowed) return RateLimited(by_address);
    JANGTEO_TRY(User user, users_.SignUp(input));
    JANGTEO_TRY(RateDecision counted, limits_.Hit(kSignUpPerAddress, client_address));
    (void)counted;
    JANGTEO_TRY_STATUS(Audit("user.signed_up", user.id, user.id.ToString(), client_address));
    JANGTEO_TRY(NewSession session, sessions_.Create(user.id, user_agent, client_address));
    return SignedIn{std::move(user), std::move(session)};
}

core::Result<SignedIn> SignInService::SignIn(std::string_view email, std::string_view password,
                                             std::string_view user_agent, std::string_view client_address) {
    std::string account = AccountRateKey(email);
    JANGTEO_TRY(RateDecision by_account, limits_.Peek(kSignInPerAccount, account));
    JANGTEO_TRY(RateDecision by_address, limits_.Peek(kSignInPerAddress, client_address));
    if (!by_account.allowed) return RateLimited(by_account);
    if (!by_address.allowed) return RateLimited(by_address);

    auto user = users_.Authenticate(email, password);
    if (!user.ok()) {
        if (user.error().code == core::ErrorCode::kUnauthenticated) {
            JANGTEO_TRY(RateDecision a, limits_.Hit(kSignInPerAccount, account));
            JANGTEO_TRY(RateDecision b, limits_.Hit(kSignInPerAddress, client_address));
            (void)a;
            (void)b;
        }
        // The typed text is not kept (people type passwords into the email field): only the
        // account, when there is one.
        std::optional<UserId> who;
        if (auto known = users_.FindByEmail(email); known.ok()) who = known->id;
        JANGTEO_TRY_STATUS(Audit("user.sign_in_failed", std::nullopt, who ? who->ToString() : std::string(),
                                 client_address, {{"reason", user.error().reason}}));
        return std::move(user).error();
    }
    JANGTEO_TRY_STATUS(limits_.Reset(kSignInPerAccount, account));
    JANGTEO_TRY(NewSession session, sessions_.Create(user->id, user_agent, client_address));
    JANGTEO_TRY_STATUS(Audit("user.signed_in", user->id, user->id.ToString(), client_address,
                             {{"session", session.session.id.ToString()}}));
    return SignedIn{std::move(*user), std::move(session)};
}

core::Status SignInService::SignOut(const Session& session, std::string_view client_address) {
    JANGTEO_TRY_STATUS(sessions_.Revoke(session.user_id, session.id));
    return Audit("user.signed_out", session.user_id, session.user_id.ToString(), client_address,
                 {{"session", session.id.ToString()}});
}

core::Result<std::int64_t> SignInService::ChangePassword(const Session& session, std::string_view current_password,
                                                         std::string_view new_password,
                                                         std::string_view client_address) {
    JANGTEO_TRY_STATUS(users_.ChangePassword(session.user_id, current_password, new_password));
    JANGTEO_TRY(std::int64_t ended, sessions_.RevokeAllExcept(session.user_id, session.id));
    JANGTEO_TRY_STATUS(Audit("user.password_changed", session.user_id, session.user_id.ToString(), client_address,
                             {{"other_sessions_ended", ended}}));
    return ended;
}

}  // namespace jangteo::platform
