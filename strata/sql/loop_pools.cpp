// Per-loop pool registry (see detail/loop_pools.hpp). Asio finds a service under the context's
// lock, so each thread remembers the last service it used; an epoch bumped whenever a registry
// dies invalidates those memories, since a new context may reuse a dead one's address.
#include <atomic>
#include <boost/asio/execution_context.hpp>
#include <strata/sql/detail/loop_pools.hpp>
#include <unordered_map>

namespace strata::sql::detail {
namespace {

std::atomic<std::uint64_t> registry_epoch{0};

class pool_registry : public boost::asio::execution_context::service {
 public:
  using key_type = pool_registry;
  static inline boost::asio::execution_context::id id;

  explicit pool_registry(boost::asio::execution_context& ctx) : service(ctx) {}
  ~pool_registry() override { registry_epoch.fetch_add(1, std::memory_order_acq_rel); }

  std::unordered_map<std::uint64_t, std::shared_ptr<pool>> pools;

 private:
  // Runs while the context is still whole: connections close before their sockets' reactor goes.
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
  const auto epoch = registry_epoch.load(std::memory_order_acquire);
  if (last.ctx != &ctx || last.epoch != epoch || !last.registry)
    last = {&ctx, &boost::asio::use_service<pool_registry>(ctx), epoch};
  return *last.registry;
}

}  // namespace

std::shared_ptr<pool>& loop_pool(boost::asio::execution_context& ctx, std::uint64_t database_id) {
  return registry_of(ctx).pools[database_id];
}

void drop_loop_pool(boost::asio::execution_context& ctx, std::uint64_t database_id) {
  auto& pools = registry_of(ctx).pools;
  auto it = pools.find(database_id);
  if (it == pools.end()) return;
  auto doomed = std::move(it->second);
  pools.erase(it);
}

}  // namespace strata::sql::detail
