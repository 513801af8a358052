// One hop of a fetch: the request head written out, a connection from the loop's pool (or a new
// one), the exchange, a retry when a pooled connection turns out closed, and the body decoded.
#pragma once
#include <memory>
#include <strata/core/task.hpp>
#include <strata/http/client_response.hpp>
#include <strata/http/detail/client_connection.hpp>
#include <strata/http/detail/client_headers.hpp>
#include <strata/http/detail/client_pool.hpp>
#include <strata/http/detail/client_state.hpp>
#include <string>

namespace strata::http::detail {

struct hop {
  std::string method;  // already validated and normalized
  std::string url;
  const header_list* headers = nullptr;
  std::string_view body;
};

// Throws client_error. The response's url and method are the hop's.
task<client_response> exchange_hop(std::shared_ptr<client_state> state, std::shared_ptr<client_pool> pool, const hop& h,
                                   const exchange_info& info);

// "get" -> "GET" for the methods fetch() normalizes; client_error (usage) unless a token.
std::string normalize_method(std::string_view method);

}  // namespace strata::http::detail
