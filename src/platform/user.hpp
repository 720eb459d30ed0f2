// Users: the people who sign in (customers, merchant owners and staff, operator admins), with their
// email, optional Korean mobile number, name and Argon2id password hash. Roles, sessions and
// merchant memberships refer to a user by UserId and live in their own tables.
//
//   platform::UserService users(db, clock, random, hasher);
//   auto user = users.SignUp({.email = "Minsu@Example.kr", .mobile = "01012345678", .name = "김민수",
//                             .password = "바다가보이는부산항구"});
//   auto signed_in = users.Authenticate("minsu@example.kr", "바다가보이는부산항구");   // Result<User>
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "platform/password.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

enum class UserStatus { kActive, kDisabled };
std::string_view UserStatusName(UserStatus status);  // "active", "disabled": the stored form

// A user as the rest of the platform sees it. The password hash stays inside UserService, so that no
// renderer can leak it by accident.
struct User {
    UserId id;
    std::string email;                  // lower-cased
    std::optional<std::string> mobile;  // 010-1234-5678
    std::string name;                   // trimmed
    UserStatus status = UserStatus::kActive;
    std::optional<core::TimePoint> email_verified_at;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

struct SignUpInput {
    std::string email;
    std::optional<std::string> mobile;  // absent or empty: none
    std::string name;
    std::string password;
};

inline constexpr std::size_t kMaxEmailBytes = 254;
inline constexpr std::size_t kMaxNameCodePoints = 100;

// Normalisers shared by sign-up and the later flows (invitations, password reset): the address as
// stored (trimmed, lower-cased), or a field error on `field`.
core::Result<std::string> NormalizeEmail(std::string_view text, std::string_view field = "email");

// Sets the password hash of active user `id` inside `tx` (a Write transaction), for a flow that has
// proved the person by other means than the current password (a password reset by email link): no
// compare-and-set on the old hash. As the link reached the user's address, the address is recorded
// as verified too. kNotFound "user_not_found" when no active user has this id.
core::Status ResetPasswordHash(store::Tx& tx, UserId id, std::string_view hash, core::TimePoint now);

// Closes active user `id` for good inside `tx` (the erasure a person asks for on my page): the account
// is disabled, its name, mobile number and password hash are removed and its email becomes
// "erased+<usr id>@erased.invalid", so the address is free for a new sign-up and nobody can sign in
// (the row stays: orders and audit events name it). Every session of the user is revoked and forgets
// its device and address, and mail to the old address or number waiting in the outbox is dropped.
// kFailedPrecondition "account_erased" when the user is not active.
core::Status EraseUserInTx(store::Tx& tx, UserId id, core::TimePoint now);

// What a layer above the platform does with a new account inside the transaction that writes it (the
// app wires the customers' record of the account here, so that the person exists from sign-up on). An
// error fails the account's creation and writes nothing; a hook that must not do so keeps its own
// failures to itself.
using NewUserHook = std::function<core::Status(store::Tx& tx, const User& user)>;

// Thread-safe: holds references only. Hashing (tens of milliseconds, by design) runs outside every
// database transaction so that it never holds the writer.
class UserService {
public:
    UserService(store::Db& db, core::Clock& clock, core::Random& random, const PasswordHasher& hasher)
        : db_(db), clock_(clock), random_(random), hasher_(hasher) {}

    // Creates an active user. Invalid fields answer kInvalidArgument with one field error per field;
    // a taken email kAlreadyExists "email_taken" (field email), a taken mobile "mobile_taken" (field
    // mobile). Nothing is written unless everything is accepted.
    core::Result<User> SignUp(const SignUpInput& input);

    // For imports and the demo data only: creates an active user as SignUp does, with the same checks
    // and answers for the email, name and mobile, but stores `password_hash`, a hash the caller made
    // beforehand with PasswordHasher::Hash, instead of hashing `input.password` (which is ignored).
    // So many accounts can share one password hashed once: Argon2id costs tens of milliseconds per
    // hash by design. A hash that is not an Argon2id PHC string is kInvalidArgument
    // "invalid_password_hash" (field password_hash).
    core::Result<User> CreateWithPasswordHash(const SignUpInput& input, std::string_view password_hash);

    // The user whose email and password these are. Unknown email and wrong password both answer
    // kUnauthenticated "bad_credentials" and take the same time; a disabled user with the right
    // password gets kPermissionDenied "user_disabled". A hash made with weaker parameters than the
    // hasher's is replaced on the way.
    core::Result<User> Authenticate(std::string_view email, std::string_view password);

    core::Result<User> Get(UserId id);  // kNotFound "user_not_found"
    // Inside a flow's transaction (the buyer's account when an order is paid).
    static core::Result<User> GetInTx(store::Tx& tx, UserId id);
    core::Result<User> FindByEmail(std::string_view email);  // kNotFound "user_not_found"

    // Needs the current password (kInvalidArgument "wrong_password" on field current_password); the
    // new one must pass the policy (field new_password).
    core::Status ChangePassword(UserId id, std::string_view current_password, std::string_view new_password);

    // Every account made from now on (SignUp and CreateWithPasswordHash) runs `hook` in its transaction.
    // Set once while the app is put together, before the service is shared between threads.
    void SetNewUserHook(NewUserHook hook) { new_user_hook_ = std::move(hook); }

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
    const PasswordHasher& hasher_;
    NewUserHook new_user_hook_;
};

}  // namespace jangteo::platform
