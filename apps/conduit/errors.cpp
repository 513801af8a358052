#include "errors.hpp"

#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>

#include <boost/json.hpp>

namespace conduit {
namespace {

namespace json = boost::json;

// The field an error is about: the property a "required" error names, else the last segment of
// its instance path below the body's envelope ("/body/user/email" -> "email"), else "body".
std::string field_of(const json::object& e) {
  const auto* message = e.if_contains("message");
  const std::string_view text = message && message->is_string() ? std::string_view(message->get_string()) : "";
  if (const auto* k = e.if_contains("keyword"); k && k->is_string() && k->get_string() == "required") {
    auto open = text.find('\''), close = text.rfind('\'');
    if (open != std::string_view::npos && close > open) return std::string(text.substr(open + 1, close - open - 1));
  }
  std::string_view path;
  if (const auto* p = e.if_contains("instancePath"); p && p->is_string()) path = p->get_string();
  auto slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (last.empty() || last == "body" || last == "user" || last == "article" || last == "comment") return "body";
  return std::string(last);
}

std::string message_of(const json::object& e) {
  if (const auto* k = e.if_contains("keyword"); k && k->is_string() && k->get_string() == "required")
    return "can't be blank";
  if (const auto* m = e.if_contains("message"); m && m->is_string()) return std::string(m->get_string());
  return "is invalid";
}

void add(json::object& errors, const std::string& field, std::string message) {
  auto& list = errors[field];
  if (!list.is_array()) list = json::array();
  list.as_array().emplace_back(std::move(message));
}

json::object realworld_errors(const json::object& problem) {
  json::object errors;
  if (const auto* list = problem.if_contains("errors")) {
    if (list->is_object()) return list->get_object();  // already RealWorld's shape (unprocessable())
    if (list->is_array())
      for (const auto& e : list->get_array())
        if (e.is_object()) add(errors, field_of(e.get_object()), message_of(e.get_object()));
  }
  if (errors.empty()) {
    const auto* detail = problem.if_contains("detail");
    const auto* title = problem.if_contains("title");
    std::string text = detail && detail->is_string() ? std::string(detail->get_string())
                       : title && title->is_string() ? std::string(title->get_string())
                                                     : "request failed";
    add(errors, "body", std::move(text));
  }
  return errors;
}

}  // namespace

void use_realworld_errors(strata::http::scope& api) {
  api.on_send([](strata::http::request&, strata::http::response& res) {
    auto type = res.header("Content-Type");
    if (!type || !type->starts_with("application/problem+json")) return;
    json::error_code ec;
    auto doc = json::parse(res.body(), ec);
    if (ec || !doc.is_object()) return;
    // The spec answers every invalid input with 422, malformed JSON included.
    if (res.status() == 400) res.status(422);
    res.set("Content-Type", "application/json; charset=utf-8");
    res.body() = json::serialize(json::object{{"errors", realworld_errors(doc.get_object())}});
  });
}

void unprocessable(const std::string& field, const std::string& message) {
  throw strata::http::http_error(422, "Unprocessable Entity", message,
                                 {{"errors", json::object{{field, json::array{json::value(message)}}}}});
}

}  // namespace conduit
