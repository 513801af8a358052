// route_table: the radix tree that maps (method, path) to a route index. It knows nothing of
// handlers or hooks; router.hpp builds on it.
//
// Patterns: static segments ("/users"), named parameters that take one whole segment or the rest of
// a segment after a static prefix ("/users/:id", "/files/:name.txt" is NOT supported: a parameter
// runs to the next '/'), and a trailing wildcard "*" that takes the rest of the path, slashes
// included, as the parameter named "*". Static beats parameter beats wildcard, with backtracking:
// "/users/me" and "/users/:id" both work, and "/users/me/x" falls back to "/users/:id/x".
#pragma once
#include <strata/http/parser.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::http {

struct path_param {
  std::string_view name;   // points into the pattern stored in the table
  std::string_view value;  // points into the path given to find(), still percent-encoded
};

class route_table {
public:
  route_table();
  ~route_table();
  route_table(route_table&&) noexcept;
  route_table& operator=(route_table&&) noexcept;

  // Registers `pattern` for a method (method_text is used for method::other, e.g. "PROPFIND").
  // Throws std::invalid_argument on a malformed pattern or when (method, pattern) is taken, or when
  // two patterns name the same parameter position differently ("/a/:id" vs "/a/:name").
  void add(method m, std::string_view method_text, std::string_view pattern, std::size_t route_index);

  struct match {
    int status = 404;              // 200 found, 404 no such path, 405 path exists, method does not
    std::size_t route_index = 0;   // when status == 200
    bool head_from_get = false;    // HEAD answered by the GET route (no HEAD route registered)
    std::string allow;             // when 404 is not the status: "GET, HEAD, OPTIONS" style list
  };
  // Looks up the raw (still percent-encoded) path. `params` is cleared and filled on a match.
  // For OPTIONS without an OPTIONS route, status is 405 with `allow` filled (the caller answers 204).
  match find(method m, std::string_view method_text, std::string_view path, std::vector<path_param>& params) const;

private:
  struct node;
  std::unique_ptr<node> root_;
};

}  // namespace strata::http
