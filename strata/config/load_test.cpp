// Tests for load(): every source, their precedence, the environment name, reloading.
#include <strata/config/diff.hpp>
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>

namespace {

namespace json = boost::json;
using namespace strata::config;
using load = strata::config::testing::load_fixture;

TEST_F(load, nothing_configured_is_an_empty_config) {
  const config cfg = load_ok(options());
  EXPECT_TRUE(cfg.json().empty());
  EXPECT_EQ(cfg.env_name(), "development");
  EXPECT_EQ(cfg.dump(), "");
}

// Seven keys; key N is set by layers 1..N, so each key shows the layer that wins over the ones below.
TEST_F(load, each_layer_wins_over_the_ones_below) {
  dir.write("config/default.yaml",
            "k2: file-default\nk3: file-default\nk4: file-default\nk5: file-default\n"
            "k6: file-default\nk7: file-default\n");
  dir.write("config/development.json", R"({"k3": "file-env", "k4": "file-env", "k5": "file-env", "k6": "file-env",
                                           "k7": "file-env"})");
  dir.write("config/local.yml", "k4: file-local\nk5: file-local\nk6: file-local\nk7: file-local\n");
  dir.write(".env", "STRATA_K5=dotenv\nSTRATA_K6=dotenv\nSTRATA_K7=dotenv\n");
  load_options o = options({{"STRATA_K6", "env"}, {"STRATA_K7", "env"}}, {"--set", "k7=arg"});
  o.defaults = json::parse(R"({"k1":"default","k2":"default","k3":"default","k4":"default","k5":"default",
                               "k6":"default","k7":"default"})")
                   .as_object();
  const config cfg = load_ok(o);
  EXPECT_EQ(cfg.get<std::string>("k1"), "default");
  EXPECT_EQ(cfg.get<std::string>("k2"), "file-default");
  EXPECT_EQ(cfg.get<std::string>("k3"), "file-env");
  EXPECT_EQ(cfg.get<std::string>("k4"), "file-local");
  EXPECT_EQ(cfg.get<std::string>("k5"), "dotenv");
  EXPECT_EQ(cfg.get<std::string>("k6"), "env");
  EXPECT_EQ(cfg.get<std::string>("k7"), "arg");
  EXPECT_EQ(cfg.source_of("k1"), "default");
  EXPECT_EQ(cfg.source_of("k2"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("k3"), name("config/development.json"));
  EXPECT_EQ(cfg.source_of("k4"), name("config/local.yml"));
  EXPECT_EQ(cfg.source_of("k5"), name(".env") + " STRATA_K5");
  EXPECT_EQ(cfg.source_of("k6"), "env STRATA_K6");
  EXPECT_EQ(cfg.source_of("k7"), "--set");
}

TEST_F(load, schema_defaults_are_below_the_application_defaults) {
  load_options o = options();
  o.schema = json::parse(R"({"properties":{"a":{"default":1},"b":{"default":2}}})").as_object();
  o.defaults = json::parse(R"({"b":20})").as_object();
  const config cfg = load_ok(o);
  EXPECT_EQ(cfg.get<int>("a"), 1);
  EXPECT_EQ(cfg.get<int>("b"), 20);
  EXPECT_EQ(cfg.source_of("a"), "default");
}

TEST_F(load, files_merge_deeply_and_replace_lists) {
  dir.write("config/default.yaml", "http:\n  port: 80\n  host: a\n  origins: [x, y]\n");
  dir.write("config/local.yaml", "http:\n  port: 81\n  origins: [z]\n");
  const config cfg = load_ok(options());
  EXPECT_EQ(json::serialize(cfg.json()), R"({"http":{"port":81,"host":"a","origins":["z"]}})");
  EXPECT_EQ(cfg.source_of("http.host"), name("config/default.yaml"));
  EXPECT_EQ(cfg.source_of("http.origins"), name("config/local.yaml"));
  // An object's sources, in the key order of the leaves that have them (host, origins, port).
  EXPECT_EQ(cfg.source_of("http"), name("config/default.yaml") + ", " + name("config/local.yaml"));
}

TEST_F(load, every_extension_of_a_layer_is_read_json_then_yaml_then_yml) {
  dir.write("config/default.json", R"({"a": "json", "b": "json", "c": "json"})");
  dir.write("config/default.yaml", "b: yaml\nc: yaml\n");
  dir.write("config/default.yml", "c: yml\n");
  const config cfg = load_ok(options());
  EXPECT_EQ(cfg.get<std::string>("a"), "json");
  EXPECT_EQ(cfg.get<std::string>("b"), "yaml");
  EXPECT_EQ(cfg.get<std::string>("c"), "yml");
}

