// PostgreSQL's text form of a one-dimensional array: '{1,2,"a b",NULL}'.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql::detail {

// The elements (nullopt for NULL), or nullopt when the text is not a one-dimensional array.
std::optional<std::vector<std::optional<std::string>>> parse_pg_array(std::string_view text);

}  // namespace strata::sql::detail
