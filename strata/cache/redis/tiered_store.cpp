// tiered_store: local reads, shared writes, invalidation by broadcast. A message is
// "<instance> k <key>", "<instance> t <tag>" or "<instance> c"; an instance ignores its own.
// Only fresh entries are copied locally (stale ones are being refreshed, Redis has the answer).
#include <strata/cache/redis/tiered_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <random>

namespace strata::cache {

struct tiered_store::state {
  tiered_options options;
  memory_store local;
  redis_store shared;
  redis::client client;
  redis::subscriber subscriber;
  std::string instance;
  std::atomic<std::size_t> received{0};
  std::atomic<bool> stopped{false};
  boost::asio::io_context* listening_on = nullptr;  // the subscriber's loop

  state(redis::client c, tiered_options o)
      : options(std::move(o)), local(options.memory), shared(c, options.redis), client(std::move(c)) {
    std::random_device rd;
    std::uniform_int_distribution<std::uint64_t> dist;
    static constexpr char hex[] = "0123456789abcdef";
    auto id = dist(rd);
    for (int i = 0; i < 16; ++i) instance.push_back(hex[(id >> (4 * i)) & 15]);
  }

  void apply(std::string_view message) {
    auto sp = message.find(' ');
    if (sp == std::string_view::npos || message.substr(0, sp) == instance) return;
    auto rest = message.substr(sp + 1);
    ++received;
    if (rest.starts_with("k ")) local.erase(rest.substr(2));
    else if (rest.starts_with("t ")) local.erase_tag(rest.substr(2));
    else local.erase_all();  // "c", or a message we do not understand: dropping everything is safe
  }

  task<void> announce(char op, std::string_view arg) {
    std::string m = instance;
    m += ' ';
    m += op;
    if (!arg.empty()) {
      m += ' ';
      m += arg;
    }
    co_await client.publish(options.channel, m);
  }

  // A local copy of an entry read from Redis: fresh for what is left of its freshness, at most
  // local_ttl; nothing when it is already stale.
  void keep_locally(const std::string& key, const envelope& e) {
    auto left = std::chrono::milliseconds(options.local_ttl);
    if (e.fresh_until_ms != 0) {
      auto fresh = std::chrono::milliseconds(e.fresh_until_ms - unix_ms_now());
      if (fresh.count() <= 0) return;
      left = std::min(left, fresh);
    }
    entry_options o;
    o.ttl = left;
    o.tags = e.tags;
    local.put(key, e.value, o);
  }
};

namespace {

task<void> read_invalidations(std::shared_ptr<tiered_store::state> s) {
  std::size_t connects = s->subscriber.connects();
  while (!s->stopped) {
    std::optional<redis::message> m;
    bool failed = false;
    try {
      m = co_await s->subscriber.next();
    } catch (...) {
      failed = true;
    }
    if (failed) {
      if (s->stopped) break;
      s->local.erase_all();
      // The subscriber reconnects by itself; pause rather than spin while it cannot.
      boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(boost::asio::use_awaitable);
      continue;
    }
    if (!m) break;  // closed
    // A reconnect may have lost messages: local copies can no longer be trusted.
    if (auto now = s->subscriber.connects(); now != connects) {
      connects = now;
      s->local.erase_all();
    }
    s->apply(m->payload);
  }
}

}  // namespace

tiered_store::tiered_store(redis::client client, tiered_options options)
    : s_(std::make_shared<state>(std::move(client), std::move(options))) {
  if (s_->options.local_ttl.count() <= 0) throw std::invalid_argument("tiered_store: local_ttl must be positive");
}

tiered_store::~tiered_store() { stop(); }

void tiered_store::stop() {
  if (s_->stopped.exchange(true) || !s_->listening_on) return;
  // The subscriber belongs to its loop: it is closed there (now, when this is that loop).
  auto& ctx = *s_->listening_on;
  if (ctx.get_executor().running_in_this_thread()) {
    s_->subscriber.close();
    return;
  }
  if (!ctx.stopped()) boost::asio::post(ctx, [s = s_] { s->subscriber.close(); });
}

task<void> tiered_store::listen() {
  if (s_->listening_on) throw std::logic_error("tiered_store: listen() called twice");
  auto ex = co_await boost::asio::this_coro::executor;
  auto* loop = ex.target<boost::asio::io_context::executor_type>();
  if (loop) s_->listening_on = &loop->context();
  if (!s_->listening_on) throw std::logic_error("tiered_store: listen() must run on an io_context");
  s_->subscriber = s_->client.subscriber();
  co_await s_->subscriber.subscribe(s_->options.channel);
  boost::asio::co_spawn(ex, read_invalidations(s_), boost::asio::detached);
}

task<std::optional<found>> tiered_store::get(std::string key) {
  if (auto hit = s_->local.find(key)) co_return hit;
  auto e = co_await s_->shared.get_entry(key);
  if (!e) co_return std::nullopt;
  s_->keep_locally(key, *e);
  bool stale = e->fresh_until_ms != 0 && unix_ms_now() >= e->fresh_until_ms;
  co_return found{std::move(e->value), stale};
}

task<bool> tiered_store::set(std::string key, std::string value, entry_options options) {
  entry_options local = options;
  if (local.ttl.count() == 0 || local.ttl > s_->options.local_ttl) local.ttl = s_->options.local_ttl;
  local.stale = std::chrono::milliseconds(0);
  const std::string copy = value;
  bool stored = co_await s_->shared.set(key, std::move(value), std::move(options));
  if (stored) s_->local.put(key, copy, local);
  else s_->local.erase(key);
  co_await s_->announce('k', key);
  co_return stored;
}

task<bool> tiered_store::del(std::string key) {
  s_->local.erase(key);
  bool existed = co_await s_->shared.del(key);
  co_await s_->announce('k', key);
  co_return existed;
}

task<void> tiered_store::clear() {
  s_->local.erase_all();
  co_await s_->shared.clear();
  co_await s_->announce('c', {});
}

task<std::size_t> tiered_store::invalidate_tag(std::string tag) {
  s_->local.erase_tag(tag);
  auto n = co_await s_->shared.invalidate_tag(tag);
  co_await s_->announce('t', tag);
  co_return n;
}

memory_store& tiered_store::local() { return s_->local; }
redis_store& tiered_store::shared() { return s_->shared; }
std::size_t tiered_store::invalidations_received() const { return s_->received; }

}  // namespace strata::cache
