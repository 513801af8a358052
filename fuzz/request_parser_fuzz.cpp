// libFuzzer target for the HTTP/1.1 request parser: parse_head, chunked_decoder and percent_decode,
// and the invariant that a request gets the same answer however its bytes are split into reads.
#include <strata/http/parser.hpp>

#include "check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace strata::http;

// Small limits, so that inputs of a few KiB reach every limit.
constexpr parse_limits limits{.max_request_line = 200, .max_head_bytes = 1024, .max_headers = 16};
constexpr std::uint64_t max_body = 1024;


// A split position taken from the data itself (FNV-1a), so every input explores its own split.
std::size_t split_point(const std::uint8_t* data, std::size_t size, std::uint64_t salt) {
  std::uint64_t h = 1469598103934665603ull ^ salt;
  for (std::size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
  return static_cast<std::size_t>(h % (size + 1));
}

bool same_view(std::string_view a, std::string_view b) { return a.data() == b.data() && a.size() == b.size(); }
bool same_or_empty(std::string_view a, std::string_view b) { return a == b && (a.empty() || same_view(a, b)); }

// Two parses of the same buffer must describe the same request, down to where each view points.
bool same_head(const request_head& a, const request_head& b) {
  if (!same_view(a.method_text, b.method_text) || a.method != b.method || !same_view(a.target, b.target) ||
      !same_or_empty(a.path, b.path) || !same_or_empty(a.query, b.query) || !same_or_empty(a.authority, b.authority) ||
      a.version_minor != b.version_minor || a.body != b.body || a.content_length != b.content_length ||
      a.keep_alive != b.keep_alive || a.expect_continue != b.expect_continue || a.upgrade != b.upgrade ||
      a.headers.size() != b.headers.size())
    return false;
  for (std::size_t i = 0; i < a.headers.size(); ++i)
    if (!same_view(a.headers[i].name, b.headers[i].name) || !same_or_empty(a.headers[i].value, b.headers[i].value))
      return false;
  return true;
}

bool inside(std::string_view v, std::string_view buf) {
  return v.empty() || (v.data() >= buf.data() && v.data() + v.size() <= buf.data() + buf.size());
}

void check_result_shape(const parse_result& r) {
  switch (r.status) {
    case parse_status::complete:
      CHECK(r.consumed > 0 && r.error_status == 0);
      break;
    case parse_status::incomplete:
      CHECK(r.consumed == 0 && r.error_status == 0);
      break;
    case parse_status::error:
      CHECK(r.consumed == 0);
      CHECK(r.error_status == 400 || r.error_status == 414 || r.error_status == 417 || r.error_status == 431 ||
            r.error_status == 501 || r.error_status == 505);
      CHECK(r.error_reason != nullptr && r.error_reason[0] != '\0');
      break;
  }
}

void check_complete_head(const request_head& h, const parse_result& r, std::string_view buf) {
  const std::string_view head = buf.substr(0, r.consumed);
  CHECK(r.consumed <= buf.size());
  CHECK(r.consumed <= limits.max_head_bytes);
  CHECK(head.size() >= 4 && head.substr(head.size() - 4) == "\r\n\r\n");
  CHECK(!h.method_text.empty() && !h.target.empty());
  CHECK(h.method == method_from(h.method_text));
  CHECK(h.version_minor == 0 || h.version_minor == 1);
  CHECK(h.headers.size() <= limits.max_headers);
  CHECK(inside(h.method_text, head) && inside(h.target, head) && inside(h.query, head) && inside(h.authority, head));
  CHECK(inside(h.path, head) || h.path == "/");  // an absolute-form target without a path
  for (const auto& f : h.headers) {
    CHECK(!f.name.empty() && inside(f.name, head) && inside(f.value, head));
    CHECK(f.value.find_first_of("\r\n") == std::string_view::npos);
    CHECK(f.value.find('\0') == std::string_view::npos);
  }
  if (h.body == body_kind::chunked) CHECK(h.version_minor == 1 && h.content_length == 0);
  if (h.body == body_kind::length) CHECK(h.content_length > 0);
}

void check_percent_decode(std::string_view in) {
  std::string out;
  for (bool plus : {false, true}) {
    const bool ok = percent_decode(in, out, plus);
    if (!needs_decoding(in, plus)) {
      CHECK(ok);
      CHECK(out == in);
    } else if (ok) {
      std::size_t escapes = 0;
      for (char c : in) escapes += c == '%';
      CHECK(out.size() == in.size() - 2 * escapes);
      // A decoded NUL is refused; a literal one (not reachable from parse_head) passes through.
      std::size_t nuls = 0;
      for (char c : in) nuls += c == '\0';
      for (char c : out) nuls -= c == '\0';
      CHECK(nuls == 0);
    } else {
      CHECK(in.find('%') != std::string_view::npos);
    }
  }
}

struct decoded {
  parse_result result;
  std::size_t message_end = 0;
  std::string body;
};

decoded finish(const chunked_decoder& d, const parse_result& r, const std::vector<char>& buf) {
  decoded out{r, 0, {}};
  if (r.status == parse_status::complete) {
    out.message_end = d.message_end();
    out.body.assign(buf.data() + d.body_start(), d.body_size());
  }
  return out;
}

// Decodes the chunked body that starts at `body_start`, in the reads given by `cuts` (increasing ends,
// the last being the whole input), the way the connection does as bytes arrive.
decoded decode_in_reads(std::string_view input, std::size_t body_start, const std::vector<std::size_t>& cuts) {
  std::vector<char> buf(input.begin(), input.end());
  chunked_decoder d;
  d.reset(body_start);
  parse_result r;
  for (std::size_t end : cuts) {
    r = d.decode(buf.data(), end, max_body);
    if (r.status != parse_status::incomplete) break;
  }
  return finish(d, r, buf);
}

bool same_decoded(const decoded& a, const decoded& b) {
  return a.result.status == b.result.status && a.result.error_status == b.result.error_status &&
         a.message_end == b.message_end && a.body == b.body;
}

void check_chunked(std::string_view input, std::size_t body_start, const std::uint8_t* data) {
  const decoded one_shot = decode_in_reads(input, body_start, {input.size()});
  const parse_result& r = one_shot.result;
  if (r.status == parse_status::complete) {
    CHECK(one_shot.message_end > body_start && one_shot.message_end <= input.size());
    CHECK(input.substr(one_shot.message_end - 2, 2) == "\r\n");
    CHECK(one_shot.body.size() <= max_body);
    CHECK(one_shot.body.size() <= one_shot.message_end - body_start);
    CHECK(r.consumed == one_shot.message_end);
  } else if (r.status == parse_status::error) {
    CHECK(r.error_status == 400 || r.error_status == 413 || r.error_status == 431);
  }

  // Two reads, split at a point of the body: the same outcome.
  const std::size_t rest = input.size() - body_start;
  const std::size_t cut = body_start + split_point(data, rest, 2) % (rest + 1);
  CHECK(same_decoded(one_shot, decode_in_reads(input, body_start, {cut, input.size()})));

  // One byte per read, for small bodies (each read rescans the current line).
  if (rest <= 512) {
    std::vector<std::size_t> cuts;
    for (std::size_t end = body_start; end <= input.size(); ++end) cuts.push_back(end);
    CHECK(same_decoded(one_shot, decode_in_reads(input, body_start, cuts)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_percent_decode(input.substr(0, 256));

  request_head full;
  const parse_result r = parse_head(input, full, limits);
  check_result_shape(r);

  // Parsing the same bytes again, into a head that already holds a request, gives the same result
  // (the connection relies on this to refresh its views after the buffer moves).
  request_head again;
  again.headers.push_back({"stale", "field"});
  again.body = body_kind::chunked;
  const parse_result r_again = parse_head(input, again, limits);
  CHECK(r_again.status == r.status && r_again.consumed == r.consumed && r_again.error_status == r.error_status);
  if (r.status == parse_status::complete) CHECK(same_head(full, again));

  // A prefix of the input, as one read of a longer stream: incomplete, or the answer of the whole.
  const std::size_t cut = split_point(data, size, 1);
  request_head part;
  const parse_result p = parse_head(input.substr(0, cut), part, limits);
  check_result_shape(p);
  if (p.status == parse_status::complete) {
    CHECK(r.status == parse_status::complete && r.consumed == p.consumed);
    CHECK(same_head(full, part));
  } else if (p.status == parse_status::error) {
    CHECK(r.status == parse_status::error && r.error_status == p.error_status);
  }
  // Conversely, once the whole head is in the prefix, the prefix is the request.
  if (r.status == parse_status::complete && cut >= r.consumed) CHECK(p.status == parse_status::complete);
  // Then the next read completes it, in the same head object as a connection does.
  if (p.status == parse_status::incomplete) {
    const parse_result next = parse_head(input, part, limits);
    CHECK(next.status == r.status && next.consumed == r.consumed && next.error_status == r.error_status);
    if (r.status == parse_status::complete) CHECK(same_head(full, part));
  }

  if (r.status != parse_status::complete) return 0;
  check_complete_head(full, r, input);
  // One byte short of the head can only be incomplete.
  request_head short_head;
  CHECK(parse_head(input.substr(0, r.consumed - 1), short_head, limits).status == parse_status::incomplete);

  check_percent_decode(full.path);
  check_percent_decode(full.query);
  if (full.body == body_kind::chunked) check_chunked(input, r.consumed, data);
  return 0;
}
