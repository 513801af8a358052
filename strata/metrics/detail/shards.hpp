// Per-thread shards: the lock-free hot path of counters and histograms. Each thread writes to its
// own cache line with relaxed atomics; a scrape adds the shards up.
#pragma once
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace strata::metrics::detail {

// How many shards every metric has: the core count rounded up to a power of two, within [4, 64].
// More threads than shards is still correct (the atomics make sharing safe), only slower.
std::size_t shard_count();
// The calling thread's shard, given round-robin on its first call. A loop thread keeps its shard
// for its whole life, so two loops never write the same cache line (up to shard_count() threads).
std::size_t shard_index();

// shard_count() rows of `cells` 64-bit atomic words, each row starting on its own 128-byte block.
// A word holds either an integer count or the bits of a double.
class sharded_cells {
public:
  explicit sharded_cells(std::size_t cells);

  void add(std::size_t cell, std::uint64_t n) { word(shard_index(), cell).fetch_add(n, std::memory_order_relaxed); }
  void add_double(std::size_t cell, double v) {
    auto& w = word(shard_index(), cell);
    // Only this thread (or the few sharing its shard) writes here, so the loop rarely repeats.
    std::uint64_t old = w.load(std::memory_order_relaxed);
    while (!w.compare_exchange_weak(old, std::bit_cast<std::uint64_t>(std::bit_cast<double>(old) + v),
                                    std::memory_order_relaxed)) {
    }
  }

  // Sums over all shards, for scrapes.
  std::uint64_t total(std::size_t cell) const;
  double total_double(std::size_t cell) const;
  void clear();
  std::size_t cells() const { return cells_; }

private:
  // A shard's row is whole 128-byte blocks, not 64-byte lines: the adjacent-line prefetcher
  // fetches cache lines in aligned pairs, so two threads writing neighbouring 64-byte lines can
  // still contend (the in-flight count has one word per shard: rows of one line each).
  static constexpr std::size_t block_bytes = 128;
  struct alignas(block_bytes) line {
    std::atomic<std::uint64_t> words[block_bytes / 8] = {};
  };
  static constexpr std::size_t words_per_line = block_bytes / 8;
  std::atomic<std::uint64_t>& word(std::size_t shard, std::size_t cell) {
    return lines_[shard * lines_per_shard_ + cell / words_per_line].words[cell % words_per_line];
  }
  const std::atomic<std::uint64_t>& word(std::size_t shard, std::size_t cell) const {
    return lines_[shard * lines_per_shard_ + cell / words_per_line].words[cell % words_per_line];
  }

  std::size_t cells_;
  std::size_t lines_per_shard_;
  std::unique_ptr<line[]> lines_;
};

}  // namespace strata::metrics::detail
