// The application shell: configuration first (a service never starts half-configured), then
// logs, metrics, health and the HTTP server wired from it; components around the serving time.
#include <strata/app/app.hpp>
#include <strata/config/cli.hpp>
#include <strata/config/diff.hpp>
#include <strata/config/load.hpp>
#include <strata/http/middleware.hpp>
#include <strata/log/level.hpp>
#include <strata/log/request_logger.hpp>
#include <strata/log/sink.hpp>
#include <strata/metrics/default_metrics.hpp>
#include <strata/openapi/docs.hpp>
#include <strata/schema/validation.hpp>
#include <strata/metrics/http_metrics.hpp>
#include <strata/metrics/loop_lag.hpp>
#include <strata/metrics/metrics_route.hpp>

#include <boost/asio/signal_set.hpp>
#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace strata {

namespace {

boost::json::object level_property() {
  return boost::json::object{{"type", "string"},
                             {"enum", boost::json::array{"trace", "debug", "info", "warn", "error", "fatal", "silent"}},
                             {"default", "info"},
                             {"description", "lowest level written; SIGHUP or PUT /admin/log-level change it"}};
}

boost::json::object make_schema(const boost::json::object& app_properties) {
  auto schema = app::framework_schema();
  auto& props = schema["properties"].as_object();
  for (const auto& [k, v] : app_properties) props[k] = v;
  return schema;
}

log::level parse_level_or_info(std::string_view text) { return log::parse_level(text).value_or(log::level::info); }

}  // namespace

boost::json::object app::framework_schema() {
  using boost::json::object;
  using boost::json::array;
  object http{{"type", "object"},
              {"properties",
               object{{"host", object{{"type", "string"}, {"default", "0.0.0.0"}}},
                      {"port", object{{"type", "integer"}, {"minimum", 0}, {"maximum", 65535}, {"default", 8080}}},
                      {"threads", object{{"type", "integer"}, {"minimum", 0}, {"maximum", 1024}, {"default", 0},
                                         {"description", "event loops; 0: one per core"}}},
                      {"idle_spin_us", object{{"type", "integer"}, {"minimum", 0}, {"maximum", 100000}, {"default", 0},
                                              {"description", "microseconds a loop out of work polls before sleeping"}}},
                      {"max_body", object{{"type", "integer"}, {"minimum", 0}, {"default", 1048576}}},
                      {"shutdown_timeout", object{{"type", "string"}, {"format", "duration"}, {"default", "10s"}}}}}};
  object log{{"type", "object"},
             {"properties",
              object{{"level", level_property()},
                     {"pretty", object{{"type", "boolean"}}},
                     {"redact", object{{"type", "array"},
                                       {"items", object{{"type", "string"}}},
                                       {"default", array{"req.headers.authorization", "req.headers.cookie",
                                                         "res.headers.set-cookie", "password", "*.password"}}}}}}};
  object metrics{{"type", "object"},
                 {"properties", object{{"enabled", object{{"type", "boolean"}, {"default", true}}},
                                       {"path", object{{"type", "string"}, {"default", "/metrics"}}}}}};
  object admin{{"type", "object"},
               {"properties", object{{"token", object{{"type", "string"}, {"secret", true},
                                                      {"description", "enables /admin/* with this bearer token"}}}}}};
  return object{{"type", "object"},
                {"properties", object{{"env", object{{"type", "string"}}},
                                      {"http", std::move(http)},
                                      {"log", std::move(log)},
                                      {"metrics", std::move(metrics)},
                                      {"admin", std::move(admin)}}}};
}

struct app::impl {
  app_options options;
  config::load_options load_options;
  std::shared_ptr<const config::config> cfg;
  // Replaced configurations stay alive: app::config() hands out references.
  std::vector<std::shared_ptr<const config::config>> retired;
  mutable std::mutex cfg_mutex;
  log::logger logger;
  metrics::registry registry;
  health_registry health;
  std::unique_ptr<http::server> server;
  std::vector<std::shared_ptr<component>> components;
  std::vector<std::function<void(const config::config&)>> reload_handlers;
  std::optional<boost::asio::signal_set> hangup;

