// tree: the merged configuration while it is built, with the source of every leaf, so a later layer
// replaces exactly what it sets and source_of() can answer for any key.
#pragma once
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::config::detail {

struct origin {
  std::string source;   // "default", "config/production.yaml", "env STRATA_HTTP__PORT", "--set"
  bool secret = false;  // read from a *_FILE variable
};

// A dotted key's segments; empty when a segment is empty ("a..b", ".a").
std::vector<std::string> split_key(std::string_view key);

class tree {
public:
  // Merges objects member by member; anything else (scalars, arrays) replaces what was there.
  void merge(const boost::json::object& layer, const origin& o);
  void set(const std::vector<std::string>& path, const boost::json::value& v, const origin& o);

  // The value at a dotted key; a numeric segment indexes an array (servers.0.host).
  const boost::json::value* find(std::string_view key) const;
  const boost::json::object& root() const { return root_; }
  // Leaves (scalars, arrays, empty objects) by dotted key, in key order.
  const std::map<std::string, origin>& leaves() const { return leaves_; }
  // The sources of a key: its own, or those of the leaves below it, in order of first appearance.
  std::vector<const origin*> origins_under(std::string_view key) const;

private:
  void set_at(boost::json::object& parent, const std::string& prefix, const std::string& name,
              const boost::json::value& v, const origin& o);
  void forget(const std::string& key);  // the origins of key and of everything below it
  void record(const std::string& key, const boost::json::value& v, const origin& o);

  boost::json::object root_;
  std::map<std::string, origin> leaves_;
};

}  // namespace strata::config::detail
