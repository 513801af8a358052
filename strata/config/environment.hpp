// environment: the bridge to the real process environment. load() only reads it (and only when
// load_options::env is not given); writing the .env file into it is the application's choice.
#pragma once
#include <strata/config/config_error.hpp>
#include <strata/config/env_map.hpp>

#include <filesystem>
#include <vector>

namespace strata::config {

// A copy of the process environment.
env_map process_environment();

// Like require('dotenv').config(): reads the .env file and sets each of its variables that the
// process environment does not already have (an existing variable is never overridden). A missing
// file is not an error; a bad line is, and the other lines still apply.
std::vector<config_error> apply_dotenv_to_process(const std::filesystem::path& path = ".env");

}  // namespace strata::config
