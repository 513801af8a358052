// remote_jwks against a Strata server playing the identity provider: its JWKS is rotated,
// slowed down and broken during the tests, and every fetch is counted.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <mutex>
#include <strata/auth/detail/remote_jwks_ttl.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/remote_jwks.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>
#include <thread>

namespace strata::auth::jwt {
namespace {

using namespace std::chrono_literals;
using http::testing::sleep_for;

// Runs the coroutine on a fresh loop of this thread until it is done.
template <class T>
T run(task<T> t) {
  boost::asio::io_context io(1);
  auto fut = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
  while (fut.wait_for(0s) != std::future_status::ready) io.run_one();
  return fut.get();
}

key signing_key(const char* kid) {
  return key::generate(algorithm::es256).set_kid(kid);
}

std::string token_for(const key& k) {
  return sign({{"sub", "42"}}, k, {.expires_in = 1h});
}

// The provider: serves /jwks as told, counting requests.
class provider {
 public:
  provider() : srv_(http::testing::local_options()) {
    srv_.get("/jwks", [this](http::request&, http::response& res) -> task<void> {
      ++fetches;
      std::string body, cache_control;
      int status = 200;
      std::chrono::milliseconds delay{0};
      {
        std::lock_guard lock(m_);
        body = jwks_;
        cache_control = cache_control_;
        status = status_;
        delay = delay_;
      }
      if (delay.count() > 0) co_await sleep_for(delay);
      res.status(status);
      if (!cache_control.empty()) res.set("Cache-Control", cache_control);
      res.type("application/jwk-set+json");
      res.send(body);
    });
    srv_.start();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(srv_.port()) + "/jwks"; }

  void publish(const std::vector<key>& keys) {
    key_set set;
    for (const auto& k : keys) set.add(k);
    std::lock_guard lock(m_);
    jwks_ = boost::json::serialize(set.to_jwks(false));
  }
  void set_body(std::string body) {
    std::lock_guard lock(m_);
    jwks_ = std::move(body);
  }
  void set_cache_control(std::string cc) {
    std::lock_guard lock(m_);
    cache_control_ = std::move(cc);
  }
  void set_status(int s) {
    std::lock_guard lock(m_);
    status_ = s;
  }
  void set_delay(std::chrono::milliseconds d) {
    std::lock_guard lock(m_);
    delay_ = d;
  }

  std::atomic<int> fetches{0};

