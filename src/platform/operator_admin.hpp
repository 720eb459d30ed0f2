// Operator admins: the users who administer the instance for the operator (approve merchants, keep
// the industry list, read the whole audit log). The first one is made by `jangteo admin create`;
// there is no default account and no default password.
//
//   platform::OperatorAdminService admins(db, clock, random);
//   JANGTEO_TRY_STATUS(admins.GrantOperatorAdmin(user.id, std::nullopt, ""));          // from the command line
//   JANGTEO_TRY(bool admin, admins.IsOperatorAdmin(session.user_id));    // in the access policy
#pragma once

#include <optional>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

// Thread-safe: holds references only.
class OperatorAdminService {
public:
    OperatorAdminService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    core::Result<bool> IsOperatorAdmin(UserId user);

    // Makes `user` an operator admin and records "operator_admin.granted". `granted_by` is the admin
    // who did it, or nullopt from the command line. kNotFound "user_not_found"; kAlreadyExists
    // "already_operator_admin".
    core::Status GrantOperatorAdmin(UserId user, std::optional<UserId> granted_by, std::string_view client_address);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::platform
