// open_store: a store chosen by URL, as every Strata backend is. "memory://" takes its options
// in the query (max_bytes, shards, max_entry_bytes; sizes may end in KiB, MiB or GiB);
// "redis://..." and "rediss://..." open a redis_store when Strata was built with strata::redis.
#pragma once
#include <strata/cache/store.hpp>

#include <memory>
#include <string_view>

namespace strata::cache {

// Throws std::invalid_argument for an unknown scheme, option or malformed value.
std::shared_ptr<store> open_store(std::string_view url);

}  // namespace strata::cache
