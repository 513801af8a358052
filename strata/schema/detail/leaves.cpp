// Leaf fusion: after compiling, each node made only of single-value checks gets a fused form
// (program.hpp's `leaf`), which the evaluator tries before running the checks one by one.
#include <strata/schema/detail/program.hpp>
#include <string_view>
#include <vector>

namespace strata::schema::detail {

namespace {

// The fused form of a node, or false when one of its checks needs the general evaluator.
bool fuse(const program& p, const node& nd, leaf& l) {
  if (nd.tracks || nd.defaults_count) return false;
  for (std::uint32_t i = nd.first; i < nd.first + nd.count; ++i) {
    const check& c = p.checks[i];
    switch (c.kind) {
      case op::type:
        l.has_type = true;
        l.types = c.types;
        break;
      case op::const_:
        l.const_ = c.json;
        break;
      case op::enum_:
        l.enum_ = c.json;
        break;
      case op::minimum:
        l.has_minimum = true;
        l.minimum = c.number;
        break;
      case op::maximum:
        l.has_maximum = true;
        l.maximum = c.number;
        break;
      case op::exclusive_minimum:
        l.has_exclusive_minimum = true;
        l.exclusive_minimum = c.number;
        break;
      case op::exclusive_maximum:
        l.has_exclusive_maximum = true;
        l.exclusive_maximum = c.number;
        break;
      case op::min_length:
        l.min_length = c.n;
        break;
      case op::max_length:
        l.max_length = c.n;
        break;
      case op::pattern:
        l.pattern = c.first;
        break;
      case op::format:
        l.fmt = c.fmt;
        break;
      default:
        return false;
    }
  }
  return true;
}

bool is_false_node(const program& p, std::uint32_t n) {
  const node& nd = p.nodes[n];
  return nd.count == 1 && p.checks[nd.first].kind == op::fail;
}

// The object shape of a node, or false when it has other keywords.
bool shape_of(const program& p, const node& nd, object_shape& s) {
  if (nd.tracks || nd.defaults_count || p.dynamic_scope) return false;
  bool typed = false, named = false;
  std::vector<std::string_view> required;
  for (std::uint32_t i = nd.first; i < nd.first + nd.count; ++i) {
    const check& c = p.checks[i];
    switch (c.kind) {
      case op::type:
        if (c.types != t_object) return false;
        typed = true;
        break;
      case op::required:
        for (std::uint32_t k = c.first; k < c.first + c.count; ++k) required.push_back(p.strings[k]);
        break;
      case op::properties:
        named = true;
        s.named_first = c.first;
        s.named_count = c.count;
        break;
      case op::additional_properties:
        if (c.count2 != 0) return false;  // patternProperties
        named = true;
        s.named_first = c.first;
        s.named_count = c.count;
        s.closed = is_false_node(p, c.node);
        if (!s.closed) s.additional = c.node;
        break;
      case op::min_properties:
        s.min_properties = c.n;
        break;
      case op::max_properties:
        s.max_properties = c.n;
        break;
      default:
        return false;
    }
  }
  if (!typed || !named || s.named_count > 64) return false;
  for (std::uint32_t k = 0; k < s.named_count; ++k) {
    auto& slot = s.slots[slot_of(p.named[s.named_first + k].name)];
    slot = slot == 0 ? static_cast<std::uint8_t>(k + 1) : 0xFF;
  }
  for (auto name : required) {
    bool found = false;
    for (std::uint32_t k = 0; k < s.named_count; ++k)
      if (p.named[s.named_first + k].name == name) {
        s.required |= std::uint64_t{1} << k;
        found = true;
      }
    if (!found) return false;  // a required name without a property schema: the general path
  }
  return true;
}

bool array_shape_of(const program& p, const node& nd, array_shape& s) {
  if (nd.tracks || nd.defaults_count || p.dynamic_scope) return false;
  bool typed = false;
  for (std::uint32_t i = nd.first; i < nd.first + nd.count; ++i) {
    const check& c = p.checks[i];
    switch (c.kind) {
      case op::type:
        if (c.types != t_array) return false;
        typed = true;
        break;
      case op::min_items:
        s.min_items = c.n;
        break;
      case op::max_items:
        s.max_items = c.n;
        break;
      case op::items:
        if (c.n != 0) return false;  // after prefixItems
        s.items = c.node;
        break;
      default:
        return false;
    }
  }
  return typed;
}

}  // namespace

void find_leaves(program& p) {
  for (auto& nd : p.nodes) {
    leaf l;
    if (fuse(p, nd, l)) {
      nd.leaf = static_cast<std::uint32_t>(p.leaves.size());
      p.leaves.push_back(l);
      continue;
    }
    object_shape s;
    if (shape_of(p, nd, s)) {
      nd.shape = static_cast<std::uint32_t>(p.shapes.size());
      p.shapes.push_back(s);
      continue;
    }
    array_shape a;
    if (array_shape_of(p, nd, a)) {
      nd.array_shape = static_cast<std::uint32_t>(p.array_shapes.size());
      p.array_shapes.push_back(a);
    }
  }
}

}  // namespace strata::schema::detail
