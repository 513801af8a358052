// Tests for the command-line helpers, load_or_exit and applying .env to the process environment
// (the last two in forked children, so this process and its environment stay untouched).
#include <strata/config/cli.hpp>
#include <strata/config/environment.hpp>
#include <strata/config/load.hpp>
#include <strata/config/testing/load_fixture.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <cstdlib>

namespace {

namespace json = boost::json;
using namespace strata::config;
using cli = strata::config::testing::load_fixture;

TEST(cli_args, print_config_requested) {
  const char* a[] = {"app", "--print-config"};
  EXPECT_TRUE(print_config_requested(2, a));
  const char* b[] = {"app", "config", "print"};
  EXPECT_TRUE(print_config_requested(3, b));
  const char* c[] = {"app", "--set", "a=1", "--print-config"};
  EXPECT_TRUE(print_config_requested(4, c));
  const char* d[] = {"app", "serve", "config", "print"};
  EXPECT_FALSE(print_config_requested(4, d));
  const char* e[] = {"app", "--", "--print-config"};
  EXPECT_FALSE(print_config_requested(3, e));
  const char* f[] = {"app"};
  EXPECT_FALSE(print_config_requested(1, f));
  EXPECT_FALSE(print_config_requested(std::vector<std::string>{"config"}));
}

TEST(cli_args, command_line_skips_the_program_name) {
  const char* argv[] = {"app", "--set", "a=1"};
  EXPECT_EQ(command_line(3, argv), (std::vector<std::string>{"--set", "a=1"}));
  EXPECT_TRUE(command_line(0, nullptr).empty());
}

TEST_F(cli, load_or_exit_prints_every_error_and_exits_78) {
  load_options o = options({{"STRATA_HTTP__PORT", "abc"}}, {"--set", "oops"});
  o.schema = json::parse(R"({"properties":{"http":{"properties":{"port":{"type":"integer"}}}}})").as_object();
  EXPECT_EXIT(load_or_exit(o), ::testing::ExitedWithCode(78),
              "config: 2 errors, not starting:\n"
              "  --set: expected key=value, got \"oops\"\n"
              "  http.port: expected integer, got \"abc\" \\(from env STRATA_HTTP__PORT\\)\n");
}

TEST_F(cli, load_or_exit_returns_a_good_config) {
  EXPECT_EQ(load_or_exit(options({{"PORT", "80"}})).get<int>("http.port"), 80);
}

TEST_F(cli, apply_dotenv_to_process_never_overrides) {
  dir.write(".env", "STRATA_TEST_NEW=from-file\nSTRATA_TEST_OLD=from-file\nSTRATA_TEST_NEW=last\nBAD LINE\n");
  const auto path = dir / ".env";
  EXPECT_EXIT(
      {
        ::setenv("STRATA_TEST_OLD", "kept", 1);
        const auto errors = apply_dotenv_to_process(path);
        const char* fresh = std::getenv("STRATA_TEST_NEW");
        const char* old = std::getenv("STRATA_TEST_OLD");
        const bool ok =
            errors.size() == 1 && fresh && std::string(fresh) == "last" && old && std::string(old) == "kept";
        std::exit(ok ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_TRUE(apply_dotenv_to_process(dir / "missing.env").empty());
}

TEST(environment, process_environment_is_a_copy) {
  EXPECT_EXIT(
      {
        ::setenv("STRATA_TEST_COPY", "a=b", 1);
        const env_map env = process_environment();
        const auto it = env.find("STRATA_TEST_COPY");
        std::exit(it != env.end() && it->second == "a=b" ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
