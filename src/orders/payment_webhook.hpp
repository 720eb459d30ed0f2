// The signature of payment webhooks: a gateway POSTs a JSON body with the header
//
//   Jangteo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//
// so that nobody without the shared secret can tell the server that a payment was captured. The
// time inside the signed text bounds replays to kWebhookTolerance either side of now. Several v1
// entries may be given (a gateway signing with an old and a new secret while the secret is
// rotated): one that matches is enough. Keys other than t and v1 are ignored (later schemes).
//
//   std::string header = orders::SignWebhook(secret, now, body);          // the sender's side
//   core::Status ok = orders::VerifyWebhookSignature(secret, header, body, clock.Now());
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace jangteo::orders {

// The header's name, lower case as the HTTP layer keeps names.
inline constexpr std::string_view kSignatureHeader = "jangteo-signature";
// How far the signed time may be from now, either way: gateways retry deliveries for hours, but each
// retry is signed anew, so five minutes allows for clock skew and a slow network, not more.
inline constexpr std::chrono::seconds kWebhookTolerance = std::chrono::minutes(5);

// The header value that signs `body` at `at` (whole seconds) with `secret`.
std::string SignWebhook(std::string_view secret, core::TimePoint at, std::string_view body);

// Checks `header` (the value of Jangteo-Signature; nullopt when the request had none) against `body`.
// Every refusal is kUnauthenticated "bad_signature" (HTTP 401), whether the header is missing or
// malformed, its time is more than `tolerance` from `now`, or no v1 matches: the message says which,
// the code does not, so that a prober learns nothing it did not send. Signatures are compared in
// constant time.
core::Status VerifyWebhookSignature(std::string_view secret, std::optional<std::string_view> header,
                                    std::string_view body, core::TimePoint now,
                                    std::chrono::seconds tolerance = kWebhookTolerance);

}  // namespace jangteo::orders
