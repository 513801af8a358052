// A database URL fit for logs: the password in the authority or in a password= parameter
// replaced by ***.
#pragma once
#include <string>
#include <string_view>

namespace strata::sql::detail {

std::string redact_url(std::string_view url);

}  // namespace strata::sql::detail
