// The options and results of collection operations, shaped like the MongoDB driver's.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

namespace strata::document {

struct find_options {
  boost::json::object sort;        // {"age": -1, "name": 1}: 1 ascending, -1 descending, keys in order
  std::int64_t limit = 0;          // at most this many documents; 0: no limit (as in MongoDB)
  std::int64_t skip = 0;           // documents passed over first
  boost::json::object projection;  // {"name": 1, "email": 1} or {"password": 0}; "_id" stays unless 0
};

struct update_result {
  std::int64_t matched = 0;   // documents the filter selected
  std::int64_t modified = 0;  // of those, documents the update changed
};

struct index_options {
  bool unique = false;  // documents lacking the field (or holding null) never conflict
  std::string name;     // default: COLLECTION_FIELD1_FIELD2_idx ('.' becomes '_')
};

}  // namespace strata::document
