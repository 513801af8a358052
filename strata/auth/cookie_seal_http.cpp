// The HTTP side of sealed cookies, apart so the sealing itself builds without strata::http
// (the fuzz target links it alone).
#include <strata/auth/cookie_seal.hpp>

namespace strata::auth {

void set_sealed_cookie(http::response& res, const cookie_sealer& sealer, std::string_view name,
                       std::string_view value, const http::cookie_options& options) {
  res.cookie(name, sealer.seal(name, value), options);
}

std::optional<std::string> read_sealed_cookie(const http::request& req, const cookie_sealer& sealer,
                                              std::string_view name) {
  auto raw = req.cookie(name);
  if (!raw) return std::nullopt;
  return sealer.open(name, *raw);
}

}  // namespace strata::auth
