#include "settings.hpp"

#include <filesystem>
#include <system_error>

namespace conduit {
namespace {

using boost::json::object;

object integer(std::int64_t fallback, std::int64_t minimum, std::string_view description) {
  return {{"type", "integer"}, {"minimum", minimum}, {"default", fallback}, {"description", description}};
}

std::filesystem::path default_migrations(const std::filesystem::path& executable) {
  std::error_code ec;
  auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(executable);
  return exe.parent_path() / "conduit-migrations";
}

}  // namespace

object settings_schema() {
  object database{{"type", "object"},
                  {"properties",
                   object{{"url", object{{"type", "string"}, {"default", "sqlite:conduit.db"}}},
                          {"pool", integer(8, 1, "connections per event loop")}}}};
  object redis{{"type", "object"}, {"properties", object{{"url", object{{"type", "string"}}}}}};
  object cache{{"type", "object"},
               {"properties", object{{"url", object{{"type", "string"}}},
                                     {"ttl_s", integer(60, 1, "seconds article reads and tags stay cached")}}}};
  object login_limit{{"type", "object"},
                     {"properties", object{{"max", integer(10, 1, "logins and registrations per window per IP")},
                                           {"window_s", integer(60, 1, "the window in seconds")}}}};
  object auth{{"type", "object"},
              {"properties", object{{"jwt_secret", object{{"type", "string"}, {"secret", true}}},
                                    {"token_ttl_s", integer(30 * 24 * 3600, 60, "lifetime of issued tokens")},
                                    {"login_limit", login_limit}}}};
  object app{{"type", "object"}, {"properties", object{{"migrations", object{{"type", "string"}}}}}};
  return {{"database", database}, {"redis", redis}, {"cache", cache}, {"auth", auth}, {"conduit", app}};
}

settings read_settings(const strata::config::config& cfg, const std::filesystem::path& executable) {
  settings s;
  s.database_url = cfg.get<std::string>("database.url", "sqlite:conduit.db");
  s.db_pool = static_cast<std::size_t>(cfg.get<std::int64_t>("database.pool", 8));
  s.redis_url = cfg.find<std::string>("redis.url");
  if (s.redis_url && s.redis_url->empty()) s.redis_url.reset();
  s.cache_url = cfg.get<std::string>("cache.url", s.redis_url.value_or("memory://"));
  s.cache_ttl = std::chrono::seconds(cfg.get<std::int64_t>("cache.ttl_s", 60));
  s.jwt_secret = cfg.get<std::string>("auth.jwt_secret", "");
  s.token_ttl = std::chrono::seconds(cfg.get<std::int64_t>("auth.token_ttl_s", 30 * 24 * 3600));
  s.login_limit_max = cfg.get<std::int64_t>("auth.login_limit.max", 10);
  s.login_limit_window = std::chrono::seconds(cfg.get<std::int64_t>("auth.login_limit.window_s", 60));
  auto dir = cfg.get<std::string>("conduit.migrations", "");
  s.migrations = dir.empty() ? default_migrations(executable) : std::filesystem::path(dir);
  return s;
}

}  // namespace conduit
