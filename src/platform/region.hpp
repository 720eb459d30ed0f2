// The region an instance serves and its districts (구/군), which every merchant belongs to. The
// default is Busan with its sixteen gu and gun under their official administrative codes; another
// region comes from a TOML file named by the `region_file` setting.
//
//   platform::Region region = settings.region_file.empty() ? platform::BusanRegion()
//                                                         : *platform::LoadRegion(settings.region_file);
//   if (const platform::District* d = region.Find("26350")) { /* d->name_ko == "해운대구" */ }
//
// The file has the region's code and names and one [[districts]] table per district:
//
//   code = "26"
//   name_ko = "부산광역시"
//   name_en = "Busan"
//   [[districts]]
//   code = "26110"
//   name_ko = "중구"
//   name_en = "Jung-gu"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jangteo::platform {

struct District {
    std::string code;  // stable: merchants store it (the administrative code, e.g. "26350")
    std::string name_ko;
    std::string name_en;
};

struct Region {
    std::string code;
    std::string name_ko;
    std::string name_en;
    std::vector<District> districts;  // in the order the region lists them

    // The district with `code`, or nullptr.
    const District* Find(std::string_view code) const;
};

// Busan Metropolitan City (26) and its 16 districts, in the order of their codes.
const Region& BusanRegion();

// Reads a region file. A file that cannot be read or parsed, an unknown key, a missing or empty
// name, a code that is not 1 to 16 of [A-Za-z0-9_-], no districts, or two districts with one code
// answer kInvalidArgument "bad_region_file" with a message that names the file and the problem.
core::Result<Region> LoadRegion(const std::string& path);

}  // namespace jangteo::platform