  void configure_logging(const config::config& c) {
    log::options o = log::options::from_env();
    o.level = parse_level_or_info(c.get<std::string>("log.level", "info"));
    // Pretty lines by default only where a person reads them: a terminal, in development.
    o.pretty = c.get<bool>("log.pretty", c.env_name() == "development" && ::isatty(1));
    o.redact = c.get<std::vector<std::string>>("log.redact", {});
    log::configure(o);
  }

  http::server_options server_options(const config::config& c) const {
    http::server_options o;
    o.host = c.get<std::string>("http.host", "0.0.0.0");
    o.port = static_cast<std::uint16_t>(c.get<int>("http.port", 8080));
    o.threads = static_cast<unsigned>(c.get<int>("http.threads", 0));
    o.idle_spin = std::chrono::microseconds(c.get<int>("http.idle_spin_us", 0));
    o.limits.max_body = static_cast<std::uint64_t>(c.get<std::int64_t>("http.max_body", 1 << 20));
    o.shutdown_timeout = std::chrono::duration_cast<std::chrono::seconds>(
        c.get<std::chrono::milliseconds>("http.shutdown_timeout", std::chrono::seconds(10)));
    o.development = c.env_name() == "development";
    return o;
  }

  void install_routes() {
    auto& srv = *server;
    srv.use(http::request_id());
    log::request_logger_options rl;
    rl.parent = logger;
    // Probes and scrapes every few seconds would drown the request log.
    rl.ignore = [](const http::request& req) {
      auto p = req.route_pattern();
      return p.starts_with("/health/") || p == "/metrics";
    };
    srv.use(log::request_logger(std::move(rl)));
    if (cfg->get<bool>("metrics.enabled", true)) {
      auto path = cfg->get<std::string>("metrics.path", "/metrics");
      metrics::collect_default_metrics(registry);
      srv.use(metrics::http_metrics(registry, {.exclude_routes = {path}}));
      srv.use(metrics::metrics_route(registry, {.path = path}));
      metrics::start_loop_lag_monitor(srv, registry);
    }
    srv.use(health.routes());
    // Schema-first routes: a route's schema checks its requests before the handler (Fastify's default).
    srv.use(schema::validation());
    if (auto token = cfg->find<std::string>("admin.token"); token && !token->empty()) install_admin(*token);
  }

  // PUT /admin/log-level {"level":"debug"} or {"level":"debug","logger":"db"}: the log level at
  // run time, behind a bearer token so it is never open by accident.
  void install_admin(std::string token) {
    server->put("/admin/log-level", [token, this](http::request& req, http::response& res) {
      auto auth = req.header("Authorization");
      if (!auth || *auth != "Bearer " + token) {
        res.set("WWW-Authenticate", "Bearer");
        res.problem(401, "Unauthorized");
        return;
      }
      const auto& body = req.json();
      const auto* lvl = body.is_object() ? body.as_object().if_contains("level") : nullptr;
      auto parsed = lvl && lvl->is_string() ? log::parse_level(lvl->as_string()) : std::nullopt;
      if (!parsed) {
        res.problem(400, "Bad Request", "level must be one of trace, debug, info, warn, error, fatal, silent");
        return;
      }
      const auto* name = body.as_object().if_contains("logger");
      if (name && name->is_string()) log::set_level(std::string_view(name->as_string()), *parsed);
      else logger.set_level(*parsed);
      logger.info("log level changed", {{"threshold", log::to_string(*parsed)}});
      res.json({{"level", log::to_string(*parsed)}});
    });
  }

  // SIGHUP: reload on a thread of its own (reading files must not stall a loop), keep the old
  // configuration when the new one is invalid.
  void watch_hangup() {
    hangup.emplace(server->loop(0), SIGHUP);
    hangup->async_wait([this](const boost::system::error_code& ec, int) {
      if (ec) return;
      std::thread([this] { reload(); }).detach();
      watch_hangup();
    });
  }

