// The rate_limit plugin: the decision in an on_request (or pre_handler) hook, the headers in
// on_send (which also runs after an error replaced the response), refunds in on_response.
#include <strata/http/error.hpp>
#include <strata/ratelimit/memory_store.hpp>
#include <strata/ratelimit/middleware.hpp>

#include <chrono>
#include <stdexcept>

namespace strata::ratelimit {

namespace detail {

std::int64_t seconds_up(std::int64_t ms) {
  return ms <= 0 ? 0 : (ms + 999) / 1000;
}

std::string policy_header(const std::vector<limit>& limits) {
  std::string out;
  for (const auto& l : limits) {
    if (!out.empty()) out += ", ";
    out += std::to_string(l.points) + ";w=" + std::to_string(std::max<std::int64_t>(1, seconds_up(l.window.count())));
  }
  return out;
}

}  // namespace detail

namespace {

using http::request;
using http::response;

struct limiter {
  rate_limit_options o;
  std::string local_key;              // where the result is kept on the request
  std::vector<std::string> prefixes;  // per limit: "name:fixed:10/1000:"
  std::string policy;
  memory_store* memory = nullptr;  // set when the store never waits: hooks run without a frame

  std::int64_t now() const { return o.clock(); }

  bool skipped(request& req) const { return o.skip && o.skip(req); }

  std::vector<check> checks_for(request& req) const {
    const std::string client = o.key(req);
    const std::int64_t cost = o.cost ? o.cost(req) : 1;
    if (cost < 0) throw std::invalid_argument("ratelimit: a request's cost must not be negative");
    std::vector<check> out;
    out.reserve(o.limits.size());
    for (std::size_t i = 0; i < o.limits.size(); ++i)
      out.push_back({bounded_key(prefixes[i] + client), o.limits[i], cost});
    return out;
  }

  // Records the decision on the request and answers it when refused.
  void apply(request& req, response& res, std::vector<check> checks, std::vector<decision> decisions,
             std::int64_t now) const {
    auto r = std::make_shared<result>();
    r->decisions = std::move(decisions);
    r->checks = std::move(checks);
    r->now_ms = now;
    r->shown = binding(r->decisions);
    r->allowed = true;
    for (const auto& d : r->decisions) r->allowed = r->allowed && d.allowed;
    req.set(local_key, std::shared_ptr<const result>(r));
    if (r->allowed) return;
    const auto retry = std::max<std::int64_t>(1, detail::seconds_up(r->shown.retry_ms));
    res.set("Retry-After", std::to_string(retry));
    if (o.on_limited) {
      o.on_limited(req, res, *r);
      return;
    }
    boost::json::object extra;
    extra["retry_after"] = retry;
    res.problem(429, "Too Many Requests", "Rate limit exceeded; retry in " + std::to_string(retry) + " s.",
                std::move(extra));
  }

  const result* found(request& req) const {
    auto* p = req.get<std::shared_ptr<const result>>(local_key);
    return p ? p->get() : nullptr;
  }

  void set_headers(request& req, response& res) const {
    const result* r = found(req);
    if (!r || !o.headers) return;
    res.set("RateLimit-Policy", policy);
    res.set("RateLimit-Limit", std::to_string(r->shown.limit));
    res.set("RateLimit-Remaining", std::to_string(r->shown.remaining));
    res.set("RateLimit-Reset", std::to_string(detail::seconds_up(r->shown.reset_ms)));
  }

  // The checks to give back once the status is known, or null.
  const result* to_refund(request& req, const response& res) const {
    if (o.count == count_mode::all) return nullptr;
    const result* r = found(req);
    if (!r || !r->allowed) return nullptr;
    const bool failed = res.status() >= 400;
    return (o.count == count_mode::failed_only) != failed ? r : nullptr;
  }
};

task<void> decide_async(std::shared_ptr<const limiter> l, request& req, response& res) {
  if (l->skipped(req)) co_return;
  auto checks = l->checks_for(req);
  const auto now = l->now();
  std::vector<decision> decisions;
  std::exception_ptr failure;
  try {
    decisions = co_await l->o.store->consume(checks, now);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    if (l->o.pass_on_store_error) co_return;
    throw http::http_error(503, "Service Unavailable", "The rate limiter's store is unavailable.");
  }
  l->apply(req, res, std::move(checks), std::move(decisions), now);
}

task<void> refund_async(std::shared_ptr<const limiter> l, request& req, response& res) {
  const result* r = l->to_refund(req, res);
  if (!r) co_return;
  try {
    co_await l->o.store->refund(r->checks, l->now());
  } catch (...) {
    // The response is gone already; a lost refund only errs on the strict side.
  }
}

}  // namespace

const result* rate_limit_result(http::request& req, std::string_view name) {
  auto* p = req.get<std::shared_ptr<const result>>("ratelimit." + std::string(name));
  return p ? p->get() : nullptr;
}

http::plugin_fn rate_limit(rate_limit_options options) {
  if (options.limits.empty()) throw std::invalid_argument("ratelimit: no limits");
  for (const auto& l : options.limits) validate(l);
  if (!options.key) throw std::invalid_argument("ratelimit: no key function");
  if (options.stage != http::hook_kind::on_request && options.stage != http::hook_kind::pre_parsing &&
      options.stage != http::hook_kind::pre_validation && options.stage != http::hook_kind::pre_handler)
    throw std::invalid_argument("ratelimit: the stage must run before the handler");
  if (!options.store) options.store = std::make_shared<memory_store>();
  if (!options.clock)
    options.clock = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  auto l = std::make_shared<limiter>();
  l->o = std::move(options);
  l->local_key = "ratelimit." + l->o.name;
  for (const auto& lim : l->o.limits) l->prefixes.push_back(l->o.name + ":" + describe(lim) + ":");
  l->policy = detail::policy_header(l->o.limits);
  l->memory = dynamic_cast<memory_store*>(l->o.store.get());
  std::shared_ptr<const limiter> cl = l;

  return [cl](http::scope& s) {
    if (cl->memory) {
      s.hook(cl->o.stage, [cl](request& req, response& res) {
        if (cl->skipped(req)) return;
        auto checks = cl->checks_for(req);
        const auto now = cl->now();
        auto decisions = cl->memory->consume_now(checks, now);
        cl->apply(req, res, std::move(checks), std::move(decisions), now);
      });
      if (cl->o.count != count_mode::all)
        s.on_response([cl](request& req, response& res) {
          if (const result* r = cl->to_refund(req, res)) cl->memory->refund_now(r->checks, cl->now());
        });
    } else {
      s.hook(cl->o.stage, [cl](request& req, response& res) -> task<void> { return decide_async(cl, req, res); });
      if (cl->o.count != count_mode::all)
        s.on_response([cl](request& req, response& res) -> task<void> { return refund_async(cl, req, res); });
    }
    s.on_send([cl](request& req, response& res) { cl->set_headers(req, res); });
  };
}

}  // namespace strata::ratelimit
