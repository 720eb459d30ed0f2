#include "platform/operator_admin.hpp"

#include "platform/audit.hpp"

namespace jangteo::platform {

namespace {

constexpr store::Sql kIsOperatorAdmin{"platform.is_operator_admin",
                                      "SELECT count(*) FROM platform_operator_admins WHERE user_id = $1"};
constexpr store::Sql kCountUser{"platform.count_user", "SELECT count(*) FROM platform_users WHERE id = $1"};
constexpr store::Sql kInsertOperatorAdmin{
    "platform.insert_operator_admin",
    "INSERT INTO platform_operator_admins (user_id, granted_by_user_id, granted_at_us) VALUES ($1, $2, $3)"
    " ON CONFLICT DO NOTHING"};

}  // namespace

core::Result<bool> OperatorAdminService::IsOperatorAdmin(UserId user) {
    JANGTEO_TRY(store::Rows rows, db_.Read([&](store::Tx& tx) { return tx.Query(kIsOperatorAdmin, {user.key()}); }));
    return rows[0].Int(0) > 0;
}

core::Status OperatorAdminService::GrantOperatorAdmin(UserId user, std::optional<UserId> granted_by,
                                                      std::string_view client_address) {
    const std::int64_t now = core::ToUnixMicros(clock_.Now());
    store::Value by = granted_by ? store::Value(granted_by->key()) : store::Value(nullptr);
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY(store::Rows users, tx.Query(kCountUser, {user.key()}));
        if (users[0].Int(0) == 0) return core::Error::NotFound("user_not_found", "no such user");
        JANGTEO_TRY(std::int64_t inserted, tx.Exec(kInsertOperatorAdmin, {user.key(), by, now}));
        if (inserted != 1) {
            return core::Error::AlreadyExists("already_operator_admin", "this user is already an operator admin");
        }
        return RecordAudit(tx, clock_, random_,
                           {.action = "operator_admin.granted",
                            .actor_user = granted_by,
                            .subject = user.ToString(),
                            .client_address = std::string(client_address)});
    });
}

}  // namespace jangteo::platform
