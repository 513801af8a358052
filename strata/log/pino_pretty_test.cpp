// The Node ecosystem check: real output piped through pino-pretty (from npm) must render with
// the right level names, messages and fields. pino-pretty is installed once into npm-tools/ in
// the build directory; without npm (or without the registry) the test skips and says why.
#include <strata/http/testing/raw_client.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace strata::log {
namespace {

namespace fs = std::filesystem;
using http::testing::have_command;
using http::testing::run_command;
using testing::capture;

// The build directory: this binary is <build>/bin/log_test.
fs::path build_dir() { return fs::read_symlink("/proc/self/exe").parent_path().parent_path(); }

std::string quote(const std::string& s) { return "'" + s + "'"; }

// The pino-pretty executable, installed if missing; empty with a reason when it cannot be had.
std::string pino_pretty(std::string& why_not) {
  auto prefix = build_dir() / "npm-tools";
  auto bin = prefix / "node_modules" / ".bin" / "pino-pretty";
  if (fs::exists(bin)) return bin.string();
  if (!have_command("npm") || !have_command("node")) {
    why_not = "npm/node not installed: cannot fetch pino-pretty";
    return {};
  }
  fs::create_directories(prefix);
  auto r = run_command("npm install --no-audit --no-fund --loglevel=error --prefix " + quote(prefix.string()) +
                       " pino-pretty 2>&1");
  if (r.status != 0 || !fs::exists(bin)) {
    why_not = "npm install pino-pretty failed (no registry access?): " + r.output.substr(0, 400);
    return {};
  }
  return bin.string();
}

TEST(pino_ecosystem, pino_pretty_renders_our_lines) {
  std::string why_not;
  auto tool = pino_pretty(why_not);
  if (tool.empty()) GTEST_SKIP() << why_not;

  std::string lines;
  {
    capture c;
    root().info("hello from strata", {{"user", "bob"}, {"attempt", 2}});
    get("db").warn("slow query", {{"ms", 812.5}});
    root().error(std::runtime_error("disk on fire"), "write failed");
    root().child({{"reqId", "r-77"}}).info("with a binding");
    lines = c.text();
  }
  auto input = testing::temp_path("strata-log-pino-input");
  std::ofstream(input) << lines;
  auto r = run_command("NO_COLOR=1 FORCE_COLOR=0 " + quote(tool) + " --colorize false < " + quote(input) + " 2>&1");
  fs::remove(input);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto& out = r.output;

  // "[HH:MM:SS.mmm] INFO (pid): message": pino-pretty read our level, time, pid and msg.
  auto at = out.find("] INFO (" + std::to_string(::getpid()) + "): hello from strata");
  ASSERT_NE(at, std::string::npos) << out;
  ASSERT_GE(at, 13u);
  EXPECT_EQ(out[at - 13], '[') << out;
  EXPECT_EQ(out[at - 4], '.') << out;
  EXPECT_NE(out.find("user: \"bob\""), std::string::npos) << out;
  EXPECT_NE(out.find("attempt: 2"), std::string::npos) << out;
  EXPECT_NE(out.find("WARN"), std::string::npos) << out;
  EXPECT_NE(out.find("(db/"), std::string::npos) << out;  // pino-pretty shows name/pid
  EXPECT_NE(out.find("slow query"), std::string::npos) << out;
  EXPECT_NE(out.find("ERROR"), std::string::npos) << out;
  EXPECT_NE(out.find("write failed"), std::string::npos) << out;
  EXPECT_NE(out.find("disk on fire"), std::string::npos) << out;
  EXPECT_NE(out.find("reqId: \"r-77\""), std::string::npos) << out;
  EXPECT_EQ(out.find("\x1b["), std::string::npos) << "asked for no colours";
}

}  // namespace
}  // namespace strata::log
