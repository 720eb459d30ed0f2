#include "flows/channel_routing.hpp"

#include <chrono>
#include <string>

namespace jangteo::flows {

namespace {

constexpr std::chrono::hours kSeoulOffset{9};

}  // namespace

std::optional<core::TimePoint> SeoulDay(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    return core::ParseRfc3339(std::string(date) + "T00:00:00+09:00");
}

core::TimePoint SeoulDayOf(core::TimePoint t) {
    using std::chrono::days;
    auto local = t + kSeoulOffset;
    auto midnight = std::chrono::floor<days>(local);
    return std::chrono::time_point_cast<std::chrono::microseconds>(midnight) - kSeoulOffset;
}

core::Result<channels::RoutingPolicy> ChannelFlows::Policy(platform::MerchantId merchant) {
    return routing_.Get(merchant);
}

core::Result<channels::RoutingPolicy> ChannelFlows::SavePolicy(platform::MerchantId merchant,
                                                               const RoutingPolicyRequest& request,
                                                               std::int64_t expected_version,
                                                               const channels::PolicyActor& actor) {
    channels::RoutingPolicyInput input{.allow_split = request.allow_split, .commission_bp = request.commission_bp};
    for (const auto& id : request.priorities) input.priorities.push_back(id.key());
    return db_.Write([&](store::Tx& tx) -> core::Result<channels::RoutingPolicy> {
        std::vector<core::FieldError> errors = channels::PolicyProblems(input);
        if (input.priorities.size() <= channels::kMaxPriorities) {
            JANGTEO_TRY(std::vector<inventory::Location> mine, locations_.ListInTx(tx, merchant));
            for (std::size_t i = 0; i < input.priorities.size(); ++i) {
                bool known = false;
                for (const auto& l : mine) known = known || l.id.key() == input.priorities[i];
                if (!known) {
                    errors.push_back({"priorities[" + std::to_string(i) + "]", "unknown_location",
                                      "is not one of the merchant's locations"});
                }
            }
        }
        if (!errors.empty()) {
            return core::Error::Invalid("invalid_routing_policy", "the routing policy has invalid fields",
                                        std::move(errors));
        }
        return routing_.SaveInTx(tx, merchant, input, expected_version, actor);
    });
}

core::Result<ChannelReport> ChannelFlows::Report(platform::MerchantId merchant, inventory::LocationId location,
                                                 core::TimePoint from, core::TimePoint to) {
    JANGTEO_TRY(inventory::Location place, locations_.Get(merchant, location));
    if (to <= from) {
        return core::Error::Invalid("invalid_period", "the period must end after it begins",
                                    {{"to", "before_from", "must not be before from"}});
    }
    if (to - from > std::chrono::days(kMaxReportDays)) {
        return core::Error::Invalid("invalid_period", "a report covers at most 366 days",
                                    {{"from", "too_long", "the period is longer than 366 days"}});
    }
    ChannelReport out{.location = std::move(place), .from = from, .to = to, .fulfilled = {}, .credited = {}};
    JANGTEO_TRY(out.fulfilled, orders_.FulfilledAt(merchant, location.key(), from, to));
    JANGTEO_TRY(out.credited, credits_.Summary(merchant, location.key(), from, to));
    return out;
}

}  // namespace jangteo::flows
