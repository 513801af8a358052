// cli: the command-line conventions of the config layer: --set key=value (read by load()) and
// --print-config or `config print`, for which an application prints cfg.dump() and exits 0.
#pragma once
#include <string>
#include <vector>

namespace strata::config {

// argv[1..argc), for load_options::args.
std::vector<std::string> command_line(int argc, const char* const* argv);

// True for `app --print-config ...` (anywhere before `--`) and for `app config print`.
bool print_config_requested(int argc, const char* const* argv);
bool print_config_requested(const std::vector<std::string>& args);

}  // namespace strata::config
