#include "platform/operator.hpp"

namespace jangteo::platform {

namespace {
constexpr store::Sql kInsertOperator{
    "platform.insert_operator",
    "INSERT INTO platform_operator (id, name_ko, name_en, region_ko, region_en, created_at_us, updated_at_us)"
    " VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (singleton) DO NOTHING"};
constexpr store::Sql kGetOperator{
    "platform.get_operator",
    "SELECT id, name_ko, name_en, region_ko, region_en, created_at_us, updated_at_us FROM platform_operator"};
}  // namespace

core::Status OperatorService::Ensure(const OperatorDefaults& defaults) {
    OperatorId id = OperatorId::New(random_);
    std::int64_t now = core::ToUnixMicros(clock_.Now());
    return db_.Write([&](store::Tx& tx) -> core::Status {
        JANGTEO_TRY_STATUS(tx.Exec(kInsertOperator,
                                   {id.key(), std::string_view(defaults.name_ko), std::string_view(defaults.name_en),
                                    std::string_view(defaults.region_ko), std::string_view(defaults.region_en), now}));
        return {};
    });
}

core::Result<Operator> OperatorService::Get() {
    return db_.Read([&](store::Tx& tx) -> core::Result<Operator> {
        JANGTEO_TRY(store::Rows rows, tx.Query(kGetOperator));
        if (rows.empty()) return core::Error::NotFound("operator_not_found", "this instance has no operator yet");
        auto row = rows[0];
        return Operator{OperatorId(row.Int(0)),
                        row.Text(1),
                        row.Text(2),
                        row.Text(3),
                        row.Text(4),
                        core::FromUnixMicros(row.Int(5)),
                        core::FromUnixMicros(row.Int(6))};
    });
}

}  // namespace jangteo::platform
