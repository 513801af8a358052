// The official JSON-Schema-Test-Suite (draft2020-12 and draft7): required tests must pass at
// 98% or better; optional/ and optional/format/ are reported, not asserted. The suite is not in
// the repository: it is found through JSON_SCHEMA_TEST_SUITE, beside the source tree
// (../shared/conformance/JSON-Schema-Test-Suite), or fetched with npm (@json-schema-org/tests,
// whose dependency is the suite's repository) into <build>/npm-tools; without any of them the
// test skips and says why.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <strata/schema/validator.hpp>

namespace strata::schema {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_suite(const fs::path& p) {
  return fs::is_directory(p / "tests" / "draft2020-12") && fs::is_directory(p / "remotes");
}

// <build>: this binary is <build>/bin/schema_test.
fs::path build_dir() {
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path();
}

fs::path find_suite(std::string& why_not) {
  if (const char* env = std::getenv("JSON_SCHEMA_TEST_SUITE"); env && *env) {
    if (is_suite(env)) return env;
    why_not = std::string("JSON_SCHEMA_TEST_SUITE=") + env + " holds no tests/ and remotes/";
    return {};
  }
  // Beside the source tree: <source>/../shared/conformance/JSON-Schema-Test-Suite.
  auto source_root = fs::path(__FILE__).parent_path().parent_path().parent_path();
  auto beside = source_root.parent_path() / "shared" / "conformance" / "JSON-Schema-Test-Suite";
  if (is_suite(beside)) return beside;
  // npm: @json-schema-org/tests itself holds only a loader; its dependency json-schema-test-suite
  // (the suite's git repository, fetched by npm from GitHub) has tests/ and remotes/.
  auto prefix = build_dir() / "npm-tools";
  auto installed = prefix / "node_modules" / "json-schema-test-suite";
  if (!is_suite(installed)) {
    if (std::system("command -v npm >/dev/null 2>&1") != 0) {
      why_not = "JSON-Schema-Test-Suite not found (set JSON_SCHEMA_TEST_SUITE) and npm is not installed";
      return {};
    }
    fs::create_directories(prefix);
    std::string cmd = "timeout 300 npm install --no-audit --no-fund --loglevel=error --prefix '" + prefix.string() +
                      "' @json-schema-org/tests >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0 || !is_suite(installed)) {
      why_not =
          "JSON-Schema-Test-Suite not found: set JSON_SCHEMA_TEST_SUITE, or put it beside the source tree "
          "(../shared/conformance/JSON-Schema-Test-Suite); npm install @json-schema-org/tests failed "
          "(its suite dependency comes from GitHub)";
      return {};
    }
  }
  return installed;
}

struct tally {
  int passed = 0, failed = 0;
  std::vector<std::string> failures;
  double rate() const { return passed + failed ? double(passed) / (passed + failed) : 1.0; }
};

void run_file(const fs::path& file, const fs::path& remotes, draft d, bool assert_format, tally& t) {
  auto groups = boost::json::parse(read_file(file)).as_array();
  const std::string name = file.filename().string();
  for (const auto& g : groups) {
    const auto& group = g.as_object();
    const auto& tests = group.at("tests").as_array();
    const std::string gname(group.at("description").as_string());
    options o;
    o.default_draft = d;
    o.assert_format = assert_format;
    o.resolve = [&](std::string_view uri) -> std::optional<boost::json::value> {
      constexpr std::string_view prefix = "http://localhost:1234/";
      if (!uri.starts_with(prefix)) return std::nullopt;
      auto path = remotes / std::string(uri.substr(prefix.size()));
      if (!fs::is_regular_file(path)) return std::nullopt;
      return boost::json::parse(read_file(path));
    };
    validator v;
    try {
      v = compile(group.at("schema"), o);
    } catch (const schema_error& e) {
      t.failed += static_cast<int>(tests.size());
      t.failures.push_back(name + " / " + gname + ": schema_error: " + e.what());
      continue;
    }
    for (const auto& test : tests) {
      const auto& to = test.as_object();
      const bool expected = to.at("valid").as_bool();
      const bool quick = v.is_valid(to.at("data"));
      const auto r = v.validate(to.at("data"));
      // is_valid and validate must agree, and an invalid result must carry errors.
      if (quick == expected && r.valid() == expected) {
        ++t.passed;
      } else {
        ++t.failed;
        t.failures.push_back(name + " / " + gname + " / " + std::string(to.at("description").as_string()) +
                             (quick != r.valid() ? " (is_valid and validate disagree)" : ""));
      }
    }
  }
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void report(const std::string& label, const tally& t, bool list_failures) {
  std::printf("%s: %d passed, %d failed\n", label.c_str(), t.passed, t.failed);
  if (list_failures)
    for (const auto& f : t.failures) std::printf("  FAILED %s\n", f.c_str());
  std::fflush(stdout);
}

void run_draft(const std::string& folder, draft d) {
  std::string why_not;
  auto suite = find_suite(why_not);
  if (suite.empty()) GTEST_SKIP() << why_not;
  auto dir = suite / "tests" / folder;
  auto remotes = suite / "remotes";
  tally required, optional, formats;
  for (const auto& f : json_files(dir)) run_file(f, remotes, d, false, required);
  for (const auto& f : json_files(dir / "optional")) run_file(f, remotes, d, false, optional);
  for (const auto& f : json_files(dir / "optional" / "format")) run_file(f, remotes, d, true, formats);
  const bool verbose = std::getenv("SCHEMA_SUITE_VERBOSE") != nullptr;
  report(folder, required, true);
  report(folder + " optional", optional, verbose);
  report(folder + " optional/format", formats, verbose);
  ASSERT_GT(required.passed, 0) << "no tests found under " << dir;
  EXPECT_GE(required.rate(), 0.98) << folder << ": required tests must pass at 98% or better";
}

TEST(conformance, draft2020_12) {
  run_draft("draft2020-12", draft::draft2020_12);
}
TEST(conformance, draft7) {
  run_draft("draft7", draft::draft7);
}

}  // namespace
}  // namespace strata::schema
