// cache: what handlers use. A store (memory by default) plus single-flight loading
// (get_or_set), stale-while-revalidate, tags, and typed values: JSON and described structs.
#pragma once
#include <strata/cache/memory_store.hpp>
#include <strata/cache/single_flight.hpp>
#include <strata/cache/store.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::cache {

class cache {
public:
  using loader = std::function<task<std::string>()>;
  using json_loader = std::function<task<boost::json::value>()>;

  // A memory_store with default options.
  cache();
  explicit cache(std::shared_ptr<store> backend);
  ~cache();

  store& backend();

  // The value, fresh or stale (stale entries are only kept when written with a stale window).
  task<std::optional<std::string>> get(std::string key);
  task<bool> set(std::string key, std::string value, std::chrono::milliseconds ttl, std::vector<std::string> tags = {});
  task<bool> set(std::string key, std::string value, entry_options options);
  task<bool> del(std::string key);
  task<void> clear();
  task<std::size_t> invalidate_tag(std::string tag);

  // The cached value, or the loader's, stored with `options`. Concurrent misses of one key, on any
  // loop, run the loader once; when it throws every caller gets the exception and nothing is
  // stored. A stale hit (options.stale > 0) is answered at once while one background run of the
  // loader refreshes it; a failed refresh keeps the stale value until its window ends. The loader
  // is copied into that background run: what it captures by reference must outlive the cache.
  // It fails open: a store error (Redis unreachable) counts as a miss and a failed write is
  // dropped, so only the loader's own errors reach the caller. get, set and del report them.
  task<std::string> get_or_set(std::string key, std::chrono::milliseconds ttl, loader load);
  task<std::string> get_or_set(std::string key, entry_options options, loader load);

  // JSON values, stored as their serialized text. A stored text that does not parse is a miss.
  task<std::optional<boost::json::value>> get_json(std::string key);
  task<bool> set_json(std::string key, const boost::json::value& value, entry_options options);
  task<boost::json::value> get_or_set_json(std::string key, entry_options options, json_loader load);

  // Any type Boost.JSON converts: described structs (BOOST_DESCRIBE_STRUCT), containers, scalars.
  // A stored value of another shape (written by an older version of the struct) is a miss.
  template <class T>
  task<std::optional<T>> get_as(std::string key) {
    auto j = co_await get_json(std::move(key));
    if (!j) co_return std::nullopt;
    co_return convert<T>(*j);
  }
  template <class T>
  task<bool> set_as(std::string key, const T& value, entry_options options) {
    co_return co_await set(std::move(key), boost::json::serialize(boost::json::value_from(value)), std::move(options));
  }
  template <class T>
  task<T> get_or_set_as(std::string key, entry_options options, std::function<task<T>()> load) {
    json_loader as_json = [load]() { return to_json(load); };
    auto j = co_await get_or_set_json(key, options, as_json);
    if (auto v = convert<T>(j)) co_return std::move(*v);
    // An old shape under this key: replace it with a fresh load.
    co_await del(key);
    j = co_await get_or_set_json(std::move(key), std::move(options), std::move(as_json));
    co_return boost::json::value_to<T>(j);
  }

  struct state;

private:
  template <class T>
  static std::optional<T> convert(const boost::json::value& j) {
    try {
      return boost::json::value_to<T>(j);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  template <class T>
  static task<boost::json::value> to_json(std::function<task<T>()> load) {
    co_return boost::json::value_from(co_await load());
  }

  std::shared_ptr<state> s_;
};

}  // namespace strata::cache
