// router and scope: routes, groups, hooks and plugins with Fastify's encapsulation. A scope is a
// prefix plus the hooks registered on it; a child scope (group or plugin) inherits its parent's hooks
// and adds its own without leaking them upward. Hooks are resolved per route when the server starts,
// so the order of registration between hooks and routes does not matter.
#pragma once
#include <strata/http/handler.hpp>
#include <strata/http/route_table.hpp>

#include <boost/json/object.hpp>

#include <any>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::http {

using hook_lists = std::array<std::vector<handler>, hook_kind_count>;

// Who may call a route. The auth layer (strata::auth) enforces it; the openapi layer documents it
// as the operation's `security`. It lives here so routes can declare it without linking auth.
struct auth_requirement {
  std::vector<std::string> strategies;   // any one of them may authenticate; empty: the app's defaults
  std::vector<std::string> roles;        // when set, the principal needs at least one of them
  std::vector<std::string> permissions;  // every one of them (through the app's RBAC policy)
  bool optional = false;                 // authenticate when credentials come, never refuse for lack of them
};
// A group's requirement, set by auth::guard() as a decoration under this name.
inline constexpr std::string_view auth_requirement_decoration = "strata.auth.requirement";

struct route_options {
  std::string summary;
  std::string description;
  std::vector<std::string> tags;
  std::string operation_id;  // generated docs derive one from the method and path when empty
  bool deprecated = false;
  // Fastify-shaped schemas: {"params": ..., "querystring": ..., "headers": ..., "body": ...,
  // "response": {"200": ...}}; used by the schema and openapi layers.
  boost::json::object schema;
  std::size_t body_limit = 0;  // 0: the server's limit
  bool hidden = false;         // left out of generated docs
  std::optional<auth_requirement> auth;  // besides any group's (auth::guard); both must hold
  std::vector<std::pair<hook_kind, handler>> hooks;  // route-level hooks, after the scope's
};

namespace detail {
struct scope_node;
}

struct route {
  http::method method = method::get;
  std::string method_text;
  std::string pattern;  // full pattern, prefixes included
  handler fn;
  route_options options;
  hook_lists hooks;  // effective hooks (app, then groups, then route), resolved at freeze()
  std::shared_ptr<detail::scope_node> scope;
  // The decoration of that name visible from the route's scope (see scope::decorate), or nullptr.
  const std::any* decoration(std::string_view name) const;
};

class router;

class scope {
public:
  scope& add(method m, std::string_view method_text, std::string_view path, handler fn, route_options options = {});
  scope& get(std::string_view path, handler fn, route_options o = {}) { return add(method::get, "GET", path, std::move(fn), std::move(o)); }
  scope& post(std::string_view path, handler fn, route_options o = {}) { return add(method::post, "POST", path, std::move(fn), std::move(o)); }
  scope& put(std::string_view path, handler fn, route_options o = {}) { return add(method::put, "PUT", path, std::move(fn), std::move(o)); }
  scope& patch(std::string_view path, handler fn, route_options o = {}) { return add(method::patch, "PATCH", path, std::move(fn), std::move(o)); }
  scope& del(std::string_view path, handler fn, route_options o = {}) { return add(method::delete_, "DELETE", path, std::move(fn), std::move(o)); }
  scope& head(std::string_view path, handler fn, route_options o = {}) { return add(method::head, "HEAD", path, std::move(fn), std::move(o)); }
  scope& options(std::string_view path, handler fn, route_options o = {}) { return add(method::options, "OPTIONS", path, std::move(fn), std::move(o)); }
  // GET, HEAD... every standard method but CONNECT and TRACE.
  scope& all(std::string_view path, handler fn, route_options o = {});

  scope& hook(hook_kind kind, handler fn);
  scope& on_request(handler fn) { return hook(hook_kind::on_request, std::move(fn)); }
  scope& pre_parsing(handler fn) { return hook(hook_kind::pre_parsing, std::move(fn)); }
  scope& pre_validation(handler fn) { return hook(hook_kind::pre_validation, std::move(fn)); }
  scope& pre_handler(handler fn) { return hook(hook_kind::pre_handler, std::move(fn)); }
  scope& pre_serialization(handler fn) { return hook(hook_kind::pre_serialization, std::move(fn)); }
  scope& on_send(handler fn) { return hook(hook_kind::on_send, std::move(fn)); }
  scope& on_response(handler fn) { return hook(hook_kind::on_response, std::move(fn)); }
  scope& on_error(handler fn) { return hook(hook_kind::on_error, std::move(fn)); }

  // A child scope under `prefix`: its hooks apply to its routes and its children's only.
  scope group(std::string_view prefix);
  // A plugin registers routes, hooks and decorations in its own child scope (Fastify's register).
  scope& plugin(const std::function<void(scope&)>& fn, std::string_view prefix = {});
  // Applies a plugin to this scope itself, unencapsulated (Fastify's fastify-plugin).
  scope& use(const std::function<void(scope&)>& fn);

  // Decorations (Fastify's decorate): named values a plugin shares with the routes of its scope and
  // of its children; a child's decoration shadows its parent's, a parent never sees a child's.
  template <class T>
  scope& decorate(std::string_view name, T value) {
    set_decoration(name, std::any(std::move(value)));
    return *this;
  }
  // The decoration of that name visible from this scope, or nullptr (also when the type differs).
  template <class T>
  T* decoration(std::string_view name) const {
    std::any* v = find_decoration(name);
    return v ? std::any_cast<T>(v) : nullptr;
  }

  const std::string& prefix() const;
  http::router& router() { return *router_; }

private:
  void set_decoration(std::string_view name, std::any value);
  std::any* find_decoration(std::string_view name) const;

protected:
  scope(http::router* r, std::shared_ptr<detail::scope_node> node) : router_(r), node_(std::move(node)) {}
  friend class http::router;
  http::router* router_;
  std::shared_ptr<detail::scope_node> node_;
};

class router {
public:
  router();
  ~router();
  router(const router&) = delete;
  router& operator=(const router&) = delete;

  http::scope root();

  // Resolves every route's hooks; the server calls it once before serving. Routes added after it
  // throw std::logic_error.
  void freeze();
  bool frozen() const { return frozen_; }

  route_table::match find(method m, std::string_view method_text, std::string_view path,
                          std::vector<path_param>& params) const {
    return table_.find(m, method_text, path, params);
  }
  const route& at(std::size_t index) const { return *routes_[index]; }
  const std::vector<std::unique_ptr<route>>& routes() const { return routes_; }
  // The app-level hooks, used for requests that match no route (404, 405, OPTIONS).
  const hook_lists& root_hooks() const { return root_hooks_; }

private:
  friend class scope;
  void add_route(std::unique_ptr<route> r);
  route_table table_;
  std::vector<std::unique_ptr<route>> routes_;
  std::shared_ptr<detail::scope_node> root_;
  hook_lists root_hooks_;
  bool frozen_ = false;
};

}  // namespace strata::http
