// ObjectId-like ids: time, a per-process random part, and a counter starting at a random value.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <strata/document/object_id.hpp>

namespace strata::document {

namespace {
struct process_part {
  std::array<std::uint8_t, 5> random{};
  std::atomic<std::uint32_t> counter{0};
  process_part() {
    std::random_device rd;
    for (auto& b : random) b = static_cast<std::uint8_t>(rd());
    counter = rd();
  }
};

process_part& process() {
  static process_part p;
  return p;
}
}  // namespace

std::string new_object_id() {
  static constexpr char hex[] = "0123456789abcdef";
  const auto seconds = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const std::uint32_t count = process().counter.fetch_add(1, std::memory_order_relaxed);
  std::array<std::uint8_t, 12> bytes{};
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(seconds >> (24 - 8 * i));
  for (int i = 0; i < 5; ++i) bytes[4 + i] = process().random[i];
  for (int i = 0; i < 3; ++i) bytes[9 + i] = static_cast<std::uint8_t>(count >> (16 - 8 * i));
  std::string out(24, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace strata::document
