// Tests for typed access: get, find, get with a default, conversions, durations, described
// structs, and the errors typed access throws.
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using namespace std::chrono_literals;
using access = strata::config::testing::load_fixture;

struct pool_settings {
  int min = 0;
  int max = 0;
};
BOOST_DESCRIBE_STRUCT(pool_settings, (), (min, max))

struct db_settings {
  std::string url;
  pool_settings pool;
  std::chrono::seconds timeout{};
  std::vector<std::string> replicas;
  std::optional<std::string> schema;
  std::optional<int> statement_cache;
  bool ssl = false;
};
BOOST_DESCRIBE_STRUCT(db_settings, (), (url, pool, timeout, replicas, schema, statement_cache, ssl))

struct base_settings {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(base_settings, (), (name))
struct derived_settings : base_settings {
  unsigned workers = 0;
};
BOOST_DESCRIBE_STRUCT(derived_settings, (base_settings), (workers))

class typed : public access {
protected:
  config make(std::string_view defaults, env_map env = {}) {
    load_options o = options(std::move(env));
    o.defaults = json::parse(defaults).as_object();
    return load_ok(o);
  }
};

TEST_F(typed, scalars) {
  const config cfg = make(R"({"i": 42, "neg": -1, "big": 5000000000, "d": 1.5, "b": true, "s": "text", "whole": 3.0})");
  EXPECT_EQ(cfg.get<int>("i"), 42);
  EXPECT_EQ(cfg.get<std::int64_t>("big"), 5000000000);
  EXPECT_EQ(cfg.get<unsigned>("i"), 42u);
  EXPECT_EQ(cfg.get<double>("d"), 1.5);
  EXPECT_EQ(cfg.get<double>("i"), 42.0);
  EXPECT_EQ(cfg.get<int>("whole"), 3);
  EXPECT_TRUE(cfg.get<bool>("b"));
  EXPECT_EQ(cfg.get<std::string>("s"), "text");
  EXPECT_EQ(cfg.get<std::string>("i"), "42");  // a number read as the text it was written as
  EXPECT_EQ(cfg.get<json::value>("d"), json::value(1.5));
}

TEST_F(typed, strings_from_the_environment_read_as_the_type_asked_for) {
  const config cfg = make("{}", {{"STRATA_FLAG", "yes"},
                                 {"STRATA_OFF", "off"},
                                 {"STRATA_LIST", "a, b"},
                                 {"STRATA_NUMS", "1,2,3"},
                                 {"STRATA_V", "1.10"}});
  EXPECT_TRUE(cfg.get<bool>("flag"));
  EXPECT_FALSE(cfg.get<bool>("off"));
  EXPECT_EQ(cfg.get<std::vector<std::string>>("list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(cfg.get<std::vector<int>>("nums"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(cfg.get<std::string>("v"), "1.10");
  EXPECT_EQ(cfg.get<double>("v"), 1.1);
}

TEST_F(typed, find_and_defaults) {
  const config cfg = make(R"({"a": 1, "n": null})");
  EXPECT_EQ(cfg.find<int>("a"), 1);
  EXPECT_EQ(cfg.find<int>("missing"), std::nullopt);
  EXPECT_EQ(cfg.find<int>("n"), std::nullopt);  // null counts as not set
  EXPECT_EQ(cfg.get<int>("missing", 7), 7);
  EXPECT_EQ(cfg.get<int>("a", 7), 1);
  EXPECT_EQ(cfg.get<std::string>("missing", "x"), "x");
  EXPECT_TRUE(cfg.contains("a"));
  EXPECT_FALSE(cfg.contains("a.b"));
}

TEST_F(typed, wrong_type_or_missing_throws_with_key_and_source) {
  const config cfg = make(
      "{}",
      {{"STRATA_HTTP__PORT", "abc"}, {"STRATA_SMALL", "300"}, {"STRATA_NEG", "-1"}, {"STRATA_DB__PASSWORD", "[1]"}});
  try {
    cfg.get<int>("http.port");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_STREQ(e.what(),
                 R"(http.port: expected integer -2147483648..2147483647, got "abc" (from env STRATA_HTTP__PORT))");
    EXPECT_EQ(e.key(), "http.port");
    EXPECT_EQ(e.source(), "env STRATA_HTTP__PORT");
  }
  try {
    cfg.get<int>("nope");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_STREQ(e.what(), "nope: expected integer -2147483648..2147483647, got nothing");
  }
  EXPECT_THROW(cfg.find<int>("http.port"), config_error);  // present but wrong: not nullopt
  EXPECT_THROW(cfg.get<int>("http.port", 80), config_error);
  EXPECT_THROW(cfg.get<std::int8_t>("small"), config_error);
  EXPECT_THROW(cfg.get<unsigned>("neg"), config_error);
  EXPECT_THROW(cfg.get<bool>("http.port"), config_error);
  EXPECT_THROW(cfg.get<std::string>("http"), config_error);
  try {
    cfg.get<int>("db.password");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_EQ(e.got(), "[REDACTED]");  // secrets stay hidden in errors too
  }
}

TEST_F(typed, durations) {
  const config cfg = make(R"({"int": 30, "s": "30s", "m": "5m", "h": "1h", "ms": "250ms", "mixed": "1h30m",
                              "frac": 1.5, "bad": "soon", "neg": -5})");
  EXPECT_EQ(cfg.get<std::chrono::seconds>("int"), 30s);
  EXPECT_EQ(cfg.get<std::chrono::seconds>("s"), 30s);
  EXPECT_EQ(cfg.get<std::chrono::seconds>("m"), 300s);
  EXPECT_EQ(cfg.get<std::chrono::seconds>("h"), 3600s);
  EXPECT_EQ(cfg.get<std::chrono::minutes>("mixed"), 90min);
  EXPECT_EQ(cfg.get<std::chrono::milliseconds>("ms"), 250ms);
  EXPECT_EQ(cfg.get<std::chrono::milliseconds>("int"), 30000ms);
  EXPECT_EQ(cfg.get<std::chrono::milliseconds>("frac"), 1500ms);
  EXPECT_EQ(cfg.get<std::chrono::microseconds>("ms"), 250000us);
  EXPECT_EQ(cfg.get<std::chrono::seconds>("missing", 10s), 10s);
  try {
    cfg.get<std::chrono::seconds>("ms");  // 250ms is not a whole number of seconds: refused, not 0
    FAIL();
  } catch (const config_error& e) {
    EXPECT_STREQ(e.what(), R"(ms: expected duration in whole seconds (e.g. 30s, 5m, 1h), got "250ms" (from default))");
  }
  EXPECT_THROW(cfg.get<std::chrono::seconds>("bad"), config_error);
  EXPECT_THROW(cfg.get<std::chrono::seconds>("neg"), config_error);
}

TEST_F(typed, containers_and_json) {
  const config cfg = make(R"({"list": [1, 2], "names": ["a"], "map": {"x": 1, "y": 2}, "obj": {"k": "v"},
                              "opt": null, "set": 5})");
  EXPECT_EQ(cfg.get<std::vector<int>>("list"), (std::vector<int>{1, 2}));
  EXPECT_EQ(cfg.get<std::vector<std::string>>("names"), std::vector<std::string>{"a"});
  EXPECT_EQ((cfg.get<std::map<std::string, int>>("map")), (std::map<std::string, int>{{"x", 1}, {"y", 2}}));
  EXPECT_EQ(cfg.get<json::object>("obj").at("k"), "v");
  EXPECT_EQ(cfg.get<json::array>("list").size(), 2u);
  EXPECT_EQ(cfg.get<std::optional<int>>("opt"), std::nullopt);
  EXPECT_EQ(cfg.get<std::optional<int>>("set"), 5);
  try {
    cfg.get<std::vector<int>>("names");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_EQ(e.key(), "names[0]");
    EXPECT_EQ(e.source(), "default");
  }
}

TEST_F(typed, described_structs_by_member_name) {
  dir.write("config/default.yaml",
            "db:\n  url: postgres://db/app\n  pool:\n    min: 1\n    max: 10\n  timeout: 5m\n"
            "  replicas: [r1, r2]\n  schema: public\n  unknown_extra: ignored\n");
  const config cfg = load_ok(options({{"STRATA_DB__SSL", "true"}, {"STRATA_DB__POOL__MAX", "20"}}));
  const auto db = cfg.get<db_settings>("db");
  EXPECT_EQ(db.url, "postgres://db/app");
  EXPECT_EQ(db.pool.min, 1);
  EXPECT_EQ(db.pool.max, 20);
  EXPECT_EQ(db.timeout, 300s);
  EXPECT_EQ(db.replicas, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(db.schema, "public");
  EXPECT_EQ(db.statement_cache, std::nullopt);  // a missing optional member is fine
  EXPECT_TRUE(db.ssl);
  EXPECT_EQ(cfg.get<pool_settings>("db.pool").max, 20);
}

TEST_F(typed, described_struct_errors_name_the_member) {
  dir.write("config/default.yaml", "db:\n  url: x\n  pool:\n    min: one\n");
  const config cfg = load_ok(options());
  try {
    cfg.get<db_settings>("db");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_STREQ(e.what(), ("db.pool.min: expected integer -2147483648..2147483647, got \"one\" (from " +
                            name("config/default.yaml") + ")")
                               .c_str());
  }
  dir.write("config/default.yaml", "db:\n  url: x\n");
  try {
    load_ok(options()).get<db_settings>("db");
    FAIL();
  } catch (const config_error& e) {
    EXPECT_STREQ(e.what(), "db.pool: expected object, got nothing");
  }
  EXPECT_THROW(load_ok(options()).get<db_settings>("db.url"), config_error);
}

TEST_F(typed, described_base_classes) {
  const config cfg = make(R"({"svc": {"name": "api", "workers": 4}})");
  const auto s = cfg.get<derived_settings>("svc");
  EXPECT_EQ(s.name, "api");
  EXPECT_EQ(s.workers, 4u);
}

}  // namespace
