// The refresh-token tests every store must pass (the fixture: refresh_store_test_suite.hpp).
// Include this in exactly one file of a test binary: it defines the tests.
#pragma once
#include <strata/auth/refresh_store_test_suite.hpp>

namespace strata::auth::testing {

TEST_P(refresh_store_suite, issue_then_rotate) {
  auto first = issue("alice", R"({"device":"phone"})");
  EXPECT_EQ(first.token.size(), 43u);
  EXPECT_EQ(first.expires_ms, start_ms + idle.count());
  advance(std::chrono::seconds(30));
  auto r = rotate(first.token);
  ASSERT_EQ(r.status, refresh_status::ok) << to_string(r.status);
  EXPECT_TRUE(r);
  EXPECT_EQ(r.user_id, "alice");
  EXPECT_EQ(r.meta, R"({"device":"phone"})");
  EXPECT_EQ(r.family, first.family);
  EXPECT_EQ(r.token.size(), 43u);
  EXPECT_NE(r.token, first.token);
  EXPECT_EQ(r.expires_ms, now_.load() + idle.count());
  // The new one rotates in turn.
  auto r2 = rotate(r.token);
  EXPECT_EQ(r2.status, refresh_status::ok);
  EXPECT_EQ(r2.family, first.family);
}

TEST_P(refresh_store_suite, unknown_and_malformed_tokens_are_invalid) {
  issue("alice");
  for (std::string t :
       {std::string(), std::string("short"), std::string(43, 'A'), std::string(43, '*'), std::string(44, 'A')}) {
    auto r = rotate(t);
    EXPECT_EQ(r.status, refresh_status::invalid) << t;
    EXPECT_FALSE(r);
    EXPECT_TRUE(r.user_id.empty());
  }
  EXPECT_FALSE(run(tokens_->revoke(std::string(43, 'A'))));
}

// OAuth 2.0 Security BCP: a rotated token presented again revokes the whole family.
TEST_P(refresh_store_suite, reuse_revokes_the_family) {
  auto t1 = issue("alice").token;
  auto t2 = rotate(t1).token;
  auto t3 = rotate(t2).token;
  ASSERT_FALSE(t3.empty());
  auto other = issue("alice").token;  // another device of the same user

  auto again = rotate(t1);  // the thief (or the victim) presents an old token
  EXPECT_EQ(again.status, refresh_status::reused);
  EXPECT_EQ(again.user_id, "alice");  // so the application can alert the user
  EXPECT_FALSE(again.family.empty());
  EXPECT_TRUE(again.token.empty());
  // Every token of the family is dead now, the newest included.
  EXPECT_EQ(rotate(t3).status, refresh_status::revoked);
  EXPECT_EQ(rotate(t2).status, refresh_status::reused);
  // The other family lives on.
  EXPECT_EQ(rotate(other).status, refresh_status::ok);
}

TEST_P(refresh_store_suite, idle_expiry) {
  auto t = issue("alice").token;
  advance(idle - std::chrono::seconds(1));
  auto r = rotate(t);
  ASSERT_EQ(r.status, refresh_status::ok);
  // Each rotation starts a new idle period.
  advance(idle - std::chrono::seconds(1));
  auto r2 = rotate(r.token);
  ASSERT_EQ(r2.status, refresh_status::ok);
  advance(idle);
  auto r3 = rotate(r2.token);
  EXPECT_EQ(r3.status, refresh_status::expired);
  EXPECT_EQ(r3.user_id, "alice");
}

// Rotated every 90 s, the chain lives until the family's end, and no token outlives it.
TEST_P(refresh_store_suite, absolute_lifetime) {
  auto t = issue("bob").token;
  const auto end = start_ms + lifetime.count();
  for (int i = 0; i < 20; ++i) {
    advance(std::chrono::seconds(90));
    auto r = rotate(t);
    if (now_.load() >= end) {
      EXPECT_EQ(r.status, refresh_status::expired);
      EXPECT_EQ(r.user_id, "bob");
      EXPECT_EQ(i, 6);  // 10.5 minutes
      return;
    }
    ASSERT_EQ(r.status, refresh_status::ok) << i;
    EXPECT_EQ(r.expires_ms, std::min(now_.load() + idle.count(), end));
    t = r.token;
  }
  FAIL() << "the family never ended";
}

TEST_P(refresh_store_suite, revoke_one_family) {
  auto a = issue("alice");
  auto b = issue("alice");
  EXPECT_TRUE(run(tokens_->revoke(a.token)));
  EXPECT_FALSE(run(tokens_->revoke(a.token)));  // nothing left to revoke
  auto r = rotate(a.token);
  EXPECT_EQ(r.status, refresh_status::revoked);
  EXPECT_EQ(r.user_id, "alice");
  EXPECT_EQ(rotate(b.token).status, refresh_status::ok);
}

TEST_P(refresh_store_suite, revoke_all_logs_out_everywhere) {
  auto a = issue("alice"), b = issue("alice"), c = issue("carol");
  auto a2 = rotate(a.token);
  ASSERT_TRUE(a2);
  EXPECT_EQ(run(tokens_->revoke_all("alice")), 2u);
  EXPECT_EQ(run(tokens_->revoke_all("alice")), 0u);
  EXPECT_EQ(rotate(a2.token).status, refresh_status::revoked);
  EXPECT_EQ(rotate(b.token).status, refresh_status::revoked);
  EXPECT_EQ(rotate(c.token).status, refresh_status::ok);
  EXPECT_EQ(run(tokens_->revoke_all("nobody")), 0u);
}

TEST_P(refresh_store_suite, purge_removes_ended_families) {
  auto old = issue("alice");
  advance(lifetime - std::chrono::minutes(1));
  auto young = issue("alice");
  advance(std::chrono::minutes(1));  // the first has ended, the second is a minute old
  const auto purged = run(tokens_->purge());
  if (GetParam().purges) {
    EXPECT_EQ(purged, 1u);
    EXPECT_EQ(rotate(old.token).status, refresh_status::invalid);
  } else {
    EXPECT_EQ(purged, 0u);
    EXPECT_EQ(rotate(old.token).status, refresh_status::expired);
  }
  EXPECT_EQ(rotate(young.token).status, refresh_status::ok);
}

// Eight requests present one token at the same moment, each from its own thread and loop: exactly
// one rotates it; the others see it used, which is reuse, so the winner's new token dies too.
TEST_P(refresh_store_suite, concurrent_rotation_only_one_wins) {
  const auto token = issue("alice").token;
  constexpr int n = 8;
  std::latch start(n);
  std::vector<refresh_rotation> results(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        results[i] = run(tokens_->rotate(token));
      } catch (const std::exception& e) {
        ADD_FAILURE() << "rotation " << i << " threw: " << e.what();
      }
    });
  for (auto& t : threads) t.join();
  int ok = 0, reused = 0;
  std::string winner;
  for (const auto& r : results) {
    if (r.status == refresh_status::ok) {
      ++ok;
      winner = r.token;
    }
    if (r.status == refresh_status::reused) ++reused;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(reused, n - 1);
  ASSERT_FALSE(winner.empty());
  EXPECT_EQ(rotate(winner).status, refresh_status::revoked);
}

// Stores hold hashes only: a token is not a key anywhere.
TEST_P(refresh_store_suite, hashes_are_sha256_hex) {
  EXPECT_EQ(refresh_tokens::hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace strata::auth::testing
