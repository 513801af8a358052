// The evaluator: runs a node's checks with a switch, keeps instance paths as a chain of stack
// frames (made into strings only for an error), and collects "evaluated" marks only for schemas
// that hold unevaluatedProperties/Items.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstring>
#include <optional>
#include <strata/schema/detail/coerce.hpp>
#include <strata/schema/detail/program.hpp>
#include <strata/schema/detail/uri.hpp>
#include <strata/schema/validator.hpp>

namespace strata::schema::detail {

namespace {

using boost::json::value;

// One step of the instance path, on the stack of the evaluation that took it.
struct ipath {
  const ipath* parent;
  std::string_view key;
  std::size_t index;
  bool is_key;
};

std::string pointer_of(const ipath* at) {
  std::vector<const ipath*> steps;
  for (; at; at = at->parent) steps.push_back(at);
  std::string out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    out += '/';
    out += (*it)->is_key ? pointer_escape((*it)->key) : std::to_string((*it)->index);
  }
  return out;
}

// Which members / items of the instance some keyword evaluated (for unevaluated*).
struct annotations {
  std::vector<char> props, items;
  static void mark(std::vector<char>& v, std::size_t i) {
    if (i >= v.size()) v.resize(i + 1, 0);
    v[i] = 1;
  }
  static bool marked(const std::vector<char>& v, std::size_t i) { return i < v.size() && v[i]; }
  void merge(const annotations& o) {
    if (o.props.size() > props.size()) props.resize(o.props.size(), 0);
    for (std::size_t i = 0; i < o.props.size(); ++i) props[i] |= o.props[i];
    if (o.items.size() > items.size()) items.resize(o.items.size(), 0);
    for (std::size_t i = 0; i < o.items.size(); ++i) items[i] |= o.items[i];
  }
};

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_integer(const value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  if (!v.is_double()) return false;
  double d = v.get_double();
  return std::isfinite(d) && std::floor(d) == d;
}

inline bool type_matches(std::uint8_t bits, const value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return bits & t_null;
    case boost::json::kind::bool_:
      return bits & t_boolean;
    case boost::json::kind::object:
      return bits & t_object;
    case boost::json::kind::array:
      return bits & t_array;
    case boost::json::kind::string:
      return bits & t_string;
    default:
      return (bits & t_number) || ((bits & t_integer) && is_integer(v));
  }
}

std::string type_names(std::uint8_t bits) {
  static constexpr std::pair<std::uint8_t, std::string_view> names[] = {
      {t_null, "null"},     {t_boolean, "boolean"}, {t_object, "object"},   {t_array, "array"},
      {t_number, "number"}, {t_string, "string"},   {t_integer, "integer"},
  };
  std::string out;
  for (auto [bit, name] : names) {
    if (!(bits & bit)) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

bool multiple_of(const value& v, const check& c) {
  if ((v.is_int64() || v.is_uint64()) && c.json->is_int64() && c.json->get_int64() > 0) {
    auto d = static_cast<std::uint64_t>(c.json->get_int64());
    if (v.is_uint64()) return v.get_uint64() % d == 0;
    auto x = v.get_int64();
    return (x < 0 ? static_cast<std::uint64_t>(-(x + 1)) + 1 : static_cast<std::uint64_t>(x)) % d == 0;
  }
  const double x = number_value(v);
  double q = x / c.number;
  if (!std::isfinite(q)) return std::fmod(x, c.number) == 0;  // the quotient overflowed
  return std::fabs(q - std::nearbyint(q)) <= 1e-9 * std::max(1.0, std::fabs(q));
}

// The first pair of equal items, or nothing. Long arrays are sorted by hash first, so a large
// request body costs n log n, not n squared.
std::optional<std::pair<std::size_t, std::size_t>> duplicate(const boost::json::array& a) {
  if (a.size() <= 16) {
    for (std::size_t i = 1; i < a.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (json_equal(a[i], a[j])) return std::pair{j, i};
    return std::nullopt;
  }
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (hash, index)
  order.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) order.emplace_back(json_hash(a[i]), i);
  std::sort(order.begin(), order.end());
  std::optional<std::pair<std::size_t, std::size_t>> first;
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::size_t j = i + 1; j < order.size() && order[j].first == order[i].first; ++j)
      if (json_equal(a[order[i].second], a[order[j].second])) {
        std::pair p{order[i].second, order[j].second};
        if (!first || p.second < first->second) first = p;
        break;
      }
  return first;
}

// Key equality with the cheap tests first: most keys differ in size or first byte, and short
// keys compare inline (a call to memcmp costs more than the comparison).
inline bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() > 16) return std::memcmp(a.data(), b.data(), a.size()) == 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// object::contains without the call into the library for the small objects request bodies are.
bool has_key(const boost::json::object& o, std::string_view key) {
  if (o.size() > 16) return o.contains(key);
  for (const auto& kv : o)
    if (same_key(kv.key(), key)) return true;
  return false;
}

