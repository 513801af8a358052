// Case-insensitive access to the header lists of client requests and responses.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http::detail {

using header_list = std::vector<std::pair<std::string, std::string>>;

bool header_name_equals(std::string_view a, std::string_view b) noexcept;
std::optional<std::string_view> find_header(const header_list& headers, std::string_view name);
void set_header(header_list& headers, std::string_view name, std::string_view value);
bool remove_header(header_list& headers, std::string_view name);
// "Basic " + base64(user ":" password), an Authorization value (RFC 7617).
std::string basic_credentials(std::string_view user, std::string_view password);

}  // namespace strata::http::detail
