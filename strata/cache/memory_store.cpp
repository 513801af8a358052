// memory_store: shards of intrusive lists evicted in CLOCK order (LRU approximated by a second
// chance). One mutex per shard, held for a hash lookup and a flag write on reads; values are
// copied out under it. docs/design.md ("Cache") says why shared shards and not per-loop copies,
// and why not TinyLFU.
#include <strata/cache/memory_store.hpp>

#include <algorithm>
#include <bit>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace strata::cache {

namespace {

using clock = std::chrono::steady_clock;
constexpr clock::time_point never = clock::time_point::max();

struct node {
  std::string key;
  std::string value;
  std::vector<std::string> tags;
  clock::time_point fresh_until = never;
  clock::time_point expires_at = never;
  std::size_t bytes = 0;
  bool referenced = false;  // read since it last reached the tail (second chance)
  node* prev = nullptr;
  node* next = nullptr;
};

// now + d without overflowing the clock: durations past its range mean "never".
clock::time_point saturating_add(clock::time_point now, std::chrono::milliseconds d) {
  if (d >= std::chrono::duration_cast<std::chrono::milliseconds>(never - now)) return never;
  return now + d;
}

}  // namespace

struct alignas(64) memory_store::shard {
  std::mutex m;
  std::unordered_map<std::string_view, std::unique_ptr<node>> map;  // keys view node::key
  node lru;  // sentinel: lru.next is the newest or last rescued, lru.prev the next candidate
  std::unordered_map<std::string, std::unordered_set<node*>> by_tag;
  std::size_t bytes = 0;
  std::size_t budget = 0;
  memory_stats counts;

  shard() { lru.prev = lru.next = &lru; }

  void link_front(node* n) {
    n->prev = &lru;
    n->next = lru.next;
    lru.next->prev = n;
    lru.next = n;
  }
  static void unlink(node* n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
  }
  void drop(node* n) {
    unlink(n);
    for (const auto& t : n->tags) {
      auto it = by_tag.find(t);
      if (it == by_tag.end()) continue;
      it->second.erase(n);
      if (it->second.empty()) by_tag.erase(it);
    }
    bytes -= n->bytes;
    map.erase(map.find(std::string_view(n->key)));  // by iterator: the key view dies with the node
  }
  bool drop_key(std::string_view key) {
    auto it = map.find(key);
    if (it == map.end()) return false;
    drop(it->second.get());
    return true;
  }
  void drop_all() {
    map.clear();
    by_tag.clear();
    lru.prev = lru.next = &lru;
    bytes = 0;
  }
};

memory_store::memory_store(memory_options options) {
  if (options.max_bytes == 0) throw std::invalid_argument("memory_store: max_bytes must be positive");
  shard_count_ = std::bit_ceil(std::clamp<std::size_t>(options.shards, 1, 1024));
  shard_shift_ = 64 - static_cast<unsigned>(std::countr_zero(shard_count_));
  shards_ = std::make_unique<shard[]>(shard_count_);
  const std::size_t budget = std::max<std::size_t>(options.max_bytes / shard_count_, 1);
  for (std::size_t i = 0; i < shard_count_; ++i) shards_[i].budget = budget;
  max_entry_ = options.max_entry_bytes ? std::min(options.max_entry_bytes, budget) : std::max<std::size_t>(budget / 4, 1);
}

memory_store::~memory_store() = default;

std::size_t memory_store::entry_bytes(std::string_view key, std::string_view value, const std::vector<std::string>& tags) {
  std::size_t n = key.size() + value.size() + per_entry_overhead;
  for (const auto& t : tags) n += t.size() + 32;  // the tag string and its index slot
  return n;
}

memory_store::shard& memory_store::shard_for(std::string_view key, std::size_t& hash) {
  hash = std::hash<std::string_view>{}(key);
  // The high bits pick the shard: the map inside buckets by the low ones, which would otherwise
  // all be equal within a shard.
  return shards_[shard_count_ == 1 ? 0 : hash >> shard_shift_];
}

