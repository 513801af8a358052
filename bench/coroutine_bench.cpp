// coroutine_bench: the cost of one awaited coroutine call, Asio's awaitable against a minimal
// hand-written lazy task with symmetric transfer. The result chose strata::task (docs/design.md).
#include <benchmark/benchmark.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coroutine>
#include <exception>
#include <utility>

namespace asio = boost::asio;

namespace {

// A minimal lazy task: what "our own task<T>" would be at its leanest.
template <class T>
class lazy_task {
public:
  struct promise_type {
    T value{};
    std::coroutine_handle<> continuation;
    lazy_task get_return_object() { return lazy_task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().continuation;
        return c ? c : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  explicit lazy_task(std::coroutine_handle<promise_type> h) : h_(h) {}
  lazy_task(lazy_task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~lazy_task() {
    if (h_) h_.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h_.promise().continuation = c;
    return h_;
  }
  T await_resume() { return std::move(h_.promise().value); }
  T run() {
    h_.resume();
    return std::move(h_.promise().value);
  }

private:
  std::coroutine_handle<promise_type> h_;
};

lazy_task<int> lazy_leaf(int x) { co_return x + 1; }
lazy_task<int> lazy_loop(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await lazy_leaf(i);
  co_return sum;
}

asio::awaitable<int> asio_leaf(int x) { co_return x + 1; }
asio::awaitable<void> asio_loop(int n, int& out) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await asio_leaf(i);
  out = sum;
}

void bm_lazy_task_call(benchmark::State& state) {
  const int n = 1000;
  for (auto _ : state) {
    auto t = lazy_loop(n);
    benchmark::DoNotOptimize(t.run());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void bm_asio_awaitable_call(benchmark::State& state) {
  const int n = 1000;
  asio::io_context ctx(1);
  for (auto _ : state) {
    int out = 0;
    asio::co_spawn(ctx, asio_loop(n, out), asio::detached);
    ctx.run();
    ctx.restart();
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * n);
}

}  // namespace

BENCHMARK(bm_lazy_task_call);
BENCHMARK(bm_asio_awaitable_call);
BENCHMARK_MAIN();