 private:
  http::server srv_;
  std::mutex m_;
  std::string jwks_ = R"({"keys":[]})";
  std::string cache_control_ = "max-age=300";
  int status_ = 200;
  std::chrono::milliseconds delay_{0};
};

verify_result verify_with(remote_jwks& source, const std::string& token) {
  return run([](remote_jwks& s, std::string t) -> task<verify_result> {
    const verify_options options;  // named: a defaulted temporary in a co_await dies twice with GCC 12
    co_return co_await verify(t, s, options);
  }(source, token));
}

TEST(remote_jwks, fetches_once_and_verifies_from_the_cache) {
  provider idp;
  const key k1 = signing_key("k1");
  idp.publish({k1});
  remote_jwks source({.url = idp.url()});
  EXPECT_EQ(source.cached(), nullptr);
  for (int i = 0; i < 5; ++i) {
    auto r = verify_with(source, token_for(k1));
    EXPECT_TRUE(r) << r.message;
  }
  EXPECT_EQ(idp.fetches, 1);
  EXPECT_EQ(source.stats().fetches, 1u);
  ASSERT_NE(source.cached(), nullptr);
  EXPECT_EQ(source.cached()->keys().size(), 1u);
  EXPECT_FALSE(source.cached()->keys()[0].is_private());
}

TEST(remote_jwks, a_rotation_is_picked_up_but_unknown_kids_refetch_once_per_cooldown) {
  provider idp;
  const key k1 = signing_key("k1"), k2 = signing_key("k2"), stranger = signing_key("k9");
  idp.publish({k1});
  remote_jwks source({.url = idp.url(), .cooldown = 500ms});
  EXPECT_TRUE(verify_with(source, token_for(k1)));
  EXPECT_EQ(idp.fetches, 1);

  // The provider rotates: k2 is new. Within the cooldown of the first fetch, no refetch.
  idp.publish({k1, k2});
  auto r = verify_with(source, token_for(k2));
  EXPECT_EQ(r.code, error::key_not_found);
  EXPECT_EQ(idp.fetches, 1);
  std::this_thread::sleep_for(520ms);
  r = verify_with(source, token_for(k2));
  EXPECT_TRUE(r) << r.message;
  EXPECT_EQ(idp.fetches, 2);

  // A flood of tokens naming a kid nobody has: at most one fetch per cooldown.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(verify_with(source, token_for(stranger)).code, error::key_not_found);
  EXPECT_EQ(idp.fetches, 2);
  std::this_thread::sleep_for(520ms);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(verify_with(source, token_for(stranger)).code, error::key_not_found);
  EXPECT_EQ(idp.fetches, 3);
  // Known keys never waited on any of it.
  EXPECT_TRUE(verify_with(source, token_for(k1)));
  EXPECT_EQ(idp.fetches, 3);

  // k1 retired by the provider: still in our cache until it expires (max-age=300 here).
  idp.publish({k2});
  EXPECT_TRUE(verify_with(source, token_for(k1)));
}

TEST(remote_jwks, the_cache_lives_for_max_age_within_bounds) {
  provider idp;
  const key k1 = signing_key("k1");
  idp.publish({k1});

  // max-age=0 is held up to min_ttl.
  idp.set_cache_control("max-age=0");
  remote_jwks floor({.url = idp.url(), .min_ttl = 500ms});
  EXPECT_TRUE(verify_with(floor, token_for(k1)));
  EXPECT_TRUE(verify_with(floor, token_for(k1)));
  EXPECT_EQ(idp.fetches, 1);
  std::this_thread::sleep_for(520ms);
  EXPECT_TRUE(verify_with(floor, token_for(k1)));
  EXPECT_EQ(idp.fetches, 2);

  // A day's max-age is cut to max_ttl.
  idp.set_cache_control("public, max-age=86400");
  remote_jwks ceiling({.url = idp.url(), .min_ttl = 0ms, .max_ttl = 500ms});
  EXPECT_TRUE(verify_with(ceiling, token_for(k1)));
  EXPECT_TRUE(verify_with(ceiling, token_for(k1)));
  EXPECT_EQ(idp.fetches, 3);
  std::this_thread::sleep_for(520ms);
  EXPECT_TRUE(verify_with(ceiling, token_for(k1)));
  EXPECT_EQ(idp.fetches, 4);
}

TEST(remote_jwks, ttl_from_cache_control_and_age) {
  remote_jwks_options o{.min_ttl = 10s, .max_ttl = 1h, .default_ttl = 5min};
  auto ttl = [&](std::vector<std::pair<std::string, std::string>> headers) {
    http::client_response r;
    r.headers = std::move(headers);
    return auth::detail::jwks_ttl(r, o);
  };
  EXPECT_EQ(ttl({}), 5min);
  EXPECT_EQ(ttl({{"Cache-Control", "public, max-age=600"}}), 600s);
  EXPECT_EQ(ttl({{"cache-control", "Max-Age=\"120\", must-revalidate"}}), 120s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=600"}, {"Age", "100"}}), 500s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=600"}, {"Age", "900"}}), 10s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=5"}}), 10s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=999999999999"}}), 1h);
  EXPECT_EQ(ttl({{"Cache-Control", "no-store"}}), 10s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=600, no-cache"}}), 10s);
  EXPECT_EQ(ttl({{"Cache-Control", "max-age=abc"}}), 5min);
  EXPECT_EQ(ttl({{"Cache-Control", "private"}, {"Cache-Control", "max-age=60"}}), 60s);
}

