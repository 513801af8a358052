// Sort and projection: validation, the projection pass, and the MongoDB forms.
#include <strata/document/error.hpp>
#include <strata/document/field_path.hpp>
#include <strata/document/query_options.hpp>

namespace strata::document::detail {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw error(errc::bad_query, message);
}

void check_path(std::string_view path, const char* what) {
  if (!valid_path(path))
    fail(std::string(what) + " field '" + std::string(path.substr(0, 64)) +
         "' is not a dotted path of letters, digits and '_'");
}

bool overlap(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  return b.starts_with(a) && (b.size() == a.size() || b[a.size()] == '.');
}

// 1/true or 0/false; anything else is an error.
bool flag(const boost::json::value& v, std::string_view path) {
  if (v.is_bool()) return v.get_bool();
  if (v.is_number()) {
    const double d = v.to_number<double>();
    if (d == 0 || d == 1) return d == 1;
  }
  fail("projection of '" + std::string(path.substr(0, 64)) + "' must be 1 or 0");
}

}  // namespace

find_spec parse_find_options(const find_options& options) {
  find_spec spec;
  for (const auto& [path, dir] : options.sort) {
    check_path(path, "sort");
    const bool number = dir.is_number();
    const double d = number ? dir.to_number<double>() : 0;
    if (d != 1 && d != -1) fail("sort direction of '" + std::string(path.substr(0, 64)) + "' must be 1 or -1");
    spec.sort.push_back({std::string(path), d == -1});
  }
  if (options.limit < 0) fail("limit must not be negative");
  if (options.skip < 0) fail("skip must not be negative");
  spec.limit = options.limit;
  spec.skip = options.skip;

  bool seen_include = false, seen_exclude = false;
  for (const auto& [path, v] : options.projection) {
    check_path(path, "projection");
    const bool keep = flag(v, path);
    if (path == "_id") {
      spec.projection.keep_id = keep;
      continue;
    }
    (keep ? seen_include : seen_exclude) = true;
    for (const auto& other : spec.projection.paths)
      if (overlap(other, path)) fail("projection paths '" + other + "' and '" + std::string(path) + "' overlap");
    spec.projection.paths.emplace_back(path);
  }
  if (seen_include && seen_exclude) fail("a projection either includes or excludes fields, not both");
  spec.projection.include = seen_include;
  return spec;
}

void apply_projection(boost::json::object& doc, const projection_spec& p) {
  if (p.empty()) return;
  if (!p.include) {
    for (const auto& path : p.paths) erase_path(doc, path);
    if (!p.keep_id) stable_erase(doc, "_id");
    return;
  }
  boost::json::object kept;
  if (p.keep_id)
    if (const auto* id = doc.if_contains("_id")) kept["_id"] = *id;
  for (const auto& path : p.paths) {
    const boost::json::value* v = lookup(doc, path);
    if (!v) continue;
    if (auto* parent = parent_for_write(kept, path)) (*parent)[leaf_name(path)] = *v;
  }
  doc = std::move(kept);
}

boost::json::object to_mongo_sort(const std::vector<sort_key>& sort) {
  boost::json::object out;
  for (const auto& k : sort) out[k.path] = k.descending ? -1 : 1;
  return out;
}

boost::json::object to_mongo_projection(const projection_spec& p) {
  boost::json::object out;
  for (const auto& path : p.paths) out[path] = p.include ? 1 : 0;
  if (!p.keep_id) out["_id"] = 0;
  return out;
}

}  // namespace strata::document::detail
