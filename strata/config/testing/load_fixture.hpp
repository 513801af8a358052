// load_fixture: a temporary project folder (config/, .env) and load options that read only it and
// an injected environment, never the real one.
#pragma once
#include <strata/config/load.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <gtest/gtest.h>

namespace strata::config::testing {

using strata::testing::temp_dir;

class load_fixture : public ::testing::Test {
protected:
  load_options options(env_map env = {}, std::vector<std::string> args = {}) const {
    load_options o;
    o.config_dir = dir / "config";
    o.dotenv_path = dir / ".env";
    o.env = std::move(env);
    o.args = std::move(args);
    return o;
  }
  // How messages and source_of() name a file of the folder.
  std::string name(std::string_view relative) const {
    return (dir.path() / relative).lexically_normal().generic_string();
  }

  config load_ok(const load_options& o) const {
    load_result r = load(o);
    EXPECT_TRUE(r.ok()) << r.error_text();
    return r ? std::move(r).value() : config{};
  }
  std::vector<std::string> load_errors(const load_options& o) const {
    load_result r = load(o);
    EXPECT_FALSE(r.ok());
    std::vector<std::string> out;
    for (const auto& e : r.errors()) out.emplace_back(e.what());
    return out;
  }

  temp_dir dir;
};

}  // namespace strata::config::testing
