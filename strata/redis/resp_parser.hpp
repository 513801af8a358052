// resp_parser: RESP2 and RESP3, incremental over a read buffer. Each call consumes whole tokens
// (a line, or a bulk payload once all of it is there) and keeps aggregates under construction
// on its own stack, so bytes are looked at once however the reply is split across reads.
// Limits turn hostile or broken input into an error, never a crash or unbounded memory.
#pragma once
#include <cstddef>
#include <strata/redis/reply.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace strata::redis {

struct parser_limits {
  std::size_t max_bulk_length = 512u << 20;  // bytes of one bulk, blob error or verbatim string
  std::size_t max_elements = 64u << 20;      // elements of one aggregate (a map counts 2 per entry)
  std::size_t max_depth = 64;                // aggregates (and attributes) nested in each other
  std::size_t max_line_length = 64u << 10;   // simple strings, errors, numbers
};

class resp_parser {
 public:
  enum class status { complete, need_more, error };

  explicit resp_parser(parser_limits limits = {}) : limits_(limits) {}

  // Parses from the start of `data`. complete: a whole reply is in `out`; need_more: the bytes
  // so far are part of a reply; error: not RESP or past a limit (error_message() says which;
  // the parser must be reset() before further use). In every case `consumed` is set to the
  // bytes used, which the caller drops from its buffer before the next call (after need_more
  // too: the parser has kept what it needs of them).
  status parse(std::string_view data, std::size_t& consumed, reply& out);

  const std::string& error_message() const noexcept { return error_; }
  // True while a reply is partly parsed.
  bool in_progress() const noexcept { return !frames_.empty() || bulk_pending_; }
  void reset();

 private:
  struct frame {
    reply_type type;  // array, map, set, push; attribute frames are marked by `attribute`
    bool attribute = false;
    std::size_t expected = 0;
    std::vector<reply> elements;
    std::vector<reply> attributes;  // parsed attributes waiting for the next element
  };

  status fail(std::string message);
  // Hands a finished value to the aggregate on top of the stack, or out when there is none.
  // Returns true when a whole top-level reply is done.
  bool deliver(reply value, reply& out);
  status begin_aggregate(reply_type type, bool attribute, long long count, reply& out, bool& done);
  status begin_bulk(char marker, long long length, reply& out, bool& done);

  parser_limits limits_;
  std::vector<frame> frames_;
  std::vector<reply> top_attributes_;
  bool bulk_pending_ = false;  // a bulk header is read, its payload not yet
  char bulk_marker_ = 0;
  std::size_t bulk_length_ = 0;
  std::string error_;
};

}  // namespace strata::redis
