// route_table: the radix tree behind the router; add() grows it, find() walks it with backtracking.
#include <strata/http/route_table.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace strata::http {

namespace {

constexpr std::size_t known_methods = static_cast<std::size_t>(method::other);
constexpr std::uint16_t custom_bit = std::uint16_t{1} << known_methods;
constexpr std::string_view wildcard_name = "*";
constexpr std::size_t npos = std::string_view::npos;

constexpr std::size_t slot(method m) { return static_cast<std::size_t>(m); }
constexpr std::uint16_t bit(method m) { return static_cast<std::uint16_t>(1u << slot(m)); }

[[noreturn]] void reject(std::string_view pattern, std::string_view why) {
  std::string message = "route pattern \"";
  message.append(pattern).append("\": ").append(why);
  throw std::invalid_argument(message);
}

std::size_t segment_end(std::string_view s, std::size_t from) {
  const auto slash = s.find('/', from);
  return slash == npos ? s.size() : slash;
}

// Everything that can be checked on the pattern alone is checked before the tree is touched, so a
// rejected pattern leaves no half-inserted branch behind.
void validate(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') reject(pattern, "must start with '/'");
  const auto star = pattern.find('*');
  if (star != npos && star != pattern.size() - 1) reject(pattern, "'*' is only allowed at the very end");
  std::vector<std::string_view> names;
  for (auto colon = pattern.find(':'); colon != npos; colon = pattern.find(':', colon + 1)) {
    const auto end = segment_end(pattern, colon);
    const auto name = pattern.substr(colon + 1, end - colon - 1);
    if (name.empty()) reject(pattern, "empty parameter name");
    // A parameter runs to the next '/', so anything glued behind it would silently become its name.
    if (name.find(':') != npos) reject(pattern, "a parameter must be followed by '/' or end the pattern");
    if (name.back() == '*') reject(pattern, "a wildcard cannot follow a parameter in the same segment");
    for (auto seen : names)
      if (seen == name) reject(pattern, "parameter name used twice");
    names.push_back(name);
    colon = end - 1;  // the rest of the segment is this name, already checked
  }
}

struct custom_route {
  std::string method;
  std::size_t index;
};

}  // namespace

struct route_table::node {
  // Static node: the literal text it matches. Parameter node: the parameter's name, handed out by
  // find() as a view, so it must never change once set; only static nodes are ever split.
  std::string text;
  std::string first_bytes;  // first byte of each static child, same order: one byte tells which to try
  std::vector<std::unique_ptr<node>> statics;
  std::unique_ptr<node> param;
  std::unique_ptr<node> wildcard;
  std::uint16_t methods = 0;  // a bit per known method with a route here, custom_bit for any custom one
  std::array<std::size_t, known_methods> routes{};
  std::vector<custom_route> customs;

  explicit node(std::string_view t) : text(t) {}

  node* static_child(char c) const {
    const auto k = first_bytes.find(c);
    return k == npos ? nullptr : statics[k].get();
  }

  // Moves everything from byte `at` on into a new child, so a diverging pattern can branch there.
  void split(std::size_t at) {
    auto tail = std::make_unique<node>(std::string_view(text).substr(at));
    tail->first_bytes = std::move(first_bytes);
    tail->statics = std::move(statics);
    tail->param = std::move(param);
    tail->wildcard = std::move(wildcard);
    tail->methods = std::exchange(methods, 0);
    tail->routes = routes;
    tail->customs = std::move(customs);
    customs.clear();
    text.resize(at);
    first_bytes.assign(1, tail->text.front());
    statics.clear();
    statics.push_back(std::move(tail));
  }

  // Depth-first in priority order (static, parameter, wildcard); `on_route` is offered every node
  // with routes whose path matches and returns true to stop. Returning false from every offer is how
  // a caller visits all matches, which the 405 path relies on.
  template <class F>
  bool walk(std::string_view path, std::size_t pos, std::vector<path_param>& params, F& on_route) const {
    if (pos == path.size()) {
      if (methods != 0 && on_route(*this)) return true;
    } else {
      const char c = path[pos];
      if (const node* s = static_child(c);
          s && path.substr(pos).starts_with(s->text) && s->walk(path, pos + s->text.size(), params, on_route))
        return true;
      if (param && c != '/') {
        const auto end = segment_end(path, pos);
        params.push_back({param->text, path.substr(pos, end - pos)});
        if (param->walk(path, end, params, on_route)) return true;
        params.pop_back();
      }
    }
    if (wildcard && wildcard->methods != 0) {
      params.push_back({wildcard_name, path.substr(pos)});
      if (on_route(*wildcard)) return true;
      params.pop_back();
    }
    return false;
  }
};

