// The compiled form of a schema: every schema object is a node holding a flat vector of checks,
// run by a switch (evaluate.cpp); subschemas are node indexes, side tables hold lists.
#pragma once
#include <array>
#include <boost/json/value.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <strata/schema/detail/formats.hpp>
#include <strata/schema/detail/regex.hpp>
#include <strata/schema/validator.hpp>
#include <string>
#include <vector>

namespace strata::schema::detail {

inline constexpr std::uint32_t no_node = 0xffffffff;

enum class op : std::uint8_t {
  fail,  // the false schema
  type,
  const_,
  enum_,
  multiple_of,
  maximum,
  exclusive_maximum,
  minimum,
  exclusive_minimum,
  max_length,
  min_length,
  pattern,
  format,
  max_items,
  min_items,
  unique_items,
  max_properties,
  min_properties,
  required,
  dependent_required,
  properties,
  pattern_properties,
  additional_properties,  // properties, patternProperties and additionalProperties in one pass
  property_names,
  prefix_items,  // also draft-07's array form of items
  items,         // from index `n` on (after prefixItems); draft-07's additionalItems too
  contains,
  all_of,
  any_of,
  one_of,
  not_,
  if_,
  dependent_schemas,
  ref,
  dynamic_ref,
  unevaluated_properties,
  unevaluated_items,
};

// Bits of the `type` keyword.
enum type_bits : std::uint8_t {
  t_null = 1,
  t_boolean = 2,
  t_object = 4,
  t_array = 8,
  t_number = 16,
  t_string = 32,
  t_integer = 64,
};

struct check {
  op kind = op::fail;
  std::uint8_t types = 0;  // type
  format fmt = format::unknown;
  std::uint32_t node = no_node;          // the subschema (items, not, if, $ref, ...)
  std::uint32_t node2 = no_node;         // then
  std::uint32_t node3 = no_node;         // else
  std::uint32_t first = 0, count = 0;    // a range in a side table
  std::uint32_t first2 = 0, count2 = 0;  // a second one (additionalProperties: the patterns)
  std::uint64_t n = 0;                   // sizes; contains: min
  std::uint64_t m = 0;                   // contains: max
  bool has_max = false;
  double number = 0;
  const boost::json::value* json = nullptr;  // const, enum, multipleOf, default
  std::uint32_t path = 0;                    // index of the keyword's schema location
};

struct node {
  std::uint32_t first = 0, count = 0;                    // checks
  std::uint32_t resource = 0;                            // the schema resource it belongs to (dynamic scope)
  std::uint32_t defaults_first = 0, defaults_count = 0;  // properties' defaults (use_defaults)
  bool tracks = false;                                   // holds unevaluatedProperties/Items: collect annotations
  std::uint32_t leaf = no_node;                          // its fused form in program::leaves, if it has one
  std::uint32_t shape = no_node;                         // or in program::shapes
  std::uint32_t array_shape = no_node;                   // or in program::array_shapes
};

// A node whose checks all look at one value and hold no subschema (type, bounds, lengths,
// pattern, format, enum, const: most property schemas), fused into one straight-line test.
// A value it accepts is valid; one it refuses goes through the node's checks again, which
// report the errors and coerce. One dispatch instead of one per keyword.
struct leaf {
  bool has_type = false;
  std::uint8_t types = 0;
  bool has_minimum = false, has_maximum = false, has_exclusive_minimum = false, has_exclusive_maximum = false;
  double minimum = 0, maximum = 0, exclusive_minimum = 0, exclusive_maximum = 0;
  std::uint64_t min_length = 0, max_length = ~std::uint64_t{0};
  std::uint32_t pattern = no_node;  // index in program::patterns
  format fmt = format::unknown;
  const boost::json::value* enum_ = nullptr;
  const boost::json::value* const_ = nullptr;
};

// The order of names in a named range: by length first, so a lookup mostly compares sizes.
inline bool name_less(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// An object node made of type: object, required, properties / additionalProperties (no
// patterns) and min/maxProperties: one pass over the members checks them all, required names
// counted as they are met. Used when nothing needs reporting, coercing or annotating; a refusal
// sends the node through its checks, which report.
struct object_shape {
  std::uint32_t named_first = 0, named_count = 0;  // properties (program::named), at most 64
  std::uint64_t required = 0;                      // bit i: named_first + i is required
  std::uint32_t additional = no_node;              // additionalProperties' node; none: any other name passes
  bool closed = false;                             // additionalProperties: false
  std::uint64_t min_properties = 0, max_properties = ~std::uint64_t{0};
  // Property index + 1 by slot_of(name); 0: no property; 0xFF: several, scan.
  std::array<std::uint8_t, 64> slots{};
};

// A name's slot in object_shape::slots: its size and first and last bytes tell most names apart.
inline std::size_t slot_of(std::string_view name) {
  if (name.empty()) return 0;
  return (name.size() * 7 + static_cast<unsigned char>(name.front()) * 3 + static_cast<unsigned char>(name.back())) &
         63;
}

// An array node made of type: array, min/maxItems and items (from the first item on).
struct array_shape {
  std::uint64_t min_items = 0, max_items = ~std::uint64_t{0};
  std::uint32_t items = no_node;  // none: any item
};

struct named_node {
  std::string name;
  std::uint32_t node = no_node;
};

struct pattern_node {
  std::shared_ptr<const regex> re;
  std::uint32_t node = no_node;
};

struct dependency {
  std::string name;
  std::uint32_t first = 0, count = 0;  // names in program::strings
};

struct resource {
  std::string uri;
  // $dynamicAnchor name -> node, filled for resources that are in the program.
  std::vector<named_node> dynamic_anchors;
};

struct program {
  std::deque<boost::json::value> documents;  // the schema texts checks point into
  std::vector<node> nodes;
  std::vector<check> checks;
  std::vector<std::uint32_t> node_lists;
  std::vector<named_node> named;       // properties, dependentSchemas (sorted per range)
  std::vector<pattern_node> patterns;  // pattern, patternProperties
  std::vector<std::string> strings;    // required, dependentRequired
  std::vector<dependency> dependencies;
  std::vector<std::pair<std::string, const boost::json::value*>> defaults;  // use_defaults
  std::vector<std::string> paths;                                           // keyword locations
  std::vector<std::string> keywords;                                        // per path, the keyword name
  std::vector<resource> resources;
  std::vector<leaf> leaves;
  std::vector<object_shape> shapes;
  std::vector<array_shape> array_shapes;
  std::uint32_t root = no_node;
  bool dynamic_scope = false;  // some $dynamicRef needs the resources entered at run time
  options opts;                // copied without the schema documents and resolver
};

// Fuses every node that can be a leaf or a shape (compile() calls it last).
void find_leaves(program& p);

// A JSON number as a double, without Boost.JSON's error-code path of to_number<double>().
inline double number_value(const boost::json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  return static_cast<double>(v.get_uint64());
}

// JSON equality as the specification defines it: numbers by value (1 == 1.0), objects
// regardless of member order.
bool json_equal(const boost::json::value& a, const boost::json::value& b);
// A hash that agrees with json_equal (equal values hash alike), for uniqueItems on long arrays.
std::size_t json_hash(const boost::json::value& v);

}  // namespace strata::schema::detail
