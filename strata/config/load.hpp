// load: builds a config from its layers, later wins:
//   schema defaults, options.defaults  →  config/default.{json,yaml,yml}  →  config/<env>.*  →
//   config/local.*  →  .env  →  environment variables  →  --set key=value
// and validates it against the schema, collecting every error at once. Call it again to reload
// (on SIGHUP, say) and compare with diff() (diff.hpp).
#pragma once
#include <strata/config/config.hpp>
#include <strata/config/config_error.hpp>
#include <strata/config/env_map.hpp>
#include <strata/config/env_mapping.hpp>
#include <strata/config/schema.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace strata::config {

struct load_options {
  boost::json::object defaults;   // the application's built-in values, the lowest layer
  strata::config::schema schema;  // empty: no validation, strings typed by what they look like
  std::filesystem::path config_dir = "config";
  std::filesystem::path dotenv_path = ".env";  // empty: no .env; a missing file is fine
  std::optional<env_map> env;                  // the environment; nullopt: the process's own
  std::vector<std::string> args;               // the command line after argv[0] (command_line())
  // The environment's file, config/<env_name>.*. Empty: --set env=..., STRATA_ENV, NODE_ENV, in
  // that order of precedence, else "development".
  std::string env_name;
  std::string env_prefix = "STRATA_";           // STRATA_HTTP__PORT → http.port
  env_map env_aliases = default_env_aliases();  // whole names: PORT → http.port
};

// A config, or every reason there is none.
class load_result {
public:
  load_result(config c) : value_(std::move(c)) {}                               // NOLINT(google-explicit-constructor)
  load_result(std::vector<config_error> errors) : value_(std::move(errors)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // The config; asking after a failed load is a programming error (std::logic_error).
  config& value() &;
  const config& value() const&;
  config&& value() &&;
  config* operator->() { return &value(); }
  const config* operator->() const { return &value(); }
  config& operator*() & { return value(); }
  const config& operator*() const& { return value(); }

  // Empty when ok().
  const std::vector<config_error>& errors() const;
  // One error per line.
  std::string error_text() const;

private:
  std::variant<config, std::vector<config_error>> value_;
};

load_result load(const load_options& options = {});

// load(), or, when anything is wrong, every error on stderr and exit status 78 (EX_CONFIG), so a
// service never starts half-configured.
config load_or_exit(const load_options& options = {});

}  // namespace strata::config
