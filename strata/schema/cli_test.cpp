// `strata schema validate` from the shell: exit 0 valid, 1 invalid with one error per line, 2 for
// a schema it cannot use or a file that is not JSON.
#include <strata/http/testing/raw_client.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace strata::schema {
namespace {

namespace fs = std::filesystem;
using http::testing::run_command;

struct files {
  fs::path dir = fs::temp_directory_path() / ("strata-schema-cli-" + std::to_string(::getpid()));
  files() { fs::create_directories(dir); }
  ~files() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

TEST(schema_cli, exit_status_says_valid_invalid_or_unusable) {
  files f;
  const auto schema = f.write("schema.json", R"({"type": "object", "required": ["email"],
    "properties": {"email": {"type": "string", "format": "email"}, "age": {"type": "integer", "minimum": 0}}})");
  const auto good = f.write("good.json", R"({"email": "ada@example.com", "age": 36})");
  const auto bad = f.write("bad.json", R"({"email": "not an address", "age": -1})");
  const auto broken = f.write("broken.json", R"({"type": "objekt"})");
  const auto not_json = f.write("not.json", "{");
  const std::string cli = STRATA_CLI;

  auto ok = run_command(cli + " schema validate " + schema + " " + good + " 2>&1");
  EXPECT_EQ(ok.status, 0) << ok.output;

  auto invalid = run_command(cli + " schema validate " + schema + " " + bad + " 2>&1");
  EXPECT_EQ(invalid.status, 1) << invalid.output;
  EXPECT_NE(invalid.output.find("/email:"), std::string::npos) << invalid.output;  // format asserted
  EXPECT_NE(invalid.output.find("/age:"), std::string::npos) << invalid.output;
  EXPECT_EQ(std::count(invalid.output.begin(), invalid.output.end(), '\n'), 2) << invalid.output;

  auto unusable = run_command(cli + " schema validate " + broken + " " + good + " 2>&1");
  EXPECT_EQ(unusable.status, 2) << unusable.output;
  EXPECT_NE(unusable.output.find("invalid schema"), std::string::npos) << unusable.output;
  EXPECT_EQ(run_command(cli + " schema validate " + schema + " " + not_json + " 2>&1").status, 2);
  EXPECT_EQ(run_command(cli + " schema validate " + schema + " 2>&1").status, 2);
}

}  // namespace
}  // namespace strata::schema
