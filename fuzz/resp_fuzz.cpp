// libFuzzer target for the RESP parser (strata/redis/resp_parser.cpp): any bytes give replies or
// an error, never a crash; and how the bytes are split across reads never changes the outcome.
#include <cstddef>
#include <cstdint>
#include <strata/redis/resp_parser.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"

namespace {

using strata::redis::parser_limits;
using strata::redis::reply;
using strata::redis::resp_parser;

struct outcome {
  std::vector<reply> replies;
  bool failed = false;
};

// Small limits, so the fuzzer reaches them with short inputs.
parser_limits limits() {
  parser_limits l;
  l.max_bulk_length = 1 << 12;
  l.max_elements = 256;
  l.max_depth = 8;
  l.max_line_length = 512;
  return l;
}

// Feeds `input` in pieces of `step` bytes, as reads would, keeping only the unconsumed tail.
outcome parse(std::string_view input, std::size_t step) {
  resp_parser p(limits());
  outcome out;
  std::string buffer;
  for (std::size_t at = 0; at < input.size() && !out.failed; at += step) {
    buffer.append(input.substr(at, step));
    for (;;) {
      reply r;
      std::size_t consumed = 0;
      const auto st = p.parse(buffer, consumed, r);
      CHECK(consumed <= buffer.size());
      if (st == resp_parser::status::error) {
        CHECK(!p.error_message().empty());
        out.failed = true;
        break;
      }
      buffer.erase(0, consumed);
      if (st == resp_parser::status::need_more) break;
      (void)r.debug_string();
      out.replies.push_back(std::move(r));
    }
  }
  return out;
}

std::size_t depth(const reply& r) {
  std::size_t d = 0;
  for (const auto& e : r.elements()) d = std::max(d, depth(e));
  for (const auto& e : r.attributes()) d = std::max(d, depth(e));
  return r.is_aggregate() ? d + 1 : d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const outcome whole = parse(input, input.size() + 1);
  for (const auto& r : whole.replies) {
    CHECK(depth(r) <= limits().max_depth + 1);  // attributes sit one level beside their value
    CHECK(r.size() <= 2 * limits().max_elements);
    if (r.type() == strata::redis::reply_type::bulk_string) CHECK(r.str().size() <= limits().max_bulk_length);
  }
  // Split at every byte and in a few other sizes: the same replies, and an error exactly when
  // the whole input gave one.
  for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}}) {
    if (step >= size) break;
    const outcome pieces = parse(input, step);
    CHECK(pieces.failed == whole.failed);
    CHECK(pieces.replies.size() == whole.replies.size());
    for (std::size_t i = 0; i < whole.replies.size(); ++i) CHECK(pieces.replies[i] == whole.replies[i]);
  }
  return 0;
}
