// Model metadata checks: a model with a missing key or duplicate columns fails at first use with
// a message naming it, not later with an SQL error.
#include <strata/orm/model.hpp>

#include <algorithm>

namespace strata::orm {

std::optional<std::size_t> model_info::find(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i] == name || columns[i] == name) return i;
  return std::nullopt;
}

namespace detail {

model_info make_model_info(std::string table, std::vector<std::string> fields, std::vector<std::string> columns,
                           std::string_view primary_key, bool auto_increment, std::string_view created_at,
                           std::string_view updated_at, std::string_view deleted_at) {
  model_info m;
  m.table = std::move(table);
  m.fields = std::move(fields);
  m.columns = std::move(columns);
  m.auto_increment = auto_increment;
  if (m.table.empty()) throw std::logic_error("orm: a model needs a table name");
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    if (m.columns[i].empty()) throw std::logic_error("orm: " + m.table + "." + m.fields[i] + " has an empty column name");
    if (std::find(m.columns.begin() + static_cast<std::ptrdiff_t>(i) + 1, m.columns.end(), m.columns[i]) != m.columns.end())
      throw std::logic_error("orm: " + m.table + " maps two fields to column " + m.columns[i]);
  }
  auto field_named = [&](std::string_view name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    auto it = std::find(m.fields.begin(), m.fields.end(), name);
    if (it == m.fields.end()) return std::nullopt;
    return static_cast<std::size_t>(it - m.fields.begin());
  };
  auto pk = field_named(primary_key);
  if (!pk) throw std::logic_error("orm: " + m.table + " has no primary key field '" + std::string(primary_key) + "'");
  m.primary_key = *pk;
  m.created_at = field_named(created_at);
  m.updated_at = field_named(updated_at);
  m.deleted_at = field_named(deleted_at);
  return m;
}

}  // namespace detail
}  // namespace strata::orm
