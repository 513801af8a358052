// load: the layers in order, the environment's string values typed as they go in, then schema
// validation; every problem from every layer is collected before anything is returned.
#include <strata/config/detail/coerce.hpp>
#include <strata/config/detail/config_file.hpp>
#include <strata/config/detail/config_state.hpp>
#include <strata/config/detail/set_args.hpp>
#include <strata/config/dotenv.hpp>
#include <strata/config/environment.hpp>
#include <strata/config/load.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>

namespace strata::config {
namespace detail {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string display(const fs::path& p) { return p.lexically_normal().generic_string(); }
std::string json_quoted(std::string_view s) { return json::serialize(json::string(s)); }

// An environment name becomes part of a file name: keep it to one plain path segment.
bool valid_env_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

}  // namespace

class loader {
public:
  explicit loader(const load_options& o) : o_(o), state_(std::make_shared<config_state>()), cfg_(state_) {
    state_->rules = o.schema;
  }

  load_result run() {
    env_ = o_.env ? *o_.env : process_environment();
    read_dotenv();
    const std::vector<set_arg> sets = parse_set_args(o_.args, errors_);
    choose_env_name(sets);

    state_->values.merge(o_.schema.defaults(), {"default"});
    state_->values.merge(o_.defaults, {"default"});
    read_files();
    apply_variables(dotenv_, display(o_.dotenv_path) + " ");
    apply_variables(env_, "env ");
    for (const set_arg& s : sets) assign(s.key, s.value, {"--set"});
    validate();

    if (!errors_.empty()) return load_result(std::move(errors_));
    return load_result(std::move(cfg_));
  }

private:
  struct variable {
    std::string name;
    std::string value;
    env_binding binding;
  };

  bool is_known(std::string_view key) const {
    return o_.schema.node(key) != nullptr || state_->values.find(key) != nullptr;
  }

  // .env never overrides the environment: its variables are those the environment lacks.
  void read_dotenv() {
    if (o_.dotenv_path.empty()) return;
    std::error_code ec;
    if (!fs::exists(o_.dotenv_path, ec)) return;
    const std::string name = display(o_.dotenv_path);
    std::string error;
    const std::optional<std::string> text = read_file(o_.dotenv_path, error);
    if (!text) {
      errors_.push_back(config_error::about_source(name, "cannot read (" + error + ")"));
      return;
    }
    dotenv_parse_result parsed = parse_dotenv(*text, env_);
    for (const dotenv_error& e : parsed.errors)
      errors_.push_back(config_error::about_source(name + ":" + std::to_string(e.line), e.message));
    for (dotenv_entry& e : parsed.entries)
      if (!env_.contains(e.key)) dotenv_[e.key] = std::move(e.value);
  }

  // The variables of one layer that set config keys, in the order they apply: the common names
  // (PORT) first, so the prefixed ones (STRATA_HTTP__PORT) win over them.
  std::vector<variable> bind(const env_map& vars) const {
    std::vector<variable> common, prefixed;
    auto known = [this](std::string_view key) { return is_known(key); };
    for (const auto& [name, value] : vars) {
      std::optional<env_binding> b = bind_env(name, o_.env_prefix, o_.env_aliases, known);
      if (!b) continue;
      const std::string_view base = b->from_file ? std::string_view(name).substr(0, name.size() - 5) : name;
      (o_.env_aliases.contains(base) ? common : prefixed).push_back({name, value, std::move(*b)});
    }
    common.insert(common.end(), prefixed.begin(), prefixed.end());
    return common;
  }

  void choose_env_name(const std::vector<set_arg>& sets) {
    std::string name = "development", source = "default";
    if (!o_.env_name.empty()) {
      name = o_.env_name;
      source = "load_options::env_name";
    } else {
      auto scan = [&](const env_map& vars, const std::string& prefix) {
        for (const variable& v : bind(vars))
          if (v.binding.key == "env" && !v.binding.from_file) {
            name = v.value;
            source = prefix + v.name;
          }
      };
      scan(dotenv_, display(o_.dotenv_path) + " ");
      scan(env_, "env ");
      for (const set_arg& s : sets)
        if (s.key == "env") {
          name = s.value;
          source = "--set";
        }
    }
    if (!valid_env_name(name)) {
      errors_.emplace_back("env", "an environment name of letters, digits, '_', '-' and '.'", json_quoted(name),
                           source);
      return;
    }
    state_->env_name = name;
    env_name_ok_ = true;
  }

