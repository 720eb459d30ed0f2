#include "core/json.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

namespace jangteo::core {

Result<json::value> ParseJson(std::string_view text) {
    json::parse_options options;
    options.max_depth = 64;
    json::stream_parser parser(json::storage_ptr(), options);
    boost::system::error_code ec;
    std::size_t used = parser.write_some(text.data(), text.size(), ec);
    if (!ec && used < text.size()) ec = json::error::extra_data;
    if (!ec) parser.finish(ec);
    if (ec) {
        // Report line and column of the first byte the parser could not take.
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < used && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return Error::Malformed("malformed_json", "the body is not valid JSON: " + ec.message() + " at line " +
                                                      std::to_string(line) + ", column " + std::to_string(column));
    }
    return parser.release();
}

Result<json::object> ParseJsonObject(std::string_view text) {
    JANGTEO_TRY(json::value value, ParseJson(text));
    if (!value.is_object()) return Error::Malformed("json_object_expected", "the body must be a JSON object");
    return std::move(value.get_object());
}

std::string ToJson(const json::value& value) {
    return json::serialize(value);
}

void AppendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (u < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[u >> 4]);
                    out.push_back(kHex[u & 15]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

}  // namespace jangteo::core
