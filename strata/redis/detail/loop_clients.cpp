// Per-loop registry of client connections (see loop_clients.hpp). As in sql's registry, each
// thread remembers the last service it used; an epoch bumped when a registry dies invalidates
// those memories, since a new context may reuse a dead one's address.
#include <atomic>
#include <boost/asio/execution_context.hpp>
#include <strata/redis/detail/loop_clients.hpp>
#include <unordered_map>

namespace strata::redis::detail {
namespace {

std::atomic<std::uint64_t> registry_epoch{0};

class client_registry : public boost::asio::execution_context::service {
 public:
  using key_type = client_registry;
  static inline boost::asio::execution_context::id id;

  explicit client_registry(boost::asio::execution_context& ctx) : service(ctx) {}
  ~client_registry() override { registry_epoch.fetch_add(1, std::memory_order_acq_rel); }

  std::unordered_map<std::uint64_t, std::shared_ptr<loop_state>> states;

 private:
  // Runs while the context is still whole: sockets close before their reactor goes. The waiting
  // coroutines are being destroyed with the context, so nothing is posted to them.
  void shutdown() override {
    auto doomed = std::move(states);
    states.clear();
    for (auto& [id, s] : doomed) s->notify_on_close = false;
  }
};

struct remembered {
  boost::asio::execution_context* ctx = nullptr;
  client_registry* registry = nullptr;
  std::uint64_t epoch = 0;
};
thread_local remembered last;

client_registry& registry_of(boost::asio::execution_context& ctx) {
  const auto epoch = registry_epoch.load(std::memory_order_acquire);
  if (last.ctx != &ctx || last.epoch != epoch || !last.registry)
    last = {&ctx, &boost::asio::use_service<client_registry>(ctx), epoch};
  return *last.registry;
}

}  // namespace

std::shared_ptr<loop_state>& loop_slot(boost::asio::execution_context& ctx, std::uint64_t client_id) {
  return registry_of(ctx).states[client_id];
}

void drop_loop_state(boost::asio::execution_context& ctx, std::uint64_t client_id) {
  auto& states = registry_of(ctx).states;
  auto it = states.find(client_id);
  if (it == states.end()) return;
  auto doomed = std::move(it->second);
  states.erase(it);
}

}  // namespace strata::redis::detail
