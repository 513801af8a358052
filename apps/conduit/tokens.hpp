// Users' tokens: HS256 JWTs whose subject is the user id, sent as `Authorization: Token <jwt>`
// (the RealWorld scheme word) and checked by the framework's bearer_jwt strategy.
#pragma once
#include "context.hpp"
#include "models.hpp"

#include <strata/auth/strategy.hpp>
#include <strata/http/request.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace conduit {

inline constexpr const char* token_strategy_name = "token";

std::string issue_token(const context& ctx, const user& u);
std::shared_ptr<strata::auth::strategy> token_strategy(const context& ctx);

// The authenticated user's id, or nullopt for an anonymous request.
std::optional<std::int64_t> viewer_id(strata::http::request& req);
// The authenticated user's id; 401 when anonymous.
std::int64_t require_viewer(strata::http::request& req);
// The token the request came with (GET /user answers with it).
std::string presented_token(strata::http::request& req);

}  // namespace conduit
