// The TLS client context of a strata::http::client: TLS 1.2+, peer verification against the
// system store plus any CAs the options add.
#pragma once
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <strata/http/client.hpp>

namespace strata::http::detail {

// Throws client_error (usage) when an extra CA file or PEM cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(const client_options& options);

}  // namespace strata::http::detail
