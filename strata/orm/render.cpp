// Expressions and conditions into SQL text. Where the dialects differ (ILIKE, list membership,
// boolean literals) the difference is decided here and nowhere else.
#include <strata/orm/detail/sql_writer.hpp>
#include <strata/orm/render.hpp>

#include <stdexcept>
#include <variant>

namespace strata::orm::detail {
namespace {

std::string_view op_text(compare_op op) {
  switch (op) {
    case compare_op::eq: return " = ";
    case compare_op::ne: return " <> ";
    case compare_op::lt: return " < ";
    case compare_op::le: return " <= ";
    case compare_op::gt: return " > ";
    case compare_op::ge: return " >= ";
  }
  return " = ";
}

bool is_null_value(const node& n) {
  return n.kind == node_kind::value && std::holds_alternative<std::monostate>(n.value);
}

// A whole list as one array parameter when every element is an integer (or every one a string):
// one statement text whatever the list's length, so the prepared-statement cache keeps one entry.
std::optional<sql::param> as_array(const std::vector<sql::param>& values) {
  if (values.empty()) return std::nullopt;
  if (std::holds_alternative<std::int64_t>(values.front())) {
    std::vector<std::int64_t> out;
    out.reserve(values.size());
    for (auto& v : values) {
      if (auto* i = std::get_if<std::int64_t>(&v)) out.push_back(*i);
      else return std::nullopt;
    }
    return sql::param(std::move(out));
  }
  if (std::holds_alternative<std::string>(values.front())) {
    std::vector<std::string> out;
    out.reserve(values.size());
    for (auto& v : values) {
      if (auto* s = std::get_if<std::string>(&v)) out.push_back(*s);
      else return std::nullopt;
    }
    return sql::param(std::move(out));
  }
  return std::nullopt;
}

void write_in(sql_writer& w, const node& n) {
  const bool negated = n.flag;
  if (n.values.empty()) {
    // IN () is a syntax error in PostgreSQL; an empty list matches nothing (NOT IN: everything).
    w.expression(*make_boolean(negated));
    return;
  }
  if (auto array = as_array(n.values)) {
    w.expression(*n.children[0]);
    if (w.dialect == sql::dialect::postgres) {
      w.sql += negated ? " <> ALL(" : " = ANY(";
      w.placeholder(std::move(*array));
      w.sql += ')';
    } else {
      // SQLite binds arrays as JSON text; json_each unpacks it.
      w.sql += negated ? " NOT IN (SELECT value FROM json_each(" : " IN (SELECT value FROM json_each(";
      w.placeholder(std::move(*array));
      w.sql += "))";
    }
    return;
  }
  w.expression(*n.children[0]);
  w.sql += negated ? " NOT IN (" : " IN (";
  for (std::size_t i = 0; i < n.values.size(); ++i) {
    if (i) w.sql += ", ";
    w.placeholder(n.values[i]);
  }
  w.sql += ')';
}

void write_like(sql_writer& w, const node& n) {
  // ESCAPE makes backslash the escape character in both dialects (SQLite has none by default),
  // so escape_like() patterns mean the same everywhere.
  if (n.flag && w.dialect == sql::dialect::sqlite) {
    w.sql += "lower(";
    w.expression(*n.children[0]);
    w.sql += ") LIKE lower(";
    w.expression(*n.children[1]);
    w.sql += ") ESCAPE '\\'";
    return;
  }
  w.expression(*n.children[0]);
  w.sql += n.flag ? " ILIKE " : " LIKE ";
  w.expression(*n.children[1]);
  w.sql += " ESCAPE '\\'";
}

void write_logical(sql_writer& w, const node& n, std::string_view joiner) {
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    if (i) w.sql += joiner;
    const node& c = *n.children[i];
    // Nested AND/OR and raw fragments get parentheses so grouping never depends on precedence.
    bool wrap = (c.kind == node_kind::all_of || c.kind == node_kind::any_of || c.kind == node_kind::raw) &&
                c.kind != n.kind;
    if (wrap) w.sql += '(';
    w.expression(c);
    if (wrap) w.sql += ')';
  }
}

void write_raw(sql_writer& w, const node& n) {
  w.sql += shift_placeholders(n.text, w.params.size());
  w.params.insert(w.params.end(), n.values.begin(), n.values.end());
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string shift_placeholders(std::string_view sql, std::size_t offset) {
  std::string out;
  out.reserve(sql.size() + 8);
  char quote = 0;  // inside '...' or "..." when set
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      std::size_t j = i + 1;
      std::size_t number = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') number = number * 10 + static_cast<std::size_t>(sql[j++] - '0');
      out += '$';
      out += std::to_string(number + offset);
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

void sql_writer::placeholder(sql::param p) {
  params.push_back(std::move(p));
  sql += '$';
  sql += std::to_string(params.size());
}

void sql_writer::identifier(std::string_view name) { sql += quote_identifier(name); }

void sql_writer::identifiers(const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) sql += ", ";
    identifier(names[i]);
  }
}

void sql_writer::expression(const node& n) {
  switch (n.kind) {
    case node_kind::column:
      if (qualify && !n.table.empty()) {
        identifier(n.table);
        sql += '.';
      }
      identifier(n.text);
      return;
    case node_kind::value: placeholder(n.value); return;
    case node_kind::star: sql += '*'; return;
    case node_kind::boolean:
      if (dialect == sql::dialect::postgres) sql += n.flag ? "TRUE" : "FALSE";
      else sql += n.flag ? "1" : "0";  // SQLite has no boolean type; TRUE is only an alias of 1
      return;
    case node_kind::compare:
      // = NULL is never true; a comparison with a null value means IS [NOT] NULL.
      if ((n.op == compare_op::eq || n.op == compare_op::ne) && is_null_value(*n.children[1])) {
        expression(*n.children[0]);
        sql += n.op == compare_op::eq ? " IS NULL" : " IS NOT NULL";
        return;
      }
      expression(*n.children[0]);
      sql += op_text(n.op);
      expression(*n.children[1]);
      return;
    case node_kind::like: write_like(*this, n); return;
    case node_kind::in_list: write_in(*this, n); return;
    case node_kind::is_null:
      expression(*n.children[0]);
      sql += n.flag ? " IS NOT NULL" : " IS NULL";
      return;
    case node_kind::between:
      expression(*n.children[0]);
      sql += " BETWEEN ";
      expression(*n.children[1]);
      sql += " AND ";
      expression(*n.children[2]);
      return;
    case node_kind::all_of: write_logical(*this, n, " AND "); return;
    case node_kind::any_of: write_logical(*this, n, " OR "); return;
    case node_kind::negate:
      sql += "NOT (";
      expression(*n.children[0]);
      sql += ')';
      return;
    case node_kind::call:
      sql += n.text;
      sql += '(';
      if (n.flag) sql += "DISTINCT ";
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i) sql += ", ";
        expression(*n.children[i]);
      }
      sql += ')';
      return;
    case node_kind::tuple:
      sql += '(';
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i) sql += ", ";
        expression(*n.children[i]);
      }
      sql += ')';
      return;
    case node_kind::raw: write_raw(*this, n); return;
  }
  throw std::logic_error("orm: unknown expression node");
}

sql::statement render_condition(const node_ptr& condition, sql::dialect d) {
  sql_writer w{d};
  if (condition) w.expression(*condition);
  return w.finish();
}

}  // namespace strata::orm::detail