route_table::route_table() : root_(std::make_unique<node>("/")) {}
route_table::~route_table() = default;
route_table::route_table(route_table&&) noexcept = default;
route_table& route_table::operator=(route_table&&) noexcept = default;

void route_table::add(method m, std::string_view method_text, std::string_view pattern, std::size_t route_index) {
  validate(pattern);
  // The parser maps known method names to their enum, so a "GET" registered as other would be dead.
  if (m == method::other) m = method_from(method_text);
  if (m == method::other && method_text.empty()) reject(pattern, "custom method without a name");
  if (!root_) root_ = std::make_unique<node>("/");  // a moved-from table is usable again

  node* n = root_.get();
  std::size_t i = 1;  // the root stands for the leading '/'
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == ':') {
      const auto end = segment_end(pattern, i);
      const auto name = pattern.substr(i + 1, end - i - 1);
      if (!n->param) {
        n->param = std::make_unique<node>(name);
      } else if (n->param->text != name) {
        // One position, one name: otherwise a request's parameters would depend on which branch won.
        reject(pattern, "parameter :" + std::string(name) + " conflicts with :" + n->param->text +
                            " at the same position");
      }
      n = n->param.get();
      i = end;
    } else if (c == '*') {
      if (!n->wildcard) n->wildcard = std::make_unique<node>(wildcard_name);
      n = n->wildcard.get();
      ++i;
    } else {
      auto end = pattern.find_first_of(":*", i);
      if (end == npos) end = pattern.size();
      const auto run = pattern.substr(i, end - i);
      node* s = n->static_child(c);
      if (!s) {
        n->first_bytes.push_back(c);
        n->statics.push_back(std::make_unique<node>(run));
        n = n->statics.back().get();
        i = end;
        continue;
      }
      std::size_t common = 1;
      while (common < run.size() && common < s->text.size() && run[common] == s->text[common]) ++common;
      if (common < s->text.size()) s->split(common);
      n = s;
      i += common;
    }
  }

  if (m != method::other) {
    if (n->methods & bit(m)) reject(pattern, std::string(to_string(m)) + " is already registered");
    n->routes[slot(m)] = route_index;
    n->methods |= bit(m);
    return;
  }
  for (const auto& r : n->customs)
    if (r.method == method_text) reject(pattern, std::string(method_text) + " is already registered");
  n->customs.push_back({std::string(method_text), route_index});
  n->methods |= custom_bit;
}

route_table::match route_table::find(method m, std::string_view method_text, std::string_view path,
                                     std::vector<path_param>& params) const {
  match result;
  params.clear();
  if (!root_ || path.empty() || path.front() != '/') return result;

  std::uint16_t seen = 0;  // methods of every path match tried, for the Allow list if none fits
  auto accept = [&](const node& n) {
    seen |= n.methods;
    if (m != method::other) {
      if (n.methods & bit(m)) {
        result.route_index = n.routes[slot(m)];
        return true;
      }
      if (m == method::head && (n.methods & bit(method::get))) {
        result.route_index = n.routes[slot(method::get)];
        result.head_from_get = true;
        return true;
      }
      return false;
    }
    for (const auto& r : n.customs) {
      if (r.method == method_text) {
        result.route_index = r.index;
        return true;
      }
    }
    return false;
  };
  // The walk does not stop at the first path match: a lower-priority pattern may still have the
  // method ("POST /users/me" does not hide "GET /users/:id"). When it fails, it has seen every match.
  if (root_->walk(path, 1, params, accept)) {
    result.status = 200;
    return result;
  }
  if (seen == 0) return result;

  result.status = 405;
  // OPTIONS is always answered by the server; HEAD whenever GET can serve it.
  std::uint16_t listed = seen | bit(method::options);
  if (seen & bit(method::get)) listed |= bit(method::head);
  for (std::size_t k = 0; k < known_methods; ++k) {
    if (!(listed & (1u << k))) continue;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += to_string(static_cast<method>(k));
  }
  if (seen & custom_bit) {
    // Custom names are not in the bit set, so walk again to collect them; rare enough to not matter.
    std::vector<std::string_view> names;
    auto collect = [&](const node& n) {
      for (const auto& r : n.customs) {
        bool dup = false;
        for (auto seen_name : names) dup = dup || seen_name == r.method;
        if (!dup) names.push_back(r.method);
      }
      return false;
    };
    root_->walk(path, 1, params, collect);
    for (auto name : names) result.allow.append(", ").append(name);
  }
  params.clear();
  return result;
}

}  // namespace strata::http
