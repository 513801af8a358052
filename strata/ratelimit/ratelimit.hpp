// strata::ratelimit in one include: algorithms, keys, the memory and insurance stores and the
// HTTP middleware. The Redis store is <strata/ratelimit/redis_store.hpp> (it needs strata::redis).
#pragma once
#include <strata/ratelimit/algorithm.hpp>
#include <strata/ratelimit/client_ip.hpp>
#include <strata/ratelimit/insurance_store.hpp>
#include <strata/ratelimit/keys.hpp>
#include <strata/ratelimit/memory_store.hpp>
#include <strata/ratelimit/middleware.hpp>
#include <strata/ratelimit/store.hpp>
