// app: the shell every Strata service starts from. It loads the configuration (config/, .env,
// environment, --set), sets up Pino-style logs and Prometheus metrics, serves /health/live,
// /health/ready and /metrics, logs one line per request, checks requests against their routes'
// schemas (strata::schema::validation), starts registered components in order
// and stops them in reverse, reloads config and log level on SIGHUP, and stops gracefully on
// SIGTERM/SIGINT.
//
//   int main(int argc, char** argv) {
//     strata::app app(argc, argv, {.name = "orders"});
//     app.http().get("/orders/:id", get_order);
//     return app.run();
//   }
#pragma once
#include <strata/app/health.hpp>
#include <strata/config/config.hpp>
#include <strata/http/server.hpp>
#include <strata/log/logger.hpp>
#include <strata/metrics/registry.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace strata {

// A part of the service with a life cycle: a database pool, a Redis client, a queue worker.
class component {
public:
  virtual ~component() = default;
  virtual std::string name() const = 0;
  // Before serving, in registration order; throwing aborts the start-up (exit status 1).
  virtual void start() {}
  // After serving, in reverse order.
  virtual void stop() {}
  // Run by /health/ready; an empty function means no check.
  virtual health_check health() { return {}; }
};

struct app_options {
  std::string name = "strata";
  boost::json::object defaults;  // the service's own built-in values
  // JSON-Schema properties of the service's own keys, added to the framework's (http, log, ...).
  boost::json::object schema_properties;
  std::filesystem::path config_dir = "config";
  std::filesystem::path dotenv_path = ".env";
};

class app {
public:
  // Loads and validates the configuration; every error is printed at once and the process exits
  // with status 78. `--print-config` (or `config print`) prints the merged, redacted config with
  // the source of every value and exits 0.
  app(int argc, char** argv, app_options options = {});
  ~app();
  app(const app&) = delete;
  app& operator=(const app&) = delete;

  const config::config& config() const;
  log::logger& log();
  metrics::registry& metrics();
  http::server& http();
  health_registry& health();

  app& add(std::shared_ptr<component> c);
  // Called after a successful SIGHUP reload with the new configuration (the log level is already
  // applied); keys that changed are logged.
  app& on_reload(std::function<void(const config::config&)> fn);

  // Starts the components, serves until SIGTERM/SIGINT, stops the components; the exit status.
  int run();

  // The framework's configuration schema (http.*, log.*, metrics.*, admin.*), for docs and tests.
  static boost::json::object framework_schema();

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

}  // namespace strata