// The fused test of a leaf node (program.hpp): true means valid; false means "run the checks".
inline bool leaf_ok(const program& p, const leaf& l, const value& v) {
  if (l.has_type && !type_matches(l.types, v)) return false;
  if (l.const_ && !json_equal(v, *l.const_)) return false;
  if (l.enum_) {
    bool found = false;
    for (const auto& e : l.enum_->get_array())
      if (json_equal(v, e)) {
        found = true;
        break;
      }
    if (!found) return false;
  }
  switch (v.kind()) {
    case boost::json::kind::string: {
      const std::string_view s = v.get_string();
      if (s.size() > l.max_length && utf8_length(s) > l.max_length) return false;
      if (l.min_length && s.size() / 4 < l.min_length && utf8_length(s) < l.min_length) return false;
      if (l.pattern != no_node && !p.patterns[l.pattern].re->search(s)) return false;
      if (l.fmt != format::unknown && !check_format(l.fmt, s)) return false;
      return true;
    }
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: {
      const double x = number_value(v);
      return (!l.has_minimum || x >= l.minimum) && (!l.has_maximum || x <= l.maximum) &&
             (!l.has_exclusive_minimum || x > l.exclusive_minimum) &&
             (!l.has_exclusive_maximum || x < l.exclusive_maximum);
    }
    default:
      return true;
  }
}

class evaluator {
 public:
  evaluator(const program& p, std::vector<validation_error>* errors, bool all, bool mutate)
      : p_(p), errors_(errors), all_(all), mutate_(mutate), quiet_(errors ? 0 : 1) {}

  bool eval(std::uint32_t n, const value& v, const ipath* at, annotations* ann) {
    if (quick(n, v)) return true;
    if (!mutate_ && !ann && depth_ < p_.opts.max_depth) {
      const node& nd = p_.nodes[n];
      if (nd.shape != no_node || nd.array_shape != no_node) {
        ++depth_;
        const bool ok = nd.shape != no_node ? object_ok(p_.shapes[nd.shape], v, at)
                                            : array_ok(p_.array_shapes[nd.array_shape], v, at);
        --depth_;
        if (ok) return true;
      }
    }
    if (depth_ >= p_.opts.max_depth) {
      report(0, at, "evaluation nested deeper than max_depth (" + std::to_string(p_.opts.max_depth) + ")");
      return false;
    }
    ++depth_;
    const node& nd = p_.nodes[n];
    const bool pushed = p_.dynamic_scope && (scope_.empty() || scope_.back() != nd.resource);
    if (pushed) scope_.push_back(nd.resource);
    // As ajv: no defaults from branches that only probe (anyOf, oneOf, not, if, contains).
    if (mutate_ && quiet_ == 0 && nd.defaults_count && v.is_object()) apply_defaults(nd, const_cast<value&>(v));
    std::optional<annotations> local;
    annotations* a = nd.tracks ? &local.emplace() : ann;
    bool ok = true;
    for (std::uint32_t i = nd.first, end = nd.first + nd.count; i < end; ++i) {
      if (!run(p_.checks[i], v, at, a)) {
        ok = false;
        if (stop()) break;
      }
    }
    if (ok && nd.tracks && ann) ann->merge(*local);
    if (pushed) scope_.pop_back();
    --depth_;
    return ok;
  }

