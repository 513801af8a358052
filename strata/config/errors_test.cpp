// Tests that a bad configuration reports every problem at once, each with the key, what was
// expected, what was found (redacted when secret) and the source that set it.
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using errors = strata::config::testing::load_fixture;

const char* const app_schema = R"({
  "type": "object",
  "properties": {
    "http": {"type": "object", "properties": {
      "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8080},
      "host": {"type": "string", "default": "0.0.0.0"}}},
    "log": {"type": "object", "properties": {
      "level": {"enum": ["debug", "info", "warn", "error"], "default": "info"}}},
    "database": {"type": "object", "required": ["url"], "properties": {
      "url": {"type": "string"},
      "pool": {"type": "integer", "minimum": 1}}},
    "redis": {"type": "object", "properties": {"url": {"type": "string"}}},
    "cache": {"type": "object", "properties": {"url": {"type": "string", "maxLength": 10}}},
    "jwt": {"type": "object", "properties": {"secret": {"type": "string", "minLength": 32}}},
    "timeout": {"type": "string", "format": "duration"},
    "debug": {"type": "boolean"}
  },
  "required": ["database"]
})";

TEST_F(errors, every_problem_from_every_source_at_once) {
  dir.write("config/default.yaml", "log:\n  level: verbose\ndatabase:\n  pool: 0\n");
  dir.write("config/development.json", R"({"a": })");
  dir.write("config/local.yaml", "a: 1\n  b: 2\n");
  dir.write(".env", "BAD LINE\nSTRATA_DEBUG=maybe\n");
  load_options o = options({{"STRATA_HTTP__PORT", "abc"},
                            {"REDIS_URL_FILE", name("missing-secret")},
                            {"STRATA_JWT__SECRET", "short"},
                            {"STRATA_CACHE__URL", "redis://u:hunter2@cache.internal:6379"},
                            {"STRATA_TIMEOUT", "soon"}},
                           {"--set", "oops"});
  o.schema = json::parse(app_schema).as_object();

  const std::vector<std::string> expected = {
      name(".env") + ":1: expected '=' after BAD",
      R"(--set: expected key=value, got "oops")",
      name("config/development.json") + ":1:7: invalid JSON (syntax error)",
      name("config/local.yaml") + ":2:4: invalid YAML (illegal map value)",
      "redis.url: expected a readable file, got \"" + name("missing-secret") +
          "\" (No such file or directory) (from env REDIS_URL_FILE)",
      R"(http.port: expected integer 1..65535, got "abc" (from env STRATA_HTTP__PORT))",
      R"(log.level: expected one of "debug", "info", "warn", "error", got "verbose" (from )" +
          name("config/default.yaml") + ")",
      "database.pool: expected integer >= 1, got 0 (from " + name("config/default.yaml") + ")",
      "database.url: expected string, got nothing (set it in " + name("config") +
          "/*.yaml, env DATABASE_URL / STRATA_DATABASE__URL, or --set database.url=...)",
      R"(cache.url: expected string of at most 10 characters, got "redis://u:[REDACTED]@cache.internal:6379" (from env STRATA_CACHE__URL))",
      "jwt.secret: expected string of at least 32 characters, got [REDACTED] (from env STRATA_JWT__SECRET)",
      R"(timeout: expected duration (e.g. 30s, 5m, 1h, 250ms), got "soon" (from env STRATA_TIMEOUT))",
      R"(debug: expected boolean, got "maybe" (from )" + name(".env") + " STRATA_DEBUG)",
  };
  EXPECT_EQ(load_errors(o), expected);
}

TEST_F(errors, the_parts_of_an_error) {
  load_options o = options({{"STRATA_HTTP__PORT", "abc"}, {"DATABASE_URL", "sqlite:x.db"}});
  o.schema = json::parse(app_schema).as_object();
  const load_result r = load(o);
  ASSERT_EQ(r.errors().size(), 1u);
  const config_error& e = r.errors()[0];
  EXPECT_EQ(e.key(), "http.port");
  EXPECT_EQ(e.expected(), "integer 1..65535");
  EXPECT_EQ(e.got(), R"("abc")");
  EXPECT_EQ(e.source(), "env STRATA_HTTP__PORT");
  EXPECT_STREQ(e.what(), R"(http.port: expected integer 1..65535, got "abc" (from env STRATA_HTTP__PORT))");
}

TEST_F(errors, out_of_range_and_wrong_type_from_files) {
  dir.write("config/default.json", R"({"http": {"port": 70000, "host": ["a"]}, "database": {"url": 5}})");
  load_options o = options();
  o.schema = json::parse(app_schema).as_object();
  EXPECT_EQ(load_errors(o),
            (std::vector<std::string>{
                "http.port: expected integer 1..65535, got 70000 (from " + name("config/default.json") + ")",
                R"(http.host: expected string, got ["a"] (from )" + name("config/default.json") + ")",
                "database.url: expected string, got 5 (from " + name("config/default.json") + ")",
            }));
}

TEST_F(errors, a_file_string_is_not_coerced) {
  // A quoted "8080" in a file is the string the author wrote, unlike PORT=8080 in the environment.
  dir.write("config/default.yaml", "http:\n  port: \"8080\"\ndatabase:\n  url: x\n");
  load_options o = options();
  o.schema = json::parse(app_schema).as_object();
  EXPECT_EQ(load_errors(o), std::vector<std::string>{R"(http.port: expected integer 1..65535, got "8080" (from )" +
                                                     name("config/default.yaml") + ")"});
}

TEST_F(errors, a_bad_lower_layer_fixed_by_a_higher_one_is_fine) {
  dir.write("config/default.yaml", "http:\n  port: nope\n");
  load_options o = options({{"PORT", "9000"}, {"DATABASE_URL", "sqlite:x.db"}});
  o.schema = json::parse(app_schema).as_object();
  const config cfg = load_ok(o);
  EXPECT_EQ(cfg.get<int>("http.port"), 9000);
  EXPECT_EQ(cfg.get<std::string>("log.level"), "info");  // a schema default
  EXPECT_EQ(cfg.source_of("log.level"), "default");
}

TEST_F(errors, set_values_are_validated_too) {
  load_options o = options({{"DATABASE_URL", "sqlite:x.db"}}, {"--set", "http.port=0", "--set=debug=perhaps"});
  o.schema = json::parse(app_schema).as_object();
  EXPECT_EQ(load_errors(o), (std::vector<std::string>{
                                "http.port: expected integer 1..65535, got 0 (from --set)",
                                R"(debug: expected boolean, got "perhaps" (from --set))",
                            }));
}

TEST_F(errors, unknown_keys_when_the_schema_forbids_them) {
  dir.write("config/default.yaml", "htpp:\n  port: 1\n");
  load_options o = options();
  o.schema = json::parse(R"({"additionalProperties": false, "properties": {"http": {}, "log": {}}})").as_object();
  EXPECT_EQ(load_errors(o),
            std::vector<std::string>{R"(htpp: expected one of the keys http, log, got {"port":1} (from )" +
                                     name("config/default.yaml") + ")"});
}

TEST_F(errors, an_unreadable_dotenv_is_an_error) {
  std::filesystem::create_directories(dir / ".env");
  EXPECT_EQ(load_errors(options()), std::vector<std::string>{name(".env") + ": cannot read (is a directory)"});
}

}  // namespace
