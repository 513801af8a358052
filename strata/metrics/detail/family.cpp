// family_base: validation and the child index.
#include <strata/metrics/detail/family.hpp>

#include <algorithm>
#include <stdexcept>

namespace strata::metrics::detail {

namespace {

bool name_char(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, colon)) return false;
  return true;
}

// The child index key: label values joined by 0xFF, a byte that never occurs in UTF-8.
void make_key(std::span<const std::string_view> values, std::string& key) {
  key.clear();
  for (auto v : values) {
    key.append(v);
    key.push_back('\xff');
  }
}

}  // namespace

// Prometheus rejects a whole scrape that is not valid UTF-8, so one bad label value would hide
// every metric: it is refused where it enters instead.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

bool valid_metric_name(std::string_view name) { return valid_name(name, true); }
bool valid_label_name(std::string_view name) { return valid_name(name, false) && !name.starts_with("__"); }

family_base::family_base(family_info info) : info_(std::move(info)) {
  const auto& i = info_;
  if (!valid_metric_name(i.name)) throw std::invalid_argument("metrics: invalid metric name '" + i.name + "'");
  if (i.help.empty()) throw std::invalid_argument("metrics: metric '" + i.name + "' needs a help text");
  if (!valid_utf8(i.help)) throw std::invalid_argument("metrics: help of '" + i.name + "' is not UTF-8");
  for (std::size_t k = 0; k < i.label_names.size(); ++k) {
    const auto& l = i.label_names[k];
    if (!valid_label_name(l)) throw std::invalid_argument("metrics: invalid label name '" + l + "' in " + i.name);
    if (std::find(i.label_names.begin(), i.label_names.begin() + static_cast<std::ptrdiff_t>(k), l) !=
        i.label_names.begin() + static_cast<std::ptrdiff_t>(k))
      throw std::invalid_argument("metrics: duplicate label name '" + l + "' in " + i.name);
    if ((i.type == metric_type::histogram && l == "le") || (i.type == metric_type::summary && l == "quantile"))
      throw std::invalid_argument("metrics: label name '" + l + "' is reserved in " + i.name);
  }
}

family_base::~family_base() = default;

void family_base::init() {
  // A family without labels has exactly one series, exposed (as 0) before its first update.
  if (info_.label_names.empty()) unlabelled_ = &child({});
}

child_base& family_base::child(std::span<const std::string_view> values) {
  if (values.size() != info_.label_names.size())
    throw std::invalid_argument("metrics: " + info_.name + " takes " + std::to_string(info_.label_names.size()) +
                                " label values, got " + std::to_string(values.size()));
  thread_local std::string key;  // reused, so a lookup of an existing child does not allocate
  make_key(values, key);
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(std::string_view(key)); it != index_.end()) return *it->second;
  for (auto v : values)
    if (!valid_utf8(v)) throw std::invalid_argument("metrics: a label value of " + info_.name + " is not UTF-8");
  auto c = make_child();
  child_base* p = c.get();
  children_.emplace_back(std::vector<std::string>(values.begin(), values.end()), std::move(c));
  index_.emplace(key, p);
  return *p;
}

child_base& family_base::unlabelled() const {
  if (!unlabelled_) throw std::logic_error("metrics: " + info_.name + " has labels; use labels(...)");
  return *unlabelled_;
}

family_snapshot family_base::collect() const {
  family_snapshot out;
  out.name = info_.name;
  out.help = info_.help;
  out.type = info_.type;
  out.label_names = info_.label_names;
  out.bounds = info_.bounds;
  std::lock_guard lock(mutex_);
  out.children.resize(children_.size());
  for (std::size_t i = 0; i < children_.size(); ++i) {
    out.children[i].label_values = children_[i].first;
    snapshot(*children_[i].second, out.children[i]);
  }
  return out;
}

void family_base::reset() {
  std::lock_guard lock(mutex_);
  for (auto& [values, c] : children_) zero(*c);
}

child_base& family_child(family_base& f, std::span<const std::string_view> values) { return f.child(values); }
child_base& family_unlabelled(const family_base& f) { return f.unlabelled(); }
const std::string& family_name(const family_base& f) { return f.info().name; }
void family_reset(family_base& f) { f.reset(); }
family_snapshot family_collect(const family_base& f) { return f.collect(); }

}  // namespace strata::metrics::detail
