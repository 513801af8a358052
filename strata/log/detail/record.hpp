// record: one log line being assembled. The fixed prefix (level, time, pid, hostname) and the
// logger's pre-serialized bindings are appended raw; fields go through json_writer with the
// redaction cursor; commit() closes the line with "msg" and queues it.
#pragma once
#include <strata/log/detail/json_writer.hpp>
#include <strata/log/detail/logger_state.hpp>
#include <strata/log/detail/redact.hpp>

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace strata::log::detail {

class record {
public:
  record(const logger_state& from, level l);
  // With the "time" given (epoch milliseconds), e.g. from a clock reading the caller already has.
  record(const logger_state& from, level l, std::int64_t time_ms);
  ~record();
  record(const record&) = delete;
  record& operator=(const record&) = delete;

  json_writer& writer() { return writer_; }
  // The redaction cursor for top-level members.
  const path_cursor& top() const { return top_; }
  std::string_view censor() const { return censor_; }

  // Every member of `fields`, redacted.
  void fields(const boost::json::object& fields);
  // "err": {"type", "message", "stack"}.
  void error(const std::exception& e);
  void error(const std::exception_ptr& e);
  // Appends "msg", ends the line and queues it.
  void commit(std::string_view msg);
  // Appends `tail`, the rest of the line already serialized (',"msg":"..."}' and the newline,
  // see message_tail), and queues it.
  void commit_with(std::string_view tail);

private:
  // A per-thread buffer that keeps its capacity from record to record: no allocation per line.
  std::string& line_;
  json_writer writer_;
  path_cursor top_;
  std::string_view censor_;
};

// Member `key` of the object being written: the censor when a redact path ends at it, else
// write(cursor below key). When no path goes through `parent` it costs nothing over key().
template <class F>
void member(json_writer& w, const path_cursor& parent, std::string_view key, std::string_view censor, F&& write) {
  w.key(key);
  if (parent.idle()) return write(parent);
  auto at = parent.step(key);
  if (at.censored()) return w.string(censor);
  write(at);
}

// The err serializer (pino-std-serializers' err): type is the demangled dynamic type.
void write_error(json_writer& w, const std::exception& e, const path_cursor& at, std::string_view censor);

// ',"msg":<msg as JSON>}' and the newline: what commit(msg) appends, for commit_with.
std::string message_tail(std::string_view msg);

// Milliseconds since the epoch, the "time" field.
std::int64_t epoch_ms();
// The epoch milliseconds of a steady-clock reading: the system clock is read once a second per
// thread and steady time added to it, so a caller that has a steady reading needs no second one.
std::int64_t epoch_ms_at(std::chrono::steady_clock::time_point t);
// The process id, refreshed in a forked child.
int process_id();
void refresh_process_id();
// The host name as a JSON string, quotes included.
const std::string& hostname_json();

}  // namespace strata::log::detail
