// Tests for *_FILE secrets: reading, trimming, errors, and their redaction.
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using secrets = strata::config::testing::load_fixture;

TEST_F(secrets, file_variables_read_the_value_from_the_file) {
  const auto url = dir.write("secrets/db_url", "postgres://app:s3cret@db/app\n");
  const auto password = dir.write("secrets/db_password", "hunter2\r\n\n");
  const config cfg =
      load_ok(options({{"DATABASE_URL_FILE", url.string()}, {"STRATA_DB__PASSWORD_FILE", password.string()}}));
  EXPECT_EQ(cfg.get<std::string>("database.url"), "postgres://app:s3cret@db/app");
  EXPECT_EQ(cfg.get<std::string>("db.password"), "hunter2");  // trailing newlines trimmed
  EXPECT_EQ(cfg.source_of("database.url"), "env DATABASE_URL_FILE");
  EXPECT_EQ(cfg.source_of("db.password"), "env STRATA_DB__PASSWORD_FILE");
  // Anything read from a file is a secret, whatever its key is called.
  EXPECT_TRUE(cfg.is_secret("database.url"));
  EXPECT_EQ(cfg.dump(),
            "database.url = [REDACTED]   # env DATABASE_URL_FILE\n"
            "db.password = [REDACTED]    # env STRATA_DB__PASSWORD_FILE\n");
}

TEST_F(secrets, inner_newlines_and_whitespace_are_kept) {
  const auto key = dir.write("key.pem", "-----BEGIN-----\n abc \n-----END-----\n");
  const config cfg = load_ok(options({{"STRATA_TLS__KEY_FILE", key.string()}}));
  EXPECT_EQ(cfg.get<std::string>("tls.key"), "-----BEGIN-----\n abc \n-----END-----");
}

TEST_F(secrets, file_values_are_typed_like_other_strings) {
  const auto port = dir.write("port", "8443\n");
  load_options o = options({{"PORT_FILE", port.string()}});
  o.schema = json::parse(R"({"properties":{"http":{"properties":{"port":{"type":"integer"}}}}})").as_object();
  EXPECT_EQ(load_ok(o).get<int>("http.port"), 8443);
}

TEST_F(secrets, file_variables_from_dotenv) {
  const auto token = dir.write("token", "abc123");
  dir.write(".env", "STRATA_API__TOKEN_FILE=" + token.string() + "\n");
  const config cfg = load_ok(options());
  EXPECT_EQ(cfg.get<std::string>("api.token"), "abc123");
  EXPECT_EQ(cfg.source_of("api.token"), name(".env") + " STRATA_API__TOKEN_FILE");
}

TEST_F(secrets, relative_paths_are_from_the_working_directory) {
  dir.write("run/pw", "pw\n");
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  load_result r = load(options({{"STRATA_DB__PASSWORD_FILE", "run/pw"}}));
  std::filesystem::current_path(previous);
  ASSERT_TRUE(r.ok()) << r.error_text();
  EXPECT_EQ(r->get<std::string>("db.password"), "pw");
}

TEST_F(secrets, missing_or_unreadable_files_are_errors) {
  std::filesystem::create_directories(dir / "a-directory");
  EXPECT_EQ(load_errors(options({{"DATABASE_URL_FILE", name("nope")}, {"STRATA_X__TOKEN_FILE", name("a-directory")}})),
            (std::vector<std::string>{
                "database.url: expected a readable file, got \"" + name("nope") +
                    "\" (No such file or directory) (from env DATABASE_URL_FILE)",
                "x.token: expected a readable file, got \"" + name("a-directory") +
                    "\" (is a directory) (from env STRATA_X__TOKEN_FILE)",
            }));
}

TEST_F(secrets, a_variable_and_its_file_variable_together_are_an_error) {
  const auto url = dir.write("url", "x");
  EXPECT_EQ(
      load_errors(options({{"DATABASE_URL", "y"}, {"DATABASE_URL_FILE", url.string()}})),
      std::vector<std::string>{"database.url: expected one of DATABASE_URL or DATABASE_URL_FILE, got both (from env)"});
}

TEST_F(secrets, the_environment_file_variable_wins_over_a_dotenv_value) {
  // A developer's .env sets DATABASE_URL; production mounts a secret file: the environment wins.
  const auto url = dir.write("url", "postgres://prod");
  dir.write(".env", "DATABASE_URL=postgres://dev\n");
  const config cfg = load_ok(options({{"DATABASE_URL_FILE", url.string()}}));
  EXPECT_EQ(cfg.get<std::string>("database.url"), "postgres://prod");
}

TEST_F(secrets, a_known_key_ending_in_file_is_a_plain_value) {
  load_options o = options({{"STRATA_LOG__OUTPUT_FILE", "/var/log/app.log"}});
  o.defaults = json::parse(R"({"log":{"output_file":"stderr"}})").as_object();
  const config cfg = load_ok(o);
  EXPECT_EQ(cfg.get<std::string>("log.output_file"), "/var/log/app.log");
  EXPECT_FALSE(cfg.is_secret("log.output_file"));
}

}  // namespace
