// POST /users (register), POST /users/login, GET /user, PUT /user.
#include "cache_keys.hpp"
#include "errors.hpp"
#include "json_fields.hpp"
#include "routes.hpp"
#include "schemas.hpp"
#include "tokens.hpp"
#include "views.hpp"

#include <strata/auth/password.hpp>
#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/orm/orm.hpp>
#include <strata/schema/validation.hpp>
#include <strata/sql/error.hpp>

namespace conduit {
namespace {

namespace auth = strata::auth;
namespace http = strata::http;
namespace orm = strata::orm;
using orm::col;
using strata::task;

task<std::optional<user>> user_where(strata::sql::executor& ex, orm::condition c) {
  auto q = orm::repo<user>(ex).query();
  q.where(c);
  co_return co_await q.first();
}

// 422 when another user has this email or username.
// (Conditions and strings are named before co_await throughout: GCC 12 destroys temporaries
// inside a co_await expression twice.)
task<void> require_free(strata::sql::executor& ex, std::string_view field, orm::condition taken, std::int64_t self = 0) {
  auto other = co_await user_where(ex, std::move(taken));
  if (other && other->id != self) unprocessable(std::string(field), "has already been taken");
}

task<std::string> hash_or_fail(std::string password) {
  auto hashed = co_await auth::hash_password(std::move(password));
  if (!hashed) throw std::runtime_error("password hashing failed: " + std::string(auth::to_string(hashed.error)));
  co_return std::move(hashed.hash);
}

task<void> register_user(context& ctx, http::request& req, http::response& res) {
  const auto& in = envelope_of(strata::schema::body(req), "user");
  std::string username = *string_field(in, "username"), email = *string_field(in, "email");
  std::string password = *string_field(in, "password");
  const auto name_taken = col(&user::username) == username;
  co_await require_free(ctx.db, "username", name_taken);
  const auto email_taken = col(&user::email) == email;
  co_await require_free(ctx.db, "email", email_taken);
  user u{.username = std::move(username), .email = std::move(email)};
  u.password_hash = co_await hash_or_fail(std::move(password));
  try {
    u = co_await orm::repo<user>(ctx.db).insert(std::move(u));
  } catch (const strata::sql::error& e) {
    // Registered by a concurrent request between the checks above and this insert.
    if (!e.is_unique_violation()) throw;
    unprocessable("email or username", "has already been taken");
  }
  res.status(201).json(boost::json::object{{"user", user_view(u, issue_token(ctx, u))}});
}

task<void> login(context& ctx, http::request& req, http::response& res) {
  const auto& in = envelope_of(strata::schema::body(req), "user");
  std::string email = *string_field(in, "email");
  std::string password = *string_field(in, "password");
  const auto by_email = col(&user::email) == email;
  auto found = co_await user_where(ctx.db, by_email);
  // Unknown email and wrong password answer alike, and both cost a hash (no timing oracle).
  auto check = auth::password_check::wrong;
  if (found) {
    check = co_await auth::verify_password(password, found->password_hash);
  } else {
    co_await hash_or_fail(password);
  }
  if (!found || !auth::matched(check))
    throw http::http_error(401, "Unauthorized", "email or password is invalid",
                           {{"errors", boost::json::object{{"email or password", boost::json::array{"is invalid"}}}}});
  if (check == auth::password_check::needs_rehash) {
    found->password_hash = co_await hash_or_fail(std::move(password));
    *found = co_await orm::repo<user>(ctx.db).update(*found);
  }
  res.json(boost::json::object{{"user", user_view(*found, issue_token(ctx, *found))}});
}

task<user> current_user(context& ctx, http::request& req) {
  const auto id = require_viewer(req);
  auto found = co_await orm::repo<user>(ctx.db).find(id);
  if (!found) throw http::http_error(401, "Unauthorized", "The token's user no longer exists.");
  co_return std::move(*found);
}

task<void> get_user(context& ctx, http::request& req, http::response& res) {
  auto u = co_await current_user(ctx, req);
  res.json(boost::json::object{{"user", user_view(u, presented_token(req))}});
}

task<void> update_user(context& ctx, http::request& req, http::response& res) {
  auto u = co_await current_user(ctx, req);
  const auto& in = envelope_of(strata::schema::body(req), "user");
  if (auto email = string_field(in, "email"); email && *email != u.email) {
    const auto taken = col(&user::email) == *email;
    co_await require_free(ctx.db, "email", taken, u.id);
    u.email = std::move(*email);
  }
  if (auto name = string_field(in, "username"); name && *name != u.username) {
    const auto taken = col(&user::username) == *name;
    co_await require_free(ctx.db, "username", taken, u.id);
    u.username = std::move(*name);
  }
  if (auto password = string_field(in, "password")) u.password_hash = co_await hash_or_fail(std::move(*password));
  if (auto bio = nullable_field(in, "bio")) u.bio = std::move(*bio);
  if (auto image = nullable_field(in, "image")) u.image = std::move(*image);
  u = co_await orm::repo<user>(ctx.db).update(u);
  // Profiles and the articles that embed this author are cached as anonymous readers see them.
  std::string user_tag = keys::user(u.id), lists_tag(keys::article_lists);
  co_await ctx.cache->invalidate_tag(std::move(user_tag));
  co_await ctx.cache->invalidate_tag(std::move(lists_tag));
  res.json(boost::json::object{{"user", user_view(u, presented_token(req))}});
}

}  // namespace

void add_user_routes(http::scope& api, http::scope& limited, std::shared_ptr<context> ctx) {
  limited.post(
      "/users", [ctx](http::request& req, http::response& res) { return register_user(*ctx, req, res); },
      {.summary = "Register a user", .tags = {"User and Authentication"}, .operation_id = "CreateUser",
       .schema = schemas::registration()});
  limited.post(
      "/users/login", [ctx](http::request& req, http::response& res) { return login(*ctx, req, res); },
      {.summary = "Log in", .tags = {"User and Authentication"}, .operation_id = "Login", .schema = schemas::login()});
  api.get(
      "/user", [ctx](http::request& req, http::response& res) { return get_user(*ctx, req, res); },
      {.summary = "The current user", .tags = {"User and Authentication"}, .operation_id = "GetCurrentUser",
       .schema = schemas::user_response(), .auth = token_required()});
  api.put(
      "/user", [ctx](http::request& req, http::response& res) { return update_user(*ctx, req, res); },
      {.summary = "Update the current user", .tags = {"User and Authentication"},
       .operation_id = "UpdateCurrentUser", .schema = schemas::user_update(), .auth = token_required()});
}

http::auth_requirement token_required() { return {.strategies = {token_strategy_name}}; }
http::auth_requirement token_optional() { return {.strategies = {token_strategy_name}, .optional = true}; }

}  // namespace conduit
