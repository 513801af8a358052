// Header list helpers shared by client_request and client_response.
#include <algorithm>
#include <strata/http/detail/client_headers.hpp>

namespace strata::http::detail {

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> find_header(const header_list& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (header_name_equals(k, name)) return std::string_view(v);
  return std::nullopt;
}

void set_header(header_list& headers, std::string_view name, std::string_view value) {
  remove_header(headers, name);
  headers.emplace_back(std::string(name), std::string(value));
}

bool remove_header(header_list& headers, std::string_view name) {
  return std::erase_if(headers, [&](const auto& h) { return header_name_equals(h.first, name); }) > 0;
}

std::string basic_credentials(std::string_view user, std::string_view password) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string in;
  in.append(user).append(":").append(password);
  std::string out = "Basic ";
  unsigned bits = 0;
  int count = 0;
  for (unsigned char c : in) {
    bits = ((bits << 8) | c) & 0xffffu;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += table[(bits >> count) & 63];
    }
  }
  if (count > 0) out += table[(bits << (6 - count)) & 63];
  while ((out.size() - 6) % 4) out += '=';
  return out;
}

}  // namespace strata::http::detail
