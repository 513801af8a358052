// Response compression: gzip (zlib) and brotli, negotiated from Accept-Encoding (RFC 9110 section
// 12.5.3), applied to compressible types above a size threshold.
#pragma once
#include <strata/http/response.hpp>
#include <strata/http/server.hpp>

#include <string>
#include <string_view>

namespace strata::http {

enum class content_coding { identity, gzip, br };

// The best coding the client accepts: br over gzip at equal q, nothing with q=0, "*" honoured,
// identity when nothing acceptable is offered.
content_coding negotiate_coding(std::string_view accept_encoding);
// text/*, JSON, JavaScript, XML, SVG, wasm and the like; not images, video, archives.
bool is_compressible(std::string_view content_type);

std::string gzip_compress(std::string_view data, int level);
std::string gzip_decompress(std::string_view data);  // throws std::runtime_error on bad input
std::string brotli_compress(std::string_view data, int quality);
std::string brotli_decompress(std::string_view data);  // throws std::runtime_error on bad input

// Compresses a finished in-memory response in place when worthwhile: sets Content-Encoding and
// adds "Vary: Accept-Encoding". Leaves alone: small bodies, incompressible types, responses that
// already have a Content-Encoding, 204/304, file bodies and streams.
void compress_response(std::string_view accept_encoding, response& res, const compression_options& options);

}  // namespace strata::http
