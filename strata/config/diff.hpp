// diff: what a reload changed, leaf by leaf, so the application can log it and apply what it can.
#pragma once
#include <strata/config/config.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace strata::config {

struct config_change {
  std::string key;
  std::optional<boost::json::value> before;  // nullopt: the key was added
  std::optional<boost::json::value> after;   // nullopt: the key was removed
  bool secret = false;                       // secret in either config: log it redacted
};

// Changed, added and removed leaf keys, sorted by key.
std::vector<config_change> diff(const config& before, const config& after);

// "http.port: 8080 -> 9090", "db.password: changed ([REDACTED])", "cache.ttl: added \"30s\"".
std::string to_string(const config_change& change);

}  // namespace strata::config
