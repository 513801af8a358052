// Assembling a record, and the err serializer.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/detail/record.hpp>

#include <boost/json/object.hpp>

#include <cxxabi.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <typeinfo>
#include <vector>

namespace strata::log::detail {

namespace {

std::atomic<int>& pid_cell() {
  static std::atomic<int> pid{static_cast<int>(::getpid())};
  return pid;
}

std::string demangle(const std::type_info& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(t.name());
}

// "type: message", then "caused by: type: message" for each std::nested_exception inside.
void append_chain(std::string& stack, const std::exception& e, int depth) {
  if (depth > 0) stack += "\ncaused by: ";
  stack += demangle(typeid(e));
  stack += ": ";
  stack += e.what();
  const auto* nested = dynamic_cast<const std::nested_exception*>(&e);
  if (!nested || !nested->nested_ptr() || depth >= 8) return;
  try {
    std::rethrow_exception(nested->nested_ptr());
  } catch (const std::exception& inner) {
    append_chain(stack, inner, depth + 1);
  } catch (...) {
    stack += "\ncaused by: a non-standard exception";
  }
}

// Line buffers of this thread, reused. A stack, because formatting one record may log another
// (a what() that logs): each record in progress has its own.
struct line_buffers {
  std::vector<std::unique_ptr<std::string>> all;
  std::size_t in_use = 0;
};

line_buffers& this_thread_buffers() {
  thread_local line_buffers buffers;
  return buffers;
}

std::string& take_line_buffer() {
  auto& b = this_thread_buffers();
  if (b.all.size() == b.in_use) b.all.push_back(std::make_unique<std::string>());
  auto& line = *b.all[b.in_use++];
  line.clear();
  return line;
}

void give_back_line_buffer(std::string& line) {
  if (line.capacity() > (64u << 10)) std::string().swap(line);  // one huge record does not pin its memory
  --this_thread_buffers().in_use;
}

}  // namespace

std::int64_t epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int process_id() { return pid_cell().load(std::memory_order_relaxed); }
void refresh_process_id() { pid_cell().store(static_cast<int>(::getpid()), std::memory_order_relaxed); }

const std::string& hostname_json() {
  static const std::string name = [] {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) buf[0] = '\0';
    std::string out;
    append_json_string(out, buf);
    return out;
  }();
  return name;
}

std::int64_t epoch_ms_at(std::chrono::steady_clock::time_point t) {
  using namespace std::chrono;
  struct sync_point {
    steady_clock::time_point steady{};
    system_clock::time_point system{};
  };
  thread_local sync_point sync;
  if (t - sync.steady > seconds(1) || t < sync.steady) {
    // Re-read both clocks: a step of the system clock (NTP) shows within a second.
    sync.steady = steady_clock::now();
    sync.system = system_clock::now();
  }
  auto system = sync.system + duration_cast<system_clock::duration>(t - sync.steady);
  return duration_cast<milliseconds>(system.time_since_epoch()).count();
}

record::record(const logger_state& from, level l) : record(from, l, epoch_ms()) {}

namespace {

// ',"pid":N,"hostname":"h"': the same on every line of this process, so it is built once per
// thread, and again in a forked child, whose pid differs.
const std::string& pid_and_hostname_json() {
  thread_local std::string text;
  thread_local int built_for = 0;
  const int pid = process_id();
  if (pid != built_for) {
    text = ",\"pid\":";
    append_json_number(text, static_cast<std::int64_t>(pid));
    text += ",\"hostname\":";
    text += hostname_json();
    built_for = pid;
  }
  return text;
}

// ',"msg":<msg>}' and the newline: every record has members before it (level, time...), so the
// comma is always right.
void append_message_tail(std::string& out, std::string_view msg) {
  out += ",\"msg\":";
  append_json_string(out, msg);
  out += "}\n";
}

}  // namespace

record::record(const logger_state& from, level l, std::int64_t time_ms)
    : line_(take_line_buffer()), writer_(line_, true, true) {
  const redactor& r = async_sink::instance().redaction();
  top_ = path_cursor(r.root());
  censor_ = r.censor();
  const std::string& pid_host = pid_and_hostname_json();
  line_.reserve(pid_host.size() + from.bindings.size() + 256);
  // '{"level":30,"time":1700000000000' assembled on the stack, then appended in one go.
  char head[64];
  char* end = head;
  auto literal = [&](std::string_view text) { end = std::copy(text.begin(), text.end(), end); };
  literal("{\"level\":");
  end = std::to_chars(end, head + sizeof head, static_cast<int>(l)).ptr;
  literal(",\"time\":");
  end = std::to_chars(end, head + sizeof head, time_ms).ptr;
  line_.append(head, end);
  line_ += pid_host;
  line_ += from.bindings;
}

void record::fields(const boost::json::object& fields) {
  for (const auto& m : fields)
    member(writer_, top_, m.key(), censor_,
           [&](const path_cursor& at) { write_redacted(writer_, m.value(), at, censor_); });
}

void record::error(const std::exception& e) {
  member(writer_, top_, "err", censor_, [&](const path_cursor& at) { write_error(writer_, e, at, censor_); });
}

void record::error(const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    error(ex);
  } catch (...) {
    member(writer_, top_, "err", censor_, [&](const path_cursor& at) {
      writer_.begin_object();
      member(writer_, at, "type", censor_, [&](auto&) { writer_.string("unknown"); });
      member(writer_, at, "message", censor_, [&](auto&) { writer_.string("a non-standard exception"); });
      member(writer_, at, "stack", censor_, [&](auto&) { writer_.string("unknown: a non-standard exception"); });
      writer_.end_object();
    });
  }
}

void record::commit(std::string_view msg) {
  append_message_tail(line_, msg);
  async_sink::instance().push(line_);
}

void record::commit_with(std::string_view tail) {
  line_ += tail;
  async_sink::instance().push(line_);
}

std::string message_tail(std::string_view msg) {
  std::string tail;
  append_message_tail(tail, msg);
  return tail;
}

record::~record() { give_back_line_buffer(line_); }

void write_error(json_writer& w, const std::exception& e, const path_cursor& at, std::string_view censor) {
  auto type = demangle(typeid(e));
  w.begin_object();
  member(w, at, "type", censor, [&](auto&) { w.string(type); });
  member(w, at, "message", censor, [&](auto&) { w.string(e.what()); });
  // C++ has no portable way to capture a stack trace at the throw site (std::stacktrace is C++23
  // and the exception does not carry one), so "stack" holds what Pino's first stack line holds,
  // "Type: message", plus the nested exceptions. The field stays so tools that read it still work.
  member(w, at, "stack", censor, [&](auto&) {
    std::string stack;
    append_chain(stack, e, 0);
    w.string(stack);
  });
  w.end_object();
}

}  // namespace strata::log::detail