  void reload() {
    auto result = config::load(load_options);
    if (!result) {
      logger.error("configuration reload refused; keeping the running one", {{"errors", result.error_text()}});
      return;
    }
    auto fresh = std::make_shared<const config::config>(std::move(result).value());
    std::shared_ptr<const config::config> old;
    {
      std::lock_guard lock(cfg_mutex);
      old = cfg;
      retired.push_back(old);
      cfg = fresh;
    }
    logger.set_level(parse_level_or_info(fresh->get<std::string>("log.level", "info")));
    boost::json::array changed;
    for (const auto& c : config::diff(*old, *fresh)) changed.push_back(boost::json::string(config::to_string(c)));
    logger.info("configuration reloaded", {{"changed", std::move(changed)}});
    for (auto& fn : reload_handlers) fn(*fresh);
  }
};

app::app(int argc, char** argv, app_options options) : impl_(std::make_unique<impl>()) {
  auto& s = *impl_;
  s.options = std::move(options);
  auto args = config::command_line(argc, argv);
  s.load_options.defaults = s.options.defaults;
  s.load_options.schema = make_schema(s.options.schema_properties);
  s.load_options.config_dir = s.options.config_dir;
  s.load_options.dotenv_path = s.options.dotenv_path;
  s.load_options.args = args;
  s.cfg = std::make_shared<const config::config>(config::load_or_exit(s.load_options));
  if (config::print_config_requested(args)) {
    std::fputs(s.cfg->dump(true).c_str(), stdout);
    std::exit(0);
  }
  s.configure_logging(*s.cfg);
  s.logger = log::root().child({{"name", s.options.name}});
  s.server = std::make_unique<http::server>(s.server_options(*s.cfg));
  s.install_routes();
}

app::~app() = default;

const config::config& app::config() const {
  std::lock_guard lock(impl_->cfg_mutex);
  return *impl_->cfg;
}
log::logger& app::log() { return impl_->logger; }
metrics::registry& app::metrics() { return impl_->registry; }
http::server& app::http() { return *impl_->server; }
health_registry& app::health() { return impl_->health; }

app& app::add(std::shared_ptr<component> c) {
  impl_->components.push_back(std::move(c));
  return *this;
}

app& app::on_reload(std::function<void(const config::config&)> fn) {
  impl_->reload_handlers.push_back(std::move(fn));
  return *this;
}

int app::run() {
  auto& s = *impl_;
  // --print-openapi[=json|yaml|postman]: the routes' document on stdout instead of serving.
  for (const auto& a : s.load_options.args) {
    if (a == "--") break;
    if (a != "--print-openapi" && !a.starts_with("--print-openapi=")) continue;
    const std::string format = a.size() > 16 ? a.substr(16) : "json";
    try {
      std::fputs(openapi::print_document(*s.server, format, {.title = s.options.name}).c_str(), stdout);
      return 0;
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "%s: %s\n", s.options.name.c_str(), e.what());
      return 2;
    }
  }
  std::size_t started = 0;
  try {
    for (auto& c : s.components) {
      c->start();
      ++started;
      if (auto check = c->health()) s.health.add(c->name(), std::move(check));
      s.logger.info("component started", {{"component", c->name()}});
    }
    s.server->listen();
  } catch (const std::exception& e) {
    s.logger.fatal(e, "start-up failed");
    while (started > 0) s.components[--started]->stop();
    log::flush();
    return 1;
  }
  s.watch_hangup();
  s.logger.info("server listening", {{"url", "http://" + s.server->options().host + ":" + std::to_string(s.server->port())},
                                     {"env", s.cfg->env_name()}});
  s.server->run();
  s.hangup.reset();
  for (auto it = s.components.rbegin(); it != s.components.rend(); ++it) {
    try {
      (*it)->stop();
    } catch (const std::exception& e) {
      s.logger.error(e, "component failed to stop", {{"component", (*it)->name()}});
    }
  }
  s.logger.info("server stopped");
  log::flush();
  return 0;
}

}  // namespace strata
