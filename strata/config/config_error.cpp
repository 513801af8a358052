// config_error: the message format shared by load errors and typed-access errors.
#include <strata/config/config_error.hpp>

namespace strata::config {
namespace {

std::string compose(const std::string& key, const std::string& expected, const std::string& got,
                    const std::string& source, const std::string& hint) {
  std::string m = key.empty() ? source : key;
  m += ": expected " + expected + ", got " + got;
  if (!key.empty() && !source.empty()) m += " (from " + source + ")";
  if (!hint.empty()) m += " (" + hint + ")";
  return m;
}

}  // namespace

config_error::config_error(std::string key, std::string expected, std::string got, std::string source, std::string hint)
    : std::runtime_error(compose(key, expected, got, source, hint)),
      key_(std::move(key)),
      expected_(std::move(expected)),
      got_(std::move(got)),
      source_(std::move(source)),
      hint_(std::move(hint)) {}

config_error::config_error(std::string message, std::string source)
    : std::runtime_error(std::move(message)), source_(std::move(source)) {}

config_error config_error::about_source(std::string source, std::string message) {
  std::string what = source + ": " + message;
  return config_error(std::move(what), std::move(source));
}

}  // namespace strata::config
