#pragma once
// Why this file exists: the --truth file lets a test compare a crawl's database with what the
// simulated network really holds. At 20,000 nodes x 1000 entries it is written as a stream, with
// each book as indices into one address list, never built as one JSON value in memory.
#include <optional>
#include <string>

#include "sim/churn.h"
#include "sim/world.h"
#include "wire/chain.h"

namespace sim {

// Writes the truth file (format in docs/btcsim.md), with the clock and each node's schedule when
// `churn` is set (--churn). Throws std::runtime_error naming the file when it cannot be written.
void WriteTruth(const World& world, const wire::ChainParams& chain, const std::string& path,
                const std::optional<ChurnClock>& churn = std::nullopt);

}  // namespace sim