 private:
  const program& p_;
  std::vector<validation_error>* errors_;
  bool all_, mutate_;
  int quiet_;
  std::size_t depth_ = 0;
  std::vector<std::uint32_t> scope_;  // the resources entered, outermost first ($dynamicRef)

  bool stop() const { return quiet_ > 0 || !all_; }

  // An object shape (program.hpp) in one pass; false sends the node through its checks.
  bool object_ok(const object_shape& s, const value& v, const ipath* at) {
    if (!v.is_object()) return false;
    const auto& o = v.get_object();
    if (o.size() < s.min_properties || o.size() > s.max_properties) return false;
    const auto first = p_.named.begin() + s.named_first;
    std::uint64_t seen = 0;
    bool ok = true;
    ++quiet_;  // children run silently: only the general path reports
    for (const auto& kv : o) {
      std::uint32_t child = no_node;
      const std::uint8_t slot = s.slots[slot_of(kv.key())];
      if (slot != 0xFF) {
        if (slot != 0 && same_key(first[slot - 1].name, kv.key())) {
          seen |= std::uint64_t{1} << (slot - 1);
          child = first[slot - 1].node;
        }
      } else {
        for (std::uint32_t k = 0; k < s.named_count; ++k)
          if (same_key(first[k].name, kv.key())) {
            seen |= std::uint64_t{1} << k;
            child = first[k].node;
            break;
          }
      }
      if (child == no_node) {
        if (s.closed) {
          ok = false;
          break;
        }
        if (s.additional == no_node) continue;
        child = s.additional;
      }
      if (quick(child, kv.value())) continue;
      ipath here{at, kv.key(), 0, true};
      if (!eval(child, kv.value(), &here, nullptr)) {
        ok = false;
        break;
      }
    }
    --quiet_;
    return ok && (seen & s.required) == s.required;
  }

