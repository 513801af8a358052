#include <strata/auth/credentials.hpp>
#include <strata/auth/detail/base64.hpp>
#include <strata/http/request.hpp>

#include <boost/json/value.hpp>

#include <stdexcept>

namespace strata::auth {
namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

template <class Options>
void require_verify(const Options& o, std::string_view kind) {
  if (!o.verify) throw std::invalid_argument(std::string(kind) + " strategy needs a verify function");
}

class api_key_strategy final : public strategy {
public:
  explicit api_key_strategy(api_key_options o) : o_(std::move(o)) { require_verify(o_, "api_key"); }
  std::string_view name() const override { return o_.name; }

  task<attempt> authenticate(http::request& req) override {
    std::optional<std::string_view> key;
    if (!o_.header.empty()) key = req.header(o_.header);
    if (!key && !o_.query.empty()) key = req.query(o_.query);
    if (!key) co_return attempt::pass();
    if (key->empty()) co_return attempt::failure("The API key is empty.");
    auto who = co_await o_.verify(std::string(*key));
    if (!who) co_return attempt::failure("The API key is not valid.");
    co_return attempt::success(std::move(*who));
  }

  boost::json::object security_scheme() const override {
    if (!o_.header.empty()) return {{"type", "apiKey"}, {"in", "header"}, {"name", o_.header}};
    return {{"type", "apiKey"}, {"in", "query"}, {"name", o_.query}};
  }

private:
  api_key_options o_;
};

class basic_strategy final : public strategy {
public:
  explicit basic_strategy(basic_options o) : o_(std::move(o)) { require_verify(o_, "basic"); }
  std::string_view name() const override { return o_.name; }

  task<attempt> authenticate(http::request& req) override {
    auto h = req.header("Authorization");
    if (!h || !iequals_prefix(*h, "Basic ")) co_return attempt::pass();
    auto decoded = detail::base64_decode(h->substr(6));
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) co_return attempt::failure("The Basic credentials are malformed.");
    auto who = co_await o_.verify(decoded->substr(0, colon), decoded->substr(colon + 1));
    if (!who) co_return attempt::failure("Invalid username or password.");
    co_return attempt::success(std::move(*who));
  }

  std::string challenge(std::string_view) const override {
    return "Basic realm=\"" + o_.realm + "\", charset=\"UTF-8\"";
  }
  boost::json::object security_scheme() const override { return {{"type", "http"}, {"scheme", "basic"}}; }

private:
  basic_options o_;
};

class local_strategy final : public strategy {
public:
  explicit local_strategy(local_options o) : o_(std::move(o)) { require_verify(o_, "local"); }
  std::string_view name() const override { return o_.name; }

  task<attempt> authenticate(http::request& req) override {
    std::optional<std::string> user, pass;
    auto type = req.header("Content-Type").value_or("");
    if (iequals_prefix(type, "application/x-www-form-urlencoded")) {
      for (auto& [k, v] : http::parse_urlencoded(req.body())) {
        if (k == o_.username_field) user = v;
        if (k == o_.password_field) pass = v;
      }
    } else if (!req.body().empty()) {
      const boost::json::value* fields = nullptr;
      try {
        const auto& body = req.json();
        boost::system::error_code ec;
        fields = o_.json_pointer.empty() ? &body : body.find_pointer(o_.json_pointer, ec);
      } catch (const std::exception&) {
        co_return attempt::pass();  // not JSON: the body parser answers 400 on its own
      }
      if (fields && fields->is_object()) {
        const auto& obj = fields->get_object();
        if (auto* u = obj.if_contains(o_.username_field); u && u->is_string()) user = std::string(u->get_string());
        if (auto* p = obj.if_contains(o_.password_field); p && p->is_string()) pass = std::string(p->get_string());
      }
    }
    if (!user || !pass) co_return attempt::pass();
    auto who = co_await o_.verify(std::move(*user), std::move(*pass));
    if (!who) co_return attempt::failure("Invalid username or password.");
    co_return attempt::success(std::move(*who));
  }

private:
  local_options o_;
};

}  // namespace

std::shared_ptr<strategy> api_key(api_key_options options) {
  return std::make_shared<api_key_strategy>(std::move(options));
}
std::shared_ptr<strategy> basic(basic_options options) { return std::make_shared<basic_strategy>(std::move(options)); }
std::shared_ptr<strategy> local(local_options options) { return std::make_shared<local_strategy>(std::move(options)); }

}  // namespace strata::auth
