// Tests for pretty output: pino-pretty's layout in a file, colours only on a terminal, and lines
// that are not JSON passed through.
#include <strata/log/detail/pretty.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>

namespace strata::log {
namespace {

using testing::capture;

// True when `s` starts with pino-pretty's clock, "[HH:MM:SS.mmm] ".
bool starts_with_clock(std::string_view s) {
  constexpr std::string_view shape = "[00:00:00.000] ";
  if (s.size() < shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == '0' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return false;
  return true;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

options pretty() {
  options o;
  o.pretty = true;
  return o;
}

TEST(pretty_output, header_line_then_key_value_lines) {
  capture c(pretty());
  get("db-pretty").info("connected", {{"host", "localhost"}, {"pool", {{"size", 4}}}});
  root().warn("plain");
  auto text = c.text();
  const auto pid = std::to_string(::getpid());
  auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), 6u) << text;
  EXPECT_TRUE(starts_with_clock(lines[0])) << lines[0];
  EXPECT_EQ(lines[0].substr(15), "INFO (db-pretty/" + pid + "): connected");
  EXPECT_EQ(lines[1], "    host: \"localhost\"");
  EXPECT_EQ(lines[2], "    pool: {");
  EXPECT_EQ(lines[3], "      \"size\": 4");
  EXPECT_EQ(lines[4], "    }");
  EXPECT_TRUE(starts_with_clock(lines[5])) << lines[5];
  EXPECT_EQ(lines[5].substr(15), "WARN (" + pid + "): plain");
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no colours in a file";
}

TEST(pretty_output, every_level_has_its_label) {
  std::string out;
  const char* labels[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
  for (int i = 0; i < 6; ++i) {
    out.clear();
    detail::append_pretty(out, R"({"level":)" + std::to_string((i + 1) * 10) + R"(,"time":0,"pid":1,"msg":"m"})", false);
    EXPECT_NE(out.find(std::string("] ") + labels[i] + " (1): m\n"), std::string::npos) << out;
  }
}

TEST(pretty_output, colours_when_asked) {
  std::string out;
  detail::append_pretty(out, R"({"level":30,"time":0,"pid":1,"msg":"hi"})", true);
  EXPECT_NE(out.find("\x1b[32mINFO"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[36mhi"), std::string::npos) << out;
}

TEST(pretty_output, a_terminal_gets_colours) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) GTEST_SKIP() << "no pseudo-terminal here";
  int tty = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(tty, 0);
  options o = pretty();
  o.destination = tty;
  configure(o);
  root().error("red alert");
  flush();
  std::string seen;
  pollfd p{master, POLLIN, 0};
  while (::poll(&p, 1, 200) > 0) {
    char buf[4096];
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
    if (seen.find("red alert") != std::string::npos) break;
  }
  options reset;
  reset.destination = testing::null_fd();
  configure(reset);
  ::close(tty);
  ::close(master);
  EXPECT_NE(seen.find("\x1b[31mERROR"), std::string::npos) << seen;
}

TEST(pretty_output, text_that_is_not_json_passes_through) {
  std::string out;
  detail::append_pretty(out, "not json\n", false);
  EXPECT_EQ(out, "not json\n");
}

}  // namespace
}  // namespace strata::log
