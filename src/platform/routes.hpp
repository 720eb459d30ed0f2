// The HTTP binding of the platform module: parse, call the service, render.
#pragma once

#include "http/router.hpp"
#include "platform/operator.hpp"

namespace jangteo::platform {

void AddRoutes(http::Router& router, OperatorService& operators);

}  // namespace jangteo::platform
