// The Lua side of redis_store: algorithm.cpp's arithmetic, step for step. Redis' Lua numbers are
// doubles, exact for integers below 2^53 (validate() keeps every product below that), but a
// quotient may round up to the next integer: fdiv corrects the floor with exact products.
#include <strata/ratelimit/redis_store.hpp>

namespace strata::ratelimit::detail {

namespace {

// Shared by both scripts: KEYS[i] is a hash {a, b, c}; ARGV[1] is now (ms), ARGV[2] the expiry
// slack (ms); then four values per key: algorithm (0 fixed, 1 sliding, 2 bucket), points,
// window (ms), cost.
constexpr const char* prelude = R"lua(
local now = tonumber(ARGV[1])
local slack = tonumber(ARGV[2])
local function fdiv(a, b)
  local q = math.floor(a / b)
  while q * b > a do q = q - 1 end
  while (q + 1) * b <= a do q = q + 1 end
  return q
end
local function cdiv(a, b) return -fdiv(-a, b) end
local function spec(i)
  local base = 2 + (i - 1) * 4
  return tonumber(ARGV[base + 1]), tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
end
local function load(key)
  local v = redis.call('HMGET', key, 'a', 'b', 'c')
  return tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or 0
end
local function save(key, a, b, c)
  redis.call('HSET', key, 'a', string.format('%.0f', a), 'b', string.format('%.0f', b), 'c', string.format('%.0f', c))
end
)lua";

constexpr const char* consume_body = R"lua(
-- decide(algo, L, W, state, cost) -> allowed, remaining, reset, retry, new a, b, c
local function decide(algo, L, W, a, b, c, cost)
  if algo == 0 then
    local start = fdiv(now, W) * W
    local count = 0
    if a == start then count = b end
    local reset = start + W - now
    local ok = cost <= L and count + cost <= L
    local after = count
    if ok then after = count + cost end
    local retry = 0
    if not ok then retry = reset end
    return ok, math.max(0, L - after), reset, retry, start, after, 0
  elseif algo == 1 then
    local start = fdiv(now, W) * W
    local cur, prev = 0, 0
    if a == start then cur, prev = b, c elseif a == start - W then prev = b end
    local e = now - start
    local used = prev * (W - e) + cur * W
    local ok = cost <= L and used + cost * W <= L * W
    local after = cur
    if ok then after = cur + cost end
    local remaining = math.max(0, fdiv(L * W - prev * (W - e) - after * W, W))
    local reset = 0
    if after > 0 then reset = 2 * W - e elseif prev > 0 then reset = W - e end
    local retry = 0
    if not ok then
      if cost > L then
        retry = 2 * W - e
      else
        local t = -1
        if prev > 0 and cur + cost <= L then t = W - e - fdiv((L - cur - cost) * W, prev) end
        if t < 0 or t >= W - e then
          local t2 = 0
          if cur > 0 then t2 = math.max(0, W - fdiv((L - cost) * W, cur)) end
          t = (W - e) + t2
        end
        retry = t
      end
    end
    return ok, remaining, reset, retry, start, after, prev
  else
    local ahead = 0
    if a >= now then ahead = (a - now) * L + b end
    local ok = cost <= L and ahead + cost * W <= W * L
    local after = ahead
    if ok then after = ahead + cost * W end
    local retry = 0
    if not ok then
      if cost > L then retry = W else retry = cdiv(ahead + cost * W - W * L, L) end
    end
    local q = fdiv(after, L)
    return ok, math.max(0, fdiv(W * L - after, W)), cdiv(after, L), retry, now + q, after - q * L, 0
  end
end

local function expires(algo, W, a, b)
  if algo == 0 then return a + W elseif algo == 1 then return a + 2 * W end
  if b > 0 then return a + 1 end
  return a
end

local n = #KEYS
local results = {}
local all = true
for i = 1, n do
  local algo, L, W, cost = spec(i)
  local a, b, c = load(KEYS[i])
  local ok, remaining, reset, retry, na, nb, nc = decide(algo, L, W, a, b, c, cost)
  results[i] = {ok, L, remaining, reset, retry, na, nb, nc, algo, W}
  all = all and ok
end
local out = {}
for i = 1, n do
  local r = results[i]
  if all then
    save(KEYS[i], r[6], r[7], r[8])
    local ttl = expires(r[9], r[10], r[6], r[7]) - now
    if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl + slack) else redis.call('DEL', KEYS[i]) end
  end
  local ok = 0
  if r[1] then ok = 1 end
  out[#out + 1] = ok
  for j = 2, 5 do out[#out + 1] = r[j] end
end
return out
)lua";

constexpr const char* refund_body = R"lua(
for i = 1, #KEYS do
  local algo, L, W, cost = spec(i)
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local a, b, c = load(KEYS[i])
    local start = fdiv(now, W) * W
    if algo == 0 then
      if a == start then save(KEYS[i], a, math.max(0, b - cost), c) end
    elseif algo == 1 then
      if a == start or a == start - W then save(KEYS[i], a, math.max(0, b - cost), c) end
    elseif a >= now then
      local ahead = math.max(0, (a - now) * L + b - cost * W)
      local q = fdiv(ahead, L)
      save(KEYS[i], now + q, ahead - q * L, 0)
    end
  end
end
return 0
)lua";

}  // namespace

const redis::script& consume_script() {
  static const redis::script s(std::string(prelude) + consume_body);
  return s;
}

const redis::script& refund_script() {
  static const redis::script s(std::string(prelude) + refund_body);
  return s;
}

}  // namespace strata::ratelimit::detail
