// The request_id plugin: a well-formed incoming id or a fresh random one in req.id(), echoed on
// the response.
#include <strata/http/detail/middleware_logic.hpp>
#include <strata/http/middleware.hpp>

#include <random>

namespace strata::http {

namespace detail {

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (unsigned char c : id)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

std::string generate_request_id() {
  // Seeded once per thread from the OS; after that an id costs two generator steps, no syscall.
  // Ids need to be unique, not secret, so a non-cryptographic generator is enough.
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  static constexpr char digits[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    auto bits = rng();
    for (int i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = digits[bits & 0xf];
  }
  return id;
}

}  // namespace detail

plugin_fn request_id(request_id_options options) {
  return [options](scope& s) {
    s.on_request([options](request& req, response&) {
      auto incoming = options.trust_incoming ? req.header(options.header) : std::nullopt;
      if (incoming && detail::is_valid_request_id(*incoming)) req.set_id(*incoming);
      else req.set_id(detail::generate_request_id());
    });
    // on_send also covers requests whose on_request stage was cut short by an earlier hook that
    // answered (a CORS preflight, an auth guard), so every response carries an id.
    s.on_send([options](request& req, response& res) {
      if (req.id().empty()) req.set_id(detail::generate_request_id());
      if (options.echo) res.set(options.header, req.id());
    });
  };
}

}  // namespace strata::http
