// memory_store: shards of hash maps. A multi-limit check locks the shards it touches in index
// order, so two requests locking the same shards never deadlock.
#include <strata/ratelimit/memory_store.hpp>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace strata::ratelimit {

namespace {
struct entry {
  state s;
  std::int64_t expires = 0;
};

// Heterogeneous lookup: a string_view finds a std::string key without building one.
struct key_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct shard {
  std::mutex mutex;
  std::unordered_map<std::string, entry, key_hash, std::equal_to<>> map;
  std::int64_t next_sweep = 0;

  std::size_t sweep(std::int64_t now) {
    return std::erase_if(map, [now](const auto& kv) { return kv.second.expires <= now; });
  }
};
}  // namespace

struct memory_store::impl {
  std::vector<shard> shards;
  std::size_t mask;
  std::int64_t sweep_interval;

  explicit impl(const memory_store_options& o)
      : shards(std::bit_ceil(std::max<std::size_t>(1, o.shards))),
        mask(shards.size() - 1),
        sweep_interval(o.sweep_interval.count()) {}

  std::size_t shard_of(std::string_view key) const { return key_hash{}(key) & mask; }

  // Runs fn(entries) with the shards of all checks locked; entries[i] is checks[i]'s entry.
  template <class Fn>
  void locked(std::span<const check> checks, std::int64_t now, bool create, Fn&& fn) {
    std::vector<std::size_t> order;
    order.reserve(checks.size());
    for (const auto& c : checks) order.push_back(shard_of(c.key));
    std::vector<std::size_t> index = order;
    std::sort(order.begin(), order.end());
    order.erase(std::unique(order.begin(), order.end()), order.end());
    std::vector<std::unique_lock<std::mutex>> locks;
    locks.reserve(order.size());
    for (auto i : order) locks.emplace_back(shards[i].mutex);
    for (auto i : order) {
      auto& sh = shards[i];
      if (now >= sh.next_sweep) {
        sh.sweep(now);
        sh.next_sweep = now + sweep_interval;
      }
    }
    std::vector<entry*> entries(checks.size(), nullptr);
    for (std::size_t i = 0; i < checks.size(); ++i) {
      auto& map = shards[index[i]].map;
      auto it = map.find(std::string_view(checks[i].key));
      if (it == map.end() && create) it = map.emplace(checks[i].key, entry{}).first;
      if (it != map.end()) entries[i] = &it->second;
    }
    fn(entries);
  }
};

memory_store::memory_store(memory_store_options options) : impl_(std::make_unique<impl>(options)) {}
memory_store::~memory_store() = default;

std::vector<decision> memory_store::consume_now(std::span<const check> checks, std::int64_t now_ms) {
  std::vector<decision> out(checks.size());
  impl_->locked(checks, now_ms, true, [&](std::span<entry*> entries) {
    bool all = true;
    for (std::size_t i = 0; i < checks.size(); ++i) {
      out[i] = peek(checks[i].limit, entries[i]->s, now_ms, checks[i].cost);
      all = all && out[i].allowed;
    }
    for (std::size_t i = 0; i < checks.size(); ++i) {
      auto& e = *entries[i];
      if (all) out[i] = decide(checks[i].limit, e.s, now_ms, checks[i].cost);
      // A refused first request leaves an empty state: expired at once, the next sweep drops it.
      e.expires = e.s == state{} ? INT64_MIN : expires_at(checks[i].limit, e.s);
    }
  });
  return out;
}

void memory_store::refund_now(std::span<const check> checks, std::int64_t now_ms) {
  impl_->locked(checks, now_ms, false, [&](std::span<entry*> entries) {
    for (std::size_t i = 0; i < checks.size(); ++i)
      if (entries[i]) ratelimit::refund(checks[i].limit, entries[i]->s, now_ms, checks[i].cost);
  });
}

task<std::vector<decision>> memory_store::consume(std::span<const check> checks, std::int64_t now_ms) {
  co_return consume_now(checks, now_ms);
}

task<void> memory_store::refund(std::span<const check> checks, std::int64_t now_ms) {
  refund_now(checks, now_ms);
  co_return;
}

std::size_t memory_store::size() const {
  std::size_t n = 0;
  for (auto& sh : impl_->shards) {
    std::lock_guard lock(sh.mutex);
    n += sh.map.size();
  }
  return n;
}

std::size_t memory_store::sweep(std::int64_t now_ms) {
  std::size_t n = 0;
  for (auto& sh : impl_->shards) {
    std::lock_guard lock(sh.mutex);
    n += sh.sweep(now_ms);
  }
  return n;
}

}  // namespace strata::ratelimit
