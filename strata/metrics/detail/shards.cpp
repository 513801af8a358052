// Shard assignment and the scrape side of sharded_cells.
#include <strata/metrics/detail/shards.hpp>

#include <algorithm>
#include <thread>

namespace strata::metrics::detail {

std::size_t shard_count() {
  static const std::size_t count = [] {
    std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp<std::size_t>(std::bit_ceil(cores), 4, 64);
  }();
  return count;
}

std::size_t shard_index() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t index = next.fetch_add(1, std::memory_order_relaxed) % shard_count();
  return index;
}

sharded_cells::sharded_cells(std::size_t cells)
    : cells_(cells),
      lines_per_shard_(std::max<std::size_t>(1, (cells + words_per_line - 1) / words_per_line)),
      lines_(new line[shard_count() * lines_per_shard_]) {}

std::uint64_t sharded_cells::total(std::size_t cell) const {
  std::uint64_t sum = 0;
  for (std::size_t s = 0; s < shard_count(); ++s) sum += word(s, cell).load(std::memory_order_relaxed);
  return sum;
}

double sharded_cells::total_double(std::size_t cell) const {
  double sum = 0;
  for (std::size_t s = 0; s < shard_count(); ++s)
    sum += std::bit_cast<double>(word(s, cell).load(std::memory_order_relaxed));
  return sum;
}

void sharded_cells::clear() {
  for (std::size_t i = 0; i < shard_count() * lines_per_shard_; ++i)
    for (auto& w : lines_[i].words) w.store(0, std::memory_order_relaxed);
}

}  // namespace strata::metrics::detail
