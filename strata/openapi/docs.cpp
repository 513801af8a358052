// The docs routes: the document in three forms, generated once on first use, and Swagger UI.
#include <strata/http/static_files.hpp>
#include <strata/openapi/docs.hpp>

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace strata::openapi {

namespace {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string swagger_ui_dir(const docs_options& o) {
  if (!o.swagger_ui_dir.empty()) return o.swagger_ui_dir;
  if (const char* env = std::getenv("STRATA_SWAGGER_UI_DIR"); env && *env) return env;
#ifdef STRATA_SWAGGER_UI_BUILD_DIR
  return STRATA_SWAGGER_UI_BUILD_DIR;
#else
  return {};
#endif
}

// What every docs route serves, made once: routes are all known by the first request.
struct documents {
  const http::router* routes = nullptr;
  docs_options options;
  std::once_flag once;
  std::string json, yaml, postman;

  void make() {
    std::call_once(once, [this] {
      const auto doc = generate(*routes, options.about);
      json = boost::json::serialize(doc);
      yaml = to_yaml(doc);
      postman = boost::json::serialize(to_postman(doc, options.postman));
    });
  }
};

}  // namespace

std::function<void(http::scope&)> docs(docs_options options) {
  return [options = std::move(options)](http::scope& s) {
    // `--print-openapi` (strata::app) finds the document's info here.
    s.decorate(std::string(decoration_name), options);
    auto docs = std::make_shared<documents>();
    docs->routes = &s.router();
    docs->options = options;
    const std::string base = s.prefix() + options.prefix;
    const http::route_options hidden{.hidden = true};

    auto serve = [docs](std::string documents::*field, std::string_view type) {
      return [docs, field, type = std::string(type)](http::request&, http::response& res) {
        docs->make();
        res.type(type).send(std::string_view((*docs).*field));
      };
    };
    s.get(options.prefix + "/openapi.json", serve(&documents::json, "application/json"), hidden);
    s.get(options.prefix + "/openapi.yaml", serve(&documents::yaml, "application/yaml"), hidden);
    s.get(options.prefix + "/postman.json", serve(&documents::postman, "application/json"), hidden);

    const std::string ui = swagger_ui_dir(options);
    const bool installed = !ui.empty() && std::filesystem::exists(std::filesystem::path(ui) / "swagger-ui-bundle.js");
    const std::string page =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        html_escape(options.about.title) + " - API docs</title>\n<link rel=\"stylesheet\" href=\"" + html_escape(base) +
        "/docs/swagger-ui.css\">\n</head>\n<body>\n<div id=\"swagger-ui\"></div>\n<script src=\"" + html_escape(base) +
        "/docs/swagger-ui-bundle.js\"></script>\n<script src=\"" + html_escape(base) +
        "/docs/swagger-ui-standalone-preset.js\"></script>\n<script src=\"" + html_escape(base) +
        "/docs/strata-init.js\"></script>\n</body>\n</html>\n";
    // An external script, not an inline one: the default Content-Security-Policy allows only 'self'.
    const std::string init = "window.ui = SwaggerUIBundle({url: " + boost::json::serialize(boost::json::string(base + "/openapi.json")) +
                             ", dom_id: \"#swagger-ui\", deepLinking: true, presets: [SwaggerUIBundle.presets.apis, "
                             "SwaggerUIStandalonePreset], layout: \"StandaloneLayout\"});\n";
    if (!installed) {
      auto missing = [ui](http::request&, http::response& res) {
        res.problem(503, "Service Unavailable",
                    "Swagger UI is not installed: set STRATA_SWAGGER_UI_DIR to a swagger-ui-dist folder" +
                        (ui.empty() ? std::string() : " (looked in " + ui + ")"));
      };
      s.get(options.prefix + "/docs", missing, hidden);
      return;
    }
    s.get(options.prefix + "/docs", [page](http::request&, http::response& res) { res.html(page); }, hidden);
    s.get(options.prefix + "/docs/strata-init.js",
          [init](http::request&, http::response& res) { res.type("text/javascript; charset=utf-8").send(std::string_view(init)); },
          hidden);
    s.get(options.prefix + "/docs/*", http::serve_static({.root = ui, .index = "", .max_age = std::chrono::hours(1)}), hidden);
  };
}

std::string print_document(http::scope& root, std::string_view format, const info& fallback) {
  const docs_options* used = root.decoration<docs_options>(decoration_name);
  const auto doc = generate(root.router(), used ? used->about : fallback);
  if (format.empty() || format == "json") return boost::json::serialize(doc) + "\n";
  if (format == "yaml") return to_yaml(doc);
  if (format == "postman") return boost::json::serialize(to_postman(doc, used ? used->postman : postman_options{})) + "\n";
  throw std::invalid_argument("unknown document format '" + std::string(format) + "' (json, yaml or postman)");
}

}  // namespace strata::openapi
