// Conduit's routes, one file per part of the spec. Each adds its routes to the /api scope.
#pragma once
#include "context.hpp"

#include <strata/http/router.hpp>

#include <memory>

namespace conduit {

// The login limit's settings and store are in main; register and login go in `limited`.
void add_user_routes(strata::http::scope& api, strata::http::scope& limited, std::shared_ptr<context> ctx);
void add_profile_routes(strata::http::scope& api, std::shared_ptr<context> ctx);
void add_article_routes(strata::http::scope& api, std::shared_ptr<context> ctx);
void add_article_write_routes(strata::http::scope& api, std::shared_ptr<context> ctx);
void add_comment_routes(strata::http::scope& api, std::shared_ptr<context> ctx);
void add_tag_routes(strata::http::scope& api, std::shared_ptr<context> ctx);

// Route auth: a token required, or read when one comes.
strata::http::auth_requirement token_required();
strata::http::auth_requirement token_optional();

}  // namespace conduit
