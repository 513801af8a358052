// Assembling a record, and the err serializer.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/detail/record.hpp>

#include <boost/json/object.hpp>

#include <cxxabi.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <typeinfo>

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

record::record(const logger_state& from, level l) : writer_(line_, true, true) {
  const redactor& r = async_sink::instance().redaction();
  top_ = path_cursor(r.root());
  censor_ = r.censor();
  line_.reserve(from.bindings.size() + 192);
  line_ += "{\"level\":";
  append_json_number(line_, static_cast<std::int64_t>(l));
  line_ += ",\"time\":";
  append_json_number(line_, epoch_ms());
  line_ += ",\"pid\":";
  append_json_number(line_, static_cast<std::int64_t>(process_id()));
  line_ += ",\"hostname\":";
  line_ += hostname_json();
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
  writer_.key("msg");
  writer_.string(msg);
  line_ += "}\n";
  async_sink::instance().push(std::move(line_));
}

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
