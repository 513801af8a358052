// diff: leaf-by-leaf comparison of two configs.
#include <strata/config/diff.hpp>
#include <strata/config/redact.hpp>

#include <boost/json/serialize.hpp>

#include <set>

namespace strata::config {

std::vector<config_change> diff(const config& before, const config& after) {
  std::set<std::string> keys;
  for (auto& k : before.keys()) keys.insert(k);
  for (auto& k : after.keys()) keys.insert(k);
  std::vector<config_change> out;
  for (const std::string& key : keys) {
    const boost::json::value* b = before.lookup(key);
    const boost::json::value* a = after.lookup(key);
    if (b && a && *b == *a) continue;
    config_change c{key, {}, {}, before.is_secret(key) || after.is_secret(key)};
    if (b) c.before = *b;
    if (a) c.after = *a;
    out.push_back(std::move(c));
  }
  return out;
}

std::string to_string(const config_change& c) {
  auto show = [&](const boost::json::value& v) {
    return c.secret ? std::string(redacted) : redact_url_passwords(boost::json::serialize(v));
  };
  if (!c.before) return c.key + ": added " + show(*c.after);
  if (!c.after) return c.key + ": removed (was " + show(*c.before) + ")";
  if (c.secret) return c.key + ": changed (" + std::string(redacted) + ")";
  return c.key + ": " + show(*c.before) + " -> " + show(*c.after);
}

}  // namespace strata::config
