// set_args: the `--set key=value` and `--set=key=value` arguments of a command line. Other
// arguments belong to the application and are left alone; nothing after `--` is read.
#pragma once
#include <strata/config/config_error.hpp>

#include <string>
#include <vector>

namespace strata::config::detail {

struct set_arg {
  std::string key;
  std::string value;
};

std::vector<set_arg> parse_set_args(const std::vector<std::string>& args, std::vector<config_error>& errors);

// Segments of letters, digits, '_' and '-' between dots.
bool valid_key(std::string_view key);

}  // namespace strata::config::detail