TEST_F(load, the_environment_name_chooses_the_file) {
  dir.write("config/default.yaml", "name: default\n");
  dir.write("config/development.yaml", "name: development\n");
  dir.write("config/production.yaml", "name: production\n");
  dir.write("config/staging.yaml", "name: staging\n");
  dir.write("config/test.yaml", "name: test\n");

  EXPECT_EQ(load_ok(options()).get<std::string>("name"), "development");
  const config prod = load_ok(options({{"STRATA_ENV", "production"}}));
  EXPECT_EQ(prod.get<std::string>("name"), "production");
  EXPECT_EQ(prod.env_name(), "production");
  EXPECT_EQ(prod.get<std::string>("env"), "production");
  EXPECT_EQ(prod.source_of("env"), "env STRATA_ENV");
  EXPECT_EQ(prod.source_of("name"), name("config/production.yaml"));
  EXPECT_EQ(load_ok(options({{"NODE_ENV", "test"}})).get<std::string>("name"), "test");
  // STRATA_ENV beats NODE_ENV; --set env beats both; load_options::env_name beats everything.
  EXPECT_EQ(load_ok(options({{"NODE_ENV", "test"}, {"STRATA_ENV", "staging"}})).env_name(), "staging");
  EXPECT_EQ(load_ok(options({{"STRATA_ENV", "staging"}}, {"--set", "env=test"})).env_name(), "test");
  load_options o = options({{"STRATA_ENV", "staging"}}, {"--set=env=test"});
  o.env_name = "production";
  EXPECT_EQ(load_ok(o).get<std::string>("name"), "production");
  // The .env file can choose it too, and the environment still wins over .env.
  dir.write(".env", "STRATA_ENV=staging\n");
  EXPECT_EQ(load_ok(options()).env_name(), "staging");
  EXPECT_EQ(load_ok(options({{"NODE_ENV", "test"}})).env_name(), "test");
}

TEST_F(load, a_bad_environment_name_is_an_error_not_a_path) {
  EXPECT_EQ(
      load_errors(options({{"STRATA_ENV", "../secrets"}})),
      std::vector<std::string>{
          R"(env: expected an environment name of letters, digits, '_', '-' and '.', got "../secrets" (from env STRATA_ENV))"});
}

TEST_F(load, dotenv_never_overrides_the_environment) {
  dir.write(".env", "STRATA_A=from-file\nSTRATA_B=from-file\nPORT=1111\n");
  const config cfg = load_ok(options({{"STRATA_A", "from-env"}}));
  EXPECT_EQ(cfg.get<std::string>("a"), "from-env");
  EXPECT_EQ(cfg.source_of("a"), "env STRATA_A");
  EXPECT_EQ(cfg.get<std::string>("b"), "from-file");
  EXPECT_EQ(cfg.get<int>("http.port"), 1111);
  EXPECT_EQ(cfg.source_of("http.port"), name(".env") + " PORT");
}

TEST_F(load, dotenv_expands_from_the_injected_environment) {
  dir.write(".env", "STRATA_DB__HOST=${DB_HOST:-localhost}\nDATABASE_URL=postgres://app@${STRATA_DB__HOST}/app\n");
  EXPECT_EQ(load_ok(options()).get<std::string>("database.url"), "postgres://app@localhost/app");
  EXPECT_EQ(load_ok(options({{"DB_HOST", "db.internal"}})).get<std::string>("database.url"),
            "postgres://app@db.internal/app");
}

