// Rate-limit algorithms as pure decisions: (limit, state, now, cost) -> (decision, new state).
// The memory store runs these functions; the Redis store's Lua scripts do the same integer
// arithmetic, so both give the same answers for the same inputs (tested against each other).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace strata::ratelimit {

enum class algorithm : std::uint8_t {
  fixed_window,    // `points` per aligned window; the count resets at each window boundary
  sliding_window,  // weighted counter: the previous window's count, scaled by how much of it
                   // still overlaps the sliding window, plus the current one (no boundary bursts)
  token_bucket,    // GCRA form: a bucket of `points` tokens refilled evenly over `window`
};

struct limit {
  std::int64_t points = 0;                 // requests (cost units) per window, > 0
  std::chrono::milliseconds window{1000};  // > 0
  ratelimit::algorithm algorithm = algorithm::fixed_window;
};

// 10 per second, 1000 per hour...
limit per_second(std::int64_t points, algorithm a = algorithm::fixed_window);
limit per_minute(std::int64_t points, algorithm a = algorithm::fixed_window);
limit per_hour(std::int64_t points, algorithm a = algorithm::fixed_window);

// Throws std::invalid_argument for points <= 0, window <= 0, or a product points * window large
// enough to lose exactness in Lua's doubles (points * window_ms must stay below 2^50).
void validate(const limit& l);

// A stable text for the limit ("fixed:10/1000"), part of the store key so a changed
// configuration never reads a state written under another.
std::string describe(const limit& l);

// The per-key state: three integers whose meaning depends on the algorithm. Integers (not
// floating point) so Lua and C++ compute bit-identical results.
//   fixed_window:   a = window start (ms), b = count in it
//   sliding_window: a = current window start (ms), b = count in it, c = previous window's count
//   token_bucket:   a = theoretical arrival time (ms part), b = its fraction in 1/points ms
struct state {
  std::int64_t a = 0, b = 0, c = 0;
  friend bool operator==(const state&, const state&) = default;
};

struct decision {
  bool allowed = false;
  std::int64_t limit = 0;      // the limit's points
  std::int64_t remaining = 0;  // what another request could still spend now (after this one)
  std::int64_t reset_ms = 0;   // until the quota is whole again
  std::int64_t retry_ms = 0;   // refused: until a request of this cost would be admitted; else 0
};

// Decides a request of `cost` at `now_ms` (Unix time in ms). An admitted request is recorded in
// `s`; a refused one is not (a client that keeps retrying is not locked out longer).
// A cost larger than the limit is refused with retry_ms = reset_ms.
decision decide(const limit& l, state& s, std::int64_t now_ms, std::int64_t cost = 1);

// What the limit would say to a request of `cost` now, without recording it.
decision peek(const limit& l, state s, std::int64_t now_ms, std::int64_t cost = 1);

// Gives back `cost` recorded earlier (requests that do not count: successful ones when only
// failures count). Never below an empty state; a window already past is left alone.
void refund(const limit& l, state& s, std::int64_t now_ms, std::int64_t cost = 1);

// Time (Unix ms) from which `s` is equivalent to a fresh state: stores drop the key then.
std::int64_t expires_at(const limit& l, const state& s);

}  // namespace strata::ratelimit
