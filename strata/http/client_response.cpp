// client_response: header lookup, JSON parsing and the status check.
#include <boost/json/parse.hpp>
#include <strata/http/client_error.hpp>
#include <strata/http/client_response.hpp>
#include <strata/http/detail/client_headers.hpp>

namespace strata::http {

std::optional<std::string_view> client_response::header(std::string_view name) const {
  return detail::find_header(headers, name);
}

std::vector<std::string_view> client_response::header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : headers)
    if (detail::header_name_equals(k, name)) out.emplace_back(v);
  return out;
}

boost::json::value client_response::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) throw client_error(client_error_kind::protocol, method, url, "response body is not JSON: " + ec.message());
  return v;
}

const client_response& client_response::ensure_ok() const {
  if (ok()) return *this;
  // A little of the body says why (an OAuth error code, a problem title) without flooding logs.
  std::string why = "upstream answered " + std::to_string(status);
  if (!body.empty()) {
    std::string excerpt = body.substr(0, 200);
    for (auto& c : excerpt)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    why += ": " + excerpt;
  }
  client_error e(client_error_kind::status, method, url, why);
  e.set_upstream_status(status);
  throw e;
}

}  // namespace strata::http
