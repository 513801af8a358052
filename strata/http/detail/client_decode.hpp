// Content-Encoding of client responses (gzip, deflate, br), decoded with a bound on the output
// so a small compressed body cannot expand past max_response_body (a "zip bomb").
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strata::http::detail {

enum class decode_status { ok, unknown_coding, too_large, invalid };

// Decodes `data` in the coding named (case-insensitive); `out` holds the result when ok.
decode_status decode_body(std::string_view coding, std::string_view data, std::size_t max, std::string& out);

}  // namespace strata::http::detail
