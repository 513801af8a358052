// RealWorld's error shape. The framework answers errors as RFC 9457 problem documents; the spec's
// clients expect {"errors": {"field": ["message", ...]}} and 422 for any invalid input. This
// on_send hook (NestJS' exception filter, Fastify's setErrorHandler) rewrites every problem
// document the /api scope answers with, whoever wrote it: schema validation, auth, the ORM.
#pragma once
#include <strata/http/router.hpp>

#include <string>

namespace conduit {

// Installs the rewrite on a scope.
void use_realworld_errors(strata::http::scope& api);

// Throws 422 with {"errors": {field: [message]}}.
[[noreturn]] void unprocessable(const std::string& field, const std::string& message);

}  // namespace conduit
