// The filter language: a MongoDB query subset, parsed from JSON into a small tree that every
// backend translates (SQL text with parameters, or a canonical MongoDB filter).
//
//   {"age": {"$gte": 18}, "address.city": "Oslo", "$or": [{"role": "admin"}, {"tags": {"$in": ["a"]}}]}
//
// Supported: equality on (dotted) fields, $eq $ne $gt $gte $lt $lte $in $nin $exists, $and $or, and
// the implicit and of several fields or several operators. Semantics, the same on every backend:
// - Values are null, booleans, numbers and strings. Whole sub-documents and arrays are not
//   compared (use dotted paths), so {"a": {"b": 1}} and {"a": [1]} are errors.
// - Comparisons are type-aware, as in MongoDB: a number only equals or orders against numbers
//   (1 == 1.0), a string only against strings (byte order of UTF-8, no collation); a field of
//   another type never matches $eq, $gt, ... and always matches $ne and $nin.
// - $gt/$gte/$lt/$lte take a number or a string.
// - {"f": null} matches a null or a missing f; {"f": {"$ne": null}} an f that is there and not null.
// - A field holding an array matches when the array has a matching element ({"tags": "a"}
//   matches {"tags": ["a", "b"]}); $ne/$nin then need no element to match. Dotted paths go
//   through objects only: "a.b" does not look inside an array a (MongoDB's own backend would).
// - $exists: true matches a present field, even a null one.
// Anything else (an unknown operator, a field name outside [A-Za-z0-9_.]) is document::error
// with errc::bad_query (HTTP 400).
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::document {

enum class op : std::uint8_t { eq, ne, gt, gte, lt, lte, in, nin, exists };

// One condition on one field: eq..lte take values[0]; in and nin all of values; exists uses `exists`.
struct condition {
  std::string path;
  op kind = op::eq;
  std::vector<boost::json::value> values;
  bool exists = true;
};

// A node: all children (and; none means everything), any child (or), or one condition.
struct filter {
  enum class kind : std::uint8_t { all, any, leaf };
  kind k = kind::all;
  std::vector<filter> children;
  condition leaf;

  bool matches_everything() const { return k == kind::all && children.empty(); }
};

// Limits that keep a hostile filter from exhausting the stack or a backend's parameter limit.
inline constexpr std::size_t max_filter_depth = 32;     // nested $and/$or
inline constexpr std::size_t max_filter_values = 1000;  // values over all conditions

// Parses a filter; throws document::error(errc::bad_query) naming what is wrong.
filter parse_filter(const boost::json::object& json);

// The filter back as canonical MongoDB JSON (every condition as {"path": {"$op": ...}}).
boost::json::object to_mongo_filter(const filter& f);

const char* op_name(op o);

}  // namespace strata::document
