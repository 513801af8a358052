// cache: get_or_set on top of a store and a single_flight. The run re-reads the store before it
// loads, so a caller that missed just as another run finished takes that run's value instead of
// loading again.
#include <strata/cache/cache.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include <stdexcept>

namespace strata::cache {

struct cache::state {
  std::shared_ptr<store> backend;
  single_flight flights;
};

namespace {

// get_or_set fails open: a store that cannot answer (Redis unreachable) is a miss, and a value
// that cannot be stored is still returned. Only the loader's own errors reach the callers.
task<std::optional<found>> get_or_miss(store& backend, std::string key) {
  try {
    co_return co_await backend.get(std::move(key));
  } catch (const std::exception&) {
    co_return std::nullopt;
  }
}

task<void> store_if_possible(store& backend, std::string key, std::string value, entry_options options) {
  try {
    co_await backend.set(std::move(key), std::move(value), std::move(options));
  } catch (const std::exception&) {
  }
}

task<std::string> load_and_store(std::shared_ptr<cache::state> s, std::string key, entry_options options,
                                 cache::loader load) {
  if (auto again = co_await get_or_miss(*s->backend, key); again && !again->stale) co_return std::move(again->value);
  std::string value = co_await load();
  co_await store_if_possible(*s->backend, key, value, std::move(options));
  co_return value;
}

single_flight::work run_of(const std::shared_ptr<cache::state>& s, const std::string& key,
                           const entry_options& options, const cache::loader& load) {
  return [s, key, options, load]() { return load_and_store(s, key, options, load); };
}

// The background run behind a stale answer. Its failure is dropped: the stale value stays until
// its window ends and the next stale hit tries again.
task<void> refresh(std::shared_ptr<cache::state> s, std::string key, entry_options options, cache::loader load) {
  try {
    co_await s->flights.run(key, run_of(s, key, options, load));
  } catch (...) {
  }
}

task<std::string> json_text(cache::json_loader load) { co_return boost::json::serialize(co_await load()); }

}  // namespace

cache::cache() : cache(std::make_shared<memory_store>()) {}
cache::cache(std::shared_ptr<store> backend) : s_(std::make_shared<state>()) {
  if (!backend) throw std::invalid_argument("cache: no store");
  s_->backend = std::move(backend);
}
cache::~cache() = default;

store& cache::backend() { return *s_->backend; }

task<std::optional<std::string>> cache::get(std::string key) {
  auto hit = co_await s_->backend->get(std::move(key));
  if (!hit) co_return std::nullopt;
  co_return std::move(hit->value);
}

task<bool> cache::set(std::string key, std::string value, std::chrono::milliseconds ttl, std::vector<std::string> tags) {
  entry_options options;
  options.ttl = ttl;
  options.tags = std::move(tags);
  co_return co_await s_->backend->set(std::move(key), std::move(value), std::move(options));
}

task<bool> cache::set(std::string key, std::string value, entry_options options) {
  co_return co_await s_->backend->set(std::move(key), std::move(value), std::move(options));
}

task<bool> cache::del(std::string key) { co_return co_await s_->backend->del(std::move(key)); }
task<void> cache::clear() { co_await s_->backend->clear(); }
task<std::size_t> cache::invalidate_tag(std::string tag) { co_return co_await s_->backend->invalidate_tag(std::move(tag)); }

task<std::string> cache::get_or_set(std::string key, std::chrono::milliseconds ttl, loader load) {
  entry_options options;
  options.ttl = ttl;
  co_return co_await get_or_set(std::move(key), std::move(options), std::move(load));
}

task<std::string> cache::get_or_set(std::string key, entry_options options, loader load) {
  if (options.ttl.count() < 0 || options.stale.count() < 0)
    throw std::invalid_argument("cache: ttl and stale window must not be negative");
  auto hit = co_await get_or_miss(*s_->backend, key);
  if (hit && !hit->stale) co_return std::move(hit->value);
  if (hit) {
    if (!s_->flights.in_flight(key))
      boost::asio::co_spawn(co_await boost::asio::this_coro::executor, refresh(s_, key, std::move(options), std::move(load)),
                            boost::asio::detached);
    co_return std::move(hit->value);
  }
  co_return co_await s_->flights.run(key, run_of(s_, key, options, load));
}

task<std::optional<boost::json::value>> cache::get_json(std::string key) {
  auto text = co_await get(std::move(key));
  if (!text) co_return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(*text, ec);
  if (ec) co_return std::nullopt;
  co_return v;
}

task<bool> cache::set_json(std::string key, const boost::json::value& value, entry_options options) {
  co_return co_await set(std::move(key), boost::json::serialize(value), std::move(options));
}

task<boost::json::value> cache::get_or_set_json(std::string key, entry_options options, json_loader load) {
  loader as_text = [load]() { return json_text(load); };
  auto text = co_await get_or_set(key, std::move(options), std::move(as_text));
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (!ec) co_return v;
  // Someone stored text that is not JSON under this key: drop it rather than fail forever.
  co_await del(std::move(key));
  throw std::runtime_error("cache: the value stored under this key is not JSON");
}

}  // namespace strata::cache
