// The three decisions in integer arithmetic. redis_scripts.cpp holds the same steps in Lua; a
// change here must be made there too (redis_store_test compares the two on the same inputs).
#include <strata/ratelimit/algorithm.hpp>

#include <algorithm>
#include <stdexcept>

namespace strata::ratelimit {

namespace {

using i64 = std::int64_t;

// Floor division, so a clock that starts below zero still gets aligned windows.
i64 floor_div(i64 a, i64 b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
i64 ceil_div(i64 a, i64 b) {
  return -floor_div(-a, b);
}
i64 window_start(i64 now, i64 w) {
  return floor_div(now, w) * w;
}

decision fixed_window(i64 L, i64 W, state& s, i64 now, i64 cost, bool record) {
  const i64 start = window_start(now, W);
  const i64 count = s.a == start ? s.b : 0;
  decision d;
  d.limit = L;
  d.reset_ms = start + W - now;
  d.allowed = cost <= L && count + cost <= L;
  const i64 after = d.allowed ? count + cost : count;
  d.remaining = std::max<i64>(0, L - after);
  if (!d.allowed) d.retry_ms = d.reset_ms;
  if (d.allowed && record) s = {start, after, 0};
  return d;
}

decision sliding_window(i64 L, i64 W, state& s, i64 now, i64 cost, bool record) {
  const i64 start = window_start(now, W);
  i64 cur = 0, prev = 0;
  if (s.a == start) {
    cur = s.b;
    prev = s.c;
  } else if (s.a == start - W) {
    prev = s.b;
  }
  const i64 e = now - start;
  // Everything is scaled by W: the estimate prev * (W - e) / W + cur stays an integer.
  const i64 used = prev * (W - e) + cur * W;
  decision d;
  d.limit = L;
  d.allowed = cost <= L && used + cost * W <= L * W;
  const i64 cur_after = d.allowed ? cur + cost : cur;
  d.remaining = std::max<i64>(0, floor_div(L * W - prev * (W - e) - cur_after * W, W));
  d.reset_ms = cur_after > 0 ? 2 * W - e : (prev > 0 ? W - e : 0);
  if (!d.allowed) {
    if (cost > L) {
      d.retry_ms = 2 * W - e;
    } else {
      // Within this window: prev * (W - e - t) <= (L - cur - cost) * W.
      i64 t = -1;
      if (prev > 0 && cur + cost <= L) t = W - e - floor_div((L - cur - cost) * W, prev);
      if (t < 0 || t >= W - e) {
        // In the next window cur becomes the previous count: cur * (W - t') <= (L - cost) * W.
        const i64 t2 = cur == 0 ? 0 : std::max<i64>(0, W - floor_div((L - cost) * W, cur));
        t = (W - e) + t2;
      }
      d.retry_ms = t;
    }
  }
  if (d.allowed && record) s = {start, cur_after, prev};
  return d;
}

// GCRA in units of 1/L ms, so the emission interval W / L is a whole number of units.
decision token_bucket(i64 L, i64 W, state& s, i64 now, i64 cost, bool record) {
  // d: how far the theoretical arrival time is ahead of now (0 when the bucket is full).
  const i64 ahead = s.a < now ? 0 : (s.a - now) * L + s.b;
  decision dec;
  dec.limit = L;
  dec.allowed = cost <= L && ahead + cost * W <= W * L;
  const i64 after = dec.allowed ? ahead + cost * W : ahead;
  dec.remaining = std::max<i64>(0, floor_div(W * L - after, W));
  dec.reset_ms = ceil_div(after, L);
  if (!dec.allowed) dec.retry_ms = cost > L ? W : ceil_div(ahead + cost * W - W * L, L);
  if (dec.allowed && record) s = {now + after / L, after % L, 0};
  return dec;
}

decision run(const limit& l, state& s, i64 now, i64 cost, bool record) {
  const i64 L = l.points, W = l.window.count();
  if (cost < 0) throw std::invalid_argument("ratelimit: negative cost");
  switch (l.algorithm) {
    case algorithm::fixed_window:
      return fixed_window(L, W, s, now, cost, record);
    case algorithm::sliding_window:
      return sliding_window(L, W, s, now, cost, record);
    case algorithm::token_bucket:
      return token_bucket(L, W, s, now, cost, record);
  }
  throw std::invalid_argument("ratelimit: unknown algorithm");
}

}  // namespace

limit per_second(i64 points, algorithm a) {
  return {points, std::chrono::seconds(1), a};
}
limit per_minute(i64 points, algorithm a) {
  return {points, std::chrono::minutes(1), a};
}
limit per_hour(i64 points, algorithm a) {
  return {points, std::chrono::hours(1), a};
}

void validate(const limit& l) {
  if (l.points <= 0) throw std::invalid_argument("ratelimit: points must be > 0");
  if (l.window.count() <= 0) throw std::invalid_argument("ratelimit: window must be > 0 ms");
  // Lua numbers are doubles: exact integers end at 2^53, and the scaled sums go a few times
  // above points * window.
  if (l.points > (i64(1) << 50) / l.window.count()) throw std::invalid_argument("ratelimit: points * window too large");
}

std::string describe(const limit& l) {
  const char* name = l.algorithm == algorithm::fixed_window     ? "fixed"
                     : l.algorithm == algorithm::sliding_window ? "sliding"
                                                                : "bucket";
  return std::string(name) + ":" + std::to_string(l.points) + "/" + std::to_string(l.window.count());
}

decision decide(const limit& l, state& s, i64 now_ms, i64 cost) {
  return run(l, s, now_ms, cost, true);
}

decision peek(const limit& l, state s, i64 now_ms, i64 cost) {
  return run(l, s, now_ms, cost, false);
}

void refund(const limit& l, state& s, i64 now_ms, i64 cost) {
  const i64 L = l.points, W = l.window.count();
  const i64 start = window_start(now_ms, W);
  switch (l.algorithm) {
    case algorithm::fixed_window:
      if (s.a == start) s.b = std::max<i64>(0, s.b - cost);
      return;
    case algorithm::sliding_window:
      // The most recent window holds the request being refunded (the previous one when the
      // window turned in between, and that count still weighs on the estimate).
      if (s.a == start || s.a == start - W) s.b = std::max<i64>(0, s.b - cost);
      return;
    case algorithm::token_bucket: {
      if (s.a < now_ms) return;  // already refilled
      const i64 ahead = std::max<i64>(0, (s.a - now_ms) * L + s.b - cost * W);
      s = {now_ms + ahead / L, ahead % L, 0};
      return;
    }
  }
}

i64 expires_at(const limit& l, const state& s) {
  const i64 W = l.window.count();
  switch (l.algorithm) {
    case algorithm::fixed_window:
      return s.a + W;
    case algorithm::sliding_window:
      return s.a + 2 * W;
    case algorithm::token_bucket:
      return s.a + (s.b > 0 ? 1 : 0);
  }
  return 0;
}

}  // namespace strata::ratelimit