std::optional<found> memory_store::find(std::string_view key) {
  std::size_t h;
  shard& s = shard_for(key, h);
  std::lock_guard lock(s.m);
  auto it = s.map.find(key);
  if (it == s.map.end()) {
    ++s.counts.misses;
    return std::nullopt;
  }
  node* n = it->second.get();
  bool stale = false;
  if (n->expires_at != never || n->fresh_until != never) {
    auto now = clock::now();
    if (now >= n->expires_at) {
      s.drop(n);
      ++s.counts.misses;
      return std::nullopt;
    }
    stale = now >= n->fresh_until;
  }
  // A hit only marks the node; it is moved when eviction reaches it (CLOCK's second chance).
  // Relinking on every hit touched both neighbours, two cache misses per read on a large store.
  n->referenced = true;
  ++s.counts.hits;
  return found{n->value, stale};
}

bool memory_store::put(std::string_view key, std::string value, const entry_options& options) {
  if (options.ttl.count() < 0 || options.stale.count() < 0)
    throw std::invalid_argument("cache: ttl and stale window must not be negative");
  const std::size_t bytes = entry_bytes(key, value, options.tags);
  std::size_t h;
  shard& s = shard_for(key, h);
  if (bytes > max_entry_) {
    std::lock_guard lock(s.m);
    s.drop_key(key);
    ++s.counts.refused;
    return false;
  }
  // Built before the lock: the allocations and copies need not hold up other callers.
  auto n = std::make_unique<node>();
  n->key.assign(key);
  n->value = std::move(value);
  n->tags = options.tags;
  std::sort(n->tags.begin(), n->tags.end());
  n->tags.erase(std::unique(n->tags.begin(), n->tags.end()), n->tags.end());
  n->bytes = bytes;
  if (options.ttl.count() > 0) {
    auto now = clock::now();
    n->fresh_until = saturating_add(now, options.ttl);
    n->expires_at = n->fresh_until == never ? never : saturating_add(n->fresh_until, options.stale);
  }

  std::lock_guard lock(s.m);
  s.drop_key(key);
  node* raw = n.get();
  s.map.emplace(std::string_view(raw->key), std::move(n));
  s.link_front(raw);
  for (const auto& t : raw->tags) s.by_tag[t].insert(raw);
  s.bytes += bytes;
  while (s.bytes > s.budget && s.lru.prev != raw) {
    node* victim = s.lru.prev;
    if (victim->referenced) {  // read since it was last here: spared once, sent to the front
      victim->referenced = false;
      shard::unlink(victim);
      s.link_front(victim);
      continue;
    }
    s.drop(victim);
    ++s.counts.evictions;
  }
  return true;
}

bool memory_store::erase(std::string_view key) {
  std::size_t h;
  shard& s = shard_for(key, h);
  std::lock_guard lock(s.m);
  return s.drop_key(key);
}

void memory_store::erase_all() {
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].m);
    shards_[i].drop_all();
  }
}

std::size_t memory_store::erase_tag(std::string_view tag) {
  const std::string t(tag);
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    shard& s = shards_[i];
    std::lock_guard lock(s.m);
    auto it = s.by_tag.find(t);
    if (it == s.by_tag.end()) continue;
    std::vector<node*> victims(it->second.begin(), it->second.end());
    for (node* n : victims) s.drop(n);
    dropped += victims.size();
  }
  return dropped;
}

memory_stats memory_store::stats() const {
  memory_stats total;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    shard& s = shards_[i];
    std::lock_guard lock(s.m);
    total.hits += s.counts.hits;
    total.misses += s.counts.misses;
    total.evictions += s.counts.evictions;
    total.refused += s.counts.refused;
    total.entries += s.map.size();
    total.bytes += s.bytes;
  }
  return total;
}

task<std::optional<found>> memory_store::get(std::string key) { co_return find(key); }
task<bool> memory_store::set(std::string key, std::string value, entry_options options) {
  co_return put(key, std::move(value), options);
}
task<bool> memory_store::del(std::string key) { co_return erase(key); }
task<void> memory_store::clear() {
  erase_all();
  co_return;
}
task<std::size_t> memory_store::invalidate_tag(std::string tag) { co_return erase_tag(tag); }

}  // namespace strata::cache
