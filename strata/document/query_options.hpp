// find_options checked and parsed once in the front: sort keys and the projection, which the SQL
// backends turn into ORDER BY and a C++ pass over each result, and MongoDB receives as they are.
#pragma once
#include <boost/json/object.hpp>
#include <cstdint>
#include <strata/document/options.hpp>
#include <string>
#include <vector>

namespace strata::document::detail {

struct sort_key {
  std::string path;
  bool descending = false;
};

struct projection_spec {
  bool include = false;            // true: keep only `paths` (+ _id); false: drop `paths`
  std::vector<std::string> paths;  // never "_id"
  bool keep_id = true;
  bool empty() const { return paths.empty() && keep_id; }
};

struct find_spec {
  std::vector<sort_key> sort;
  std::int64_t limit = 0;  // 0: none
  std::int64_t skip = 0;
  projection_spec projection;
};

// Throws document::error(errc::bad_query).
find_spec parse_find_options(const find_options& options);

void apply_projection(boost::json::object& doc, const projection_spec& p);

// Canonical MongoDB forms.
boost::json::object to_mongo_sort(const std::vector<sort_key>& sort);
boost::json::object to_mongo_projection(const projection_spec& p);

}  // namespace strata::document::detail
