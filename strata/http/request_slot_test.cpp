// request_slot: typed per-request pointers by index; empty at each request's start; a value left
// in a slot is released when the request ends, one taken back is not; a bounded number of slots.
#include <strata/http/detail/request_access.hpp>
#include <strata/http/request_slot.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

using namespace strata::http;

namespace {

struct counted {
  int released = 0;
};

void release_counted(counted* c) { ++c->released; }

}  // namespace

TEST(request_slot, holds_a_typed_pointer_per_request_until_taken) {
  request_slot<counted> slot;
  request a, b;
  counted x, y;
  EXPECT_EQ(slot.get(a), nullptr);
  slot.set(a, &x);
  slot.set(b, &y);
  EXPECT_EQ(slot.get(a), &x);
  EXPECT_EQ(slot.get(b), &y);
  EXPECT_EQ(slot.take(a), &x);
  EXPECT_EQ(slot.get(a), nullptr);
  EXPECT_EQ(slot.get(b), &y);
}

TEST(request_slot, two_slots_keep_separate_values) {
  request_slot<counted> first, second;
  request r;
  counted x, y;
  first.set(r, &x);
  second.set(r, &y);
  EXPECT_EQ(first.get(r), &x);
  EXPECT_EQ(second.get(r), &y);
  first.set(r, nullptr);
  EXPECT_EQ(first.get(r), nullptr);
  EXPECT_EQ(second.get(r), &y);
}

TEST(request_slot, a_value_left_in_the_slot_is_released_when_the_next_request_starts) {
  request_slot<counted> slot(&release_counted);
  request r;
  counted x;
  slot.set(r, &x);
  request::access::reset(r);  // the connection starts the next request
  EXPECT_EQ(x.released, 1);
  EXPECT_EQ(slot.get(r), nullptr);
  request::access::reset(r);
  EXPECT_EQ(x.released, 1);  // released once
}

TEST(request_slot, a_value_left_in_the_slot_is_released_when_the_request_is_destroyed) {
  request_slot<counted> slot(&release_counted);
  counted x;
  {
    request r;
    slot.set(r, &x);
  }
  EXPECT_EQ(x.released, 1);
}

TEST(request_slot, a_value_taken_back_or_replaced_is_not_released) {
  request_slot<counted> slot(&release_counted);
  counted x, y;
  {
    request r;
    slot.set(r, &x);
    EXPECT_EQ(slot.take(r), &x);
    slot.set(r, &y);
    slot.set(r, nullptr);
  }
  EXPECT_EQ(x.released, 0);
  EXPECT_EQ(y.released, 0);
}

TEST(request_slot, making_more_than_the_limit_throws_and_a_freed_slot_is_made_again) {
  std::vector<std::unique_ptr<request_slot<counted>>> slots;
  std::optional<std::length_error> refused;
  // Other slots of the process (none in this binary) may already hold some indices.
  for (std::size_t i = 0; i <= request::max_slots && !refused; ++i) {
    try {
      slots.push_back(std::make_unique<request_slot<counted>>());
    } catch (const std::length_error& e) {
      refused = e;
    }
  }
  ASSERT_TRUE(refused) << "a slot past request::max_slots was made";
  EXPECT_NE(std::string(refused->what()).find("request slots"), std::string::npos) << refused->what();
  ASSERT_FALSE(slots.empty());
  slots.pop_back();
  EXPECT_NO_THROW(slots.push_back(std::make_unique<request_slot<counted>>()));

  // Each of the slots still works on its own.
  request r;
  std::vector<counted> values(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) slots[i]->set(r, &values[i]);
  for (std::size_t i = 0; i < slots.size(); ++i) EXPECT_EQ(slots[i]->get(r), &values[i]);
}
