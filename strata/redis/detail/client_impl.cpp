// client_impl: per-loop connection state made on first use and closed by its own loop.
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <strata/redis/detail/client_impl.hpp>
#include <strata/redis/detail/handshake.hpp>

namespace strata::redis::detail {

client_impl::client_impl(options o)
    : options_(std::make_shared<const options>(std::move(o))), tls_(make_tls_context(*options_)) {}

client_impl::~client_impl() {
  // Each loop closes its own connections; a loop that never runs again closes them when it dies.
  std::lock_guard lock(mutex_);
  for (auto& e : loops_)
    if (auto s = e.state.lock()) boost::asio::post(s->executor, [ctx = e.ctx, id = id_] { drop_loop_state(*ctx, id); });
}

loop_state& client_impl::local(const boost::asio::any_io_executor& ex) {
  auto& ctx = boost::asio::query(ex, boost::asio::execution::context);
  auto& slot = loop_slot(ctx, id_);
  if (!slot) {
    slot = std::make_shared<loop_state>(ex);
    const std::size_t n = std::max<std::size_t>(options_->connections_per_loop, 1);
    for (std::size_t i = 0; i < n; ++i)
      slot->connections.push_back(std::make_shared<connection>(options_, tls_, ex, slot->counters));
    std::lock_guard lock(mutex_);
    std::erase_if(loops_, [this](const loop_entry& e) {
      if (!e.state.expired()) return false;
      retired_.connects += e.counters->connects.load(std::memory_order_relaxed);
      retired_.commands += e.counters->commands.load(std::memory_order_relaxed);
      retired_.writes += e.counters->writes.load(std::memory_order_relaxed);
      return true;
    });
    loops_.push_back({&ctx, slot, slot->counters});
  }
  return *slot;
}

client_impl::totals client_impl::stats() const {
  std::lock_guard lock(mutex_);
  totals t = retired_;
  for (const auto& e : loops_) {
    t.connections += e.counters->connections.load(std::memory_order_relaxed);
    t.connects += e.counters->connects.load(std::memory_order_relaxed);
    t.commands += e.counters->commands.load(std::memory_order_relaxed);
    t.writes += e.counters->writes.load(std::memory_order_relaxed);
  }
  return t;
}

}  // namespace strata::redis::detail
