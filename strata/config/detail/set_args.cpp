// set_args: --set parsing, with an error for each malformed one (all reported together).
#include <strata/config/detail/set_args.hpp>

namespace strata::config::detail {
namespace {

std::string text_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out.append(s);
  out += '"';
  return out;
}

}  // namespace

bool valid_key(std::string_view key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  char previous = 0;
  for (char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || (c == '.' && previous != '.');
    if (!ok) return false;
    previous = c;
  }
  return true;
}

std::vector<set_arg> parse_set_args(const std::vector<std::string>& args, std::vector<config_error>& errors) {
  std::vector<set_arg> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") break;
    std::string_view assignment;
    if (a == "--set") {
      if (i + 1 == args.size()) {
        errors.emplace_back("", "key=value after --set", "nothing", "--set");
        break;
      }
      assignment = args[++i];
    } else if (a.substr(0, 6) == "--set=") {
      assignment = a.substr(6);
    } else {
      continue;
    }
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos) {
      errors.emplace_back("", "key=value", text_quoted(assignment), "--set");
      continue;
    }
    const std::string_view key = assignment.substr(0, eq);
    if (!valid_key(key)) {
      errors.emplace_back("", "a key like http.port (letters, digits, '_' and '-' between dots) before '='",
                          text_quoted(assignment), "--set");
      continue;
    }
    out.push_back({std::string(key), std::string(assignment.substr(eq + 1))});
  }
  return out;
}

}  // namespace strata::config::detail
