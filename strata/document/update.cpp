// Parsing update documents and applying them (see update.hpp for the rules).
#include <boost/json/array.hpp>
#include <cmath>
#include <limits>
#include <strata/document/document_check.hpp>
#include <strata/document/error.hpp>
#include <strata/document/field_path.hpp>
#include <strata/document/update.hpp>
#include <string_view>

namespace strata::document {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw error(errc::bad_update, "invalid update: " + message);
}

std::string quoted(std::string_view s) {
  constexpr std::size_t max = 64;
  return "'" + std::string(s.substr(0, max)) + (s.size() > max ? "...'" : "'");
}

// a is b, or one contains the other at a component boundary ("a" and "a.b", not "a" and "ab").
bool overlap(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  return b.starts_with(a) && (b.size() == a.size() || b[a.size()] == '.');
}

update_op::kind kind_of(std::string_view name) {
  if (name == "$set") return update_op::kind::set;
  if (name == "$unset") return update_op::kind::unset;
  if (name == "$inc") return update_op::kind::inc;
  if (name == "$push") return update_op::kind::push;
  fail("unknown operator " + quoted(name) + " (supported: $set, $unset, $inc, $push)");
}

const char* name_of(update_op::kind k) {
  switch (k) {
    case update_op::kind::set:
      return "$set";
    case update_op::kind::unset:
      return "$unset";
    case update_op::kind::inc:
      return "$inc";
    case update_op::kind::push:
      return "$push";
  }
  return "?";
}

std::vector<boost::json::value> push_values(std::string_view path, const boost::json::value& v) {
  if (const auto* o = v.if_object(); o && !o->empty() && o->begin()->key().starts_with('$')) {
    const auto* each = o->if_contains("$each");
    if (o->size() != 1 || !each || !each->is_array())
      fail("$push on " + quoted(path) + " supports only {\"$each\": [...]}");
    return {each->get_array().begin(), each->get_array().end()};
  }
  return {v};
}

void check_value(const boost::json::value& v) {
  if (!detail::storable_value(v))
    fail("values may not hold field names starting with '$', NaN or infinite numbers, or nest deeper than " +
         std::to_string(detail::max_document_depth));
}

// a + b for $inc, keeping integers integral as MongoDB does.
boost::json::value add(const boost::json::value& a, const boost::json::value& b, std::string_view path) {
  // An integer as int64 (uint64 holds only what int64 cannot, or a value built from unsigned).
  auto integral = [&](const boost::json::value& v, std::int64_t& out) {
    if (v.is_int64()) {
      out = v.get_int64();
      return true;
    }
    if (!v.is_uint64()) return false;
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail("$inc on " + quoted(path) + " overflows a 64-bit integer");
    out = static_cast<std::int64_t>(v.get_uint64());
    return true;
  };
  std::int64_t x = 0, y = 0;
  if (integral(a, x) && integral(b, y)) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(x, y, &out)) fail("$inc on " + quoted(path) + " overflows a 64-bit integer");
    return out;
  }
  const double sum = a.to_number<double>() + b.to_number<double>();
  if (!std::isfinite(sum)) fail("$inc on " + quoted(path) + " overflows a double");
  return sum;
}

}  // namespace

update parse_update(const boost::json::object& json) {
  update u;
  if (json.empty()) fail("no operator (use $set, $unset, $inc or $push)");
  for (const auto& [name, fields] : json) {
    if (!name.starts_with('$'))
      fail("field " + quoted(name) + " outside an operator: replacing whole documents is not supported, use $set");
    const update_op::kind k = kind_of(name);
    const auto* members = fields.if_object();
    if (!members || members->empty()) fail(std::string(name) + " needs an object of fields");
    for (const auto& [path, value] : *members) {
      if (!detail::valid_path(path)) fail("field " + quoted(path) + " is not a dotted path of letters, digits and '_'");
      if (path == "_id" || path.starts_with("_id.")) fail("_id cannot be changed");
      for (const auto& other : u.ops)
        if (overlap(other.path, path)) fail("two operators touch " + quoted(other.path) + " and " + quoted(path));
      if (u.ops.size() >= max_update_ops) fail("more than " + std::to_string(max_update_ops) + " fields");
      update_op o{k, std::string(path), {}};
      switch (k) {
        case update_op::kind::set:
          check_value(value);
          o.values.push_back(value);
          break;
        case update_op::kind::unset:
          break;
        case update_op::kind::inc:
          if (!detail::finite_number(value)) fail("$inc on " + quoted(path) + " needs a finite number");
          o.values.push_back(value);
          break;
        case update_op::kind::push:
          o.values = push_values(path, value);
          for (const auto& v : o.values) check_value(v);
          break;
      }
      u.ops.push_back(std::move(o));
    }
  }
  return u;
}

void apply_update(boost::json::object& doc, const update& u) {
  for (const update_op& o : u.ops) {
    if (o.k == update_op::kind::unset) {
      detail::erase_path(doc, o.path);
      continue;
    }
    boost::json::object* parent = detail::parent_for_write(doc, o.path);
    if (!parent) fail("cannot create " + quoted(o.path) + ": a value on the way is not an object");
    const std::string_view leaf = detail::leaf_name(o.path);
    boost::json::value* current = parent->if_contains(leaf);
    switch (o.k) {
      case update_op::kind::set:
        (*parent)[leaf] = o.values.front();
        break;
      case update_op::kind::inc:
        if (!current) {
          (*parent)[leaf] = o.values.front();
        } else if (!current->is_number()) {
          fail("$inc on " + quoted(o.path) + ", which is not a number");
        } else {
          *current = add(*current, o.values.front(), o.path);
        }
        break;
      case update_op::kind::push:
        if (!current) {
          (*parent)[leaf] = boost::json::array(o.values.begin(), o.values.end());
        } else if (auto* list = current->if_array()) {
          for (const auto& v : o.values) list->push_back(v);
        } else {
          fail("$push on " + quoted(o.path) + ", which is not an array");
        }
        break;
      case update_op::kind::unset:
        break;
    }
  }
}

boost::json::object to_mongo_update(const update& u) {
  boost::json::object out;
  for (const update_op& o : u.ops) {
    boost::json::value& group = out[name_of(o.k)];
    if (!group.is_object()) group = boost::json::object();
    boost::json::value v;
    switch (o.k) {
      case update_op::kind::set:
      case update_op::kind::inc:
        v = o.values.front();
        break;
      case update_op::kind::unset:
        v = "";
        break;
      case update_op::kind::push:
        v = boost::json::object{{"$each", boost::json::array(o.values.begin(), o.values.end())}};
        break;
    }
    group.get_object()[o.path] = std::move(v);
  }
  return out;
}

}  // namespace strata::document
