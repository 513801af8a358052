// env_mapping: which config key an environment variable sets. STRATA_HTTP__PORT → http.port (the
// prefix, then `__` between nesting levels, keys lowercased), and the names every platform already
// uses: PORT, HOST, DATABASE_URL, REDIS_URL, LOG_LEVEL, NODE_ENV.
#pragma once
#include <strata/config/env_map.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace strata::config {

// PORT → http.port, HOST → http.host, DATABASE_URL → database.url, REDIS_URL → redis.url,
// LOG_LEVEL → log.level, NODE_ENV → env.
env_map default_env_aliases();

// The key `name` sets, or nullopt when it is not a config variable (or is malformed, as STRATA_A___B).
std::optional<std::string> env_key(std::string_view name, std::string_view prefix, const env_map& aliases);

struct env_binding {
  std::string key;
  bool from_file = false;  // the variable holds a path to read the value from (DATABASE_URL_FILE)
};

// Like env_key, and NAME_FILE binds NAME's key with from_file set, unless the key NAME_FILE maps to
// itself is one the application knows (`is_known`): then STRATA_LOG__OUTPUT_FILE stays log.output_file.
std::optional<env_binding> bind_env(std::string_view name, std::string_view prefix, const env_map& aliases,
                                    const std::function<bool(std::string_view key)>& is_known);

}  // namespace strata::config
