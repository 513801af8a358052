// request accessors: lazy query parsing, parameter decoding, cookies and the JSON body.
#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/json_numbers.hpp>
#include <strata/http/router.hpp>

#include <boost/json/parse.hpp>

namespace strata::http {

std::optional<std::string_view> request::header(std::string_view name) const {
  for (const auto& h : head_->headers)
    if (iequals(h.name, name)) return h.value;
  return std::nullopt;
}

const std::vector<std::pair<std::string, std::string>>& request::query_params() const {
  if (query_parsed_) return query_;
  query_parsed_ = true;
  query_ = parse_urlencoded(head_->query);
  return query_;
}

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string key, value;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto k = pair.substr(0, eq);
    auto v = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    // A malformed escape keeps the raw text rather than failing the whole request, as Node's
    // querystring does.
    if (!percent_decode(k, key, true)) key.assign(k);
    if (!percent_decode(v, value, true)) value.assign(v);
    out.emplace_back(key, value);
  }
  return out;
}

std::optional<std::string_view> request::query(std::string_view name) const {
  for (const auto& [k, v] : query_params())
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

std::string_view request::param(std::string_view name) const {
  for (const auto& p : params_) {
    if (p.name != name) continue;
    if (!needs_decoding(p.value, false)) return p.value;
    std::string decoded;
    if (!percent_decode(p.value, decoded, false)) return p.value;
    decoded_params_.push_back(std::move(decoded));
    return decoded_params_.back();
  }
  return {};
}

std::optional<std::string_view> request::cookie(std::string_view name) const {
  for (const auto& h : head_->headers) {
    if (!iequals(h.name, "cookie")) continue;
    std::string_view list = h.value;
    while (!list.empty()) {
      auto semi = list.find(';');
      auto item = list.substr(0, semi);
      list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      auto eq = item.find('=');
      if (eq == std::string_view::npos || item.substr(0, eq) != name) continue;
      auto v = item.substr(eq + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return std::nullopt;
}

const boost::json::value& request::json() const {
  if (!json_) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body_, ec);
    if (ec) throw http_error(400, "Invalid JSON body", ec.message());
    if (!numbers_are_finite(v)) throw http_error(400, "Invalid JSON body", "a number is too large for a double");
    json_ = std::move(v);
  }
  return *json_;
}

std::string_view request::route_pattern() const { return route_ ? std::string_view(route_->pattern) : std::string_view(); }

}  // namespace strata::http