  bool array_ok(const array_shape& s, const value& v, const ipath* at) {
    if (!v.is_array()) return false;
    const auto& a = v.get_array();
    if (a.size() < s.min_items || a.size() > s.max_items) return false;
    if (s.items == no_node) return true;
    bool ok = true;
    ++quiet_;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (quick(s.items, a[i])) continue;
      ipath here{at, {}, i, false};
      if (!eval(s.items, a[i], &here, nullptr)) {
        ok = false;
        break;
      }
    }
    --quiet_;
    return ok;
  }

  // A leaf node that accepts v: nothing more to run, report or coerce.
  bool quick(std::uint32_t n, const value& v) const {
    const std::uint32_t l = p_.nodes[n].leaf;
    return l != no_node && leaf_ok(p_, p_.leaves[l], v);
  }

  void report(std::uint32_t path, const ipath* at, std::string message) {
    if (quiet_ > 0 || !errors_ || (!all_ && !errors_->empty())) return;
    errors_->push_back({pointer_of(at), p_.paths[path], p_.keywords[path], std::move(message)});
  }

  // The failure path, out of line: run() builds no message and keeps a small frame, and silent
  // evaluations (anyOf branches, ...) never build one.
  template <class Message>
  [[gnu::noinline, gnu::cold]] bool fails(const check& c, const ipath* at, Message&& message) {
    if (quiet_ > 0 || !errors_ || (!all_ && !errors_->empty())) return false;
    report(c.path, at, message());
    return false;
  }

  void apply_defaults(const node& nd, value& v) {
    auto& o = v.get_object();
    for (std::uint32_t i = nd.defaults_first; i < nd.defaults_first + nd.defaults_count; ++i) {
      const auto& [name, d] = p_.defaults[i];
      if (!o.contains(name)) o.emplace(name, *d);
    }
  }

  // Runs `n` without reporting (anyOf branches, not, if, contains), so only the keyword that
  // combines them reports.
  bool silent(std::uint32_t n, const value& v, const ipath* at, annotations* ann) {
    ++quiet_;
    bool ok = eval(n, v, at, ann);
    --quiet_;
    return ok;
  }

  bool is_false(std::uint32_t n) const {
    const node& nd = p_.nodes[n];
    return nd.count == 1 && p_.checks[nd.first].kind == op::fail;
  }

  const named_node* find_name(const check& c, std::string_view key) const {
    auto first = p_.named.begin() + c.first, last = first + c.count;
    if (c.count <= 8) {  // a scan settles most names by their size or first byte
      for (auto it = first; it != last; ++it)
        if (same_key(it->name, key)) return &*it;
      return nullptr;
    }
    auto it = std::lower_bound(first, last, key,
                               [](const named_node& n, std::string_view k) { return name_less(n.name, k); });
    return it != last && same_key(it->name, key) ? &*it : nullptr;
  }

  bool run(const check& c, const value& v, const ipath* at, annotations* ann) {
    switch (c.kind) {
      case op::fail:
        return fails(c, at, [&] { return std::string("no value is allowed here (false schema)"); });
      case op::type:
        if (type_matches(c.types, v)) return true;
        if (mutate_ && p_.opts.coerce_types && coerce(const_cast<value&>(v), c.types)) return true;
        return fails(c, at, [&] { return std::string("must be " + type_names(c.types)); });
      case op::const_:
        return json_equal(v, *c.json) ||
               fails(c, at, [&] { return std::string("must be equal to " + boost::json::serialize(*c.json)); });
      case op::enum_:
        for (const auto& e : c.json->get_array())
          if (json_equal(v, e)) return true;
        return fails(c, at, [&] { return std::string("must be equal to one of the allowed values"); });
      case op::multiple_of:
        return !v.is_number() || multiple_of(v, c) ||
               fails(c, at, [&] { return std::string("must be a multiple of " + boost::json::serialize(*c.json)); });
      case op::maximum:
        return !v.is_number() || number_value(v) <= c.number ||
               fails(c, at, [&] { return std::string("must be <= " + boost::json::serialize(*c.json)); });
      case op::exclusive_maximum:
        return !v.is_number() || number_value(v) < c.number ||
               fails(c, at, [&] { return std::string("must be < " + boost::json::serialize(*c.json)); });
      case op::minimum:
        return !v.is_number() || number_value(v) >= c.number ||
               fails(c, at, [&] { return std::string("must be >= " + boost::json::serialize(*c.json)); });
      case op::exclusive_minimum:
        return !v.is_number() || number_value(v) > c.number ||
               fails(c, at, [&] { return std::string("must be > " + boost::json::serialize(*c.json)); });
      // Bytes bound characters (a character is 1 to 4 bytes), so most strings are settled by their
      // size without counting.
      case op::max_length:
        return !v.is_string() || v.get_string().size() <= c.n || utf8_length(v.get_string()) <= c.n ||
               fails(c, at,
                     [&] { return std::string("must NOT have more than " + std::to_string(c.n) + " characters"); });
      case op::min_length:
        return !v.is_string() || v.get_string().size() / 4 >= c.n || utf8_length(v.get_string()) >= c.n ||
               fails(c, at,
                     [&] { return std::string("must NOT have fewer than " + std::to_string(c.n) + " characters"); });
      case op::pattern:
        return !v.is_string() || p_.patterns[c.first].re->search(v.get_string()) || fails(c, at, [&] {
          return std::string("must match pattern \"" + std::string(c.json->get_string()) + "\"");
        });
      case op::format:
        return !v.is_string() || check_format(c.fmt, v.get_string()) || fails(c, at, [&] {
          return std::string("must match format \"" + std::string(c.json->get_string()) + "\"");
        });
      case op::max_items:
        return !v.is_array() || v.get_array().size() <= c.n ||
               fails(c, at, [&] { return std::string("must NOT have more than " + std::to_string(c.n) + " items"); });
      case op::min_items:
        return !v.is_array() || v.get_array().size() >= c.n ||
               fails(c, at, [&] { return std::string("must NOT have fewer than " + std::to_string(c.n) + " items"); });
      case op::unique_items: {
        if (!v.is_array()) return true;
        auto dup = duplicate(v.get_array());
        if (!dup) return true;
        return fails(c, at, [&] {
          return "must NOT have duplicate items (items ## " + std::to_string(dup->first) + " and " +
                 std::to_string(dup->second) + " are identical)";
        });
      }
      case op::max_properties:
        return !v.is_object() || v.get_object().size() <= c.n || fails(c, at, [&] {
          return std::string("must NOT have more than " + std::to_string(c.n) + " properties");
        });
      case op::min_properties:
        return !v.is_object() || v.get_object().size() >= c.n || fails(c, at, [&] {
          return std::string("must NOT have fewer than " + std::to_string(c.n) + " properties");
        });
      case op::required: {
        if (!v.is_object()) return true;
        bool ok = true;
        for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
          if (has_key(v.get_object(), p_.strings[i])) continue;
          ok = fails(c, at, [&] { return std::string("must have required property '" + p_.strings[i] + "'"); });
          if (stop()) break;
        }
        return ok;
      }
      case op::dependent_required: {
        if (!v.is_object()) return true;
        const auto& o = v.get_object();
        bool ok = true;
        for (std::uint32_t d = c.first; d < c.first + c.count; ++d) {
          const auto& dep = p_.dependencies[d];
          if (!o.contains(dep.name)) continue;
          for (std::uint32_t i = dep.first; i < dep.first + dep.count; ++i) {
            if (o.contains(p_.strings[i])) continue;
            ok = fails(c, at, [&] {
              return std::string("must have property '" + p_.strings[i] + "' when property '" + dep.name +
                                 "' is present");
            });
            if (stop()) return false;
          }
        }
        return ok;
      }
      case op::properties: {
        if (!v.is_object()) return true;
        const auto& o = v.get_object();
        bool ok = true;
        for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
          const auto& np = p_.named[i];
          auto it = o.find(np.name);
          if (it == o.end()) continue;
          if (quick(np.node, it->value())) {
            if (ann) annotations::mark(ann->props, static_cast<std::size_t>(it - o.begin()));
            continue;
          }
          ipath here{at, it->key(), 0, true};
          if (!eval(np.node, it->value(), &here, nullptr)) {
            ok = false;
            if (stop()) return false;
          }
          if (ann) annotations::mark(ann->props, static_cast<std::size_t>(it - o.begin()));
        }
        return ok;
      }
      case op::pattern_properties: {
        if (!v.is_object()) return true;
        const auto& o = v.get_object();
        bool ok = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
          for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
            const auto& pn = p_.patterns[i];
            if (!pn.re->search(it->key())) continue;
            ipath here{at, it->key(), 0, true};
            if (!eval(pn.node, it->value(), &here, nullptr)) {
              ok = false;
              if (stop()) return false;
            }
            if (ann) annotations::mark(ann->props, static_cast<std::size_t>(it - o.begin()));
          }
        }
        return ok;
      }
      case op::additional_properties: {
        if (!v.is_object()) return true;
        const auto& o = v.get_object();
        bool ok = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
          const named_node* np = find_name(c, it->key());
          if (np && c.count2 == 0 && quick(np->node, it->value())) {  // the common case, settled here
            if (ann) annotations::mark(ann->props, static_cast<std::size_t>(it - o.begin()));
            continue;
          }
          ipath here{at, it->key(), 0, true};
          bool covered = false;
          if (np) {
            covered = true;
            if (!eval(np->node, it->value(), &here, nullptr)) {
              ok = false;
              if (stop()) return false;
            }
          }
          for (std::uint32_t i = c.first2; i < c.first2 + c.count2; ++i) {
            const auto& pn = p_.patterns[i];
            if (!pn.re->search(it->key())) continue;
            covered = true;
            if (!eval(pn.node, it->value(), &here, nullptr)) {
              ok = false;
              if (stop()) return false;
            }
          }
          if (!covered && (is_false(c.node) || !eval(c.node, it->value(), &here, nullptr))) {
            ok = false;
            report(c.path, at, "must NOT have additional property '" + std::string(it->key()) + "'");
            if (stop()) return false;
          }
          if (ann) annotations::mark(ann->props, static_cast<std::size_t>(it - o.begin()));
        }
        return ok;
      }
      case op::property_names: {
        if (!v.is_object()) return true;
        bool ok = true;
        for (const auto& kv : v.get_object()) {
          value name(kv.key());
          ipath here{at, kv.key(), 0, true};
          if (!eval(c.node, name, &here, nullptr)) {
            ok = false;
            if (stop()) return false;
          }
        }
        return ok;
      }
      case op::prefix_items: {
        if (!v.is_array()) return true;
        const auto& a = v.get_array();
        bool ok = true;
        for (std::size_t i = 0; i < c.count && i < a.size(); ++i) {
          ipath here{at, {}, i, false};
          if (!eval(p_.node_lists[c.first + i], a[i], &here, nullptr)) {
            ok = false;
            if (stop()) return false;
          }
          if (ann) annotations::mark(ann->items, i);
        }
        return ok;
      }
      case op::items: {
        if (!v.is_array()) return true;
        const auto& a = v.get_array();
        bool ok = true;
        const bool leaf_items = p_.nodes[c.node].leaf != no_node;
        for (std::size_t i = c.n; i < a.size(); ++i) {
          if (leaf_items && quick(c.node, a[i])) {
            if (ann) annotations::mark(ann->items, i);
            continue;
          }
          ipath here{at, {}, i, false};
          if (!eval(c.node, a[i], &here, nullptr)) {
            ok = false;
            if (stop()) return false;
          }
          if (ann) annotations::mark(ann->items, i);
        }
        return ok;
      }
      case op::contains: {
        if (!v.is_array()) return true;
        const auto& a = v.get_array();
        std::uint64_t found = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
          ipath here{at, {}, i, false};
          if (!silent(c.node, a[i], &here, nullptr)) continue;
          ++found;
          if (ann)
            annotations::mark(ann->items, i);
          else if (!c.has_max && found >= c.n)
            break;  // nothing more to learn
        }
        if (found < c.n)
          return fails(c, at,
                       [&] { return std::string("must contain at least " + std::to_string(c.n) + " valid item(s)"); });
        if (c.has_max && found > c.m)
          return fails(c, at,
                       [&] { return std::string("must contain at most " + std::to_string(c.m) + " valid item(s)"); });
        return true;
      }
      case op::all_of: {
        bool ok = true;
        for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
          if (!eval(p_.node_lists[i], v, at, ann)) {
            ok = false;
            if (stop()) return false;
          }
        }
        return ok;
      }
      case op::any_of: {
        bool any = false;
        for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
          annotations branch;
          if (!silent(p_.node_lists[i], v, at, ann ? &branch : nullptr)) continue;
          any = true;
          if (!ann) break;
          ann->merge(branch);
        }
        return any || fails(c, at, [&] { return std::string("must match a schema in anyOf"); });
      }
      case op::one_of: {
        std::uint32_t valid = 0;
        annotations chosen;
        for (std::uint32_t i = c.first; i < c.first + c.count && valid < 2; ++i) {
          annotations branch;
          if (!silent(p_.node_lists[i], v, at, ann ? &branch : nullptr)) continue;
          if (++valid == 1 && ann) chosen = std::move(branch);
        }
        if (valid == 1) {
          if (ann) ann->merge(chosen);
          return true;
        }
        return fails(c, at, [&] {
          return std::string(valid ? "must match exactly one schema in oneOf (several match)"
                                   : "must match exactly one schema in oneOf (none matches)");
        });
      }
      case op::not_:
        return !silent(c.node, v, at, nullptr) || fails(c, at, [&] { return std::string("must NOT be valid"); });
      case op::if_: {
        annotations cond;
        if (silent(c.node, v, at, ann ? &cond : nullptr)) {
          if (ann) ann->merge(cond);
          return c.node2 == no_node || eval(c.node2, v, at, ann) ||
                 fails(c, at, [&] { return std::string("must match \"then\" schema"); });
        }
        return c.node3 == no_node || eval(c.node3, v, at, ann) ||
               fails(c, at, [&] { return std::string("must match \"else\" schema"); });
      }
      case op::dependent_schemas: {
        if (!v.is_object()) return true;
        bool ok = true;
        for (std::uint32_t i = c.first; i < c.first + c.count; ++i) {
          if (!v.get_object().contains(p_.named[i].name)) continue;
          if (!eval(p_.named[i].node, v, at, ann)) {
            ok = false;
            if (stop()) return false;
          }
        }
        return ok;
      }
      case op::ref:
        return eval(c.node, v, at, ann);
      case op::dynamic_ref: {
        const std::string& name = p_.strings[c.first];
        for (std::uint32_t r : scope_)
          for (const auto& d : p_.resources[r].dynamic_anchors)
            if (d.name == name) return eval(d.node, v, at, ann);
        return eval(c.node, v, at, ann);
      }
      case op::unevaluated_properties: {
        if (!v.is_object()) return true;
        const auto& o = v.get_object();
        bool ok = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
          auto i = static_cast<std::size_t>(it - o.begin());
          if (annotations::marked(ann->props, i)) continue;
          ipath here{at, it->key(), 0, true};
          if (is_false(c.node) || !eval(c.node, it->value(), &here, nullptr)) {
            ok = false;
            report(c.path, at, "must NOT have unevaluated property '" + std::string(it->key()) + "'");
            if (stop()) return false;
          }
          annotations::mark(ann->props, i);
        }
        return ok;
      }
      case op::unevaluated_items: {
        if (!v.is_array()) return true;
        const auto& a = v.get_array();
        bool ok = true;
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (annotations::marked(ann->items, i)) continue;
          ipath here{at, {}, i, false};
          if (is_false(c.node) || !eval(c.node, a[i], &here, nullptr)) {
            ok = false;
            report(c.path, at, "must NOT have unevaluated item " + std::to_string(i));
            if (stop()) return false;
          }
          annotations::mark(ann->items, i);
        }
        return ok;
      }
    }
    return true;
  }
};

}  // namespace

}  // namespace strata::schema::detail

namespace strata::schema {

bool validator::is_valid(const boost::json::value& instance) const {
  if (!program_) return true;
  detail::evaluator e(*program_, nullptr, false, false);
  return e.eval(program_->root, instance, nullptr, nullptr);
}

result validator::validate(const boost::json::value& instance) const {
  result r;
  if (!program_) return r;
  detail::evaluator e(*program_, &r.errors, program_->opts.all_errors, false);
  if (!e.eval(program_->root, instance, nullptr, nullptr) && r.errors.empty())
    r.errors.push_back({"", "", "", "invalid"});  // every failure reports; this is a safety net
  return r;
}

result validator::validate(boost::json::value& instance) const {
  result r;
  if (!program_) return r;
  const bool mutate = program_->opts.coerce_types || program_->opts.use_defaults;
  detail::evaluator e(*program_, &r.errors, program_->opts.all_errors, mutate);
  if (!e.eval(program_->root, instance, nullptr, nullptr) && r.errors.empty())
    r.errors.push_back({"", "", "", "invalid"});
  return r;
}

}  // namespace strata::schema
