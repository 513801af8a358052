// config_error: one problem with the configuration: the key, what was expected, what was found and
// which source set it. load() returns every one of them at once; typed access throws one.
#pragma once
#include <stdexcept>
#include <string>

namespace strata::config {

class config_error : public std::runtime_error {
public:
  // what(): `http.port: expected integer 1..65535, got "abc" (from env STRATA_HTTP__PORT)`.
  // `got` is shown as given (already quoted or redacted); an empty source leaves out "(from ...)".
  // A `hint` on how to fix it goes last: `..., got nothing (set it with --set db.url=...)`.
  config_error(std::string key, std::string expected, std::string got, std::string source, std::string hint = {});

  // A problem with a source as a whole: `config/default.yaml:3:7: invalid YAML (...)`.
  static config_error about_source(std::string source, std::string message);

  const std::string& key() const { return key_; }
  const std::string& expected() const { return expected_; }
  const std::string& got() const { return got_; }
  const std::string& source() const { return source_; }
  const std::string& hint() const { return hint_; }

private:
  config_error(std::string message, std::string source);

  std::string key_;
  std::string expected_;
  std::string got_;
  std::string source_;
  std::string hint_;
};

}  // namespace strata::config
