// Passwords: argon2 against the reference implementation's and RFC 9106's vectors, bcrypt against
// crypt_blowfish's, PHC parsing that refuses what it cannot read, rehash decisions, the length
// limits, and the co_await forms running off the loop.
#include <strata/auth/detail/password_argon2.hpp>
#include <strata/auth/detail/password_bcrypt.hpp>
#include <strata/auth/password.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>

namespace strata::auth {
namespace {

using detail::argon2_variant;

// Cheap costs for tests that are not about the cost.
password_params cheap() {
  password_params p;
  p.argon2.memory_kib = 64;
  p.argon2.iterations = 1;
  return p;
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

template <class T>
T run(task<T> t) {
  boost::asio::io_context ctx(1);
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(ctx, std::move(t), [&](std::exception_ptr e, T v) {
    failure = e;
    if (!e) out.emplace(std::move(v));
  });
  ctx.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

// The reference implementation's known answers (phc-winner-argon2 src/test.c): password
// "password", salt "somesalt" unless the string says otherwise.
TEST(password_argon2, reference_vectors_verify) {
  const char* vectors[][2] = {
      {"password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
      {"password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
      {"password", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
      {"password", "$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg"},
      {"differentpassword", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94"},
      {"password", "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw"},
      // argon2i, and the 1.0 version (no v=) that old hashes carry.
      {"password", "$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E"},
      {"password", "$argon2i$m=65536,t=2,p=1$ZGlmZnNhbHQ$eaEDuQ/orvhXDLMfyLIiWXeJFvgza3vaw4kladTxxJc"},
      {"", "$argon2d$v=16$m=8,t=1,p=1$ICAgICAgICA$X54KZYxUSfMUihzebb70sKbheabHilo8gsUldrVU4IU"},
  };
  for (auto& [pw, phc] : vectors) {
    const auto c = verify_password_sync(pw, phc, cheap());
    // Right password, but not the current parameters: a match that asks for a new hash.
    EXPECT_EQ(c, password_check::needs_rehash) << phc;
    EXPECT_EQ(verify_password_sync(std::string(pw) + "x", phc, cheap()), password_check::wrong) << phc;
  }
}

// The same first vector, computed rather than verified, and written back byte for byte.
TEST(password_argon2, reference_vector_computed_and_formatted) {
  const std::string phc = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  auto h = detail::parse_argon2(phc);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->salt, "somesalt");
  EXPECT_EQ(hex(h->hash), "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
  EXPECT_EQ(hex(detail::argon2_raw(argon2_variant::id, 0x13, "password", "somesalt", 65536, 2, 1, 32)),
            "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
  EXPECT_EQ(detail::format_argon2(*h), phc);
}

// RFC 9106 §5.3 and §5.2: with a secret and associated data, four lanes.
TEST(password_argon2, rfc9106_vectors) {
  const std::string pw(32, '\x01'), salt(16, '\x02'), secret(8, '\x03'), ad(12, '\x04');
  EXPECT_EQ(hex(detail::argon2_raw(argon2_variant::id, 0x13, pw, salt, 32, 3, 4, 32, secret, ad)),
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  EXPECT_EQ(hex(detail::argon2_raw(argon2_variant::i, 0x13, pw, salt, 32, 3, 4, 32, secret, ad)),
            "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8");
}

TEST(password_argon2, default_cost_is_owasp_and_round_trips) {
  auto h = hash_password_sync("correct horse battery staple");
  ASSERT_TRUE(h);
  EXPECT_EQ(h.hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << h.hash;
  EXPECT_EQ(h.hash.size(), 31u + 22 + 1 + 43);  // prefix, 16-byte salt, '$', 32-byte hash
  EXPECT_EQ(verify_password_sync("correct horse battery staple", h.hash), password_check::ok);
  EXPECT_EQ(verify_password_sync("correct horse battery stapler", h.hash), password_check::wrong);
  EXPECT_FALSE(needs_rehash(h.hash));
  // A fresh salt each time.
  EXPECT_NE(hash_password_sync("correct horse battery staple", cheap()).hash,
            hash_password_sync("correct horse battery staple", cheap()).hash);
}

TEST(password_argon2, rehash_when_costs_change) {
  const auto old = hash_password_sync("pw", cheap()).hash;
  auto raised = cheap();
  raised.argon2.memory_kib = 128;
  EXPECT_FALSE(needs_rehash(old, cheap()));
  EXPECT_TRUE(needs_rehash(old, raised));
  EXPECT_EQ(verify_password_sync("pw", old, raised), password_check::needs_rehash);
  auto longer = cheap();
  longer.argon2.hash_bytes = 64;
  EXPECT_TRUE(needs_rehash(old, longer));
  auto iterations = cheap();
  iterations.argon2.iterations = 3;
  EXPECT_TRUE(needs_rehash(old, iterations));
  auto to_bcrypt = cheap();
  to_bcrypt.algorithm = password_algorithm::bcrypt;
  EXPECT_TRUE(needs_rehash(old, to_bcrypt));
  EXPECT_TRUE(needs_rehash("not a hash"));
}

TEST(password_argon2, malformed_strings_are_refused) {
  const char* bad[] = {
      "",
      "password",
      "$argon2id$",
      "$argon2x$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=18$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=019$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=064,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$t=1,m=64,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=64,t=1,p=1,k=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=-64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",  // padded
      "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPP-",   // not base64
      "$argon2id$v=19$m=64,t=1,p=1$c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",        // 4-byte salt
      "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1a",                                  // 9-byte hash
      "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ",
      // Costs nobody configures: 4 GiB, 100000 passes, 1000 lanes.
      "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=64,t=100000,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=8000,t=1,p=1000$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=8,t=1,p=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",  // m < 8p
      "$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
  };
  for (const char* s : bad) {
    EXPECT_FALSE(detail::parse_argon2(s)) << s;
    EXPECT_EQ(verify_password_sync("password", s), password_check::malformed) << s;
  }
}

TEST(password_argon2, parameters_out_of_range_are_a_programming_error) {
  auto p = cheap();
  p.argon2.memory_kib = 4;
  EXPECT_THROW(hash_password_sync("pw", p), std::invalid_argument);
  p = cheap();
  p.argon2.salt_bytes = 4;
  EXPECT_THROW(hash_password_sync("pw", p), std::invalid_argument);
  p = cheap();
  p.argon2.iterations = 0;
  EXPECT_THROW(hash_password_sync("pw", p), std::invalid_argument);
}

// crypt_blowfish's test vectors (its wrapper.c): $2a$ at cost 5.
TEST(password_bcrypt, crypt_blowfish_vectors_verify) {
  const char* vectors[][2] = {
      {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
      {"U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"},
      {"U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"},
      {"", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"},
      {"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
       "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"},
  };
  for (auto& [pw, stored] : vectors) {
    EXPECT_EQ(verify_password_sync(pw, stored), password_check::needs_rehash) << stored;  // bcrypt: move to argon2id
    EXPECT_EQ(verify_password_sync(std::string(pw) + "!", stored),
              pw[0] == '0' ? password_check::needs_rehash : password_check::wrong)
        << stored;  // the last vector: anything after byte 72 is ignored, so "!" changes nothing
  }
}

TEST(password_bcrypt, hashing_when_configured) {
  password_params p;
  p.algorithm = password_algorithm::bcrypt;
  p.bcrypt_cost = 4;
  auto h = hash_password_sync("hunter2", p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h.hash.rfind("$2b$04$", 0), 0u) << h.hash;
  EXPECT_EQ(h.hash.size(), 60u);
  EXPECT_EQ(verify_password_sync("hunter2", h.hash, p), password_check::ok);
  EXPECT_EQ(verify_password_sync("hunter3", h.hash, p), password_check::wrong);
  EXPECT_EQ(verify_password_sync("hunter2", h.hash), password_check::needs_rehash);  // default: argon2id
  p.bcrypt_cost = 5;
  EXPECT_EQ(verify_password_sync("hunter2", h.hash, p), password_check::needs_rehash);
  // bcrypt would silently use 72 bytes of a longer one, and stop at a NUL.
  EXPECT_EQ(hash_password_sync(std::string(73, 'a'), p).error, password_error::too_long);
  EXPECT_TRUE(hash_password_sync(std::string(72, 'a'), p));
  EXPECT_EQ(hash_password_sync(std::string("a\0b", 3), p).error, password_error::contains_nul);
  EXPECT_EQ(verify_password_sync(std::string("hunter2\0x", 9), h.hash, p), password_check::wrong);
  p.bcrypt_cost = 3;
  EXPECT_THROW(hash_password_sync("x", p), std::invalid_argument);
}

TEST(password_bcrypt, malformed_strings_are_refused) {
  const char* bad[] = {
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe",   // 59 characters
      "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",  // the buggy variant
      "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",  // cost below 4
      "$2a$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",  // above 31
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe+",  // not bcrypt's base64
      "$2a$5$CCCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
  };
  for (const char* s : bad) EXPECT_EQ(verify_password_sync("U*U", s), password_check::malformed) << s;
}

TEST(password, length_limit) {
  const std::string long_pw(max_password_bytes + 1, 'x');
  auto h = hash_password_sync(long_pw, cheap());
  EXPECT_FALSE(h);
  EXPECT_EQ(h.error, password_error::too_long);
  EXPECT_TRUE(h.hash.empty());
  EXPECT_FALSE(to_string(h.error).empty());
  EXPECT_TRUE(hash_password_sync(std::string(max_password_bytes, 'x'), cheap()));
  const auto stored = hash_password_sync("x", cheap()).hash;
  EXPECT_EQ(verify_password_sync(long_pw, stored, cheap()), password_check::wrong);
  EXPECT_EQ(verify_password_sync(long_pw, "garbage"), password_check::malformed);
  // Any bytes: NUL and invalid UTF-8 are password bytes like the others for argon2.
  const std::string odd("a\0\xff\xfe", 4);
  const auto h2 = hash_password_sync(odd, cheap()).hash;
  EXPECT_EQ(verify_password_sync(odd, h2, cheap()), password_check::ok);
  EXPECT_EQ(verify_password_sync("a", h2, cheap()), password_check::wrong);
  EXPECT_TRUE(matched(password_check::ok));
  EXPECT_TRUE(matched(password_check::needs_rehash));
  EXPECT_FALSE(matched(password_check::wrong));
  EXPECT_FALSE(matched(password_check::malformed));
}

TEST(password, awaitable_forms_run_off_the_loop) {
  const auto loop = std::this_thread::get_id();
  auto [h, check, resumed] = run([]() -> task<std::tuple<hashed_password, password_check, std::thread::id>> {
    auto h = co_await hash_password("s3cret", cheap());
    auto c = co_await verify_password("s3cret", h.hash, cheap());
    co_return std::tuple{h, c, std::this_thread::get_id()};
  }());
  EXPECT_TRUE(h);
  EXPECT_EQ(check, password_check::ok);
  EXPECT_EQ(resumed, loop);
  auto too_long = run(hash_password(std::string(2000, 'x')));
  EXPECT_EQ(too_long.error, password_error::too_long);
  auto bad = cheap();
  bad.argon2.parallelism = 0;
  EXPECT_THROW(run(hash_password("x", bad)), std::invalid_argument);
}

}  // namespace
}  // namespace strata::auth
