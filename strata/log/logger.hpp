// logger: Pino's API in C++. A logger is a cheap handle (one pointer) with a name and bindings;
// each call formats one JSON line on the calling thread and queues it for the sink (sink.hpp):
//   {"level":30,"time":1700000000000,"pid":7,"hostname":"web-1",<bindings>,<fields>,"msg":"..."}
#pragma once
#include <strata/log/level.hpp>

#include <boost/intrusive_ptr.hpp>
#include <boost/json/object.hpp>

#include <exception>
#include <string_view>

namespace strata::log {

namespace detail {
struct logger_state;
void intrusive_ptr_add_ref(const logger_state* s);
void intrusive_ptr_release(const logger_state* s);
}  // namespace detail

class logger {
public:
  // The root logger.
  logger();

  void trace(std::string_view msg, boost::json::object fields = {}) const { write(level::trace, msg, fields); }
  void debug(std::string_view msg, boost::json::object fields = {}) const { write(level::debug, msg, fields); }
  void info(std::string_view msg, boost::json::object fields = {}) const { write(level::info, msg, fields); }
  void warn(std::string_view msg, boost::json::object fields = {}) const { write(level::warn, msg, fields); }
  void error(std::string_view msg, boost::json::object fields = {}) const { write(level::error, msg, fields); }
  // Fatal records are written before the call returns (waiting at most 10 s): a process that logs
  // at fatal is usually about to die.
  void fatal(std::string_view msg, boost::json::object fields = {}) const { write(level::fatal, msg, fields); }

  // With "err": {"type", "message", "stack"} from the exception, first among the fields.
  void error(const std::exception& e, std::string_view msg, boost::json::object fields = {}) const {
    write(level::error, e, msg, fields);
  }
  void error(const std::exception_ptr& e, std::string_view msg, boost::json::object fields = {}) const;
  void fatal(const std::exception& e, std::string_view msg, boost::json::object fields = {}) const {
    write(level::fatal, e, msg, fields);
  }

  void write(level l, std::string_view msg, const boost::json::object& fields = {}) const;
  void write(level l, const std::exception& e, std::string_view msg, const boost::json::object& fields = {}) const;

  // Two relaxed atomic loads: cheap enough to guard building expensive fields.
  bool enabled(level l) const;
  // The threshold in force for this logger's name.
  level threshold() const;
  // Sets the threshold of every logger with this logger's name, at once (same as
  // log::set_level(name(), l)).
  void set_level(level l) const;

  // A logger whose records carry `bindings` after the parent's (Pino's child()). Bindings are
  // serialized and redacted here, once, not on every record.
  logger child(const boost::json::object& bindings) const;
  // One string binding, without building a JSON object (the request logger's reqId).
  logger child(std::string_view key, std::string_view value) const;
  // A child with a "name" binding whose level is the name's: set_level("db", ...) reaches it.
  logger named(std::string_view name) const;
  std::string_view name() const;

  const detail::logger_state& state() const { return *state_.get(); }

private:
  friend logger& root();
  explicit logger(boost::intrusive_ptr<const detail::logger_state> s) : state_(std::move(s)) {}
  boost::intrusive_ptr<const detail::logger_state> state_;
};

// The root logger: no name, no bindings; its level is options.level. Not to be assigned to while
// other threads log.
logger& root();
// root().named(name).
logger get(std::string_view name);

}  // namespace strata::log
