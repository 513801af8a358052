// Filter tree -> SQL, per dialect. The shapes (documented with examples in sql_filter_test.cpp):
//  equality / $in   SQLite: a typed comparison of json_type + json_extract, or of an array element
//                   through json_each; PostgreSQL: doc @> {"a":v} OR doc @> {"a":[v]}, which a GIN
//                   (jsonb_path_ops) index answers.
//  ranges           a type check, then the comparison (numbers numerically, strings bytewise:
//                   SQLite's BINARY collation, PostgreSQL's COLLATE "C"), or the same on an element.
//  $ne / $nin       NOT COALESCE(positive, FALSE): a missing field makes the positive NULL, and
//                   NOT NULL would drop the row that MongoDB keeps.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <strata/document/field_path.hpp>
#include <strata/document/sql_filter.hpp>

namespace strata::document::detail {

namespace {

sql::param number_param(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    const std::uint64_t u = v.get_uint64();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return static_cast<std::int64_t>(u);
    return static_cast<double>(u);
  }
  return v.get_double();
}

const char* comparison(op o) {
  switch (o) {
    case op::gt:
      return " > ";
    case op::gte:
      return " >= ";
    case op::lt:
      return " < ";
    case op::lte:
      return " <= ";
    default:
      return " = ";
  }
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string list_or_one(const std::vector<std::string>& placeholders) {
  if (placeholders.size() == 1) return " = " + placeholders.front();
  return " IN (" + join(placeholders, ", ") + ")";
}

// {"a":{"b":v}} for path a.b: the document shape that @> looks for.
boost::json::value nest(std::string_view path, boost::json::value leaf) {
  const auto parts = split_path(path);
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) leaf = boost::json::object{{*it, std::move(leaf)}};
  return leaf;
}

bool all_strings(const std::vector<boost::json::value>& values) {
  if (values.empty()) return false;
  for (const auto& v : values)
    if (!v.is_string()) return false;
  return true;
}

// A set of values to test equality against, bound once and referenced from both the field and
// the array element tests.
struct value_set {
  std::vector<std::string> numbers, strings;
  bool has_true = false, has_false = false, has_null = false;
};

class translator {
 public:
  translator(sql_text& out, sql::dialect d) : out_(out), sqlite_(d == sql::dialect::sqlite) {}

  std::string node(const filter& f, bool top) {
    if (f.k == filter::kind::leaf) return leaf(f.leaf);
    if (f.children.empty()) return f.k == filter::kind::all ? "TRUE" : "FALSE";
    std::vector<std::string> parts;
    for (const auto& child : f.children) parts.push_back(node(child, false));
    const std::string joined = join(parts, f.k == filter::kind::all ? " AND " : " OR ");
    return top || parts.size() == 1 ? joined : "(" + joined + ")";
  }

 private:
  std::string leaf(const condition& c) {
    switch (c.kind) {
      case op::eq:
      case op::in:
        return equality(c);
      case op::ne:
      case op::nin:
        return "NOT COALESCE(" + equality(c) + ", FALSE)";
      case op::gt:
      case op::gte:
      case op::lt:
      case op::lte:
        return range(c);
      case op::exists:
        return value_expr(c.path) + (c.exists ? " IS NOT NULL" : " IS NULL");
    }
    return "FALSE";
  }

  // json_type(...) on SQLite (NULL when missing), doc->... on PostgreSQL (NULL when missing).
  std::string value_expr(const std::string& path) {
    return sqlite_ ? "json_type(doc, " + sqlite_json_path(path) + ")" : postgres_value(path);
  }

  std::string equality(const condition& c) {
    if (c.values.empty()) return "FALSE";  // $in: [] matches nothing
    // _id is also the primary key column: look it up there.
    if (c.path == "_id" && all_strings(c.values)) {
      std::vector<std::string> ps;
      for (const auto& v : c.values) ps.push_back(out_.bind(std::string(v.get_string())));
      return "id" + list_or_one(ps);
    }
    return sqlite_ ? sqlite_equality(c) : postgres_equality(c);
  }

