// Industries: the code list the operator keeps (restaurant, seafood, machinery_parts, …) from which
// a merchant picks its industry. The migration fills a default list; the operator adds industries
// and retires them. A retired industry is no longer offered, but merchants keep it.
//
//   platform::IndustryService industries(db, clock, random);
//   auto offered = industries.ListIndustries();                                 // active ones, in list order
//   auto added = industries.AddIndustry("tea", "전통차", "Traditional tea", admin.id, client_address);
//   auto retired = industries.SetIndustryActive("travel", false, admin.id, client_address);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/random.hpp"
#include "platform/ids.hpp"
#include "store/db.hpp"

namespace jangteo::platform {

struct Industry {
    std::string code;  // [a-z0-9_]{2,32}
    std::string name_ko;
    std::string name_en;
    int position = 0;
    bool active = true;
};

inline constexpr std::size_t kMaxIndustryNameCodePoints = 50;
// Positions from here up stay at the end of the list ("other"); added industries come before them.
inline constexpr int kTrailingIndustryPosition = 10000;

// Whether `code` has the form of an industry code: 2 to 32 of [a-z0-9_].
bool IsIndustryCode(std::string_view code);

// Thread-safe: holds references only.
class IndustryService {
public:
    IndustryService(store::Db& db, core::Clock& clock, core::Random& random)
        : db_(db), clock_(clock), random_(random) {}

    // By position; the retired ones too when `include_inactive` (for the operator's console).
    core::Result<std::vector<Industry>> ListIndustries(bool include_inactive = false);

    // A new active industry after the others but before the trailing ones, and the audit event
    // "industry.added". kInvalidArgument "invalid_industry" with field errors (code, name_ko,
    // name_en); kAlreadyExists "industry_code_taken" (field code).
    core::Result<Industry> AddIndustry(std::string_view code, std::string_view name_ko, std::string_view name_en,
                                       UserId actor, std::string_view client_address);

    // Offers the industry again or retires it ("industry.activated" / "industry.deactivated"; nothing
    // is recorded when it already was so). kNotFound "industry_not_found".
    core::Result<Industry> SetIndustryActive(std::string_view code, bool active, UserId actor,
                                             std::string_view client_address);

private:
    store::Db& db_;
    core::Clock& clock_;
    core::Random& random_;
};

}  // namespace jangteo::platform
