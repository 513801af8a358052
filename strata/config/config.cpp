// config: sources, secrets, showing values and the typed-access error.
#include <strata/config/config.hpp>
#include <strata/config/detail/config_state.hpp>
#include <strata/config/redact.hpp>

#include <boost/json/serialize.hpp>

namespace strata::config {
namespace json = boost::json;
namespace {

json::value redact_urls(const json::value& v) {
  if (v.is_string()) return json::string(redact_url_passwords(v.get_string()));
  if (v.is_array()) {
    json::array a;
    for (const auto& e : v.get_array()) a.push_back(redact_urls(e));
    return a;
  }
  if (v.is_object()) {
    json::object o;
    for (const auto& [k, e] : v.get_object()) o[k] = redact_urls(e);
    return o;
  }
  return v;
}

}  // namespace

config::config() : state_(std::make_shared<const detail::config_state>()) {}

const json::value* config::lookup(std::string_view key) const { return state_->values.find(key); }
const json::object& config::json() const { return state_->values.root(); }
const std::string& config::env_name() const { return state_->env_name; }

std::vector<std::string> config::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, o] : state_->values.leaves()) out.push_back(key);
  return out;
}

std::string config::source_of(std::string_view key) const {
  std::string out;
  for (const detail::origin* o : state_->values.origins_under(key)) out += (out.empty() ? "" : ", ") + o->source;
  return out;
}

bool config::is_secret(std::string_view key) const {
  if (state_->rules.secret(key) || secret_name(key)) return true;
  for (const detail::origin* o : state_->values.origins_under(key))
    if (o->secret) return true;
  return false;
}

std::string config::show(std::string_view key, const json::value& v, bool redact) const {
  if (!redact) return json::serialize(v);
  if (is_secret(key)) return std::string(redacted);
  return json::serialize(redact_urls(v));
}

std::string config::dump(bool redact) const {
  std::vector<std::pair<std::string, const std::string*>> lines;
  std::size_t width = 0;
  for (const auto& [key, o] : state_->values.leaves()) {
    const json::value* v = state_->values.find(key);
    std::string line = key + " = " + (v ? show(key, *v, redact) : "null");
    width = std::max(width, line.size());
    lines.emplace_back(std::move(line), &o.source);
  }
  // Sources line up, unless one long value would push them all far right.
  width = std::min<std::size_t>(width, 60);
  std::string out;
  for (auto& [line, source] : lines) {
    out += line;
    out.append(line.size() < width ? width - line.size() : 0, ' ');
    out += "   # " + *source + "\n";
  }
  return out;
}

namespace detail {

void throw_wrong_type(const config& cfg, const std::string& key, std::string_view expected, const json::value* got) {
  std::string shown = got ? cfg.show(key, *got) : "nothing";
  if (shown.size() > 100) {
    shown.resize(97);
    shown += "...";
  }
  throw config_error(key, std::string(expected), std::move(shown), cfg.source_of(key));
}

}  // namespace detail
}  // namespace strata::config
