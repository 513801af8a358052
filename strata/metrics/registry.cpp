// registry: families and collectors in registration order, under one mutex that only
// registration and scrapes take.
#include <strata/metrics/detail/family.hpp>
#include <strata/metrics/registry.hpp>

#include <mutex>
#include <stdexcept>
#include <variant>

namespace strata::metrics {

namespace detail {

struct registry_state {
  struct named_collector {
    std::string id;
    collector fn;
  };
  std::mutex mutex;
  std::vector<std::variant<std::shared_ptr<family_base>, named_collector>> entries;

  std::shared_ptr<family_base> add(family_info info, std::shared_ptr<family_base> (*make)(family_info)) {
    auto made = make(info);  // validates and normalizes (sorted quantiles, dropped +Inf bucket)
    std::lock_guard lock(mutex);
    for (auto& e : entries) {
      auto* f = std::get_if<std::shared_ptr<family_base>>(&e);
      if (!f || (*f)->info().name != made->info().name) continue;
      if ((*f)->info() == made->info()) return *f;
      throw std::invalid_argument("metrics: " + made->info().name + " is already registered with another definition");
    }
    entries.emplace_back(made);
    return made;
  }
};

}  // namespace detail

registry::registry() : state_(std::make_shared<detail::registry_state>()) {}

metrics::counter registry::counter(counter_options o) {
  detail::family_info info{std::move(o.name), std::move(o.help), metric_type::counter, std::move(o.label_names)};
  return metrics::counter(state_->add(std::move(info), detail::make_counter_family));
}

metrics::gauge registry::gauge(gauge_options o) {
  detail::family_info info{std::move(o.name), std::move(o.help), metric_type::gauge, std::move(o.label_names)};
  return metrics::gauge(state_->add(std::move(info), detail::make_gauge_family));
}

metrics::histogram registry::histogram(histogram_options o) {
  detail::family_info info{std::move(o.name), std::move(o.help), metric_type::histogram, std::move(o.label_names),
                           std::move(o.buckets)};
  return metrics::histogram(state_->add(std::move(info), detail::make_histogram_family));
}

metrics::summary registry::summary(summary_options o) {
  detail::family_info info{std::move(o.name),        std::move(o.help), metric_type::summary, std::move(o.label_names),
                           std::move(o.percentiles), o.max_age,         o.age_buckets};
  return metrics::summary(state_->add(std::move(info), detail::make_summary_family));
}

void registry::add_collector(std::string id, collector fn) {
  std::lock_guard lock(state_->mutex);
  for (auto& e : state_->entries)
    if (auto* c = std::get_if<detail::registry_state::named_collector>(&e); c && c->id == id) {
      c->fn = std::move(fn);
      return;
    }
  state_->entries.emplace_back(detail::registry_state::named_collector{std::move(id), std::move(fn)});
}

std::vector<family_snapshot> registry::collect() const {
  decltype(state_->entries) entries;
  {
    // Copied out so slow collectors and busy families do not hold up registration.
    std::lock_guard lock(state_->mutex);
    entries = state_->entries;
  }
  std::vector<family_snapshot> out;
  out.reserve(entries.size());
  for (const auto& e : entries) {
    if (auto* f = std::get_if<std::shared_ptr<detail::family_base>>(&e))
      out.push_back((*f)->collect());
    else
      std::get<detail::registry_state::named_collector>(e).fn(out);
  }
  return out;
}

std::string registry::expose(exposition_format format) const {
  return render(collect(), format);
}

void registry::reset() {
  std::lock_guard lock(state_->mutex);
  for (auto& e : state_->entries)
    if (auto* f = std::get_if<std::shared_ptr<detail::family_base>>(&e)) (*f)->reset();
}

}  // namespace strata::metrics
