// Update documents: $set, $unset, $inc and $push (with $each), parsed once and applied to a
// document in C++. The SQL backends apply them this way (read, apply, write in one transaction);
// MongoDB receives the canonical form, so both follow MongoDB's rules:
// - paths are dotted member paths (see field_path.hpp); $set creates missing objects on the way
//   but not through a null or a scalar; "_id" cannot change;
// - $inc needs a number, on a number or a missing field (integers stay integers; an integer
//   overflow is an error); $push appends to an array or starts one;
// - two operators may not touch the same path or one inside the other ({"$set": {"a": 1},
//   "$inc": {"a.b": 1}} is an error), nor may an update hold no operator at all.
// Errors are document::error with errc::bad_update.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::document {

struct update_op {
  enum class kind : std::uint8_t { set, unset, inc, push };
  kind k = kind::set;
  std::string path;
  std::vector<boost::json::value> values;  // one for set/inc; push: the values appended; unset: none
};

struct update {
  std::vector<update_op> ops;
};

inline constexpr std::size_t max_update_ops = 1000;

update parse_update(const boost::json::object& json);

// Applies u to doc; throws document::error(errc::bad_update) when it cannot apply (doc is then
// partly changed: apply to a copy).
void apply_update(boost::json::object& doc, const update& u);

// The canonical MongoDB update document.
boost::json::object to_mongo_update(const update& u);

}  // namespace strata::document
