#include "orders/payment_provider.hpp"

#include <algorithm>
#include <stdexcept>

namespace jangteo::orders {

namespace {

constexpr std::size_t kMaxTokenBytes = 200;

bool AllDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

char Lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

}  // namespace

core::Result<CardInput> NormalizeCardInput(const CardInput& input) {
    std::vector<core::FieldError> fields;
    CardInput out;
    bool has_fields = !input.number.empty() || !input.expiry.empty() || !input.cvc.empty();
    if (!input.token.empty()) {
        if (has_fields) {
            fields.push_back({"card.token", "token_or_fields", "give either a token or the card's fields, not both"});
        } else if (input.token.size() > kMaxTokenBytes ||
                   !std::all_of(input.token.begin(), input.token.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
            fields.push_back({"card.token", "invalid_token", "must be 1 to 200 printable characters without spaces"});
        }
        out.token = input.token;
    } else {
        std::string digits;
        bool clean = input.number.size() <= 40;
        for (char c : input.number) {
            if (c >= '0' && c <= '9') {
                digits.push_back(c);
            } else if (c != ' ' && c != '-') {
                clean = false;
            }
        }
        if (input.number.empty()) {
            fields.push_back({"card.number", "required", "is required"});
        } else if (!clean || digits.size() < 12 || digits.size() > 19) {
            fields.push_back({"card.number", "invalid_number", "must be 12 to 19 digits"});
        }
        const std::string& e = input.expiry;
        bool expiry_ok = e.size() == 5 && e[2] == '/' && AllDigits(e.substr(0, 2)) && AllDigits(e.substr(3));
        if (expiry_ok) {
            int month = (e[0] - '0') * 10 + (e[1] - '0');
            expiry_ok = month >= 1 && month <= 12;
        }
        if (input.expiry.empty()) {
            fields.push_back({"card.expiry", "required", "is required"});
        } else if (!expiry_ok) {
            fields.push_back({"card.expiry", "invalid_expiry", "must be MM/YY, e.g. 09/29"});
        }
        if (input.cvc.empty()) {
            fields.push_back({"card.cvc", "required", "is required"});
        } else if (!AllDigits(input.cvc) || input.cvc.size() < 3 || input.cvc.size() > 4) {
            fields.push_back({"card.cvc", "invalid_cvc", "must be 3 or 4 digits"});
        }
        out.number = std::move(digits);
        out.expiry = input.expiry;
        out.cvc = input.cvc;
    }
    if (!fields.empty()) return core::Error::Invalid("invalid_card", "the card cannot be charged", std::move(fields));
    return out;
}

std::string_view ChargeStatusName(ChargeStatus status) {
    switch (status) {
        case ChargeStatus::kCaptured: return "captured";
        case ChargeStatus::kDeclined: return "declined";
        case ChargeStatus::kPending: return "pending";
    }
    return "declined";
}

std::string_view PaymentEventTypeName(PaymentEventType type) {
    switch (type) {
        case PaymentEventType::kPaymentCaptured: return "payment.captured";
        case PaymentEventType::kPaymentFailed: return "payment.failed";
        case PaymentEventType::kRefundSucceeded: return "refund.succeeded";
        case PaymentEventType::kOther: return "other";
    }
    return "other";
}

PaymentEventType ParsePaymentEventType(std::string_view name) {
    if (name == "payment.captured") return PaymentEventType::kPaymentCaptured;
    if (name == "payment.failed") return PaymentEventType::kPaymentFailed;
    if (name == "refund.succeeded") return PaymentEventType::kRefundSucceeded;
    return PaymentEventType::kOther;
}

std::optional<std::string_view> FindHeader(const WebhookHeaders& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (EqualsNoCase(key, name)) return std::string_view(value);
    }
    return std::nullopt;
}

void PaymentProviders::Add(PaymentProvider& provider) {
    if (Find(provider.code()) != nullptr) {
        throw std::invalid_argument("payment provider '" + std::string(provider.code()) + "' is registered twice");
    }
    providers_.push_back(&provider);
}

PaymentProvider* PaymentProviders::Find(std::string_view code) const {
    for (PaymentProvider* p : providers_) {
        if (p->code() == code) return p;
    }
    return nullptr;
}

}  // namespace jangteo::orders
