// The region an instance serves and its districts (구/군), which every merchant belongs to. The
// default is Busan with its sixteen gu and gun under their official administrative codes; another
// region comes from a TOML file named by the `region_file` setting.
//
// A district also lists the first three digits of its 5-digit postal codes: since 2015 a Korean
// postal code is the national basic zone number (국가기초구역번호), whose first three digits name the
// 시·군·구, so that a delivery address, which carries a postal code but no district, gives its district
// (the offline channel routes and credits web orders by district).
//
//   platform::Region region = settings.region_file.empty() ? platform::BusanRegion()
//                                                         : *platform::LoadRegion(settings.region_file);
//   if (const platform::District* d = region.Find("26350")) { /* d->name_ko == "해운대구" */ }
//   if (const platform::District* d = region.DistrictOfPostal("48058")) { /* d->code == "26350" */ }
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
//   postal_prefixes = ["489"]      # optional: the first three digits of its postal codes
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
    // The first three digits of the district's postal codes ("480", "481"); no prefix belongs to two
    // districts. Empty: the district's postal codes are not known.
    std::vector<std::string> postal_prefixes;
};

struct Region {
    std::string code;
    std::string name_ko;
    std::string name_en;
    std::vector<District> districts;  // in the order the region lists them

    // The district with `code`, or nullptr.
    const District* Find(std::string_view code) const;
    // The district whose postal prefixes hold this 5-digit postal code, or nullptr (not 5 digits, or
    // outside the region's table).
    const District* DistrictOfPostal(std::string_view postal_code) const;
};

// Busan Metropolitan City (26) and its 16 districts, in the order of their codes, with the postal
// prefixes of each (region.cpp says where the table comes from).
const Region& BusanRegion();

// Reads a region file. A file that cannot be read or parsed, an unknown key, a missing or empty
// name, a code that is not 1 to 16 of [A-Za-z0-9_-], no districts, two districts with one code, a
// postal prefix that is not three digits or that two districts claim answer kInvalidArgument
// "bad_region_file" with a message that names the file and the problem.
core::Result<Region> LoadRegion(const std::string& path);

}  // namespace jangteo::platform
