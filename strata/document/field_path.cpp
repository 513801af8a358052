// Dotted field paths: the validation that keeps them safe in SQL text, and the JSON walks.
#include <strata/document/field_path.hpp>

namespace strata::document::detail {

namespace {
bool path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

bool valid_path(std::string_view path) noexcept {
  if (path.empty() || path.size() > max_path_length) return false;
  std::size_t depth = 1;
  bool component_empty = true;
  for (char c : path) {
    if (c == '.') {
      if (component_empty) return false;
      component_empty = true;
      if (++depth > max_path_depth) return false;
    } else if (path_char(c)) {
      component_empty = false;
    } else {
      return false;
    }
  }
  return !component_empty;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string_view leaf_name(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

const boost::json::value* lookup(const boost::json::object& doc, std::string_view path) {
  const boost::json::object* at = &doc;
  const boost::json::value* found = nullptr;
  for (std::string_view part : split_path(path)) {
    if (!at) return nullptr;
    found = at->if_contains(part);
    if (!found) return nullptr;
    at = found->if_object();
  }
  return found;
}

boost::json::object* parent_for_write(boost::json::object& doc, std::string_view path) {
  boost::json::object* at = &doc;
  const auto parts = split_path(path);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    boost::json::value* next = at->if_contains(parts[i]);
    // Only a missing member is created: MongoDB refuses to write through null or a scalar too.
    if (!next) next = &at->emplace(parts[i], boost::json::object()).first->value();
    at = next->if_object();
    if (!at) return nullptr;
  }
  return at;
}

bool stable_erase(boost::json::object& o, std::string_view key) {
  // object::erase moves the last member into the gap; MongoDB keeps the order of what remains.
  if (!o.contains(key)) return false;
  boost::json::object kept(o.storage());
  kept.reserve(o.size() - 1);
  for (auto& [k, v] : o)
    if (k != key) kept.emplace(k, std::move(v));
  o = std::move(kept);
  return true;
}

bool erase_path(boost::json::object& doc, std::string_view path) {
  boost::json::object* at = &doc;
  const auto parts = split_path(path);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    boost::json::value* next = at->if_contains(parts[i]);
    if (!next || !next->is_object()) return false;
    at = &next->get_object();
  }
  return stable_erase(*at, parts.back());
}

}  // namespace strata::document::detail
