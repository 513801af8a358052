// client_request: header access and the JSON, form and Authorization helpers.
#include <boost/json/serialize.hpp>
#include <strata/http/client_request.hpp>
#include <strata/http/detail/client_headers.hpp>

namespace strata::http {

client_request& client_request::header(std::string_view name, std::string_view value) {
  detail::set_header(headers, name, value);
  return *this;
}

std::optional<std::string_view> client_request::header(std::string_view name) const {
  return detail::find_header(headers, name);
}

bool client_request::remove_header(std::string_view name) {
  return detail::remove_header(headers, name);
}

client_request& client_request::json(const boost::json::value& v) {
  body = boost::json::serialize(v);
  return header("Content-Type", "application/json");
}

client_request& client_request::form(const std::vector<std::pair<std::string, std::string>>& fields) {
  body = form_encode(fields);
  return header("Content-Type", "application/x-www-form-urlencoded");
}

client_request& client_request::basic_auth(std::string_view user, std::string_view password) {
  return header("Authorization", detail::basic_credentials(user, password));
}

client_request& client_request::bearer(std::string_view token) {
  std::string v = "Bearer ";
  v.append(token);
  return header("Authorization", v);
}

std::string form_encode_component(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' || c == '-' ||
        c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += form_encode_component(k);
    out += '=';
    out += form_encode_component(v);
  }
  return out;
}

}  // namespace strata::http
