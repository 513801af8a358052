// remote_jwks: the cache (a snapshot read without a lock on the hot path), the decision to
// fetch (expired, unknown kid past the cooldown, not while backing off), one shared fetch, and
// the stale set when it fails.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <strata/auth/detail/remote_jwks_flight.hpp>
#include <strata/auth/detail/remote_jwks_ttl.hpp>
#include <strata/auth/remote_jwks.hpp>

namespace strata::auth::jwt {
namespace {

using clock_type = std::chrono::steady_clock;

struct snapshot {
  std::shared_ptr<const key_set> keys;
  clock_type::time_point expires;
};

bool has_kid(const key_set& set, std::string_view kid) {
  return std::any_of(set.keys().begin(), set.keys().end(), [&](const key& k) { return k.kid() == kid; });
}

}  // namespace

struct remote_jwks::state {
  state(http::client c, remote_jwks_options o) : options(std::move(o)), client(std::move(c)) {}

  const remote_jwks_options options;
  http::client client;
  // Read by every verification on every loop; replaced whole after a fetch.
  std::atomic<std::shared_ptr<const snapshot>> current;
  std::atomic<std::uint64_t> fetches{0}, failures{0};

  std::mutex m;  // guards what follows: only taken when the cache cannot answer alone
  std::shared_ptr<auth::detail::jwks_flight> flight;
  clock_type::time_point last_start{};        // of the latest fetch, for the unknown-kid cooldown
  clock_type::time_point retry_not_before{};  // after a failure
  std::exception_ptr last_error;

  // A set past its expiry is still better than none, for a while.
  bool servable(const std::shared_ptr<const snapshot>& s, clock_type::time_point now) const {
    return s && now < s->expires + options.max_stale;
  }
};

namespace {

using state_ptr = std::shared_ptr<remote_jwks::state>;

task<std::shared_ptr<const key_set>> fetch(const state_ptr& s) {
  const auto& o = s->options;
  http::client_request req;
  req.url = o.url;
  req.header("Accept", "application/jwk-set+json, application/json");
  http::client_response res = co_await s->client.fetch(std::move(req));
  res.ensure_ok();
  key_set set;
  try {
    set = key_set::from_jwks(res.body, o.max_keys);
  } catch (const std::exception& e) {
    throw http::client_error(http::client_error_kind::protocol, "GET", o.url, std::string("not a JWKS: ") + e.what());
  }
  // An empty set verifies nothing; keeping the previous one is better than adopting it.
  if (set.empty())
    throw http::client_error(http::client_error_kind::protocol, "GET", o.url, "the JWKS has no usable key");
  auto keys = std::make_shared<const key_set>(std::move(set));
  auto snap = std::make_shared<const snapshot>(snapshot{keys, clock_type::now() + auth::detail::jwks_ttl(res, o)});
  s->current.store(std::move(snap));
  co_return keys;
}

// Runs the fetch of flight `f` and tells its waiters; the caller holds no lock.
task<std::shared_ptr<const key_set>> lead(state_ptr s, std::shared_ptr<auth::detail::jwks_flight> f) {
  // If this coroutine dies unfinished (its loop stopped), the waiters still get an answer.
  struct abandon_guard {
    remote_jwks::state& s;
    auth::detail::jwks_flight& f;
    bool finished = false;
    ~abandon_guard() {
      if (finished) return;
      {
        std::lock_guard lock(s.m);
        s.flight.reset();
      }
      f.finish(std::make_exception_ptr(std::runtime_error("remote JWKS: the fetching coroutine was abandoned")),
               nullptr);
    }
  } guard{*s, *f};

  std::shared_ptr<const key_set> keys;
  std::exception_ptr error;
  try {
    keys = co_await fetch(s);
  } catch (...) {
    error = std::current_exception();
  }
  guard.finished = true;
  {
    std::lock_guard lock(s->m);
    s->flight.reset();
    if (error) {
      s->failures.fetch_add(1, std::memory_order_relaxed);
      s->retry_not_before = clock_type::now() + s->options.failure_backoff;
      s->last_error = error;
    }
  }
  f->finish(error, keys);
  if (error) std::rethrow_exception(error);
  co_return keys;
}

task<std::shared_ptr<const key_set>> get(state_ptr s, std::string kid, bool force) {
  auto now = clock_type::now();
  auto snap = s->current.load();
  auto answers = [&](const std::shared_ptr<const snapshot>& x) {
    return x && now < x->expires && (kid.empty() || has_kid(*x->keys, kid));
  };
  if (!force && answers(snap)) co_return snap->keys;

  std::shared_ptr<auth::detail::jwks_flight> f;
  bool leader = false;
  std::exception_ptr last_error;
  {
    std::lock_guard lock(s->m);
    snap = s->current.load();  // a fetch may have ended meanwhile
    now = clock_type::now();
    if (!force && answers(snap)) {
      // served below, outside the lock
    } else if (s->flight) {
      f = s->flight;  // one is on its way: waiting for it costs the provider nothing
    } else {
      bool allowed = force;
      if (!allowed && now >= s->retry_not_before) {
        if (!snap || now >= snap->expires)
          allowed = true;  // nothing, or expired
        else
          allowed = now - s->last_start >= s->options.cooldown;  // fresh, but without this kid
      }
      if (allowed) {
        f = std::make_shared<auth::detail::jwks_flight>();
        s->flight = f;
        s->last_start = now;
        s->fetches.fetch_add(1, std::memory_order_relaxed);
        leader = true;
      }
    }
    last_error = s->last_error;
  }
  if (!force && answers(snap)) co_return snap->keys;

  if (!f) {
    // Cooling down or backing off: what we have (a set without this kid, or a stale one).
    if (s->servable(snap, now)) co_return snap->keys;
    if (last_error) std::rethrow_exception(last_error);
    throw http::client_error(http::client_error_kind::connect, "GET", s->options.url, "no JWKS fetched yet");
  }

  std::exception_ptr error;
  std::shared_ptr<const key_set> keys;
  try {
    if (leader)
      keys = co_await lead(s, f);
    else
      keys = co_await f->wait();
  } catch (...) {
    error = std::current_exception();
  }
  if (!error) co_return keys;
  if (!force && s->servable(snap, clock_type::now())) co_return snap->keys;  // the provider is down: keep going
  std::rethrow_exception(error);
}

}  // namespace

remote_jwks::remote_jwks(remote_jwks_options options) : remote_jwks(http::client(options.client), std::move(options)) {}

remote_jwks::remote_jwks(http::client client, remote_jwks_options options)
    : state_(std::make_shared<state>(std::move(client), std::move(options))) {}

remote_jwks::~remote_jwks() = default;

// Not coroutines: the hint is copied and the state shared before anything waits, so neither
// the caller's string nor this object has to outlive the task.
task<std::shared_ptr<const key_set>> remote_jwks::keys(std::string_view kid_hint) {
  return get(state_, std::string(kid_hint), false);
}

task<std::shared_ptr<const key_set>> remote_jwks::refresh() {
  return get(state_, std::string(), true);
}

std::shared_ptr<const key_set> remote_jwks::cached() const {
  auto s = state_->current.load();
  return s ? s->keys : nullptr;
}

remote_jwks::statistics remote_jwks::stats() const {
  return {state_->fetches.load(std::memory_order_relaxed), state_->failures.load(std::memory_order_relaxed)};
}

}  // namespace strata::auth::jwt
