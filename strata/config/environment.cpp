// environment: reading environ, and applying a .env file to the process like dotenv's config().
#include <strata/config/detail/config_file.hpp>
#include <strata/config/dotenv.hpp>
#include <strata/config/environment.hpp>

#include <cstdlib>
#include <string_view>

extern char** environ;  // NOLINT: POSIX declares it nowhere in C++ headers

namespace strata::config {

env_map process_environment() {
  env_map out;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

std::vector<config_error> apply_dotenv_to_process(const std::filesystem::path& path) {
  std::vector<config_error> errors;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return errors;
  const std::string name = path.lexically_normal().generic_string();
  std::string error;
  const std::optional<std::string> text = detail::read_file(path, error);
  if (!text) {
    errors.push_back(config_error::about_source(name, "cannot read (" + error + ")"));
    return errors;
  }
  const dotenv_parse_result parsed = parse_dotenv(*text, process_environment());
  for (const dotenv_error& e : parsed.errors)
    errors.push_back(config_error::about_source(name + ":" + std::to_string(e.line), e.message));
  // setenv with overwrite = 0: a variable the process already has is never replaced. A duplicate
  // key in the file: the last one wins, as in load(), so apply only the last of each.
  env_map last;
  for (const dotenv_entry& e : parsed.entries) last[e.key] = e.value;
  for (const auto& [key, value] : last) ::setenv(key.c_str(), value.c_str(), 0);
  return errors;
}

}  // namespace strata::config