  void read_files() {
    if (!env_name_ok_) return;  // which file to read is unknown; the name is already an error
    std::vector<std::string> layers = {"default"};
    if (state_->env_name != "default" && state_->env_name != "local") layers.push_back(state_->env_name);
    layers.push_back("local");
    for (const std::string& layer : layers)
      for (const char* ext : {".json", ".yaml", ".yml"}) {
        const fs::path path = o_.config_dir / (layer + ext);
        std::error_code ec;
        if (!fs::exists(path, ec)) continue;
        const std::string name = display(path);
        if (std::optional<json::object> o = read_config_file(path, name, errors_)) state_->values.merge(*o, {name});
      }
  }

  void apply_variables(const env_map& vars, const std::string& source_prefix) {
    const std::vector<variable> bound = bind(vars);
    // NAME and NAME_FILE in one layer contradict each other; say so rather than pick one.
    std::set<std::string> contradicted;
    for (const variable& v : bound)
      if (v.binding.from_file)
        if (const std::string plain = v.name.substr(0, v.name.size() - 5); vars.contains(plain)) {
          errors_.emplace_back(v.binding.key, "one of " + plain + " or " + v.name, "both",
                               source_prefix.substr(0, source_prefix.size() - 1));
          contradicted.insert(plain);
          contradicted.insert(v.name);
        }
    for (const variable& v : bound) {
      if (contradicted.contains(v.name)) continue;
      if (!v.binding.from_file) {
        assign(v.binding.key, v.value, {source_prefix + v.name});
        continue;
      }
      std::string error;
      std::optional<std::string> text = read_file(v.value, error);
      if (!text) {
        errors_.emplace_back(v.binding.key, "a readable file", json_quoted(v.value) + " (" + error + ")",
                             source_prefix + v.name);
        continue;
      }
      // Secret files usually end with a newline that is not part of the secret.
      while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
      assign(v.binding.key, *text, {source_prefix + v.name, true});
    }
  }

  void assign(const std::string& key, std::string_view text, const origin& where) {
    const json::value value = coerce(text, o_.schema.node(key), state_->values.find(key));
    state_->values.set(split_key(key), value, where);
  }

  // Where a missing key can be given, for the error message.
  std::string hint_for(const std::string& key) const {
    std::string vars;
    for (const auto& [name, k] : o_.env_aliases)
      if (k == key) vars += name + " / ";
    std::string prefixed = o_.env_prefix;
    bool expressible = !o_.env_prefix.empty();
    for (char c : key) {
      if (c == '.')
        prefixed += "__";
      else if (c == '-')
        expressible = false;
      else
        prefixed += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (expressible)
      vars += prefixed;
    else if (!vars.empty())
      vars.resize(vars.size() - 3);
    std::string hint = "set it in " + display(o_.config_dir) + "/*.yaml";
    if (!vars.empty()) hint += ", env " + vars;
    return hint + ", or --set " + key + "=...";
  }

  void validate() {
    for (schema_violation& v : o_.schema.validate(state_->values.root())) {
      if (!v.got) {
        errors_.emplace_back(v.key, v.expected, "nothing", "", hint_for(v.key));
        continue;
      }
      std::string shown = cfg_.show(v.key, *v.got);
      if (shown.size() > 100) {
        shown.resize(97);
        shown += "...";
      }
      errors_.emplace_back(v.key, v.expected, std::move(shown), cfg_.source_of(v.key));
    }
  }

  const load_options& o_;
  std::shared_ptr<config_state> state_;  // built here; cfg_ is its read-only face for messages
  config cfg_;
  env_map env_, dotenv_;
  bool env_name_ok_ = false;
  std::vector<config_error> errors_;
};

}  // namespace detail

load_result load(const load_options& options) { return detail::loader(options).run(); }

config load_or_exit(const load_options& options) {
  load_result r = load(options);
  if (r) return std::move(r).value();
  const auto& errors = r.errors();
  std::fprintf(stderr, "config: %zu error%s, not starting:\n%s", errors.size(), errors.size() == 1 ? "" : "s",
               r.error_text().c_str());
  std::exit(78);  // EX_CONFIG from sysexits.h
}

config& load_result::value() & {
  if (!ok()) throw std::logic_error("config not loaded:\n" + error_text());
  return std::get<config>(value_);
}
const config& load_result::value() const& {
  if (!ok()) throw std::logic_error("config not loaded:\n" + error_text());
  return std::get<config>(value_);
}
config&& load_result::value() && { return std::move(value()); }

const std::vector<config_error>& load_result::errors() const {
  static const std::vector<config_error> none;
  return ok() ? none : std::get<1>(value_);
}

std::string load_result::error_text() const {
  std::string out;
  for (const config_error& e : errors()) out += std::string("  ") + e.what() + "\n";
  return out;
}

}  // namespace strata::config
