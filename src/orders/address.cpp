#include "orders/address.hpp"

#include <algorithm>

#include "core/validate.hpp"

namespace jangteo::orders {

namespace {

std::string FieldName(std::string_view prefix, std::string_view field) {
    std::string name(prefix);
    if (!name.empty()) name.push_back('.');
    name.append(field);
    return name;
}

void Take(std::vector<core::FieldError>& fields, core::Result<std::string> r, std::string& out) {
    if (r.ok()) {
        out = std::move(*r);
    } else {
        for (auto& f : std::move(r).error().fields) fields.push_back(std::move(f));
    }
}

}  // namespace

bool IsPostalCode(std::string_view text) {
    return text.size() == 5 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

DeliveryAddress CheckAddress(const DeliveryAddress& in, std::string_view prefix,
                             std::vector<core::FieldError>& fields) {
    DeliveryAddress out;
    Take(
        fields,
        core::NormalizeText(in.recipient, FieldName(prefix, "recipient"), {.max_code_points = kMaxRecipientCodePoints}),
        out.recipient);
    if (auto phone = core::NormalizeKoreanPhone(in.phone)) {
        out.phone = std::move(*phone);
    } else {
        fields.push_back(
            {FieldName(prefix, "phone"), "invalid_phone", "must be a Korean phone number (010-1234-5678)"});
    }
    // Blanks around the code are forgiven (pasted text); anything else is not a postal code.
    std::string_view code = in.postal_code;
    while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
    while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
    if (IsPostalCode(code)) {
        out.postal_code = std::string(code);
    } else {
        fields.push_back(
            {FieldName(prefix, "postal_code"), "invalid_postal_code", "must be the 5-digit postal code (e.g. 48058)"});
    }
    Take(fields,
         core::NormalizeText(in.road_address, FieldName(prefix, "road_address"),
                             {.max_code_points = kMaxRoadAddressCodePoints}),
         out.road_address);
    Take(fields,
         core::NormalizeText(in.detail, FieldName(prefix, "detail"),
                             {.max_code_points = kMaxAddressDetailCodePoints, .required = false}),
         out.detail);
    Take(fields,
         core::NormalizeText(in.note, FieldName(prefix, "note"),
                             {.max_code_points = kMaxDeliveryNoteCodePoints, .required = false}),
         out.note);
    return out;
}

core::Result<DeliveryAddress> NormalizeAddress(const DeliveryAddress& address, std::string_view prefix) {
    std::vector<core::FieldError> fields;
    DeliveryAddress out = CheckAddress(address, prefix, fields);
    if (!fields.empty()) {
        return core::Error::Invalid("invalid_address", "the delivery address is not complete", std::move(fields));
    }
    return out;
}

}  // namespace jangteo::orders
