// Passwords across ecosystems: bcrypt hashes made by npm `bcryptjs` (what Node services store)
// verify in Strata and Strata's verify in bcryptjs; argon2id PHC strings from npm `hash-wasm`
// verify in Strata and Strata's in hash-wasm. Both packages are fetched once into the build
// folder; without npm or the registry the tests skip and say why.
#include <strata/auth/password.hpp>
#include <strata/core/testing/temp_dir.hpp>
#include <strata/http/testing/npm_tool.hpp>

#include <gtest/gtest.h>

#include <string>

namespace strata::auth {
namespace {

using http::testing::run_command;
using http::testing::shell_quote;

constexpr const char* script = R"js(
const [mode, ...args] = process.argv.slice(2);
const bcrypt = require('bcryptjs');
const hw = require('hash-wasm');
const crypto = require('crypto');
(async () => {
  switch (mode) {
    case 'bcrypt-hash': return bcrypt.hashSync(args[0], Number(args[1]));
    case 'bcrypt-verify': return String(bcrypt.compareSync(args[0], args[1]));
    case 'argon2-hash':
      return hw.argon2id({password: args[0], salt: crypto.randomBytes(16), parallelism: 1, iterations: 2,
                         memorySize: 19456, hashLength: 32, outputType: 'encoded'});
    case 'argon2-verify': return String(await hw.argon2Verify({password: args[0], hash: args[1]}));
  }
  throw new Error('unknown mode ' + mode);
})().then(out => process.stdout.write(out), e => { console.error(e); process.exit(1); });
)js";

class password_interop : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    modules_ = http::testing::npm_package("password-interop", "bcryptjs@3 hash-wasm@4", why_not);
    if (modules_.empty()) GTEST_SKIP() << why_not;
    script_ = dir_.write("interop.js", script).string();
  }

  // Runs the script; its output, or a failure naming the command.
  std::string node(const std::string& mode, const std::string& a, const std::string& b = {}) {
    auto r = run_command("NODE_PATH=" + shell_quote(modules_) + " node " + shell_quote(script_) + " " + mode + " " +
                         shell_quote(a) + (b.empty() ? "" : " " + shell_quote(b)) + " 2>&1");
    EXPECT_EQ(r.status, 0) << mode << ": " << r.output;
    return r.output;
  }

  strata::testing::temp_dir dir_;
  std::string modules_, script_;
};

// Plain ASCII, UTF-8, and longer than bcrypt's 72 bytes.
const std::string passwords[] = {"hunter2", "p\xC3\xA4sswort-\xE6\x97\xA5\xE6\x9C\xAC-\xF0\x9F\x94\x91",
                                 std::string(100, 'z') + "tail"};

TEST_F(password_interop, bcryptjs_hashes_verify_in_strata) {
  for (const auto& pw : passwords) {
    const auto stored = node("bcrypt-hash", pw, "10");
    ASSERT_EQ(stored.rfind("$2", 0), 0u) << stored;
    // A match, and since argon2id is the current algorithm, one to hash again.
    EXPECT_EQ(verify_password_sync(pw, stored), password_check::needs_rehash) << stored;
    EXPECT_EQ(verify_password_sync(pw + "x", stored),
              pw.size() > 72 ? password_check::needs_rehash : password_check::wrong);
    EXPECT_EQ(verify_password_sync("Hunter2", stored), password_check::wrong);
    // The $2a$ and $2y$ spellings of the same hash: Node's older bcrypt and PHP's.
    for (const char* prefix : {"$2a$", "$2y$"}) {
      const auto other = prefix + stored.substr(4);
      EXPECT_TRUE(matched(verify_password_sync(pw, other))) << other;
    }
  }
}

TEST_F(password_interop, strata_bcrypt_verifies_in_bcryptjs) {
  password_params p;
  p.algorithm = password_algorithm::bcrypt;
  for (const auto& pw : passwords) {
    if (pw.size() > 72) continue;  // Strata refuses to make a bcrypt hash that would ignore bytes
    const auto h = hash_password_sync(pw, p);
    ASSERT_TRUE(h);
    EXPECT_EQ(node("bcrypt-verify", pw, h.hash), "true");
    EXPECT_EQ(node("bcrypt-verify", pw + "!", h.hash), "false");
  }
}

TEST_F(password_interop, hash_wasm_argon2id_verifies_in_strata) {
  for (const auto& pw : passwords) {
    const auto stored = node("argon2-hash", pw);
    ASSERT_EQ(stored.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << stored;
    // The same costs as Strata's defaults: current, no rehash.
    EXPECT_EQ(verify_password_sync(pw, stored), password_check::ok) << stored;
    EXPECT_EQ(verify_password_sync(pw + "x", stored), password_check::wrong);
  }
}

TEST_F(password_interop, strata_argon2id_verifies_in_hash_wasm) {
  for (const auto& pw : passwords) {
    const auto h = hash_password_sync(pw);
    ASSERT_TRUE(h);
    EXPECT_EQ(node("argon2-verify", pw, h.hash), "true") << h.hash;
    EXPECT_EQ(node("argon2-verify", pw + "x", h.hash), "false");
  }
}

}  // namespace
}  // namespace strata::auth
