// Sealed cookies: the primitives against their RFC vectors, then sealing: round trips, any
// changed byte refused, values bound to their cookie's name, key rotation, encrypted values
// unreadable, and the HTTP helpers.
#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/detail/base64.hpp>
#include <strata/auth/detail/session_crypto.hpp>
#include <strata/auth/detail/session_csrf.hpp>
#include <strata/http/server.hpp>
#include <strata/http/testing/local_server.hpp>

#include <gtest/gtest.h>

#include <set>

namespace strata::auth {
namespace {

const std::string secret_a = "0123456789abcdef0123456789abcdef-a";
const std::string secret_b = "0123456789abcdef0123456789abcdef-b";

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}
std::string unhex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16));
  return out;
}

TEST(SessionCrypto, hmac_sha256_rfc4231_case_2) {
  EXPECT_EQ(hex(detail::hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SessionCrypto, hkdf_sha256_rfc5869_case_1) {
  const auto okm = detail::hkdf_sha256(unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), unhex("000102030405060708090a0b0c"),
                                       unhex("f0f1f2f3f4f5f6f7f8f9"), 42);
  EXPECT_EQ(hex(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(SessionCrypto, aes_gcm_round_trip_and_tamper) {
  const std::string key(32, 'k'), nonce(12, 'n');
  auto box = detail::aes256gcm_seal(key, nonce, "aad", "hello");
  EXPECT_EQ(box.size(), 5u + 16u);
  EXPECT_EQ(detail::aes256gcm_open(key, nonce, "aad", box), "hello");
  EXPECT_FALSE(detail::aes256gcm_open(key, nonce, "aaD", box));
  box[0] ^= 1;
  EXPECT_FALSE(detail::aes256gcm_open(key, nonce, "aad", box));
  EXPECT_EQ(detail::aes256gcm_open(key, nonce, "", detail::aes256gcm_seal(key, nonce, "", "")), "");
}

TEST(SessionCrypto, constant_time_equal) {
  EXPECT_TRUE(detail::constant_time_equal("", ""));
  EXPECT_TRUE(detail::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(detail::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(detail::constant_time_equal("abc", "abcd"));
}

TEST(SessionCrypto, csrf_tokens_mask_one_secret_differently_each_time) {
  const auto secret = detail::random_bytes(32);
  const auto t1 = detail::csrf_mask(secret), t2 = detail::csrf_mask(secret);
  EXPECT_NE(t1, t2);
  EXPECT_EQ(detail::csrf_unmask(t1), secret);
  EXPECT_EQ(detail::csrf_unmask(t2), secret);
  EXPECT_FALSE(detail::csrf_unmask(t1.substr(1)));
  EXPECT_FALSE(detail::csrf_unmask(""));
  EXPECT_FALSE(detail::csrf_unmask(detail::base64url_encode(secret)));  // unmasked: wrong size
}

TEST(CookieSeal, signed_round_trip_and_format) {
  cookie_sealer s({secret_a});
  const auto sealed = s.seal("prefs", "theme=dark; ok");
  EXPECT_TRUE(sealed.starts_with("s1."));
  EXPECT_EQ(sealed.size(), s.sealed_size(14));
  EXPECT_EQ(s.open("prefs", sealed), "theme=dark; ok");
  EXPECT_EQ(s.open("prefs", s.seal("prefs", "")), "");
  // Signed is not secret: the value is there for anyone to decode.
  auto parts = sealed.substr(3 + 9);
  EXPECT_EQ(detail::base64url_decode(parts.substr(0, parts.find('.'))), "theme=dark; ok");
}

TEST(CookieSeal, every_changed_character_is_refused) {
  for (bool encrypt : {false, true}) {
    cookie_sealer s({secret_a}, encrypt);
    const auto sealed = s.seal("sid", "user=alice");
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      for (char c : {'A', 'x', '.', '_'}) {
        if (sealed[i] == c) continue;
        auto changed = sealed;
        changed[i] = c;
        EXPECT_FALSE(s.open("sid", changed)) << "encrypt=" << encrypt << " position " << i << " -> " << c;
      }
    }
    EXPECT_FALSE(s.open("sid", sealed.substr(0, sealed.size() - 1)));
    EXPECT_FALSE(s.open("sid", sealed + "A"));
    EXPECT_FALSE(s.open("sid", ""));
    EXPECT_FALSE(s.open("sid", "s1"));
  }
}

TEST(CookieSeal, a_value_is_bound_to_its_cookie_name) {
  for (bool encrypt : {false, true}) {
    cookie_sealer s({secret_a}, encrypt);
    EXPECT_FALSE(s.open("admin", s.seal("user", "role=admin"))) << encrypt;
  }
}

TEST(CookieSeal, rotation_new_key_seals_old_keys_open) {
  cookie_sealer old_only({secret_a}), rotated({secret_b, secret_a}), new_only({secret_b});
  const auto before = old_only.seal("sid", "v");
  EXPECT_EQ(rotated.open("sid", before), "v");
  const auto after = rotated.seal("sid", "v");
  EXPECT_EQ(new_only.open("sid", after), "v");
  EXPECT_FALSE(old_only.open("sid", after));
  EXPECT_FALSE(new_only.open("sid", before));  // the old secret retired: its cookies stop working
}

TEST(CookieSeal, encrypted_values_are_unreadable_and_never_repeat) {
  cookie_sealer s({secret_a}, true);
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto sealed = s.seal("sid", "secret-user-alice");
    EXPECT_TRUE(sealed.starts_with("e1."));
    EXPECT_EQ(sealed.size(), s.sealed_size(17));
    EXPECT_TRUE(seen.insert(sealed).second);
    auto box = detail::base64url_decode(sealed.substr(3 + 9));
    ASSERT_TRUE(box);
    EXPECT_EQ(box->find("alice"), std::string::npos);
    EXPECT_EQ(s.open("sid", sealed), "secret-user-alice");
  }
  // Encryption on still opens signed values sealed before it was.
  EXPECT_EQ(s.open("sid", cookie_sealer({secret_a}).seal("sid", "old")), "old");
  // And a sealer with encryption off opens encrypted values too (the key is the same).
  EXPECT_EQ(cookie_sealer({secret_a}).open("sid", s.seal("sid", "x")), "x");
}

TEST(CookieSeal, short_or_missing_secrets_are_refused) {
  EXPECT_THROW(cookie_sealer({}), std::invalid_argument);
  EXPECT_THROW(cookie_sealer({"too short"}), std::invalid_argument);
  EXPECT_THROW(cookie_sealer({secret_a, "short"}), std::invalid_argument);
}

TEST(CookieSeal, http_helpers) {
  auto sealer = std::make_shared<cookie_sealer>(std::vector<std::string>{secret_a}, true);
  http::server srv(http::testing::local_options());
  srv.get("/set", [sealer](http::request&, http::response& res) {
    set_sealed_cookie(res, *sealer, "prefs", "dark", {.secure = true});
    res.text("ok");
  });
  srv.get("/read", [sealer](http::request& req, http::response& res) {
    res.text(read_sealed_cookie(req, *sealer, "prefs").value_or("(none)"));
  });
  srv.start();
  auto set = http::testing::get(srv.port(), "/set");
  auto line = set.header("Set-Cookie").value_or("");
  EXPECT_TRUE(line.starts_with("prefs=e1.")) << line;
  EXPECT_NE(line.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(line.find("; Secure"), std::string::npos);
  const auto value = line.substr(6, line.find(';') - 6);
  auto read = http::testing::fetch(srv.port(), http::testing::get_request("/read", "Cookie: prefs=" + value + "\r\n"));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->body, "dark");
  auto forged = http::testing::fetch(srv.port(), http::testing::get_request("/read", "Cookie: prefs=dark\r\n"));
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->body, "(none)");
}

}  // namespace
}  // namespace strata::auth
