// JSON in and out, on Boost.JSON. Outside input is parsed with a depth limit and a message that
// says where it broke; helpers read typed fields and collect per-field errors for problem answers.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jangteo::core {

namespace json = boost::json;

// Parses one JSON document; anything after it but white space is an error. Depth is limited to 64.
// Numbers with a fraction or exponent become the nearest double (so ToJson writes them back
// exactly); one too large for a double is an error.
Result<json::value> ParseJson(std::string_view text);
// Parses a document that must be an object (the shape of every request body).
Result<json::object> ParseJsonObject(std::string_view text);

std::string ToJson(const json::value& value);

// Appends `text` to `out` as a JSON string literal, quotes included.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace jangteo::core
