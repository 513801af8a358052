// client_pool: idle connections per origin, a sweep timer armed only while some wait, and the
// per-loop registry of pools (the redis and sql per-loop design: a service of the io_context,
// remembered per thread so the lookup takes no lock).
#include <atomic>
#include <boost/asio/execution_context.hpp>
#include <strata/http/detail/client_pool.hpp>
#include <strata/http/detail/client_state.hpp>

namespace strata::http::detail {

client_pool::client_pool(boost::asio::any_io_executor ex, std::weak_ptr<const client_state> owner)
    : owner_(std::move(owner)), sweep_timer_(std::move(ex)) {}

std::unique_ptr<client_connection> client_pool::take(const std::string& origin) {
  auto it = idle_.find(origin);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  const auto now = client_clock::now();
  std::unique_ptr<client_connection> found;
  while (!list.empty() && !found) {
    idle entry = std::move(list.back());
    list.pop_back();
    if (entry.expires > now && entry.connection->idle_and_open()) found = std::move(entry.connection);
  }
  if (list.empty()) idle_.erase(it);
  return found;
}

void client_pool::put(const std::string& origin, std::unique_ptr<client_connection> c,
                      std::chrono::milliseconds idle_for, std::size_t max_idle) {
  if (max_idle == 0 || idle_for <= std::chrono::milliseconds::zero()) return;
  auto& list = idle_[origin];
  while (list.size() >= max_idle) list.pop_front();
  const auto expires = client_clock::now() + idle_for;
  list.push_back({std::move(c), expires});
  arm_sweep(expires);
}

std::size_t client_pool::idle_count() const {
  std::size_t n = 0;
  for (const auto& [origin, list] : idle_) n += list.size();
  return n;
}

void client_pool::arm_sweep(client_clock::time_point at) {
  if (at >= sweep_at_) return;  // an earlier sweep will re-arm for this one
  sweep_at_ = at;
  sweep_timer_.expires_at(at);
  sweep_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->sweep();
  });
}

void client_pool::sweep() {
  sweep_at_ = client_clock::time_point::max();
  const auto now = client_clock::now();
  const bool gone = orphaned();
  auto next = client_clock::time_point::max();
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& list = it->second;
    std::erase_if(list, [&](const idle& e) { return gone || e.expires <= now; });
    for (const auto& e : list) next = std::min(next, e.expires);
    it = list.empty() ? idle_.erase(it) : std::next(it);
  }
  if (next != client_clock::time_point::max()) arm_sweep(next);
}

namespace {

std::atomic<std::uint64_t> registry_epoch{0};

class pool_registry : public boost::asio::execution_context::service {
 public:
  using key_type = pool_registry;
  static inline boost::asio::execution_context::id id;

  explicit pool_registry(boost::asio::execution_context& ctx) : service(ctx) {}
  ~pool_registry() override { registry_epoch.fetch_add(1, std::memory_order_acq_rel); }

  std::unordered_map<std::uint64_t, std::shared_ptr<client_pool>> pools;

 private:
  // While the context is still whole: sockets close before their reactor goes.
  void shutdown() override {
    auto doomed = std::move(pools);
    pools.clear();
  }
};

struct remembered {
  boost::asio::execution_context* ctx = nullptr;
  pool_registry* registry = nullptr;
  std::uint64_t epoch = 0;
};
thread_local remembered last;

pool_registry& registry_of(boost::asio::execution_context& ctx) {
  // A new context may reuse a dead one's address; the epoch tells them apart.
  const auto epoch = registry_epoch.load(std::memory_order_acquire);
  if (last.ctx != &ctx || last.epoch != epoch || !last.registry)
    last = {&ctx, &boost::asio::use_service<pool_registry>(ctx), epoch};
  return *last.registry;
}

}  // namespace

std::shared_ptr<client_pool> loop_pool(boost::asio::execution_context& ctx, const boost::asio::any_io_executor& ex,
                                       const std::shared_ptr<const client_state>& state) {
  auto& pools = registry_of(ctx).pools;
  auto& slot = pools[state->id];
  if (!slot) {
    // Pools of clients that are gone go when a new one comes: no cross-thread cleanup needed.
    std::erase_if(pools, [](const auto& p) { return p.second && p.second->orphaned(); });
    auto& fresh = pools[state->id];
    fresh = std::make_shared<client_pool>(ex, state);
    return fresh;
  }
  return slot;
}

}  // namespace strata::http::detail
