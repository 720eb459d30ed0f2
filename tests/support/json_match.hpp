// Compares a JSON answer with an expected document in which some strings are placeholders for
// what differs from run to run:
//   "{{any}}"      any value          "{{string}}"  any string        "{{int}}"  any integer
//   "{{id:opr}}"   an id of that prefix                              "{{time}}" an RFC 3339 time
// Objects must have exactly the expected keys; arrays the expected elements in order.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/json.hpp"

namespace jangteo::testing {

::testing::AssertionResult JsonMatches(const core::json::value& expected, const core::json::value& actual);

}  // namespace jangteo::testing
