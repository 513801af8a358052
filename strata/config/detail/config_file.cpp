// config_file: reading a file whole and choosing the parser by extension.
#include <strata/config/detail/config_file.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace strata::config::detail {

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = "read failed";
    return std::nullopt;
  }
  return std::move(text).str();
}

std::optional<boost::json::object> read_config_file(const std::filesystem::path& path, const std::string& name,
                                                    std::vector<config_error>& errors) {
  std::string error;
  std::optional<std::string> text = read_file(path, error);
  if (!text) {
    errors.push_back(config_error::about_source(name, "cannot read (" + error + ")"));
    return std::nullopt;
  }
  if (path.extension() == ".json") return parse_json_config(*text, name, errors);
  return parse_yaml_config(*text, name, errors);
}

}  // namespace strata::config::detail
