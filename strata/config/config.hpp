// config: the loaded configuration, with typed access, the source of every value and a redacted
// dump. Get one from load() or load_or_exit() (load.hpp). A config never changes; copies are cheap
// and share it, so a reload builds a new one beside the one in use.
//
//   int port = cfg.get<int>("http.port");                        // config_error if missing or not an int
//   auto ttl = cfg.get<std::chrono::seconds>("cache.ttl", 60s);  // "30s", "5m", "1h" or integer seconds
//   std::optional<std::string> url = cfg.find<std::string>("redis.url");
//   db_settings db = cfg.get<db_settings>("db");                  // a BOOST_DESCRIBE_STRUCT, by member name
#pragma once
#include <strata/config/config_error.hpp>
#include <strata/config/convert.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config {

namespace detail {
class loader;
struct config_state;
}  // namespace detail

class config {
public:
  config();  // empty; load() makes the real ones

  // The value at a dotted key as T. Throws config_error when the key is missing (or null) or the
  // value is not a T. Strings from the environment read as the type asked for ("8080", "yes", "a,b").
  template <class T>
  T get(std::string_view key) const {
    const boost::json::value* v = lookup(key);
    if (!v) detail::throw_wrong_type(*this, std::string(key), detail::expected_name<T>(), nullptr);
    return detail::convert<T>(*v, *this, std::string(key));
  }
  // `fallback` when the key is missing or null; still throws when the value is not a T.
  template <class T>
  T get(std::string_view key, T fallback) const {
    const boost::json::value* v = lookup(key);
    if (!v || v->is_null()) return fallback;
    return detail::convert<T>(*v, *this, std::string(key));
  }
  // nullopt when the key is missing or null; throws when the value is not a T.
  template <class T>
  std::optional<T> find(std::string_view key) const {
    const boost::json::value* v = lookup(key);
    if (!v || v->is_null()) return std::nullopt;
    return detail::convert<T>(*v, *this, std::string(key));
  }

  // The raw value (a numeric segment indexes an array: "servers.0.host"), or nullptr.
  const boost::json::value* lookup(std::string_view key) const;
  bool contains(std::string_view key) const { return lookup(key) != nullptr; }
  const boost::json::object& json() const;
  // Every leaf key (scalars and arrays), sorted.
  std::vector<std::string> keys() const;

  // Where a value came from: "default", "config/production.yaml", ".env STRATA_HTTP__PORT",
  // "env STRATA_HTTP__PORT", "env DATABASE_URL_FILE", "--set". For an object, the sources of its
  // leaves joined by ", "; "" for a missing key.
  std::string source_of(std::string_view key) const;
  // Secret by the schema (`secret: true`), by name (password, secret, token, key, credential) or
  // because it was read from a *_FILE variable.
  bool is_secret(std::string_view key) const;
  // A value for people to read: JSON text, "[REDACTED]" for secrets and URL passwords when `redact`.
  std::string show(std::string_view key, const boost::json::value& v, bool redact = true) const;

  // One line per leaf, sorted: `http.port = 8080   # env STRATA_HTTP__PORT`.
  std::string dump(bool redact = true) const;

  // The environment whose file was loaded (config/<env_name>.*): "development" unless set.
  const std::string& env_name() const;

private:
  friend class detail::loader;
  explicit config(std::shared_ptr<const detail::config_state> state) : state_(std::move(state)) {}

  std::shared_ptr<const detail::config_state> state_;
};

}  // namespace strata::config
