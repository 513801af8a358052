// store: the interface every cache backend implements (memory today; Redis and a two-tier store
// later). Values are bytes; expiry, the stale window and tags travel with each write.
#pragma once
#include <strata/core/task.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace strata::cache {

struct entry_options {
  std::chrono::milliseconds ttl{0};    // fresh for this long; 0: until evicted or deleted
  std::chrono::milliseconds stale{0};  // then kept, marked stale, this much longer (stale-while-revalidate)
  std::vector<std::string> tags;       // invalidate_tag(t) drops every entry written with t
};

struct found {
  std::string value;
  bool stale = false;  // past its ttl, within the stale window: serve, but refresh
};

// Coroutines so a networked backend fits the same calls; keys and values are taken by value
// because a coroutine must not keep views of its caller's temporaries.
class store {
public:
  virtual ~store() = default;
  // The entry, fresh or stale; nullopt when absent or past its stale window.
  virtual task<std::optional<found>> get(std::string key) = 0;
  // False when the store refuses the entry (larger than its entry limit); any previous value of
  // the key is gone either way, so a refused write never leaves an outdated value behind.
  virtual task<bool> set(std::string key, std::string value, entry_options options) = 0;
  // True when the key was there.
  virtual task<bool> del(std::string key) = 0;
  virtual task<void> clear() = 0;
  // Drops every entry written with `tag`; the number dropped (a lower bound on shared backends).
  virtual task<std::size_t> invalidate_tag(std::string tag) = 0;
};

}  // namespace strata::cache
