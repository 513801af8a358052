// cli: command-line helpers.
#include <strata/config/cli.hpp>

namespace strata::config {

std::vector<std::string> command_line(int argc, const char* const* argv) {
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) out.emplace_back(argv[i] ? argv[i] : "");
  return out;
}

bool print_config_requested(const std::vector<std::string>& args) {
  if (args.size() >= 2 && args[0] == "config" && args[1] == "print") return true;
  for (const std::string& a : args) {
    if (a == "--") break;
    if (a == "--print-config") return true;
  }
  return false;
}

bool print_config_requested(int argc, const char* const* argv) {
  return print_config_requested(command_line(argc, argv));
}

}  // namespace strata::config
