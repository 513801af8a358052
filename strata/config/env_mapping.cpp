// env_mapping: environment variable names to config keys.
#include <strata/config/env_mapping.hpp>

namespace strata::config {
namespace {

bool valid_segment(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

env_map default_env_aliases() {
  return {{"PORT", "http.port"},      {"HOST", "http.host"},      {"DATABASE_URL", "database.url"},
          {"REDIS_URL", "redis.url"}, {"LOG_LEVEL", "log.level"}, {"NODE_ENV", "env"}};
}

std::optional<std::string> env_key(std::string_view name, std::string_view prefix, const env_map& aliases) {
  if (auto it = aliases.find(name); it != aliases.end()) return it->second;
  if (prefix.empty() || name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = name.substr(prefix.size());
  std::string key;
  while (true) {
    const std::size_t sep = rest.find("__");
    const std::string_view segment = rest.substr(0, sep);
    if (!valid_segment(segment)) return std::nullopt;
    if (!key.empty()) key += '.';
    for (char c : segment) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + 2);
  }
  return key;
}

std::optional<env_binding> bind_env(std::string_view name, std::string_view prefix, const env_map& aliases,
                                    const std::function<bool(std::string_view key)>& is_known) {
  std::optional<std::string> direct = env_key(name, prefix, aliases);
  constexpr std::string_view suffix = "_FILE";
  if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
    const std::string_view base = name.substr(0, name.size() - suffix.size());
    // STRATA_LOG__FILE is the key log.file, not a file for STRATA_LOG_.
    if (base.back() != '_' && !(direct && is_known && is_known(*direct)))
      if (auto key = env_key(base, prefix, aliases)) return env_binding{std::move(*key), true};
  }
  if (direct) return env_binding{std::move(*direct), false};
  return std::nullopt;
}

}  // namespace strata::config
