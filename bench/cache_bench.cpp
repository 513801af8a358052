// cache_bench: memory_store get/set throughput on 1 and 2 threads, with one shard (one lock for
// everything) and with 16, against an unlocked std::unordered_map lookup as the floor. The
// figures chose shared shards over per-loop caches (docs/design.md, "Cache").
#include <strata/cache/memory_store.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using strata::cache::entry_options;
using strata::cache::memory_options;
using strata::cache::memory_store;

constexpr std::size_t key_count = 16384;  // a power of two: the index wraps with a mask

const std::vector<std::string>& keys() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (std::size_t i = 0; i < key_count; ++i) v.push_back("user:profile:" + std::to_string(i * 7919));
    return v;
  }();
  return k;
}

// Key n of a fixed pseudo-random walk over all keys: requests for a cache arrive in no order, and
// a sequential walk would let LRU neighbours share cache lines in a way real traffic does not.
inline const std::string& key_at(const std::vector<std::string>& k, std::size_t n) {
  return k[(n * 2654435761u) & (key_count - 1)];
}

const std::string& value() {
  static const std::string v(200, 'v');
  return v;
}

// One store per shard count, filled once, shared by the benchmark's threads.
memory_store& filled_store(std::size_t shards) {
  static std::mutex m;
  static std::unordered_map<std::size_t, std::unique_ptr<memory_store>> stores;
  std::lock_guard lock(m);
  auto& s = stores[shards];
  if (!s) {
    s = std::make_unique<memory_store>(memory_options{.max_bytes = 256 * 1024 * 1024, .shards = shards});
    entry_options o;
    o.ttl = std::chrono::hours(1);
    for (const auto& k : keys()) s->put(k, value(), o);
  }
  return *s;
}

void BM_get(benchmark::State& state) {
  auto& s = filled_store(static_cast<std::size_t>(state.range(0)));
  const auto& k = keys();
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7777;
  for (auto _ : state) {
    auto hit = s.find(key_at(k, i++));
    benchmark::DoNotOptimize(hit);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_set(benchmark::State& state) {
  auto& s = filled_store(static_cast<std::size_t>(state.range(0)));
  const auto& k = keys();
  entry_options o;
  o.ttl = std::chrono::hours(1);
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7777;
  for (auto _ : state) benchmark::DoNotOptimize(s.put(key_at(k, i++), value(), o));
  state.SetItemsProcessed(state.iterations());
}

// 90% reads, 10% writes: a typical read-mostly cache.
void BM_mixed(benchmark::State& state) {
  auto& s = filled_store(static_cast<std::size_t>(state.range(0)));
  const auto& k = keys();
  entry_options o;
  o.ttl = std::chrono::hours(1);
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7777;
  for (auto _ : state) {
    const auto& key = key_at(k, i);
    if (i++ % 10 == 0) benchmark::DoNotOptimize(s.put(key, value(), o));
    else benchmark::DoNotOptimize(s.find(key));
  }
  state.SetItemsProcessed(state.iterations());
}

// The floor: a lookup and value copy with no lock, no LRU and no expiry, what a per-loop cache
// could at best cost.
void BM_unlocked_map_get(benchmark::State& state) {
  static const std::unordered_map<std::string, std::string> map = [] {
    std::unordered_map<std::string, std::string> m;
    for (const auto& k : keys()) m.emplace(k, value());
    return m;
  }();
  const auto& k = keys();
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7777;
  for (auto _ : state) {
    auto it = map.find(key_at(k, i++));
    std::string copy = it->second;
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_get)->Arg(1)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_set)->Arg(1)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_mixed)->Arg(1)->Arg(16)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_unlocked_map_get)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
