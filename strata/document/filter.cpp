// Parsing the filter language (see filter.hpp) into its tree, and writing the tree back as the
// canonical MongoDB filter that the mongodb backend sends.
#include <boost/json/array.hpp>
#include <strata/document/document_check.hpp>
#include <strata/document/error.hpp>
#include <strata/document/field_path.hpp>
#include <strata/document/filter.hpp>
#include <string_view>

namespace strata::document {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw error(errc::bad_query, "invalid filter: " + message);
}

// Numbers must be finite: Boost.JSON reads 0e999 as NaN and 1e999 as infinity, which no backend
// stores and NaN never equals itself.
bool scalar(const boost::json::value& v) {
  return v.is_null() || v.is_bool() || detail::finite_number(v) || v.is_string();
}

// Short names for messages: no user text beyond a bounded prefix.
std::string quoted(std::string_view s) {
  constexpr std::size_t max = 64;
  return "'" + std::string(s.substr(0, max)) + (s.size() > max ? "...'" : "'");
}

struct parser {
  std::size_t values = 0;

  void count(std::size_t n) {
    values += n;
    if (values > max_filter_values) fail("more than " + std::to_string(max_filter_values) + " values in one filter");
  }

  filter leaf(std::string_view path, op kind, std::vector<boost::json::value> vals, bool exists = true) {
    count(vals.empty() ? 1 : vals.size());
    filter f;
    f.k = filter::kind::leaf;
    f.leaf = condition{std::string(path), kind, std::move(vals), exists};
    return f;
  }

  filter object(const boost::json::object& json, std::size_t depth) {
    // Depth counts the tree's and/or nodes. An object of several keys is one (an implicit $and,
    // explicit in the canonical form), so a filter and its canonical form pass the same limit.
    const std::size_t inner = json.size() > 1 ? depth + 1 : depth;
    if (inner > max_filter_depth) fail("$and/$or nested deeper than " + std::to_string(max_filter_depth));
    filter all;
    for (const auto& [key, value] : json) {
      if (key.starts_with('$')) {
        all.children.push_back(logical(key, value, inner));
      } else {
        field(key, value, all.children);
      }
    }
    // One child needs no wrapper: {"a": 1} is the leaf itself.
    if (all.children.size() == 1) return std::move(all.children.front());
    return all;
  }

  filter logical(std::string_view key, const boost::json::value& value, std::size_t depth) {
    filter node;
    if (key == "$and") {
      node.k = filter::kind::all;
    } else if (key == "$or") {
      node.k = filter::kind::any;
    } else {
      fail("unknown operator " + quoted(key) + " at the top level (supported: $and, $or)");
    }
    const auto* list = value.if_array();
    if (!list || list->empty()) fail(std::string(key) + " needs a non-empty array of filters");
    for (const auto& item : *list) {
      const auto* sub = item.if_object();
      if (!sub) fail(std::string(key) + " needs a non-empty array of filters");
      node.children.push_back(object(*sub, depth + 1));
    }
    return node;
  }

  void field(std::string_view path, const boost::json::value& value, std::vector<filter>& out) {
    if (!detail::valid_path(path)) fail("field " + quoted(path) + " is not a dotted path of letters, digits and '_'");
    if (const auto* ops = value.if_object(); ops && !ops->empty() && ops->begin()->key().starts_with('$')) {
      for (const auto& [name, operand] : *ops) {
        if (!name.starts_with('$')) fail("field " + quoted(path) + " mixes operators and field names");
        out.push_back(operator_condition(path, name, operand));
      }
      return;
    }
    if (value.is_object()) fail("comparing whole sub-documents is not supported; use dotted paths like 'a.b'");
    if (value.is_array()) fail("comparing whole arrays is not supported; use $in or a single value");
    if (!scalar(value)) fail("field " + quoted(path) + " is compared with NaN or an infinite number");
    out.push_back(leaf(path, op::eq, {value}));
  }

  filter operator_condition(std::string_view path, std::string_view name, const boost::json::value& operand) {
    const std::string where = std::string(name) + " on " + quoted(path);
    auto one_scalar = [&](op kind) {
      if (!scalar(operand)) fail(where + " needs null, a boolean, a number or a string");
      return leaf(path, kind, {operand});
    };
    auto ordered = [&](op kind) {
      if (!detail::finite_number(operand) && !operand.is_string()) fail(where + " needs a finite number or a string");
      return leaf(path, kind, {operand});
    };
    auto list = [&](op kind) {
      const auto* items = operand.if_array();
      if (!items) fail(where + " needs an array");
      std::vector<boost::json::value> vals;
      for (const auto& v : *items) {
        if (!scalar(v)) fail(where + " takes only null, booleans, numbers and strings");
        vals.push_back(v);
      }
      return leaf(path, kind, std::move(vals));
    };
    if (name == "$eq") return one_scalar(op::eq);
    if (name == "$ne") return one_scalar(op::ne);
    if (name == "$gt") return ordered(op::gt);
    if (name == "$gte") return ordered(op::gte);
    if (name == "$lt") return ordered(op::lt);
    if (name == "$lte") return ordered(op::lte);
    if (name == "$in") return list(op::in);
    if (name == "$nin") return list(op::nin);
    if (name == "$exists") {
      // MongoDB also reads 1 and 0 here.
      if (operand.is_bool()) return leaf(path, op::exists, {}, operand.get_bool());
      if (detail::finite_number(operand)) return leaf(path, op::exists, {}, operand.to_number<double>() != 0);
      fail(where + " needs true or false");
    }
    fail("unknown operator " + quoted(name) +
         " (supported: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $and, $or)");
  }
};

boost::json::value mongo_node(const filter& f) {
  if (f.k == filter::kind::leaf) {
    const condition& c = f.leaf;
    boost::json::value operand;
    if (c.kind == op::exists) {
      operand = c.exists;
    } else if (c.kind == op::in || c.kind == op::nin) {
      operand = boost::json::array(c.values.begin(), c.values.end());
    } else {
      operand = c.values.front();
    }
    return boost::json::object{{c.path, boost::json::object{{op_name(c.kind), std::move(operand)}}}};
  }
  if (f.matches_everything()) return boost::json::object{};
  boost::json::array items;
  for (const auto& child : f.children) items.push_back(mongo_node(child));
  return boost::json::object{{f.k == filter::kind::all ? "$and" : "$or", std::move(items)}};
}

}  // namespace

const char* op_name(op o) {
  switch (o) {
    case op::eq:
      return "$eq";
    case op::ne:
      return "$ne";
    case op::gt:
      return "$gt";
    case op::gte:
      return "$gte";
    case op::lt:
      return "$lt";
    case op::lte:
      return "$lte";
    case op::in:
      return "$in";
    case op::nin:
      return "$nin";
    case op::exists:
      return "$exists";
  }
  return "?";
}

filter parse_filter(const boost::json::object& json) {
  return parser{}.object(json, 0);
}

boost::json::object to_mongo_filter(const filter& f) {
  return mongo_node(f).get_object();
}

}  // namespace strata::document
