#include <strata/auth/bearer_jwt.hpp>
#include <strata/http/request.hpp>

#include <boost/json/string.hpp>

#include <cctype>
#include <stdexcept>

namespace strata::auth {
namespace {

// The token after "<scheme> ", or nullopt when the header is absent or names another scheme.
std::optional<std::string_view> credentials(const http::request& req, std::string_view scheme) {
  auto h = req.header("Authorization");
  if (!h || h->size() <= scheme.size() || (*h)[scheme.size()] != ' ') return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>((*h)[i])) != std::tolower(static_cast<unsigned char>(scheme[i])))
      return std::nullopt;
  auto token = h->substr(scheme.size() + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  return token;
}

void strings_of(const boost::json::value* v, std::vector<std::string>& out) {
  if (!v) return;
  if (v->is_string()) {
    // OAuth's "scope" is one space-separated string (RFC 8693 §4.2).
    std::string_view s = v->get_string();
    while (!s.empty()) {
      auto sp = s.find(' ');
      if (sp != 0) out.emplace_back(s.substr(0, sp));
      if (sp == std::string_view::npos) break;
      s.remove_prefix(sp + 1);
    }
  } else if (v->is_array()) {
    for (const auto& item : v->get_array())
      if (item.is_string()) out.emplace_back(item.get_string());
  }
}

// The challenge parameter value: a quoted-string without quotes or backslashes in it.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text)
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) out += c;
  return out + "\"";
}

class bearer_jwt_strategy final : public strategy {
public:
  explicit bearer_jwt_strategy(bearer_jwt_options o) : o_(std::move(o)) {
    if (!o_.keys) throw std::invalid_argument("bearer_jwt needs a key source");
  }
  std::string_view name() const override { return o_.name; }

  task<attempt> authenticate(http::request& req) override {
    auto token = credentials(req, o_.scheme);
    if (!token) co_return attempt::pass();
    const std::string copy(*token);  // the header must not be needed across the awaits below
    auto verified = co_await jwt::verify(copy, *o_.keys, o_.verify);
    if (!verified) co_return attempt::failure("The token is not valid: " + verified.message);
    std::optional<principal> who;
    if (o_.to_principal) who = co_await o_.to_principal(*verified);
    else who = principal_from_claims(verified->claims);
    if (!who || who->id.empty()) co_return attempt::failure("The token's subject is not accepted.");
    co_return attempt::success(std::move(*who));
  }

  std::string challenge(std::string_view failure) const override {
    std::string c = o_.scheme + " realm=" + quoted(o_.realm);
    if (!failure.empty()) c += ", error=\"invalid_token\", error_description=" + quoted(failure);
    return c;
  }

  boost::json::object security_scheme() const override {
    if (o_.scheme == "Bearer" || o_.scheme == "bearer")
      return {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}};
    // Another scheme word is not an HTTP auth scheme OpenAPI knows: document the header.
    return {{"type", "apiKey"}, {"in", "header"}, {"name", "Authorization"},
            {"description", "\"" + o_.scheme + " <JWT>\""}};
  }

private:
  bearer_jwt_options o_;
};

}  // namespace

principal principal_from_claims(const boost::json::object& claims) {
  principal p;
  if (const auto* sub = claims.if_contains("sub"); sub && sub->is_string()) p.id = std::string(sub->get_string());
  strings_of(claims.if_contains("roles"), p.roles);
  strings_of(claims.if_contains("scope"), p.scopes);
  strings_of(claims.if_contains("scp"), p.scopes);
  strings_of(claims.if_contains("permissions"), p.scopes);
  p.claims = claims;
  return p;
}

std::shared_ptr<strategy> bearer_jwt(bearer_jwt_options options) {
  return std::make_shared<bearer_jwt_strategy>(std::move(options));
}

}  // namespace strata::auth
