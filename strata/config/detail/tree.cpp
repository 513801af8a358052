// tree: merging layers and keeping the origin of every leaf.
#include <strata/config/detail/tree.hpp>

#include <algorithm>

namespace strata::config::detail {
namespace json = boost::json;
namespace {

std::string join_key(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

bool starts_below(const std::string& key, const std::string& parent) {
  return key.size() > parent.size() && key.compare(0, parent.size(), parent) == 0 && key[parent.size()] == '.';
}

}  // namespace

std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t dot = key.find('.');
    const std::string_view segment = key.substr(0, dot);
    if (segment.empty()) return {};
    out.emplace_back(segment);
    if (dot == std::string_view::npos) return out;
    key.remove_prefix(dot + 1);
  }
}

void tree::merge(const json::object& layer, const origin& o) {
  for (const auto& [name, v] : layer) set_at(root_, "", std::string(name), v, o);
}

void tree::set(const std::vector<std::string>& path, const json::value& v, const origin& o) {
  if (path.empty()) return;
  json::object* parent = &root_;
  std::string prefix;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json::value& slot = (*parent)[path[i]];
    const std::string key = join_key(prefix, path[i]);
    if (!slot.is_object()) {
      forget(key);
      slot = json::object();
    } else {
      leaves_.erase(key);  // was an empty-object leaf, now a parent
    }
    parent = &slot.get_object();
    prefix = key;
  }
  set_at(*parent, prefix, path.back(), v, o);
}

void tree::set_at(json::object& parent, const std::string& prefix, const std::string& name, const json::value& v,
                  const origin& o) {
  const std::string key = join_key(prefix, name);
  json::value* existing = parent.if_contains(name);
  if (v.is_object() && !v.get_object().empty() && existing && existing->is_object()) {
    leaves_.erase(key);
    for (const auto& [child, cv] : v.get_object()) set_at(existing->get_object(), key, std::string(child), cv, o);
    return;
  }
  if (v.is_object() && v.get_object().empty() && existing && existing->is_object()) return;  // merging {} is a no-op
  forget(key);
  parent[name] = v;
  record(key, v, o);
}

void tree::forget(const std::string& key) {
  leaves_.erase(key);
  auto it = leaves_.lower_bound(key + ".");
  while (it != leaves_.end() && starts_below(it->first, key)) it = leaves_.erase(it);
}

void tree::record(const std::string& key, const json::value& v, const origin& o) {
  if (v.is_object() && !v.get_object().empty()) {
    for (const auto& [child, cv] : v.get_object()) record(join_key(key, child), cv, o);
  } else {
    leaves_[key] = o;
  }
}

const json::value* tree::find(std::string_view key) const {
  const json::value* cur = nullptr;
  const json::object* obj = &root_;
  const std::vector<std::string> path = split_key(key);
  if (path.empty()) return nullptr;
  for (const std::string& segment : path) {
    if (obj) {
      cur = obj->if_contains(segment);
    } else if (cur && cur->is_array() && !segment.empty() &&
               std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
               segment.size() < 10) {
      const auto& a = cur->get_array();
      const std::size_t i = std::stoul(segment);
      cur = i < a.size() ? &a[i] : nullptr;
    } else {
      cur = nullptr;
    }
    if (!cur) return nullptr;
    obj = cur->if_object();
  }
  return cur;
}

std::vector<const origin*> tree::origins_under(std::string_view key) const {
  const std::string k(key);
  if (auto it = leaves_.find(k); it != leaves_.end()) return {&it->second};
  std::vector<const origin*> out;
  for (auto it = leaves_.lower_bound(k + "."); it != leaves_.end() && starts_below(it->first, k); ++it) {
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const origin* o) { return o->source == it->second.source; });
    if (!seen) out.push_back(&it->second);
  }
  if (!out.empty()) return out;
  // Inside an array (servers.1.host, servers[1]): the array is the leaf that has a source.
  for (std::size_t cut = k.find_first_of(".["); cut != std::string::npos; cut = k.find_first_of(".[", cut + 1)) {
    const bool index_follows = cut + 1 < k.size() && (k[cut] == '[' || (k[cut + 1] >= '0' && k[cut + 1] <= '9'));
    if (!index_follows) continue;
    if (auto it = leaves_.find(k.substr(0, cut)); it != leaves_.end()) return {&it->second};
  }
  return out;
}

}  // namespace strata::config::detail