TEST_F(load, environment_mapping) {
  const config cfg = load_ok(options({{"STRATA_HTTP__PORT", "9090"},
                                      {"HOST", "127.0.0.1"},
                                      {"DATABASE_URL", "sqlite:app.db"},
                                      {"REDIS_URL", "redis://cache:6379"},
                                      {"LOG_LEVEL", "debug"},
                                      {"STRATA_DB__POOL_SIZE", "10"},
                                      {"PATH", "/usr/bin"},
                                      {"HOME", "/root"}}));
  EXPECT_EQ(json::serialize(cfg.json()),
            R"({"database":{"url":"sqlite:app.db"},"http":{"host":"127.0.0.1","port":9090},"log":{"level":"debug"},)"
            R"("redis":{"url":"redis://cache:6379"},"db":{"pool_size":10}})");
}

TEST_F(load, prefixed_variables_win_over_common_names) {
  const config cfg =
      load_ok(options({{"PORT", "1"}, {"STRATA_HTTP__PORT", "2"}, {"NODE_ENV", "x"}, {"STRATA_ENV", "y"}}));
  EXPECT_EQ(cfg.get<int>("http.port"), 2);
  EXPECT_EQ(cfg.source_of("http.port"), "env STRATA_HTTP__PORT");
  EXPECT_EQ(cfg.get<std::string>("env"), "y");
}

TEST_F(load, custom_prefix_and_aliases) {
  load_options o = options({{"APP_CACHE__TTL", "30s"}, {"PORT", "1"}, {"LISTEN", "2"}});
  o.env_prefix = "APP_";
  o.env_aliases = {{"LISTEN", "http.port"}};
  const config cfg = load_ok(o);
  EXPECT_EQ(cfg.get<std::string>("cache.ttl"), "30s");
  EXPECT_EQ(cfg.get<int>("http.port"), 2);
}

TEST_F(load, strings_are_typed_by_schema_then_by_defaults_then_as_json) {
  load_options o = options({{"STRATA_A", "8080"},
                            {"STRATA_B", "8080"},
                            {"STRATA_C", "8080"},
                            {"STRATA_D", "8080"},
                            {"STRATA_E", "yes"},
                            {"STRATA_F", "a,b"},
                            {"STRATA_G", R"({"x":[1,2]})"}});
  o.schema = json::parse(R"({"properties":{"a":{"type":"string"},"e":{"type":"boolean"},
                              "f":{"type":"array","items":{"type":"string"}}}})")
                 .as_object();
  o.defaults = json::parse(R"({"b":"text","c":1})").as_object();
  const config cfg = load_ok(o);
  EXPECT_EQ(json::serialize(cfg.json()),
            R"({"b":"8080","c":8080,"a":"8080","d":8080,"e":true,"f":["a","b"],"g":{"x":[1,2]}})");
}

TEST_F(load, an_object_from_the_environment_merges) {
  dir.write("config/default.yaml", "db:\n  host: a\n  port: 1\n");
  const config cfg = load_ok(options({{"STRATA_DB", R"({"port": 2})"}}));
  EXPECT_EQ(json::serialize(cfg.json()), R"({"db":{"host":"a","port":2}})");
  EXPECT_EQ(cfg.source_of("db.port"), "env STRATA_DB");
}

TEST_F(load, set_replaces_a_scalar_with_an_object_and_back) {
  dir.write("config/default.yaml", "a: 1\nb:\n  c: 2\n  d: 3\n");
  const config cfg = load_ok(options({}, {"--set", "a.x=5", "--set", "b=7"}));
  EXPECT_EQ(json::serialize(cfg.json()), R"({"a":{"x":5},"b":7})");
  EXPECT_EQ(cfg.keys(), (std::vector<std::string>{"a.x", "b"}));
  EXPECT_EQ(cfg.source_of("b"), "--set");
}

TEST_F(load, default_paths_are_relative_to_the_working_directory) {
  dir.write("config/default.yaml", "a: 1\n");
  dir.write(".env", "STRATA_B=2\n");
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  load_options o;
  o.env = env_map{};
  load_result r = strata::config::load(o);
  std::filesystem::current_path(previous);
  ASSERT_TRUE(r.ok()) << r.error_text();
  EXPECT_EQ(r->get<int>("a"), 1);
  EXPECT_EQ(r->source_of("a"), "config/default.yaml");
  EXPECT_EQ(r->source_of("b"), ".env STRATA_B");
}

TEST_F(load, no_dotenv_when_its_path_is_empty) {
  dir.write(".env", "STRATA_A=1\n");
  load_options o = options();
  o.dotenv_path.clear();
  EXPECT_FALSE(load_ok(o).contains("a"));
}

TEST_F(load, reload_sees_changes_and_diff_lists_them) {
  dir.write("config/default.yaml", "http:\n  port: 80\nlog:\n  level: info\ndb:\n  password: old\nold: 1\n");
  const config before = load_ok(options());
  dir.write("config/default.yaml", "http:\n  port: 81\nlog:\n  level: info\ndb:\n  password: new\nnew: 2\n");
  const config after = load_ok(options());
  EXPECT_EQ(after.get<int>("http.port"), 81);
  const auto changes = diff(before, after);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].key, "db.password");
  EXPECT_TRUE(changes[0].secret);
  EXPECT_EQ(to_string(changes[0]), "db.password: changed ([REDACTED])");
  EXPECT_EQ(to_string(changes[1]), "http.port: 80 -> 81");
  EXPECT_EQ(to_string(changes[2]), "new: added 2");
  EXPECT_EQ(to_string(changes[3]), "old: removed (was 1)");
  EXPECT_TRUE(diff(after, after).empty());
}

TEST_F(load, result_value_after_failure_is_a_programming_error) {
  load_result r = strata::config::load(options({}, {"--set"}));
  ASSERT_FALSE(r);
  EXPECT_THROW(r.value(), std::logic_error);
  EXPECT_EQ(r.error_text(), "  --set: expected key=value after --set, got nothing\n");
  load_result ok = strata::config::load(options());
  EXPECT_TRUE(ok.errors().empty());
}

}  // namespace