  std::string sqlite_equality(const condition& c) {
    value_set set;
    for (const auto& v : c.values) {
      if (v.is_null())
        set.has_null = true;
      else if (v.is_bool())
        (v.get_bool() ? set.has_true : set.has_false) = true;
      else if (v.is_string())
        set.strings.push_back(out_.bind(std::string(v.get_string())));
      else
        set.numbers.push_back(out_.bind(number_param(v)));
    }
    const std::string p = sqlite_json_path(c.path);
    const std::string type = "json_type(doc, " + p + ")";
    std::vector<std::string> parts{sqlite_set_test(set, type, "json_extract(doc, " + p + ")")};
    if (set.has_null) parts.push_back(type + " IS NULL");
    parts.push_back("(" + type + " = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, " + p + ") AS e WHERE " +
                    sqlite_set_test(set, "e.type", "e.value") + "))");
    return "(" + join(parts, " OR ") + ")";
  }

  static std::string sqlite_set_test(const value_set& set, const std::string& type, const std::string& value) {
    std::vector<std::string> parts;
    if (!set.numbers.empty())
      parts.push_back("(" + type + " IN ('integer', 'real') AND " + value + list_or_one(set.numbers) + ")");
    if (!set.strings.empty()) parts.push_back("(" + type + " = 'text' AND " + value + list_or_one(set.strings) + ")");
    if (set.has_true) parts.push_back(type + " = 'true'");
    if (set.has_false) parts.push_back(type + " = 'false'");
    if (set.has_null) parts.push_back(type + " = 'null'");
    return parts.size() == 1 ? parts.front() : "(" + join(parts, " OR ") + ")";
  }

  std::string postgres_equality(const condition& c) {
    std::vector<std::string> parts;
    for (const auto& v : c.values) {
      if (v.is_null()) parts.push_back(postgres_value(c.path) + " IS NULL");
      parts.push_back("doc @> " + out_.bind(nest(c.path, v)) + "::jsonb");
      parts.push_back("doc @> " + out_.bind(nest(c.path, boost::json::array{v})) + "::jsonb");
    }
    return "(" + join(parts, " OR ") + ")";
  }

  std::string range(const condition& c) {
    const boost::json::value& v = c.values.front();
    const char* cmp = comparison(c.kind);
    if (sqlite_) {
      const std::string p = sqlite_json_path(c.path);
      const bool number = v.is_number();
      const std::string ph = number ? out_.bind(number_param(v)) : out_.bind(std::string(v.get_string()));
      auto test = [&](const std::string& type, const std::string& value) {
        return "(" + type + (number ? " IN ('integer', 'real')" : " = 'text'") + " AND " + value + cmp + ph + ")";
      };
      const std::string type = "json_type(doc, " + p + ")";
      return "(" + test(type, "json_extract(doc, " + p + ")") + " OR (" + type +
             " = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, " + p + ") AS e WHERE " + test("e.type", "e.value") +
             ")))";
    }
    const std::string x = postgres_value(c.path);
    std::string ph;
    std::function<std::string(const std::string&)> test;
    if (v.is_number()) {
      ph = out_.bind(v) + "::jsonb";
      test = [&](const std::string& e) { return "(jsonb_typeof(" + e + ") = 'number' AND " + e + cmp + ph + ")"; };
    } else {
      ph = out_.bind(std::string(v.get_string())) + "::text";
      test = [&](const std::string& e) {
        return "(jsonb_typeof(" + e + ") = 'string' AND (" + e + " #>> '{}') COLLATE \"C\"" + cmp + ph + ")";
      };
    }
    // The CASE keeps jsonb_array_elements from seeing a non-array, which it rejects.
    return "(" + test(x) + " OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" + x +
           ") = 'array' THEN " + x + " END) AS e(v) WHERE " + test("e.v") + "))";
  }

  sql_text& out_;
  bool sqlite_;
};

}  // namespace

std::string sqlite_json_path(std::string_view path) {
  return "'$." + std::string(path) + "'";
}

std::string postgres_value(std::string_view path) {
  std::string out = "doc";
  for (std::string_view part : split_path(path)) {
    out += "->'";
    out += part;
    out += "'";
  }
  return out;
}

void append_filter(sql_text& out, const filter& f, sql::dialect d) {
  out.sql += translator(out, d).node(f, true);
}

}  // namespace strata::document::detail
