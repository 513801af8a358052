// Checking documents before they are stored, and giving them their "_id".
#include <cmath>
#include <strata/document/document_check.hpp>
#include <strata/document/error.hpp>
#include <strata/document/object_id.hpp>

namespace strata::document::detail {

namespace {
bool storable(const boost::json::value& v, std::size_t depth) {
  if (depth > max_document_depth) return false;
  if (const auto* o = v.if_object()) {
    for (const auto& [key, member] : *o)
      if (key.starts_with('$') || !storable(member, depth + 1)) return false;
  } else if (const auto* a = v.if_array()) {
    for (const auto& item : *a)
      if (!storable(item, depth + 1)) return false;
  } else if (v.is_double()) {
    return std::isfinite(v.get_double());
  }
  return true;
}
}  // namespace

bool finite_number(const boost::json::value& v) noexcept {
  return v.is_int64() || v.is_uint64() || (v.is_double() && std::isfinite(v.get_double()));
}

bool storable_value(const boost::json::value& v) {
  return storable(v, 0);
}

std::string prepare_document(boost::json::object& doc) {
  for (const auto& [key, member] : doc)
    if (!storable(member, 1) || key.starts_with('$'))
      throw error(errc::bad_document, "a document may not hold field names starting with '$', NaN or infinite "
                                          "numbers, or nest deeper than " +
                                          std::to_string(max_document_depth));
  if (const auto* id = doc.if_contains("_id")) {
    const auto* text = id->if_string();
    if (!text || text->empty() || text->size() > 1024)
      throw error(errc::bad_document, "\"_id\" must be a non-empty string of at most 1024 bytes");
    return std::string(*text);
  }
  std::string id = new_object_id();
  // "_id" first, as MongoDB stores it.
  boost::json::object with_id(doc.storage());
  with_id.reserve(doc.size() + 1);
  with_id.emplace("_id", id);
  for (auto& [key, member] : doc) with_id.emplace(key, std::move(member));
  doc = std::move(with_id);
  return id;
}

}  // namespace strata::document::detail
