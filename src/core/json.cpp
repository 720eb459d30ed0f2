#include "core/json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cmath>
#include <system_error>

namespace jangteo::core {

namespace {
// The handler of boost::json::stream_parser, except that numbers with a fraction or exponent are
// converted with std::from_chars. Boost.JSON 1.81 converts them only approximately (off by a unit
// in the last place for some texts), so the shortest text json::serialize writes for a double could
// parse back to a different double; from_chars rounds correctly, so values round-trip.
struct ValueHandler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::string number;  // a number split over parser calls, collected until it ends

    explicit ValueHandler(json::storage_ptr sp) : st(std::move(sp)) {}

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) { return true; }
    bool on_object_end(std::size_t n, json::error_code&) {
        st.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        st.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        number.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        number.clear();
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        number.clear();
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view s, json::error_code& ec) {
        number.append(s.data(), s.size());
        double exact = 0;
        auto [end, err] = std::from_chars(number.data(), number.data() + number.size(), exact);
        bool whole = end == number.data() + number.size();
        number.clear();
        if (err == std::errc() && whole) {
            d = exact;
        } else if (err == std::errc::result_out_of_range) {
            // Too large for a double (1e400): Boost.JSON makes it infinity, which JSON cannot
            // write back (serialize gives "Infinity"), so it is an error. Too small (1e-400) is zero.
            if (std::fabs(d) >= 1) {
                ec = json::error::exponent_overflow;
                return false;
            }
            d = std::copysign(0.0, d);
        }
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};
}  // namespace

Result<json::value> ParseJson(std::string_view text) {
    json::parse_options options;
    options.max_depth = 64;
    json::basic_parser<ValueHandler> parser(options, json::storage_ptr());
    parser.handler().st.reset(json::storage_ptr());
    boost::system::error_code ec;
    std::size_t used = parser.write_some(true, text.data(), text.size(), ec);
    if (!ec && used < text.size()) ec = json::error::extra_data;
    if (!ec) parser.write_some(false, nullptr, 0, ec);
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
    return parser.handler().st.release();
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
