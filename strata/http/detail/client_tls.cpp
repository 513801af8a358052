// make_client_tls_context: one per client, made at its first https request (loading the system
// store reads a bundle of some hundred certificates, which plain-http clients never need).
#include <openssl/ssl.h>

#include <boost/asio/buffer.hpp>
#include <strata/http/detail/client_state.hpp>
#include <strata/http/detail/client_tls.hpp>

namespace strata::http::detail {

std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const client_options& o) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression);
  if (!o.tls_verify) {
    ctx->set_verify_mode(ssl::verify_none);
    return ctx;
  }
  ctx->set_verify_mode(ssl::verify_peer);
  ctx->set_default_verify_paths();
  try {
    if (!o.ca_file.empty()) ctx->load_verify_file(o.ca_file);
    if (!o.ca_pem.empty()) ctx->add_certificate_authority(boost::asio::buffer(o.ca_pem));
  } catch (const std::exception& e) {
    throw client_error(client_error_kind::usage, "", o.ca_file.empty() ? "ca_pem" : o.ca_file,
                       std::string("cannot load the extra CA: ") + e.what());
  }
  return ctx;
}

boost::asio::ssl::context& client_state::tls_context() {
  std::call_once(tls_once_, [this] { tls_ = make_client_tls_context(options); });
  return *tls_;
}

}  // namespace strata::http::detail
