// Why this file exists: the outcome words are part of the database contract (docs/spec.md §3), so the enum
// and its spelling live in one table that both directions read; and the writer's back-pressure
// needs one agreed measure of how big a batch is.
#include "store/records.h"

#include <array>
#include <utility>

namespace store {
namespace {

constexpr std::array<std::pair<Outcome, std::string_view>, 10> OUTCOME_NAMES{{
    {Outcome::ok, "ok"},
    {Outcome::no_addr, "no_addr"},
    {Outcome::refused, "refused"},
    {Outcome::unreachable, "unreachable"},
    {Outcome::connect_timeout, "connect_timeout"},
    {Outcome::handshake_timeout, "handshake_timeout"},
    {Outcome::peer_closed, "peer_closed"},
    {Outcome::protocol_error, "protocol_error"},
    {Outcome::proxy_error, "proxy_error"},
    {Outcome::cancelled, "cancelled"},
}};

constexpr auto ALL_OUTCOMES = [] {
    std::array<Outcome, OUTCOME_NAMES.size()> all{};
    for (size_t index = 0; index < all.size(); ++index)
        all[index] = OUTCOME_NAMES[index].first;
    return all;
}();

}  // namespace

std::span<const Outcome> AllOutcomes()
{
    return ALL_OUTCOMES;
}

std::string_view OutcomeName(Outcome outcome)
{
    for (const auto& [value, name] : OUTCOME_NAMES) {
        if (value == outcome) return name;
    }
    return "unknown";  // unreachable for a valid enum value; the schema CHECK rejects it anyway
}

std::optional<Outcome> OutcomeFromName(std::string_view name)
{
    for (const auto& [value, word] : OUTCOME_NAMES) {
        if (word == name) return value;
    }
    return std::nullopt;
}

size_t Batch::RowCount() const
{
    size_t rows = addresses.size() + crawl_addresses.size() + connections.size();
    for (const auto& connection : connections) {
        rows += connection.version ? 1 : 0;
        rows += connection.addr_messages.size();
        for (const auto& message : connection.addr_messages)
            rows += message.entries.size();
    }
    return rows;
}

}  // namespace store
