// Installing a command from npm for a test (pino-pretty, swagger-parser, newman): once per build
// folder, into <build>/npm-tools/<name>. Without npm or the registry the test skips and says why.
#pragma once
#include <strata/http/testing/raw_client.hpp>

#include <filesystem>
#include <string>

namespace strata::http::testing {

// The build folder: test binaries live in <build>/bin.
inline std::filesystem::path build_dir() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The path of `bin` from the npm packages `packages` (space-separated specs), installed if
// missing; empty with `why_not` set when it cannot be had.
inline std::string npm_tool(const std::string& name, const std::string& packages, const std::string& bin,
                            std::string& why_not) {
  const auto prefix = build_dir() / "npm-tools" / name;
  const auto path = prefix / "node_modules" / ".bin" / bin;
  if (std::filesystem::exists(path)) return path.string();
  if (!have_command("npm") || !have_command("node")) {
    why_not = "npm/node not installed: cannot fetch " + packages;
    return {};
  }
  std::filesystem::create_directories(prefix);
  // Under a lock, and only if still missing: ctest -j runs several tests that want one tool, and
  // two npm installs into one prefix at once break each other.
  const std::string install = "test -e " + shell_quote(path.string()) +
                              " || npm install --no-audit --no-fund --loglevel=error --prefix " +
                              shell_quote(prefix.string()) + " " + packages;
  auto r = run_command("flock " + shell_quote((prefix / ".lock").string()) + " sh -c " + shell_quote(install) + " 2>&1");
  if (r.status != 0 || !std::filesystem::exists(path)) {
    why_not = "npm install " + packages + " failed (no registry access?): " + r.output.substr(0, 400);
    return {};
  }
  return path.string();
}

// The node_modules folder holding the npm libraries `packages` (space-separated specs), for
// `NODE_PATH=... node script.js`; installed once into <build>/npm-tools/<name>. Empty with
// `why_not` set when they cannot be had.
inline std::string npm_package(const std::string& name, const std::string& packages, std::string& why_not) {
  const auto prefix = build_dir() / "npm-tools" / name;
  const auto modules = prefix / "node_modules";
  const auto marker = prefix / ".installed";  // holds `packages`: a changed spec installs again
  if (std::filesystem::exists(marker) && run_command("cat " + shell_quote(marker.string())).output == packages)
    return modules.string();
  if (!have_command("npm") || !have_command("node")) {
    why_not = "npm/node not installed: cannot fetch " + packages;
    return {};
  }
  std::filesystem::create_directories(prefix);
  // Locked like npm_tool; the marker, written last, tells a waiting test the install is done.
  const std::string install = "test \"$(cat " + shell_quote(marker.string()) + " 2>/dev/null)\" = " +
                              shell_quote(packages) + " || { npm install --no-audit --no-fund --loglevel=error --prefix " +
                              shell_quote(prefix.string()) + " " + packages + " && printf %s " + shell_quote(packages) +
                              " > " + shell_quote(marker.string()) + "; }";
  auto r = run_command("flock " + shell_quote((prefix / ".lock").string()) + " sh -c " + shell_quote(install) + " 2>&1");
  if (r.status != 0 || !std::filesystem::exists(modules)) {
    why_not = "npm install " + packages + " failed (no registry access?): " + r.output.substr(0, 400);
    return {};
  }
  return modules.string();
}

}  // namespace strata::http::testing
