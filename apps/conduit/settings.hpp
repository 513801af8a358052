// Conduit's own configuration keys (on top of strata::app's http.*, log.*, metrics.*), their
// schema and defaults, read once at start-up into a plain struct.
#pragma once
#include <strata/config/config.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace conduit {

struct settings {
  std::string database_url;              // database.url (DATABASE_URL); default sqlite:conduit.db
  std::optional<std::string> redis_url;  // redis.url (REDIS_URL): shared cache and rate limits
  std::string cache_url;                 // cache.url; default redis.url when set, else memory://
  std::chrono::seconds cache_ttl{60};    // cache.ttl_s: how long article reads and tags stay cached
  std::string jwt_secret;                // auth.jwt_secret; empty: a random one per process
  std::chrono::seconds token_ttl{};      // auth.token_ttl_s
  std::int64_t login_limit_max = 10;     // auth.login_limit.max requests ...
  std::chrono::seconds login_limit_window{60};  // ... per auth.login_limit.window_s, per client IP
  std::filesystem::path migrations;      // conduit.migrations; default: next to the executable
  std::size_t db_pool = 8;               // database.pool: connections per loop
};

// The JSON-Schema properties strata::app merges into its configuration schema.
boost::json::object settings_schema();

// Reads the settings; `executable` (argv[0]) locates the migrations shipped next to the binary.
settings read_settings(const strata::config::config& cfg, const std::filesystem::path& executable);

}  // namespace conduit
