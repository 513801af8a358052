// The non-template half of row mapping: column lookup and error context.
#include <strata/orm/mapping.hpp>

namespace strata::orm::detail {

std::vector<int> column_positions(const sql::result& r, const std::vector<std::string>& names) {
  std::vector<int> out(names.size(), -1);
  for (std::size_t c = 0; c < r.columns(); ++c) {
    auto name = r.column_name(c);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (out[i] < 0 && names[i] == name) {
        out[i] = static_cast<int>(c);
        break;
      }
  }
  return out;
}

void rethrow_decode_error(const sql::error& e, const std::string& table, const std::string& column) {
  throw sql::error(e.sqlstate(), table + "." + column + ": " + e.what(), e.detail(), e.constraint());
}

}  // namespace strata::orm::detail
