// memory_store: the in-process backend. A fixed number of shards, each with its own mutex, byte
// budget and eviction list (LRU by CLOCK: a read marks an entry, eviction spares marked entries
// once); entries carry a ttl, a stale window and tags. Shared by every loop.
#pragma once
#include <strata/cache/store.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::cache {

struct memory_options {
  std::size_t max_bytes = 64 * 1024 * 1024;  // key + value + tags + per_entry_overhead, all shards
  std::size_t shards = 16;                   // rounded up to a power of two; 1 for a strict global LRU
  // Largest entry accepted; 0: a quarter of a shard's budget (one entry may not flush a shard).
  std::size_t max_entry_bytes = 0;
};

struct memory_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;     // absent or expired
  std::uint64_t evictions = 0;  // dropped for space (not expiry, not invalidation)
  std::uint64_t refused = 0;    // writes larger than max_entry_bytes
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

// What an entry costs beyond its key, value and tags: the node, its hash slot and list links.
inline constexpr std::size_t per_entry_overhead = 160;

class memory_store final : public store {
public:
  explicit memory_store(memory_options options = {});
  ~memory_store() override;
  memory_store(const memory_store&) = delete;
  memory_store& operator=(const memory_store&) = delete;

  // The store interface, answered at once (nothing here waits).
  task<std::optional<found>> get(std::string key) override;
  task<bool> set(std::string key, std::string value, entry_options options) override;
  task<bool> del(std::string key) override;
  task<void> clear() override;
  task<std::size_t> invalidate_tag(std::string tag) override;

  // The same operations without a coroutine frame, for callers that are not coroutines (and the
  // benchmark). Safe from any thread.
  std::optional<found> find(std::string_view key);
  bool put(std::string_view key, std::string value, const entry_options& options);
  bool erase(std::string_view key);
  void erase_all();
  std::size_t erase_tag(std::string_view tag);

  memory_stats stats() const;
  std::size_t max_entry_bytes() const { return max_entry_; }
  // An entry's cost as counted against max_bytes.
  static std::size_t entry_bytes(std::string_view key, std::string_view value, const std::vector<std::string>& tags);

  struct shard;

private:
  shard& shard_for(std::string_view key, std::size_t& hash);
  std::unique_ptr<shard[]> shards_;
  std::size_t shard_count_;
  unsigned shard_shift_;
  std::size_t max_entry_;
};

}  // namespace strata::cache
