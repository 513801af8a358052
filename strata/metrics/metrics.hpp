// metrics: everything of strata::metrics in one include (Prometheus metrics, prom-client style).
#pragma once
#include <strata/metrics/counter.hpp>
#include <strata/metrics/default_metrics.hpp>
#include <strata/metrics/exposition.hpp>
#include <strata/metrics/gauge.hpp>
#include <strata/metrics/histogram.hpp>
#include <strata/metrics/http_metrics.hpp>
#include <strata/metrics/loop_lag.hpp>
#include <strata/metrics/metrics_route.hpp>
#include <strata/metrics/registry.hpp>
#include <strata/metrics/summary.hpp>
