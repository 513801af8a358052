// The logger handle: level checks, records, children, names, and the root logger.
#include <strata/log/detail/async_sink.hpp>
#include <strata/log/detail/logger_state.hpp>
#include <strata/log/detail/record.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/sink.hpp>

#include <chrono>

namespace strata::log {

namespace detail {
void intrusive_ptr_add_ref(const logger_state* s) { s->refs.fetch_add(1, std::memory_order_relaxed); }
void intrusive_ptr_release(const logger_state* s) {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete s;
}
}  // namespace detail

namespace {

// fatal is usually the last word of a process: wait for it to be written, but not for ever.
void settle(level l) {
  if (l == level::fatal) detail::async_sink::instance().flush(std::chrono::seconds(10));
}

boost::intrusive_ptr<detail::logger_state> copy_state(const detail::logger_state& from) {
  boost::intrusive_ptr<detail::logger_state> s(new detail::logger_state);
  s->name = from.name;
  s->cell = from.cell;
  s->bindings = from.bindings;
  return s;
}

}  // namespace

logger::logger() : state_(root().state_) {}

logger& root() {
  static auto* r = [] {
    boost::intrusive_ptr<detail::logger_state> s(new detail::logger_state);
    s->cell = &detail::root_level_cell();
    return new logger(std::move(s));
  }();
  return *r;
}

logger get(std::string_view name) { return root().named(name); }

void logger::write(level l, std::string_view msg, const boost::json::object& fields) const {
  if (!enabled(l)) return;
  detail::record r(*state_, l);
  r.fields(fields);
  r.commit(msg);
  settle(l);
}

void logger::write(level l, const std::exception& e, std::string_view msg, const boost::json::object& fields) const {
  if (!enabled(l)) return;
  detail::record r(*state_, l);
  r.error(e);
  r.fields(fields);
  r.commit(msg);
  settle(l);
}

void logger::error(const std::exception_ptr& e, std::string_view msg, boost::json::object fields) const {
  if (!enabled(level::error)) return;
  detail::record r(*state_, level::error);
  r.error(e);
  r.fields(fields);
  r.commit(msg);
}

bool logger::enabled(level l) const { return l != level::silent && detail::enabled(*state_->cell, l); }

std::string_view logger::name() const { return state_->name; }

level logger::threshold() const {
  int t = state_->cell->threshold.load(std::memory_order_relaxed);
  if (t == 0) t = detail::root_level_cell().threshold.load(std::memory_order_relaxed);
  return static_cast<level>(t);
}

void logger::set_level(level l) const {
  state_->cell->threshold.store(static_cast<int>(l), std::memory_order_relaxed);
}

logger logger::child(const boost::json::object& bindings) const {
  auto s = copy_state(*state_);
  const auto& red = detail::async_sink::instance().redaction();
  detail::path_cursor top(red.root());
  detail::json_writer w(s->bindings, true, true);
  for (const auto& m : bindings)
    detail::member(w, top, m.key(), red.censor(),
                   [&](const detail::path_cursor& at) { detail::write_redacted(w, m.value(), at, red.censor()); });
  return logger(std::move(s));
}

logger logger::child(std::string_view key, std::string_view value) const {
  auto s = copy_state(*state_);
  const auto& red = detail::async_sink::instance().redaction();
  detail::path_cursor top(red.root());
  detail::json_writer w(s->bindings, true, true);
  detail::member(w, top, key, red.censor(), [&](const detail::path_cursor&) { w.string(value); });
  return logger(std::move(s));
}

logger logger::named(std::string_view name) const {
  auto s = copy_state(*state_);
  s->name = std::string(name);
  s->cell = &detail::level_cell_for(name);
  detail::json_writer w(s->bindings, true, true);
  w.key("name");
  w.string(name);
  return logger(std::move(s));
}

}  // namespace strata::log
