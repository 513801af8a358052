// Scopes, routes and hook resolution; the path lookup itself is route_table's.
#include <strata/http/router.hpp>

#include <stdexcept>

namespace strata::http {
namespace detail {
struct scope_node {
  std::shared_ptr<scope_node> parent;
  std::string prefix;  // full prefix, parents' included
  hook_lists hooks;
  std::vector<std::pair<std::string, std::any>> decorations;
};
}  // namespace detail

namespace {
std::string join_path(std::string_view prefix, std::string_view path) {
  if (!prefix.empty() && prefix.back() == '/' && !path.empty() && path.front() == '/') prefix.remove_suffix(1);
  if (prefix.empty() && path.empty()) return "/";
  std::string out;
  out.reserve(prefix.size() + path.size());
  out.append(prefix).append(path);
  return out;
}

void collect_hooks(const detail::scope_node* node, hook_lists& out) {
  if (!node) return;
  collect_hooks(node->parent.get(), out);  // outer scopes first
  for (std::size_t k = 0; k < hook_kind_count; ++k)
    out[k].insert(out[k].end(), node->hooks[k].begin(), node->hooks[k].end());
}
}  // namespace

scope& scope::add(method m, std::string_view method_text, std::string_view path, handler fn, route_options options) {
  if (!fn) throw std::invalid_argument("route without a handler");
  auto r = std::make_unique<route>();
  r->method = m;
  r->method_text = std::string(m == method::other ? method_text : to_string(m));
  r->pattern = join_path(node_->prefix, path);
  r->fn = std::move(fn);
  r->options = std::move(options);
  r->scope = node_;
  router_->add_route(std::move(r));
  return *this;
}

scope& scope::all(std::string_view path, handler fn, route_options o) {
  for (method m : {method::get, method::head, method::post, method::put, method::delete_, method::patch, method::options})
    add(m, to_string(m), path, fn, o);
  return *this;
}

scope& scope::hook(hook_kind kind, handler fn) {
  if (router_->frozen()) throw std::logic_error("hooks must be added before the server starts");
  node_->hooks[static_cast<std::size_t>(kind)].push_back(std::move(fn));
  return *this;
}

scope scope::group(std::string_view prefix) {
  auto child = std::make_shared<detail::scope_node>();
  child->parent = node_;
  child->prefix = join_path(node_->prefix, prefix);
  if (prefix.empty()) child->prefix = node_->prefix;
  return scope(router_, std::move(child));
}

scope& scope::plugin(const std::function<void(scope&)>& fn, std::string_view prefix) {
  scope child = group(prefix);
  fn(child);
  return *this;
}

scope& scope::use(const std::function<void(scope&)>& fn) {
  fn(*this);
  return *this;
}

const std::string& scope::prefix() const { return node_->prefix; }

void scope::set_decoration(std::string_view name, std::any value) {
  for (auto& [k, v] : node_->decorations)
    if (k == name) throw std::logic_error("decoration '" + std::string(name) + "' already set in this scope");
  node_->decorations.emplace_back(std::string(name), std::move(value));
}

std::any* scope::find_decoration(std::string_view name) const {
  for (auto* n = node_.get(); n; n = n->parent.get())
    for (auto& [k, v] : n->decorations)
      if (k == name) return &v;
  return nullptr;
}

const std::any* route::decoration(std::string_view name) const {
  for (auto* n = scope.get(); n; n = n->parent.get())
    for (auto& [k, v] : n->decorations)
      if (k == name) return &v;
  return nullptr;
}

router::router() : root_(std::make_shared<detail::scope_node>()) {}
router::~router() = default;

scope router::root() { return scope(this, root_); }

void router::add_route(std::unique_ptr<route> r) {
  if (frozen_) throw std::logic_error("routes must be added before the server starts");
  table_.add(r->method, r->method_text, r->pattern, routes_.size());
  routes_.push_back(std::move(r));
}

void router::freeze() {
  if (frozen_) return;
  root_hooks_ = {};
  collect_hooks(root_.get(), root_hooks_);
  for (auto& r : routes_) {
    r->hooks = {};
    collect_hooks(r->scope.get(), r->hooks);
    for (auto& [kind, fn] : r->options.hooks) r->hooks[static_cast<std::size_t>(kind)].push_back(fn);
  }
  frozen_ = true;
}

}  // namespace strata::http
