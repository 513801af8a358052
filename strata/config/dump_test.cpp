// Tests for dump() and source_of(): one line per leaf with its source, and what is redacted.
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using dump = strata::config::testing::load_fixture;

TEST_F(dump, one_line_per_leaf_sorted_with_aligned_sources) {
  dir.write("config/default.yaml", "http:\n  port: 80\n  origins: [a, b]\nname: demo\nempty: {}\n");
  const config cfg = load_ok(options({{"PORT", "9090"}}, {"--set", "debug=true"}));
  const std::string file = name("config/default.yaml");
  // The sources line up after the longest `key = value`.
  EXPECT_EQ(cfg.dump(),
            "debug = true               # --set\n"
            "empty = {}                 # " +
                file +
                "\n"
                "http.origins = [\"a\",\"b\"]   # " +
                file +
                "\n"
                "http.port = 9090           # env PORT\n"
                "name = \"demo\"              # " +
                file + "\n");
}

TEST_F(dump, secrets_are_redacted_by_name_schema_and_url_password) {
  dir.write("config/default.yaml",
            "db:\n  password: hunter2\n  url: postgres://user:pw@host/db\n  replicas: [\"postgres://r:pw2@r1/db\"]\n"
            "jwt:\n  secret: abc\nstripe:\n  apiKey: sk_live\nsigning:\n  pem: xyz\nhttp:\n  port: 80\n");
  load_options o = options();
  o.schema = json::parse(R"({"properties":{"signing":{"secret":true}}})").as_object();
  const config cfg = load_ok(o);
  const std::string dump = cfg.dump();
  EXPECT_NE(dump.find("db.password = [REDACTED]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("db.url = \"postgres://user:[REDACTED]@host/db\""), std::string::npos) << dump;
  EXPECT_NE(dump.find("db.replicas = [\"postgres://r:[REDACTED]@r1/db\"]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("jwt.secret = [REDACTED]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("stripe.apiKey = [REDACTED]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("signing.pem = [REDACTED]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("http.port = 80"), std::string::npos) << dump;
  for (auto secret : {"hunter2", ":pw@", "pw2", "abc", "sk_live", "xyz"})
    EXPECT_EQ(dump.find(secret), std::string::npos) << secret;
  // Unredacted on request (for a developer's terminal).
  EXPECT_NE(cfg.dump(false).find("db.password = \"hunter2\""), std::string::npos);
  EXPECT_NE(cfg.dump(false).find("postgres://user:pw@host/db"), std::string::npos);
}

TEST_F(dump, source_of_keys_objects_indexes_and_missing_keys) {
  dir.write("config/default.yaml", "servers:\n  - host: a\n  - host: b\nhttp:\n  port: 80\n");
  const config cfg = load_ok(options({{"STRATA_HTTP__HOST", "h"}}));
  EXPECT_EQ(cfg.source_of("http.port"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("http"), "env STRATA_HTTP__HOST, " + name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("servers"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("servers.1.host"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("servers[1]"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("nope"), "");
  EXPECT_EQ(cfg.source_of("http.nope"), "");
  EXPECT_EQ(cfg.get<std::string>("servers.1.host"), "b");
}

TEST_F(dump, long_values_do_not_push_every_source_far_right) {
  const std::string long_value(100, 'x');
  const config cfg = load_ok(options({{"STRATA_A", long_value}, {"STRATA_B", "1"}}));
  EXPECT_EQ(cfg.dump(),
            "a = \"" + long_value + "\"   # env STRATA_A\n" + "b = 1" + std::string(55, ' ') + "   # env STRATA_B\n");
}

}  // namespace