TEST(remote_jwks, a_failed_refresh_serves_the_stale_set_for_a_while) {
  provider idp;
  const key k1 = signing_key("k1");
  idp.publish({k1});
  idp.set_cache_control("max-age=0");
  remote_jwks source({.url = idp.url(), .min_ttl = 100ms, .failure_backoff = 500ms, .max_stale = 1500ms});
  EXPECT_TRUE(verify_with(source, token_for(k1)));
  const auto first = source.cached();

  idp.set_status(503);
  std::this_thread::sleep_for(120ms);  // expired: the next verification tries a refresh
  auto r = verify_with(source, token_for(k1));
  EXPECT_TRUE(r) << r.message;
  EXPECT_EQ(idp.fetches, 2);
  EXPECT_EQ(source.stats().failures, 1u);
  EXPECT_EQ(source.cached(), first);
  // Backing off: no new attempt for failure_backoff.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(verify_with(source, token_for(k1)));
  EXPECT_EQ(idp.fetches, 2);

  // Not a JWKS at all is a failure too, and also keeps the old set.
  idp.set_status(200);
  idp.set_body("<html>maintenance</html>");
  std::this_thread::sleep_for(520ms);
  EXPECT_TRUE(verify_with(source, token_for(k1)));
  EXPECT_EQ(idp.fetches, 3);
  EXPECT_EQ(source.stats().failures, 2u);

  // Past max_stale the old set is not trusted any more.
  idp.set_status(503);
  std::this_thread::sleep_for(1000ms);
  r = verify_with(source, token_for(k1));
  EXPECT_EQ(r.code, error::keys_unavailable);
  EXPECT_NE(r.message.find("503"), std::string::npos) << r.message;

  // The provider is back: so are we.
  idp.set_status(200);
  idp.publish({k1});
  std::this_thread::sleep_for(520ms);
  EXPECT_TRUE(verify_with(source, token_for(k1)));
}

TEST(remote_jwks, a_first_fetch_that_fails_is_not_retried_on_every_request) {
  provider idp;
  idp.set_status(500);
  remote_jwks source({.url = idp.url(), .failure_backoff = 500ms});
  try {
    run(source.keys("k1"));
    ADD_FAILURE() << "keys() returned without a JWKS";
  } catch (const http::client_error& e) {
    EXPECT_EQ(e.kind(), http::client_error_kind::status);
    EXPECT_EQ(e.http_status(), 502);
  }
  for (int i = 0; i < 10; ++i) EXPECT_THROW(run(source.keys("k1")), http::client_error);
  EXPECT_EQ(idp.fetches, 1);

  const key k1 = signing_key("k1");
  idp.publish({k1});
  idp.set_status(200);
  std::this_thread::sleep_for(520ms);
  EXPECT_TRUE(verify_with(source, token_for(k1)));
  EXPECT_EQ(idp.fetches, 2);

  // An empty set is refused as a failure.
  provider empty;
  remote_jwks nothing({.url = empty.url()});
  EXPECT_THROW(run(nothing.refresh()), http::client_error);
}

TEST(remote_jwks, concurrent_callers_on_several_loops_share_one_fetch) {
  provider idp;
  const key k1 = signing_key("k1");
  idp.publish({k1});
  idp.set_delay(300ms);
  remote_jwks source({.url = idp.url()});

  // Two more loops on their own threads: the callers.
  http::server workers(http::testing::local_options(2));
  workers.start();
  struct outcome {
    std::shared_ptr<const key_set> keys;
    bool same_thread = false;
  };
  auto caller = [](remote_jwks& s) -> task<outcome> {
    const auto before = std::this_thread::get_id();
    auto keys = co_await s.keys("k1");
    co_return outcome{keys, std::this_thread::get_id() == before};
  };
  std::vector<std::future<outcome>> done;
  for (int i = 0; i < 20; ++i)
    done.push_back(boost::asio::co_spawn(workers.loop(i % 2), caller(source), boost::asio::use_future));
  std::shared_ptr<const key_set> first;
  for (auto& f : done) {
    auto o = f.get();
    ASSERT_NE(o.keys, nullptr);
    if (!first) first = o.keys;
    EXPECT_EQ(o.keys, first);    // the one fetched set
    EXPECT_TRUE(o.same_thread);  // resumed on its own loop
  }
  EXPECT_EQ(idp.fetches, 1);

  // refresh() fetches whatever the cache says, and callers meanwhile join it.
  idp.set_delay(0ms);
  auto fresh = run(source.refresh());
  EXPECT_NE(fresh, first);
  EXPECT_EQ(idp.fetches, 2);
}

}  // namespace
}  // namespace strata::auth::jwt
